"""A đề cương tuyên truyền for an audience and a length: purpose, why the Directive, key contents, the unit's tasks,
slogans and discussion questions, each part timed. Every quotation is verbatim and cited; the words around them are
fixed Vietnamese frames filled from the catalog (no model).

Which text is the reference is read from the catalog (the document the others implement); the Directive's own
account of results and shortcomings is its opening; the unit's tasks come from the loaded local plan of the
audience's level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..schema import Clause
from ..text import normalize
from ..text.overlap import content_terms, overlap
from ..text.sentences import split_sentences
from .compare import reference_doc
from .inputs import check_count, check_docs, check_topic

MIN_MINUTES, MAX_MINUTES = 15, 90
LENGTHS = {"ngan": 15, "ngắn": 15, "vua": 45, "vừa": 45, "dai": 90, "dài": 90}  # the web app's old choices
SHARES = (("muc-dich", 0.10), ("vi-sao", 0.15), ("noi-dung", 0.45), ("nhiem-vu", 0.15), ("khau-hieu", 0.05),
          ("thao-luan", 0.10))  # fmt: skip
_DOMAIN = "tiêu chuẩn, đo lường, chất lượng"
_CUTS = (" về ", " theo hướng ", " bảo đảm ", " để ", " nhằm ", " trong ", " cho ", ":", ";", ". ")


@dataclass(frozen=True)
class Audience:
    key: str
    name: str  # "cán bộ, công chức cấp xã"
    unit: str  # how the tasks part names their unit
    level: str  # the catalog level of the plan whose tasks they carry out ("" = any)
    words: tuple[str, ...]  # what marks a task as theirs


AUDIENCES = {
    "can-bo-xa": Audience("can-bo-xa", "cán bộ, công chức cấp xã", "xã", "xã",
                          ("cán bộ", "công chức", "chính quyền", "cấp ủy", "ủy ban nhân dân", "đảng ủy")),
    "dang-vien": Audience("dang-vien", "đảng viên", "chi bộ, đảng bộ", "",
                          ("đảng viên", "cấp ủy", "tổ chức đảng", "chi bộ", "quán triệt")),
    "doanh-nghiep": Audience("doanh-nghiep", "doanh nghiệp", "doanh nghiệp", "",
                             ("doanh nghiệp", "cơ sở sản xuất", "sản xuất kinh doanh", "năng suất")),
    "nguoi-dan": Audience("nguoi-dan", "người dân", "khu dân cư", "",
                          ("nhân dân", "người dân", "người tiêu dùng", "hội viên", "đoàn viên")),
}  # fmt: skip


@dataclass(frozen=True)
class Quote:
    text: str  # verbatim
    clause_id: str
    label: str


@dataclass
class Item:
    heading: str  # a short title, never a whole sentence
    lead: str = ""  # one framing sentence in our words ("" when the quotation speaks for itself)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Part:
    title: str
    minutes: int
    items: list[Item] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    audience: str
    minutes: int
    topic: str = ""
    parts: list[Part] = field(default_factory=list)

    def quotes(self) -> list[Quote]:
        return [q for p in self.parts for i in p.items for q in i.quotes]


def audience_of(text: str | None) -> Audience:
    """The audience a free-text choice names ("Doanh nghiệp", "can bo xa"); people at large when none fits."""
    t = normalize.folded_key(text or "")
    for key, words in (("doanh-nghiep", ("doanh nghiep",)), ("can-bo-xa", ("xa", "cong chuc")),
                       ("dang-vien", ("dang vien",)), ("nguoi-dan", ("dan", "nhan dan"))):  # fmt: skip
        if key == t or any(re.search(rf"\b{w}\b", t) for w in words):
            return AUDIENCES[key]
    return AUDIENCES["nguoi-dan"]


def short_title(sentence: str, limit: int = 13) -> str:
    """A heading from a lead sentence: cut where the object or purpose starts, "tiêu chuẩn, đo lường…" kept whole."""
    s = re.sub(r"^(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy) là, ", "", sentence.strip())
    s = s.replace(_DOMAIN, "\x00")
    best = len(s)
    for cut in _CUTS:
        i = s.find(cut)
        if i > 0 and len(s[:i].split()) >= 3:
            best = min(best, i)
    s = s[:best].strip().rstrip(".,;:")
    if len(s.split()) > limit:  # at the last comma inside the limit, else the limit marked as cut
        head = " ".join(s.split()[:limit])
        s = head.rsplit(",", 1)[0] if "," in head else head + "…"
    s = s.replace("\x00", _DOMAIN)
    return s[0].upper() + s[1:] if s else s


def _split_minutes(total: int, shares) -> dict[str, int]:
    """Integer minutes per part summing to total (largest remainder)."""
    raw = {k: total * w for k, w in shares}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: total - sum(out.values())]:
        out[k] += 1
    return out


def _q(clause: Clause, text: str) -> Quote:
    return Quote(text, clause.id, clause.label)


def _sentences(clause: Clause) -> list[str]:
    return [s.text for s in split_sentences(clause)]


def _best(clauses: list[Clause], terms: list[str], n: int) -> list[tuple[Clause, str]]:
    """The n sentences that share most with the topic (reading order kept), the first sentence when no topic."""
    pool = [(c, s) for c in clauses for s in _sentences(c) if len(s) >= 30]
    if not terms:
        return pool[:n]
    ranked = sorted(pool, key=lambda cs: -overlap(cs[1], terms))[:n]
    return [cs for cs in pool if cs in ranked]


def _local_plan(assistant, audience: Audience, doc_ids: list[str], reference: str) -> str | None:
    """The loaded official plan carrying out the reference at the audience's level (any level when not set)."""
    ref_number = assistant.index.docs[reference].meta.number
    docs = [
        d for d in assistant.index.docs.values() if d.id != reference and (not doc_ids or d.id in doc_ids)
    ]
    plans = [d for d in docs if any(ref_number in x for x in d.meta.implements) and d.meta.kind != "Công văn"]
    plans.sort(
        key=lambda d: (d.meta.level != audience.level if audience.level else False, not d.meta.official)
    )
    return plans[0].id if plans else None


