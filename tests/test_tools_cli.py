"""The tools' subcommands as a user runs them: bad options give a Vietnamese message and exit 2, never a traceback."""

import os
import subprocess
import sys

import pytest


def run(args, data_dir):
    env = {**os.environ, "TROLY_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env,
                          timeout=300)  # fmt: skip


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.getbasetemp() / "tools-data"  # the index the other tools tests build


@pytest.mark.parametrize(
    "args,words",
    [
        (["quiz", "--count", "0"], "từ 1 trở lên"),
        (["quiz", "--count", "10000"], "tối đa là 200"),
        (["quiz", "--topic", "bóng đá"], "không nói về «bóng đá»"),
        (["outline", "--minutes", "5"], "từ 15 trở lên"),
        (["compare", "kh-xa-haiphong", "--reference", "kh-xa-haiphong"], "chính nó"),
    ],
)
def test_bad_options_are_refused_in_vietnamese(data_dir, args, words):
    r = run(args, data_dir)
    assert r.returncode == 2 and words in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_output_paths_checked_and_aiken_says_what_it_left_out(data_dir, tmp_path):
    r = run(["quiz", "--doc", "ct38", "--format", "docx", "--out", str(tmp_path)], data_dir)
    assert r.returncode == 2 and "là một thư mục" in r.stderr and "Traceback" not in r.stderr
    out = tmp_path / "q.txt"
    r = run(
        ["quiz", "--doc", "ct38", "--count", "12", "--seed", "4", "--format", "aiken", "--out", str(out)],
        data_dir,
    )
    assert r.returncode == 0 and out.exists() and "mã đề 4" in r.stdout
    assert "Aiken chỉ nhận câu nhiều lựa chọn: đã bỏ" in r.stdout
