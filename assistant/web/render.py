"""HTML and Markdown for answers, clauses, documents and cards: pure functions of the data they show.

Everything shown comes from documents or users, so every piece of text is HTML-escaped before it reaches
a Markdown/HTML component; only the markup written here (links, <mark>, boxes) is real HTML.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from urllib.parse import quote

from ..answer.refusal import NEAREST
from ..feedback import LOCAL_TZ
from ..pipeline import Assistant
from ..schema import Answer, Clause

APP_TITLE = "Trợ lý Chỉ thị 38-CT/TW"
CITE_PREFIX = "#dieu-khoan="  # links "#dieu-khoan=<clause id>" open the clause panel (see static/app.js)
PANEL_PLACEHOLDER = (
    '<div class="clause-panel empty">Bấm vào một trích dẫn <b>[n]</b> trong câu trả lời (hoặc chọn ở mục '
    "«Nguồn của câu trả lời») để xem nguyên văn điều khoản, đánh dấu trong phần văn bản chứa nó.</div>"
)
_MARKER = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def esc(text: str) -> str:
    """HTML-escape, then neutralise Markdown syntax, so document or user text shows exactly as typed."""
    out = _MD_SPECIAL.sub(r"\\\1", html.escape(text or "", quote=True))
    return re.sub(r"(?m)^(\s*)#", r"\1\\#", out)


def cite_href(clause_id: str) -> str:
    return CITE_PREFIX + quote(clause_id, safe="")


def cite_link(text: str, clause: Clause) -> str:
    title = html.escape(clause.label, quote=True)
    return f'<a class="cite" href="{cite_href(clause.id)}" title="{title}">{html.escape(text)}</a>'


def paragraphs(text: str) -> str:
    """Markdown needs blank lines between paragraphs; single newlines become hard breaks (line_breaks)."""
    return re.sub(r"\n{2,}", "\n\n", text.strip())


def render_answer_text(answer: Answer) -> str:
    """The answer body with each [n] turned into a link to its clause (unknown numbers stay plain)."""
    by_n = {c.n: c.clause for c in answer.citations}
    parts: list[str] = []
    pos = 0
    for m in _MARKER.finditer(answer.text):
        parts.append(esc(answer.text[pos : m.start()]))
        clause = by_n.get(int(m.group(1)))
        parts.append(cite_link(m.group(0), clause) if clause else esc(m.group(0)))
        pos = m.end()
    parts.append(esc(answer.text[pos:]))
    return paragraphs("".join(parts))


def render_answer(answer: Answer) -> str:
    """One chat message: notice above, body with links, then the sources (or related clauses on refusal)."""
    if answer.mode == "input-error":
        return f"ℹ️ {esc(answer.text)}"
    out: list[str] = []
    notice = answer.notice if answer.notice and answer.notice != answer.text else ""
    if notice:
        out.append(f"> ℹ️ **Lưu ý:** {esc(notice)}")
    if answer.refused:
        body = answer.text.split(f"\n\n{NEAREST}")[0]  # the nearest clauses are listed once, as links
        out.append(f'<div class="refusal">\n\n⚠️ **Chưa trả lời được từ văn bản.** {esc(body)}\n\n</div>')
        if answer.passages:
            items = [f"- {cite_link(p.clause.label, p.clause)}" for p in answer.passages[:3]]
            out.append(f"**{NEAREST.rstrip(':')}** (bấm để xem nguyên văn):\n\n" + "\n".join(items))
        return "\n\n".join(out)
    out.append(render_answer_text(answer))
    if answer.citations:
        lines = [f"{cite_link(f'[{c.n}]', c.clause)} {esc(c.clause.label)}" for c in answer.citations]
        out.append("---\n**Nguồn:**  \n" + "  \n".join(lines))
    return "\n\n".join(out)


def answer_plain_text(answer: Answer | None) -> str:
    """What «Sao chép câu trả lời» copies: the text, then one "[n] label" line per citation."""
    if answer is None:
        return ""
    text = answer.text.strip()
    if answer.notice and answer.notice != answer.text:
        text = f"Lưu ý: {answer.notice}\n\n{text}"
    if answer.citations:
        text += "\n\nNguồn:\n" + "\n".join(f"[{c.n}] {c.clause.label}" for c in answer.citations)
    return text


def conversation_markdown(answers: list[Answer]) -> str:
    when = datetime.now(LOCAL_TZ).strftime("%H:%M ngày %d/%m/%Y")
    lines = [f"# Hội thoại với {APP_TITLE}", "", f"Xuất lúc {when}", ""]
    for i, a in enumerate(answers, 1):
        lines += [f"## Câu hỏi {i}: {a.question}", "", answer_plain_text(a), ""]
    return "\n".join(lines)


def display_date(iso: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else (iso or "không rõ")


def meta_html(meta) -> str:
    kind = (
        '<span class="badge official">Văn bản chính thức</span>'
        if meta.official
        else f'<span class="badge press">Tóm tắt báo chí — {html.escape(meta.press_note or "không rõ nguồn")}</span>'
    )
    rows = [
        f"<div><b>{html.escape(meta.short)}</b> — {html.escape(meta.title)}</div>",
        f"<div>Số hiệu: {html.escape(meta.number or 'không ghi')} · Ngày: {html.escape(display_date(meta.date))}</div>",
        f"<div>Cơ quan ban hành: {html.escape(meta.issuer or 'không rõ')}"
        + (f" · Cấp: {html.escape(meta.level)}" if meta.level else "")
        + "</div>",
    ]
    if meta.signer:
        rows.append(f"<div>Người ký: {html.escape(meta.signer)}</div>")
    rows.append(f"<div>{kind}</div>")
    return "".join(rows)


def clause_panel_html(assistant: Assistant, clause_id: str) -> str:
    """Label, document metadata, and the surrounding section with the clause itself in <mark>."""
    clause = assistant.clause((clause_id or "").strip())
    if clause is None:
        return (
            f'<div class="clause-panel empty">Không tìm thấy điều khoản «{html.escape(clause_id or "")}». '
            "Kho văn bản có thể vừa thay đổi; hãy hỏi lại.</div>"
        )
    doc = assistant.document(clause.doc_id)
    section = f"<mark>{html.escape(clause.text)}</mark>"
    if doc is not None:
        try:
            start, end = assistant.section_of(clause)
        except ValueError:
            start, end = clause.start, clause.end
        if 0 <= start <= clause.start < clause.end <= end <= len(doc.text):
            before, after = doc.text[start : clause.start], doc.text[clause.end : end]
            section = f"{html.escape(before)}<mark>{html.escape(doc.text[clause.start : clause.end])}</mark>"
            section += html.escape(after)
    parts = [f'<div class="clause-panel" data-clause="{html.escape(clause.id, quote=True)}">']
    parts.append(
        f'<div class="cp-label" title="{html.escape(clause.id, quote=True)}">{html.escape(clause.label)}</div>'
    )
    if doc is not None:
        parts.append(f'<div class="cp-meta">{meta_html(doc.meta)}</div>')
    if clause.heading:
        parts.append(f'<div class="cp-heading">Thuộc: {html.escape(clause.heading)}</div>')
    parts.append(f'<div class="cp-section">{section}</div>')
    if clause.page:
        parts.append(f'<div class="cp-foot">Trang {clause.page}</div>')
    parts.append("</div>")
    return "".join(parts)


def _section_key(clause: Clause) -> str:
    top = clause.path[0] if clause.path else ""
    return top if re.fullmatch(r"[IVX]+|\d+", top) else "_mo-dau" if not top[:1].isdigit() else top


def document_tree_html(assistant: Assistant, doc_id: str) -> str:
    """document → section → clause as <details>, each clause a link that opens the panel."""
    doc = assistant.document(doc_id or "")
    if doc is None:
        return '<div class="kb-tree">Chọn một văn bản để xem cấu trúc.</div>'
    clauses = [c for c in assistant.index.clauses if c.doc_id == doc_id]
    groups: list[tuple[str, list[Clause]]] = []
    for c in clauses:
        key = _section_key(c)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(c)
        else:
            groups.append((key, [c]))
    out = [
        f'<div class="kb-tree"><div><b>{html.escape(doc.meta.short)}</b> ({len(clauses)} điều khoản)</div>'
    ]
    for i, (key, members) in enumerate(groups):
        if key == "_mo-dau":
            title = "Phần đầu, thông tin chung" if i == 0 else "Phần kết, thông tin khác"
        else:
            start = min(c.start for c in members)
            title = doc.text[start:].strip().split("\n", 1)[0][:110] or f"Mục {key}"
        out.append(f"<details{' open' if i < 2 else ''}><summary>{html.escape(title)}</summary><ul>")
        for c in members:
            short_label = c.label.removeprefix(doc.meta.short).strip(" ,")
            preview = c.text.replace("\n", " ")[:90] + ("…" if len(c.text) > 90 else "")
            out.append(
                f'<li><a href="{cite_href(c.id)}">{html.escape(short_label or c.label)}</a> '
                f'<span class="preview">{html.escape(preview)}</span></li>'
            )
        out.append("</ul></details>")
    out.append("</div>")
    return "".join(out)
