"""Clauses -> the index: per-document segments, a snapshot naming them, vectors in Chroma, BM25 counts.

Writing (`Writer`, used by jobs under the indexing lock) touches only the documents that changed: a new
document is parsed, embedded (vectors the cache lacks), counted and written to Chroma in batches; nothing
else is re-read. Reading (`KnowledgeIndex`) opens one published snapshot and never takes the lock.
Layout: snapshots.py; one document's files: segments.py; what a restart reads instead of every segment:
pack.py.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from . import pack, snapshots, vectors
from .config import Settings
from .embedding import get_embedder, limit_threads
from .lexical import LexicalIndex, top_k
from .locking import index_lock
from .names import CorpusWords
from .schema import Clause, SourceDoc
from .segments import (  # noqa: F401  (passage_text, doc_hash: the index's public helpers)
    PARSER_VERSION,
    Segment,
    doc_hash,
    make_segment,
    passage_text,
    segment_name,
)
from .sources.library import text_hash
from .text import normalize

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class BuildReport:
    status: str  # "built" | "unchanged"
    snapshot: str
    clause_count: int
    embedded: int  # clauses whose vectors had to be computed this time
    seconds: float
    doc_counts: dict[str, int] = field(default_factory=dict)


def read_manifest(settings: Settings) -> dict | None:
    return snapshots.read_current(settings.index_dir)


class Writer:
    """What a job changes the index with: embedder, vector cache, vector store. Hold the lock while used."""

    def __init__(
        self, settings: Settings, progress: Progress | None = None, threads: int = 0, max_clauses: int = 0
    ) -> None:
        self.settings = settings
        self.threads = threads  # OpenMP threads for embedding; 0: all (nobody is waiting on answers)
        self.max_clauses = max_clauses  # an upload's limit; 0 for the shipped documents
        self.index_dir = settings.index_dir
        self.embedder = get_embedder(settings.embedder)
        self.cache = vectors.VectorCache(settings.vector_cache_dir, self.embedder.name)
        self.progress = progress
        chroma_path = self.index_dir / "chroma"
        if not settings.chroma_url:
            vectors.reset_embedded(chroma_path)  # see what other processes wrote before we took the lock
        self.client, self.collection = vectors.open_collection(settings, chroma_path, self.embedder.name)

    def segment(self, doc: SourceDoc) -> dict:
        """Make (or reuse) the document's segment and make sure the store holds its vectors."""
        folder = self.index_dir / snapshots.SEGMENTS

        def embedded(done: int, total: int) -> None:
            if self.progress:
                self.progress("embed", done, total)

        with limit_threads(self.threads):
            name = make_segment(folder, doc, self.embedder, self.cache, embedded, self.max_clauses)
        seg = Segment.load(folder / name)
        rows = len(seg.clauses)
        if not vectors.has_segment(self.collection, name, rows):
            if self.progress:
                self.progress("store", 0, rows)
            metadatas = [
                {"doc_id": c.doc_id, "segment": name, "label": c.label, "kind": c.kind} for c in seg.clauses
            ]
            vectors.write_segment(self.client, self.collection, name, np.asarray(seg.vectors), metadatas)
        return {
            "doc": doc.id,
            "segment": name,
            "clauses": rows,
            "hash": doc_hash(doc),
            "text_hash": text_hash(doc.text),  # duplicate checks of later uploads read no text
            "short": doc.meta.short,
        }

    def manifest(self, entries: list[dict], job: str) -> dict:
        m = snapshots.new_manifest(self.index_dir, entries, self.settings.embedder, self.embedder.name, job)
        snapshots.write_manifest(self.index_dir, m)
        return m

    def delete_vectors(self, segment: str) -> None:
        vectors.delete_segment(self.collection, segment)

    def collect_garbage(self) -> None:
        snapshots.collect_garbage(self.index_dir, self.delete_vectors)
        self.cache.compact()


def collect_garbage(settings: Settings) -> None:
    """What dead or finished jobs left (see snapshots.collect_garbage); callers hold the lock."""
    manifest = snapshots.read_current(settings.index_dir)
    if manifest is None:
        return
    path = settings.index_dir / "chroma"
    _, col = vectors.open_collection(settings, path, manifest["embedder"])
    snapshots.collect_garbage(settings.index_dir, lambda seg: vectors.delete_segment(col, seg))


