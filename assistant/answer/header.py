"""A document's own facts, from its header and fact sheet: the header parts a question asks ("do ai ký,
ngày nào?"), a part the document lacks, and which of several documents came first and how long between."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..names import number_aliases
from ..schema import Clause, Query
from ..text import normalize
from ..text.sentences import split_sentences
from . import facts
from .citing import CitationNumbers

if TYPE_CHECKING:
    from . import Evidence, Reader


def header_parts(r: Reader, query: Query) -> list[str]:
    """The header parts a question about one named document asks for ("do ai ký, ngày nào?" asks two)."""
    if not query.header_part or len(query.doc_ids) != 1 or other_focus(r, query) or query.cited_numbers:
        return []  # with a cited document named, the header asked for is that one's
    parts = [query.header_part]
    # "gửi tới những ai?": the addressees first ("Nơi nhận: - Như trên" refers back to them), unless the
    # question asks for the "nơi nhận" block by its name
    if (
        parts == ["noi-nhan"]
        and "noi nhan" not in normalize.folded_key(query.text)
        and header_fact(r, query.doc_ids[0], "kinh-gui")[0] is not None
    ):
        parts.insert(0, "kinh-gui")
    # "có số hiệu gì, ban hành ngày nào và do cơ quan nào ban hành?" asks three
    parts += [p for p in query.header_parts if p not in parts]
    extra = {"signer": "chu-ky", "number": "so-hieu", "date": "ngay"}
    if query.header_part in ("chu-ky", "ngay", "so-hieu", "co-quan", "loai", "trich-yeu"):
        parts += [extra[k] for k in query.fact_kinds if k in extra and extra[k] not in parts]
    return parts


def other_focus(r: Reader, query: Query) -> bool:
    """Whether the question asks about something inside the document, not the document's own header:
    more than three topic words beside the words naming the document and the things the question names."""
    named = {w for n in query.named for w in normalize.folded_key(n.text).split()}
    # the words that ask for the header part ("ai viết", "tên tác giả") are not another topic, nor those of
    # the document's title that describe it ("Nghị quyết … về chính sách hỗ trợ … có số hiệu là gì?")
    asking = {w for m in query.asking for w in m.split()}
    titles = {w for d in query.doc_ids for w in normalize.syllables(normalize.folded_key(r.metas[d].title))}
    return len([t for t in r.topic_terms(query) if t not in named | asking | titles]) > facts.HEADER_FOCUS


def header_fact(r: Reader, doc_id: str, part: str) -> tuple[Clause | None, facts.SheetFact | None]:
    """The document's header clause for a part, and the fact-sheet value it states."""
    sheet = r.sheets[doc_id]
    value = {
        "chu-ky": sheet.signer,
        "ngay": sheet.date,
        "so-hieu": sheet.number,
        "co-quan": sheet.issuer,
    }.get(part)
    # the kind: stated by the title ("BÁO CÁO …"), a letter's by its subject line and number
    # (a decision's subject is its title's "Về việc …")
    wanted = {"loai": ("tieu-de", "trich-yeu", "so-hieu"), "trich-yeu": ("trich-yeu", "tieu-de")}.get(
        part, (part,)
    )
    clause = next(
        (c for w in wanted for c in r.by_doc.get(doc_id, []) if c.kind == "header" and c.path[0] == w),
        None,
    )
    return (clause or (value.clause if value is not None else None)), value


def missing_header(r: Reader, query: Query) -> str:
    """ "Số hiệu của kế hoạch xã?" when that document gives none: say so (a known absence)."""
    labels = {"ngay": "ngày ban hành", "chu-ky": "người ký", "so-hieu": "số hiệu"}
    parts = header_parts(r, query)
    if not parts or parts[0] not in labels or header_fact(r, query.doc_ids[0], parts[0])[0] is not None:
        return ""
    return f"{r.metas[query.doc_ids[0]].short} (bản hiện có) không ghi {labels[parts[0]]}."


