"""Question -> Answer. Extractive by default: the retrieved clauses' own sentences, verbatim, each with [n].

No model is needed and nothing is paraphrased: for official Party and State texts a cited quotation is worth
more than a fluent summary. The LLM path (llm.py) is optional and falls back to this one.
"""

from __future__ import annotations

import re

from .schema import Answer, Citation, Clause, Passage
from .text import normalize
from .text.lexicon import NUMBER_WORDS
from .text.overlap import content_terms, overlap
from .text.sentences import Sentence, split_sentences

REFUSAL = "Các văn bản hiện có không đề cập nội dung này."

_FACT_PATTERNS = {
    "date": (
        re.compile(
            r"\b(khi nao|ngay nao|ngay bao nhieu|thoi gian nao|nam nao|thang nao|bao gio|ngay ban hanh|ngay ky|"
            r"han chot|thoi han|tu ngay|hieu luc)\b"
        ),
        re.compile(
            r"ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|/\d{1,2}/\d{4})|\b\d{1,2}/\d{1,2}/\d{4}\b"
        ),
    ),
    "percent": (
        re.compile(r"\b(bao nhieu phan tram|phan tram|toi thieu bao nhieu|(?:ty|ti) le\b.*\bbao nhieu)\b"),
        re.compile(r"(?:tối thiểu|ít nhất|tối đa)?\s*\d+(?:[.,]\d+)?\s*%"),
    ),
    "signer": (
        re.compile(r"\b(ai ky|nguoi ky|ky boi|do ai ky|ky ban hanh|ai la nguoi ky|ai da ky)\b"),
        None,
    ),
    "number": (
        re.compile(r"\b(so hieu|so ky hieu|so may|ky hieu)\b"),
        re.compile(r"\b\d+[-/][A-ZĐ][\w/-]*"),
    ),
    "count": (
        re.compile(r"\b(bao nhieu|may)\s+(nhom|nhiem vu|giai phap|muc|diem|y|trung tam|khu vuc)\b"),
        re.compile(
            r"\b(?:\d+|một|hai|ba|bốn|sáu|bảy|tám|chín|mười)\s+(?=nhóm|nhiệm vụ|giải pháp|trung tâm|khu vực|mục)\w+"
        ),
    ),
    "recipient": (
        re.compile(r"\b(gui ai|gui cho ai|gui den|gui toi|kinh gui|noi nhan|nhung ai nhan|gui nhung)\b"),
        None,
    ),
    "who": (
        re.compile(r"\b(ai|co quan nao|don vi nao|ban nao|bo nao|chu tri|to chuc nao)\b"),
        None,
    ),
}
_LIST_Q = re.compile(
    r"\b(nhung|cac|bao nhieu|may|liet ke|ke ten|gom|bao gom)\b.*\b(nao|gi|nhom|nhiem vu|giai phap|muc|noi dung)\b"
    r"|\b(nhom nhiem vu|cac nhiem vu|cac giai phap|nhung nhiem vu|nhung giai phap|gom nhung gi|gom nhung)\b"
    r"|\b(\d+|hai|ba|bon|nam|sau|bay|tam) (nhom|nhiem vu|giai phap|muc|y)\b"
)
_UNITS_Q = re.compile(r"\b(nhiem vu|giai phap|nhom|muc|noi dung|diem|y)\b")
_TASK_NOUNS = re.compile(r"\b(nhom|nhiem vu|giai phap|noi dung)\b")
_PLURAL_UNITS = re.compile(
    r"\b(nhung|cac|may|bao nhieu|hai|ba|bon|nam|sau|bay|tam|liet ke|ke ten)\s+"
    r"(nhom|nhiem vu|giai phap|muc|noi dung|diem|y|muc dich|yeu cau|hinh thuc|bien phap)\b"
    r"|\b\d+ (nhom|nhiem vu|giai phap)\b"
)


def question_types(question: str) -> list[str]:
    """Every fact kind a question asks for ("do ai ký, ngày nào?" asks two); "who" only when alone."""
    fq = normalize.folded_key(question)
    kinds = [name for name, (qrx, _) in _FACT_PATTERNS.items() if qrx.search(fq)]
    return [k for k in kinds if k != "who" or kinds == ["who"]]


