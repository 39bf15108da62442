"""Documents the texts cite ("Kế hoạch số 03-KH/TU ngày 06/10/2025 của …"): their number, date and the clause
that cites them, read from the clauses themselves.

The knowledge base holds a few documents in full and cites many more. A question may reckon with a cited one
("… ra sau Công văn 1847 mấy ngày?"), or state its date or number wrongly ("Kế hoạch 03-KH/TU ban hành ngày
25/7/2025", "Công văn 1874-CV/BTGTU"): both are answered from the sentence that cites it, and cited there.
Made on first use, once per snapshot: one pass of one pattern over the clauses.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ..names import DOC_NUMBER, plain
from ..schema import Clause, Query
from ..text import normalize
from ..text.lexicon import DOC_KIND_CODES

_KINDS = "|".join(sorted(DOC_KIND_CODES, key=len, reverse=True))
_KIND_BEFORE = re.compile(rf"((?:{_KINDS})(?:\s+hành động)?)\s+(?:số\s+)?$", re.IGNORECASE)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?(?:ngày\s+)?(\d{1,2})\s*(?:/|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|\s+năm\s+)\s*(\d{4})"
)
# "Công văn 1847", "kế hoạch số 03": a cited document named by its kind and number only (question, folded)
_SHORT = re.compile(
    r"\b(" + "|".join(sorted(map(normalize.fold, DOC_KIND_CODES), key=len, reverse=True)) + r")"
    r"(?:\s+hanh dong)?\s+(?:so\s+)?(\d+)\b(?![-/]\w)"
)


_CODES = {normalize.fold(k): v for k, v in DOC_KIND_CODES.items()}


# a kind named without a number ("nghị quyết về đào tạo …"), folded
_BARE = re.compile(
    r"\b(" + "|".join(sorted(map(normalize.fold, DOC_KIND_CODES), key=len, reverse=True)) + r")"
    r"(?!\s+(?:hanh dong\s+)?(?:so\s+)?\d)\s+(?:ve|cua|ma|nao)\b"
)


@dataclass(frozen=True)
class CitedRef:
    number: str  # as written: "03-KH/TU"
    kind: str  # the kind written before it ("Kế hoạch"), or ""
    date: dt.date | None
    date_text: str  # the date as written after the number ("06/10/2025"), or ""
    clause: Clause  # where the texts cite it
    context: str = (
        ""  # what the citing text says of it ("… về thực hiện Chương trình đào tạo nguồn nhân lực …")
    )

    @property
    def key(self) -> str:
        return number_key(self.number)

    @property
    def label(self) -> str:
        return f"{self.kind} số {self.number}" if self.kind else self.number


def number_key(number: str) -> str:
    """ "03-KH/TU", "03-kh/tu", "03 - KH/TU" -> "03 kh tu": how document numbers are compared."""
    return " ".join(plain(number))


class References:
    """Every document number the clauses cite, with the date written next to it; the knowledge base's own
    documents (`own`: their numbers) are left out, they have fact sheets."""

    def __init__(self, clauses: list[Clause], own: set[str]):
        own_keys = {number_key(n) for n in own if n}
        found: dict[str, list[CitedRef]] = {}
        for c in clauses:
            for m in DOC_NUMBER.finditer(c.text):
                if number_key(m.group(0)) in own_keys:
                    continue
                kind = _KIND_BEFORE.search(c.text[max(0, m.start() - 30) : m.start()])
                d = _DATE_AFTER.match(c.text[m.end() : m.end() + 40])
                date = None
                if d:
                    try:
                        date = dt.date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
                    except ValueError:
                        date = None
                at = m.end() + d.start(1) if d else 0
                written = c.text[at : m.end() + d.end()] if d else ""
                context = c.text[m.end() : m.end() + 160]
                ref = CitedRef(m.group(0), kind.group(1) if kind else "", date, written, c, context)
                found.setdefault(ref.key, []).append(ref)
        self._refs = {k: _best(v) for k, v in found.items()}

    def get(self, number: str) -> CitedRef | None:
        return self._refs.get(number_key(number))

    def named(self, query: Query) -> list[CitedRef]:
        """The cited documents a question names, in its order: by full number ("03-KH/TU") or by kind and
        number ("Công văn 1847") when exactly one cited number of that kind has those digits."""
        out: list[tuple[int, CitedRef]] = []
        folded = normalize.folded_key(query.text)
        for n in query.cited_numbers:
            ref = self.get(n.text)
            if ref is not None:
                out.append((folded.find(normalize.folded_key(n.text)), ref))
        for m in _SHORT.finditer(folded):
            code = _CODES[m.group(1)]
            hits = [
                r for k, r in self._refs.items()
                if k.split()[0].lstrip("0") == m.group(2).lstrip("0") and k.split()[1] == code
            ]  # fmt: skip
            if len(hits) == 1 and all(r is not hits[0] for _, r in out):
                out.append((m.start(), hits[0]))
        if not out:
            out += self._described(query, folded)
        return [r for _, r in sorted(out, key=lambda x: x[0])]

    def _described(self, query: Query, folded: str) -> list[tuple[int, CitedRef]]:
        """ "Nghị quyết về đào tạo nhân lực mà Long An dựa vào": a kind without a number, described by what
        the named document says of it — the one cited document of that kind there whose citing words share
        at least three of the question's topic syllables, more than any other does."""
        terms = set(query.terms)
        out: list[tuple[int, CitedRef]] = []
        for m in _BARE.finditer(folded):
            code = _CODES[m.group(1)]
            scored = sorted(
                (
                    (len(terms & set(plain(r.context))), r)
                    for k, r in self._refs.items()
                    if k.split()[1] == code and r.clause.doc_id in query.doc_ids
                ),
                key=lambda x: -x[0],
            )
            if scored and scored[0][0] >= 3 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
                out.append((m.start(), scored[0][1]))
        return out

    def near(self, number: str) -> CitedRef | None:
        """The one cited number a mistyped one stands for: same suffix, digits one swap or one change
        away ("1874-CV/BTGTU" for "1847-CV/BTGTU")."""
        key = number_key(number).split()
        if not key or not key[0].isdigit():
            return None
        hits = [
            r for k, r in self._refs.items()
            if k.split()[1:] == key[1:] and _one_slip(k.split()[0], key[0])
        ]  # fmt: skip
        return hits[0] if len(hits) == 1 else None


def _best(refs: list[CitedRef]) -> CitedRef:
    """The citation to quote: one with a date (the date most citations give), with its kind written."""
    dated = [r for r in refs if r.date is not None]
    if not dated:
        return next((r for r in refs if r.kind), refs[0])
    common = Counter(r.date for r in dated).most_common(1)[0][0]
    same = [r for r in dated if r.date == common]
    return next((r for r in same if r.kind), same[0])


def _one_slip(a: str, b: str) -> bool:
    """Two digit strings of one length that differ by one swap of neighbours."""
    if a == b or len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