def make_outline(
    assistant, topic: str = "", audience: str = "cán bộ, công chức cấp xã", minutes: int | str = 45,
    doc_ids: list[str] | None = None, local_doc: str | None = None,
) -> Outline:  # fmt: skip
    """The đề cương; minutes 15–90 ("ngan"/"vua"/"dai" read as 15/45/90)."""
    minutes = LENGTHS.get(minutes, minutes) if isinstance(minutes, str) else minutes
    minutes = check_count(minutes, "thời lượng (phút)", MIN_MINUTES, MAX_MINUTES)
    doc_ids = check_docs(assistant, doc_ids)
    topic = check_topic(assistant, topic) or ""
    who = audience_of(audience)
    ref = reference_doc(assistant)
    meta = assistant.index.docs[ref].meta
    clauses = [c for c in assistant.index.clauses if c.doc_id == ref and c.kind != "header" and c.path]
    plan = check_docs(assistant, [local_doc])[0] if local_doc else _local_plan(assistant, who, doc_ids, ref)
    terms = content_terms(topic) if topic else []
    times = _split_minutes(minutes, SHARES)
    label = (audience or who.name).strip() or who.name
    out = Outline(f"ĐỀ CƯƠNG TUYÊN TRUYỀN {meta.short.upper()}", label, minutes, topic)

    # I. purpose and requirements: what the reference asks of everyone, and the local plan's own purpose
    opening = [c for c in clauses if re.fullmatch(r"p\d+", c.path[0])]
    call = next((c for c in reversed(opening) if "yêu cầu" in c.text), None)
    part = Part("Mục đích, yêu cầu", times["muc-dich"])
    lead = (f"Giúp {who.name} nắm vững nội dung {meta.short} {meta.title}" + (f", trọng tâm là {topic}" if topic
            else "") + f"; từ đó xác định việc {who.unit} cần làm.")  # fmt: skip
    item = Item("Mục đích", lead)
    if call is not None:
        item.quotes.append(_q(call, _sentences(call)[0]))
    part.items.append(item)
    if plan:
        pc = [c for c in assistant.index.clauses if c.doc_id == plan and c.kind == "body"]
        for name in ("Mục đích", "Yêu cầu"):
            found = [c for c in pc if normalize.key(name) in normalize.key(c.heading.split(" > ")[-1])]
            if found:
                part.items.append(Item(f"{name} (theo {assistant.index.docs[plan].meta.short})", "",
                                       [_q(found[0], _sentences(found[0])[0])]))  # fmt: skip
    out.parts.append(part)

    # II. why: the reference's own account of results and shortcomings
    part = Part(f"Vì sao {meta.kind} ra đời", times["vi-sao"])
    shortcomings = next((c for c in opening if re.match(r"Tuy nhiên|Song|Nhưng", c.text)), None)
    results = next((c for c in opening if c is not shortcomings and c is not call), None)
    if results is not None:
        part.items.append(Item("Kết quả đạt được", "", [_q(c, s) for c, s in _best([results], terms, 2)]))
    if shortcomings is not None:
        part.items.append(
            Item("Hạn chế, yếu kém", "", [_q(c, s) for c, s in _best([shortcomings], terms, 2)])
        )
    out.parts.append(part)

    # III. key contents: the reference's points, the topic's first, 5 to 7 by length
    points: dict[str, list[Clause]] = {}
    for c in clauses:
        if c.path[0].isdigit():
            points.setdefault(c.path[0], []).append(c)
    n = min(len(points), 5 if minutes < 30 else 6 if minutes < 60 else 7)
    chosen = sorted(points, key=lambda k: -max(overlap(c.text, terms) for c in points[k]) if terms else 0)[:n]
    chosen.sort(key=int)
    part = Part("Những nội dung chủ yếu", times["noi-dung"])
    for k in chosen:
        body = [c for c in points[k] if c.kind == "body"]
        head = next((c for c in points[k] if c.kind == "heading"), None)
        first = _sentences(body[0])[0] if body else ""
        title = head.text.strip() if head is not None else short_title(first)
        quotes = [_q(body[0], first)] if body else []
        quotes += [_q(c, s) for c, s in _best(body, terms, 2) if s != first][:1]
        part.items.append(Item(f"{len(part.items) + 1}. {title}", "", quotes))
    out.parts.append(part)

    # IV. what the audience's own unit must do: the local plan's measures that name them
    part = Part(f"Nhiệm vụ của {who.unit}", times["nhiem-vu"])
    source = plan or ref
    pool = [c for c in assistant.index.clauses if c.doc_id == source and c.kind == "body" and c.path
            and not re.fullmatch(r"p\d+", c.path[0]) and "MỤC ĐÍCH" not in c.heading.upper()]  # fmt: skip
    hits = [(sum(normalize.contains(s, w) for w in who.words), c, s) for c in pool for s in _sentences(c)]
    mine = [(c, s) for n, c, s in sorted(hits, key=lambda t: -t[0]) if n]
    for c, s in (mine or [(c, _sentences(c)[0]) for c in pool])[:4]:
        part.items.append(Item(short_title(s), "", [_q(c, s)]))
    out.parts.append(part)

    # V. slogans: the reference's title and its points' lead clauses, as short calls
    part = Part("Khẩu hiệu tuyên truyền", times["khau-hieu"])
    title_clause = next((c for c in assistant.index.clauses if c.doc_id == ref and c.kind == "header"
                         and normalize.contains(c.text, meta.title)), None)  # fmt: skip
    slogans: list[tuple[str, Quote | None]] = []
    if meta.title:
        call_text = re.sub(r"^về ", "", meta.title)
        slogans.append((call_text, _q(title_clause, meta.title) if title_clause else None))
    for k in chosen:
        body = [c for c in points[k] if c.kind == "body"]
        if body:
            t = short_title(_sentences(body[0])[0], 10)
            slogans.append((t, _q(body[0], _sentences(body[0])[0])))
    for t, q in slogans[:4]:
        part.items.append(Item(f"«{t[0].upper() + t[1:]}!»", "", [q] if q else []))
    out.parts.append(part)

    # VI. discussion: the shortcomings and the unit's tasks turned into questions
    part = Part("Câu hỏi thảo luận", times["thao-luan"])
    if shortcomings is not None:
        parts = [(shortcomings, p.strip()) for s in _sentences(shortcomings) for p in re.split(r"[:;]", s)]
        parts = [(c, p) for c, p in parts if len(p.split()) >= 6 and not re.match(r"Tuy nhiên|Song|Nhưng", p)]
        for c, s in parts[:2]:
            frag = short_title(s, 14)
            frag = frag[0].lower() + frag[1:]
            part.items.append(Item(f"Ở {who.unit} mình, hạn chế «{frag}» đã được khắc phục đến đâu? Cần làm gì?",
                                   "", [_q(c, s)]))  # fmt: skip
    for c, s in mine[:1]:
        part.items.append(Item(f"{who.unit.capitalize()} mình sẽ thực hiện «{short_title(s).lower()}» như thế nào, "
                               "ai làm, khi nào xong?", "", [_q(c, s)]))  # fmt: skip
    out.parts.append(part)
    return out


