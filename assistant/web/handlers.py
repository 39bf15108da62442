"""The event handlers: one WebApp per server holds the Assistant and the feedback store."""

from __future__ import annotations

import hmac
import html
import json
import logging
import tempfile
import time
from pathlib import Path

import gradio as gr

from ..feedback import FeedbackStore
from ..pipeline import Assistant
from ..schema import Answer
from .render import (
    PANEL_PLACEHOLDER,
    READ_ONLY_MESSAGE,
    _paragraphs,
    _safe_md,
    answer_plain_text,
    clause_panel_html,
    conversation_markdown,
    document_tree_html,
    esc,
    meta_html,
    passages_rows,
    render_answer,
)

log = logging.getLogger(__name__)


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
        from ..loading import DocumentError, extract_text

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
        from ..loading import DocumentError

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
            from .. import quiz

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
        from .. import quiz

        ext = {"aiken": "txt", "gift": "txt"}.get(fmt, fmt)
        stem = "trac-nghiem-chi-thi-38" + ("" if ext == fmt else f"-{fmt}")
        return self._offer_file(
            "quiz", lambda: quiz.export_quiz(items, fmt, self._export_path(f"{stem}.{ext}"))
        )

    def make_outline(self, topic, audience, length, doc_ids):
        if not (topic or "").strip():
            return None, "⚠️ Vui lòng nhập chủ đề cần lập dàn ý."
        try:
            from .. import outline

            result = outline.make_outline(self.assistant, topic.strip(), (audience or "").strip(), length,
                                          doc_ids or None)  # fmt: skip
            return result, _safe_md(outline.outline_markdown(result))
        except Exception as exc:
            log.exception("outline failed")
            return None, f"⚠️ Chưa lập được dàn ý: {esc(str(exc))}"

    def export_outline(self, result, fmt):
        if result is None:
            return "⚠️ Hãy lập dàn ý trước khi tải xuống.", gr.update(value=None, visible=False)
        from .. import outline

        return self._offer_file(
            "outline",
            lambda: outline.export_outline(result, fmt, self._export_path(f"dan-y-chi-thi-38.{fmt}")),
        )

    def compare(self, local_doc_id, reference):
        if not local_doc_id:
            return None, gr.update(value=None), "⚠️ Vui lòng chọn văn bản cần đối chiếu."
        try:
            from .. import compare

            rows = compare.compare(self.assistant, local_doc_id, reference or "ct38")
            headers, table = compare.compare_table(rows)
        except Exception as exc:
            log.exception("compare failed")
            return None, gr.update(value=None), f"⚠️ Chưa đối chiếu được: {esc(str(exc))}"
        return rows, gr.update(value=table, headers=headers), f"✅ Đối chiếu xong: {len(table)} dòng."

    def export_compare(self, rows, fmt):
        if not rows:
            return "⚠️ Hãy đối chiếu trước khi tải xuống.", gr.update(value=None, visible=False)
        from .. import compare

        return self._offer_file(
            "compare",
            lambda: compare.export_compare(rows, fmt, self._export_path(f"doi-chieu-chi-thi-38.{fmt}")),
        )
