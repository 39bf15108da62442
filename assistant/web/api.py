"""The JSON endpoint for integrators (a chat bot, a portal): the same answer as `assistant ask --json`.

Exposed as the Gradio named endpoint `/ask`, so gradio_client and plain HTTP both reach it.
"""

from __future__ import annotations

from ..pipeline import Assistant
from ..schema import Answer, Citation


def _history(assistant: Assistant, history: list | None) -> list[Answer]:
    """Earlier turns as questions (strings) or earlier results ({question, answer, citations})."""
    out: list[Answer] = []
    for turn in history or []:
        if isinstance(turn, str):
            turn = {"question": turn}
        if not isinstance(turn, dict) or not str(turn.get("question") or "").strip():
            continue
        cites = []
        for c in turn.get("citations") or []:
            clause = assistant.clause(str(c.get("clause_id", ""))) if isinstance(c, dict) else None
            if clause is not None:
                cites.append(Citation(int(c.get("n") or len(cites) + 1), clause))
        out.append(
            Answer(str(turn["question"]), str(turn.get("answer") or ""), bool(turn.get("refused")), cites)
        )
    return out


def _documents(assistant: Assistant, documents: list | None) -> tuple[list[str] | None, list[str]]:
    """Document ids, or their short names as users write them; unknown ones are returned apart."""
    if not documents:
        return None, []
    by_name = {d.meta.short.casefold(): d.meta.id for d in assistant.documents()}
    ids, unknown = [], []
    for d in documents:
        key = str(d).strip()
        doc_id = key if assistant.document(key) is not None else by_name.get(key.casefold())
        (ids.append(doc_id) if doc_id else unknown.append(key))
    return ids or None, unknown


def ask_json(
    assistant: Assistant, question: str, history: list | None = None, documents: list | None = None
) -> dict:
    doc_ids, unknown = _documents(assistant, documents)
    if unknown:
        known = ", ".join(d.meta.id for d in assistant.documents())
        message = f"Không có văn bản «{', '.join(unknown)}» trong kho. Các mã văn bản hiện có: {known}."
        return Answer(question or "", message, True, notice=message, mode="input-error").to_json()
    return assistant.ask(question or "", _history(assistant, history), doc_ids).to_json()


def endpoint(assistant: Assistant):
    """The function registered as `/ask` (its type hints become the endpoint's schema)."""

    def ask(question: str, history: list | None = None, documents: list | None = None) -> dict:
        """Answer a question from the documents: text with [n] markers and each citation's clause as data."""
        return ask_json(assistant, question, history, documents)

    return ask
