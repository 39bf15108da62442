"""Where vectors live: a content-addressed cache on disk, and the Chroma collection (embedded or a server).

The cache is written a shard at a time as vectors are computed, so an interrupted build keeps what it
embedded; a key is the hash of the embedder name and the passage text. Chroma entries are named
`<segment>:<row>` with the segment in the metadata: the store may hold entries of documents that are not
(or no longer) published, and readers keep only the segments of their snapshot.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from .config import Settings

log = logging.getLogger(__name__)

SHARD_SIZE = 32  # vectors per cache shard (one embedding batch): a crash loses at most one batch
COMPACT_OVER = 64  # shards: past this many, a writer merges them into one


def vector_key(embedder_name: str, text: str) -> str:
    return hashlib.sha1(f"{embedder_name}\n{text}".encode()).hexdigest()


def _slug(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:12]


class VectorCache:
    """Vectors by key, one folder per embedder, made of `.npz` shards written atomically."""

    def __init__(self, root: Path, embedder_name: str) -> None:
        self.folder = root / _slug(embedder_name)
        self._known: dict[str, np.ndarray] | None = None
        self._pending: dict[str, np.ndarray] = {}
        self.added = 0  # vectors computed and put here by this instance

    def _load(self) -> dict[str, np.ndarray]:
        if self._known is None:
            self._known = {}
            for shard in self._shards():
                try:
                    with np.load(shard) as z:
                        self._known.update(zip(z["keys"].tolist(), z["vectors"]))
                except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):  # torn: ignore it
                    log.warning("unreadable vector cache shard %s skipped", shard)
        return self._known

    def _shards(self) -> list[Path]:
        """Complete shards only: one being written is a dot-file until it is renamed."""
        return sorted(p for p in self.folder.glob("*.npz") if not p.name.startswith("."))

    def __len__(self) -> int:
        return len(self._load())

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        known = self._load()
        return {k: known[k] for k in keys if k in known}

    def put(self, keys: list[str], vectors: np.ndarray) -> None:
        self._pending.update(zip(keys, vectors))
        self.added += len(keys)
        self._load().update(zip(keys, vectors))
        if len(self._pending) >= SHARD_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}-{os.getpid()}.npz"
        tmp = self.folder / f".{name}.tmp.npz"
        keys = list(self._pending)
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([self._pending[k] for k in keys]))
        os.replace(tmp, self.folder / name)
        self._pending.clear()

    def compact(self) -> None:
        """Merge the shards into one once there are many (callers hold the indexing lock)."""
        shards = self._shards()
        if len(shards) <= COMPACT_OVER:
            return
        self.flush()
        self._known = None  # re-read: another index sharing the cache may have added shards
        self._pending = dict(self._load())
        self.flush()  # one shard with everything, written after `shards` was listed
        for shard in shards:
            shard.unlink(missing_ok=True)


def chroma_client(settings: Settings, path: Path):
    """A Chroma client: the server at TROLY_CHROMA_URL when set, else embedded under `path`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def reset_embedded(path: Path) -> None:
    """Forget this process's embedded Chroma system, so the next client reads what others wrote."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(path), None)


def collection_name(settings: Settings, embedder_name: str) -> str:
    return f"{settings.chroma_collection}-{_slug(embedder_name)}"


def open_collection(settings: Settings, path: Path, embedder_name: str):
    client = chroma_client(settings, path)
    return client, client.get_or_create_collection(
        collection_name(settings, embedder_name), metadata={"hnsw:space": "cosine"}, embedding_function=None
    )


def batches(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


def write_segment(client, collection, segment: str, vectors: np.ndarray, metadatas: list[dict]) -> None:
    """All rows of one segment, in batches within the client's limit; the last row goes last."""
    size = max(1, min(client.get_max_batch_size(), 4096))
    ids = [f"{segment}:{i}" for i in range(len(vectors))]
    for part in batches(len(ids), size):
        collection.upsert(ids=ids[part], embeddings=vectors[part], metadatas=metadatas[part])


def has_segment(collection, segment: str, rows: int) -> bool:
    """Whether a segment's rows are all in the store (its last row is written last)."""
    return rows == 0 or bool(collection.get(ids=[f"{segment}:{rows - 1}"], include=[])["ids"])


def delete_segment(collection, segment: str) -> None:
    collection.delete(where={"segment": segment})
