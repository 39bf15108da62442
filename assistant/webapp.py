"""The Gradio web app: chat with clickable citations, the document browser, and the trainers' tools.

Everything shown comes from documents or users, so every piece of text is HTML-escaped before it reaches
a Markdown/HTML component; only the markup written here (links, <mark>, boxes) is real HTML.
"""

from __future__ import annotations

import hmac
import html
import json
import logging
import re
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import gradio as gr

from .feedback import FeedbackStore
from .pipeline import Assistant
from .schema import Answer, Clause

log = logging.getLogger(__name__)

APP_TITLE = "Trợ lý Chỉ thị 38-CT/TW"
CITE_PREFIX = "#dieu-khoan="  # links "#dieu-khoan=<clause id>" open the clause panel (see _JS)
READ_ONLY_MESSAGE = "Kho văn bản chỉ đọc: máy chủ chưa cấu hình mã quản trị (TROLY_ADMIN_TOKEN)."
EXAMPLES = [
    "Chỉ thị 38 đề ra những nhiệm vụ, giải pháp nào?",
    "Quyết định 1703 do ai ký, ngày nào?",
    "Giải pháp thứ ba của Long An là gì?",
    "Kế hoạch của xã ở Hải Phòng bố trí ngân sách bao nhiêu phần trăm?",
    "chi thi 38 noi gi ve hoi nhap quoc te",
]
PANEL_PLACEHOLDER = (
    '<div class="clause-panel empty">Bấm vào một trích dẫn <b>[n]</b> trong câu trả lời (hoặc chọn ở mục '
    "«Nguồn của câu trả lời») để xem nguyên văn điều khoản, đánh dấu trong phần văn bản chứa nó.</div>"
)
WHY_HEADERS = ["Hạng", "Điều khoản", "Điểm", "Tìm thấy bởi", "Điểm ngữ nghĩa", "Điểm từ khóa"]
KIND_CHOICES = ["Chỉ thị", "Nghị quyết", "Quyết định", "Chương trình", "Kế hoạch", "Công văn", "Thông báo"]
LEVEL_CHOICES = ["Trung ương", "Chính phủ", "bộ, ngành", "tỉnh", "huyện", "xã"]
FOUND_BY = {
    "dense": "ngữ nghĩa",
    "lexical": "từ khóa",
    "dense+lexical": "ngữ nghĩa + từ khóa",
    "direct": "trực tiếp",
}

_MARKER = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")

# One delegated listener: a click on any "#dieu-khoan=" link puts the clause id into a hidden textbox and
# presses a hidden button, so the Python side renders the panel (the chat sanitises, so no inline onclick).
_JS = """
() => {
  if (window.__troLyCitations) return;
  window.__troLyCitations = true;
  const PREFIX = '#dieu-khoan=';
  document.addEventListener('click', (ev) => {
    const link = ev.target && ev.target.closest ? ev.target.closest('a[href*="' + PREFIX + '"]') : null;
    if (!link) return;
    ev.preventDefault();
    ev.stopPropagation();
    const id = decodeURIComponent(link.getAttribute('href').split(PREFIX)[1] || '');
    const where = link.closest('#kb-tree') ? 'kb' : 'chat';
    const box = document.querySelector('#' + where + '-open-id textarea, #' + where + '-open-id input');
    const btn = document.querySelector('#' + where + '-open-btn');
    if (!box || !btn) return;
    box.value = id;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => btn.click(), 60);
  }, true);
}
"""

_COPY_JS = """
(text) => {
  if (text && navigator.clipboard) { navigator.clipboard.writeText(text).catch(() => {}); }
  return text;
}
"""

