"""The one object the web app, the CLI and the evaluation share: ask, browse, add documents.

It holds the opened index and retriever; everything it does is a call into the stage modules.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import jobs
from .answer import Reader, parts, refusal
from .config import Settings
from .embedding import limit_threads
from .indexing import BuildReport, KnowledgeIndex, build_index, open_index
from .names import Catalog
from .query import understand
from .retrieval import Retriever
from .schema import Answer, Clause, DocMeta, Passage, Query, SourceDoc
from .sentence_vectors import SentenceVectors
from .snapshots import current_name
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


# what the user reads when a question trips a defect in the reader (logged in full)
READ_FAILED = (
    "Xin lỗi, trợ lý gặp lỗi khi đọc câu hỏi này nên chưa trả lời được. Vui lòng diễn đạt lại câu hỏi; "
    "các điều khoản gần nhất (nếu có) được liệt kê dưới đây."
)


class Assistant:
    """Questions read the published snapshot held here; documents change through jobs (jobs.py).

    A question never waits on indexing: when a job (here or in another process) publishes a snapshot,
    the new one is opened beside the old and swapped in whole (index and retriever together).
    """

    def __init__(self, settings: Settings | None = None, index: KnowledgeIndex | None = None):
        self.settings = settings or Settings.from_env()
        self._state: tuple[KnowledgeIndex, Retriever | None] | None = (index, None) if index else None
        self._open_lock = threading.Lock()  # first open and swaps; never held while indexing
        self._checked = 0.0
        self._refreshing = False
        self._derived: tuple[KnowledgeIndex, Catalog, Reader] | None = None
        self._vectors: SentenceVectors | None = None  # one store for every snapshot this process serves
        self._warm_next: list[Clause] | None = None  # the latest snapshot's clauses, for the one warm-up
        self._warming = False
        self._warm_lock = threading.Lock()
        self._background: list[threading.Thread] = []

    # ---- knowledge base -------------------------------------------------------------------------
    @property
    def index(self) -> KnowledgeIndex:
        state = self._state
        if state is None:
            with self._open_lock:
                if self._state is None:
                    self._state = (open_index(self.settings), None)
                    self._start_recovery()
                state = self._state
        else:
            self._maybe_refresh(state[0])
        return state[0]

    @property
    def retriever(self) -> Retriever:
        self.index  # noqa: B018  (opens or refreshes)
        state = self._state
        if state[1] is None:
            with self._open_lock:
                if self._state[1] is None:
                    self._state = (self._state[0], Retriever(self._state[0], self.settings))
                state = self._state
        return state[1]

    def _maybe_refresh(self, index: KnowledgeIndex) -> None:
        """At most twice a second, look whether another process published a newer snapshot."""
        now = time.monotonic()
        if self._refreshing or now - self._checked < 0.5:
            return
        self._checked = now
        if current_name(self.settings.index_dir) not in (None, index.snapshot):
            self._refreshing = True
            threading.Thread(target=self.refresh, name="troly-refresh", daemon=True).start()

    def refresh(self) -> bool:
        """Open the published snapshot if it is not the one held, then swap; True when swapped."""
        try:
            old = self._state[0] if self._state else None
            if old is not None and current_name(self.settings.index_dir) == old.snapshot:
                return False
            index = open_index(self.settings, previous=old)
            retriever = Retriever(index, self.settings, self._state[1] if self._state else None)
            catalog, reader = self._derive(index, retriever)  # prepared before the swap, not by a question
            retriever.copies  # noqa: B018  (likewise)
            with self._open_lock:  # two refreshes may race: never swap back to an older snapshot
                if self._state is not None and self._state[0].snapshot > index.snapshot:
                    return False
                self._state = (index, retriever)
                self._derived = (index, catalog, reader)
            return True
        except Exception:
            log.exception("could not open the new snapshot; still serving the previous one")
            return False
        finally:
            self._refreshing = False

    def _start_recovery(self, sync: bool = False) -> None:
        """Behind the snapshot already serving: finish or undo a job a crash interrupted, then (`sync`)
        index what changed in the catalogs since, as a background job."""

        def run() -> None:
            try:
                changed = bool(jobs.recover(self.settings, blocking=sync))
                if sync:
                    changed |= (
                        build_index(self.settings, threads=self.settings.index_threads).status == "built"
                    )
                if changed:
                    self.refresh()
            except Exception:
                log.exception("start-up recovery or indexing failed; still serving the previous snapshot")

        threading.Thread(target=run, name="troly-recover", daemon=True).start()

    def start(self) -> None:
        """Start-up: serve the published snapshot at once (building only on a fresh install); recovery and
        catalog changes are indexed behind it, and swapped in when ready."""
        with self._open_lock:
            if self._state is None:
                self._state = (open_index(self.settings), None)
        self._start_recovery(sync=True)

    def rebuild(self, progress: bool = False) -> BuildReport:
        report = build_index(self.settings, progress=progress)
        self.refresh()
        return report

    def jobs(self, limit: int = 20) -> list[jobs.JobStatus]:
        """Indexing jobs, newest first, with their progress (for the admin page)."""
        return jobs.list_jobs(self.settings, limit)

    def add_document(self, path: Path, overrides: dict | None = None) -> SourceDoc:
        """Add an upload as a job (waiting for one running elsewhere); questions go on meanwhile."""
        doc = jobs.add_document(self.settings, Path(path), overrides or {})
        self.refresh()
        return doc

    def remove_document(self, doc_id: str) -> None:
        jobs.remove_document(self.settings, doc_id)
        self.refresh()

    def start_add(self, path: Path, overrides: dict | None = None) -> str:
        """Run an add in a background thread; returns the job id to follow in `jobs()`."""
        job = jobs.Job(self.settings, "add", name=Path(path).name)

        def run() -> None:
            try:
                jobs.add_document(self.settings, Path(path), overrides or {}, job)
                self.refresh()
            except Exception:  # the job's record carries the message
                log.info("background add %s failed", job.status.id)

        threading.Thread(target=run, name=f"troly-{job.status.id}", daemon=True).start()
        return job.status.id

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

    # ---- asking ---------------------------------------------------------------------------------
    def _derive(self, index: KnowledgeIndex, retriever: Retriever) -> tuple[Catalog, Reader]:
        """What reading needs from a snapshot: names and aliases, fact sheets, sentence vectors (embedded in
        the background for sentences not cached yet; a question embeds the few it needs before that)."""
        metas = {d: doc.meta for d, doc in index.docs.items()}
        vectors = self._vectors
        if vectors is None or vectors.embedder is not index.embedder:
            vectors = self._vectors = SentenceVectors(index.embedder, self.settings.data_dir / "cache")
        else:
            vectors.reload()  # what an add job (here or in another process) embedded for its document
        self._warm(vectors, index.clauses)
        reader = Reader(index.clauses, metas, index.idf, index.embedder, vectors, retriever.restore)
        # an add or removal changes the previous catalog's words for the documents that changed
        previous, unchanged = (
            (self._derived[1], index.unchanged_since(self._derived[0])) if self._derived else (None, set())
        )
        catalog = Catalog.build(
            metas, index.clauses, index.packed.words if index.packed else None, previous, unchanged
        )
        # after the catalog (the two would share one interpreter lock): the diacritic restorer, which only a
        # question typed without diacritics waits for, and what a first question should not wait on either
        self._spawn(lambda: retriever.restorer, "troly-restorer")
        self._spawn(lambda: (reader.refs, reader.sheets.percent_docs), "troly-references")
        if not index.packed:  # the next start reads what this one derived
            self._spawn(lambda: index.write_pack(catalog.words), "troly-pack")
        return catalog, reader

    def _warm(self, vectors: SentenceVectors, clauses: list[Clause]) -> None:
        """Embed, in one background thread with the indexing threads' share of the cores, the sentences of
        the newest snapshot that have no vector yet; a snapshot published meanwhile is warmed next."""
        with self._warm_lock:
            self._warm_next = clauses
            if self._warming:
                return
            self._warming = True

        def run() -> None:
            while True:
                with self._warm_lock:
                    todo, self._warm_next = self._warm_next, None
                    if todo is None:
                        self._warming = False
                        return
                try:
                    with limit_threads(1):  # one core for the warm-up, the other for questions
                        vectors.ensure(todo)
                    vectors.compact()
                except Exception:
                    log.exception("sentence vector warm-up failed; questions embed the sentences they need")

        self._spawn(run, "troly-sentences")

    def _spawn(self, target: Callable[[], object], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._background = [t for t in self._background if t.is_alive()] + [thread]

    def settle(self, timeout: float | None = None) -> None:
        """Wait for the background work started so far (sentence warm-up, snapshot packs): for benchmarks and
        tests that time or check what comes after it."""
        for thread in list(self._background):
            thread.join(timeout)
        self._background = [t for t in self._background if t.is_alive()]

    def _reading(self) -> tuple[Catalog, Reader]:
        index, retriever = self.index, self.retriever
        held = self._derived
        if held is None or held[0] is not index:
            with self._open_lock:
                if self._derived is None or self._derived[0] is not index:
                    self._derived = (index, *self._derive(index, retriever))
                held = self._derived
        return held[1], held[2]

    @property
    def catalog(self) -> Catalog:
        """Aliases, levels and the folded corpus of the snapshot being served."""
        return self._reading()[0]

    @property
    def reader(self) -> Reader:
        """Fact sheets and sentence vectors of the snapshot being served."""
        return self._reading()[1]

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
        self.catalog  # noqa: B018  (opens the index: a broken data dir is the caller's error, not the reader's)
        try:
            query = self.understand(question, history)
        except Exception:  # a defect in one reading rule must not take the question down: say so, log it
            log.exception("question analysis failed for %r", question[:80])
            a = Answer(question[:300], READ_FAILED, True, route="error", reason="internal-error")
            a.timings_ms["total_ms"] = (time.perf_counter() - t0) * 1000
            yield a.text, a
            return
        timings["understand_ms"] = (time.perf_counter() - t) * 1000
        notice = ""
        if _INJECTION.search(normalize.folded_key(question)):
            notice = "Trợ lý chỉ trả lời theo nội dung văn bản; yêu cầu thay đổi quy tắc trong câu hỏi đã bị bỏ qua."
        t = time.perf_counter()
        passages = self.retrieve(query, doc_filter, timings)
        timings["retrieve_ms"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        try:
            answer = self.reader.answer(query, passages)
            if query.asks and not self.settings.llm_enabled:
                answer = parts.merge(answer, [self._part(text, doc_filter) for text in query.asks])
        except Exception:
            log.exception("reading failed for %r", question[:80])
            answer = refusal.refusal_answer(question, READ_FAILED, passages, "internal-error")
            answer.route = "error"
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

    def _part(self, message: str, doc_filter: list[str] | None) -> Answer:
        """One later ask of a question that asks several things, answered on its own."""
        query = understand(message, self.catalog)
        return self.reader.answer(query, self.retrieve(query, doc_filter))

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
