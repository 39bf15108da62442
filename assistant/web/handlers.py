"""The chat's event handlers: ask, regenerate, rate, comment, copy, open a clause.

One WebApp per server holds the Assistant and the feedback store; per-visitor state (the answers so far,
which chat message holds which answer) lives in gr.State and comes in as arguments.
"""

from __future__ import annotations

import html
import json
import logging
import re
import tempfile
import time
from pathlib import Path

import gradio as gr

from ..feedback import FeedbackStore
from ..pipeline import Assistant
from ..schema import Answer, Clause
from .admin import AdminGate
from .cards import why_cards_html
from .library import LibraryHandlers
from .render import (
    PANEL_PLACEHOLDER,
    clause_panel_html,
    conversation_markdown,
    esc,
    paragraphs,
    render_answer,
)
from .tools import ToolHandlers

log = logging.getLogger(__name__)

THINKING = "⏳ Đang tìm trong văn bản…"
ERROR_MESSAGE = "⚠️ Đã xảy ra lỗi khi tìm câu trả lời. Vui lòng thử lại hoặc đặt câu hỏi khác."


def _plain(text: str) -> str:
    """Text without tags, Markdown escapes and extra spaces: what two renderings of a message share."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>|\\(?=\S)", "", text)).split())


def citations_json(answer: Answer) -> str:
    cites = [{"n": c.n, "clause_id": c.clause.id, "label": c.clause.label} for c in answer.citations]
    return json.dumps(cites, ensure_ascii=False)


class WebApp(LibraryHandlers, ToolHandlers):
    """Event handlers; `turns` maps a chat message's position to the Answer it shows (None for questions)."""

    def __init__(self, assistant: Assistant, store: FeedbackStore | None = None) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self.store = store or FeedbackStore.for_settings(self.settings)
        self.gate = AdminGate(self.settings.admin_token)
        self.export_dir = Path(tempfile.mkdtemp(prefix="troly38-"))
        self.kb_version = 0  # bumped on every add/remove so open pages refresh their lists

    def _export_path(self, name: str) -> Path:
        folder = self.export_dir / f"{time.time_ns()}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    # ---- asking ---------------------------------------------------------------------------------
    def respond(self, question: str, chat: list | None, answers: list | None, turns: list | None, doc_filter):
        """Streams the reply into the chat; keeps the Answer objects for follow-ups and per-message actions."""
        chat = [dict(m) if isinstance(m, dict) else m for m in (chat or [])]
        q = (question or "").strip()
        turns = list(turns or []) + [None] * max(0, len(chat) - len(turns or []))
        if q:
            chat.append({"role": "user", "content": esc(q)})
            turns.append(None)
        yield from self._answer(q, chat, list(answers or []), turns, doc_filter)

    def _answer(self, q: str, chat: list, answers: list, turns: list, doc_filter):
        chat.append({"role": "assistant", "content": THINKING})
        turns.append(None)
        yield chat, answers, turns, ""
        answer: Answer | None = None
        try:
            for text, final in self.assistant.ask_stream(q, answers, doc_filter or None):
                if final is None:
                    chat[-1] = {"role": "assistant", "content": paragraphs(esc(text)) + " ▌"}
                    yield chat, answers, turns, ""
                else:
                    answer = final
        except Exception:  # the user must get a message, never a stack trace
            log.exception("answering failed for %r", q[:100])
            chat[-1] = {"role": "assistant", "content": ERROR_MESSAGE}
            yield chat, answers, turns, ""
            return
        assert answer is not None
        chat[-1] = {"role": "assistant", "content": render_answer(answer)}
        if answer.mode != "input-error":
            answers.append(answer)
            turns[-1] = answer
        yield chat, answers, turns, ""

    def regenerate(
        self, retry: gr.RetryData, chat: list | None, answers: list | None, turns: list | None, doc_filter
    ):
        """The retry button: ask the same question again in place of its answer, and note it."""
        chat, answers, turns = list(chat or []), list(answers or []), list(turns or [])
        idx = (
            retry.index[0] if isinstance(retry.index, (list, tuple)) else int(retry.index)
        )  # the user message
        turns += [None] * (len(chat) - len(turns))
        old = next((t for t in turns[idx + 1 :] if t is not None), None)
        question = old.question if old is not None else html.unescape(str(retry.value or ""))
        if old is not None:
            self.store.record("regenerate", old.question, old.text, citations_json(old))
            answers = [a for a in answers if a is not old]
        yield from self._answer(question, chat[: idx + 1], answers, turns[: idx + 1], doc_filter)

    def after_answer(self, answers: list | None):
        """Refresh what describes the last answer: sources list, «Vì sao?» cards, conversation download."""
        last = answers[-1] if answers else None
        if last is None:
            return gr.update(choices=[], value=None), why_cards_html(None), gr.update(value=None)
        shown = [(c.n, c.clause) for c in last.citations] or [
            (i, p.clause) for i, p in enumerate(last.passages[:3], 1)
        ]
        choices = [(f"[{n}] {c.label}", c.id) for n, c in shown]
        md_path = self._export_path("hoi-thoai-tro-ly-chi-thi-38.md")
        md_path.write_text(conversation_markdown(answers), encoding="utf-8")
        return (
            gr.update(choices=choices, value=None),
            why_cards_html(last, self.place_of),
            gr.update(value=str(md_path)),
        )

    def place_of(self, clause: Clause) -> str:
        """Where a clause sits, in words: the heading above it, else the document's title (shortened)."""
        doc = self.assistant.document(clause.doc_id)
        place = clause.heading or (doc.meta.title if doc is not None else "")
        return place if len(place) <= 140 else place[:140].rsplit(" ", 1)[0] + " …"

    def open_clause(self, clause_id: str | None) -> str:
        return clause_panel_html(self.assistant, clause_id or "") if clause_id else PANEL_PLACEHOLDER

    # ---- per-message actions ----------------------------------------------------------------------
    @staticmethod
    def _turn(turns: list | None, index) -> Answer | None:
        i = index[0] if isinstance(index, (list, tuple)) else index
        return turns[i] if isinstance(i, int) and turns and 0 <= i < len(turns) else None

    def rate(self, like: gr.LikeData, turns: list | None):
        """👍/👎 on one message: stored at once; the comment box opens for an optional comment."""
        answer = self._turn(turns, like.index)
        if answer is None or like.liked not in (True, False):
            return None, gr.update(visible=False), ""
        rating = 1 if like.liked else -1
        fid = self.store.save(answer.question, answer.text, citations_json(answer), rating)
        word = "hữu ích" if rating > 0 else "chưa tốt"
        note = (
            f"✅ Đã ghi nhận đánh giá «{word}» cho câu trả lời về «{esc(answer.question[:80])}». Cảm ơn bạn!"
        )
        return fid, gr.update(visible=True), note

    def comment(self, feedback_id, text: str):
        if not feedback_id:
            return "Hãy bấm 👍 hoặc 👎 ở một câu trả lời trước khi gửi góp ý.", text, gr.update()
        if not (text or "").strip():
            return "Góp ý đang trống; bạn có thể bỏ qua bước này.", text, gr.update()
        self.store.add_comment(int(feedback_id), text[:4000])
        return "✅ Đã lưu góp ý của bạn. Cảm ơn bạn!", "", gr.update(visible=False)

    def copied(self, copy: gr.CopyData, turns: list | None) -> None:
        """The copy event carries only the copied text: find the answer it came from."""
        copied = _plain(str(copy.value or ""))
        for answer in reversed([t for t in turns or [] if t is not None]):
            if copied and _plain(answer.text)[:60] in copied:
                self.store.record("copy", answer.question, answer.text, citations_json(answer))
                return
        log.info("copied text matched no answer: %r", copied[:80])
