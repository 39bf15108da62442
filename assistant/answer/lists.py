"""Lists: the items a list question asks for, in document order, with the clause that introduces them;
and a document's own points, which is what a summary ("tóm tắt …") quotes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..schema import Clause, Passage, Query
from ..sources.reflow import strip_marker
from ..text import normalize
from ..text.lexicon import PART_PAIRS, POINT_UNITS, SUMMARY_WORDS, years_said
from ..text.overlap import overlap
from ..text.sentences import quoted, render_row, split_sentences
from . import facts
from .citing import CitationNumbers

if TYPE_CHECKING:
    from . import Evidence, Reader

UNITS_Q = re.compile(rf"\b({'|'.join(POINT_UNITS)})\b")
# their syllables, as a question's terms hold them ("y" left out: it is also an ordinary word)
UNIT_SYLLABLES = frozenset(" ".join(u for u in POINT_UNITS if u != "y").split())
_TASK_NOUNS = re.compile(r"\b(nhom|nhiem vu|giai phap|noi dung)\b")
_PLURAL_UNITS = re.compile(
    r"\b(nhung|cac|may|bao nhieu|hai|ba|bon|nam|sau|bay|tam|liet ke|ke ten)\s+"
    r"(nhom|nhiem vu|giai phap|muc|noi dung|diem|y|muc dich|yeu cau|hinh thuc|bien phap)\b"
    r"|\b\d+ (nhom|nhiem vu|giai phap)\b"
)


def list_items(
    question: str, passages: list[Passage], by_doc: dict[str, list[Clause]], doc_ids: list[str]
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
        doc_clauses = by_doc.get(c.doc_id, [])
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
        if c.text.rstrip().endswith(":") and c.kind == "body":  # "- Đến năm 2030:" and its "+" items
            kids = _under(doc_clauses, c)
            if len(kids) >= 2:
                return kids, c
        if c.text.rstrip().endswith(":") and c.kind == "body" and tasks:
            after = [x for x in doc_clauses if x.start > c.start]
            units = top_units(after, len(c.path) - 1 if len(c.path) > 1 else 0)
            if units:
                return units, c
    if not tasks:
        return [], None
    target = doc_ids[0] if len(doc_ids) == 1 else (passages[0].clause.doc_id if passages else None)
    doc_clauses = by_doc.get(target, []) if target else []
    ordinals = [x for x in doc_clauses if re.fullmatch(r"o\d+", x.path[0])]
    intro = next((p.clause for p in passages if p.clause.doc_id == target), None)
    if ordinals:
        before = [x for x in doc_clauses if x.end <= ordinals[0].start and x.kind == "body"]
        return ordinals, before[-1] if before else intro
    numbered = [x for x in doc_clauses if re.fullmatch(r"\d+", x.path[0])]
    if not numbered:
        return [], None
    before = [x for x in doc_clauses if x.end <= numbered[0].start and x.kind == "body"]
    return top_units(numbered, 0), before[-1] if before else intro


def document_outline(doc_clauses: list[Clause]) -> list[tuple[Clause, list[Clause]]]:
    """A document in parts I., II., III. … each with its own points (or its first paragraph), for a summary
    that covers the whole document instead of its first points; [] for a document not written in such parts."""
    body = [x for x in doc_clauses if x.kind != "header" and not re.fullmatch(r"[pc]\d+|ket", x.path[0])]
    tops = top_units(body, 0)
    if len(tops) < 2 or not all(re.fullmatch(r"[IVX]+", c.path[0]) and c.kind == "heading" for c in tops):
        return []
    outline = []
    for top in tops:
        inside = [x for x in body if x.path[0] == top.path[0] and len(x.path) >= 2]
        outline.append((top, top_units(inside, 1)))
    return outline


def top_units(clauses: list[Clause], depth: int) -> list[Clause]:
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


def first_part(clause: Clause) -> str:
    """A list item's gist, verbatim: the title before ": " when titled, else its first sentence."""
    text = quoted(clause)
    head, sep, _ = text.partition(": ") if render_row(clause) is None else ("", "", "")
    if sep and len(head) < 300 and not head.startswith(("Kính gửi", "Nơi nhận")):
        return head
    sents = split_sentences(clause)
    return sents[0].text if sents else text


def document_points(doc_clauses: list[Clause]) -> list[Clause]:
    """A document's top-level points in order ("Một là …", 1. … 7., II.1 … II.6), for a summary."""
    ordinals = [x for x in doc_clauses if re.fullmatch(r"o\d+", x.path[0])]
    if len(ordinals) >= 2:
        return ordinals
    body = [x for x in doc_clauses if x.kind != "header" and not re.fullmatch(r"[pc]\d+|ket", x.path[0])]
    tops = top_units(body, 0)
    if len(tops) >= 2 and all(re.fullmatch(r"[IVX]+", c.path[0]) for c in tops):
        seconds = top_units([x for x in body if len(x.path) >= 2], 1)
        return seconds if len(seconds) >= 2 else tops
    if len(tops) >= 2:
        return tops
    return [x for x in doc_clauses if x.kind == "body"][:6]


