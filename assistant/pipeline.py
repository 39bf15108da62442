"""The one object the web app, the CLI and the evaluation share: ask, browse, add documents.

It holds the opened index and retriever; everything it does is a call into the stage modules.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .answer import Reader
from .answer.reader import SentenceVectors
from .config import Settings
from .indexing import BuildReport, KnowledgeIndex, build_index, open_index
from .names import Catalog
from .query import understand
from .retrieval import Retriever
from .schema import Answer, Clause, DocMeta, Passage, Query, SourceDoc
from .text import normalize

log = logging.getLogger(__name__)

_INJECTION = re.compile(
    r"\b(bo qua|phot lo|quen|ignore|disregard)\b.{0,40}\b(huong dan|quy tac|chi dan|rules|instructions|lenh)\b"
    r"|\b(system prompt|jailbreak|dong vai|gia vo la)\b"
)
_ENGLISH = {
    "what",
    "the",
    "is",
    "are",
    "how",
    "does",
    "which",
    "who",
    "when",
    "of",
    "and",
    "about",
    "directive",
}


@dataclass
class DocInfo:
    meta: DocMeta
    clause_count: int
    builtin: bool


def check_question(question: str, max_chars: int) -> str | None:
    """A Vietnamese message for input that cannot be a question about the documents; None when fine."""
    q = (question or "").strip()
    if not q:
        return "Bạn chưa nhập câu hỏi. Hãy gõ một câu hỏi về Chỉ thị 38-CT/TW hoặc các văn bản triển khai."
    if len(q) > max_chars:

        def n(x: int) -> str:  # Vietnamese thousands separator: 100.000
            return f"{x:,}".replace(",", ".")

        return (
            f"Câu hỏi quá dài ({n(len(q))} ký tự; tối đa {n(max_chars)}). Hãy rút gọn câu hỏi, "
            "hoặc thêm văn bản dài vào kho văn bản (thẻ «Văn bản») rồi hỏi về nó."
        )
    if not any(ch.isalnum() for ch in q):
        return "Câu hỏi chỉ có dấu câu hoặc biểu tượng. Hãy đặt câu hỏi bằng chữ, ví dụ: «Chỉ thị 38 có mấy nhiệm vụ?»"
    words = normalize.syllables(q.lower())
    if (
        words
        and not normalize.has_diacritics(q)
        and sum(w in _ENGLISH for w in words) >= max(2, len(words) // 3)
    ):
        return (
            "Trợ lý trả lời bằng tiếng Việt về các văn bản trong kho. Vui lòng đặt câu hỏi bằng tiếng Việt "
            "(có thể gõ không dấu). / Please ask in Vietnamese."
        )
    return None


class Assistant:
    def __init__(self, settings: Settings | None = None, index: KnowledgeIndex | None = None):
        self.settings = settings or Settings.from_env()
        self._index = index
        self._retriever: Retriever | None = None
        self._lock = threading.RLock()

    # ---- knowledge base -------------------------------------------------------------------------
    @property
    def index(self) -> KnowledgeIndex:
        with self._lock:
            if self._index is None:
                self._index = open_index(self.settings)
            return self._index

    @property
    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None or self._retriever.index is not self.index:
                self._retriever = Retriever(self.index, self.settings)
            return self._retriever

    def rebuild(self, progress: bool = False) -> BuildReport:
        with self._lock:
            report = build_index(self.settings, progress=progress)
            self._index = open_index(self.settings)
            self._retriever = None
            return report

    def documents(self) -> list[DocInfo]:
        counts = self.index.manifest.get("doc_clause_counts", {})
        builtin_dir = self.settings.knowledge_dir
        out = []
        for doc_id, doc in self.index.docs.items():
            builtin = (builtin_dir / doc.meta.source).exists() if doc.meta.source else False
            out.append(DocInfo(doc.meta, counts.get(doc_id, 0), builtin))
        return out

    def clause(self, clause_id: str) -> Clause | None:
        return self.index.by_id.get(clause_id)

    def document(self, doc_id: str) -> SourceDoc | None:
        return self.index.docs.get(doc_id)

    def section_of(self, clause: Clause) -> tuple[int, int]:
        """Offsets of the surrounding section (the top-level point holding the clause), for context."""
        top = clause.path[:1]
        members = [c for c in self.index.clauses if c.doc_id == clause.doc_id and c.path[:1] == top]
        if len(top) and top[0] and re.fullmatch(r"[IVX]+", top[0]) and len(clause.path) > 2:
            members = [c for c in members if c.path[:2] == clause.path[:2]]
        return min(c.start for c in members), max(c.end for c in members)

    def add_document(self, path: Path, overrides: dict | None = None) -> SourceDoc:
        from .sources import add_document

        with self._lock:
            doc = add_document(self.settings, Path(path), overrides or {})
            self.rebuild()
            return doc

    def remove_document(self, doc_id: str) -> None:
        from .sources import remove_document

        with self._lock:
            remove_document(self.settings, doc_id)
            self.rebuild()

    # ---- asking ---------------------------------------------------------------------------------
    @property
    def catalog(self) -> Catalog:
        """Aliases, levels and the folded corpus, prepared once per opened index."""
        index = self.index
        with self._lock:
            if getattr(self, "_catalog_for", None) is not index:
                metas = {d: doc.meta for d, doc in index.docs.items()}
                self._catalog = Catalog.build(metas, index.clauses)
                self._catalog_for = index
            return self._catalog

    @property
    def reader(self) -> Reader:
        """Fact sheets and sentence vectors of the opened index (sentences embedded once, cached on disk)."""
        index = self.index
        with self._lock:
            if getattr(self, "_reader_for", None) is not index:
                vectors = SentenceVectors(index.embedder, self.settings.data_dir / "cache")
                vectors.ensure(index.clauses)
                metas = {d: doc.meta for d, doc in index.docs.items()}
                self._reader = Reader(
                    index.clauses, metas, index.idf, index.embedder, vectors, self.retriever.restorer.restore
                )
                self._reader_for = index
            return self._reader

    def understand(self, question: str, history: list[Answer] | None = None) -> Query:
        """The question analysed once, completed from the previous turn when it is a follow-up."""
        prev = next((a for a in reversed(history or []) if a.question and a.mode != "input-error"), None)
        previous = understand(prev.question, self.catalog) if prev is not None else None
        first = prev.citations[0].clause if prev is not None and prev.citations else None
        return understand(question, self.catalog, previous, first)

    def ask(
        self, question: str, history: list[Answer] | None = None, doc_filter: list[str] | None = None
    ) -> Answer:
        answer = None
        for _chunk, final in self.ask_stream(question, history, doc_filter):
            answer = final or answer
        assert answer is not None
        return answer

    def ask_stream(
        self, question: str, history: list[Answer] | None = None, doc_filter: list[str] | None = None
    ) -> Iterator[tuple[str, Answer | None]]:
        """Yields (text so far, None) while an LLM streams, then (final text, Answer)."""
        t0 = time.perf_counter()
        question = normalize.nfc(question or "")
        problem = check_question(question, self.settings.max_question_chars)
        if problem:
            a = Answer(
                question[:300],
                problem,
                True,
                notice=problem,
                mode="input-error",
                route="input-error",
                reason="bad-input",
            )
            a.timings_ms["total_ms"] = (time.perf_counter() - t0) * 1000
            yield a.text, a
            return
        timings: dict[str, float] = {}
        t = time.perf_counter()
        query = self.understand(question, history)
        timings["understand_ms"] = (time.perf_counter() - t) * 1000
        notice = ""
        if _INJECTION.search(normalize.folded_key(question)):
            notice = "Trợ lý chỉ trả lời theo nội dung văn bản; yêu cầu thay đổi quy tắc trong câu hỏi đã bị bỏ qua."
        t = time.perf_counter()
        passages = self.retrieve(query, doc_filter, timings)
        timings["retrieve_ms"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        answer = self.reader.answer(query, passages)
        if answer.refused:
            log.info("refused %r: %s", question[:80], answer.reason)
        elif self.settings.llm_enabled:
            extractive = answer
            for text, final in self._llm_stream(query, passages, history, extractive):
                if final is None:
                    yield text, None
                else:
                    answer = final
        timings["answer_ms"] = (time.perf_counter() - t) * 1000
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        answer.timings_ms.update(timings)
        if notice:
            answer.notice = (notice + " " + answer.notice).strip()
        yield answer.text, answer

    def search(self, text: str, doc_filter: list[str] | None = None, k: int | None = None) -> list[Passage]:
        """Passages for a topic or question given as text (the tools' entry point)."""
        return self.retriever.search(self.understand(text), doc_filter, k=k)

    def retrieve(
        self, query: Query, doc_filter: list[str] | None = None, timings: dict | None = None
    ) -> list[Passage]:
        """The ranked clauses an answer is built from (what the reader and the evaluation see)."""
        return self.retriever.search(query, doc_filter, timings=timings)

    def _llm_stream(
        self, query: Query, passages, history, extractive: Answer
    ) -> Iterator[tuple[str, Answer | None]]:
        from . import citations, llm

        question = query.question
        context = passages[: self.settings.top_k]
        turns = [(a.question, a.text) for a in (history or [])][-3:]
        text = ""
        try:
            for chunk in llm.stream_answer(self.settings, question, context, turns):
                text += chunk
                yield text, None
        except llm.LLMError as exc:
            log.warning("LLM unavailable, falling back to extractive: %s", exc)
            answer = extractive
            answer.notice = (
                f"{exc.user_message} Câu trả lời dưới đây được trích nguyên văn từ các điều khoản."
            )
            yield answer.text, answer
            return
        answer = citations.answer_from_llm_text(question, text, context)
        answer.route = "llm"
        yield text, answer
