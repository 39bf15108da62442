"""Hybrid retrieval: `Retriever.search(Query) -> list[Passage]`, dense + BM25, reciprocal rank fusion.

A question that names a point goes straight to it; one that names a document is restricted to it; one typed
without diacritics is matched on folded forms (and its diacritics restored for the dense side).
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from .config import Settings
from .embedding import get_reranker
from .indexing import KnowledgeIndex, passage_text
from .schema import Clause, Passage, Query
from .text import normalize

RRF_K = 60
# (dense, lexical, folded-lexical, header penalty): chosen on the gold set's answerable questions (Hit@1)
FUSION_WEIGHTS = (1.0, 1.0, 1.0, 0.4)


_COPY_MIN_WORDS = 8


def copy_key(text: str) -> str:
    """What a clause says without its proper names ("… của xã Long Quang, tỉnh Tây Ninh" and "… của xã Hòa
    Đông, tỉnh Bình Định" say the same): its words that are not capitalised, numbers kept; "" when too
    short to tell a copy from a coincidence (headings, header lines)."""
    words = [w for w in text.split() if not w.lstrip("(\"'“„«")[:1].isupper()]
    return " ".join(words).lower() if len(words) >= _COPY_MIN_WORDS else ""


def point_clauses(index: KnowledgeIndex, doc_id: str, prefix: tuple[str, ...]) -> list[Clause]:
    return [c for c in index.clauses if c.doc_id == doc_id and c.path[: len(prefix)] == prefix]


class DiacriticRestorer:
    """Puts the documents' own diacritics back on a question typed without them ("ngan sach" -> "ngân sách").

    The dense model reads accented Vietnamese far better than folded text; the vocabulary of the knowledge
    base decides, with syllable bigrams settling ambiguous syllables (ban/bán/bàn).
    """

    def __init__(self, texts: list[str]):
        self.uni: dict[str, Counter] = {}
        self.bi: Counter = Counter()
        self._count(texts, 1)

    def _count(self, texts: list[str], sign: int) -> None:
        # (folded, accented) syllable -> occurrences, counted in C rather than per syllable
        forms: Counter = Counter()
        bi: Counter = Counter()
        for text in texts:
            syl = normalize.syllables(normalize.key(text))
            folded = normalize.syllables(normalize.fold(" ".join(syl)))
            if len(folded) != len(syl):  # a letter that folds to something else than a letter
                folded = [normalize.fold(x) for x in syl]
            forms.update(zip(folded, syl))
            bi.update(zip(syl, syl[1:]))
        for (folded, form), n in forms.items():
            counter = self.uni.setdefault(folded, Counter())
            counter[form] += sign * n
            if counter[form] <= 0:
                del counter[form]
                if not counter:
                    del self.uni[folded]
        for pair, n in bi.items():
            self.bi[pair] += sign * n
            if self.bi[pair] <= 0:
                del self.bi[pair]

    def changed(self, added: list[str], removed: list[str]) -> DiacriticRestorer:
        """A copy counting `added` texts in and `removed` ones out: an add or a removal recounts one document,
        not the corpus."""
        new = DiacriticRestorer([])
        new.uni = {k: Counter(v) for k, v in self.uni.items()}
        new.bi = Counter(self.bi)
        new._count(added, 1)
        new._count(removed, -1)
        return new

    def restore(self, text: str) -> str:
        words = normalize.syllables(text.lower())
        out: list[str] = []
        for i, w in enumerate(words):
            forms = self.uni.get(w)
            if not forms:
                out.append(w)
                continue
            nxt = self.uni.get(words[i + 1], {}) if i + 1 < len(words) else {}
            prev = out[-1] if out else None

            def score(f: str, prev=prev, nxt=nxt, forms=forms) -> float:
                left = self.bi.get((prev, f), 0) if prev else 0
                right = max((self.bi.get((f, n), 0) for n in nxt), default=0)
                return forms[f] + 20 * left + 20 * right

            out.append(max(forms, key=score))
        return " ".join(out)


class Retriever:
    def __init__(self, index: KnowledgeIndex, settings: Settings, previous: Retriever | None = None):
        """`previous`: the retriever of the snapshot served before, whose diacritic restorer is recounted for
        the documents added or removed instead of rebuilt from every clause."""
        self.index = index
        self.settings = settings
        self._restorer: DiacriticRestorer | None = None
        self._known: dict[str, str] = {}  # copy keys of the unchanged documents' clauses, from `previous`
        if previous is not None:
            same = index.unchanged_since(previous.index)
            added, removed = set(index.docs) - same, set(previous.index.docs) - same  # a changed text is both
            texts = lambda idx, ids: [c.text for c in idx.clauses if c.doc_id in ids]  # noqa: E731
            if previous._restorer is not None and len(added) + len(removed) <= 6:
                self._restorer = previous._restorer.changed(
                    texts(index, added), texts(previous.index, removed)
                )
            if previous._copies is not None:
                self._known = {i: k for i, k in previous._keys.items() if i.split("/", 1)[0] not in removed}
        self._restorer_lock = threading.Lock()
        self.by_doc: dict[str, list[Clause]] = {}
        for c in index.clauses:
            self.by_doc.setdefault(c.doc_id, []).append(c)
        self.metas = {d: doc.meta for d, doc in index.docs.items()}
        self._copies: tuple[dict[str, str], dict[str, list[str]]] | None = None
        self._keys: dict[str, str] = {}  # every clause's copy key
        self._copies_lock = threading.Lock()

    @property
    def copies(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Clauses that say the same thing in several documents: (clause id -> copy key, copy key -> clause ids
        in the order the documents were added). A province's plans copy each other; a question that names no
        place is answered from the first document that said it, and the top five show five things, not one
        five times. Made on first use (~1 s at 22,000 clauses), or, after an add or a removal, from the
        previous snapshot's keys and the added document's."""
        if self._copies is None:
            with self._copies_lock:
                if self._copies is None:
                    known = self._known
                    self._keys = {
                        c.id: known[c.id] if c.id in known else copy_key(c.text) for c in self.index.clauses
                    }
                    self._known = {}
                    groups: dict[str, list[str]] = {}
                    for cid, key in self._keys.items():
                        if key:
                            groups.setdefault(key, []).append(cid)
                    groups = {k: v for k, v in groups.items() if len({i.split("/")[0] for i in v}) > 1}
                    self._copies = ({i: k for k, ids in groups.items() for i in ids}, groups)
        return self._copies

    @property
    def restorer(self) -> DiacriticRestorer:
        if self._restorer is None:
            with self._restorer_lock:
                if self._restorer is None:
                    self._restorer = DiacriticRestorer([c.text for c in self.index.clauses])
        return self._restorer

    def restore(self, text: str) -> str:
        return self.restorer.restore(text)

    def search(
        self, query: Query, doc_filter: list[str] | None = None,
        timings: dict[str, float] | None = None, k: int | None = None,
    ) -> list[Passage]:  # fmt: skip
        """Ranked passages for a question; doc_filter (from the UI) narrows what the question names."""
        timings = timings if timings is not None else {}
        k = k or self.settings.top_k
        docs = list(query.doc_ids)
        if doc_filter:
            docs = [d for d in docs if d in doc_filter] or list(doc_filter)
        docs = docs or None
        n = self.settings.candidates
        t = time.perf_counter()
        plain = query.restore  # typed without diacritics, or mostly
        dense_text = self.restorer.restore(query.search_text) if plain else query.search_text
        dense = self.index.dense_search(dense_text, n, docs)
        timings["dense_ms"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        lexical = self.index.lexical_search(query.search_text, n, docs, folded=plain)
        if not plain:  # tone-mark and spelling slips still match on the folded form, weaker
            folded = self.index.lexical_search(query.search_text, n, docs, folded=True)
        else:
            folded = []
        timings["lexical_ms"] = (time.perf_counter() - t) * 1000
        fused: dict[str, dict] = {}
        header_q = bool(query.header_part)
        wd, wl, wf, wh = FUSION_WEIGHTS
        for name, results, weight in (("dense", dense, wd), ("lexical", lexical, wl), ("folded", folded, wf)):
            for rank, (cid, score) in enumerate(results, start=1):
                e = fused.setdefault(cid, {"rrf": 0.0})
                clause = self.index.by_id.get(cid)
                # header parts (title, byline, recipients) only answer questions about the header
                factor = wh if clause is not None and clause.kind == "header" and not header_q else 1.0
                e["rrf"] += factor * weight / (RRF_K + rank)
                if name == "dense":
                    e["dense_rank"], e["dense_score"] = rank, score
                elif name == "lexical" or "lexical_rank" not in e:
                    e["lexical_rank"], e["lexical_score"] = rank, score
        point_doc, point_path = query.point or (None, None)
        if point_path and (not docs or point_doc in docs):
            top = max((e["rrf"] for e in fused.values()), default=0.0)
            for i, c in enumerate(point_clauses(self.index, point_doc, point_path)):
                e = fused.setdefault(c.id, {"rrf": 0.0})
                e["rrf"] = top + 1.0 - i * 1e-3  # the named point first, in document order
        passages = []
        seen_text: set[str] = set()
        copy_of, copies = self.copies
        # a place or body the question names tells the copies apart: then the best-ranked one stands
        placed = any(n.kind in ("place", "organization") and n.known for n in query.named)
        allowed = set(docs) if docs else None
        for cid, e in sorted(fused.items(), key=lambda kv: -kv[1]["rrf"]):
            clause = self.index.by_id.get(cid)
            if clause is None:
                continue
            sig = copy_of.get(cid) or " ".join(normalize.key(clause.text).split())
            if sig in seen_text:  # the same wording held twice (a copy of the Directive, a province's plans
                continue  # copying each other) is shown once
            seen_text.add(sig)
            if sig in copies and not placed:  # the first document that said it
                first = next(i for i in copies[sig] if allowed is None or i.split("/")[0] in allowed)
                clause = self.index.by_id.get(first, clause)
            passages.append(
                Passage(
                    clause,
                    e["rrf"],
                    e.get("dense_rank"),
                    e.get("lexical_rank"),
                    e.get("dense_score"),
                    e.get("lexical_score"),
                )  # fmt: skip
            )
        reranker = get_reranker(self.settings.reranker)
        if reranker is not None and passages:
            head = passages[: max(k * 2, 10)]
            t = time.perf_counter()
            scores = reranker.scores(
                query.search_text, [passage_text(p.clause, self.metas[p.clause.doc_id]) for p in head]
            )
            timings["rerank_ms"] = (time.perf_counter() - t) * 1000
            pinned = [p for p in head if point_path and p.clause.doc_id == point_doc
                      and p.clause.path[: len(point_path)] == point_path]  # fmt: skip
            rest = sorted((p for p in head if p not in pinned), key=lambda p: -scores[head.index(p)])
            passages = pinned + rest + passages[len(head) :]
        keep = k
        if point_path:
            keep = max(k, len(point_clauses(self.index, point_doc, point_path)))
        head = passages[:keep]
        if docs and len(docs) > 1:  # a question over several documents sees the best clauses of each
            for d in docs:
                if not any(p.clause.doc_id == d for p in head):
                    head += [p for p in passages if p.clause.doc_id == d][:2]
        return self._header_first(query, head)

    def _header_first(self, query: Query, passages: list[Passage]) -> list[Passage]:
        """ "Ai ký…", "ngày nào…", "số hiệu…" of a named document: its header clause first."""
        if not query.header_part or not query.doc_ids:
            return passages
        heads = [c for d in query.doc_ids for c in self.by_doc.get(d, [])
                 if c.kind == "header" and c.path[0] == query.header_part]  # fmt: skip
        if not heads:
            return passages
        ids = {h.id for h in heads}
        top = passages[0].score if passages else 1.0
        return [Passage(h, top + 1.0) for h in heads] + [p for p in passages if p.clause.id not in ids]