def question_type(question: str) -> str | None:
    """The main fact kind asked for, if any."""
    return next(iter(question_types(question)), None)


def is_list_question(question: str) -> bool:
    return bool(_LIST_Q.search(normalize.folded_key(question)))


_DATE_WORDS = {"ngay", "thang", "nam", "han", "chot", "tu", "den", "luc", "ky", "hanh"}
_COUNT_Q = re.compile(
    r"\b(?:bao nhieu|bao nhiêu|may|mấy)\s+(?!phan tram|phần trăm|tien|tiền|ty|tỷ|trieu|triệu)(\w+)"
)
_MONEY_Q = re.compile(
    r"\b(bao nhieu tien|bao nhieu ty|bao nhieu trieu|bao nhieu dong|muc phat|phat tien|ty dong|trieu dong)\b"
)
_MONEY = re.compile(r"\d[\d.,]*\s*(?:triệu|tỷ|nghìn|ngàn)?\s*đồng|\bphạt\b")
_COUNTED_STRUCTURE = {
    "nhiem",
    "giai",
    "nhom",
    "muc",
    "diem",
    "y",
    "noi",
}  # "mấy nhiệm vụ?" is a list question


def missing_fact(question: str, passages: list[Passage], top: int = 4, named: bool = False) -> bool:
    """A fact question (date, percentage, amount of money) whose kind of fact no retrieved clause holds."""
    fq = normalize.folded_key(question)
    text = " ".join(p.clause.text for p in passages[:top])
    if _MONEY_Q.search(fq):
        return not _MONEY.search(text)
    qtype = question_type(question)
    if qtype == "percent":
        rx = _FACT_PATTERNS[qtype][1]
        return not any(rx.search(p.clause.text) for p in passages[:top])
    if qtype == "date":
        # the date must stand in a sentence about what was asked ("hiệu lực", "xây dựng xong trung tâm")
        terms = [t for t in content_terms(question) if t not in _DATE_WORDS]
        rx = _FACT_PATTERNS["date"][1]
        year = re.compile(r"\bnăm \d{4}\b")
        return not any(
            (rx.search(s.text) or year.search(s.text))
            and (named or not terms or overlap(s.text, terms) >= 0.35)
            for p in passages[:top]
            for s in split_sentences(p.clause)
        )
    if qtype == "signer":
        return not any(extract_fact("signer", p.clause.text, p.clause) for p in passages[:top])
    m = _COUNT_Q.search(normalize.key(question) if normalize.has_diacritics(question) else fq)
    if m and normalize.fold(m.group(1)) not in _COUNTED_STRUCTURE:
        # "bao nhiêu vùng …": some clause must put a number before that noun ("6 nhóm", "một trung tâm")
        folded_text = normalize.folded_key(text)
        return not re.search(
            rf"\b(\d+|{NUMBER_WORDS}) {re.escape(normalize.fold(m.group(1)))}\b", folded_text
        )
    return False


def one_line(text: str) -> str:
    """A header block ("Kính gửi:" + its recipients, a signature) quoted on one line."""
    return " ".join(text.strip().split("\n\n"))


class CitationNumbers:
    """Numbers clauses [1], [2] … in the order the answer first uses them."""

    def __init__(self) -> None:
        self.order: list[Clause] = []

    def n(self, clause: Clause) -> int:
        for i, c in enumerate(self.order, start=1):
            if c.id == clause.id:
                return i
        self.order.append(clause)
        return len(self.order)

    def citations(self) -> list[Citation]:
        return [Citation(i, c) for i, c in enumerate(self.order, start=1)]


