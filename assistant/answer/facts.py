"""Facts: found in a sentence only when that sentence is about what was asked (the focus), and each
document's fact sheet (issuer, signer, date, number, counts) from its header clauses and catalog entry.

"When was Resolution 08 issued?" must be answered with the date written next to "08-NQ/TW", not with the
date of the document that mentions it; a deadline question is not answered with a signing date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from ..schema import Clause, DocMeta, Query
from ..text import normalize
from ..text.lexicon import (
    KINDS_FOLDED,
    KINDS_RX,
    NUMBER_WORDS,
    NUMBER_WORDS_VI,
    ORDINAL_NUM,
    STOPWORDS,
    SURNAMES,
    years_said,
)
from ..text.overlap import overlap
from ..text.sentences import Sentence, render_row, split_sentences, table_row
from .reader import body_heading, nearest_heading

_DATE_TEXT = (
    r"ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\s*/\s*\d{1,2}\s*/\s*\d{4})|\b\d{1,2}/\d{1,2}/\d{4}\b"
    # a day of every year: "trước ngày 15 tháng 12 hằng năm", "Ngày Đo lường Việt Nam 20/1"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\b|\b(?:[12]?\d|3[01])/(?:0?[1-9]|1[0-2])\b(?![/-]\w)"
)
FACT_RX: dict[str, re.Pattern] = {
    "date": re.compile(
        rf"{_DATE_TEXT}|\b(?:trước |đến |trong |từ )?(?:[Qq]uý [IV]+ |tháng \d{{1,2}}/)?[Nn]ăm \d{{4}}\b"
        # "Quý IV/2025", "2025 - 2027" (a table's deadline column), "kể từ ngày ký" (when a text takes effect)
        r"|\b[Qq]uý [IV]+\s*/\s*\d{4}\b|\b20\d\d\s*[-–]\s*20\d\d\b|\b(?:kể )?từ ngày (?:ký|ban hành)\b"
        r"|\b(?:trong |trước |từ )?[Tt]háng \d{1,2}\s*/\s*\d{4}\b"  # "trong tháng 6/2025"
        # "bao lâu?": a span of time ("trong thời hạn 05 ngày làm việc", "chậm nhất 10 ngày sau …")
        r"|\b(?:[Tt]rong (?:thời hạn |vòng )?|[Ss]au |[Tt]rước (?:ít nhất )?|[Cc]hậm nhất |[Kk]hông quá |[Íí]t nhất "
        r"|[Tt]ối đa )\d+ (?:ngày làm việc|ngày|tháng|tuần|năm)\b"
    ),
    # "đô thị loại mấy?": a class written with its noun ("loại II", "hạng 1", "nhóm 2")
    "rank": re.compile(
        r"\b(?:[Ll]oại|[Hh]ạng|[Cc]ấp|[Bb]ậc|[Nn]hóm|[Vv]ùng)\s+(?:[IVX]+|\d{1,2})\b(?![/.,]\d)"
        r"|\b\d\s+sao\b"  # an OCOP product's class: "đạt 5 sao"
    ),
    "percent": re.compile(r"(?:tối thiểu|ít nhất|tối đa|trên|dưới)?\s*\d+(?:[.,]\d+)?\s*%"),
    "number": re.compile(r"\b\d+(?:/(?:19|20)\d\d)?[-/][A-ZĐ][\w/-]*"),
    "reference": re.compile(
        rf"\b(?:{KINDS_RX})(?: hành động)?"
        r"(?: số)? \d+(?:/(?:19|20)\d\d)?[-/][A-ZĐ][\w/-]*(?:,? ngày \d{1,2}/\d{1,2}/\d{4})?"
    ),
    "count": re.compile(
        rf"\b(?:\d+|{NUMBER_WORDS_VI})\s+"
        r"(?:nhóm nhiệm vụ(?:,? giải pháp)?|nhiệm vụ(?:,? giải pháp)?|nhóm|giải pháp|trung tâm|khu vực|mục|"
        r"nội dung|vùng|phòng|lĩnh vực)\b"
    ),
    "money": re.compile(r"\d[\d.,]*\s*(?:triệu|tỷ|nghìn|ngàn)?\s*đồng"),
    # a telephone number, an e-mail address, a web address
    "contact": re.compile(
        r"(?<!\d)(?:\+84|0)\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d)|[\w.-]+@[\w-]+(?:\.[\w-]+)+"
        r"|(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|com|org|net|edu)\.vn\b"
    ),
}
_SIGNED = re.compile(
    r"((?:Phó\s+)?Thủ tướng(?:\s+Chính phủ)?\s+|(?:Phó\s+)?Chủ tịch\s+|(?:Phó\s+)?Bí thư\s+)?"
    r"([A-ZĐ][^\s,.]*(?:\s+[A-ZĐ][^\s,.]*){1,3})\s+(?:vừa\s+|đã\s+)?ký(?!\s*kết)"
)


BOUND = 0.34  # focus overlap from which a sentence is about what the question asks (train split)
INHERIT = 0.8  # how much of the first part's focus overlap a part without a subject of its own carries
YEAR_BOUND = 0.3  # what naming the asked year adds to a sentence part's focus overlap
PREEMPT = 0.3  # how much less about the focus than the closest sentence a fact's sentence may be


@dataclass(frozen=True)
class Fact:
    kind: str
    value: str  # as written in the sentence
    sentence: Sentence
    score: float


def extract(kind: str, sentence: str, clause: Clause) -> list[re.Match | str]:
    """Every occurrence of a fact kind in a sentence (a signature block gives the signer whole)."""
    if kind == "signer":
        if clause.path and clause.path[0] == "chu-ky":
            lines = [x.strip() for x in clause.text.strip().split("\n") if x.strip()]
            return [f"{lines[-1]} ({', '.join(lines[:-1])})" if len(lines) > 1 else lines[-1]]
        return [(m.group(1) or "") + m.group(2) for m in _SIGNED.finditer(sentence)]
    if kind == "person":
        return persons(sentence)
    if kind == "place":
        return places(sentence)
    if kind == "recipient":
        return [one_line(clause.text)] if clause.path and clause.path[0] in ("kinh-gui", "noi-nhan") else []
    if kind == "money" and (unit := _MONEY_COLUMN.search(sentence)):
        # a table row read with its header: "Tổng kinh phí (triệu đồng): 58.800" is 58.800 triệu đồng
        return [f"{unit.group(2)} {unit.group(1) or ''} đồng".replace("  ", " ")]
    rx = FACT_RX.get(kind)
    return list(rx.finditer(sentence)) if rx else []


_MONEY_COLUMN = re.compile(r"\((triệu|tỷ|nghìn)?\s*đồng\):\s*(\d[\d.,]*)")
_WORD_RUN = re.compile(r"[^\s,.;:()“”\"]+")
_PLACE_LEVEL = re.compile(r"^(xã|huyện|tỉnh|thành phố|quận|phường|thị xã|thị trấn)$", re.IGNORECASE)
_PLACE_BEFORE = re.compile(r"(?:phố|tỉnh|thành|huyện|xã|quận|phường|thôn|bản|TP\.?)\s*$", re.IGNORECASE)


def _capital_runs(sentence: str) -> list[tuple[int, list[str]]]:
    """Runs of capitalised words separated by spaces only, with the position of each run."""
    runs: list[tuple[int, list[str]]] = []
    prev_end = None  # end of the previous word when it was capitalised
    for m in _WORD_RUN.finditer(sentence):
        w = m.group(0)
        if not w[0].isupper():
            prev_end = None
            continue
        if prev_end is not None and sentence[prev_end : m.start()].isspace():
            runs[-1][1].append(w)
        else:
            runs.append((m.start(), [w]))
        prev_end = m.end()
    return runs


def persons(sentence: str) -> list[str]:
    """People's names in a sentence: a capitalised run of 2–4 syllables that starts with a family name
    ("Bùi Thanh Sơn", "Lương Cường"), not a place ("thành phố Hồ Chí Minh")."""
    out = []
    for pos, words in _capital_runs(sentence):
        start = next((i for i, w in enumerate(words) if normalize.key(w) in SURNAMES), None)
        if start is None or not 2 <= len(words) - start <= 4 or _PLACE_BEFORE.search(sentence[:pos]):
            continue
        out.append(" ".join(words[start:]))
    return out


def places(sentence: str) -> list[str]:
    """Named places with their level ("xã Tân Lộc", "tỉnh Điện Biên"); "Tỉnh ủy" is a body, not a place."""
    out = []
    words = [(m.start(), m.group(0)) for m in _WORD_RUN.finditer(sentence)]
    for i in range(len(words)):
        for n in (2, 1):  # "thành phố", "thị xã" before "xã"
            level = " ".join(x for _, x in words[i : i + n])
            if len(words[i : i + n]) == n and _PLACE_LEVEL.match(level):
                name = []
                for _, x in words[i + n : i + n + 4]:
                    if not x[0].isupper():
                        break
                    name.append(x)
                if name and normalize.folded_key(name[0]) != "uy":  # "HUYỆN ỦY BÌNH AN" is a body
                    out.append(f"{level} {' '.join(name)}")
                break
    return out


def one_line(text: str) -> str:
    """A header block ("Kính gửi:" + its recipients, a signature) quoted on one line."""
    return " ".join(text.strip().split("\n\n"))


def focus_terms(query: Query) -> list[str]:
    """The question's terms that say what it is about (not which kind of fact it wants)."""
    return list(query.focus)


