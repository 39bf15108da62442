"""SourceDoc -> list[Clause], following how Vietnamese administrative documents are built.

Header (issuing body, number, place and date, V/v, Kính gửi, title), Roman sections (I.), numbered points
(1.), lettered points (a)), dash items (- / +), "Một là … Mười là" paragraphs, Điều/Khoản/Điểm, and the
footer (Nơi nhận, signature). Input text is one paragraph per line (see sources.reflow); every clause is a
verbatim slice of it with its offsets, so the app can highlight it in place.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .schema import Clause, DocMeta, SourceDoc
from .text.lexicon import MOTTOS, TITLE_KINDS
from .text.sentences import table_row

ORDINALS = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười"]
ORDINAL_SLUGS = [
    "mot-la",
    "hai-la",
    "ba-la",
    "bon-la",
    "nam-la",
    "sau-la",
    "bay-la",
    "tam-la",
    "chin-la",
    "muoi-la",
]
ORDINAL_WORDS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]

_ROMAN = re.compile(r"^([IVX]{1,5})(?:\.|\s?[-–])\s+(\S.*)$")  # "II. MỤC TIÊU", "II- MỤC TIÊU"
_NUMBER = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s+(\S.*)$")
_ARTICLE = re.compile(r"^Điều\s+(\d+)\.?\s*(.*)$")
_DASH = re.compile(r"^[-–]\s*(\S.*)$")
_ATTACHED_LIST = re.compile(r"^(?:Hồ sơ|Tài liệu|Văn bản) (?:gửi )?kèm theo\s*:?\s*$")
_YEARS_LINE = re.compile(r"[\d\s\-–/]+")
_NUMBER_CELL = re.compile(r"^(?:\d+|[IVX]+)\.?$")  # a table row's number ("1", "II"), not a header's "TT"
_PLUS = re.compile(r"^[+•]\s*(\S.*)$")
_ORDINAL = re.compile(r"^(" + "|".join(ORDINALS) + r") là[,:]?\s+(\S.*)$")
_ORDINAL_INSIDE = re.compile(r"(?<=[.:;]\s)(?=(?:" + "|".join(ORDINALS) + r") là,)")
_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_NUMBER_LINE = re.compile(r"^Số\s*[:\s]\s*\S")
_SUBJECT = re.compile(r"^V/v\b")
_RECIPIENTS = re.compile(r"^Kính gửi\b")
_NOI_NHAN = re.compile(r"^Nơi nhận\b")
_SIGN_START = re.compile(r"^(T/M|K/T|TM\.|KT\.|TL\.|Q\.|T/L)\s*\S")
# "(Ban hành kèm theo Quyết định số …)", "(Kèm theo Kế hoạch …)": the line that marks an attached document
_ATTACHED = re.compile(r"\(\s*(?:Ban hành\s+)?kèm theo\b", re.IGNORECASE)
# the closing paragraph: "Kế hoạch này …", "Trong quá trình (tổ chức) thực hiện, nếu có khó khăn, vướng mắc …",
# a report's "kính báo cáo"
_CLOSING = re.compile(
    r"^(?:(?:Chỉ thị|Kế hoạch|Quyết định|Chương trình|Công văn|Văn bản|Nghị quyết) này\b"
    r"|Trong quá trình (?:tổ chức )?(?:triển khai )?thực hiện\b.{0,80}\b(?:khó khăn|vướng mắc)"
    # a report's: "Trên đây là báo cáo …", "Sở … kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./."
    r"|Trên đây là (?:báo cáo|kết quả)\b|[^.;:]{0,80}\bkính (?:báo cáo|trình)\b)"
)

HEADER_LABELS = {
    "co-quan": "cơ quan ban hành",
    "so-hieu": "số hiệu",
    "ngay": "địa danh, ngày ban hành",
    "trich-yeu": "trích yếu",
    "kinh-gui": "phần Kính gửi",
    "tieu-de": "tiêu đề",
    "noi-nhan": "phần Nơi nhận",
    "chu-ky": "phần ký",
    "tac-gia": "tác giả bản tin",
    "kem-theo": "tiêu đề",
    "ket": "đoạn kết",
    "ky-hop": "cơ quan thông qua, khóa, kỳ họp",
    "ho-so": "hồ sơ kèm theo",
}


@dataclass
class _Para:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[_Para]:
    """Non-empty lines with offsets; a paragraph holding "… . Một là, …" is split before "Một là"."""
    out: list[_Para] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            cuts = [start] + [start + m.start() for m in _ORDINAL_INSIDE.finditer(stripped)]
            cuts.append(start + len(stripped))
            for a, b in zip(cuts, cuts[1:]):
                piece = text[a:b].rstrip()
                out.append(_Para(a, a + len(piece), piece))
        pos += len(line) + 1
    return out


# a title line a PDF wrapped mid-phrase ("… ngày 31/12/2024 của" / "Thủ tướng Chính phủ …"): the next line goes on
# with it, capitalised name or number as it may start
_HANGING = re.compile(
    r"(?:\b(?:của|về|và|số|ngày|tại|trên|theo|cho|với|thực hiện|huyện|tỉnh|xã|phường|thành phố|năm|giai đoạn|đến)"
    r"|[,–-])\s*$",
    re.IGNORECASE,
)


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_title_word(s: str) -> bool:
    return _is_upper(s) and s.strip().startswith(TITLE_KINDS)


def subject_line(s: str) -> bool:
    """The subject under a document kind written capitalised ("Triển khai thực hiện Quyết định …"): no full
    stop or colon, not a citation of grounds ("Căn cứ …") nor a point."""
    return (
        len(s) < 300
        and any(ch.isalpha() for ch in s)  # not a '-----' rule
        and not _ends_sentence(s)
        and not s.rstrip().endswith((";", ",", ":"))
        and not re.match(r"^(Căn cứ|Kính gửi)\b", s)
        and _marker(s) is None
    )


def _ends_sentence(s: str) -> bool:
    return s.rstrip().endswith((".", ";", "!", "?", "…", '."', ".”"))


def path_to_id(path: tuple[str, ...]) -> str:
    """("II", "4", "-1") -> "II.4/-1": numbering joined with dots, items and paragraphs with slashes."""
    out = ""
    for part in path:
        if re.fullmatch(r"o\d+", part):
            out += ("/" if out else "") + ORDINAL_SLUGS[int(part[1:]) - 1]
            continue
        structural = bool(re.fullmatch(r"[IVX]+|\d+|[a-zđ]|Đ\d+", part))
        if (
            out
            and structural
            and not out.endswith(("/",))
            and re.search(r"(^|[./])([IVX]+|\d+|[a-zđ]|Đ\d+)$", out)
        ):
            out += "." + part
        else:
            out += ("/" if out else "") + part
    return out


def location(path: tuple[str, ...]) -> str:
    """The readable place of a clause in its document: "mục II.4, ý 1", "Điều 3, khoản 2, điểm a"."""
    if path and path[0] in HEADER_LABELS:
        return HEADER_LABELS[path[0]]
    numbering: list[str] = []
    rest: list[str] = []
    has_article = False
    for part in path:
        if part.startswith("Đ"):
            has_article = True
            rest.append(f"Điều {part[1:]}")
        elif re.fullmatch(r"[IVX]+|\d+", part):
            if has_article:
                rest.append(f"khoản {part}")
            else:
                numbering.append(part)
        elif re.fullmatch(r"[a-zđ]", part):
            if numbering:
                rest.insert(0, "mục " + ".".join(numbering))
                numbering = []
            rest.append(f"điểm {part}")
        elif part.startswith("o"):  # "Một là" ordinal paragraphs: ("o3",) -> „Ba là“
            n = int(part[1:])
            rest.append(f"„{ORDINALS[n - 1]} là“ (nhiệm vụ, giải pháp thứ {ORDINAL_WORDS[n - 1]})")
        elif part.startswith("-"):
            rest.append(f"ý {part[1:]}")
        elif part.startswith("+"):
            rest.append(f"ý nhỏ {part[1:]}")
        elif part.startswith("p"):
            rest.append(f"đoạn {part[1:]}")
    if numbering:
        rest.insert(0, "mục " + ".".join(numbering))
    if len(path) == 1 and re.fullmatch(r"[pc]\d+", path[0]):
        return ("phần mở đầu" if path[0][0] == "p" else "phần kết") + f", đoạn {path[0][1:]}"
    return ", ".join(rest)


def make_label(meta: DocMeta, path: tuple[str, ...], page: int | None = None, part: str = "") -> str:
    """ "Quyết định 1245/QĐ-UBND, Kế hoạch kèm theo, mục III.1 (trang 3)": `part` names an attached document."""
    place = location(path)
    if part:  # an appendix's paragraphs are no preamble
        place = f"{part}, {place.removeprefix('phần mở đầu, ')}"
    label = f"{meta.short}, {place}"
    if page:
        label += f" (trang {page})"
    if meta.press_note:
        label += f" — {meta.press_note}"
    return label


class _Builder:
    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.clauses: list[Clause] = []
        self.seen: set[str] = set()
        # the attached document being parsed ("Kế hoạch kèm theo", "Phụ lục"); "" for the main one
        self.part = ""

    def add(self, path: tuple[str, ...], start: int, end: int, kind: str, heading: str) -> None:
        page = None
        if self.doc.page_starts:
            page = bisect.bisect_right(list(self.doc.page_starts), start)
        cid = f"{self.doc.id}/{path_to_id(path)}"
        n = 2
        while cid in self.seen:
            cid = f"{self.doc.id}/{path_to_id(path)}~{n}"
            n += 1
        self.seen.add(cid)
        self.clauses.append(
            Clause(
                id=cid,
                doc_id=self.doc.id,
                path=path,
                label=make_label(self.doc.meta, path, page, self.part),
                text=self.doc.text[start:end],
                start=start,
                end=end,
                kind=kind,
                heading=heading,
                page=page,
            )
        )


def parse_clauses(doc: SourceDoc) -> list[Clause]:
    """The main document, then each document attached to it (a plan issued with a decision, an appendix),
    each with its header, body and footer; an attached one's clauses say so in their label."""
    paras = paragraphs(doc.text)
    b = _Builder(doc)
    i = _parse_header(paras, b, official=doc.meta.official)
    cuts = _attachments(paras, i)
    for a, z in zip([0, *cuts], [*cuts, len(paras)], strict=True):
        part = paras[a:z]
        if a:
            i = _parse_attached_header(part, b)
        j = _find_footer(part, i)
        _parse_body(part[i:j], b)
        _parse_footer(part[j:], b, official=doc.meta.official)
    return sorted(b.clauses, key=lambda c: c.start)