def list_items(
    question: str, passages: list[Passage], all_clauses: list[Clause], doc_ids: list[str]
) -> tuple[list[Clause], Clause | None]:
    """The units a list question asks for, in document order, and the clause that introduces them.

    Children of a heading or of a "… sau:" intro among the two best clauses; failing that, when the question
    asks for a document's tasks or solutions, that document's own points ("Một là … Sáu là", 1. … 7.).
    """
    fq = normalize.folded_key(question)
    plural = bool(_PLURAL_UNITS.search(fq))
    tasks = plural and bool(_TASK_NOUNS.search(fq))  # "những nhiệm vụ, giải pháp nào?"
    for p in passages[:2]:
        c = p.clause
        if doc_ids and c.doc_id not in doc_ids:
            continue
        doc_clauses = [x for x in all_clauses if x.doc_id == c.doc_id]
        if c.kind == "heading":
            depth = len(c.path) + 1
            kids = [x for x in doc_clauses if x.path[: len(c.path)] == c.path and len(x.path) == depth]
            if kids:
                return kids, c
        if c.path and c.path[-1].startswith("-") and p is passages[0] and plural:  # an item and its siblings
            parent = next((x for x in doc_clauses if x.path == c.path[:-1] and x.kind == "heading"), None)
            if parent is not None:
                kids = [x for x in doc_clauses if x.path[:-1] == c.path[:-1] and x.path[-1].startswith("-")]
                if len(kids) >= 2:
                    return kids, parent
        if c.text.rstrip().endswith(":") and c.kind == "body" and tasks:
            after = [x for x in doc_clauses if x.start > c.start]
            units = _top_units(after, len(c.path) - 1 if len(c.path) > 1 else 0)
            if units:
                return units, c
    if not tasks:
        return [], None
    target = doc_ids[0] if len(doc_ids) == 1 else (passages[0].clause.doc_id if passages else None)
    doc_clauses = [x for x in all_clauses if x.doc_id == target]
    ordinals = [x for x in doc_clauses if re.fullmatch(r"o\d+", x.path[0])]
    intro = next((p.clause for p in passages if p.clause.doc_id == target), None)
    if ordinals:
        before = [x for x in doc_clauses if x.end <= ordinals[0].start and x.kind == "body"]
        return ordinals, before[-1] if before else intro
    numbered = [x for x in doc_clauses if re.fullmatch(r"\d+", x.path[0])]
    if not numbered:
        return [], None
    before = [x for x in doc_clauses if x.end <= numbered[0].start and x.kind == "body"]
    return _top_units(numbered, 0), before[-1] if before else intro


def _top_units(clauses: list[Clause], depth: int) -> list[Clause]:
    """The first clause of each point at the given depth that follows a list intro ("… sau:")."""
    units: list[Clause] = []
    seen: set[tuple[str, ...]] = set()
    for c in clauses:
        if len(c.path) <= depth or c.kind == "header" or re.fullmatch(r"[pc]\d+|ket", c.path[0]):
            if units:
                break
            continue
        key = c.path[: depth + 1]
        if key not in seen:
            seen.add(key)
            units.append(c)
    return units


def _first_part(clause: Clause) -> str:
    """A list item's gist, verbatim: the title before ": " when titled, else its first sentence."""
    text = clause.text
    head, sep, _ = text.partition(": ")
    if sep and len(head) < 300 and not head.startswith(("Kính gửi", "Nơi nhận")):
        return head
    sents = split_sentences(clause)
    return sents[0].text if sents else text


_SIGNED = re.compile(
    r"((?:Phó\s+)?Thủ tướng(?:\s+Chính phủ)?\s+|Chủ tịch\s+|Bí thư\s+)?"
    r"([A-ZĐ][^\s,.]*(?:\s+[A-ZĐ][^\s,.]*){1,3})\s+(?:vừa\s+|đã\s+)?ký(?!\s*kết)"
)


def extract_fact(kind: str, sentence: str, clause: Clause) -> str | None:
    if kind == "signer":
        if clause.path and clause.path[0] == "chu-ky":
            lines = [x.strip() for x in clause.text.strip().split("\n") if x.strip()]
            return f"{lines[-1]} ({', '.join(lines[:-1])})" if len(lines) > 1 else lines[-1]
        m = _SIGNED.search(sentence)
        return (m.group(1) or "") + m.group(2) if m else None
    rx = _FACT_PATTERNS.get(kind, (None, None))[1]
    if rx is None:
        return None
    m = rx.search(sentence)
    return m.group(0).strip() if m else None


