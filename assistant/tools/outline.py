"""A talk outline for a propaganda session, built from quotations: every bullet cites the clause it quotes.

Sections follow the Directive's points that the topic retrieves; beside each, the local plans' measures for the
same point (aligned by compare.py). No model: the speaker adds the words, the outline gives the sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..schema import Clause
from ..text.sentences import split_sentences
from .compare import compare, reference_points

LENGTHS = {"ngan": 3, "ngắn": 3, "vua": 5, "vừa": 5, "dai": 7, "dài": 7}
LOCAL_DOCS = ("qd1703", "ctr59-longan", "kh-xa-haiphong")


@dataclass
class Bullet:
    text: str  # a verbatim quotation, or a short lead-in followed by one in «…»
    clause_id: str
    label: str


@dataclass
class Section:
    title: str
    bullets: list[Bullet] = field(default_factory=list)
    local: list[Bullet] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    audience: str
    opening: list[Bullet] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Bullet] = field(default_factory=list)

    def bullets(self) -> list[Bullet]:
        out = list(self.opening)
        for s in self.sections:
            out += s.bullets + s.local
        return out + self.closing


def _first_sentence(clause: Clause) -> str:
    sents = split_sentences(clause)
    return sents[0].text if sents else clause.text.strip()


def _best_sentences(clause: Clause, topic_terms: set[str], n: int = 2) -> list[str]:
    """The clause's sentences that share most words with the topic, in reading order (first one always)."""
    from ..text import normalize

    sents = [s.text for s in split_sentences(clause)]
    if len(sents) <= n:
        return sents
    scored = sorted(
        range(1, len(sents)),
        key=lambda i: -len(topic_terms & set(normalize.syllables(normalize.key(sents[i])))),
    )
    keep = sorted({0, *scored[: n - 1]})
    return [sents[i] for i in keep]


def make_outline(
    assistant,
    topic: str,
    audience: str = "cán bộ, đảng viên",
    length: str = "vua",
    doc_ids: list[str] | None = None,
) -> Outline:
    """Opening (documents, numbers, dates), main sections by Directive point, closing (ct38 point 7, plan III)."""
    from ..text import normalize

    n_sections = LENGTHS.get(length, 5)
    docs = assistant.index.docs
    locals_ = [d for d in (doc_ids or LOCAL_DOCS) if d in docs and d != "ct38"]
    outline = Outline(f"Đề cương tuyên truyền: {topic}", audience)

    # opening: the Directive and the documents carrying it out, with their numbers and dates
    for doc_id in ["ct38", *locals_]:
        clause = _dated_clause(assistant, doc_id)
        if clause is None:
            continue
        meta = docs[doc_id].meta
        lead = "Văn bản chỉ đạo" if doc_id == "ct38" else f"{meta.kind} triển khai ({meta.level})"
        outline.opening.append(Bullet(f"{lead}: «{_first_sentence(clause)}»", clause.id, clause.label))
    intro = assistant.clause("ct38/p3")
    if intro is not None:
        outline.opening.append(Bullet(f"Yêu cầu chung: «{_first_sentence(intro)}»", intro.id, intro.label))

    # main sections: the Directive's points, most relevant to the topic first, shown in the Directive's order
    points = [p for p in reference_points(assistant, "ct38") if p.number <= 6 or n_sections >= 7]
    ranked = _rank_points(assistant, topic, points)
    chosen = sorted(ranked[:n_sections], key=lambda p: p.number)
    rows = {loc: {r.ref_id: r for r in compare(assistant, loc, "ct38")} for loc in locals_}
    terms = set(normalize.syllables(normalize.key(topic)))
    for p in chosen:
        title = f"Mục {p.number}. {p.title or p.summary}"
        sec = Section(title)
        for c in [c for c in p.clauses if c.kind == "body"][:3]:
            for s in _best_sentences(c, terms, 2 if n_sections < 7 else 1):
                sec.bullets.append(Bullet(s, c.id, c.label))
        for loc in locals_:
            row = rows[loc].get(p.ref_id)
            if row is None:
                continue
            ranked_local = sorted(row.local, key=lambda t: -_topic_overlap(assistant.clause(t[0]), terms))
            for cid, label, _score in ranked_local[:2]:
                c = assistant.clause(cid)
                sents = _best_sentences(c, terms, 2)
                text = next(
                    (s for s in sents if _topic_overlap_text(s, terms)), sents[-1] if sents else c.text
                )
                sec.local.append(Bullet(f"{docs[loc].meta.short}: «{text}»", cid, label))
        outline.sections.append(sec)

    # closing: the call to action of point 7 and the commune plan's part III
    for cid in ("ct38/7/-1", "ct38/7/-4", "kh-xa-haiphong/III.1"):
        c = assistant.clause(cid)
        if c is not None and (c.doc_id == "ct38" or c.doc_id in locals_):
            outline.closing.append(Bullet(f"Kêu gọi hành động: «{_first_sentence(c)}»", c.id, c.label))
    return outline