def _counts_of(noun: str, sentence: str, after: list[str] | tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """ "6 nhóm", "một trung tâm": numbers before the counted noun (folded match, original text returned),
    with the question's next words as far as the sentence goes on with them ("02 hội" + "nghị")."""
    folded = normalize.fold(sentence.lower())  # same length as the sentence: positions carry over
    # "41.265 phương tiện đo" (thousands), "2/3 tổng số thành viên" (a share of a body), "100% (127/127) cơ quan"
    num = rf"(?<![\d.,/])(?:\d+%\s*\(\d+/\d+\)|\d{{1,3}}(?:[.,]\d{{3}})+|\d+(?:/\d+)?|\b(?:{NUMBER_WORDS}))"
    rx = re.compile(
        rf"(?:\b(?:it nhat|toi thieu|khong qua|toi da) )?{num}\s+(?:tong so\s+)?{re.escape(noun)}\b"
    )
    out = []
    for m in rx.finditer(folded):
        end = m.end()
        for word in after:  # as far as the sentence goes on with the question's words
            more = re.match(rf"\s+{re.escape(word)}\b", folded[end:])
            if not more:
                break
            end += more.end()
        out.append((sentence[m.start() : end], m.start()))
    return out


_CLASSIFIERS = {"chiec", "cai", "con", "qua"}
_SUBSET = re.compile(
    r"\btrong (?:so )?(\d[\d.]*)\s"
)  # "trong 173 cơ sở vi phạm, bao nhiêu …": the set counted in
_NEGATIVE = re.compile(r"\b(?:khong dat|chua dat|vi pham|khong dung|khong co)\b")


def _asked_set(query: Query, sentences: list) -> tuple[str | None, bool]:
    """What a count question counts in, read once: the number of the set it names ("trong 173 cơ sở …") when a
    sentence read writes it (a number no sentence has may be a premise to correct, "trong 20 cửa hàng …" where
    the text has 14), and whether it counts a failing ("bao nhiêu phương tiện không đạt?")."""
    folded_q = normalize.folded_key(query.text)
    subset = _SUBSET.search(folded_q)
    written = (
        subset.group(1)
        if subset and any(_holds_number(s.text, subset.group(1)) for s, _ in sentences)
        else None
    )
    negative = bool(query.counted and _NEGATIVE.search(folded_q[folded_q.find(query.counted) :]))
    return written, negative


def _holds_number(text: str, number: str) -> bool:
    return bool(re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d.,]\d|\d)", text))


