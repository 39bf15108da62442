"""Helpers for the reader's tests on documents written in the tests: no index, no retrieval under test."""

from __future__ import annotations

from assistant.answer import Reader
from assistant.clauses import parse_clauses
from assistant.names import Catalog
from assistant.schema import DocMeta, Passage, SourceDoc
from assistant.text import normalize
from assistant.text.sentences import split_sentences


def knowing(clauses: list, metas: dict[str, DocMeta]) -> Reader:
    """A reader whose IDF knows every word of the clauses (so it can tell a typo from a word it has)."""
    vocab = {t for c in clauses for t in normalize.syllables(normalize.folded_key(c.text))}
    return Reader(clauses, metas, {t: 1.0 for t in vocab})


def reading(meta: DocMeta, text: str) -> tuple[Catalog, Reader]:
    """A document written in the test: its catalog and a reader that knows every word of it."""
    clauses = parse_clauses(SourceDoc(meta, text))
    return Catalog.build({meta.id: meta}, clauses), knowing(clauses, {meta.id: meta})


def invented(meta: DocMeta, text: str) -> tuple[Catalog, list]:
    """A document written in the test: its catalog and every sentence of it (for `facts.bound_fact`)."""
    clauses = parse_clauses(SourceDoc(meta, text))
    return Catalog.build({meta.id: meta}, clauses), [(s, 0) for c in clauses for s in split_sentences(c)]


def passages_for(reader: Reader, words: str) -> list[Passage]:
    """The plan's clauses ranked by plain word overlap: stands in for retrieval, which is not under test."""
    terms = set(normalize.folded_key(words).split())
    ranked = sorted(reader.clauses, key=lambda c: -len(terms & set(normalize.folded_key(c.text).split())))
    return [Passage(c, 1.0 / (i + 1)) for i, c in enumerate(ranked)]
