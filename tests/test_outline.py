"""Outlines quote the clauses they cite, follow the Directive's points and put local measures beside them."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.tools.outline import export_outline, make_outline, outline_markdown
from assistant.pipeline import Assistant
from assistant.text import normalize


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    return Assistant(Settings(data_dir=tmp_path_factory.getbasetemp() / "tools-data"))


def quotation(text: str) -> str:
    return text.split("«", 1)[1].rsplit("»", 1)[0] if "«" in text else text


@pytest.mark.parametrize("length,n", [("ngan", 3), ("vua", 5), ("dai", 7)])
def test_bullets_quote_their_clauses(assistant, length, n):
    o = make_outline(assistant, "ngân sách", length=length)
    assert len(o.sections) == n
    for b in o.bullets():
        c = assistant.clause(b.clause_id)
        assert c is not None and c.label == b.label
        assert normalize.contains(c.text, quotation(b.text)), b
    numbers = [int(s.title.split(".")[0].split()[-1]) for s in o.sections]
    assert numbers == sorted(numbers)
    assert o.opening and o.closing


def test_budget_target_beside_point_4(assistant, tmp_path):
    o = make_outline(assistant, "ngân sách", length="ngan")
    sec = next(s for s in o.sections if s.title.startswith("Mục 4."))
    assert any("tối thiểu 10%" in b.text and b.clause_id.startswith("kh-xa-haiphong/II.4") for b in sec.local)
    md = outline_markdown(o)
    assert "(Chỉ thị 38-CT/TW, mục 4)" in md
    from docx import Document

    doc = Document(str(export_outline(o, "docx", tmp_path / "o.docx")))
    assert any("tối thiểu 10%" in p.text for p in doc.paragraphs)