def _counts_the_asked_set(sentence: str, subset: str | None, negative: bool) -> bool:
    """A count asked of a subset is read where the subset is written: "trong 173 cơ sở …, bao nhiêu …?" where
    the 173 is; "bao nhiêu phương tiện không đạt?" where a failing is said, not a total checked."""
    folded = normalize.folded_key(sentence)
    if subset and not _holds_number(folded, subset):
        return False
    return not negative or bool(_NEGATIVE.search(folded))


# a figure and the words it counts: "28.640 phương tiện đo", not a year, a date or a percentage
_FIGURE = re.compile(
    r"(?<![\d/.,])(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/.,%-])\s+(?!năm\b|tháng\b|ngày\b)([^\W\d]+(?:\s+[^\W\d]+){0,2})"
)


def _counts_any(sentence: str) -> list[tuple[str, int]]:
    return [
        (m.group(0), m.start())
        for m in _FIGURE.finditer(sentence)
        if not (1900 <= int(m.group(1).replace(".", "")) <= 2100 and "." not in m.group(1))
        and not _KIND_BEFORE.search(normalize.folded_key(sentence[: m.start()]))
    ]


_ENUMERATED = re.compile(r"\((\d{1,2})\)\s")
_KIND_BEFORE = re.compile(rf"\b(?:{KINDS_FOLDED}|so)\s*$")


def _enumerated(noun: str, sentence: str, clause_text: str, after: list[str]) -> list[tuple[str, int]]:
    """ "… còn một số hạn chế: (1) …; (2) …; (5) …": the number of items enumerated after the noun the question
    counts ("mấy hạn chế?"), in the sentence and the rest of its clause; counted, not written — cited to the
    clause that lists them."""
    folded = normalize.fold(sentence.lower())
    at = re.search(rf"\b{re.escape(noun)}\b", folded)
    start = clause_text.find(sentence) + (at.end() if at else 0)
    rest = normalize.fold(clause_text[start:].lower()) if at and start >= 0 else ""
    marks = [int(m.group(1)) for m in _ENUMERATED.finditer(rest)]
    if len(marks) < 2 or marks != list(range(1, len(marks) + 1)):
        return []
    end = at.end()
    for word in after:  # "hạn" + "chế", as far as the sentence goes on with the question's words
        more = re.match(rf"\s+{re.escape(word)}\b", folded[end:])
        if not more:
            break
        end += more.end()
    return [(f"{len(marks)} {sentence[at.start() : end]}", at.start())]


def _restated(value: str, stated: set[str]) -> bool:
    first = re.search(r"\d+", value)  # the count itself, not a figure the context after it holds
    return bool(first) and first.group(0) in stated