def _attachments(paras: list[_Para], body: int) -> list[int]:
    """Where each attached document begins: its capitalised kind ("KẾ HOẠCH", "PHỤ LỤC") followed within a
    few lines by "(Ban hành kèm theo …)", with the body name and motto above it when it repeats them."""
    cuts: list[int] = []
    for k in range(body, len(paras)):
        if not (_is_title_word(paras[k].text) and any(_ATTACHED.search(p.text) for p in paras[k : k + 4])):
            continue
        start = k
        while start - 1 > max(body, cuts[-1] if cuts else 0) and _repeated_head(paras[start - 1].text):
            start -= 1
        if not any(p.text in MOTTOS or p.text.startswith("Độc lập") for p in paras[start:k]):
            start = k  # no motto above: the capitalised lines above belong to what comes before
        cuts.append(start)
    return cuts


def _unclosed(paras: list[_Para]) -> bool:
    """Whether a "(" is still open at the end of the paragraphs."""
    text = " ".join(p.text for p in paras)
    return text.count("(") > text.count(")")


def _repeated_head(t: str) -> bool:
    return t in MOTTOS or t.startswith("Độc lập") or (_is_upper(t) and not _SIGN_START.match(t))


def _parse_attached_header(paras: list[_Para], b: _Builder) -> int:
    """The attached document's kind, subject and "(kèm theo …)" line as one clause; the body name and motto
    it repeats are skipped. Its clauses are labelled with the part from here on."""
    k = next(i for i, p in enumerate(paras) if _is_title_word(p.text))
    kind = paras[k].text.split("\n")[0]
    name = " ".join(kind.split()[:2]).capitalize()
    b.part = name if name == "Phụ lục" else f"{name} kèm theo"
    end = k + 1
    while end < len(paras) and end <= k + 3 and not _marker(paras[end].text):
        end += 1
        if _ATTACHED.search(paras[end - 1].text):
            break
    # "(Ban hành kèm theo Quyết định … ngày …" left on its own line, "của Ủy ban nhân dân …)" on the next
    while end < len(paras) and _unclosed(paras[k:end]) and not _marker(paras[end].text):
        end += 1
    b.add(("kem-theo",), paras[k].start, paras[end - 1].end, "header", "")
    return end