def unchanged(manifest: dict | None, settings: Settings, hashes: dict[str, str]) -> bool:
    return bool(
        manifest
        and manifest.get("documents") == hashes
        and list(manifest["documents"]) == list(hashes)
        and manifest.get("embedder_spec") == settings.embedder
        and manifest.get("parser_version") == PARSER_VERSION
    )


def build_index(
    settings: Settings,
    docs: list[SourceDoc] | None = None,
    progress: bool = False,
    job: str = "rebuild",
    threads: int = 0,
) -> BuildReport:
    """Bring the index to `docs` (default: the catalogs): reuse every unchanged document's segment.

    `threads` limits embedding threads when questions are being served meanwhile (0: all cores)."""
    from .sources import load_documents

    t0 = time.perf_counter()
    index_dir = settings.index_dir
    with index_lock(index_dir):  # the catalogs are read under the lock: a job may be changing them
        from .jobs import recover_locked  # (jobs builds on this module)

        recover_locked(settings)  # a job a crash interrupted is finished or undone first
        docs = load_documents(settings) if docs is None else docs
        hashes = {d.id: doc_hash(d) for d in docs}
        current = snapshots.read_current(index_dir)
        if unchanged(current, settings, hashes):
            return BuildReport(
                "unchanged", current["name"], current["clause_count"], 0, time.perf_counter() - t0,
                current.get("doc_clause_counts", {}),
            )  # fmt: skip
        bar = _bar(len(docs)) if progress else None
        writer = Writer(settings, threads=threads)
        _import_previous_format(index_dir, writer.cache)
        entries = []
        for d in docs:
            entries.append(writer.segment(d))
            if bar:
                bar.update(1)
        if bar:
            bar.close()
        manifest = writer.manifest(entries, job)
        snapshots.publish(index_dir, manifest["name"])
        writer.collect_garbage()
        embedded = writer.cache.added
    return BuildReport(
        "built", manifest["name"], manifest["clause_count"], embedded, time.perf_counter() - t0,
        manifest["doc_clause_counts"],
    )  # fmt: skip


def _import_previous_format(index_dir: Path, cache: vectors.VectorCache) -> None:
    """An index from before snapshots (build-*/vectors.npz, same keys): its vectors spare a re-embedding."""
    for old in index_dir.glob("build-*/vectors.npz"):
        try:
            with np.load(old) as z:
                cache.put(z["keys"].tolist(), z["vectors"])
        except (OSError, ValueError, KeyError):
            continue
    cache.flush()
    cache.added = 0  # imported, not embedded


def _bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc="Đang lập chỉ mục văn bản", unit="văn bản")