def _counts_near(after: list[str] | tuple[str, ...], sentence: str) -> list[tuple[str, int]]:
    """A number followed, within a few words, by a word the question puts after its counted noun: the count
    written with another noun ("bao nhiêu cây xăng" — "26 cửa hàng bán lẻ xăng dầu"; "mấy lần một tháng" —
    "02 kỳ mỗi tháng")."""
    words = [w for w in after if len(w) >= 3 and w not in STOPWORDS and not re.fullmatch(NUMBER_WORDS, w)]
    if not words:
        return []
    phrase = re.compile(rf"\b{re.escape(' '.join(words[:2]))}\b")  # "vụ hàng giả": "hàng giả", not "cửa hàng"
    folded = normalize.fold(sentence.lower())
    out = []
    # not "38-CT/TW", a document's number; not "hạng 2", "loại 1", a class
    for m in re.finditer(
        r"(?<![\d/.,])(?<!hang )(?<!loai )(?<!cap )(?<!nhom )(?<!bac )\d+(?![\d/.,%-])", folded
    ):
        if _KIND_BEFORE.search(folded[: m.start()]):
            continue  # "Chỉ thị 38 còn một số hạn chế": a document's number
        hit = phrase.search(folded[m.end() : m.end() + 36])
        if hit:
            out.append((sentence[m.start() : m.end() + hit.end()], m.start()))
    return out


