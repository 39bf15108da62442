"""Re-flow hard-wrapped lines (PDF, OCR, plain text) into one paragraph per line, and the line tests it uses.

No word is ever changed: only line breaks inside sentences are joined.
"""

from __future__ import annotations

import re
import statistics

from assistant.text.lexicon import MOTTOS, TITLE_KINDS
from assistant.text.normalize import nfc
from assistant.text.sentences import table_row


def clean_line(line: str) -> str:
    """Collapse runs of whitespace (no-break spaces, tabs) and strip; words are untouched."""
    return " ".join(line.split())


def join_paragraphs(paragraphs: list[str]) -> tuple[str, list[int]]:
    offsets, pos = [], 0
    for p in paragraphs:
        offsets.append(pos)
        pos += len(p) + 2
    return "\n\n".join(paragraphs), offsets


_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")
_SENTENCE_END = re.compile(r"[.:;!?…][\"'”’»)\]]*$")
DECORATION = re.compile(r"^[-_*=~•.·…–—\s]+$")
_ROMAN = r"[IVXL]{1,6}(?:\.|\s?[-–](?=\s))"  # "II." and the Party texts' "II-"
_ORDINALS = "Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười"
_HEADING_MARKER = re.compile(
    rf"^(?:{_ROMAN}|\d{{1,2}}(?:\.\d{{1,2}})*\.|\d{{1,2}}\)|[a-zđ]\)|[a-zđ]\.(?=\s)|"
    rf"Điều\s+\d+\.?|Khoản\s+\d+\.?|Mục\s+\d+\.?|Chương\s+[IVXL\d]+\.?|(?:{_ORDINALS})\s+là\b)(?=\s|,|$)"
)
_BULLET = re.compile(r"^[-+•●▪◦–](?=\s)")
_FORMULA = re.compile(
    r"^(?:Nơi\s+nhận|Kính\s+gửi|V/v\b|T/M\b|K/T\b|TM\.|KT\.|TM\s|KT\s|Căn\s+cứ\b|Xét\s|Theo\s+đề\s+nghị\b"
    # the closing formulas: "Trên đây là báo cáo …", "Trong quá trình thực hiện, nếu có khó khăn …"
    r"|Trên\s+đây\s+là\b|Trong\s+quá\s+trình\s+(?:tổ\s+chức\s+)?(?:triển\s+khai\s+)?thực\s+hiện,\s+nếu\b)"
)