class KnowledgeIndex:
    """One published snapshot opened for querying: clauses by id, documents, dense and lexical search."""

    def __init__(self, settings: Settings, manifest: dict, previous: KnowledgeIndex | None = None):
        """`previous`: the snapshot this process served before, whose unchanged segments, merged lexical
        indexes and vector matrix are reused (an add or a removal then costs what changed, not the corpus)."""
        self.settings = settings
        self.manifest = manifest
        self.snapshot = manifest["name"]
        folder = settings.index_dir / snapshots.SEGMENTS
        self.packed = None if previous else pack.read(settings.index_dir, manifest)
        if self.packed:
            self.segments = self.packed.segments
        else:
            loaded = previous.loaded if previous else {}
            self.segments = [
                loaded.get(e["segment"]) or Segment.load(folder / e["segment"]) for e in manifest["segments"]
            ]
        self.docs: dict[str, SourceDoc] = {s.doc.id: s.doc for s in self.segments}
        self.clauses: list[Clause] = [c for s in self.segments for c in s.clauses]
        self.by_id = {c.id: c for c in self.clauses}
        self.position = {c.id: i for i, c in enumerate(self.clauses)}
        self._start: dict[str, int] = {}
        self._rows: dict[str, np.ndarray] = {}
        offset = 0
        for s in self.segments:
            self._start[s.name] = offset
            self._rows[s.doc.id] = np.arange(offset, offset + len(s.clauses))
            offset += len(s.clauses)
        self._by_doc = {s.doc.id: s for s in self.segments}
        change = _change(previous, self.segments) if previous else None
        if self.packed:
            self._lexical = {False: self.packed.accented, True: self.packed.folded}
        elif change is not None:
            self._lexical = {k: change.apply(previous._lexical[k], k) for k in (False, True)}
            if "syllables" in previous.__dict__:
                self.__dict__["syllables"] = change.apply(previous.syllables, "syllables")
            if "matrix" in previous.__dict__:
                self.__dict__["matrix"] = change.vectors(previous.matrix)
        else:
            self._lexical = {
                False: LexicalIndex.merge([s.accented for s in self.segments]),
                True: LexicalIndex.merge([s.folded for s in self.segments]),
            }
        self.embedder = get_embedder(settings.embedder)
        chroma_path = settings.index_dir / "chroma"
        if not settings.chroma_url:
            vectors.reset_embedded(chroma_path)  # a fresh view: the snapshot may name new segments
        self._client, self._collection = vectors.open_collection(settings, chroma_path, self.embedder.name)
        self.exact = len(self.clauses) <= settings.exact_search_max
        if self.clauses and self.exact:  # read while opening, not in the first question
            self.matrix  # noqa: B018
        elif self.clauses:  # load the store's ANN index now, likewise
            self._collection.query(query_embeddings=[np.zeros(self.embedder_dim, np.float32)], n_results=1)

    @cached_property
    def matrix(self) -> np.ndarray:
        """Every clause's vector, one row per clause in snapshot order (for the exact search)."""
        return np.concatenate([np.asarray(s.vectors, dtype=np.float32) for s in self.segments])

    @property
    def embedder_dim(self) -> int:
        return int(np.asarray(self.segments[0].vectors).shape[1])

    @property
    def loaded(self) -> dict[str, Segment]:
        """Segments by name, for opening the next snapshot without re-reading the unchanged ones."""
        return {s.name: s for s in self.segments}

    @cached_property
    def syllables(self) -> LexicalIndex:
        if self.packed:
            return self.packed.syllables
        return LexicalIndex.merge([s.syllables for s in self.segments])

    @cached_property
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of syllables, accented and folded, over the clauses (coverage weights)."""
        merged = self.syllables
        n = len(self.clauses) or 1
        # (a term of a removed document keeps its column in a reused index, without postings: not a word here)
        return {t: math.log((n + 1) / (merged.df[j] + 0.5)) for t, j in merged.vocab.items() if merged.df[j]}

    def unchanged_since(self, previous: KnowledgeIndex) -> set[str]:
        """The documents whose segment is the same in both snapshots: same catalog entry, same text, same
        parser (the segment's name hashes them), so whatever was derived from them still holds."""
        return {s.doc.id for s in self.segments if previous._by_doc.get(s.doc.id) is not None
                and previous._by_doc[s.doc.id].name == s.name}  # fmt: skip

    def write_pack(self, words: CorpusWords) -> bool:
        """Store what this opening derived, for the next start (pack.py); the catalog supplies `words`."""
        if self.packed:
            return False
        made = pack.Pack(self.segments, self._lexical[False], self._lexical[True], self.syllables, words)
        return pack.write(self.settings.index_dir, self.manifest, made)

    def clause_vectors(self, ids: list[str]) -> np.ndarray:
        """The stored passage vectors of these clauses, as indexed (nothing re-embedded)."""
        out = []
        for cid in ids:
            i = self.position[cid]
            seg = self._by_doc[self.clauses[i].doc_id]
            out.append(np.asarray(seg.vectors[i - self._start[seg.name]], dtype=np.float32))
        return np.stack(out) if out else np.zeros((0, self.embedder_dim), np.float32)

    def rows_of(self, doc_ids: list[str] | None) -> np.ndarray | None:
        if not doc_ids:
            return None
        parts = [self._rows[d] for d in doc_ids if d in self._rows]
        return np.concatenate(parts) if parts else np.zeros(0, np.int64)

    def dense_search(self, query: str, k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        if not self.clauses:
            return []
        vec = self.embedder.embed_query(query)
        if doc_ids:
            return self._dense_exact(vec, k, [d for d in doc_ids if d in self._by_doc])
        if self.exact:
            # shifted: cosines can be negative, top_k keeps positives
            best = top_k(self.matrix @ vec + 2.0, k)
            return [(self.clauses[i].id, s - 2.0) for i, s in best]
        want = min(k, len(self.clauses))
        n = want * 2
        while True:
            res = self._collection.query(query_embeddings=[vec], n_results=n, include=["distances"])
            hits = []
            for sid, dist in zip(res["ids"][0], res["distances"][0]):
                seg, _, row = sid.rpartition(":")
                if seg in self._start:  # entries of other snapshots' documents are skipped
                    hits.append((self.clauses[self._start[seg] + int(row)].id, 1.0 - float(dist)))
            if len(hits) >= want or len(res["ids"][0]) < n:
                return hits[:want]
            n *= 4

    def _dense_exact(self, vec: np.ndarray, k: int, doc_ids: list[str]) -> list[tuple[str, float]]:
        """Named documents hold tens of clauses: score them all, exactly, instead of a filtered HNSW."""
        if not doc_ids:
            return []
        rows = self.rows_of(doc_ids)
        if self.exact:
            mat = self.matrix[rows]
        else:
            mat = np.concatenate([np.asarray(self._by_doc[d].vectors) for d in doc_ids])
        best = top_k(mat @ vec + 2.0, k)  # shifted: cosines can be negative, top_k keeps positives
        return [(self.clauses[rows[i]].id, s - 2.0) for i, s in best]

    def lexical_search(
        self, query: str, k: int, doc_ids: list[str] | None = None, folded: bool = False
    ) -> list[tuple[str, float]]:
        scores = self._lexical[folded].scores(normalize.tokens(query, folded=folded))
        if scores is None:
            return []
        return [(self.clauses[i].id, s) for i, s in top_k(scores, k, self.rows_of(doc_ids))]


@dataclass(frozen=True)
class _Change:
    """How a snapshot differs from the one served before: documents appended after it (an add), or some of
    its documents gone (a removal), the rest in the same order."""

    added: list[Segment]
    keep: np.ndarray | None  # the previous rows kept (a removal); None for an add

    def apply(self, index: LexicalIndex, which: bool | str) -> LexicalIndex:
        if self.keep is not None:
            return index.rows(self.keep)
        part = {False: "accented", True: "folded", "syllables": "syllables"}[which]
        return index.extended([getattr(s, part) for s in self.added])

    def vectors(self, matrix: np.ndarray) -> np.ndarray:
        if self.keep is not None:
            return matrix[self.keep]
        return np.concatenate([matrix, *(np.asarray(s.vectors, dtype=np.float32) for s in self.added)])


def _change(previous: KnowledgeIndex, segments: list[Segment]) -> _Change | None:
    old = [s.name for s in previous.segments]
    new = [s.name for s in segments]
    if new[: len(old)] == old:
        return _Change(segments[len(old) :], None)
    at = {n: i for i, n in enumerate(old)}
    if all(n in at for n in new) and [at[n] for n in new] == sorted(at[n] for n in new):
        keep = [
            np.arange(previous._start[n], previous._start[n] + len(previous.segments[at[n]].clauses))
            for n in new
        ]
        return _Change([], np.concatenate(keep) if keep else np.zeros(0, np.int64))
    return None


def open_index(
    settings: Settings,
    build_if_missing: bool = True,
    progress: bool = False,
    previous: KnowledgeIndex | None = None,
) -> KnowledgeIndex:
    """The current snapshot; on a fresh install (no snapshot at all) build one first."""
    manifest = snapshots.read_current(settings.index_dir)
    if manifest is None:
        if not build_if_missing:
            raise FileNotFoundError("Chưa có chỉ mục: hãy chạy `assistant index`.")
        build_index(settings, progress=progress)
        manifest = snapshots.read_current(settings.index_dir)
    return KnowledgeIndex(settings, manifest, previous)