def bound_fact(
    kind: str, query: Query, sentences: list[tuple[Sentence, int]], skip: set[str] | frozenset = frozenset()
) -> Fact | None:
    """The best occurrence of `kind` in a sentence that also holds the question's focus; None if unbound.

    sentences: (sentence, rank of its clause). A document number the question names (other than a
    targeted document's own) must stand right before the fact: the date next to "08-NQ/TW". `skip`: focus
    words that cannot tell sentences apart (the named documents' names), left out unless nothing is left.
    """
    focus = [t for t in focus_terms(query) if t not in skip] or focus_terms(query)
    anchors = [n.text for n in query.named if n.kind == "doc-number" and n.known]
    codes = set(query.codes)  # "ISO 14001" asked: the fact's sentence must hold "14001"
    years = set(query.years)
    # "… ngày nào?" asks for a day: "đến năm 2025" in a programme's title does not answer it
    day = kind == "date" and query.wants_day
    stated = set(query.stated) if kind == "count" else set()
    # "… thực hiện văn bản nào của Ban Tuyên giáo Tỉnh ủy?": a cited document asked by whose it is
    owners = (
        [normalize.folded_key(n.text) for n in query.named if n.kind == "organization" and n.known]
        if kind == "reference"
        else []
    )
    # "Nghị quyết … về phát triển các vùng kinh tế trọng điểm … số mấy?": a cited document asked by what it is
    # about is one whose citation says that
    # … and a cited document's date asked by what it is about ("Nghị quyết … về các vùng kinh tế trọng điểm … ban
    # hành ngày nào?"): the date written in a citation that says that, not another citation's
    about = list(query.about) if kind in ("reference", "number", "date") else []
    best: Fact | None = None
    subset, negative = _asked_set(query, sentences) if kind == "count" else (None, False)
    total = kind == "count" and bool(
        re.search(r"\btong (?:cong|so)\b|\btat ca\b", normalize.folded_key(query.text))
    )
    rate = (
        kind == "money"
        and query.fine
        and not query.years
        and bool(_RATE.search(normalize.folded_key(query.text)))
    )
    after = _after_counted(query) if kind == "count" and query.counted else []
    from_signing = (
        {s.clause.doc_id for s, _ in sentences if _FROM_SIGNING.search(s.text)} if query.in_force else set()
    )
    # the sentence most about the focus: a fact from a sentence far less about it is about something else
    # ("HĐND thông qua chính sách hỗ trợ doanh nghiệp ngày nào?": the sentence on that policy has no date)
    # a paragraph under "1. Phòng Kinh tế" is about that office without naming it
    # … and a sentence that goes on with the one before it ("… lập danh sách doanh nghiệp …. Danh sách gửi về
    # Sở trước ngày 15/6/2025."): the deadline is that list's
    # … and an item under a heading that introduces a list ("Thành lập Ban Chỉ đạo … gồm các ông (bà) có tên
    # sau:") is about what the heading says
    headings = [
        f"{body_heading(s.clause)} {_introduced(s.clause)} {_continued(s)}".strip() for s, _ in sentences
    ]
    # a table row by its own cells: its column names, in every row, say nothing of which row is asked
    binds = [
        overlap(" ".join(cells) if (cells := _row_cells(s)) else f"{h} {s.text}", focus) if focus else 0.0
        for (s, _), h in zip(sentences, headings)
    ]
    closest = max(binds, default=0.0)
    for (s, rank), heading, bind in zip(sentences, headings, binds, strict=True):
        if kind == "count" and not _counts_the_asked_set(s.text, subset, negative):
            continue
        if kind == "count" and query.counted in _CLASSIFIERS:
            # "kiểm định được bao nhiêu chiếc?": a classifier counts whatever the sentence about it counts
            found = [f"{v}\x00{pos}" for v, pos in _counts_any(s.text) if not _restated(v, stated)]
        elif kind == "count" and query.counted:
            counted = (
                _counts_of(query.counted, s.text, after)
                or _enumerated(query.counted, s.text, s.clause.text, after)
                or _counts_near(after, s.text)
            )  # fmt: skip
            # "trong 24 sản phẩm, bao nhiêu đạt 3 sao?": a number the question states is not the one it asks;
            # "tổng cộng bao nhiêu thành viên?": a share ("2/3 tổng số thành viên") is no total
            found = [
                f"{v}\x00{pos}" for v, pos in counted
                if not _restated(v, stated) and not ("/" in v and total)
            ]  # fmt: skip
        else:
            found = extract(kind, s.text, s.clause)
        if kind == "reference" and not found:  # a programme known by its name, not a number
            found = list(_NAMED_PROGRAMME.finditer(s.text))
        if not found:
            continue
        if kind == "person" and query.post and not _holds_post(s.text, query.post):
            continue  # a name, but not next to the post asked about
        if (
            kind == "person" and len(query.post_of) >= 2
            and overlap(_post_said(s.text, query.post) or f"{s.clause.heading} {heading} {s.text}",
                        list(query.post_of)) < BOUND
        ):  # fmt: skip
            continue  # the post of another body ("Chủ tịch Ủy ban nhân dân xã …" for "Chủ tịch Ủy ban … Quốc gia")
        if kind == "reference":  # "kế hoạch nào?" is answered by a plan, not by the directive it carries out
            asked = query.asked_kind
            found = [
                f for f in found
                if asked and (asked == "van ban" or normalize.folded_key(f.group(0)).startswith(asked))
            ]  # fmt: skip
        if day:
            found = [f for f in found if _DAY.search(f if isinstance(f, str) else f.group(0))]
        if kind == "money" and query.fine and not re.search(r"phạt", s.text, re.IGNORECASE):
            continue  # a fine asked: a support or a budget is another sum
        if kind == "money" and rate and _REPORTED.search(s.text):
            continue  # "mức phạt … bao nhiêu?" asks what a violation costs, not the fines a report adds up
        if query.current and kind in ("count", "percent", "money") and _aims(s.text):
            continue  # "hiện nay có bao nhiêu …?": a target or a task the text sets is not what there is
        if query.target and kind in ("count", "percent", "money") and _reports(s):
            continue  # "đến năm 2030 … mục tiêu … bao nhiêu?": what a report says there is, is no aim
        if kind == "date" and query.in_force and not _IN_FORCE.search(s.text):
            # "hiệu lực từ ngày nào?": a deadline or a signing date is not when it takes effect, unless the
            # document says it takes effect when signed
            if not (s.clause.kind == "header" and s.clause.doc_id in from_signing):
                continue
        if kind == "place" and query.place_level:
            found = [f for f in found if normalize.folded_key(f).startswith(query.place_level)]
        header = s.clause.kind == "header"
        if codes and not all(re.search(rf"(?<!\d){c}(?!\d)", s.text) for c in codes):
            continue  # "ISO 14001" asked, "ISO 9001" written: a fact about another standard
        # (an item under "b) Đến năm 2030:" is that year's)
        held = years_said(s.text) or years_said(nearest_heading(s.clause).rstrip(": "))
        if years and kind != "date" and held and not held & years:
            continue  # "đến năm 2027 … bao nhiêu?", "Đến năm 2030, …" written: a target for another year
        cited = [m.span() for m in FACT_RX["reference"].finditer(s.text)] if kind == "date" else []
        # each semicolon part of the sentence, with how much of the focus it holds
        # (a table row's cells are one record: its "Thời gian hoàn thành: Quý IV/2025" is its task's)
        record = render_row(s.clause) is not None
        # a part that names the year asked ("Năm 2024 … bao nhiêu?" — "…; năm 2024 đã kiểm định 41.265 …") is
        # about it even when the sentence's first part holds more of the question's other words
        parts = (
            [(p, overlap(f"{heading} {p}", focus) + (YEAR_BOUND if years & years_said(p) else 0.0))
             for p in s.text.split(";")]
            if focus and not record
            else []
        )  # fmt: skip
        # "Các huyện ủy … quán triệt Kết luận; xây dựng kế hoạch, hoàn thành trước ngày 31/8/2025; …": a part that
        # opens with a verb, not a subject of its own, goes on with what the first part is about
        if len(parts) > 1:
            parts = parts[:1] + [
                (p, max(o, INHERIT * parts[0][1]) if p.strip()[:1].islower() else o) for p, o in parts[1:]
            ]
        best_part = max((o for _, o in parts), default=0.0)
        for f in found:
            value = f if isinstance(f, str) else f.group(0).strip()
            pos = 0 if isinstance(f, str) else f.start()
            if isinstance(f, str) and "\x00" in f:
                value, at = f.split("\x00")
                pos = int(at)
            # a date written inside a citation ("Chỉ thị số 38-CT/TW, ngày 30/7/2024 của Ban Bí thư") is the
            # cited document's: it is bound by the citation and what it says of that document, not by the
            # rest of the sentence
            ref = next(((a, b) for a, b in cited if a < pos < b), None)
            local = overlap(_citing_part(s.text, ref, cited), focus) if ref and focus else bind
            if about and not _cites_about(s.text, pos, about):
                continue  # a document cited about something else
            owned = 0.0
            if owners and not isinstance(f, str):
                whose = normalize.folded_key(_citing_part(s.text, f.span(), [m.span() for m in found]))
                if any(o in whose for o in owners):
                    owned = 1.0  # the citation names the body the question asks it of
            local = max(local, owned)
            score = local + owned + 0.6 / (1 + rank) + (0.3 if header and query.header_part else 0.0)
            # of two dates in one sentence, the one in the clause ("…; báo cáo … trước ngày 30 tháng 11") that
            # speaks of the focus
            part, own_part = parts[s.text.count(";", 0, pos)] if parts else ("", 0.0)
            score += 0.2 * own_part
            # "… bố trí 2,5 tỷ đồng …; bố trí cán bộ chuyên trách": the figure is not the other part's; but a
            # part that points back ("… 15% kinh phí cho nhiệm vụ này") is about what the sentence began with
            if (
                len(parts) > 1
                and own_part < BOUND
                and best_part - own_part > PREEMPT
                and not _ANAPHORA.search(part)
            ):
                continue
            if anchors:
                # a cited document's number asked for is the anchor itself ("Tờ trình của … có số hiệu là gì?")
                near = [
                    _anchor_before(s.text, a, pos)
                    or (kind == "number" and normalize.key(a) == normalize.key(value))
                    for a in anchors
                ]
                if not any(near):
                    continue  # the question is about another document than this fact
                score += 1.0
            elif (
                focus
                and (local < BOUND or local < closest - PREEMPT)
                # a document's own header fact asked of it ("kế hoạch X ký ngày nào?"), not when the question is
                # about something inside it ("… hưởng ứng những ngày kỷ niệm nào …?")
                and not (header and query.header_part and query.doc_ids and len(focus) <= HEADER_FOCUS)
                # "Ai làm Trưởng đoàn …?": the post written next to the name binds it, whatever else the
                # question says of the team
                and not (kind == "person" and query.post)
            ):
                continue  # a fact of the asked kind, but about something else
            if best is None or score > best.score:
                best = Fact(kind, value, s, score)
    return best


