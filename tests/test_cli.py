"""The `assistant` command as a user runs it: a real subprocess over a real index."""

import json
import os
import subprocess
import sys

import pytest
from docgen import make_pdf


def run(args, data_dir, stdin=None):
    env = {**os.environ, "TROLY_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data_dir(kb):
    return kb.settings.data_dir


def test_ask_json_has_the_interface_fields(data_dir):
    r = run(["ask", "--json", "Quyết định 1703 do ai ký?"], data_dir)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["refused"] is False and "Bùi Thanh Sơn" in out["answer"]
    c = out["citations"][0]
    assert set(c) == {"n", "clause_id", "doc_id", "label", "text"} and c["clause_id"] == "qd1703/p1"
    assert "— theo bản tin" in c["label"]
    assert out["passages"] and "score" in out["passages"][0] and "total_ms" in out["timings_ms"]


def test_ask_batch_prints_one_object_per_line_with_its_id(data_dir, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": "a", "question": "Chỉ thị 38 ban hành ngày nào?"}\n{"id": "b", "question": ""}\n',
        encoding="utf-8",
    )
    r = run(["ask", "--json", "--batch", str(batch)], data_dir)
    assert r.returncode == 0, r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert "30 tháng 7 năm 2024" in lines[0]["answer"] and lines[1]["refused"]


def test_docs_show_and_readable_answer(data_dir):
    docs = run(["docs"], data_dir)
    assert docs.returncode == 0 and "Chỉ thị 38-CT/TW" in docs.stdout and "tóm tắt báo chí" in docs.stdout
    show = run(["show", "kh-xa-haiphong/II.4/-1"], data_dir)
    assert show.returncode == 0 and "tối thiểu 10%" in show.stdout and "mục II.4, ý 1" in show.stdout
    missing = run(["show", "ct38/99"], data_dir)
    assert missing.returncode == 2 and "Không tìm thấy" in missing.stderr
    ask = run(["ask", "giải pháp thứ ba của Long An"], data_dir)
    assert "Nguồn:" in ask.stdout and "„Ba là“" in ask.stdout


def test_add_a_pdf_then_ask_about_it_and_bad_files_change_nothing(tmp_path):
    data = tmp_path / "data"
    pdf = tmp_path / "kh-an-binh.pdf"
    make_pdf(
        pdf,
        [
            "ĐẢNG ỦY XÃ AN BÌNH", "Số: 12-KH/ĐU", "An Bình, ngày 5 tháng 3 năm 2025", "KẾ HOẠCH",
            "thực hiện Chỉ thị số 38-CT/TW của Ban Bí thư",
            "I. MỤC ĐÍCH", "- Nâng cao nhận thức của cán bộ, đảng viên về tiêu chuẩn, đo lường, chất lượng.",
            "II. NHIỆM VỤ",
            "1. Phấn đấu 100% doanh nghiệp trên địa bàn xã An Bình được tập huấn về mã số mã vạch trong năm 2025.",
        ],
    )  # fmt: skip
    r = run(["add", str(pdf)], data)
    assert r.returncode == 0, r.stderr
    assert "Đã thêm" in r.stdout
    ask = run(["ask", "--json", "Xã An Bình phấn đấu bao nhiêu phần trăm doanh nghiệp được tập huấn?"], data)
    out = json.loads(ask.stdout)
    assert "100%" in out["answer"] and out["citations"][0]["doc_id"].startswith("ke-hoach")
    before = sorted(p.name for p in (data / "documents").iterdir())
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    r = run(["add", str(bad)], data)
    assert r.returncode == 2 and "hong.pdf" in r.stderr
    dup = run(["add", str(pdf)], data)
    assert dup.returncode == 2
    jobs = run(["jobs"], data)  # newest first: the refused duplicate, the broken file, the add
    lines = [line for line in jobs.stdout.splitlines() if not line.startswith("    ")]
    assert (
        jobs.returncode == 0
        and "[failed]" in lines[0]
        and "[done]" in lines[2]
        and "kh-an-binh.pdf" in lines[2]
    )
    assert sorted(p.name for p in (data / "documents").iterdir()) == before


def test_batch_errors_name_the_line_or_the_missing_file(tmp_path):
    """Checked before the index is opened: an empty data dir is enough, and nothing is asked."""
    batch = tmp_path / "cau-hoi.jsonl"
    batch.write_text(
        '{"id": "a", "question": "Chỉ thị 38 ban hành ngày nào?"}\n\n{"id": "b", "question": "thiếu ngoặc"\n',
        encoding="utf-8",
    )
    r = run(["ask", "--json", "--batch", str(batch)], tmp_path / "data")
    assert r.returncode == 2 and r.stdout == ""
    assert "cau-hoi.jsonl" in r.stderr and "dòng 3" in r.stderr and "Traceback" not in r.stderr
    batch.write_text('{"id": "a", "question": "Chỉ thị 38?"}\n["không phải đối tượng"]\n', encoding="utf-8")
    r = run(["ask", "--batch", str(batch)], tmp_path / "data")
    assert r.returncode == 2 and "dòng 2" in r.stderr and "question" in r.stderr
    r = run(["ask", "--batch", str(tmp_path / "khong-co.jsonl")], tmp_path / "data")
    assert r.returncode == 2 and "Không tìm thấy tệp câu hỏi" in r.stderr and "khong-co.jsonl" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "data").exists()


# two representative commands: each subprocess imports the whole pipeline, which is slow on a shared machine
@pytest.mark.parametrize("args", [["index", "--quiet"], ["ask", "Chỉ thị 38 là gì?"]], ids=lambda a: a[0])
def test_no_traceback_reaches_the_user(tmp_path, args):
    """A data dir that is a file breaks every command that opens the index: a message, an exit code, no trace."""
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("", encoding="utf-8")
    r = run(args, not_a_dir)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr and 'File "' not in r.stderr
    assert any(word in r.stderr for word in ("Vui lòng", "Không tìm thấy")), r.stderr


def test_broken_knowledge_catalog_is_a_message(tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "catalog.toml").write_text("[[document]\nid = ", encoding="utf-8")
    r = run(["--knowledge-dir", str(kb), "docs"], tmp_path / "data")
    assert r.returncode == 2 and "catalog.toml" in r.stderr and "Traceback" not in r.stderr
