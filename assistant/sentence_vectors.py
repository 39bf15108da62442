"""Vectors of every sentence of the knowledge base (e5 `passage:` side), for the reader's sentence scores.

Cached on disk by content hash in shards: each batch of new vectors is one more `.npz` in the cache folder,
written atomically. A kill keeps every shard already written, an add job in another process writes its
document's sentences as a shard of its own, and a serving process reads the shards it has not seen yet on
`reload()` instead of re-embedding them. Too many shards are merged into one by `compact()`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from pathlib import Path

import numpy as np

from .schema import Clause
from .text.sentences import split_sentences

log = logging.getLogger(__name__)

SHARD = 2048  # new vectors per shard file: the most a kill mid-warm-up loses
MAX_SHARDS = 64  # past this many files, compact() merges them into one


def sentence_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


class SentenceVectors:
    """Vectors of sentences, in memory and in shards under `cache_dir/sentences-<embedder>/`."""

    def __init__(self, embedder, cache_dir: Path, load: bool = True):
        self.embedder = embedder
        safe = "".join(ch if ch.isalnum() else "_" for ch in getattr(embedder, "name", "embedder"))
        self.dir = Path(cache_dir) / f"sentences-{safe}"
        self._lock = threading.Lock()
        self._vec: dict[str, np.ndarray] = {}
        self._seen: set[str] = set()
        if load:
            self._load(Path(cache_dir) / f"sentences-{safe}.npz")  # the single file of earlier versions
            self.reload()

    def __len__(self) -> int:
        return len(self._vec)

    def reload(self) -> int:
        """Read the shards written since the last look (by this process or by a job in another)."""
        if not self.dir.is_dir():
            return 0
        n = 0
        for path in sorted(self.dir.glob("*.npz")):
            if path.name not in self._seen:
                self._seen.add(path.name)
                n += self._load(path)
        return n

    def _load(self, path: Path) -> int:
        if not path.exists():
            return 0
        try:
            with np.load(path) as data:
                keys, vecs = data["keys"].tolist(), np.asarray(data["vectors"], dtype=np.float32)
        except Exception as exc:  # a torn or foreign file is skipped, never trusted
            log.warning("sentence vector shard %s unreadable, skipped: %s", path.name, exc)
            return 0
        with self._lock:
            for k, v in zip(keys, vecs):
                self._vec.setdefault(k, v)
        return len(keys)

    def missing(self, clauses: list[Clause]) -> dict[str, str]:
        """key -> text of the clauses' sentences that have no vector yet."""
        out: dict[str, str] = {}
        for c in clauses:
            for s in split_sentences(c):
                k = sentence_key(s.text)
                if k not in self._vec:
                    out[k] = s.text
        return out

    def ensure(self, clauses: list[Clause], save: bool = True) -> int:
        """Embed the sentences not cached yet; returns how many were embedded. A question calls it for its own
        few clauses (without saving); a warm-up or an add job for whole documents, saving shard by shard."""
        texts = self.missing(clauses)
        keys = list(texts)
        step = SHARD if save else max(1, len(keys))
        for i in range(0, len(keys), step):
            part = keys[i : i + step]
            vecs = np.concatenate(
                [
                    self.embedder.embed_passages([texts[k] for k in part[j : j + 64]])
                    for j in range(0, len(part), 64)
                ]
            )
            self.put(part, vecs, save=save)
        return len(keys)

    def put(self, keys: list[str], vecs: np.ndarray, save: bool = True) -> None:
        """Hold (and with `save`, write as one shard) vectors for sentence keys; rows are normalised here."""
        vecs = np.asarray(vecs, dtype=np.float32).reshape(len(keys), -1)
        vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        with self._lock:
            self._vec.update(zip(keys, vecs))
        if save and keys:
            self._write(keys, vecs)

    def _write(self, keys: list[str], vecs: np.ndarray, name: str | None = None) -> bool:
        name = name or f"{time.time_ns():020d}-{os.getpid()}-{threading.get_ident() % 10000}.npz"
        tmp = self.dir / f".{name}.tmp"
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as f:
                np.savez(f, keys=np.array(keys), vectors=vecs)
            os.replace(tmp, self.dir / name)
            self._seen.add(name)
            return True
        except OSError as exc:  # a full disk costs the cache, not the answer
            log.warning("could not save sentence vectors: %s", exc)
            tmp.unlink(missing_ok=True)
            return False

    def compact(self) -> None:
        """Merge the shards into one file when there are many (first the merged file, then the old ones go)."""
        shards = sorted(self.dir.glob("*.npz")) if self.dir.is_dir() else []
        if len(shards) <= MAX_SHARDS:
            return
        self.reload()
        with self._lock:
            keys = list(self._vec)
            vecs = np.stack([self._vec[k] for k in keys])
        if self._write(keys, vecs, name=f"{time.time_ns():020d}-merged.npz"):
            for path in shards:
                path.unlink(missing_ok=True)

    def get(self, text: str) -> np.ndarray | None:
        return self._vec.get(sentence_key(text))