def _topic_overlap_text(text: str, terms: set[str]) -> int:
    from ..text import normalize

    return len(terms & set(normalize.syllables(normalize.key(text))))


def _topic_overlap(clause: Clause | None, terms: set[str]) -> int:
    return _topic_overlap_text(clause.text, terms) if clause else 0


def _rank_points(assistant, topic: str, points) -> list:
    """Points ordered by the best rank any of their clauses (or aligned local clauses) gets for the topic."""
    passages = assistant.retriever.search(topic, None)
    best: dict[int, int] = {}
    for rank, psg in enumerate(passages):
        c = psg.clause
        num = None
        if c.doc_id in ("ct38", "qd1703") and c.path and c.path[0].isdigit():
            num = int(c.path[0])
        else:
            from .compare import section_number

            num = section_number(c) if c.doc_id in ("kh-xa-haiphong", "ctr59-longan") else None
        if num is not None:
            best.setdefault(num, rank)
    from ..text import normalize

    terms = set(normalize.syllables(normalize.folded_key(topic)))
    pairs = {t for t in normalize.tokens(topic, folded=True) if "_" in t}

    def overlap(p) -> int:
        toks = set(normalize.tokens(p.text, folded=True))
        return 3 * len(pairs & toks) + len(terms & toks)

    return sorted(points, key=lambda p: (-overlap(p), best.get(p.number, 10_000), p.number))


def _dated_clause(assistant, doc_id: str) -> Clause | None:
    """The clause that names the document with its number or date (header date line, or the opening paragraph)."""
    meta = assistant.index.docs[doc_id].meta
    clauses = [c for c in assistant.index.clauses if c.doc_id == doc_id]
    for c in clauses:
        if c.path and c.path[0] == "ngay":
            return c
    for c in clauses:
        if c.kind == "body" and (meta.number and meta.number in c.text or "Thực hiện" in c.text[:20]):
            return c
    return next((c for c in clauses if c.kind == "body"), None)


def _cite(b: Bullet) -> str:
    return f"({b.label.split(' — ')[0]}{' — ' + b.label.split(' — ')[1] if ' — ' in b.label else ''})"


def outline_markdown(outline: Outline) -> str:
    lines = [f"# {outline.title}", "", f"*Đối tượng: {outline.audience}*", "", "## Mở đầu", ""]
    lines += [f"- {b.text} {_cite(b)}" for b in outline.opening]
    for i, s in enumerate(outline.sections, start=1):
        lines += ["", f"## {i}. {s.title}", ""]
        lines += [f"- «{b.text}» {_cite(b)}" for b in s.bullets]
        if s.local:
            lines += ["", "**Địa phương cụ thể hóa:**", ""]
            lines += [f"- {b.text} {_cite(b)}" for b in s.local]
    lines += ["", "## Kết luận", ""]
    lines += [f"- {b.text} {_cite(b)}" for b in outline.closing]
    return "\n".join(lines) + "\n"


def export_outline(outline: Outline, fmt: str, path: str | Path) -> Path:
    from .export import new_docx, save_docx, write_text

    if fmt == "md":
        return write_text(path, outline_markdown(outline))
    if fmt != "docx":
        raise ValueError(f"Định dạng «{fmt}» không hỗ trợ; chọn md hoặc docx.")
    doc = new_docx()
    doc.add_heading(outline.title, level=1)
    doc.add_paragraph(f"Đối tượng: {outline.audience}").runs[0].italic = True

    def bullets(items: list[Bullet], quote: bool = False) -> None:
        for b in items:
            doc.add_paragraph(
                f"«{b.text}» {_cite(b)}" if quote else f"{b.text} {_cite(b)}", style="List Bullet"
            )

    doc.add_heading("Mở đầu", level=2)
    bullets(outline.opening)
    for i, s in enumerate(outline.sections, start=1):
        doc.add_heading(f"{i}. {s.title}", level=2)
        bullets(s.bullets, quote=True)
        if s.local:
            doc.add_paragraph().add_run("Địa phương cụ thể hóa:").bold = True
            bullets(s.local)
    doc.add_heading("Kết luận", level=2)
    bullets(outline.closing)
    return save_docx(doc, path)