def is_all_caps(line: str) -> bool:
    words = [w for w in line.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 and all(not ch.isalpha() or ch.isupper() for ch in line)


def starts_lower(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.islower()
        if not ch.isspace() and ch not in "-+•–(\"“'‘":
            return False
    return False


def _starts_capital(line: str) -> bool:
    """The line's first letter or digit is a capital letter."""
    first = next((ch for ch in line if ch.isalnum()), "")
    return first.isalpha() and first.isupper()


def marker_kind(line: str) -> str:
    """'heading' (I., 1., a), Điều 3, Một là), 'bullet' (- + •), 'formula' (Nơi nhận, T/M) or ''."""
    if _FORMULA.match(line):
        return "formula"
    if _BULLET.match(line):
        return "bullet"
    if _HEADING_MARKER.match(line):
        return "heading"
    return ""


_GAP = re.compile(r"\S(\s{3,}|\t+)\S")
_NUMBER_THEN_PLACE = re.compile(r"^((?:Số|SỐ)\s*:?\s*\S+)\s+([^\d,]{2,40},\s*ngày\s+\d)")
_HEADER_ZONE = 15


def _columns(raw: str) -> tuple[str, str] | None:
    """(left, right) of a two-column header line: the issuing body beside the national motto, the number
    beside the place-date line, however the extractor spaced them; None for an ordinary line."""
    m = _GAP.search(raw)
    if m:
        left, right = clean_line(raw[: m.start(1)]), clean_line(raw[m.end(1) :])
        if any(_stands_alone(x) for x in (left, right)):
            return left, right
    line = clean_line(raw)
    for motto in MOTTOS:
        at = line.find(motto)
        if at > 0:
            return clean_line(line[:at]), clean_line(line[at:])
        if at == 0 and len(line) > len(motto):
            return clean_line(line[len(motto) :]), motto
    m = _NUMBER_THEN_PLACE.match(line)
    if m:
        return m.group(1), clean_line(line[m.start(2) :])
    return None


def _stands_alone(piece: str) -> bool:
    return bool(piece) and (piece in MOTTOS or is_all_caps(piece) or _is_header(piece))


def split_columns(raw_lines: list[str], head: bool = True) -> list[str]:
    """Two-column blocks flattened onto shared lines by the PDF/text extractor, each column's lines in turn, as
    they read; no word is changed. The blocks: the header at the start (`head`; body name | motto, number |
    place and date), the header of a document attached after the signature (its line beside the motto),
    and the footer (Nơi nhận | signature). Text without such blocks is returned as it came."""
    out: list[str] = []
    i = _header_block(raw_lines, 0, out) if head else 0
    while i < len(raw_lines):
        raw = raw_lines[i]
        if _NOI_NHAN_LINE.match(clean_line(raw)):
            i = _footer_block(raw_lines, i, out)
        elif _beside_motto(raw):
            i = _header_block(raw_lines, i, out)
        else:
            out.append(raw)
            i += 1
    return out


def _beside_motto(raw: str) -> bool:
    cols = _columns(raw)
    return cols is not None and any(x in MOTTOS for x in cols)


def _header_block(raw_lines: list[str], start: int, out: list[str]) -> int:
    """Append the header that begins at `start`, its columns in turn; return where the text goes on."""
    left: list[str] = []
    right: list[str] = []
    seen, split, dated = 0, False, False
    for i in range(start, len(raw_lines)):
        raw = raw_lines[i]
        line = clean_line(raw)
        if not line:
            continue
        seen += 1
        cols = _columns(raw) if seen <= _HEADER_ZONE else None
        if cols is not None:
            split = True
            left += [x for x in cols[:1] if x and not DECORATION.match(x)]
            right += [x for x in cols[1:] if x and not DECORATION.match(x)]
            dated = dated or any(_NUMBER_LINE.match(x) or _PLACE_DATE_LINE.match(x) for x in cols)
        elif DECORATION.match(line):
            continue  # '-----   -----' under both columns
        elif split and not dated and _stands_alone(line) and not line.startswith(TITLE_KINDS):
            # the number and date are the columns' last row; an attached document's header may have none
            (right if line in MOTTOS or _PLACE_DATE_LINE.match(line) else left).append(line)
        elif split or seen > _HEADER_ZONE:
            out += left + right if split else raw_lines[start:i]
            return i
        else:
            left.append(raw)
    out += left + right if split else raw_lines[start:]
    return len(raw_lines)


def _footer_block(raw_lines: list[str], start: int, out: list[str]) -> int:
    """Append the footer that begins at the "Nơi nhận" line `start`: the recipients' list on the left, the
    signature block (T/M, post, name) beside it on the right, on shared lines or indented on its own; a
    footer in one column is appended as it came. Return where the text goes on."""
    left: list[str] = []
    right: list[str] = []
    split = False
    i = start
    while i < len(raw_lines):
        raw = raw_lines[i]
        line = clean_line(raw)
        m = _GAP.search(raw)
        if (
            i > start
            and line
            and (
                _beside_motto(raw)
                or not (m or _BULLET.match(line) or _indent(raw) >= _RIGHT_INDENT or starts_lower(line))
            )
        ):
            break  # the text after the footer (an attached document, a note); not a recipient's wrapped line
        if m:
            split = True
            left.append(clean_line(raw[: m.start(1)]))
            right.append(clean_line(raw[m.end(1) :]))
        elif line and i > start and _indent(raw) >= _RIGHT_INDENT:
            right.append(line)
        elif line:
            left.append(line)
        i += 1
    out += [x for x in left + right if x] if split else raw_lines[start:i]
    return i


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip())


_NOI_NHAN_LINE = re.compile(r"^Nơi\s+nhận\b")
_CLOSING_LINE = re.compile(r"^[^.;:]{0,80}\bkính (?:trình|báo cáo|đề nghị)\b")
# words no heading ends with: a line ending so goes on ("… pháp luật của" / "Nhà nước về …")
# ("… do Phó Giám đốc Sở làm" / "Tổ trưởng; …": a verb waiting for its object)
_GOES_ON = set(
    "của và các với cho về tại theo trên trong đến từ để là những được bởi do hoặc như làm gồm giao thuộc".split()
)
_RIGHT_INDENT = 16  # a line this far in, inside a footer, stands in the signature's column


def reflow(raw: str) -> str:
    """Re-join hard line breaks inside sentences into one paragraph per line; no word is changed."""
    return join_paragraphs(reflow_lines(nfc(raw).splitlines())[0])[0]


_PLACE_DATE_LINE = re.compile(r"^[^,]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\.?$")
_NUMBER_LINE = re.compile(r"^(?:Số|SỐ)\s*:?\s*\d")


def _is_header(line: str) -> bool:
    """A line that stands alone: a capitalised title or body name, the number, the place-date line, a table
    row."""
    return bool(
        is_all_caps(line)
        or table_row(line) is not None  # "1 | Khảo sát … | Phòng Kinh tế | Quý IV/2025"
        or _NUMBER_LINE.match(line)
        or _PLACE_DATE_LINE.match(line)
        or line.startswith("Độc lập")
    )


def reflow_lines(raw_lines: list[str]) -> tuple[list[str], list[tuple[int, int] | None]]:
    """Paragraphs, and for each input line the (paragraph, column) where its text landed (None: dropped)."""
    lines = [clean_line(x) for x in raw_lines]
    indented = [bool(c) and r[:1].isspace() for r, c in zip(raw_lines, lines, strict=True)]
    if sum(indented) > 0.3 * max(1, sum(1 for x in lines if x)):
        indented = [False] * len(lines)  # indentation everywhere says nothing
    lengths = [len(x) for x in lines if x and not DECORATION.match(x)]
    # the wrap width: a wrapped paragraph's lines run to it, so the upper quartile, not the median, which the
    # short lines of a header, headings and list items pull down
    width = statistics.quantiles(lengths, n=4)[2] if len(lengths) >= 2 else sum(lengths)
    # "noticeably shorter than a typical line"; with a handful of lines there is no typical line
    short = 0.8 * width if len(lengths) >= 5 else float("inf")

    # a blank line after a full stop ends a paragraph, unless the extractor put one after every line
    content = sum(1 for x in lines if x)
    spaced = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a and not b) > 0.5 * content
    paragraph_gap = 2 if spaced else 1
    pairs = {(a.lower(), b.lower()) for x in lines for a, b in zip(x.split(), x.split()[1:], strict=False)}

    paragraphs: list[str] = []
    where: list[tuple[int, int] | None] = []
    prev = ""  # last line placed
    para_marker = ""  # marker kind of the current paragraph's first line
    blanks = 0
    forced = True
    for line, indent in zip(lines, indented, strict=True):
        if not line:
            blanks += 1
            where.append(None)
            continue
        if DECORATION.match(line):  # '-----', '*': a boundary, not text
            forced = True
            blanks = 0
            where.append(None)
            continue
        if _PAGE_NUMBER.match(line) and paragraphs:  # "2", "- 3 -": a page's number left by the extractor
            where.append(None)
            continue
        marker = marker_kind(line)
        ends_sentence = bool(_SENTENCE_END.search(prev))
        if forced or not paragraphs:
            new = True
        elif _is_header(prev) or _is_header(line):
            new = True
        elif ends_sentence and indent and not starts_lower(line):
            new = True  # an indented first line after a full stop
        elif ends_sentence and _CLOSING_LINE.match(line):
            new = True  # "Sở … kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./." after the last point
        elif marker:
            # "chính trị" / "- xã hội ...": a dash or number that continues a sentence, not a new item
            continues = (
                marker in {"bullet", "heading"}
                and starts_lower(line[1:] if marker == "bullet" else strip_marker(line))
                and not ends_sentence
                and not prev.endswith(",")
            )
            new = not continues
        elif ends_sentence and len(prev) < short and not prev.endswith(";"):
            new = True  # "…; " then a capitalised line goes on listing ("Chánh Văn phòng …; Trưởng phòng …")
        elif ends_sentence and blanks >= paragraph_gap:
            new = True
        elif (
            para_marker == "heading" and not ends_sentence and len(prev) < short and not starts_lower(line)
            and not prev.endswith(",") and not (line[:1].isdigit() and _seam(prev, line) in pairs)
            and _seam(prev, line)[0] not in _GOES_ON
        ):  # fmt: skip
            # a short heading line without a full stop, then a capitalised body paragraph; not a number the text
            # writes whole elsewhere ("… Chỉ thị số" / "38-CT/TW …")
            new = True
        elif (
            para_marker == "heading" and not ends_sentence and paragraphs[-1] == prev and not prev.endswith(",")
            and _starts_capital(line) and not line.startswith("(") and len(line) >= short
            and _seam(prev, line) not in pairs and _seam(prev, line)[0] not in _GOES_ON
            and prev.count("(") <= prev.count(")")
        ):  # fmt: skip
            # a heading line as wide as the text, then a capitalised paragraph that wraps itself; a name cut at
            # the line end ("… Trung tâm" / "Kỹ thuật …") is one the text writes whole elsewhere; a figure
            # ("(đạt" / "85,7%); …") or an open bracket goes on with the sentence
            new = True
        else:
            new = False

        if new:
            paragraphs.append(line)
            where.append((len(paragraphs) - 1, 0))
            para_marker = marker
        else:
            glue = "" if re.search(r"\w-$", prev) and line[0].isalnum() else " "
            col = len(paragraphs[-1]) + len(glue)
            paragraphs[-1] += glue + line
            where.append((len(paragraphs) - 1, col))
        prev = line
        blanks = 0
        forced = False
    return paragraphs, where


def _seam(prev: str, line: str) -> tuple[str, str]:
    """The two words a line break separates."""
    return prev.split()[-1].lower(), line.split()[0].lower()


def strip_marker(line: str) -> str:
    """The line without its heading marker ("2. ", "II. ", "a) ")."""
    m = _HEADING_MARKER.match(line)
    return line[m.end() :] if m else line


def looks_hard_wrapped(lines: list[str]) -> bool:
    """True when many lines stop mid-sentence and the next line goes on in lower case (PDF/OCR text)."""
    content = [x for x in lines if x]
    if len(content) < 3:
        return False
    broken = sum(
        1
        for a, b in zip(content, content[1:], strict=False)
        if not _SENTENCE_END.search(a)
        and (starts_lower(b) or (b[:1].isdigit() and not marker_kind(b)))  # "… trước ngày" / "10 tháng 12 …"
        and not _BULLET.match(b)
    )
    return broken >= max(2, 0.15 * len(content))
