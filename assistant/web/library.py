"""The documents tab: browsing, the lists that depend on the documents, and the administrator's actions.

Lists are read per visit (demo.load) and re-read by every open page when the version changes, so an
upload shows up for everybody. The change log and the feedback export need a valid token; wrong tokens
slow down and are logged (admin.py).
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

import gradio as gr

from ..feedback import human_time
from .admin import client_of
from .render import document_tree_html, esc, meta_html

log = logging.getLogger(__name__)

KB_FIELDS = 9  # status, chat filter, browser, remove list, quiz, outline, compare local, compare ref, version
NEED_WHO = "⛔ Vui lòng nhập «Người thực hiện» để ghi nhật ký thay đổi."


class LibraryHandlers:
    """Mixed into WebApp: needs self.assistant, self.settings, self.store, self.gate, self.kb_version."""

    def doc_choices(self) -> list[tuple[str, str]]:
        return [(d.meta.short, d.meta.id) for d in self.assistant.documents()]

    def user_doc_choices(self) -> list[tuple[str, str]]:
        """Uploaded documents, named as a person knows them (short name, then the start of the title)."""
        out = []
        for d in self.assistant.documents():
            if not d.builtin:
                title = d.meta.title if len(d.meta.title) <= 70 else d.meta.title[:70].rsplit(" ", 1)[0] + "…"
                out.append((f"{d.meta.short} — {title}" if title else d.meta.short, d.meta.id))
        return out

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
        return f"Kho văn bản: **{len(docs)} văn bản**, **{clauses} điều khoản**{extra} · Cách trả lời: {mode}"

    def kb_state(self) -> tuple:
        """Every list and count that depends on the documents, in KB_FIELDS order."""
        docs = self.doc_choices()
        ids = {v for _, v in docs}
        return (
            self.status_line(),
            gr.update(choices=docs),
            gr.update(choices=docs),
            gr.update(choices=self.user_doc_choices(), value=None),
            gr.update(choices=docs),
            gr.update(choices=docs),
            gr.update(choices=docs),
            gr.update(choices=docs, value=self._reference_doc(ids)),
            self.kb_version,
        )

    def _reference_doc(self, ids: set[str]) -> str | None:
        """The comparison's default reference: the document the others implement (from the catalogs)."""
        try:
            from ..tools.compare import reference_doc

            ref = reference_doc(self.assistant)
        except Exception:  # no reference document loaded: the admin picks one
            return None
        return ref if ref in ids else None

    def kb_poll(self, seen: int | None):
        """Timer tick: nothing to send unless a document was added or removed since this page last looked."""
        if seen == self.kb_version:
            return tuple(gr.skip() for _ in range(KB_FIELDS))
        return self.kb_state()

    def select_document(self, doc_id: str | None):
        doc = self.assistant.document(doc_id or "")
        if doc is None:
            return "", document_tree_html(self.assistant, ""), gr.update(choices=[], value=None)
        info = next((d for d in self.assistant.documents() if d.meta.id == doc.id), None)
        card = f'<div class="doc-card">{meta_html(doc.meta)}'
        if info is not None:
            origin = "có sẵn trong hệ thống" if info.builtin else "do người dùng bổ sung"
            card += f"<div>{info.clause_count} điều khoản · {origin}</div>"
        card += "</div>"
        clauses = [(c.label, c.id) for c in self.assistant.index.clauses if c.doc_id == doc.id]
        return card, document_tree_html(self.assistant, doc.id), gr.update(choices=clauses, value=None)

    # ---- administrator ----------------------------------------------------------------------------
    def changes_html(self) -> str:
        rows = self.store.changes()
        if not rows:
            return '<div class="changes">Chưa có thay đổi nào.</div>'
        body = "".join(
            f"<tr><td>{html.escape(human_time(when))}</td><td>{html.escape(who)}</td>"
            f"<td>{html.escape(action)}</td><td>{html.escape(detail)}</td></tr>"
            for when, who, action, detail in rows
        )
        return (
            '<div class="changes"><table><caption>Nhật ký thay đổi kho văn bản (mới nhất trước)</caption>'
            '<thead><tr><th scope="col">Thời điểm</th><th scope="col">Người thực hiện</th>'
            f'<th scope="col">Thao tác</th><th scope="col">Chi tiết</th></tr></thead><tbody>{body}</tbody></table></div>'
        )

    def _changed(self, message: str) -> tuple:
        self.kb_version += 1
        return (message, *self.kb_state(), gr.update(value=self.changes_html(), visible=True))

    def _refused(self, message: str) -> tuple:
        return (message, *(gr.skip() for _ in range(KB_FIELDS)), gr.skip())

    def upload(self, file, token, who, title, number, date, kind, issuer, level, request: gr.Request):
        """Generator: status lines while reading and indexing; nothing changes if the file is rejected."""
        from ..sources import DocumentError, extract_text

        problem = self.gate.check(token, client_of(request))
        if problem:
            yield self._refused(f"⛔ {problem}")
            return
        if not (who or "").strip():
            yield self._refused(NEED_WHO)
            return
        if not file:
            yield self._refused("⛔ Vui lòng chọn tệp PDF, DOCX, TXT hoặc MD để tải lên.")
            return
        path = Path(file if isinstance(file, str) else getattr(file, "name", file))
        fields = {
            "title": title,
            "number": number,
            "date": date,
            "kind": kind,
            "issuer": issuer,
            "level": level,
        }
        overrides = {k: v.strip() for k, v in fields.items() if isinstance(v, str) and v.strip()}
        try:
            yield self._refused(f"⏳ Đang đọc tệp «{esc(path.name)}»…")
            extract_text(path, self.settings)  # reject a bad file before touching anything
            yield self._refused(
                "⏳ Đang lập chỉ mục (tách điều khoản, tính véc-tơ)… có thể mất vài chục giây."
            )
            doc = self.assistant.add_document(path, overrides)
        except DocumentError as exc:
            yield self._refused(f"⛔ {esc(exc.user_message)}")
            return
        except Exception:
            log.exception("upload failed: %s", path)
            yield self._refused("⛔ Không thêm được văn bản do lỗi hệ thống; kho văn bản không thay đổi.")
            return
        count = next((d.clause_count for d in self.assistant.documents() if d.meta.id == doc.id), 0)
        self.store.log_change(who, "Thêm văn bản", f"{doc.meta.short} — tệp {path.name}")
        yield self._changed(
            f"✅ Đã thêm **{esc(doc.meta.short)}**: {count} điều khoản, đã cập nhật chỉ mục. "
            "Bạn có thể hỏi về văn bản này ngay trong thẻ «Hỏi đáp»."
        )

    def remove(self, doc_id, token, who, request: gr.Request):
        from ..sources import DocumentError

        problem = self.gate.check(token, client_of(request))
        if problem:
            return self._refused(f"⛔ {problem}")
        if not (who or "").strip():
            return self._refused(NEED_WHO)
        if not doc_id:
            return self._refused("⛔ Vui lòng chọn văn bản cần xoá.")
        doc = self.assistant.document(doc_id)
        name = doc.meta.short if doc else doc_id
        try:
            self.assistant.remove_document(doc_id)
        except DocumentError as exc:
            return self._refused(f"⛔ {esc(exc.user_message)}")
        self.store.log_change(who, "Xoá văn bản", name)
        return self._changed(f"✅ Đã xoá **{esc(name)}** và cập nhật chỉ mục.")

    def admin_records(self, token, request: gr.Request):
        """The change log and the feedback export, for a valid token only."""
        problem = self.gate.check(token, client_of(request))
        if problem:
            hidden = gr.update(value=None, visible=False)
            return f"⛔ {problem}", gr.update(value="", visible=False), hidden
        path = self.store.export_csv(self._export_path("phan-hoi-tro-ly-chi-thi-38.csv"))
        n = len(self.store.rows()) + len(self.store.actions())
        return (
            f"✅ Đã xuất {n} phản hồi và thao tác của người dùng.",
            gr.update(value=self.changes_html(), visible=True),
            gr.update(value=str(path), visible=True),
        )
