"""Citing: the numbers [1], [2] … an answer gives the clauses it quotes, in the order it first uses them;
the line that corrects a premise; the Answer a strategy's lines make."""

from __future__ import annotations

from ..schema import Answer, Citation, Clause, Passage, Query
from . import premises

READ_TOP = 5  # the reader scores the sentences of this many best passages


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


def done(
    query: Query, lines: list[str], cites: CitationNumbers, passages: list[Passage], route: str
) -> Answer:
    """The answer a strategy's lines make, with the clauses it cited and the passages it was built from."""
    return Answer(
        query.question, "\n".join(lines), False, cites.citations(), _read_first(passages, cites), route=route
    )


def _read_first(passages: list[Passage], cites: CitationNumbers) -> list[Passage]:
    """The answer's passages are what it was built from: a clause it cites that the search did not rank among
    the passages read (a header, a fact sheet's source, a heading's items, a summary's points) leads them, marked
    `via="read"`, in the order the answer cites it; the rest keep their rank (the evaluation scores the search
    alone on them)."""
    read = {p.clause.id for p in passages[:READ_TOP]}
    extra = [c for c in cites.order if c.id not in read]
    if not extra:
        return passages
    top = max((p.score for p in passages), default=0.0) + 1.0
    ids = {c.id for c in extra}
    return [Passage(c, top - i * 1e-3, via="read") for i, c in enumerate(extra)] + [
        p for p in passages if p.clause.id not in ids
    ]


def correction_line(c: premises.Correction, cites: CitationNumbers) -> str:
    """ "Lưu ý: <correction> [n] — văn bản ghi: „<the clause's own words>“." """
    if c.clause is None:
        return f"Lưu ý: {c.text}."
    quote = f" — văn bản ghi: „{c.quote}“" if c.quote else ""
    end = "" if c.quote[-1:] and c.quote[-1] in ".!?…" else "."
    return f"Lưu ý: {c.text} [{cites.n(c.clause)}]{quote}{end}"