def _parse_header(paras: list[_Para], b: _Builder, official: bool) -> int:
    i = 0
    body_names: list[_Para] = []
    enacting: list[
        _Para
    ] = []  # "HỘI ĐỒNG NHÂN DÂN TỈNH … / KHÓA XVII, KỲ HỌP THỨ …" under a resolution's title
    titled = False
    while i < len(paras):
        p = paras[i]
        t = p.text
        if t in MOTTOS or t.startswith("Độc lập") or t in {"*", "-----", "---"}:
            i += 1
        elif _PLACE_DATE.match(t):
            b.add(("ngay",), p.start, p.end, "header", "")
            i += 1
        elif _NUMBER_LINE.match(t):
            b.add(("so-hieu",), p.start, p.end, "header", "")
            i += 1
        elif _SUBJECT.match(t):
            b.add(("trich-yeu",), p.start, p.end, "header", "")
            i += 1
        elif _RECIPIENTS.match(t):
            k = i + 1
            while k < len(paras) and _DASH.match(paras[k].text):
                k += 1
            b.add(("kinh-gui",), p.start, paras[k - 1].end, "header", "")
            i = k
        elif _is_title_word(t):
            k = i + 1
            while k < len(paras) and (
                (_is_upper(paras[k].text) and not _ROMAN.match(paras[k].text))
                or (paras[k].text[:1].islower() and len(paras[k].text) < 250)
                or (k == i + 1 and subject_line(paras[k].text))
                or (_HANGING.search(paras[k - 1].text) and subject_line(paras[k].text))
            ):
                k += 1
            if k < len(paras) and _YEARS_LINE.fullmatch(paras[k].text) and _is_upper(paras[k - 1].text):
                k += 1  # "… GIAI ĐOẠN" / "2025 - 2030": the title's last line holds only years
            b.add(("tieu-de",), p.start, paras[k - 1].end, "header", "")
            titled = True
            i = k
        elif _is_upper(t) and not _ROMAN.match(t) and not _NUMBER.match(t):
            (enacting if titled else body_names).append(p)
            i += 1
        elif i == 0 and not official and len(t) < 160 and not _ends_sentence(t):
            b.add(("tieu-de",), p.start, p.end, "header", "")  # a news article's headline
            i += 1
        else:
            break
    if body_names:
        b.add(("co-quan",), body_names[0].start, body_names[-1].end, "header", "")
    if enacting:
        b.add(("ky-hop",), enacting[0].start, enacting[-1].end, "header", "")
    return i


