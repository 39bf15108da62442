""" "Tóm tắt …": a document's points, or a part's it names ("tóm tắt phần tổ chức thực hiện"), each
cited; a whole document as its outline (every part with its first points)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..schema import Clause, DocMeta, Query
from ..sources.reflow import strip_marker
from ..text import normalize
from ..text.lexicon import DOC_KINDS, SUMMARY_WORDS
from ..text.sentences import split_sentences
from . import lists
from .citing import CitationNumbers

if TYPE_CHECKING:
    from . import Evidence, Reader


OUTLINE_ITEMS = 6  # points shown under each part of a summarised document
# a heading shorter than this ("Mục đích", "Yêu cầu") says nothing by itself in an outline
BARE_TITLE_WORDS = 5


def summary(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    """A document's points; a part of it ("tóm tắt phần tổ chức thực hiện") when a heading names that part."""
    if not query.is_summary or not (query.doc_ids or passages):
        return []
    # "Tóm tắt chế độ họp của Ban Chỉ đạo": no document named, the best passage's, if a part is named so
    named = bool(query.doc_ids)
    lines: list[str] = []
    for d in list(query.doc_ids)[:3] if named else [passages[0].clause.doc_id]:
        doc = r.by_doc.get(d, [])
        # "tóm tắt báo cáo sơ kết … thực hiện Chỉ thị 38": words of the document's own title name it, not
        # one of its parts
        title = set(normalize.syllables(normalize.folded_key(r.metas[d].title)))
        terms = [t for t in r.topic_terms(query) if t not in title]
        # "tóm tắt các nhóm nhiệm vụ, giải pháp …": words that ask for a list name a part too
        if not terms:
            left_out = SUMMARY_WORDS | r.naming(query) | title
            terms = [t for t in query.terms if t not in left_out]
        attached = attached_part(doc, r.metas[d], query.text)
        if attached:  # "tóm tắt kế hoạch …" of a decision that issues it: the plan attached to it
            doc = attached
        section = lists.named_section(doc, terms, query.text)
        if section is None and not named:
            return []
        part = lists.untitled_part(doc, terms) if section is None else []
        if part:  # "phần mở đầu", "phần kết": paragraphs without a heading, named by the clauses' labels
            lines.append(f"{r.metas[d].short}, {part[0].label.split(', ')[1]}:")
            lines += [f"{i}. {lists.gist(c)} [{cites.n(c)}]" for i, c in enumerate(part[:10], start=1)]
            continue
        if section is None and terms:
            continue  # a topic no part is named after ("mục tiêu đến năm 2030"): the best passages say it
        if section is not None:
            kids = [c for c in doc if c.path[: len(section.path)] == section.path and c is not section]
            # its own points (IV.1 … IV.6), not the first items of its first point; points that are bare
            # titles ("1. Mục đích", "2. Yêu cầu") say nothing: their items then
            units = lists.top_units(kids, len(section.path))
            bare = all(u.kind == "heading" and len(u.text.split()) < 5 for u in units)
            points = (
                units if len(units) >= 2 and not bare else lists.document_points(kids) if kids else [section]
            )
            lines.append(f"{section.label}: {section.text.strip()}")
        else:
            what = attached[0].label.split(", ")[1] + " " if attached else ""
            outline = lists.document_outline(doc)
            if outline:  # every part, each with its first points: the document's whole shape
                lines.append(f"{what}{r.metas[d].short} gồm các phần chính:")
                for top, items in outline:
                    lines.append(f"{top.path[0]}. {top.text.strip()}")
                    lines += [
                        _outline_line(i, c, doc, cites) for i, c in enumerate(items[:OUTLINE_ITEMS], start=1)
                    ]
                continue
            points = lists.document_points(doc)
            lines.append(f"{what}{r.metas[d].short} gồm các nội dung chính:")
        lines += [f"{i}. {lists.first_part(c)} [{cites.n(c)}]" for i, c in enumerate(points[:10], start=1)]
    return lines


def attached_part(doc: list[Clause], meta: DocMeta, asked: str) -> list[Clause]:
    """The clauses of a document attached to `meta`'s one ("Kế hoạch kèm theo") when the question names that
    kind and not the document's own: [] otherwise."""
    folded = normalize.folded_key(asked)
    own = normalize.folded_key(meta.kind)
    for kind in DOC_KINDS:
        key = normalize.folded_key(kind)
        if key != own and re.search(rf"\b{key}\b", folded):
            part = [c for c in doc if f", {kind} kèm theo, " in c.label]
            if part:
                return part
    return []


def _outline_line(i: int, item: Clause, doc: list[Clause], cites: CitationNumbers) -> str:
    """One point of a document's outline: a titled point by its title; a bare title ("1. Mục đích") with
    what its first paragraph or item says, cited there."""
    if item.kind != "heading":
        return f"{i}. {_gist_short(item)} [{cites.n(item)}]"
    if len(item.text.split()) < BARE_TITLE_WORDS:
        under = next(
            (
                x
                for x in doc
                if x.kind == "body" and len(x.path) > len(item.path) and x.path[: len(item.path)] == item.path
            ),
            None,
        )
        if under is not None:
            return f"{i}. {strip_marker(item.text).strip()}: {_gist_short(under)} [{cites.n(under)}]"
    return f"{i}. {lists.first_part(item)} [{cites.n(item)}]"


def _gist_short(clause: Clause) -> str:
    """A paragraph standing for a whole part of an outline: its first sentence."""
    sentences = split_sentences(clause)
    return sentences[0].text if sentences else clause.text.strip()
