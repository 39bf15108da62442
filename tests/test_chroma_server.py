"""TROLY_CHROMA_URL: the index's vectors in a real Chroma server (`chroma run`) shared by several processes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fault_procs import commune_plan, run_cli, small_kb

from assistant import vectors
from assistant.pipeline import Assistant


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the Chroma server did not start")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_answers_through_a_chroma_server_shared_by_processes(chroma_url, tmp_path):
    # every question's vector search through the server too (not the in-memory exact ranking)
    s = small_kb(tmp_path / "kb", tmp_path / "data").with_(chroma_url=chroma_url, exact_search_max=0)
    a = Assistant(s)
    ans = a.ask("Chỉ thị 38 giao nhiệm vụ gì về trung tâm kiểm định ở các vùng kinh tế trọng điểm?")
    assert ans.citations and ans.citations[0].clause.id == "ct38/4"
    assert not (s.index_dir / "chroma").exists()  # nothing embedded: the vectors are on the server
    _, col = vectors.open_collection(s, s.index_dir / "chroma", a.index.embedder.name)
    assert col.count() == len(a.index.clauses)

    # another process adds a document through the same server; this one picks the new snapshot up
    proc = run_cli(
        ["add", str(commune_plan(tmp_path / "p.txt", "Tân Lập", 31))], s, env={"TROLY_CHROMA_URL": chroma_url}
    )
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert a.refresh() and col.count() == len(a.index.clauses)
    ans = a.ask("Xã Tân Lập tuyên truyền về tiêu chuẩn, đo lường, chất lượng bằng những hình thức nào?")
    assert ans.citations and ans.citations[0].clause.doc_id == "ke-hoach-31-kh-du"
    hits = a.index.dense_search("loa truyền thanh của xã", 3)
    assert hits[0][0].startswith("ke-hoach-31-kh-du/")