def _find_footer(paras: list[_Para], start: int) -> int:
    for k in range(start, len(paras)):
        if _NOI_NHAN.match(paras[k].text) or _SIGN_START.match(paras[k].text):
            return k
    # a news article's byline: a short last line of capitalised words with no punctuation
    if len(paras) > start:
        last = paras[-1].text
        words = last.split()
        if 1 < len(words) <= 4 and all(w[:1].isupper() for w in words) and not _ends_sentence(last):
            return len(paras) - 1
    return len(paras)


def _parse_footer(paras: list[_Para], b: _Builder, official: bool) -> None:
    i = 0
    while i < len(paras):
        p = paras[i]
        if _NOI_NHAN.match(p.text):
            k = i + 1
            while (
                k < len(paras)
                and not _SIGN_START.match(paras[k].text)
                and (
                    _DASH.match(paras[k].text) or paras[k].text[:1].islower() or not _is_upper(paras[k].text)
                )
            ):
                if k + 1 == len(paras) and not _DASH.match(paras[k].text):
                    break  # the signer's name closes the document
                k += 1
            b.add(("noi-nhan",), p.start, paras[k - 1].end, "header", "")
            i = k
        elif _SIGN_START.match(p.text) or _is_upper(p.text):
            b.add(("chu-ky",), p.start, paras[-1].end, "header", "")
            return
        else:
            kind = ("tac-gia",) if i == len(paras) - 1 and not official else ("chu-ky",)
            b.add(kind, p.start, paras[-1].end, "header", "")
            return