_CSS = """
.gradio-container { max-width: 1500px !important; margin: 0 auto; }
#app-header h1 { margin-bottom: 0.1em; }
#app-header p { color: var(--body-text-color-subdued); margin-top: 0; }
.hidden-ctl { display: none !important; }
.clause-panel { font-size: 0.95rem; line-height: 1.55; }
.clause-panel.empty { color: var(--body-text-color-subdued); padding: 1em; border: 1px dashed var(--border-color-primary);
  border-radius: 8px; }
.clause-panel .cp-label { font-weight: 700; font-size: 1.05rem; margin-bottom: 0.3em; }
.clause-panel .cp-meta { background: var(--background-fill-secondary); border-radius: 8px; padding: 0.5em 0.8em;
  margin-bottom: 0.6em; }
.clause-panel .cp-meta div { margin: 0.1em 0; }
.badge { display: inline-block; padding: 0.05em 0.6em; border-radius: 999px; font-size: 0.85em;
  font-weight: 600; }
.badge.official { background: #e6f4ea; color: #1e6b34; }
.badge.press { background: #fff4e0; color: #8a5300; }
.clause-panel .cp-heading { color: var(--body-text-color-subdued); font-style: italic; margin-bottom: 0.4em; }
.clause-panel .cp-section { white-space: pre-wrap; max-height: 460px; overflow-y: auto; padding: 0.6em 0.8em;
  border-left: 3px solid var(--color-accent); background: var(--background-fill-primary); }
.clause-panel mark { background: #fff1a8; color: inherit; padding: 0.05em 0; }
.clause-panel .cp-foot { color: var(--body-text-color-subdued); font-size: 0.85em; margin-top: 0.5em; }
#chatbot a[href*="dieu-khoan="], .kb-tree a[href*="dieu-khoan="] { color: var(--color-accent); font-weight: 600;
  text-decoration: none; border-radius: 4px; padding: 0 2px; cursor: pointer; }
#chatbot a[href*="dieu-khoan="]:hover, .kb-tree a[href*="dieu-khoan="]:hover { background: var(--color-accent-soft);
  text-decoration: underline; }
#chatbot .refusal { background: #fff4e0; border-left: 4px solid #f0a020; border-radius: 6px; padding: 0.1em 0.8em; }
.doc-card { background: var(--background-fill-secondary); border-radius: 8px; padding: 0.6em 0.9em; }
.kb-tree details { margin: 0.2em 0; }
.kb-tree summary { cursor: pointer; font-weight: 600; }
.kb-tree ul { margin: 0.2em 0 0.4em 1.2em; padding: 0; }
.kb-tree li { margin: 0.15em 0; list-style: disc; }
.kb-tree .preview { color: var(--body-text-color-subdued); }
.warn-box { background: #fff4e0; border: 1px solid #f0c36d; border-radius: 8px; padding: 0.6em 0.9em; color: #6b4200; }
"""


# ---- rendering (pure functions: tested through the app) ---------------------------------------------
def esc(text: str) -> str:
    """HTML-escape, then neutralise Markdown syntax, so document or user text shows exactly as typed."""
    out = _MD_SPECIAL.sub(r"\\\1", html.escape(text or "", quote=True))
    return re.sub(r"(?m)^(\s*)#", r"\1\\#", out)


def cite_href(clause_id: str) -> str:
    return CITE_PREFIX + quote(clause_id, safe="")


def cite_link(text: str, clause: Clause) -> str:
    title = html.escape(clause.label, quote=True)
    return f'<a class="cite" href="{cite_href(clause.id)}" title="{title}">{html.escape(text)}</a>'


def _paragraphs(text: str) -> str:
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
    return _paragraphs("".join(parts))


def render_answer(answer: Answer) -> str:
    """One chat message: notice above, body with links, then the sources (or related clauses on refusal)."""
    if answer.mode == "input-error":
        return f"ℹ️ {esc(answer.text)}"
    out: list[str] = []
    notice = answer.notice if answer.notice and answer.notice != answer.text else ""
    if notice:
        out.append(f"> ℹ️ **Lưu ý:** {esc(notice)}")
    if answer.refused:
        body = answer.text.split("\n\nCác điều khoản có thể liên quan")[0]
        out.append(f'<div class="refusal">\n\n⚠️ **Không tìm thấy trong văn bản.** {esc(body)}\n\n</div>')
        if answer.passages:
            items = [f"- {cite_link(p.clause.label, p.clause)}" for p in answer.passages[:3]]
            out.append("**Các điều khoản có thể liên quan** (bấm để xem nguyên văn):\n\n" + "\n".join(items))
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
    lines = [f"# Hội thoại với {APP_TITLE}", "", f"Xuất lúc {time.strftime('%H:%M %d/%m/%Y')}", ""]
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
    parts.append(f'<div class="cp-label">{html.escape(clause.label)}</div>')
    if doc is not None:
        parts.append(f'<div class="cp-meta">{meta_html(doc.meta)}</div>')
    if clause.heading:
        parts.append(f'<div class="cp-heading">Thuộc: {html.escape(clause.heading)}</div>')
    parts.append(f'<div class="cp-section">{section}</div>')
    foot = f"Mã điều khoản: {html.escape(clause.id)}"
    if clause.page:
        foot += f" · Trang {clause.page}"
    parts.append(f'<div class="cp-foot">{foot}</div></div>')
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


def passages_rows(answer: Answer | None) -> list[list]:
    if answer is None:
        return []

    def num(x: float | None) -> str:
        return "—" if x is None else f"{x:.4f}"

    return [
        [
            i,
            p.clause.label,
            num(p.score),
            FOUND_BY.get(p.found_by, p.found_by),
            num(p.dense_score),
            num(p.lexical_score),
        ]
        for i, p in enumerate(answer.passages, 1)
    ]


def _safe_md(text: str) -> str:
    """Generated Markdown keeps its formatting but can never contain a live HTML tag."""
    return (text or "").replace("<", "&lt;")


def _message_text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    if isinstance(content, list):
        return " ".join(_message_text(x) for x in content)
    return str(content or "")