def _cite(q: Quote) -> str:
    return f"«{q.text}» ({q.label})"


def outline_markdown(outline: Outline) -> str:
    lines = [f"# {outline.title}", ""]
    meta = f"*Đối tượng: {outline.audience} — thời lượng: {outline.minutes} phút"
    lines += [meta + (f" — chủ đề: {outline.topic}*" if outline.topic else "*"), ""]
    for n, p in enumerate(outline.parts, start=1):
        lines += [f"## {_ROMAN[n]}. {p.title.upper()} ({p.minutes} phút)", ""]
        for it in p.items:
            lines.append(f"**{it.heading}**" + (f" {it.lead}" if it.lead else ""))
            lines += [f"- {_cite(q)}" for q in it.quotes]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def export_outline(outline: Outline, fmt: str, path: str | Path) -> Path:
    """md | docx (A4, Times New Roman 14 pt)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from .export import ExportError, new_docx, save_docx, write_text

    if fmt == "md":
        return write_text(path, outline_markdown(outline))
    if fmt != "docx":
        raise ExportError(f"Định dạng «{fmt}» không hỗ trợ; chọn md hoặc docx.")
    doc = new_docx(14)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(outline.title).bold = True
    sub = doc.add_paragraph(f"Đối tượng: {outline.audience} — thời lượng: {outline.minutes} phút")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for n, p in enumerate(outline.parts, start=1):
        doc.add_heading(f"{_ROMAN[n]}. {p.title.upper()} ({p.minutes} phút)", level=2)
        for it in p.items:
            para = doc.add_paragraph()
            para.add_run(it.heading).bold = True
            if it.lead:
                para.add_run(" " + it.lead)
            for q in it.quotes:
                doc.add_paragraph(_cite(q), style="List Bullet")
    return save_docx(doc, path)
