"""The reader: scores the sentences of the top clauses, so the answer quotes the sentence that answers even
when it stands in the 2nd–5th clause.

One fused score per sentence: dense similarity of the sentence's own vector to the question and IDF-weighted
overlap with the question's terms (word pairs count half; a term weighs less the more of the candidate
sentences hold it), each standardised over the candidates so that neither drowns the other, plus the rank of
its clause; squashed into (0, 1). A sentence is matched together with its clause's nearest heading (a
paragraph under "2. Sở Tài chính" is about that office without naming it), a lead-in ("… như sau:") that
only announces what follows is marked down, and a body the question names counts where some sentences lack
it. Sentence vectors come from `sentence_vectors.SentenceVectors` (made once, cached on disk; an add job
makes its document's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..names import head_at
from ..schema import Clause, Passage, Query
from ..sentence_vectors import SentenceVectors
from ..sources.reflow import strip_marker
from ..text import normalize
from ..text.lexicon import years_said
from ..text.sentences import Sentence, render_row, split_sentences, table_row

# weights of the fused sentence score (standardised signals); chosen on the train split, checked on dev
W_DENSE, W_LEXICAL, W_RANK, W_NAMED, W_LEAD_IN, W_HAND_OVER = 1.0, 0.75, 1.0, 0.5, 1.0, 2.0
W_YEAR = 0.5  # a sentence (or the lead-in above it) setting the target year the question names, not another
# a sentence that only announces what follows ("… như sau:"), or only hands the text over ("… kính báo cáo Ủy
# ban nhân dân tỉnh xem xét, chỉ đạo./.", "Trên đây là báo cáo …"), or closes it with a request that names no
# task ("… đề nghị các chi, đảng bộ cơ sở … phối hợp triển khai thực hiện.", "Trong quá trình thực hiện, nếu
# có khó khăn, vướng mắc …"): formulas, which answer nothing
_LEAD_IN = re.compile(r"\b(?:như sau|sau đây)\s*:\s*$")
_HAND_OVER = re.compile(
    r"\bkính (?:báo cáo|trình)\b.{0,80}$|^Trên đây là (?:báo cáo|kết quả)\b"
    r"|^(?=.{0,240}$).*\b(?:đề nghị|yêu cầu)\b.*\b(?:phối hợp |nghiêm túc |khẩn trương )?"
    r"(?:triển khai|tổ chức) thực hiện(?: (?:tốt|có hiệu quả|nghiêm túc))?\s*(?:\./\.|\.)?$"
    r"|^Trong quá trình (?:triển khai |tổ chức )?thực hiện, nếu có (?:khó khăn|vướng mắc)"
)


@dataclass(frozen=True)
class ScoredSentence:
    sentence: Sentence
    rank: int  # rank of its clause among the passages (0 = best)
    dense: float
    lexical: float
    score: float  # the fused score, in (0, 1)


@lru_cache(maxsize=65536)
def text_syllables(text: str) -> tuple[str, ...]:
    """A sentence's folded syllables: each sentence is read several times per question (and across them)."""
    return tuple(normalize.syllables(normalize.folded_key(text)))


def idf_overlap(text: str, terms: list[str], idf: dict[str, float]) -> float:
    """Share of the terms' IDF weight the text holds; adjacent term pairs count half."""
    if not terms:
        return 0.0
    syl = text_syllables(text)
    have, pairs_have = set(syl), set(zip(syl, syl[1:]))
    unseen = max(idf.values(), default=1.0) + 1.0
    w = [idf.get(t, unseen) for t in terms]
    uni = sum(x for t, x in zip(terms, w) if t in have) / sum(w)
    pairs = list(zip(terms, terms[1:]))
    if not pairs:
        return uni
    pw = [max(idf.get(a, unseen), idf.get(b, unseen)) for a, b in pairs]
    return 0.5 * uni + 0.5 * sum(x for p, x in zip(pairs, pw) if p in pairs_have) / sum(pw)