HEADER_QUESTIONS = [
    (
        "tieu-de",
        re.compile(
            r"\b(ten day du|ten van ban|tieu de)\b|^ten (cua )?(chi thi|ke hoach|chuong trinh|quyet dinh|cong van|ban tin)\b"
        ),
    ),
    (
        "co-quan",
        re.compile(
            r"\b(co quan nao ban hanh|co quan ban hanh|don vi ban hanh|ai ban hanh|do co quan nao|cua co quan nao)\b"
        ),
    ),
    ("trich-yeu", re.compile(r"\b(trich yeu|v/v|ve viec gi)\b")),
    (
        "noi-nhan",
        re.compile(r"\b(noi nhan|gui den nhung noi|gui toi nhung|gui cho nhung noi|nhung noi nao)\b"),
    ),
    ("tac-gia", re.compile(r"\b(tac gia|ai viet|but danh|nguoi viet)\b")),
    ("so-hieu", re.compile(r"\b(so hieu|so ky hieu|ky hieu)\b")),
]
_CROSS = re.compile(
    r"\b(so sanh|doi chieu|cac van ban|nhung van ban|van ban nao|ca hai|deu|giong|khac nhau|lan luot)\b"
)


def header_part(question: str) -> str | None:
    """Which header clause ("tieu-de", "noi-nhan" …) a question asks for, if any."""
    fq = normalize.folded_key(question)
    for part, rx in HEADER_QUESTIONS:
        if rx.search(fq):
            return part
    part = {"signer": "chu-ky", "date": "ngay", "number": "so-hieu", "recipient": "kinh-gui"}
    return part.get(question_type(question) or "")


def extractive_answer(
    question: str, passages: list[Passage], all_clauses: list[Clause], doc_ids: list[str],
    point_clauses: list[Clause] | None = None, max_sentences: int = 3,
) -> Answer:  # fmt: skip
    cites = CitationNumbers()
    lines: list[str] = []
    terms = content_terms(question)
    qtype = question_type(question)

    if point_clauses:
        # the user named a point: quote it whole (heading, then its items), in document order
        for c in point_clauses[:14]:
            lines.append(f"{c.text.strip()} [{cites.n(c)}]")
        return Answer(question, "\n".join(lines), False, cites.citations(), passages)

    part = header_part(question)
    if part and passages and passages[0].clause.kind == "header" and passages[0].clause.path[0] == part:
        c = passages[0].clause
        fact = fact_answer(qtype, question, passages[:1], terms, cites) if qtype else None
        text = fact or f"{one_line(c.text)} [{cites.n(c)}]"
        return Answer(question, text, False, cites.citations(), passages)

    fq = normalize.folded_key(question)
    asked = qtype
    count_units = asked == "count" and bool(_UNITS_Q.search(fq))  # "mấy nhóm nhiệm vụ?"
    if count_units and not fact_answer("count", question, passages[:2], terms, CitationNumbers()):
        qtype = None  # no number in the text: answered by listing them
    if qtype in ("signer", "date", "number", "percent", "count", "recipient"):
        parts = [fact_answer(t, question, passages, terms, cites) for t in question_types(question)]
        parts = [x for x in parts if x]
        if parts:  # one line per fact asked for, then each quotation once
            blocks = [b for part in parts for b in part.split("\n\n")]
            facts = [b for b in blocks if not b.startswith("Trích:")]
            quotes = list(dict.fromkeys(b for b in blocks if b.startswith("Trích:")))
            return Answer(
                question, "\n\n".join(["\n".join(facts), *quotes]), False, cites.citations(), passages
            )

    if is_list_question(question) or count_units:
        items, intro = list_items(question, passages, all_clauses, doc_ids)
        if len(items) >= 2:
            if asked == "count":  # the intro holds the number asked for
                lines.append(f"{intro.text.strip()} [{cites.n(intro)}]")
            elif intro.kind == "heading":  # a heading is a title, not a statement: shown, not cited
                lines.append(f"{intro.label}: {intro.text.strip()}")
            else:
                lines.append(f"{intro.label.split(',')[0]}:")
            for i, c in enumerate(items, start=1):
                lines.append(f"{i}. {_first_part(c)} [{cites.n(c)}]")
            return Answer(question, "\n".join(lines), False, cites.citations(), passages)

    # general: the best clause quoted (whole when short), plus the best clause of each other document for
    # a question that spans documents
    first = passages[0].clause
    chosen: list[Clause] = [first]
    if len(doc_ids) > 1 or _CROSS.search(fq):
        for p in passages[1:15]:
            if p.clause.doc_id not in {c.doc_id for c in chosen} and p.clause.kind != "header":
                chosen.append(p.clause)
            if len(chosen) >= max(2, len(doc_ids)) + (1 if _CROSS.search(fq) else 0):
                break
    for c in chosen:
        if c.kind == "heading":  # a heading says little: quote the items under it that match the question
            kids = [
                x
                for x in all_clauses
                if x.doc_id == c.doc_id and x.path[: len(c.path)] == c.path and x is not c
            ]
            ranked = sorted(kids, key=lambda k: -overlap(k.text, terms))
            best = overlap(ranked[0].text, terms) if ranked else 0.0
            keep = [k for k in ranked[: 1 if len(chosen) > 1 else 2] if overlap(k.text, terms) >= 0.8 * best]
            lines.append(f"{c.label}: {c.text.strip()}")  # a title, not a statement: shown, not cited
            for k in sorted(keep or ranked[:1], key=lambda k: k.start):
                lines.append(f"- {' '.join(_best_sentences(k, terms, 2))} [{cites.n(k)}]")
            continue
        for text in _best_sentences(c, terms, max_sentences):
            lines.append(f"{text} [{cites.n(c)}]")
    return Answer(question, "\n".join(lines), False, cites.citations(), passages)


