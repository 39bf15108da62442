"""What a document rests on: the "Căn cứ …" and "Thực hiện …" sentences that open it.

"Quyết định … căn cứ vào những văn bản nào?", "Kế hoạch của xã căn cứ kế hoạch số mấy của Thành ủy?": the
answer is where the document says so itself, before its first numbered part, whatever the question's other
words (a cited plan's issuer, "cấp trên") would bind a sentence to.
"""

from __future__ import annotations

import re

from ..schema import Clause
from ..text.sentences import split_sentences
from .facts import FACT_RX

_OPENS = re.compile(r"^\s*(?:Căn cứ|Thực hiện|Triển khai|Trên cơ sở)\b")  # not "Theo đề nghị …": a proposal
_PREAMBLE = re.compile(r"^p\d+$")  # the opening paragraphs' path, before the first part


def basis_sentences(clauses: list[Clause]) -> list[tuple[Clause, str]]:
    """The document's own statements of what it rests on, in order: (clause, sentence)."""
    out = []
    for c in clauses:
        if c.kind == "header" or not c.path or not _PREAMBLE.match(c.path[0]) or len(c.path) > 1:
            continue
        for s in split_sentences(c):
            if _OPENS.match(s.text) and (FACT_RX["reference"].search(s.text) or "Luật" in s.text):
                out.append((c, s.text))
    return out
