"""Lists: the items a list question asks for, in document order, with the clause that introduces them;
and a document's own points, which is what a summary ("tóm tắt …") quotes."""

from __future__ import annotations

import re

from ..schema import Clause, Passage
from ..text import normalize
from ..text.lexicon import POINT_UNITS
from ..text.sentences import quoted, render_row, split_sentences

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