# topic words beyond which a question is about the text, not its header (also header.other_focus's bound)
HEADER_FOCUS = 3


def _row_cells(sentence: Sentence) -> list[str] | None:
    return table_row(sentence.clause.text) if render_row(sentence.clause) is not None else None


def _post_said(text: str, post: str) -> str:
    """What a sentence writes right after the post ("Chủ tịch Ủy ban nhân dân xã Tam Phước" → "Ủy ban nhân dân xã
    Tam Phước"), or "" when the post ends its phrase ("– Trưởng ban;": the body is in the heading above)."""
    folded = normalize.folded_key(text)
    m = re.search(rf"(?<![\w]){re.escape(post)}\s+([^,;:.–(-]+)", folded)
    words = m.group(1).split()[:6] if m else []
    return " ".join(words) if len(words) >= 2 else ""


def _holds_post(text: str, post: str) -> bool:
    """Whether the text names the post itself: "Trưởng ban" asked is not the "Phó Trưởng ban" written."""
    deputy = "" if post.startswith("pho ") else "(?<!pho )"
    return bool(re.search(rf"(?<=\W){deputy}{re.escape(post)}(?=\W)", f" {normalize.folded_key(text)} "))


def _introduced(clause: Clause) -> str:
    """The nearest heading above an item when it introduces the list it is in (it ends with a colon)."""
    heading = nearest_heading(clause).rstrip()
    return heading if heading.endswith(":") else ""


def _continued(sentence: Sentence) -> str:
    """The sentence before this one in its clause when this one, short, goes on with it: it opens with a word
    pair the one before holds, not at its own start ("Danh sách gửi về Sở trước …" after "… lập danh sách …";
    not "Tăng cường …" after "Tăng cường …", a list of parallel sentences); "" otherwise."""
    before = [s for s in split_sentences(sentence.clause) if s.start < sentence.start]
    words = normalize.syllables(normalize.folded_key(sentence.text))
    if not before or len(words) > CONTINUED_WORDS:
        return ""
    opening = " ".join(words[:2])
    held = normalize.syllables(normalize.folded_key(before[-1].text))
    went_on = f" {opening} " in f" {' '.join(held[2:])} " and " ".join(held[:2]) != opening
    return before[-1].text if went_on else ""


