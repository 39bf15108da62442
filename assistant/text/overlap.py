"""How much of a question's topic a text holds: content terms, word and word-pair overlap, IDF coverage."""

from __future__ import annotations

from ..schema import Passage
from . import normalize
from .lexicon import (
    ACCENTED_FACT_PAIRS,
    ACCENTED_FACT_WORDS,
    ACCENTED_STOPWORDS,
    FACT_WORDS,
    FOLDED_TOPIC_PAIRS,
    SLOT_NOUNS,
    STOPWORDS,
)


def content_terms(question: str, folded: bool = True, fact_words: bool = False) -> list[str]:
    """Topic syllables of a question (accented keys unless folded; "phạt" is not "phát"). In a question typed
    with accents each syllable is judged in its own spelling ("lực" is a topic word, "lúc" is not); in one
    typed without them a syllable could be either, and is judged on the folded list. With `fact_words` the
    words that ask for a kind of fact ("ngày nào", "số hiệu", "bao nhiêu") are left out too: the focus."""
    syl = normalize.syllables(normalize.key(question))
    accented = normalize.has_diacritics(question)
    drop = [False] * len(syl)
    if fact_words and accented:
        for i, pair in enumerate(zip(syl, syl[1:])):
            if pair in ACCENTED_FACT_PAIRS:
                drop[i] = drop[i + 1] = True
    if fact_words:
        folded_syl = [normalize.fold(s) for s in syl]
        for i, f in enumerate(folded_syl):
            if f == "nao":  # "cơ quan nào", "bộ nào": the slot the answer fills
                for n in (2, 1):
                    if i >= n and tuple(folded_syl[i - n : i]) in SLOT_NOUNS:
                        drop[i - n : i] = [True] * n
                        break
    topic = [False] * len(syl)  # typed without accents, a pair that is a topic keeps both syllables
    if not accented:
        for i, pair in enumerate(zip(syl, syl[1:])):
            if pair in FOLDED_TOPIC_PAIRS:
                topic[i] = topic[i + 1] = True
    out = []
    for s, dropped, kept in zip(syl, drop, topic):
        f = normalize.fold(s)
        stop = not kept and (s in ACCENTED_STOPWORDS if accented else f in STOPWORDS)
        if fact_words and not kept:
            stop = stop or dropped or (s in ACCENTED_FACT_WORDS if accented else f in FACT_WORDS)
        if stop or len(f) < 2 or f.isdigit():
            continue
        out.append(f if folded else s)
    return out


def overlap(sentence: str, terms: list[str]) -> float:
    """Half syllables, half adjacent syllable pairs: "ngân sách" must not match "chính sách"."""
    if not terms:
        return 0.0
    syl = normalize.syllables(normalize.folded_key(sentence))
    have = set(syl)
    uni = sum(1 for t in terms if t in have) / len(terms)
    pairs = list(zip(terms, terms[1:]))
    if not pairs:
        return uni
    have_pairs = set(zip(syl, syl[1:]))
    return 0.5 * uni + 0.5 * sum(1 for p in pairs if p in have_pairs) / len(pairs)


def coverage(
    question: str, passages: list[Passage], idf: dict[str, float] | None = None, top: int = 3
) -> float:
    """How much of the question's topic the best clauses hold: rare words weigh most, word pairs count half.

    Low means the documents do not say: a word no document uses ("phạt", "Bình Dương") weighs most, and
    "mức phạt" must appear as a pair, not as "mức" here and "phát" there.
    """
    folded = not normalize.has_diacritics(question)
    terms = content_terms(question, folded=folded)
    if not terms:
        return 1.0
    text = " ".join(p.clause.heading + " " + p.clause.text for p in passages[:top])
    syl = normalize.syllables(normalize.folded_key(text) if folded else normalize.key(text))
    have, have_pairs = set(syl), set(zip(syl, syl[1:]))
    idf = idf or {}
    unseen = max(idf.values(), default=1.0) + 1.0

    def w(t: str) -> float:
        return idf.get(t, unseen)

    uni = sum(w(t) for t in terms if t in have) / sum(w(t) for t in terms)
    pairs = [p for p in zip(terms, terms[1:])]
    if not pairs:
        return uni
    pair_w = [max(w(a), w(b)) for a, b in pairs]
    bi = sum(pw for p, pw in zip(pairs, pair_w) if p in have_pairs) / sum(pair_w)
    return 0.5 * uni + 0.5 * bi