def score_sentences(
    query: Query, passages: list[Passage], qvec: np.ndarray | None, vectors: SentenceVectors | None,
    idf: dict[str, float], top: int = 5, orgs: list[str] | None = None,
) -> list[ScoredSentence]:  # fmt: skip
    """Every sentence of the `top` best clauses (headings and titles left out), best first; `orgs`: the
    bodies the question names (default: every known one; a premise correction leaves the wrong one out)."""
    terms = list(query.terms)
    candidates = [
        (rank, s)
        for rank, p in enumerate(passages[:top])
        if p.clause.kind != "heading" or states(p.clause)
        for s in split_sentences(p.clause) or [Sentence(p.clause, p.clause.text, 0)]
    ]
    # a paragraph under "2. Sở Tài chính" says what that body does without naming it: the nearest heading is
    # part of what its sentences are matched against
    # (a table row by its cells: its column names, in every row, say nothing of what the question asks)
    matched = [
        " ".join(cells) if (cells := table_row(s.clause.text)) and render_row(s.clause)
        else f"{nearest_heading(s.clause)} {s.text}".strip()
        for _, s in candidates
    ]  # fmt: skip
    weights = _discriminating(terms, matched, idf)
    if orgs is None:
        orgs = [n.text for n in query.named if n.kind == "organization" and n.known]
    dense, lex, named = [], [], []
    for (_rank, s), text in zip(candidates, matched):
        v = vectors.get(s.text) if vectors is not None else None
        dense.append(float(np.dot(qvec, v)) if (qvec is not None and v is not None) else 0.0)
        lex.append(idf_overlap(text, terms, weights))
        named.append(sum(_holds_name(text, o) for o in orgs) / len(orgs) if orgs else 0.0)
    # each signal standardised over the candidates (dense similarities differ by hundredths, overlaps by
    # tenths), then fused; the logistic keeps scores in (0, 1) so "nearly as good" stays a ratio. A body the
    # question names ("Sở Công Thương") tells the sentences apart only where some lack it (the issuer, in
    # every sentence, does not).
    fused = W_DENSE * _standard(dense) + W_LEXICAL * _standard(lex) + W_NAMED * _standard(named)
    if query.years:  # "chỉ tiêu đến năm 2027": the sentences for that year, not those for 2030
        asked = set(query.years)
        held = [years_said(text) for text in matched]
        fused = fused + W_YEAR * _standard([1.0 if h & asked else -1.0 if h else 0.0 for h in held])
    # "… ban hành Kế hoạch thực hiện như sau:" announces what follows and answers nothing by itself
    lead_in = np.array(
        [
            W_LEAD_IN if _LEAD_IN.search(s.text) else W_HAND_OVER if _HAND_OVER.search(s.text) else 0.0
            for _, s in candidates
        ]
    )
    fused = fused - lead_in
    out = [
        ScoredSentence(s, rank, d, x, float(1 / (1 + np.exp(-(f + W_RANK / (1 + rank))))))
        for (rank, s), d, x, f in zip(candidates, dense, lex, fused)
    ]
    out.sort(key=lambda x: -x.score)
    return out


# a heading this long, ending as a sentence does, says something itself
STATEMENT_WORDS = 8


def states(clause: Clause) -> bool:
    """Whether a heading is a statement of its own ("… ban hành kế hoạch trước ngày 31/12/2024; trong đó:"),
    not only a title over its items ("Nâng cao hiệu lực, hiệu quả quản lý nhà nước …": no full stop)."""
    text = clause.text.strip()
    return clause.kind == "heading" and text.endswith((":", ".")) and len(text.split()) >= STATEMENT_WORDS


def _holds_name(text: str, name: str) -> bool:
    """Whether the text holds the name, or its first three syllables on ("Sở Công Thương" for "Sở Công Thương
    Quảng Hà": a question adds the place a document leaves implicit)."""
    syl, have = text_syllables(name), " ".join(text_syllables(text))
    # "Việt Nam", "Long An": a place, in half the sentences, not a body that tells them apart
    if len(syl) < 3:
        return False
    return any(f" {' '.join(syl[:n])} " in f" {have} " for n in range(len(syl), 2, -1))


def nearest_heading(clause: Clause) -> str:
    """The last of the headings above a clause ("V. TỔ CHỨC THỰC HIỆN > 2. Sở Tài chính" -> "2. Sở Tài chính")."""
    return clause.heading.rsplit(" > ", 1)[-1]


def body_heading(clause: Clause) -> str:
    """The nearest heading when it names a body ("1. Phòng Kinh tế", "6. Đề nghị Ủy ban Mặt trận …"): the
    paragraphs under it say what that body does, so a fact in them is about it; a topic heading ("3. Chính
    sách hỗ trợ") binds nothing, being equally about every sentence under it."""
    heading = strip_marker(nearest_heading(clause)).strip()
    folded = normalize.folded_key(heading).removeprefix("de nghi ")
    return heading if head_at(folded) else ""


def _standard(values: list[float]) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64)
    sd = v.std() if len(v) else 0.0
    return (v - v.mean()) / sd if sd > 1e-9 else np.zeros_like(v)


def _discriminating(terms: list[str], texts: list[str], idf: dict[str, float]) -> dict[str, float]:
    """Each term's IDF scaled by the share of candidate sentences that lack it: a word every candidate holds
    (the named document's own name, "Ban Tuyên giáo …" in each of its paragraphs) tells none apart."""
    if not texts:
        return idf
    held = [set(text_syllables(t)) for t in texts]
    unseen = max(idf.values(), default=1.0) + 1.0
    out = {}
    for t in set(terms):
        lacking = sum(t not in h for h in held) / len(held)
        out[t] = idf.get(t, unseen) * max(0.05, lacking)
    return out


def pick(
    scored: list[ScoredSentence], k: int, spread: bool = False, min_ratio: float = 0.9
) -> list[ScoredSentence]:
    """The best k sentences within `min_ratio` of the best score; one per document first when `spread`."""
    if not scored:
        return []
    floor = scored[0].score * min_ratio
    chosen: list[ScoredSentence] = []
    if spread:
        docs: set[str] = set()
        for s in scored:
            d = s.sentence.clause.doc_id
            if d not in docs and s.score >= scored[0].score * 0.75:
                docs.add(d)
                chosen.append(s)
    for s in scored:
        if len(chosen) >= k:
            break
        if s not in chosen and s.score >= floor:
            chosen.append(s)
    return chosen[: max(k, len(chosen) if spread else k)]
