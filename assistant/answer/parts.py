"""A question that asks several things, answered part by part.

"Tổ giúp việc do ai thành lập, và ai làm Tổ trưởng?" is read whole first; each ask (Query.asks, a later
one with the first as its context) is then answered on its own, and what it adds — a clause the whole
answer does not cite — follows, its markers renumbered. An ask that is refused, or only corrects a premise,
adds nothing. A whole answer that is refused stays refused (a part the documents do not answer is not
hidden behind one they do), unless it was refused only for want of one sentence holding every fact asked
and each ask, read alone, is answered.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..schema import Answer, Citation

_MARKER = re.compile(r"\[(\d+)\]")


def merge(first: Answer, later: list[Answer]) -> Answer:
    """The whole question's answer with what each ask adds, cited on one numbering."""
    if first.refused:
        # read whole, no sentence held every fact asked; each ask answered on its own: the parts are the answer
        if first.reason == "fact-unbound" and later and not any(a.refused for a in later):
            return merge(replace(later[0], question=first.question, passages=first.passages), later[1:])
        return first
    citations = list(first.citations)
    number = {c.clause.id: c.n for c in citations}
    texts = [first.text]
    for sub in later:
        if sub.refused or sub.route == "premise" or not sub.citations:
            continue
        if all(c.clause.id in number for c in sub.citations) and _said(sub.text, first.text):
            continue  # nothing the first answer does not cite and say already
        renumber: dict[int, int] = {}
        for c in sub.citations:
            if c.clause.id not in number:
                number[c.clause.id] = len(number) + 1
                citations.append(Citation(number[c.clause.id], c.clause))
            renumber[c.n] = number[c.clause.id]
        texts.append(
            _MARKER.sub(lambda m, to=renumber: f"[{to.get(int(m.group(1)), int(m.group(1)))}]", sub.text)
        )
    if len(texts) == 1:
        return first
    seen = {p.clause.id for p in first.passages}
    passages = first.passages + [
        p for sub in later if not sub.refused for p in sub.passages[:3] if p.clause.id not in seen and not seen.add(p.clause.id)
    ]  # fmt: skip
    return replace(first, text="\n\n".join(texts), citations=citations, passages=passages, route=first.route)


def _said(part: str, whole: str) -> bool:
    """Whether the whole answer already says what a part's first line says ("Bùi Thanh Sơn (Phó Thủ tướng
    …)" is new beside a date reckoning that cites the same clause)."""
    first = _MARKER.sub("", part.split("\n", 1)[0]).strip()
    return not first or first in whole
