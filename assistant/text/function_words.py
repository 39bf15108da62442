"""Vietnamese function words (accented matching keys): a phrase that starts or ends with one is not a whole term,
and a syllable pair holding one carries no topic. Unlike lexicon.STOPWORDS (folded, with the domain's own
vocabulary), these keep "tiêu chuẩn", "chất lượng" as content."""

from __future__ import annotations

from . import normalize

FUNCTION_WORDS = frozenset(
    normalize.key(w)
    for w in "và của các với về cho trong để theo từ đến những là có được nhằm tại một số như đối này đó".split()
)
