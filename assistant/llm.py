"""The one place that talks to a language model (through LangChain), so the rest stays model-free.

LangChain is imported inside the functions: importing this module costs nothing when LLM answering is off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from assistant.citations import REFUSAL
from assistant.config import PROJECT_ROOT, Settings
from assistant.schema import Passage

PROMPTS_DIR = PROJECT_ROOT / "prompts"
HISTORY_TURNS = 3  # previous question/answer pairs kept in the prompt
HISTORY_CHARS = 600  # per answer: enough to resolve "còn mục đó thì sao?", not to re-feed old answers
_MARKER = re.compile(r"\s*\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]")


class LLMError(Exception):
    """A model call that failed; user_message says why in Vietnamese, the str() keeps the technical detail."""

    def __init__(self, user_message: str, detail: str = "") -> None:
        super().__init__(f"{user_message} ({detail})" if detail else user_message)
        self.user_message = user_message
        self.detail = detail


@cache
def load_prompt(name: str) -> str:
    """A template from prompts/, kept as a file so wording changes need no code change."""
    return (PROMPTS_DIR / name).read_text(encoding="utf-8").strip()


def _fence(text: str) -> str:
    """Keep document text from closing the clause section early (a crafted "KẾT THÚC ĐIỀU KHOẢN>>>")."""
    return text.replace("<<<", "‹‹‹").replace(">>>", "›››")


def format_clauses(passages: list[Passage]) -> str:
    """ "[n] <label>\\n<text>" for each passage, numbered 1..n in the order given."""
    blocks = [
        f"[{i}] {_fence(p.clause.label)}\n{_fence(p.clause.text.strip())}" for i, p in enumerate(passages, 1)
    ]
    return "\n\n".join(blocks) if blocks else "(không có điều khoản nào)"


def format_history(history: list[tuple[str, str]]) -> str:
    """Last few (question, answer) turns; old [n] markers are dropped since they number other clauses."""
    lines = []
    for question, answer in history[-HISTORY_TURNS:]:
        answer = " ".join(_MARKER.sub("", answer).split())
        if len(answer) > HISTORY_CHARS:
            answer = answer[: HISTORY_CHARS - 1].rstrip() + "…"
        lines.append(f"Người dùng: {_fence(' '.join(question.split()))}\nTrợ lý: {_fence(answer)}")
    return "\n".join(lines) if lines else "(chưa có)"


def build_messages(
    question: str, passages: list[Passage], history: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(role, content) pairs: fixed rules in the system message, all document text in the user message."""
    system = load_prompt("answer_system.md").format(refusal=REFUSAL)
    user = load_prompt("answer_user.md").format(
        clauses=format_clauses(passages),
        history=format_history(history),
        question=_fence(question.strip()),
    )
    return [("system", system), ("user", user)]


def chat_model(settings: Settings) -> Any:
    """A LangChain chat model for the configured provider (OpenAI-compatible server or Ollama)."""
    provider = settings.llm_provider.strip().lower()
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout,
            max_retries=0,
            temperature=settings.llm_temperature,
            streaming=True,
        )
    if provider == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise LLMError(
                "Chưa cài gói langchain-ollama để dùng Ollama: hãy chạy "
                "pip install 'tro-ly-chi-thi-38[ollama]' hoặc chọn nhà cung cấp 'openai'.",
                "langchain-ollama is not installed; install the 'ollama' extra",
            ) from exc
        return ChatOllama(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            temperature=settings.llm_temperature,
            client_kwargs={"timeout": settings.llm_timeout},
        )
    raise LLMError(
        f"Nhà cung cấp mô hình '{settings.llm_provider}' không được hỗ trợ (chỉ 'openai' hoặc 'ollama').",
        f"unknown llm_provider {settings.llm_provider!r}",
    )


def _error_classes() -> tuple[tuple[type, ...], tuple[type, ...], tuple[type, ...]]:
    """(timeout, connection, HTTP status) exception types of whichever client libraries are installed."""
    timeout: list[type] = [TimeoutError]
    connection: list[type] = [ConnectionError]
    status: list[type] = []
    try:
        import httpx

        timeout.append(httpx.TimeoutException)
        connection.append(httpx.TransportError)
        status.append(httpx.HTTPStatusError)
    except ImportError:
        pass
    try:
        import openai

        timeout.append(openai.APITimeoutError)
        connection.append(openai.APIConnectionError)
        status.append(openai.APIStatusError)
    except ImportError:
        pass
    try:
        from langchain_core import exceptions as lc

        timeout.append(lc.ModelTimeoutError)
        connection.append(lc.ModelConnectionError)
    except (ImportError, AttributeError):
        pass
    try:
        import ollama

        status.append(ollama.ResponseError)
    except ImportError:
        pass
    return tuple(timeout), tuple(connection), tuple(status)


def _to_llm_error(exc: Exception, settings: Settings) -> LLMError:
    """Name the failure in words a cadre can act on (or pass to the administrator)."""
    timeout, connection, status = _error_classes()
    where = settings.llm_base_url or "(chưa đặt địa chỉ)"
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, timeout):
        return LLMError(
            f"Mô hình ngôn ngữ tại {where} không trả lời trong {settings.llm_timeout:g} giây (quá thời gian chờ).",
            detail,
        )
    if isinstance(exc, connection):
        return LLMError(
            f"Không kết nối được tới máy chủ mô hình ngôn ngữ tại {where}: "
            "hãy kiểm tra địa chỉ và máy chủ đã được bật chưa.",
            detail,
        )
    if isinstance(exc, status):
        code = getattr(exc, "status_code", None) or getattr(
            getattr(exc, "response", None), "status_code", "?"
        )
        hint = ""
        if code in (401, 403):
            hint = " Khóa truy cập (API key) không hợp lệ."
        elif code == 404:
            hint = f" Kiểm tra địa chỉ (thường kết thúc bằng /v1) và tên mô hình '{settings.llm_model}'."
        return LLMError(f"Máy chủ mô hình ngôn ngữ báo lỗi HTTP {code}.{hint}", detail)
    return LLMError("Máy chủ mô hình ngôn ngữ trả về phản hồi không hợp lệ.", detail)


def _chunk_text(chunk: Any) -> str:
    """Text of a streamed message chunk, whether content is a string or a list of content blocks."""
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict) else ""
            for part in content
        )
    return ""


def stream_answer(
    settings: Settings, question: str, passages: list[Passage], history: list[tuple[str, str]]
) -> Iterator[str]:
    """Yield the answer's text as it arrives; any failure (or an empty reply) surfaces as LLMError."""
    if not settings.llm_enabled:
        raise LLMError("Chưa cấu hình mô hình ngôn ngữ (địa chỉ máy chủ và tên mô hình).", "llm disabled")
    model = chat_model(settings)
    messages = build_messages(question, passages, history)
    received = False
    try:
        for chunk in model.stream(messages):
            text = _chunk_text(chunk)
            if text:
                received = True
                yield text
    except LLMError:
        raise
    except Exception as exc:  # noqa: BLE001 - every client failure becomes one user-facing error
        raise _to_llm_error(exc, settings) from exc
    if not received:
        raise LLMError("Mô hình ngôn ngữ trả về câu trả lời rỗng.", "empty reply")
