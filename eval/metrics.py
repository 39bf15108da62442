"""Evaluation metrics: plain functions over ids, texts and flags, so they can be tested by hand.

Conventions shared by every function here:
- Text matching goes through `normalize.contains` (case, NFC, tone placement hoá/hóa, spacing ignored).
- Retrieval and citation metrics apply to ANSWERABLE questions only (kind != "unanswerable").
- Citation precision is averaged over answerable, NON-REFUSED answers (a refusal cites nothing to judge).
  A refused answerable question is counted by `false_refusal_rate`, scores 0 citation recall
  (`citation_recall(..., refused=True)`) and 0 key-fact coverage (its text holds none of the facts), and
  recall and key facts are averaged over all answerable questions.
- A function that has nothing to measure returns None (not 0), and `mean` skips Nones.
- A false-premise question is answerable (its gold is the clause with the true fact) and is scored like the
  others, plus `premise_corrected`. A summary is scored like a list: key facts and citation recall over the
  document's points.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from assistant.text import normalize

KeyFact = str | Sequence[str]  # one fact, or alternatives of which any one counts


def hit_at_k(retrieved_ids: Sequence[str], gold_ids: Iterable[str], k: int) -> float:
    """1.0 if any gold id is among the first k retrieved ids, else 0.0 (0.0 when there is no gold)."""
    gold = set(gold_ids)
    return 1.0 if any(r in gold for r in list(retrieved_ids)[:k]) else 0.0


def reciprocal_rank(retrieved_ids: Sequence[str], gold_ids: Iterable[str]) -> float:
    """1 / rank (1-based) of the first retrieved id that is gold; 0.0 when none is retrieved."""
    gold = set(gold_ids)
    for rank, r in enumerate(retrieved_ids, start=1):
        if r in gold:
            return 1.0 / rank
    return 0.0


def holds_evidence(
    clause_id: str, clause_text: str, gold_ids: Iterable[str], evidence_spans: Iterable[str]
) -> bool:
    """A cited clause holds gold evidence: its id is gold, or its text contains one evidence span."""
    if clause_id in set(gold_ids):
        return True
    return any(span.strip() and normalize.contains(clause_text, span) for span in evidence_spans)


def citation_precision(
    cited_ids: Sequence[str],
    cited_texts: Sequence[str],
    gold_ids: Iterable[str],
    evidence_spans: Iterable[str],
) -> float:
    """ALCE citation precision adapted to clauses: share of cited clauses that hold gold evidence.

    A citation is precise when its clause id is a gold id or its text contains an evidence span
    (`holds_evidence`). Meant for an answerable, non-refused answer; an empty citation list scores 0.0,
    since an uncited answer cannot be checked against the documents.
    """
    gold, spans = list(gold_ids), list(evidence_spans)
    if not cited_ids:
        return 0.0
    precise = sum(
        holds_evidence(cid, text, gold, spans) for cid, text in zip(cited_ids, cited_texts, strict=True)
    )
    return precise / len(cited_ids)


def citation_recall(
    cited_ids: Sequence[str],
    cited_texts: Sequence[str],
    gold_ids: Iterable[str],
    evidence_spans: Iterable[str],
    refused: bool = False,
) -> float | None:
    """ALCE citation recall adapted to clauses: share of gold evidence spans found in a cited clause.

    A span is covered when at least one cited clause text contains it. Without evidence spans, the share
    of gold clause ids that are cited is used instead; with neither, None (nothing to recall).
    A refused answer, or an empty citation list, scores 0.0.
    """
    spans = [s for s in evidence_spans if s.strip()]
    gold = list(dict.fromkeys(gold_ids))
    if not spans and not gold:
        return None
    if refused or not cited_ids:
        return 0.0
    if spans:
        covered = sum(any(normalize.contains(text, s) for text in cited_texts) for s in spans)
        return covered / len(spans)
    cited = set(cited_ids)
    return sum(g in cited for g in gold) / len(gold)


def fact_found(answer_text: str, fact: KeyFact) -> bool:
    """Whether a key fact (or any one of its alternatives) occurs in the answer text."""
    options = [fact] if isinstance(fact, str) else list(fact)
    return any(o.strip() and normalize.contains(answer_text, o) for o in options)


def key_fact_coverage(answer_text: str, key_facts: Sequence[KeyFact]) -> float | None:
    """Share of key facts present in the answer text (normalize.contains); None when there are none.

    A refused answer is scored like any other: its text normally holds none of the facts, so 0.0.
    """
    if not key_facts:
        return None
    return sum(fact_found(answer_text, f) for f in key_facts) / len(key_facts)


def premise_corrected(answer_text: str, refused: bool, corrections: Sequence[str]) -> float | None:
    """1.0 when a false premise was corrected: the answer is not a refusal and states every true fact.

    `corrections` are the substrings the correction must contain (the true issuer, signer, date, count...);
    matching ignores case, tone placement and spacing. None when there is nothing to correct.
    """
    wanted = [c for c in corrections if c.strip()]
    if not wanted:
        return None
    if refused:
        return 0.0
    return 1.0 if all(normalize.contains(answer_text, c) for c in wanted) else 0.0


def refusal_rate(refused_flags: Iterable[bool]) -> float | None:
    """Share of refused answers; pass the UNANSWERABLE questions' flags (higher is better). None if empty."""
    flags = list(refused_flags)
    return sum(flags) / len(flags) if flags else None


def false_refusal_rate(refused_flags: Iterable[bool]) -> float | None:
    """Share of refused answers; pass the ANSWERABLE questions' flags (lower is better). None if empty."""
    return refusal_rate(refused_flags)


def mean(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean of the values that are not None; None when there are none."""
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def percentile(values: Iterable[float], p: float) -> float | None:
    """p-th percentile (0..100), linear interpolation between closest ranks (numpy's default); None if empty."""
    vals = sorted(values)
    if not vals:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    pos = (len(vals) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)


def spans_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Half-open intervals [a_start, a_end) and [b_start, b_end) share at least one character."""
    return a_start < b_end and b_start < a_end
