"""Clauses -> a persistent index: Chroma (dense, our own embeddings) + BM25 on accented and folded tokens.

Layout under settings.index_dir:
  CURRENT                 name of the live build (replaced atomically, last step of a build)
  build-<time>-<pid>/     manifest.json, docs.json, clauses.jsonl, vectors.npz, chroma/, bm25-accented/,
                          bm25-folded/
A build is written aside and only then made current, so a crash mid-build leaves the previous index usable.
Vectors are cached by content hash: a rebuild embeds only clauses whose text changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from .clauses import parse_clauses
from .config import Settings
from .embedding import get_embedder
from .schema import Clause, DocMeta, SourceDoc
from .text import normalize

log = logging.getLogger(__name__)

PARSER_VERSION = "4"
COLLECTION = "clauses"


def passage_text(clause: Clause, meta: DocMeta) -> str:
    """What is embedded and matched: the clause with its document and heading context."""
    parts = [meta.short, meta.title if clause.kind == "header" else "", clause.heading, clause.text]
    return ". ".join(p.strip() for p in parts if p and p.strip())


def doc_hash(doc: SourceDoc) -> str:
    payload = json.dumps(
        [doc.meta.to_dict(), doc.text, list(doc.page_starts), PARSER_VERSION], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class BuildReport:
    status: str  # "built" | "unchanged"
    build_dir: Path
    clause_count: int
    embedded: int  # clauses whose vectors had to be computed this time
    seconds: float
    doc_counts: dict[str, int] = field(default_factory=dict)


def _current_dir(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    target = index_dir / pointer.read_text().strip()
    return target if (target / "manifest.json").exists() else None


def read_manifest(settings: Settings) -> dict | None:
    cur = _current_dir(settings.index_dir)
    return json.loads((cur / "manifest.json").read_text()) if cur else None


def build_index(
    settings: Settings, docs: list[SourceDoc] | None = None, progress: bool = False
) -> BuildReport:
    """Build or update the index; does nothing when documents, parser and embedder are unchanged."""
    from .sources import load_documents

    t0 = time.perf_counter()
    docs = load_documents(settings) if docs is None else docs
    hashes = {d.id: doc_hash(d) for d in docs}
    index_dir = settings.index_dir
    current = _current_dir(index_dir)
    old_manifest = json.loads((current / "manifest.json").read_text()) if current else None
    if (
        old_manifest
        and old_manifest.get("documents") == hashes
        and old_manifest.get("embedder_spec") == settings.embedder
        and old_manifest.get("parser_version") == PARSER_VERSION
    ):
        return BuildReport(
            "unchanged", current, old_manifest["clause_count"], 0, time.perf_counter() - t0,
            old_manifest.get("doc_clause_counts", {}),
        )  # fmt: skip

    embedder = get_embedder(settings.embedder)
    clauses: list[Clause] = []
    metas = {d.id: d.meta for d in docs}
    for d in docs:
        clauses.extend(parse_clauses(d))
    texts = [passage_text(c, metas[c.doc_id]) for c in clauses]
    keys = [hashlib.sha1(f"{embedder.name}\n{t}".encode()).hexdigest() for t in texts]

    cache: dict[str, np.ndarray] = {}
    if current and (current / "vectors.npz").exists():
        with np.load(current / "vectors.npz") as old:
            cache = dict(zip(old["keys"].tolist(), old["vectors"]))
    missing = sorted({k for k in keys if k not in cache})
    if missing:
        wanted = set(missing)
        todo = {k: t for k, t in zip(keys, texts) if k in wanted}
        order = list(todo)
        batches = range(0, len(order), 16)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc="Đang nhúng điều khoản", unit="lô")
        for b in batches:
            chunk = order[b : b + 16]
            for k, v in zip(chunk, embedder.embed_passages([todo[k] for k in chunk])):
                cache[k] = v
    vectors = (
        np.stack([cache[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, 384), np.float32)
    )

    index_dir.mkdir(parents=True, exist_ok=True)
    build = index_dir / f"build-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.time_ns() % 10**6}"
    build.mkdir()
    try:
        _write_build(build, docs, clauses, texts, keys, vectors)
        counts: dict[str, int] = {}
        for c in clauses:
            counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
        manifest = {
            "documents": hashes,
            "embedder_spec": settings.embedder,
            "embedder": embedder.name,
            "parser_version": PARSER_VERSION,
            "clause_count": len(clauses),
            "doc_clause_counts": counts,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        (build / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        tmp = index_dir / f"CURRENT.{os.getpid()}.tmp"
        tmp.write_text(build.name)
        os.replace(tmp, index_dir / "CURRENT")
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    _remove_stale_builds(index_dir, keep=build.name)
    return BuildReport("built", build, len(clauses), len(missing), time.perf_counter() - t0, counts)


def _write_build(build: Path, docs, clauses, texts, keys, vectors) -> None:
    import bm25s
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    (build / "docs.json").write_text(
        json.dumps(
            [{"meta": d.meta.to_dict(), "text": d.text, "page_starts": list(d.page_starts)} for d in docs],
            ensure_ascii=False,
        )
    )
    with open(build / "clauses.jsonl", "w", encoding="utf-8") as fh:
        for c in clauses:
            fh.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    np.savez(build / "vectors.npz", keys=np.array(keys), vectors=vectors)
    for name, folded in (("bm25-accented", False), ("bm25-folded", True)):
        retriever = bm25s.BM25()
        corpus = [normalize.tokens(t, folded=folded) or ["_"] for t in texts]
        retriever.index(corpus, show_progress=False)
        retriever.save(build / name, show_progress=False)
    client = chromadb.PersistentClient(
        path=str(build / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    col = client.create_collection(COLLECTION, metadata={"hnsw:space": "cosine"}, embedding_function=None)
    if clauses:
        col.add(
            ids=[c.id for c in clauses],
            embeddings=vectors.tolist(),
            documents=texts,
            metadatas=[{"doc_id": c.doc_id, "label": c.label, "kind": c.kind} for c in clauses],
        )
    del client


def _remove_stale_builds(index_dir: Path, keep: str) -> None:
    for p in index_dir.glob("build-*"):
        if p.name != keep:
            shutil.rmtree(p, ignore_errors=True)


class KnowledgeIndex:
    """The live index opened for querying: clauses by id, documents, dense and lexical search."""

    def __init__(self, build: Path, embedder_spec: str):
        import bm25s
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.build = build
        self.manifest = json.loads((build / "manifest.json").read_text())
        self.docs: dict[str, SourceDoc] = {}
        for d in json.loads((build / "docs.json").read_text()):
            meta = DocMeta(**{**d["meta"], "implements": tuple(d["meta"].get("implements", ()))})
            self.docs[meta.id] = SourceDoc(meta, d["text"], tuple(d.get("page_starts", ())))
        with open(build / "clauses.jsonl", encoding="utf-8") as fh:
            self.clauses = [Clause.from_dict(json.loads(line)) for line in fh if line.strip()]
        self.by_id = {c.id: c for c in self.clauses}
        self.position = {c.id: i for i, c in enumerate(self.clauses)}
        self._doc_of = np.array([c.doc_id for c in self.clauses])
        self._bm25 = {
            folded: bm25s.BM25.load(build / name, load_vocab=True)
            for name, folded in (("bm25-accented", False), ("bm25-folded", True))
        }
        client = chromadb.PersistentClient(
            path=str(build / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self._collection = client.get_collection(COLLECTION)
        self.embedder = get_embedder(embedder_spec)

    @cached_property
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of syllables, accented and folded, over the clauses (coverage weights)."""
        df: dict[str, int] = {}
        for c in self.clauses:
            accented = normalize.syllables(normalize.key(c.text))
            for s in set(accented) | {normalize.fold(x) for x in accented}:
                df[s] = df.get(s, 0) + 1
        n = len(self.clauses) or 1
        return {s: math.log((n + 1) / (d + 0.5)) for s, d in df.items()}

    @cached_property
    def folded_corpus(self) -> str:
        """Every document and its catalog names, folded, punctuation-free, space-padded: for name look-ups."""
        parts = [d.text for d in self.docs.values()]
        parts += [f"{d.meta.short} {d.meta.issuer} {d.meta.place}" for d in self.docs.values()]
        return " " + " ".join(re.sub(r"[^\w]+", " ", normalize.folded_key(" ".join(parts))).split()) + " "

    def dense_search(self, query: str, k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        if not self.clauses:
            return []
        vec = self.embedder.embed_query(query)
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
        res = self._collection.query(
            query_embeddings=[vec.tolist()],
            n_results=min(k, len(self.clauses)),
            where=where,
            include=["distances"],
        )
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(res["ids"][0], res["distances"][0])]

    def lexical_search(
        self, query: str, k: int, doc_ids: list[str] | None = None, folded: bool = False
    ) -> list[tuple[str, float]]:
        retriever = self._bm25[folded]
        vocab = retriever.vocab_dict
        toks = [t for t in normalize.tokens(query, folded=folded) if t in vocab]
        if not toks or not self.clauses:
            return []
        scores = np.asarray(retriever.get_scores(toks), dtype=np.float64)
        if doc_ids:
            scores = np.where(np.isin(self._doc_of, list(doc_ids)), scores, 0.0)
        order = np.argsort(-scores)[:k]
        return [(self.clauses[i].id, float(scores[i])) for i in order if scores[i] > 0]


def open_index(settings: Settings, build_if_missing: bool = True, progress: bool = False) -> KnowledgeIndex:
    current = _current_dir(settings.index_dir)
    if current is None:
        if not build_if_missing:
            raise FileNotFoundError("Chưa có chỉ mục: hãy chạy `assistant index`.")
        build_index(settings, progress=progress)
        current = _current_dir(settings.index_dir)
    return KnowledgeIndex(current, settings.embedder)