# ---- the app ----------------------------------------------------------------------------------------
class WebApp:
    """Holds the Assistant and the feedback store; its methods are the event handlers."""

    def __init__(self, assistant: Assistant, store: FeedbackStore | None = None) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self.store = store or FeedbackStore.for_settings(self.settings)
        self.export_dir = Path(tempfile.mkdtemp(prefix="troly38-"))

    # knowledge base helpers
    def doc_choices(self) -> list[tuple[str, str]]:
        return [(d.meta.short, d.meta.id) for d in self.assistant.documents()]

    def user_doc_choices(self) -> list[tuple[str, str]]:
        return [
            (f"{d.meta.short} (mã {d.meta.id})", d.meta.id)
            for d in self.assistant.documents()
            if not d.builtin
        ]

    def status_line(self) -> str:
        docs = self.assistant.documents()
        clauses = sum(d.clause_count for d in docs) or len(self.assistant.index.clauses)
        added = sum(not d.builtin for d in docs)
        mode = (
            "mô hình ngôn ngữ + kiểm tra trích dẫn"
            if self.settings.llm_enabled
            else "trích nguyên văn điều khoản"
        )
        extra = f" (trong đó {added} văn bản do người dùng bổ sung)" if added else ""
        return (
            f"📚 Kho văn bản: **{len(docs)} văn bản**, **{clauses} điều khoản**{extra} · Cách trả lời: {mode}"
        )

    def _admin_error(self, token: str) -> str | None:
        expected = self.settings.admin_token
        if not expected:
            return READ_ONLY_MESSAGE
        if not token or not hmac.compare_digest(token.encode(), expected.encode()):
            return "Mã quản trị không đúng. Thay đổi kho văn bản chỉ dành cho quản trị viên."
        return None

    def _export_path(self, name: str) -> Path:
        folder = self.export_dir / f"{time.time_ns()}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    # chat
    def respond(
        self, question: str, chat: list | None, answers: list[Answer] | None, doc_filter: list[str] | None
    ):
        """Streams the reply into the chat; keeps the Answer objects for follow-ups and the side panels."""
        chat = [dict(m) if isinstance(m, dict) else m for m in (chat or [])]
        answers = list(answers or [])
        q = (question or "").strip()
        if q:
            chat.append({"role": "user", "content": esc(q)})
        chat.append({"role": "assistant", "content": "⏳ Đang tìm trong văn bản…"})
        yield chat, answers, ""
        answer: Answer | None = None
        try:
            for text, final in self.assistant.ask_stream(q, answers, doc_filter or None):
                if final is None:
                    chat[-1] = {"role": "assistant", "content": _paragraphs(esc(text)) + " ▌"}
                    yield chat, answers, ""
                else:
                    answer = final
        except Exception:  # the user must get a message, never a stack trace
            log.exception("answering failed for %r", q[:100])
            chat[-1] = {
                "role": "assistant",
                "content": "⚠️ Đã xảy ra lỗi khi tìm câu trả lời. Vui lòng thử lại hoặc đặt câu hỏi khác.",
            }
            yield chat, answers, ""
            return
        assert answer is not None
        chat[-1] = {"role": "assistant", "content": render_answer(answer)}
        if answer.mode != "input-error":
            answers.append(answer)
        yield chat, answers, ""

    def after_answer(self, answers: list[Answer] | None):
        """Refresh what describes the last answer: sources list, «Vì sao?», copy text, download file."""
        last = answers[-1] if answers else None
        if last is None:
            return gr.update(choices=[], value=None), [], "", gr.update(value=None)
        shown = [(c.n, c.clause) for c in last.citations] or [
            (i, p.clause) for i, p in enumerate(last.passages[:3], 1)
        ]
        choices = [(f"[{n}] {c.label}", c.id) for n, c in shown]
        md_path = self._export_path("hoi-thoai-tro-ly-chi-thi-38.md")
        md_path.write_text(conversation_markdown(answers), encoding="utf-8")
        return (
            gr.update(choices=choices, value=None),
            passages_rows(last),
            answer_plain_text(last),
            gr.update(value=str(md_path)),
        )

    def open_clause(self, clause_id: str | None) -> str:
        return clause_panel_html(self.assistant, clause_id or "") if clause_id else PANEL_PLACEHOLDER

    def rate(self, rating: int, answers: list[Answer] | None, comment: str):
        if not answers:
            return "Chưa có câu trả lời nào để đánh giá.", comment
        a = answers[-1]
        cites = json.dumps([{"n": c.n, "clause_id": c.clause.id, "label": c.clause.label} for c in a.citations],
                           ensure_ascii=False)  # fmt: skip
        self.store.save(a.question, a.text, cites, rating, comment or "")
        word = "hữu ích" if rating > 0 else "chưa tốt"
        return f"✅ Đã ghi nhận đánh giá «{word}» cho câu trả lời gần nhất. Cảm ơn bạn!", ""

    # documents tab
    def select_document(self, doc_id: str | None):
        doc = self.assistant.document(doc_id or "")
        if doc is None:
            return "", document_tree_html(self.assistant, ""), gr.update(choices=[], value=None)
        info = next((d for d in self.assistant.documents() if d.meta.id == doc.id), None)
        card = f'<div class="doc-card">{meta_html(doc.meta)}'
        if info is not None:
            origin = "có sẵn trong hệ thống" if info.builtin else "do người dùng bổ sung"
            card += f"<div>{info.clause_count} điều khoản · {origin} · nguồn: {html.escape(doc.meta.source)}</div>"
        card += "</div>"
        clauses = [(c.label, c.id) for c in self.assistant.index.clauses if c.doc_id == doc.id]
        return card, document_tree_html(self.assistant, doc.id), gr.update(choices=clauses, value=None)

    def _kb_refresh(self):
        """Every control that lists documents, after the knowledge base changed."""
        docs = self.doc_choices()
        return (
            self.status_line(),
            gr.update(choices=docs),  # chat filter
            gr.update(choices=docs),  # browser
            gr.update(choices=self.user_doc_choices(), value=None),  # remove
            self.change_rows(),
            gr.update(choices=docs),  # quiz
            gr.update(choices=docs),  # outline
            gr.update(choices=docs, value=None),  # compare
        )

    def change_rows(self) -> list[list[str]]:
        return [[when, who, action, detail] for when, who, action, detail in self.store.changes()]

    def upload(self, file, token, who, title, number, date, kind, issuer, level, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        """Generator: status lines while reading and indexing; nothing changes if the file is rejected."""
        from .sources import DocumentError, extract_text

        keep = tuple(gr.update() for _ in range(8))
        problem = self._admin_error(token)
        if problem:
            yield (f"⛔ {problem}", *keep)
            return
        if not (who or "").strip():
            yield ("⛔ Vui lòng nhập «Người thực hiện» để ghi nhật ký thay đổi.", *keep)
            return
        if not file:
            yield ("⛔ Vui lòng chọn tệp PDF, DOCX, TXT hoặc MD để tải lên.", *keep)
            return
        path = Path(file if isinstance(file, str) else getattr(file, "name", file))
        overrides = {
            "title": title,
            "number": number,
            "date": date,
            "kind": kind,
            "issuer": issuer,
            "level": level,
        }
        overrides = {k: v.strip() for k, v in overrides.items() if isinstance(v, str) and v.strip()}
        try:
            progress(0.1, desc="Đang đọc tệp…")
            yield (f"⏳ Đang đọc tệp «{esc(path.name)}»…", *keep)
            extract_text(path, self.settings.max_upload_mb)  # reject a bad file before touching anything
            progress(0.4, desc="Đang lập chỉ mục…")
            yield ("⏳ Đang lập chỉ mục (tách điều khoản, tính véc-tơ)… có thể mất vài chục giây.", *keep)
            doc = self.assistant.add_document(path, overrides)
        except DocumentError as exc:
            yield (f"⛔ {esc(exc.user_message)}", *keep)
            return
        except Exception:
            log.exception("upload failed: %s", path)
            yield ("⛔ Không thêm được văn bản do lỗi hệ thống; kho văn bản không thay đổi.", *keep)
            return
        progress(1.0, desc="Hoàn tất")
        count = next((d.clause_count for d in self.assistant.documents() if d.meta.id == doc.id), 0)
        self.store.log_change(who, "Thêm văn bản", f"{doc.meta.short} (mã {doc.id}) từ tệp {path.name}")
        msg = (
            f"✅ Đã thêm **{esc(doc.meta.short)}** (mã `{doc.id}`): {count} điều khoản, đã cập nhật chỉ mục. "
            "Bạn có thể hỏi về văn bản này ngay trong thẻ «Hỏi đáp»."
        )
        yield (msg, *self._kb_refresh())

    def remove(self, doc_id, token, who):
        from .sources import DocumentError

        keep = tuple(gr.update() for _ in range(8))
        problem = self._admin_error(token)
        if problem:
            return (f"⛔ {problem}", *keep)
        if not (who or "").strip():
            return ("⛔ Vui lòng nhập «Người thực hiện» để ghi nhật ký thay đổi.", *keep)
        if not doc_id:
            return ("⛔ Vui lòng chọn văn bản cần xoá.", *keep)
        doc = self.assistant.document(doc_id)
        name = doc.meta.short if doc else doc_id
        try:
            self.assistant.remove_document(doc_id)
        except DocumentError as exc:
            return (f"⛔ {esc(exc.user_message)}", *keep)
        self.store.log_change(who, "Xoá văn bản", f"{name} (mã {doc_id})")
        return (f"✅ Đã xoá **{esc(name)}** và cập nhật chỉ mục.", *self._kb_refresh())

    def export_feedback(self, token):
        problem = self._admin_error(token)
        if problem:
            return f"⛔ {problem}", gr.update(value=None, visible=False)
        path = self.store.export_csv(self._export_path("phan-hoi-tro-ly-chi-thi-38.csv"))
        n = len(self.store.rows())
        return f"✅ Đã xuất {n} phản hồi.", gr.update(value=str(path), visible=True)

    # trainers' tools (modules imported here so the app starts even while they change)
    def make_quiz(self, doc_ids, topic, count, difficulty, seed):
        try:
            from . import quiz

            items = quiz.make_quiz(self.assistant, doc_ids or None, (topic or "").strip() or None, int(count),
                                   difficulty, None, int(seed) if seed not in (None, "") else None)  # fmt: skip
        except Exception as exc:
            log.exception("quiz failed")
            return [], f"⚠️ Chưa tạo được câu hỏi: {esc(str(exc))}", ""
        if not items:
            return (
                [],
                "⚠️ Không tạo được câu hỏi nào với lựa chọn này; hãy chọn thêm văn bản hoặc đổi chủ đề.",
                "",
            )
        return (items, _safe_md(quiz.items_markdown(items, with_answers=False)),
                _safe_md(quiz.items_markdown(items, with_answers=True)))  # fmt: skip

    def _offer_file(self, what: str, make) -> tuple:
        """Write an export with make() (which imports its tool) and offer it; a failure is shown, never raised."""
        try:
            path = make()
        except Exception as exc:
            log.exception("%s export failed", what)
            return f"⚠️ Không xuất được tệp: {esc(str(exc))}", gr.update(value=None, visible=False)
        return f"✅ Đã tạo tệp {Path(path).name}.", gr.update(value=str(path), visible=True)

    def export_quiz(self, items, fmt):
        if not items:
            return "⚠️ Hãy tạo câu hỏi trước khi tải xuống.", gr.update(value=None, visible=False)
        from . import quiz

        ext = {"aiken": "txt", "gift": "txt"}.get(fmt, fmt)
        stem = "trac-nghiem-chi-thi-38" + ("" if ext == fmt else f"-{fmt}")
        return self._offer_file(
            "quiz", lambda: quiz.export_quiz(items, fmt, self._export_path(f"{stem}.{ext}"))
        )

    def make_outline(self, topic, audience, length, doc_ids):
        if not (topic or "").strip():
            return None, "⚠️ Vui lòng nhập chủ đề cần lập dàn ý."
        try:
            from . import outline

            result = outline.make_outline(self.assistant, topic.strip(), (audience or "").strip(), length,
                                          doc_ids or None)  # fmt: skip
            return result, _safe_md(outline.outline_markdown(result))
        except Exception as exc:
            log.exception("outline failed")
            return None, f"⚠️ Chưa lập được dàn ý: {esc(str(exc))}"

    def export_outline(self, result, fmt):
        if result is None:
            return "⚠️ Hãy lập dàn ý trước khi tải xuống.", gr.update(value=None, visible=False)
        from . import outline

        return self._offer_file(
            "outline",
            lambda: outline.export_outline(result, fmt, self._export_path(f"dan-y-chi-thi-38.{fmt}")),
        )

    def compare(self, local_doc_id, reference):
        if not local_doc_id:
            return None, gr.update(value=None), "⚠️ Vui lòng chọn văn bản cần đối chiếu."
        try:
            from . import compare

            rows = compare.compare(self.assistant, local_doc_id, reference or "ct38")
            headers, table = compare.compare_table(rows)
        except Exception as exc:
            log.exception("compare failed")
            return None, gr.update(value=None), f"⚠️ Chưa đối chiếu được: {esc(str(exc))}"
        return rows, gr.update(value=table, headers=headers), f"✅ Đối chiếu xong: {len(table)} dòng."

    def export_compare(self, rows, fmt):
        if not rows:
            return "⚠️ Hãy đối chiếu trước khi tải xuống.", gr.update(value=None, visible=False)
        from . import compare

        return self._offer_file(
            "compare",
            lambda: compare.export_compare(rows, fmt, self._export_path(f"doi-chieu-chi-thi-38.{fmt}")),
        )


def build_app(assistant: Assistant, store: FeedbackStore | None = None) -> gr.Blocks:
    """The whole UI; launch it with `launch()` below so the CSS/JS/theme come along."""
    app = WebApp(assistant, store)
    admin_ready = bool(app.settings.admin_token)
    docs = app.doc_choices()

    with gr.Blocks(title=APP_TITLE) as demo:
        gr.Markdown(
            f"# {APP_TITLE}\nHỏi đáp có trích dẫn nguyên văn về Chỉ thị 38-CT/TW của Ban Bí thư về đẩy mạnh công tác "
            "tiêu chuẩn, đo lường, chất lượng quốc gia và các văn bản triển khai.",
            elem_id="app-header",
        )
        status = gr.Markdown(app.status_line(), elem_id="kb-status")
        answers = gr.State([])

        with gr.Tabs():
            # ---- Hỏi đáp --------------------------------------------------------------------------
            with gr.Tab("Hỏi đáp", id="chat-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Hội thoại",
                            height=540,
                            sanitize_html=True,
                            render_markdown=True,
                            line_breaks=True,
                            buttons=["copy"],
                            elem_id="chatbot",
                            placeholder="**Hãy đặt câu hỏi về Chỉ thị 38-CT/TW** hoặc các văn bản triển khai. "
                            "Mỗi ý trả lời đều có trích dẫn [n]; bấm vào để xem nguyên văn.",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                placeholder="Nhập câu hỏi, ví dụ: Chỉ thị 38 giao nhiệm vụ gì cho các cấp ủy?",
                                show_label=False,
                                lines=1,
                                max_lines=4,
                                scale=6,
                                elem_id="question",
                                autofocus=True,
                            )
                            send = gr.Button("Gửi", variant="primary", scale=1, min_width=90, elem_id="send")
                        gr.Examples(EXAMPLES, inputs=[question], label="Câu hỏi mẫu")
                        doc_filter = gr.CheckboxGroup(
                            docs,
                            label="Chỉ tìm trong các văn bản (để trống = tìm trong tất cả)",
                            elem_id="doc-filter",
                        )
                        with gr.Row():
                            copy_btn = gr.Button("📋 Sao chép câu trả lời", size="sm")
                            download = gr.DownloadButton("⬇️ Tải hội thoại (Markdown)", size="sm")
                            clear = gr.Button("🗑️ Cuộc hội thoại mới", size="sm")
                        with gr.Accordion("Câu trả lời dạng văn bản (kèm nguồn)", open=False):
                            plain = gr.Textbox(
                                show_label=False, lines=6, buttons=["copy"], elem_id="plain-answer"
                            )
                        with gr.Accordion(
                            "Vì sao? Các điều khoản đã tìm thấy cho câu trả lời gần nhất", open=False
                        ):
                            why = gr.Dataframe(headers=WHY_HEADERS, value=[], interactive=False, wrap=True,
                                               elem_id="why-table")  # fmt: skip
                        with gr.Accordion("Đánh giá câu trả lời gần nhất", open=False):
                            with gr.Row():
                                up = gr.Button("👍 Hữu ích", size="sm")
                                down = gr.Button("👎 Chưa tốt", size="sm")
                            comment = gr.Textbox(label="Góp ý (không bắt buộc)", lines=2)
                            rated = gr.Markdown()
                    with gr.Column(scale=2):
                        sources = gr.Radio([], label="Nguồn của câu trả lời (chọn để xem)", elem_id="sources")
                        panel = gr.HTML(PANEL_PLACEHOLDER, elem_id="clause-panel")
                        chat_open_id = gr.Textbox(visible="hidden", elem_id="chat-open-id")
                        chat_open_btn = gr.Button("Mở", visible="hidden", elem_id="chat-open-btn")

            # ---- Văn bản ----------------------------------------------------------------------------
            with gr.Tab("Văn bản", id="docs-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=2):
                        browse_doc = gr.Dropdown(docs, label="Văn bản", value=None, elem_id="browse-doc")
                        doc_card = gr.HTML("")
                        tree = gr.HTML(document_tree_html(assistant, ""), elem_id="kb-tree")
                        browse_clause = gr.Dropdown([], label="Hoặc chọn điều khoản", value=None)
                    with gr.Column(scale=3):
                        kb_panel = gr.HTML(
                            '<div class="clause-panel empty">Chọn một điều khoản ở cây văn bản để xem nguyên văn.</div>'
                        )
                        kb_open_id = gr.Textbox(visible="hidden", elem_id="kb-open-id")
                        kb_open_btn = gr.Button("Mở", visible="hidden", elem_id="kb-open-btn")
                with gr.Accordion("Quản trị kho văn bản", open=True):
                    if not admin_ready:
                        gr.HTML(f'<div class="warn-box">🔒 {html.escape(READ_ONLY_MESSAGE)}</div>')
                    with gr.Group(visible=admin_ready):
                        with gr.Row():
                            token = gr.Textbox(label="Mã quản trị", type="password", elem_id="admin-token")
                            who = gr.Textbox(
                                label="Người thực hiện", placeholder="Họ tên, đơn vị", elem_id="admin-who"
                            )
                    with gr.Column(visible=admin_ready):
                        gr.Markdown("#### Thêm văn bản (PDF, DOCX, TXT, MD)")
                        upload_file = gr.File(
                            label="Tệp văn bản",
                            file_types=[".pdf", ".docx", ".txt", ".md"],
                            type="filepath",
                            elem_id="upload-file",
                        )
                        with gr.Row():
                            up_title = gr.Textbox(label="Tiêu đề", placeholder="Để trống: tự nhận diện")
                            up_number = gr.Textbox(label="Số hiệu", placeholder="ví dụ 12-KH/ĐU")
                            up_date = gr.Textbox(label="Ngày ban hành (dd/mm/yyyy)", placeholder="05/03/2025")
                        with gr.Row():
                            up_kind = gr.Dropdown(KIND_CHOICES, label="Loại văn bản", value=None,
                                                  allow_custom_value=True)  # fmt: skip
                            up_issuer = gr.Textbox(
                                label="Cơ quan ban hành", placeholder="ví dụ Đảng ủy xã An Bình"
                            )
                            up_level = gr.Dropdown(
                                LEVEL_CHOICES, label="Cấp", value=None, allow_custom_value=True
                            )
                        add_btn = gr.Button(
                            "Thêm vào kho và lập chỉ mục", variant="primary", elem_id="add-doc"
                        )
                        kb_msg = gr.Markdown(elem_id="kb-message")
                        gr.Markdown("#### Xoá văn bản do người dùng bổ sung")
                        with gr.Row():
                            remove_doc = gr.Dropdown(
                                app.user_doc_choices(), label="Văn bản", value=None, scale=3
                            )
                            remove_btn = gr.Button("Xoá văn bản", variant="stop", scale=1)
                        gr.Markdown("#### Phản hồi của người dùng và nhật ký thay đổi")
                        with gr.Row():
                            export_fb = gr.Button("Xuất phản hồi (CSV)", size="sm")
                            fb_file = gr.File(label="Tệp phản hồi", visible=False)
                        fb_msg = gr.Markdown()
                        changes = gr.Dataframe(
                            headers=["Thời điểm", "Người thực hiện", "Thao tác", "Chi tiết"],
                            value=app.change_rows(),
                            interactive=False,
                            wrap=True,
                            label="Nhật ký thay đổi kho văn bản",
                        )

            # ---- Trắc nghiệm ------------------------------------------------------------------------
            with gr.Tab("Trắc nghiệm", id="quiz-tab"):
                gr.Markdown("Tạo câu hỏi trắc nghiệm từ nội dung văn bản, kèm đáp án và trích dẫn, để ôn tập "
                            "hoặc kiểm tra.")  # fmt: skip
                quiz_items = gr.State([])
                with gr.Row():
                    quiz_docs = gr.CheckboxGroup(docs, label="Văn bản (để trống = tất cả)")
                with gr.Row():
                    quiz_topic = gr.Textbox(
                        label="Chủ đề (không bắt buộc)", placeholder="ví dụ: hội nhập quốc tế"
                    )
                    quiz_count = gr.Slider(1, 30, value=10, step=1, label="Số câu")
                    quiz_level = gr.Radio([("Dễ", "de"), ("Vừa", "vua"), ("Khó", "kho")], value="vua",
                                          label="Mức độ")  # fmt: skip
                    quiz_seed = gr.Number(label="Mã ngẫu nhiên (để trống = mỗi lần một khác)", precision=0)
                quiz_btn = gr.Button("Tạo câu hỏi", variant="primary")
                quiz_md = gr.Markdown(sanitize_html=True)
                with gr.Accordion("Đáp án và trích dẫn", open=False):
                    quiz_key = gr.Markdown(sanitize_html=True)
                with gr.Row():
                    quiz_fmt = gr.Dropdown(
                        [("Word (.docx)", "docx"), ("Bảng tính (.csv)", "csv"), ("Moodle GIFT", "gift"),
                         ("Aiken", "aiken"), ("JSON", "json")],
                        value="docx", label="Định dạng tệp",
                    )  # fmt: skip
                    quiz_dl = gr.Button("Tạo tệp tải xuống")
                quiz_msg = gr.Markdown()
                quiz_file = gr.File(label="Tệp câu hỏi", visible=False)

            # ---- Dàn ý ------------------------------------------------------------------------------
            with gr.Tab("Dàn ý", id="outline-tab"):
                gr.Markdown("Lập dàn ý bài tuyên truyền hoặc bài giảng, mỗi ý dẫn nguồn điều khoản.")
                outline_state = gr.State(None)
                with gr.Row():
                    ol_topic = gr.Textbox(label="Chủ đề", placeholder="ví dụ: Vai trò của tiêu chuẩn, đo lường, "
                                          "chất lượng trong phát triển kinh tế")  # fmt: skip
                    ol_audience = gr.Dropdown(
                        ["cán bộ, đảng viên", "doanh nghiệp", "người dân", "học sinh, sinh viên"],
                        value="cán bộ, đảng viên", label="Đối tượng", allow_custom_value=True,
                    )  # fmt: skip
                    ol_length = gr.Radio([("Ngắn", "ngan"), ("Vừa", "vua"), ("Dài", "dai")], value="vua",
                                         label="Độ dài")  # fmt: skip
                ol_docs = gr.CheckboxGroup(docs, label="Văn bản (để trống = tất cả)")
                ol_btn = gr.Button("Lập dàn ý", variant="primary")
                ol_md = gr.Markdown(sanitize_html=True)
                with gr.Row():
                    ol_fmt = gr.Dropdown([("Markdown (.md)", "md"), ("Word (.docx)", "docx")], value="docx",
                                         label="Định dạng tệp")  # fmt: skip
                    ol_dl = gr.Button("Tạo tệp tải xuống")
                ol_msg = gr.Markdown()
                ol_file = gr.File(label="Tệp dàn ý", visible=False)

            # ---- Đối chiếu --------------------------------------------------------------------------
            with gr.Tab("Đối chiếu", id="compare-tab"):
                gr.Markdown("Đối chiếu văn bản triển khai của địa phương với các nhiệm vụ, giải pháp của văn bản gốc: "
                            "nhiệm vụ nào đã được cụ thể hóa, nhiệm vụ nào chưa.")  # fmt: skip
                cmp_state = gr.State(None)
                with gr.Row():
                    cmp_local = gr.Dropdown(docs, label="Văn bản triển khai", value=None)
                    cmp_ref = gr.Dropdown(docs, label="Văn bản gốc", value="ct38" if any(v == "ct38" for _, v in docs)
                                          else None)  # fmt: skip
                cmp_btn = gr.Button("Đối chiếu", variant="primary")
                cmp_msg = gr.Markdown()
                cmp_table = gr.Dataframe(value=[], interactive=False, wrap=True, label="Bảng đối chiếu")
                with gr.Row():
                    cmp_fmt = gr.Dropdown([("Bảng tính (.csv)", "csv"), ("Markdown (.md)", "md")], value="csv",
                                          label="Định dạng tệp")  # fmt: skip
                    cmp_dl = gr.Button("Tạo tệp tải xuống")
                cmp_file_msg = gr.Markdown()
                cmp_file = gr.File(label="Tệp đối chiếu", visible=False)

        # ---- events -----------------------------------------------------------------------------------
        extras = [sources, why, plain, download]
        for trigger, api_name in ((send.click, "hoi"), (question.submit, False)):
            trigger(
                app.respond,
                [question, chatbot, answers, doc_filter],
                [chatbot, answers, question],
                api_name=api_name,
                show_progress="hidden",
            ).then(app.after_answer, [answers], extras, api_name=False, show_progress="hidden")
        clear.click(
            lambda: (
                [],
                [],
                PANEL_PLACEHOLDER,
                gr.update(choices=[], value=None),
                [],
                "",
                gr.update(value=None),
                "",
            ),
            None,
            [chatbot, answers, panel, sources, why, plain, download, rated],
            api_name=False,
        )
        sources.input(app.open_clause, [sources], [panel], api_name=False)
        chat_open_btn.click(app.open_clause, [chat_open_id], [panel], api_name="dieu_khoan")
        kb_open_btn.click(app.open_clause, [kb_open_id], [kb_panel], api_name=False)
        browse_doc.change(app.select_document, [browse_doc], [doc_card, tree, browse_clause], api_name=False)
        browse_clause.input(app.open_clause, [browse_clause], [kb_panel], api_name=False)

        def copied(text: str) -> None:
            if text:
                gr.Info("Đã sao chép câu trả lời kèm nguồn vào bộ nhớ tạm.")
            else:
                gr.Warning("Chưa có câu trả lời để sao chép.")

        copy_btn.click(copied, [plain], None, js=_COPY_JS, api_name=False)
        up.click(lambda a, c: app.rate(1, a, c), [answers, comment], [rated, comment], api_name=False)
        down.click(lambda a, c: app.rate(-1, a, c), [answers, comment], [rated, comment], api_name=False)

        kb_outputs = [
            kb_msg,
            status,
            doc_filter,
            browse_doc,
            remove_doc,
            changes,
            quiz_docs,
            ol_docs,
            cmp_local,
        ]
        add_btn.click(
            app.upload,
            [upload_file, token, who, up_title, up_number, up_date, up_kind, up_issuer, up_level],
            kb_outputs,
            api_name=False,
            concurrency_limit=1,
        )
        remove_btn.click(
            app.remove, [remove_doc, token, who], kb_outputs, api_name=False, concurrency_limit=1
        )
        export_fb.click(app.export_feedback, [token], [fb_msg, fb_file], api_name=False)

        quiz_btn.click(app.make_quiz, [quiz_docs, quiz_topic, quiz_count, quiz_level, quiz_seed],
                       [quiz_items, quiz_md, quiz_key], api_name=False)  # fmt: skip
        quiz_dl.click(app.export_quiz, [quiz_items, quiz_fmt], [quiz_msg, quiz_file], api_name=False)
        ol_btn.click(app.make_outline, [ol_topic, ol_audience, ol_length, ol_docs], [outline_state, ol_md],
                     api_name=False)  # fmt: skip
        ol_dl.click(app.export_outline, [outline_state, ol_fmt], [ol_msg, ol_file], api_name=False)
        cmp_btn.click(app.compare, [cmp_local, cmp_ref], [cmp_state, cmp_table, cmp_msg], api_name=False)
        cmp_dl.click(app.export_compare, [cmp_state, cmp_fmt], [cmp_file_msg, cmp_file], api_name=False)

    demo.webapp = app  # for tests and app.py
    return demo


def launch_options() -> dict:
    """Gradio 6 takes theme, CSS and JS at launch time."""
    theme = gr.themes.Soft(primary_hue="red", secondary_hue="amber", neutral_hue="slate")
    return {"theme": theme, "css": _CSS, "js": _JS}


def launch(demo: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, share: bool = False, **kwargs):
    """Local-only unless the caller asks for another address or a share link."""
    return demo.launch(
        server_name=host,
        server_port=port,
        share=share,
        show_error=False,
        allowed_paths=[str(demo.webapp.export_dir)],
        **launch_options(),
        **kwargs,
    )