# what answers "ngày nào?": a day, a quarter, a month
_DAY = re.compile(r"\d{1,2}\s*/\s*\d{1,2}|ngày \d|[Qq]uý|tháng \d", re.IGNORECASE)


# a sentence that goes on with the one before it is short ("Danh sách gửi về Sở trước …")
CONTINUED_WORDS = 30
_FROM_SIGNING = re.compile(r"hiệu lực (?:thi hành )?(?:kể )?từ ngày (?:ký|ban hành)", re.IGNORECASE)
_IN_FORCE = re.compile(r"có hiệu lực|hiệu lực thi hành|hiệu lực (?:kể )?từ|áp dụng (?:kể )?từ", re.IGNORECASE)
# a sentence that sets an aim ("phấn đấu đến năm 2030 có ít nhất 60% …", "Xây dựng ít nhất một trung tâm …")
# rather than reporting what is ("năm 2024 đã kiểm định …", "hiện có 46 chợ …")
_AIM = re.compile(
    r"\b(?:phấn đấu|mục tiêu|chỉ tiêu|đến năm \d{4}|ít nhất|tối thiểu)\b",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\b(?:đã|hiện có|hiện nay|đạt được|mới|tính đến|đến nay|năm 20\d\d,)\b", re.IGNORECASE)


_RATE = re.compile(r"\bmuc (?:xu )?phat\b")
_REPORTED = re.compile(r"\b(?:năm 20\d\d|đã|phát hiện|xử lý \d+|kiểm tra \d+)", re.IGNORECASE)


_STATE_HEADING = re.compile(r"\b(?:thực trạng|tình hình|kết quả đạt được|kết quả thực hiện)\b", re.IGNORECASE)


def _reports(sentence: Sentence) -> bool:
    """A sentence stating what is ("năm 2024 đã kiểm định …", a paragraph under "1. Thực trạng …"), no aim."""
    text = sentence.text
    return not _aims(text) and bool(
        _STATUS.search(text) or _STATE_HEADING.search(nearest_heading(sentence.clause))
    )


def _aims(text: str) -> bool:
    return bool(_AIM.search(text)) and not _STATUS.search(text)


_ANAPHORA = re.compile(r"\b(?:này|đó|nói trên|trên đây)\b")


def _cites_about(text: str, pos: int, about: list[str]) -> bool:
    """Whether the citation holding position `pos` says its document is about most of `about`."""
    spans = [m.span() for m in FACT_RX["reference"].finditer(text)]
    ref = next(((a, b) for a, b in spans if a <= pos < b), None)
    part = _citing_part(text, ref, spans) if ref else text[pos : pos + 200]
    return overlap(part, about) >= 0.5


def _citing_part(text: str, ref: tuple[int, int], cited: list[tuple[int, int]]) -> str:
    """A citation and what it says of the cited document ("Nghị quyết số 12-NQ/TU, ngày 15/4/2021 của … về
    đào tạo nguồn nhân lực"): up to the next comma or semicolon, the next citation or the end."""
    end = min([len(text), *(a for a, _ in cited if a > ref[0])])
    stop = re.compile(r"[,;]").search(text, ref[1], end)
    return text[ref[0] : stop.start() if stop else end]


def _after_counted(query: Query) -> list[str]:
    """The question's (up to three) words right after the counted noun ("mấy hội nghị": ["nghi"])."""
    words = normalize.folded_key(query.text).split()
    at = next(
        (i for i, w in enumerate(words) if w == query.counted and i and words[i - 1] in ("may", "nhieu")),
        None,
    )
    return [] if at is None else [re.sub(r"\W", "", w) for w in words[at + 1 : at + 4]]


# "gắn với Chương trình xây dựng nông thôn mới …": a programme the text names by its title, with no number
_NAMED_PROGRAMME = re.compile(r"\b(?:Chương trình|Đề án|Phong trào)\s+(?!số\b)[^.;:,\d]{5,120}")


def _anchor_before(text: str, anchor: str, pos: int) -> bool:
    """Whether `anchor` (a document number) stands within 40 characters before position `pos`."""
    key = normalize.folded_key(anchor)
    window = normalize.folded_key(text[max(0, pos - 40 - len(anchor)) : pos + 1])
    return key in window


# ---- fact sheets -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetFact:
    value: str  # what the answer states
    clause: Clause | None  # where the document says it (cited); None when only the catalog says it


@dataclass(frozen=True)
class FactSheet:
    """A document's structured facts, each with the clause that states it."""

    meta: DocMeta
    issuer: SheetFact | None
    signer: SheetFact | None
    date: SheetFact | None
    number: SheetFact | None
    counts: dict[str, tuple[int, Clause]]  # "nhóm" -> (6, clause that says "6 nhóm nhiệm vụ")
    percents: dict[str, Clause]  # "10%" -> clause

    @property
    def date_value(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.meta.date) if self.meta.date else None
        except ValueError:
            return None


class Sheets(Mapping):
    """Fact sheets by document id, each made the first time it is read: a question reads those of the
    documents it names, so opening a snapshot of a thousand documents makes none of them."""

    def __init__(self, metas: dict[str, DocMeta], by_doc: dict[str, list[Clause]]):
        self._metas, self._by_doc = metas, by_doc
        self._made: dict[str, FactSheet] = {}

    def __getitem__(self, doc_id: str) -> FactSheet:
        sheet = self._made.get(doc_id)
        if sheet is None:
            sheet = self._made[doc_id] = build_sheet(self._metas[doc_id], self._by_doc.get(doc_id, []))
        return sheet

    @cached_property
    def percent_docs(self) -> dict[str, list[str]]:
        """The documents stating each percentage, in catalog order: found with one pattern over the body
        clauses, so asking which other document holds a figure makes no sheet but the one that answers."""
        out: dict[str, list[str]] = {}
        for doc_id in self._metas:
            found = {percent_key(m.group(0)) for c in self._by_doc.get(doc_id, []) if c.kind != "header"
                     for m in FACT_RX["percent"].finditer(c.text)}  # fmt: skip
            for p in found:
                out.setdefault(p, []).append(doc_id)
        return out

    def __iter__(self):
        return iter(self._metas)

    def __len__(self) -> int:
        return len(self._metas)


def date_forms(iso: str) -> list[str]:
    """How a date is written: 30/7/2024, 30/07/2024, 30 tháng 7 năm 2024 (after "ngày")."""
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return []
    return [
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day} tháng {d.month} năm {d.year}",
    ]