def header(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    facts_lines, quotes = [], []
    for part in header_parts(r, query):
        clause, value = header_fact(r, query.doc_ids[0], part)
        if clause is None:
            continue
        n = cites.n(clause)
        quote = (
            facts.one_line(clause.text)
            if clause.kind == "header"
            else _sentence_with(
                clause,
                value.value if value else "",
                facts.without_place(value.value, r.metas[query.doc_ids[0]].place) if value else "",
            )
        )
        if value is not None and part in ("ngay", "chu-ky", "so-hieu", "co-quan"):
            facts_lines.append(f"{'ngày ' if part == 'ngay' else ''}{value.value} [{n}]")
            quotes.append(f"Trích: „{quote}“ [{n}]")
        elif part == "loai":
            meta = r.metas[query.doc_ids[0]]
            facts_lines.append(f"{meta.short} là {meta.kind.lower()} [{n}]")
            quotes.append(f"Trích: „{quote}“ [{n}]")
        else:
            facts_lines.append(f"{quote} [{n}]")
    if not facts_lines:
        return []
    return ["\n".join(facts_lines), *(["", *dict.fromkeys(quotes)] if quotes else [])]


def dates(r: Reader, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
    """Which of two documents came first, and how long between them: the knowledge base's own from their
    fact sheets, a document the texts cite ("… sau Công văn 1847 mấy ngày?") from the date written next
    to its number, cited there."""
    if "date" not in query.fact_kinds:
        return []
    if not query.date_calc and ("reference" in query.fact_kinds or query.due or query.cited_numbers):
        return []  # the date of a document a text cites, or a deadline a text sets: not the texts' own dates
    cited = [r for r in r.refs.named(query) if r.date] if query.date_calc else []
    # a document named only by its place ("… của Thành ủy Hải Phòng") is there as the cited one's issuer
    folded = f" {normalize.folded_key(query.text)} "
    holders = {r.clause.doc_id for r in cited}
    docs = [
        d for d in query.doc_ids
        if d not in holders or any(f" {a} " in folded for a in number_aliases(r.metas[d]))
    ]  # fmt: skip
    # the documents' own dates answer a reckoning or a question about when they were issued, and only of the
    # few it names ("UBKT Tỉnh ủy kiểm tra … từ ngày nào?" names every provincial document by its level words,
    # and asks a date inside one)
    if len(docs) > _FEW or not (query.date_calc or _ISSUED.search(folded)):
        return []
    dated = [
        (s.date_value, s.meta.short, s.date.value, s.date.clause)
        for s in (r.sheets[d] for d in docs)
        if s.date_value and s.date is not None
    ]
    dated += [(r.date, r.label, r.date_text, r.clause) for r in cited]
    # a document the knowledge base holds and a text cites too is listed once
    once = {(day, label): (day, label, w, c) for day, label, w, c in reversed(dated)}
    dated = list(once.values())[::-1]
    if len(dated) < 2:
        return []
    dated.sort(key=lambda x: x[0])
    lines = []
    for _day, label, written, clause in dated:
        ref = f" [{cites.n(clause)}]" if clause is not None else ""
        lines.append(f"- {label}: ngày {written}{ref}")
    if query.date_calc:  # the arithmetic is ours, from the cited dates
        (d1, first, _, _), (d2, last, _, _) = dated[0], dated[-1]
        span = _span(d1, d2)
        lines.append(
            f"{first} ban hành sớm nhất; {last} ban hành sau đó {(d2 - d1).days} ngày"
            + (f" (khoảng {span})." if span else ".")
        )
    return lines


_FEW = 3
_ISSUED = re.compile(r"\b(?:ban hanh|ky|ra doi|phat hanh|ra van ban)\b")


def _span(d1, d2) -> str:
    """ "5 tháng", "3 năm 3 tháng", "1 năm": whole months between two dates, in years and months ("" when
    under a month)."""
    months = (d2.year - d1.year) * 12 + d2.month - d1.month - (1 if d2.day < d1.day else 0)
    years, rest = divmod(max(0, months), 12)
    if not years:
        return f"{rest} tháng" if rest else ""
    return f"{years} năm {rest} tháng" if rest else f"{years} năm"


def _sentence_with(clause: Clause, *needles: str) -> str:
    """The clause's first sentence holding one of the needles (the first needle first); else the clause."""
    sentences = split_sentences(clause)
    for needle in needles:
        for s in sentences:
            if needle and normalize.contains(s.text, needle):
                return s.text
    return clause.text
