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

from . import answering, jobs
from .config import Settings
from .indexing import BuildReport, KnowledgeIndex, build_index, open_index
from .retrieval import QueryPlan, Retriever, point_clauses
from .schema import Answer, Clause, DocMeta, Passage, SourceDoc
from .snapshots import current_name
from .text import normalize
from .text.overlap import content_terms, coverage

log = logging.getLogger(__name__)

_FOLLOW_UP = re.compile(
    r"^(con|the con|vay con|va|con o|con voi)\b|\b(thi sao|the nao nua|nua khong|tiep theo|ke tiep|tiep|do|nay|ay|tren)\W*$"
)
_NEXT = re.compile(r"\b(tiep theo|ke tiep|sau do|tiep)\b")
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
        return (
            f"Câu hỏi quá dài ({len(q):,} ký tự; tối đa {max_chars:,}). Hãy rút gọn câu hỏi, "
            "hoặc thêm văn bản dài vào kho văn bản (thẻ «Văn bản») rồi hỏi về nó."
        ).replace(",", ".")
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
            index = open_index(self.settings, loaded=old.loaded if old else None)
            retriever = Retriever(index, self.settings)
            with self._open_lock:  # two refreshes may race: never swap back to an older snapshot
                if self._state is not None and self._state[0].snapshot > index.snapshot:
                    return False
                self._state = (index, retriever)
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
    def plan(self, question: str, history: list[Answer] | None = None) -> QueryPlan:
        """Query analysis, with a follow-up question completed from the previous turn."""
        plan = self.retriever.plan(question)
        prev = next((a for a in reversed(history or []) if a.question), None)
        if prev is None:
            return plan
        fq = normalize.folded_key(question).strip(" ?.!")
        short = len(content_terms(question)) <= 4
        if not (_FOLLOW_UP.search(fq) or (short and not plan.doc_ids and not plan.point_path)):
            return plan
        prev_plan = self.retriever.plan(prev.question)
        if _NEXT.search(fq) and prev.citations and not plan.point_path:
            first = prev.citations[0].clause
            nxt = self._next_point(first)
            if nxt is not None:
                plan.point_doc, plan.point_path = nxt
                return plan
        plan.search_text = f"{prev.question} {question}"
        if not plan.doc_ids:
            plan.doc_ids = list(prev_plan.doc_ids)
        return plan

    def _next_point(self, clause: Clause) -> tuple[str, tuple[str, ...]] | None:
        depth = 2 if clause.path and re.fullmatch(r"[IVX]+", clause.path[0]) and len(clause.path) > 1 else 1
        current = clause.path[:depth]
        units: list[tuple[str, ...]] = []
        for c in self.index.clauses:
            if c.doc_id == clause.doc_id and c.kind != "header" and len(c.path) >= depth:
                key = c.path[:depth]
                if key not in units and not re.fullmatch(r"[pc]\d+|ket", key[0]):
                    units.append(key)
        if current in units and units.index(current) + 1 < len(units):
            return clause.doc_id, units[units.index(current) + 1]
        return None

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
            a = Answer(question[:300], problem, True, notice=problem, mode="input-error")
            a.timings_ms["total_ms"] = (time.perf_counter() - t0) * 1000
            yield a.text, a
            return
        timings: dict[str, float] = {}
        plan = self.plan(question, history)
        notice = ""
        if _INJECTION.search(normalize.folded_key(question)):
            notice = "Trợ lý chỉ trả lời theo nội dung văn bản; yêu cầu thay đổi quy tắc trong câu hỏi đã bị bỏ qua."
        t = time.perf_counter()
        passages = self.retrieve(question, plan, doc_filter, timings)
        timings["retrieve_ms"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        refuse, why = self.should_refuse(question, passages, plan)
        if refuse:
            answer = answering.refusal_answer(question, passages)
            log.info("refused %r: %s", question[:80], why)
        elif self.settings.llm_enabled:
            answer = None
            for text, final in self._llm_stream(question, passages, history, plan):
                if final is None:
                    yield text, None
                else:
                    answer = final
        else:
            answer = self._extractive(question, passages, plan)
        timings["answer_ms"] = (time.perf_counter() - t) * 1000
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        answer.timings_ms.update(timings)
        if notice:
            answer.notice = (notice + " " + answer.notice).strip()
        yield answer.text, answer

    def retrieve(
        self, question: str, plan: QueryPlan, doc_filter: list[str] | None = None, timings: dict | None = None
    ) -> list[Passage]:
        """The ranked clauses an answer is built from (what the refusal rules and the evaluation see)."""
        passages = self.retriever.search(question, doc_filter, plan=plan, timings=timings)
        return self._header_first(question, passages, plan)

    def _extractive(self, question: str, passages, plan: QueryPlan) -> Answer:
        named = point_clauses(self.index, plan.point_doc, plan.point_path) if plan.point_path else None
        return answering.extractive_answer(question, passages, self.index.clauses, plan.doc_ids, named)

    def should_refuse(self, question: str, passages, plan: QueryPlan) -> tuple[bool, str]:
        """Refuse when the best clauses miss the question's topic words, or it names something absent."""
        if not passages:
            return True, "no passages"
        if plan.point_path:
            return False, "point requested"
        fq = normalize.folded_key(question)
        if re.search(r"\b(dieu|khoan)\s+\d+", fq) and not any(c.path[:1] and c.path[0].startswith("Đ")
                                                             for c in self.index.clauses):  # fmt: skip
            return True, "asks for an article no document has"
        qtype = answering.question_type(question)
        foreign = self._foreign_numbers(question)
        issued = bool(re.search(r"\b(ban hanh|ky)\b", fq))  # "ban hành / ký ngày nào?"
        header = {"signer": "chu-ky", "number": "so-hieu"}.get(qtype or "") if not foreign else None
        if qtype == "date" and issued and not foreign:
            header = "ngay"
        if (
            header
            and plan.doc_ids
            and all(
                f"{d}/{header}" not in self.index.by_id and not self._meta_has(d, header)
                for d in plan.doc_ids
            )
        ):
            if header != "chu-ky" or not answering.fact_answer(
                qtype, question, passages, [], answering.CitationNumbers()
            ):
                return True, f"the documents named give no {header}"
        subject = foreign and question.find(foreign[0]) < 0.4 * len(
            question
        )  # the other document is the topic
        if foreign and (qtype == "signer" or (subject and answering.is_list_question(question))):
            return True, f"asks about a document not in the knowledge base: {foreign}"
        missing = self._unknown_names(question)
        if missing:
            return True, f"names not in the documents: {missing}"
        part = answering.header_part(question)
        if (
            part
            and plan.doc_ids
            and passages[0].clause.kind == "header"
            and passages[0].clause.path[0] == part
        ):
            return False, "header fact"
        if answering.missing_fact(question, passages, named=issued and bool(plan.doc_ids)):
            return True, "the kind of fact asked for is in no retrieved clause"
        cov = coverage(question, passages, self.index.idf)
        if cov < self.settings.refuse_min_coverage:
            return True, f"coverage {cov:.2f}"
        return False, f"coverage {cov:.2f}"

    def _foreign_numbers(self, question: str) -> list[str]:
        """Document numbers in the question ("03-KH/TU") that are not a document of the knowledge base."""
        own = {normalize.folded_key(d.meta.number) for d in self.index.docs.values() if d.meta.number}
        found = re.findall(r"\b\d+-[A-Za-zĐđ]+(?:/[A-Za-zĐđ-]+)+", question)
        return [n for n in found if normalize.folded_key(n) not in own]

    def _meta_has(self, doc_id: str, header: str) -> bool:
        """Whether a press summary's catalog entry gives the date or number its missing header would."""
        meta = self.index.docs[doc_id].meta
        return not meta.official and bool({"ngay": meta.date, "so-hieu": meta.number}.get(header))

    def _unknown_names(self, question: str) -> list[str]:
        """Capitalised names in the question (Bình Dương, Luật Đo lường) that no document contains."""
        words = question.strip().split()
        names: list[str] = []
        run: list[str] = []
        for i, w in enumerate(words + ["x"]):
            clean = w.strip(",.?!:;\"'()«»„“”")
            if i > 0 and clean[:1].isupper() and clean.isalpha():
                run.append(clean)
                continue
            if len(run) >= 2:
                names.append(" ".join(run))
            run = []
        if not names:
            return []
        corpus = self.index.folded_corpus

        def known(name: str) -> bool:
            words = normalize.folded_key(name).split()
            return any(f" {a} {b} " in corpus for a, b in zip(words, words[1:]))

        return [n for n in names if not known(n)]

    def _header_first(self, question: str, passages, plan: QueryPlan):
        """ "Ai ký…", "ngày nào…", "số hiệu…" of a named document: put its header clause first."""
        part = answering.header_part(question)
        if not part or not plan.doc_ids:
            return passages
        heads = [self.index.by_id.get(f"{d}/{part}") for d in plan.doc_ids]
        heads = [h for h in heads if h is not None]
        if not heads:
            return passages
        ids = {h.id for h in heads}
        top = passages[0].score if passages else 1.0
        return [Passage(h, top + 1.0) for h in heads] + [p for p in passages if p.clause.id not in ids]

    def _llm_stream(
        self, question, passages, history, plan: QueryPlan
    ) -> Iterator[tuple[str, Answer | None]]:
        from . import citations, llm

        context = passages[: self.settings.top_k]
        turns = [(a.question, a.text) for a in (history or [])][-3:]
        text = ""
        try:
            for chunk in llm.stream_answer(self.settings, question, context, turns):
                text += chunk
                yield text, None
        except llm.LLMError as exc:
            log.warning("LLM unavailable, falling back to extractive: %s", exc)
            answer = self._extractive(question, passages, plan)
            answer.notice = (
                f"{exc.user_message} Câu trả lời dưới đây được trích nguyên văn từ các điều khoản."
            )
            yield answer.text, answer
            return
        yield text, citations.answer_from_llm_text(question, text, context)
