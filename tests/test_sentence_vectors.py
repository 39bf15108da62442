"""The reader's sentence-vector cache: shards that survive a restart, a job's shard read by the server, a torn
shard skipped, many shards merged. Real e5 embedder, real files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant import sentence_vectors
from assistant.clauses import parse_clauses
from assistant.embedding import get_embedder
from assistant.schema import DocMeta, SourceDoc
from assistant.sentence_vectors import SentenceVectors
from assistant.text import normalize

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def clauses():
    meta = DocMeta(id="kh12", kind="Kế hoạch", number="12-KH/HU", title="thực hiện", issuer="Huyện ủy Bình An",
                   date="2025-05-02", level="huyện", short="Kế hoạch 12-KH/HU")  # fmt: skip
    doc = SourceDoc(meta, normalize.nfc((DATA / "kh-binh-an.txt").read_text(encoding="utf-8")))
    return parse_clauses(doc)


def test_shards_survive_a_restart_and_a_jobs_shard_is_read_not_embedded(tmp_path, clauses, monkeypatch):
    monkeypatch.setattr(sentence_vectors, "SHARD", 3)  # several shards from one small document
    first, second = clauses[: len(clauses) // 2], clauses[len(clauses) // 2 :]
    server = SentenceVectors(get_embedder(), tmp_path)
    made = server.ensure(first)
    assert made > 3 and len(list(server.dir.glob("*.npz"))) == -(-made // 3)
    restarted = SentenceVectors(get_embedder(), tmp_path)
    assert restarted.missing(first) == {} and restarted.ensure(first) == 0
    some = next(s for s in server.missing(second).values())
    job = SentenceVectors(get_embedder(), tmp_path, load=False)  # an add job in another process
    assert job.ensure(second) > 0
    assert restarted.get(some) is None and restarted.reload() > 0
    v = restarted.get(some)
    assert v is not None and abs(float(np.linalg.norm(v)) - 1.0) < 1e-5
    assert restarted.missing(clauses) == {}


def test_a_torn_shard_is_skipped_and_many_shards_are_merged(tmp_path, clauses, monkeypatch):
    monkeypatch.setattr(sentence_vectors, "SHARD", 4)
    monkeypatch.setattr(sentence_vectors, "MAX_SHARDS", 3)
    store = SentenceVectors(get_embedder(), tmp_path)
    made = store.ensure(clauses)
    (store.dir / "99999999999999999999-torn.npz").write_bytes(b"PK\x03\x04 not a whole file")
    reopened = SentenceVectors(get_embedder(), tmp_path)  # the torn shard costs nothing but a warning
    assert reopened.missing(clauses) == {}
    reopened.compact()
    files = list(reopened.dir.glob("*.npz"))
    assert len(files) == 1 and files[0].name.endswith("-merged.npz")
    merged = SentenceVectors(get_embedder(), tmp_path)
    assert len(merged) == made and merged.missing(clauses) == {}
