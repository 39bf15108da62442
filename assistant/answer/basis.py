"""What a document rests on: the "Căn cứ …" and "Thực hiện …" sentences that open it.

"Quyết định … căn cứ vào những văn bản nào?", "Kế hoạch của xã căn cứ kế hoạch số mấy của Thành ủy?": the
answer is where the document says so itself, before its first numbered part, whatever the question's other
words (a cited plan's issuer, "cấp trên") would bind a sentence to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..schema import Clause, Query
from ..text import normalize
from ..text.sentences import split_sentences
from .citing import CitationNumbers
from .facts import FACT_RX

if TYPE_CHECKING:
    from . import Evidence, Reader

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


def basis(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    """ "… căn cứ vào những văn bản nào?": the named document's own opening "Căn cứ …" / "Thực hiện …"."""
    if not query.basis or not 0 < len(query.doc_ids) <= 2:
        return []
    found = [b for d in query.doc_ids for b in basis_sentences(r.by_doc.get(d, []))]
    bound = ev.fact_hits.get("reference")
    own = bound is not None and (
        bound.sentence.clause.kind == "header" or any(bound.sentence.text == text for _, text in found)
    )
    if own and not query.is_list:
        return []  # one cited document asked, bound in the title or opening lines: the fact route gives it
    if not query.is_list and query.asked_kind and query.asked_kind != "van ban":
        # "… triển khai quyết định nào …?": the opening lines that cite a document of that kind
        found = [(c, t) for c, t in found if re.search(rf"\b{query.asked_kind}\b", normalize.folded_key(t))]
    return [f"„{text}“ [{cites.n(clause)}]" for clause, text in found[:8]]
