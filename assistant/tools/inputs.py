"""Checks every tool runs before it works: a topic the documents speak about, counts in range, known documents.

Each failure is a ToolInputError whose message is Vietnamese and says what to change; nothing is half-made.
"""

from __future__ import annotations

from ..text import normalize
from ..text.overlap import content_terms, coverage

MAX_ITEMS = 200  # a quiz longer than this is not a review any more; also bounds the work per request
MIN_TOPIC_COVERAGE = 0.6  # share of a topic's (IDF-weighted) words the best clauses must hold


class ToolInputError(ValueError):
    """Bad input for a tool; str(exc) is the Vietnamese message for the user."""


def check_docs(assistant, doc_ids: list[str] | None) -> list[str]:
    unknown = [d for d in doc_ids or [] if d not in assistant.index.docs]
    if unknown:
        known = ", ".join(assistant.index.docs)
        raise ToolInputError(f"Không có văn bản: {', '.join(unknown)}. Các văn bản hiện có: {known}.")
    return list(doc_ids or [])


def check_count(count, what: str = "số câu hỏi", low: int = 1, high: int = MAX_ITEMS) -> int:
    """An int in [low, high]; otherwise a message naming the bound, never a silent cap."""
    try:
        n = int(count)
    except (TypeError, ValueError):
        raise ToolInputError(f"{what.capitalize()} phải là một số nguyên, không phải «{count}».") from None
    if n < low:
        raise ToolInputError(f"{what.capitalize()} phải từ {low} trở lên (đã nhập {n}).")
    if n > high:
        raise ToolInputError(f"{what.capitalize()} tối đa là {high} (đã nhập {n}); hãy chia thành nhiều đề.")
    return n


def topic_coverage(assistant, topic: str, doc_ids: list[str] | None = None) -> float:
    passages = assistant.search(topic, doc_ids or None)
    return coverage(topic, passages, assistant.index.idf)


def check_topic(assistant, topic: str | None, doc_ids: list[str] | None = None) -> str | None:
    """The stripped topic, None when empty; refused when the documents do not speak about it."""
    topic = " ".join((topic or "").split())
    if not topic:
        return None
    if len(topic) > 300:
        raise ToolInputError("Chủ đề quá dài; hãy ghi vài từ, ví dụ «ngân sách» hoặc «thanh tra, kiểm tra».")
    if not content_terms(topic):
        return None  # only generic words ("tiêu chuẩn, đo lường, chất lượng"): the whole documents
    score = topic_coverage(assistant, topic, doc_ids)
    if score < MIN_TOPIC_COVERAGE:
        raise ToolInputError(
            f"Các văn bản trong kho không nói về «{topic}» (độ phủ {score:.0%}); hãy chọn chủ đề về tiêu chuẩn, "
            "đo lường, chất lượng, ví dụ «ngân sách», «nguồn nhân lực», «thanh tra, kiểm tra»."
        )
    return topic


def check_pair(assistant, local_doc_id: str, reference: str) -> tuple[str, str]:
    """Two different known documents for a comparison."""
    check_docs(assistant, [local_doc_id, reference])
    if local_doc_id == reference or normalize.key(local_doc_id) == normalize.key(reference):
        raise ToolInputError("Không thể đối chiếu một văn bản với chính nó; hãy chọn văn bản gốc khác.")
    return local_doc_id, reference