def human_date(iso: str) -> str:
    forms = date_forms(iso)
    return forms[0] if forms else iso


def build_sheet(meta: DocMeta, clauses: list[Clause]) -> FactSheet:
    by_part = {c.path[0]: c for c in clauses if c.kind == "header" and c.path}
    body = [c for c in clauses if c.kind != "header"]

    ordered = [*by_part.values(), *body]
    keys: list[str] = []  # each clause's matching key, made once for all the facts looked up (lazily)

    def key_of(i: int) -> str:
        while len(keys) <= i:
            keys.append(normalize.squashed_key(ordered[len(keys)].text))
        return keys[i]

    def stating(*needles: str, prefer: str | None = None) -> Clause | None:
        wanted = [normalize.squashed_key(n) for n in needles if n]
        if prefer in by_part:
            i = ordered.index(by_part[prefer])
            if any(n in key_of(i) for n in wanted):
                return by_part[prefer]
        for i, c in enumerate(ordered):
            if any(n in key_of(i) for n in wanted):
                return c
        return by_part.get(prefer) if prefer else None

    # a text without an issuer block (a news report) may write the issuer without its place ("Ban Thường vụ
    # Tỉnh uỷ ban hành …")
    bare = without_place(meta.issuer, meta.place) if "co-quan" not in by_part else ""
    issuer = SheetFact(meta.issuer, stating(meta.issuer, bare, prefer="co-quan")) if meta.issuer else None
    signer_name = meta.signer.split("(")[0].strip()
    signer = SheetFact(meta.signer, by_part.get("chu-ky") or stating(signer_name)) if meta.signer else None
    date = None
    if meta.date:
        clause = stating(*date_forms(meta.date), prefer="ngay")
        written = [
            f for f in date_forms(meta.date) if clause is not None and normalize.contains(clause.text, f)
        ]
        date = SheetFact(written[-1] if written else human_date(meta.date), clause)  # as the text writes it
    number = SheetFact(meta.number, stating(meta.number, prefer="so-hieu")) if meta.number else None
    counts: dict[str, tuple[int, Clause]] = {}
    percents: dict[str, Clause] = {}
    for c in body:
        for m in FACT_RX["count"].finditer(c.text):
            n_word, unit = m.group(0).split()[0], normalize.key(m.group(0).split()[1])
            n = _to_int(n_word)
            if n and unit not in counts:
                counts[unit] = (n, c)
        for m in FACT_RX["percent"].finditer(c.text):
            percents.setdefault(percent_key(m.group(0)), c)
    return FactSheet(meta, issuer, signer, date, number, counts, percents)


def without_place(name: str, place: str) -> str:
    """ "Ban Thường vụ Tỉnh ủy Long An" -> "Ban Thường vụ Tỉnh ủy"; "" when the name does not end with it."""
    if not place or not normalize.key(name).endswith(normalize.key(place)):
        return ""
    bare = name[: len(name) - len(place)].strip(" ,")
    return bare if len(bare.split()) >= 2 else ""


def percent_key(text: str) -> str:
    """ "tối thiểu 10,5 %" -> "10.5%": how a percentage is compared across the question and the documents."""
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*(?:%|phần trăm|phan tram)", text)
    if not m:
        return ""
    number = m.group(1).replace(",", ".")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number + "%"


def _to_int(word: str) -> int | None:
    return int(word) if word.isdigit() else ORDINAL_NUM.get(normalize.fold(word.lower()))