# ---- the list strategies (answer/__init__.py) -------------------------------------------------------------
SHORT_CLAUSE = 600  # characters: a clause this short is quoted whole


def section(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    """ "Kế hoạch … nêu những mục đích gì?", "… có mấy nhóm nhiệm vụ?": a list question whose topic a
    heading of the named document holds is answered with that heading's items, whatever was retrieved."""
    if not query.is_list or not query.doc_ids:
        return []
    doc = r.by_doc.get(query.doc_ids[0], [])
    terms = r.topic_terms(query)
    folded = normalize.folded_key(query.text)
    if UNITS_Q.search(folded):  # "những nhóm nhiệm vụ nào": the units are the topic
        naming = r.naming(query)
        terms = [t for t in query.terms if t not in naming and t not in SUMMARY_WORDS]
    # "các chỉ tiêu …": a heading named by words that are stopwords one by one
    terms = terms + [w for p in PART_PAIRS if re.search(rf"\b{p}\b", folded) for w in p.split()]
    heading = r.named_part(query)[0] or named_section(doc, terms, query.text)
    if heading is None:
        return []
    # "chỉ tiêu … năm 2027" under "II. CHỈ TIÊU, NHIỆM VỤ": the heading whose items set that year
    if query.years:
        heading = _year_heading(doc, heading, set(query.years)) or heading
    depth = len(heading.path) + 1
    items = [c for c in doc if c.path[: len(heading.path)] == heading.path and len(c.path) == depth]
    intro = heading
    if (
        items and items[0].kind == "body" and items[0].text.rstrip().endswith(":")
        and not _under(doc, items[0])  # (not "- Năm 2025:", which leads in to items of its own)
    ):  # fmt: skip
        intro, items = items[0], items[1:]  # "Kế hoạch đề ra 3 nhóm nhiệm vụ, giải pháp sau:"
    return list_lines(r, query, items, intro, cites) if len(items) >= 2 else []


def _under(doc: list[Clause], clause: Clause) -> list[Clause]:
    """The items right under a clause ("- Năm 2025:" / "+ …")."""
    return [x for x in doc if x.path[:-1] == clause.path]


def year_lead(text: str) -> set[str]:
    """The years an item's lead-in sets it for ("Đến năm 2027: …", "- Đến năm 2030:"), none for a sentence
    that only mentions a year on its way ("… sơ kết vào quý IV năm 2027 …")."""
    head, colon, _ = strip_marker(text).partition(":")
    return years_said(head) if colon and len(head) <= 40 else set()


def _year_heading(doc: list[Clause], heading: Clause, years: set[str]) -> Clause | None:
    """The one heading inside `heading` (or itself) whose own items hold one of the years, when its items do not."""

    def for_year(h: Clause) -> bool:
        return any(year_lead(x.text) & years for x in _under(doc, h))

    if for_year(heading):
        return None
    inner = [
        h for h in doc
        if h.kind == "heading" and len(h.path) > len(heading.path) and h.path[: len(heading.path)] == heading.path
        and for_year(h)
    ]  # fmt: skip
    return inner[0] if len(inner) == 1 else None


def listed(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    if not (query.is_list or ("count" in query.fact_kinds)):
        return []
    items, intro = list_items(query.text, passages, r.by_doc, list(query.doc_ids))
    if len(items) < 2 or intro is None:
        return []
    return list_lines(r, query, items, intro, cites)


def list_lines(
    r: Reader, query: Query, items: list[Clause], intro: Clause, cites: CitationNumbers
) -> list[str]:
    count = facts.extract("count", intro.text, intro) if "count" in query.fact_kinds else []
    if (
        count and not query.names_items
    ):  # "mấy nhóm?": the number as the intro states it, and the intro quoted
        n = cites.n(intro)
        return [f"{count[0].group(0)} [{n}]", "", f"Trích: „{intro.text.strip()}“ [{n}]"]
    if count:  # "mấy nhóm, kể tên từng nhóm": the number, then the items
        lines = [f"{count[0].group(0)} [{cites.n(intro)}]:"]
    elif intro.kind == "heading":  # a heading is a title, not a statement: shown, not cited
        lines = [f"{intro.label}: {intro.text.strip()}"]
    else:
        lines = [f"{intro.label.split(',')[0]}:"]
    # "nhóm nào nói về nguồn nhân lực?": the one item about that, not the list
    which = which_item(items, list(query.tail_focus) or r.topic_terms(query)) if query.which_one else None
    if which is not None:
        return [f"{quoted(which)} [{cites.n(which)}]"]
    # "các chỉ tiêu đến năm 2027": of items set for several years ("a) Đến năm 2025: …", "b) Đến năm 2027: …"),
    # those for the year asked, whole
    # (a stray page number among them, "2", sets no year and is no item); a lead-in's own items listed under it
    worded = [c for c in items if any(ch.isalpha() for ch in c.text)]
    held = [year_lead(c.text) for c in worded]
    for_year = [c for c, h in zip(worded, held) if h & set(query.years)]
    if for_year and len(for_year) < len(worded) and all(held):
        doc = r.by_doc.get(for_year[0].doc_id, [])
        out = []
        for c in for_year:  # a lead-in ("Năm 2025:") says nothing itself: shown as the title of its items
            kids = _under(doc, c)
            out += (
                [c.text.strip(), *(f"- {quoted(x)} [{cites.n(x)}]" for x in kids)]
                if kids
                else [f"{quoted(c)} [{cites.n(c)}]"]
            )
        return out
    # a paragraph under the heading says its part in full (a list item gives its title or first sentence)
    lines += [
        f"{i}. {gist(c) if paragraph(c) else first_part(c)} [{cites.n(c)}]"
        for i, c in enumerate(items, start=1)
    ]
    return lines


def named_section(doc_clauses: list[Clause], terms: list[str], asked: str = "") -> Clause | None:
    """The heading holding most of the question's topic words ("phần tổ chức thực hiện"), if one holds half;
    among those, the one most of whose own words the question (`asked`) says ("mục đích" names "Mục đích",
    "mục đích, yêu cầu" names "MỤC ĐÍCH, YÊU CẦU"), then the shallowest."""
    # "tóm tắt phần tổ chức thực hiện ở cuối Chỉ thị 38: từng cơ quan …": a part called by its whole heading
    folded = f" {' '.join(normalize.syllables(normalize.folded_key(asked)))} "
    called = [
        c for c in doc_clauses
        if c.kind == "heading" and (h := " ".join(normalize.syllables(normalize.folded_key(c.text))))
        and len(h.split()) >= 2 and (f" phan {h} " in folded or f" muc {h} " in folded)
    ]  # fmt: skip
    if called:
        return min(called, key=lambda c: len(c.path))
    if not terms:
        return None
    said = set(normalize.syllables(normalize.folded_key(asked)))

    def share(c: Clause) -> float:
        words = set(normalize.syllables(normalize.folded_key(c.text)))
        return sum(t in words for t in terms) / len(terms)

    def named(c: Clause) -> float:
        words = normalize.syllables(normalize.folded_key(c.text))
        return sum(w in said for w in words) / len(words) if words else 0.0

    best = max(
        (c for c in doc_clauses if c.kind == "heading"),
        key=lambda c: (share(c), named(c), -len(c.path)),
        default=None,
    )
    return best if best is not None and share(best) >= 0.5 else None


def untitled_part(doc_clauses: list[Clause], terms: list[str]) -> list[Clause]:
    """The clauses of a part without a heading ("phần mở đầu", "phần kết") whose name the question holds."""
    parts: dict[str, list[Clause]] = {}
    for c in doc_clauses:
        bits = c.label.split(", ")
        if c.kind != "header" and len(bits) > 2 and normalize.folded_key(bits[1]).startswith("phan "):
            parts.setdefault(bits[1], []).append(c)
    for name, clauses in parts.items():
        words = normalize.syllables(normalize.folded_key(name))[1:]
        if words and all(w in terms for w in words):
            return clauses
    return []


def paragraph(clause: Clause) -> bool:
    """A plain paragraph of a section ("II/p2"), not a numbered or dashed item."""
    return clause.kind == "body" and bool(re.fullmatch(r"p\d+(?:~\d+)?", clause.path[-1]))


def gist(clause: Clause) -> str:
    """A paragraph quoted whole when short, else its first two sentences (a paragraph has no title)."""
    if len(clause.text) <= SHORT_CLAUSE:
        return quoted(clause)
    return " ".join(s.text for s in split_sentences(clause)[:2]) or clause.text.strip()


def which_item(items: list[Clause], terms: list[str]) -> Clause | None:
    """The item whose words hold most of the question's topic, when one clearly does."""
    topic = [t for t in terms if t not in UNIT_SYLLABLES]
    if not topic or len(items) < 2:
        return None
    # by each item's title (its first part): a long item's body mentions many things
    scored = sorted(((overlap(first_part(c), topic), i) for i, c in enumerate(items)), reverse=True)
    (best, at), (second, _) = scored[0], scored[1]
    return items[at] if best >= 0.5 and best > second else None
