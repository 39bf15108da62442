"""Limits checked before work: hostile or oversized files are refused cheaply, with the limit named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docgen import PAGE_BREAK, SAMPLE_PLAN, make_docx, make_docx_bomb, make_pdf
from pypdf import PdfReader

from assistant.config import PROJECT_ROOT, Settings
from assistant.sources import DocumentError, add_document, extract_text

# Runs in a fresh interpreter so that its peak memory is the refusal's own, not the test session's.
MEASURE = """
import resource, sys, time
from assistant.config import Settings
from assistant.sources import DocumentError, extract_text
start = time.perf_counter()
try:
    extract_text(sys.argv[1], Settings())
    outcome = "accepted"
except DocumentError as exc:
    outcome = exc.user_message
print(time.perf_counter() - start)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
print(outcome)
"""


# Linux carries a forking process's peak RSS into its child's ru_maxrss, and the test session is large: the
# measuring interpreter is started by a small launcher, so its peak is its own.
LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"


def refuse_in_subprocess(path: Path) -> tuple[float, int, str]:
    """(seconds, peak RSS in MB, message) of extract_text on `path` with the default settings."""
    run = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-c", MEASURE, str(path)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,  # the checkout under test, whatever is installed
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    seconds, rss, message = run.stdout.split("\n", 2)
    return float(seconds), int(rss), message.strip()


@pytest.mark.parametrize(
    ("xml_mb", "named"),
    [(400, f"{Settings().max_docx_xml_mb} MB"), (25, f"{Settings().max_docx_paragraphs} đoạn")],
    ids=["huge-body", "many-paragraphs"],
)
def test_docx_bomb_refused_fast_and_small(tmp_path: Path, xml_mb: int, named: str) -> None:
    bomb = make_docx_bomb(tmp_path / "bom.docx", xml_mb)
    assert bomb.stat().st_size < 2 * 1024 * 1024  # small on disk, xml_mb MB once inflated
    seconds, rss_mb, message = refuse_in_subprocess(bomb)
    assert message != "accepted"
    assert "bom.docx" in message and named in message
    assert seconds < 5, seconds
    assert rss_mb < 300, rss_mb


def test_docx_paragraph_limit_from_settings(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "kh.docx", SAMPLE_PLAN)
    assert "Nguyễn Văn An" in extract_text(path, Settings()).text
    with pytest.raises(DocumentError) as exc:
        extract_text(path, Settings(max_docx_paragraphs=10))
    assert "10 đoạn" in exc.value.user_message and "kh.docx" in exc.value.user_message


def test_docx_with_a_dtd_is_refused(tmp_path: Path) -> None:
    """Word never writes a DTD; one in the body is an entity-expansion attempt, not a document."""
    import zipfile

    path = tmp_path / "dtd.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>&a;&a;</w:t></w:r></w:p></w:body></w:document>",
        )
    with pytest.raises(DocumentError) as exc:
        extract_text(path, Settings())
    assert "hỏng" in exc.value.user_message


def test_pdf_over_the_page_limit_refused(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "dai.pdf", [*SAMPLE_PLAN, PAGE_BREAK] * 4)
    pages = len(PdfReader(pdf).pages)
    assert pages >= 4 and len(extract_text(pdf, Settings(max_pdf_pages=pages)).page_starts) == pages
    with pytest.raises(DocumentError) as exc:
        extract_text(pdf, Settings(max_pdf_pages=pages - 1))
    message = exc.value.user_message
    assert "dai.pdf" in message and f"{pages} trang" in message and f"{pages - 1} trang" in message


def test_clause_limit_refuses_before_anything_is_written(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", max_clauses=10)
    path = tmp_path / "nhieu-diem.txt"
    points = [
        f"{n}. Nhiệm vụ thứ {n} của kế hoạch về tiêu chuẩn, đo lường, chất lượng." for n in range(1, 31)
    ]
    path.write_text("KẾ HOẠCH\n\nthực hiện Chỉ thị 38\n\n" + "\n\n".join(points), encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        add_document(settings, path)
    assert "10 điều khoản" in exc.value.user_message
    assert not settings.uploads_dir.exists() or not any(settings.uploads_dir.iterdir())
    assert add_document(Settings(data_dir=tmp_path / "data"), path).id


def test_limits_are_settings_read_from_the_environment() -> None:
    env = {"TROLY_MAX_PDF_PAGES": "7", "TROLY_MAX_DOCX_XML_MB": "3", "TROLY_MAX_DOCX_PARAGRAPHS": "99"}
    s = Settings.from_env(env | {"TROLY_MAX_CLAUSES": "42"})
    assert (s.max_pdf_pages, s.max_docx_xml_mb, s.max_docx_paragraphs, s.max_clauses) == (7, 3, 99, 42)
