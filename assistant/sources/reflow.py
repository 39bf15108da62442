"""Re-flow hard-wrapped lines (PDF, OCR, plain text) into one paragraph per line, and the line tests it uses.

No word is ever changed: only line breaks inside sentences are joined.
"""

from __future__ import annotations

import re
import statistics

from assistant.text.normalize import nfc


def clean_line(line: str) -> str:
    """Collapse runs of whitespace (no-break spaces, tabs) and strip; words are untouched."""
    return " ".join(line.split())


def join_paragraphs(paragraphs: list[str]) -> tuple[str, list[int]]:
    offsets, pos = [], 0
    for p in paragraphs:
        offsets.append(pos)
        pos += len(p) + 2
    return "\n\n".join(paragraphs), offsets


_SENTENCE_END = re.compile(r"[.:;!?…][\"'”’»)\]]*$")
DECORATION = re.compile(r"^[-_*=~•.·…–—\s]+$")
_ROMAN = r"[IVXL]{1,6}\."
_ORDINALS = "Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười"
_HEADING_MARKER = re.compile(
    rf"^(?:{_ROMAN}|\d{{1,2}}(?:\.\d{{1,2}})*\.|\d{{1,2}}\)|[a-zđ]\)|[a-zđ]\.(?=\s)|"
    rf"Điều\s+\d+|Khoản\s+\d+|Mục\s+\d+|Chương\s+[IVXL\d]+|(?:{_ORDINALS})\s+là\b)(?=\s|,|$)"
)
_BULLET = re.compile(r"^[-+•●▪◦–](?=\s)")
_FORMULA = re.compile(r"^(?:Nơi\s+nhận|Kính\s+gửi|V/v\b|T/M\b|K/T\b|TM\.|KT\.|TM\s|KT\s|Căn\s+cứ\b)")


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


def marker_kind(line: str) -> str:
    """'heading' (I., 1., a), Điều 3, Một là), 'bullet' (- + •), 'formula' (Nơi nhận, T/M) or ''."""
    if _FORMULA.match(line):
        return "formula"
    if _BULLET.match(line):
        return "bullet"
    if _HEADING_MARKER.match(line):
        return "heading"
    return ""


def reflow(raw: str) -> str:
    """Re-join hard line breaks inside sentences into one paragraph per line; no word is changed."""
    return join_paragraphs(reflow_lines(nfc(raw).splitlines())[0])[0]


_PLACE_DATE_LINE = re.compile(r"^[^,]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\.?$")
_NUMBER_LINE = re.compile(r"^(?:Số|SỐ)\s*:?\s*\d")


def _is_header(line: str) -> bool:
    """A line that stands alone: a capitalised title or body name, the number, the place-date line."""
    return bool(
        is_all_caps(line)
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
    width = statistics.median(lengths) if lengths else 0
    # "noticeably shorter than a typical line"; with a handful of lines there is no typical line
    short = 0.8 * width if len(lengths) >= 5 else float("inf")

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
        marker = marker_kind(line)
        ends_sentence = bool(_SENTENCE_END.search(prev))
        if forced or not paragraphs:
            new = True
        elif _is_header(prev) or _is_header(line):
            new = True
        elif ends_sentence and indent and not starts_lower(line):
            new = True  # an indented first line after a full stop
        elif marker:
            # "chính trị" / "- xã hội ...": a dash or number that continues a sentence, not a new item
            continues = (
                marker in {"bullet", "heading"}
                and starts_lower(line[1:] if marker == "bullet" else _strip_marker(line))
                and not ends_sentence
                and not prev.endswith(",")
            )
            new = not continues
        elif ends_sentence and len(prev) < short:
            new = True
        elif ends_sentence and blanks >= 2:
            new = True
        elif para_marker == "heading" and not ends_sentence and len(prev) < short and not starts_lower(line):
            new = True  # a short heading line without a full stop, then a capitalised body paragraph
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


def _strip_marker(line: str) -> str:
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
        if not _SENTENCE_END.search(a) and not a.endswith(",") and starts_lower(b) and not _BULLET.match(b)
    )
    return broken >= max(2, 0.15 * len(content))