@dataclass
class _Node:
    """An open section while walking the body: its path, heading text and child counters."""

    path: tuple[str, ...]
    level: int
    title: str
    dashes: int = 0
    paras: int = 0
    pluses: int = 0
    lead: str = ""  # the open dash item when it leads in to "+" items ("- Đến năm 2027:")


def _marker(text: str) -> tuple[int, str, str, int] | None:
    """(level, path part, text after the marker, marker length) for a structural line."""
    for level, rx, fmt in (
        (0, _ARTICLE, "Đ{}"),
        (1, _ROMAN, "{}"),
        (2, _NUMBER, "{}"),
        (3, _LETTER, "{}"),
    ):
        m = rx.match(text)
        if m:
            return level, fmt.format(m.group(1)), m.group(2), m.start(2)
    m = _ORDINAL.match(text)
    if m:
        return 2, f"o{ORDINALS.index(m.group(1)) + 1}", text, 0  # "Một là, …" is quoted whole
    return None


def _parse_body(paras: list[_Para], b: _Builder) -> None:
    stack: list[_Node] = []
    top_paras = closing_paras = 0
    after_sections = False
    table = ""  # the header row of the table being read: each row below it carries it as its last heading
    # a closing formula closes only after the last numbered point ("Nghị quyết này quy định …" under "Điều 1"
    # states its scope)
    last_marked = max(
        (i for i, q in enumerate(paras) if _marker(q.text) and not _after_attached_list(paras, i)), default=-1
    )
    skip_to = 0
    # the last number of a list restarting at "1." under a numbered heading ("2. Khẩu hiệu" / "1. …")
    inner = 0
    last_point: _Node | None = None  # the point a paragraph between two points goes on with
    # decide for each marked paragraph whether it is a heading or the first paragraph of its point
    for idx, p in enumerate(paras):
        t = p.text
        row = table_row(t)
        head_row = table if row is not None else ""  # a row below a header row is read with it
        if row is None:
            table = ""
        elif not table and not _NUMBER_CELL.match(row[0]):
            table = t  # "TT | Chỉ tiêu | Kế hoạch | Thực hiện": no number in its first cell
        mk = None if head_row else _marker(t)
        if _ATTACHED_LIST.match(t):  # "Hồ sơ kèm theo: 1. … 2. …": what is sent with it, no point of its own
            end = idx + 1
            while end < len(paras) and (_marker(paras[end].text) or _DASH.match(paras[end].text)):
                end += 1
            b.add(("ho-so",), p.start, paras[end - 1].end, "header", "")
            stack.clear()
            skip_to = end
            continue
        if idx < skip_to:
            continue
        if _CLOSING.match(t) and idx > last_marked:
            b.add(("ket",), p.start, p.end, "body", "")
            stack.clear()
            continue
        if mk:
            level, part, rest, offset = mk
            if level == NUMBER_LEVEL and part.isdigit():
                if _restarts(paras, idx) or (inner and int(part) == inner + 1):
                    inner, level = int(part), NESTED_LEVEL  # an item of the numbered heading above it
                else:
                    inner = 0
            elif level < NUMBER_LEVEL:
                inner = 0
            while stack and stack[-1].level >= level:
                stack.pop()
            # a numbered point in a press summary written "Title: content" holds all its content
            parent = stack[-1].path if stack else ()
            path = parent + (part,)
            children = _has_children(paras, idx, level)
            heading_ctx = " > ".join(n.title for n in stack)
            title = t
            node = last_point = _Node(path, level, title)
            start = p.start + offset
            if not children or part.startswith("o"):
                b.add(path, start, p.end, "body", heading_ctx)
                if children:
                    stack.append(node)
                    node.paras = 1
                elif not _self_contained(rest):
                    stack.append(node)
                    node.paras = 1
                else:
                    stack.append(node)
                    node.paras = -1  # closed: what follows belongs to the level above
            elif _ends_sentence(rest) or len(rest) > 300:
                node.paras = 1
                b.add(path + ("p1",), start, p.end, "body", heading_ctx)
                stack.append(node)
            else:
                b.add(path, start, p.end, "heading", heading_ctx)
                stack.append(node)
            after_sections = True
            continue
        dash = _DASH.match(t)
        plus = _PLUS.match(t)
        node = _open(stack)
        if (dash or plus) and node is not None:
            heading_ctx = " > ".join(n.title for n in stack)
            start = p.start + (dash or plus).start(1)
            if plus and node.dashes:
                node.pluses += 1
                # "- Đến năm 2027:" / "+ Có thêm ít nhất 6 sản phẩm …": the lead-in says what each item is of
                lead = f"{heading_ctx} > {node.lead}" if node.lead else heading_ctx
                b.add(node.path + (f"-{node.dashes}", f"+{node.pluses}"), start, p.end, "body", lead)
            else:
                node.dashes += 1
                node.pluses = 0
                rest = t[(dash or plus).start(1) :].strip()
                node.lead = rest if rest.endswith(":") and len(rest) <= 120 else ""
                b.add(node.path + (f"-{node.dashes}",), start, p.end, "body", heading_ctx)
            continue
        if node is not None:
            node.paras += 1
            heading_ctx = " > ".join([n.title for n in stack] + ([head_row] if head_row else []))
            b.add(node.path + (f"p{node.paras}",), p.start, p.end, "body", heading_ctx)
            continue
        if after_sections and last_point is not None and idx < last_marked:
            # "2. … còn một số hạn chế: …" / "Nguyên nhân chủ yếu …" / "3. …": a paragraph between two points
            # goes on with the point before it; only those after the last point close the document
            last_point.paras = 1 if last_point.paras < 1 else last_point.paras + 1
            b.add(last_point.path + (f"p{last_point.paras}",), p.start, p.end, "body", last_point.title)
            continue
        if after_sections:  # paragraphs after the last point close the document
            closing_paras += 1
            b.add((f"c{closing_paras}",), p.start, p.end, "body", head_row)
        else:
            top_paras += 1
            b.add((f"p{top_paras}",), p.start, p.end, "body", head_row)


