"""Questions over a table's rows: "Sở Công Thương phối hợp những nhiệm vụ nào?", "Những nhiệm vụ nào phải xong
trong năm 2026?", "Hiệp hội Doanh nghiệp phối hợp mấy việc?".

A plan's appendix lists its tasks one row each ("TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian
hoàn thành | …"). Such a question is answered by every row of the table whose cell holds what the question
names — a body, a year or quarter, "hằng năm" — in the column the question points at ("phối hợp", "chủ trì",
a time), not by the one row the search ranked first.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..schema import Clause, Passage, Query
from ..text import normalize
from ..text.sentences import render_row, table_row
from .citing import CitationNumbers

if TYPE_CHECKING:
    from . import Evidence, Reader

# the column a question points at, by words of the question and of the column's name (folded)
_COLUMNS = (
    (re.compile(r"\bphoi hop\b"), re.compile(r"\bphoi hop\b")),
    (re.compile(r"\bchu tri\b"), re.compile(r"\bchu tri\b")),
)
_TIME_COLUMN = re.compile(r"\b(?:thoi gian|thoi han|hoan thanh|tien do)\b")
_QUARTER = re.compile(r"\bquy ([ivx]+) ?/ ?(\d{4})\b")
_EVERY_YEAR = re.compile(r"\bhang nam\b")
_MOST = re.compile(r"\b(?:nhieu(?: \w+)? nhat|lon nhat|cao nhat)\b")  # "nhiều (tiền) nhất"
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")


def source_row(passages: list[Passage]) -> Clause | None:
    """The first table row among the best passages: the table a table answer reads."""
    return next((p.clause for p in passages[:3] if render_row(p.clause)), None)


def header(row: Clause) -> list[str]:
    """The cells of the header of the table ``row`` belongs to (the last part of its heading)."""
    return table_row(row.heading.rsplit(" > ", 1)[-1]) or []


def matching_rows(query: Query, first: Clause, doc: list[Clause]) -> list[Clause]:
    """The rows of ``first``'s table (in ``doc``) that hold every value the question names; [] when the
    question names none or asks no list."""
    folded_q = f" {normalize.folded_key(query.text)} "
    names = [normalize.folded_key(h) for h in header(first)]
    rows = [c for c in doc if c.heading == first.heading and render_row(c)]
    if _MOST.search(folded_q):  # "nội dung nào tốn nhiều tiền nhất?": the row with the largest figure
        return _most(rows, names)
    if not (query.is_list or "count" in query.fact_kinds):
        return []
    wanted: list[tuple[str, int | None]] = []  # (folded value, column or None for the whole row)
    org_column = next(
        (i for q, col in _COLUMNS if q.search(folded_q) for i, n in enumerate(names) if col.search(n)), None
    )
    for n in query.named:
        if n.kind == "organization" and n.known:
            wanted.append((normalize.folded_key(n.text), org_column))
    time_column = next((i for i, n in enumerate(names) if _TIME_COLUMN.search(n)), None)
    for m in _QUARTER.finditer(folded_q):
        wanted.append((f"quy {m.group(1)}/{m.group(2)}", time_column))
    if not any(v.startswith("quy") for v, _ in wanted):
        wanted += [(y, time_column) for y in query.years]
    if _EVERY_YEAR.search(folded_q):
        wanted.append(("hang nam", time_column))
    if not wanted:
        return []

    def holds(row: Clause, value: str, column: int | None) -> bool:
        cells = table_row(row.text) or []
        where = cells[column] if column is not None and column < len(cells) else row.text
        return value in " ".join(normalize.folded_key(where).replace(" / ", "/").split())

    return [r for r in rows if all(holds(r, v, c) for v, c in wanted)]


def _most(rows: list[Clause], names: list[str]) -> list[Clause]:
    """The row holding the largest figure of the table's first column of figures (a total row left out)."""
    cells = [table_row(r.text) or [] for r in rows]
    column = next(
        (i for i in range(1, len(names)) if sum(1 for c in cells if i < len(c) and _NUMBER.match(c[i])) >= 2),
        None,
    )
    if column is None:
        return []

    def value(c: list[str]) -> float:
        return float(c[column].replace(".", "")) if column < len(c) and _NUMBER.match(c[column]) else -1.0

    ranked = [
        (value(c), r) for c, r in zip(cells, rows, strict=True) if c and c[0].strip()
    ]  # "| Tổng cộng |"
    return [max(ranked, key=lambda x: x[0])[1]] if ranked else []


def table(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    """ "Sở Công Thương phối hợp những nhiệm vụ nào?": every row of the table that holds it (py)."""
    first = source_row(passages)
    rows = matching_rows(query, first, r.by_doc.get(first.doc_id, [])) if first else []
    if not rows:
        return []
    noun = next((h for h in header(first)[1:] if h), "dòng").lower()
    if len(rows) == 1:
        return [f"{render_row(rows[0])} [{cites.n(rows[0])}]"]
    lines = [f"{r.metas[first.doc_id].short} có {len(rows)} {noun} khớp với câu hỏi:"]
    return lines + [f"{i}. {render_row(r)} [{cites.n(r)}]" for i, r in enumerate(rows, start=1)]
