"""Quoting what was read: a bound fact with the sentence it stands in, or the best sentences of the top
clauses (a short clause whole), other clauses only when they score nearly as well."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..schema import Clause, Query
from ..sources.reflow import strip_marker
from ..text import normalize
from ..text.sentences import quoted, split_sentences
from . import facts
from .citing import CitationNumbers
from .lists import SHORT_CLAUSE
from .reader import nearest_heading, pick

if TYPE_CHECKING:
    from . import Evidence, Reader


NEARLY = 0.995  # another clause's sentence is quoted too when it scores this close to the best (train split)
LIST_CLAUSE = 1500  # … and this long, when the question asks for a list (its items are the clause's parts)


def fact_lines(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    found = [f for f in ev.fact_hits.values() if f is not None]
    if not found or query.is_summary:  # "tóm tắt … và các mốc thời hạn": the text, not one of its dates
        return []
    lines, quotes = [], []
    for f in found:
        n = cites.n(f.sentence.clause)
        lines.append(f"{f.value} [{n}]")
        quote = (
            facts.one_line(f.sentence.clause.text) if f.sentence.clause.kind == "header" else f.sentence.text
        )
        quotes.append(f"Trích: „{quote}“ [{n}]")
    return ["\n".join(lines), "", *dict.fromkeys(quotes)]


def sentences(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    """The clause holding the best sentence, quoted whole when short, else by its best sentences; other
    clauses only when they score nearly as well (or, for a question across documents, one per document)."""
    if not ev.scored:
        return []
    best = ev.scored[0]
    chosen = [best]
    if len(query.doc_ids) > 1:  # every document the question names speaks for itself
        chosen = [next(s for s in ev.scored if s.sentence.clause.doc_id == d) for d in query.doc_ids
                  if any(s.sentence.clause.doc_id == d for s in ev.scored)]  # fmt: skip
    elif query.cross:
        chosen = pick(ev.scored, 3, spread=True)
    else:
        chosen += [s for s in ev.scored[1:3] if s.score >= NEARLY * best.score]
    by_clause: dict[str, list] = {}
    for s in chosen:
        by_clause.setdefault(s.sentence.clause.id, []).append(s)
    lines = []
    for group in sorted(by_clause.values(), key=lambda g: min(x.rank for x in g)):
        clause = group[0].sentence.clause
        sents = split_sentences(clause)
        whole = LIST_CLAUSE if query.is_list else SHORT_CLAUSE
        if len(clause.text) <= whole or len(sents) <= 2:
            texts = [quoted(clause)]
        else:
            own = [s for s in ev.scored if s.sentence.clause.id == clause.id][:2]
            starts = sorted({s.sentence.start: s.sentence.text for s in [*group, *own]}.items())
            texts = [text for _, text in starts]
        texts = list(dict.fromkeys(texts))
        title = _subject_heading(clause)
        if title and not normalize.contains(texts[0], title):
            texts[0] = f"{title.rstrip(':')}: {texts[0]}"  # "Sở Tài chính: Tham mưu …": whose task it states
        lines += [f"{t} [{cites.n(clause)}]" for t in texts]
    return lines


def _subject_heading(clause: Clause) -> str:
    """The nearest heading above a paragraph when it is a short name ("2. Sở Tài chính" -> "Sở Tài chính"):
    a paragraph under it states that body's (or that topic's) part without naming it."""
    if clause.kind != "body" or not clause.heading:
        return ""
    title = strip_marker(nearest_heading(clause)).strip()
    return title if 0 < len(title.split()) <= 12 and not title.isupper() else ""
