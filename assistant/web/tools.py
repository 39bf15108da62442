"""Handlers of the trainers' and reporters' tabs: quiz, outline, comparison, and their files.

The tool modules are imported inside each handler so the app starts even while a tool is broken; a
failure shows a Vietnamese message and the log keeps the details.
"""

from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from .cards import compare_html, tool_html

log = logging.getLogger(__name__)

COMPARE_FORMATS = {"docx": "Word (.docx)", "csv": "Bảng tính (.csv)", "md": "Markdown (.md)"}
HIDDEN_FILE = {"value": None, "visible": False}


def _user_error(exc: Exception) -> bool:
    """Bad input or a path the user must change: its message is for the user, no traceback is logged."""
    from ..tools.export import ExportError
    from ..tools.inputs import ToolInputError

    return isinstance(exc, ToolInputError | ExportError)


def _problem(exc: Exception) -> str:
    """A tool's own Vietnamese message when it has one; otherwise a plain sentence (details in the log)."""
    if _user_error(exc):
        return str(exc)
    return getattr(exc, "user_message", "") or "lỗi hệ thống, vui lòng thử lại hoặc đổi lựa chọn."


def _log_failure(what: str, exc: Exception) -> None:
    if _user_error(exc):
        log.info("%s refused: %s", what, exc)
    else:
        log.exception("%s failed", what)


def compare_formats() -> list[tuple[str, str]]:
    """The comparison's file formats the tool offers (DOCX only where it writes DOCX)."""
    try:
        from ..tools import compare

        offered = getattr(compare, "EXPORT_FORMATS", ("csv", "md"))
    except Exception:
        log.exception("compare tool unavailable")
        offered = ("csv", "md")
    return [(label, fmt) for fmt, label in COMPARE_FORMATS.items() if fmt in offered]


class ToolHandlers:
    """Mixed into WebApp: needs self.assistant and self._export_path."""

    def make_quiz(self, doc_ids, topic, count, difficulty, seed):
        try:
            from ..tools import quiz

            seed = int(seed) if seed not in (None, "") else None
            topic = (topic or "").strip() or None
            items = quiz.make_quiz(self.assistant, doc_ids or None, topic, int(count), difficulty, None, seed)
        except Exception as exc:
            _log_failure("quiz", exc)
            return [], f"⚠️ Chưa tạo được câu hỏi: {_problem(exc)}", ""
        if not items:
            return (
                [],
                "⚠️ Không tạo được câu hỏi nào với lựa chọn này; hãy chọn thêm văn bản hoặc đổi chủ đề.",
                "",
            )
        return (
            items,
            tool_html(quiz.items_markdown(items, with_answers=False)),
            tool_html(quiz.items_markdown(items, with_answers=True)),
        )

    def _offer_file(self, what: str, make) -> tuple:
        """Write an export with make() (which imports its tool) and offer it; a failure is shown, never raised."""
        try:
            path = make()
        except Exception as exc:
            _log_failure(f"{what} export", exc)
            return f"⚠️ Không xuất được tệp: {_problem(exc)}", gr.update(**HIDDEN_FILE)
        return f"✅ Đã tạo tệp {Path(path).name}.", gr.update(value=str(path), visible=True)

    def export_quiz(self, items, fmt):
        if not items:
            return "⚠️ Hãy tạo câu hỏi trước khi tải xuống.", gr.update(**HIDDEN_FILE)
        from ..tools import quiz

        ext = {"aiken": "txt", "gift": "txt"}.get(fmt, fmt)
        stem = "trac-nghiem-chi-thi-38" + ("" if ext == fmt else f"-{fmt}")
        return self._offer_file(
            "quiz", lambda: quiz.export_quiz(items, fmt, self._export_path(f"{stem}.{ext}"))
        )

    def make_outline(self, topic, audience, length, doc_ids):
        if not (topic or "").strip():
            return None, "⚠️ Vui lòng nhập chủ đề cần lập dàn ý."
        try:
            from ..tools import outline

            result = outline.make_outline(
                self.assistant, topic.strip(), (audience or "").strip(), length, doc_ids or None
            )
            return result, tool_html(outline.outline_markdown(result))
        except Exception as exc:
            _log_failure("outline", exc)
            return None, f"⚠️ Chưa lập được dàn ý: {_problem(exc)}"

    def export_outline(self, result, fmt):
        if result is None:
            return "⚠️ Hãy lập dàn ý trước khi tải xuống.", gr.update(**HIDDEN_FILE)
        from ..tools import outline

        path = self._export_path(f"dan-y-chi-thi-38.{fmt}")
        return self._offer_file("outline", lambda: outline.export_outline(result, fmt, path))

    def compare(self, local_doc_id, reference):
        if not local_doc_id:
            return None, "", "⚠️ Vui lòng chọn văn bản cần đối chiếu."
        try:
            from ..tools import compare

            comparison = compare.build_comparison(self.assistant, local_doc_id, reference or None)
        except Exception as exc:
            _log_failure("compare", exc)
            return None, "", f"⚠️ Chưa đối chiếu được: {_problem(exc)}"
        rows = comparison.rows
        note = f"✅ Đối chiếu xong: {len(rows)} dòng."
        if comparison.warning:
            note += f" ⚠️ {comparison.warning}"
        return rows, compare_html(rows, self.assistant.clause), note

    def export_compare(self, rows, fmt):
        if not rows:
            return "⚠️ Hãy đối chiếu trước khi tải xuống.", gr.update(**HIDDEN_FILE)
        from ..tools import compare

        path = self._export_path(f"doi-chieu-chi-thi-38.{fmt}")
        return self._offer_file("compare", lambda: compare.export_compare(rows, fmt, path))