def _best_sentences(clause: Clause, terms: list[str], k: int) -> list[str]:
    """A short clause whole; a long one by its k best sentences, kept in reading order."""
    sents = split_sentences(clause)
    if len(clause.text) <= 1200 or len(sents) <= k:
        return [one_line(clause.text)] if clause.kind == "header" else [s.text for s in sents]
    scored = sorted(sents, key=lambda s: -overlap(s.text, terms))
    top = scored[0]
    keep = [s for s in scored[:k] if overlap(s.text, terms) >= 0.5 * overlap(top.text, terms)] or [top]
    return [s.text for s in sorted(keep, key=lambda s: s.start)]


def fact_answer(
    qtype: str, question: str, passages: list[Passage], terms: list[str], cites: CitationNumbers
) -> str | None:
    if qtype == "recipient":
        head = next((p.clause for p in passages[:5] if p.clause.path[0] in ("kinh-gui", "noi-nhan")), None)
        if head is None:
            return None
        n = cites.n(head)
        items = [x.strip().lstrip("-– ").strip() for x in head.text.split("\n")[1:] if x.strip()]
        quote = one_line(head.text)
        return f"{'; '.join(items)} [{n}]\n\nTrích: „{quote}“ [{n}]" if items else f"{quote} [{n}]"
    numbers = re.findall(r"\d{2,}", question)
    best: tuple[float, str, Sentence] | None = None
    for rank, p in enumerate(passages[:6]):
        for s in split_sentences(p.clause) or [Sentence(p.clause, p.clause.text, 0)]:
            fact = extract_fact(qtype, s.text, p.clause)
            if not fact:
                continue
            score = overlap(s.text, terms) + 0.8 / (1 + rank) + (0.5 if p.clause.kind == "header" else 0)
            if numbers and any(num in s.text for num in numbers):
                score += 1.0  # the sentence names the document asked about
            if best is None or score > best[0]:
                best = (score, fact, s)
    if best is None:
        return None
    _, fact, s = best
    n = cites.n(s.clause)
    quote = s.text if s.clause.kind != "header" else s.clause.text.strip().replace("\n\n", " / ")
    return f"{fact} [{n}]\n\nTrích: „{quote}“ [{n}]"


def refusal_answer(question: str, passages: list[Passage], reason: str = "") -> Answer:
    lines = [REFUSAL if not reason else reason]
    if passages:
        lines.append("")
        lines.append("Các điều khoản có thể liên quan (không trả lời trực tiếp câu hỏi):")
        for p in passages[:3]:
            lines.append(f"- {p.clause.label}")
    return Answer(question, "\n".join(lines), True, [], passages)