def _after_attached_list(paras: list[_Para], i: int) -> bool:
    """Whether paragraph i is an item of a "Hồ sơ kèm theo:" list (the items right after it)."""
    k = i
    while k > 0 and (_marker(paras[k].text) or _DASH.match(paras[k].text)):
        k -= 1
    return k < i and bool(_ATTACHED_LIST.match(paras[k].text))


def _open(stack: list[_Node]) -> _Node | None:
    """The innermost section that still takes paragraphs (a closed press-summary point does not)."""
    while stack and stack[-1].paras < 0:
        stack.pop()
    return stack[-1] if stack else None


def _self_contained(rest: str) -> bool:
    """ "Tuyên truyền, nâng cao nhận thức …: Tổ chức nghiên cứu …" — a titled point complete in itself."""
    head, sep, _ = rest.partition(": ")
    return bool(sep) and len(head) < 250


NUMBER_LEVEL = 2  # "1.", "2." … (a Roman part is 1, a lettered point 3)
NESTED_LEVEL = 2.5  # a numbered list restarting under a numbered heading


def _restarts(paras: list[_Para], idx: int) -> bool:
    """ "2. Khẩu hiệu tuyên truyền" / "1. Nhiệt liệt hưởng ứng …": a "1." right after a numbered line other
    than "1." that states nothing (no full stop) starts a list of that line's own."""
    mk = _marker(paras[idx].text)
    prev = _marker(paras[idx - 1].text) if idx > 0 else None
    return bool(
        mk and mk[1] == "1" and prev and prev[0] == NUMBER_LEVEL and prev[1].isdigit() and prev[1] != "1"
        and not _ends_sentence(prev[2]) and len(prev[2]) < 120
    )  # fmt: skip


def _has_children(paras: list[_Para], idx: int, level: int) -> bool:
    """Whether the marked paragraph at idx is followed by unmarked paragraphs or items of its own."""
    if idx + 1 >= len(paras):
        return False
    nxt = paras[idx + 1].text
    mk = _marker(nxt)
    if mk:
        return mk[0] > level or _restarts(paras, idx + 1)
    if _CLOSING.match(nxt) and not any(
        _marker(q.text) and not _after_attached_list(paras, k)
        for k, q in enumerate(paras[idx + 2 :], start=idx + 2)
    ):
        return False
    if _DASH.match(nxt) or _PLUS.match(nxt):
        return True
    return not _self_contained(_marker(paras[idx].text)[2])
