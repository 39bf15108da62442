"""Đề cương over the real knowledge base: timed parts, short headings, verbatim cited quotations, the audience's
own tasks from the local plan of its level, slogans and discussion questions; DOCX as administrative papers."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.text import normalize
from assistant.tools.inputs import ToolInputError
from assistant.tools.outline import export_outline, make_outline, outline_markdown


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    return Assistant(Settings(data_dir=tmp_path_factory.getbasetemp() / "tools-data"))


@pytest.mark.parametrize("minutes,contents", [(15, 5), (45, 6), (90, 7)])
def test_parts_timed_contents_by_length_quotes_verbatim(assistant, minutes, contents):
    o = make_outline(assistant, "", "cán bộ xã", minutes)
    assert [p.title for p in o.parts][:3] == [
        "Mục đích, yêu cầu",
        "Vì sao Chỉ thị ra đời",
        "Những nội dung chủ yếu",
    ]
    assert sum(p.minutes for p in o.parts) == minutes and all(p.minutes >= 1 for p in o.parts)
    assert len(o.parts[2].items) == contents
    for q in o.quotes():
        c = assistant.clause(q.clause_id)
        assert c is not None and c.label == q.label and normalize.contains(c.text, q.text), q
    for p in o.parts[2:4]:
        for it in p.items:
            assert len(it.heading.split()) <= 16 and not any(
                it.heading.rstrip(".") == q.text.rstrip(".") for q in it.quotes
            )
    why = {q.clause_id for it in o.parts[1].items for q in it.quotes}
    assert why == {"ct38/p1", "ct38/p2"}  # the Directive's own account of results and shortcomings
    assert not o.parts[0].items[0].quotes[0].text.startswith("Hà Nội")


def test_audience_changes_the_tasks_and_questions(assistant):
    commune = make_outline(assistant, "", "cán bộ xã", 45)
    firms = make_outline(assistant, "", "doanh nghiệp", 45)
    tasks = [q for it in commune.parts[3].items for q in it.quotes]
    assert tasks and all(q.clause_id.startswith("kh-xa-haiphong/") for q in tasks)
    firm_words = ("doanh nghiệp", "sản xuất kinh doanh", "cơ sở sản xuất")
    assert all(
        any(normalize.contains(q.text, w) for w in firm_words)
        for it in firms.parts[3].items
        for q in it.quotes
    )
    assert [it.heading for it in commune.parts[3].items] != [it.heading for it in firms.parts[3].items]
    assert (
        all(it.heading.endswith("!»") for it in commune.parts[4].items) and len(commune.parts[4].items) >= 3
    )
    assert all(it.heading.endswith("?") for it in commune.parts[5].items) and len(commune.parts[5].items) >= 2
    assert (
        "Ở xã mình" in commune.parts[5].items[0].heading
        and "doanh nghiệp mình" in firms.parts[5].items[0].heading
    )


def test_topic_first_and_bad_input_refused(assistant):
    o = make_outline(assistant, "ngân sách", "người dân", 15)
    assert any("ngân sách" in normalize.key(it.heading) for it in o.parts[2].items)
    for kwargs, words in (({"minutes": 10}, "từ 15"), ({"minutes": 120}, "tối đa là 90"),
                          ({"topic": "bóng đá"}, "không nói về")):  # fmt: skip
        with pytest.raises(ToolInputError, match=words):
            make_outline(assistant, **{"topic": "", **kwargs})


def test_markdown_and_docx_a4_times_new_roman(assistant, tmp_path):
    o = make_outline(assistant, "", "đảng viên", 30)
    md = outline_markdown(o)
    assert (
        md.startswith("# ĐỀ CƯƠNG TUYÊN TRUYỀN") and "## III. NHỮNG NỘI DUNG CHỦ YẾU" in md and "phút)" in md
    )
    from docx import Document
    from docx.shared import Cm

    doc = Document(str(export_outline(o, "docx", tmp_path / "o.docx")))
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21.0)) < Cm(0.05) and abs(sec.page_height - Cm(29.7)) < Cm(0.05)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    assert doc.styles["Heading 2"].font.name == "Times New Roman"
