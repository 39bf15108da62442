"""Quizzes by blueprint over the real knowledge base, checked by rules of their own (not the generator's filters),
and their exports read back by a real GIFT parser, a Moodle-style Aiken reader and python-docx."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter

import pytest
from aiken_reader import read_aiken

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.text import normalize
from assistant.tools.export import ExportError, safe_cell, write_csv
from assistant.tools.inputs import ToolInputError
from assistant.tools.quiz import BLANK, FALSE, TRUE, build_quiz, make_quiz, points_of
from assistant.tools.quiz_export import aiken_note, export_quiz, items_aiken, items_markdown

_DATE_OR_NUMBER = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d+-[A-ZĐ]|năm \d{4}|tháng \d")


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    return Assistant(Settings(data_dir=tmp_path_factory.getbasetemp() / "tools-data"))


@pytest.fixture(scope="session")
def ct38_quiz(assistant):
    return build_quiz(assistant, ["ct38"], count=30, seed=3, versions=2)


def _statement(q: str) -> str:
    return re.findall(r"«([^»]+)»", q)[-1]


def check_item(a, it) -> None:
    """Keys verbatim in the cited clause and distractors false, by plain text look-ups."""
    c = a.clause(it.clause_id)
    assert c is not None and c.label == it.label
    assert normalize.contains(c.text, it.quote), it.quote
    assert it.clause_id not in it.explanation and it.quote in it.explanation
    if it.kind in ("mcq", "situation"):
        assert len(it.options) == 4 and len(set(it.options)) == 4 and it.answer in it.options
        assert normalize.contains(c.text, it.answer)
        for o in it.options:
            if o != it.answer:
                assert not normalize.contains(it.quote, o), (it.question, o)
    if it.kind == "mcq":
        blanked = _statement(it.question)
        assert normalize.contains(c.text, blanked.replace(BLANK, it.answer))
    elif it.kind == "true_false":
        stmt = _statement(it.question)
        said = any(normalize.contains(x.text, stmt) for x in a.index.clauses)
        assert said == (it.answer == TRUE), (stmt, it.answer)
    elif it.kind == "fill_blank":
        blanked = _statement(it.question)
        assert BLANK in blanked and normalize.contains(c.text, blanked.replace(BLANK, it.answer))
        assert len(it.answer.split()) <= 4


def test_blueprint_covers_points_balances_keys_and_never_repeats_a_sentence(assistant, ct38_quiz):
    items = ct38_quiz.items
    assert len(items) >= 24, ct38_quiz.notice
    for it in items:
        check_item(assistant, it)
    assert {i.point for i in items} == set(points_of(assistant, "ct38"))
    assert len({normalize.key(i.quote) for i in items}) == len(items)
    assert len({i.kind for i in items}) == 4
    tf = Counter((i.difficulty, i.answer) for i in items if i.kind == "true_false")
    for d in ("de", "vua", "kho"):
        assert abs(tf[(d, TRUE)] - tf[(d, FALSE)]) <= 1, tf
    assert tf[("de", FALSE)] and tf[("kho", TRUE)]  # keys do not follow difficulty
    for it in items:  # nothing asks about the dates or numbers of documents the text only cites
        assert not _DATE_OR_NUMBER.search(it.answer), it.answer


def test_versions_share_the_blueprint_not_the_items(ct38_quiz):
    a, b = ct38_quiz.versions
    assert list(a) == list(ct38_quiz.items) and len(b) >= len(a) * 0.8
    assert not {i.question for i in a} & {i.question for i in b}
    assert len({normalize.key(i.quote) for i in b}) == len(b)
    # same slots; a point whose few sentences version A used up lends its slot to another point
    assert {i.point for i in b} <= set(ct38_quiz.point_labels)
    assert len({i.point for i in b}) >= len({i.point for i in a}) - 1


def test_seed_recreates_and_no_seed_differs(assistant):
    one = build_quiz(assistant, ["kh-xa-haiphong"], count=8, seed=9)
    assert [i.question for i in one.items] == [
        i.question for i in build_quiz(assistant, ["kh-xa-haiphong"], count=8, seed=9).items
    ]
    runs = {build_quiz(assistant, ["kh-xa-haiphong"], count=8).seed for _ in range(3)}
    assert len(runs) == 3
    assert f"Mã đề: {one.seed}" in items_markdown(one)


def test_kinds_topic_and_situations(assistant):
    tf = make_quiz(assistant, ["ct38"], count=6, kinds=["true_false"], seed=1)
    assert len(tf) == 6 and all(i.kind == "true_false" for i in tf)
    topic = make_quiz(assistant, topic="ngân sách", count=4, seed=2)
    assert topic and any("ngân sách" in normalize.key(i.quote) for i in topic)
    sit = make_quiz(assistant, ["ct38", "kh-xa-haiphong"], count=4, kinds=["situation"], seed=4)
    assert sit and all(i.question.startswith("Tình huống:") for i in sit)
    for it in tf + topic + sit:
        check_item(assistant, it)


@pytest.mark.parametrize(
    "kwargs,words",
    [
        ({"topic": "bóng đá"}, "không nói về «bóng đá»"),
        ({"count": 0}, "từ 1 trở lên"),
        ({"count": 10000}, "tối đa là"),
        ({"doc_ids": ["khong-co"]}, "Không có văn bản"),
        ({"difficulty": "rat-kho"}, "Độ khó"),
    ],
)
def test_bad_input_is_refused_with_a_message(assistant, kwargs, words):
    with pytest.raises(ToolInputError, match=words):
        build_quiz(assistant, **{"count": 5, **kwargs})


def test_gift_round_trip_through_a_real_parser(ct38_quiz, tmp_path):
    from pygiftparser import parser

    items = list(ct38_quiz.items)
    path = export_quiz(items, "gift", tmp_path / "q.gift")
    with open(path, encoding="utf-8") as fh:
        questions = parser.parseFile(fh)
    assert len(questions) == len(items)
    for q, it in zip(questions, items, strict=True):
        assert q.valid and normalize.contains(q.text.replace("\\", ""), _statement(it.question)[:40])
        assert it.clause_id not in q.generalFeedback and "Căn cứ" in q.generalFeedback
        ans = q.answers
        if it.kind == "true_false":
            assert ans.answer == (it.answer == TRUE)
            assert "Căn cứ" in ans.feedbackWrong and "Căn cứ" in ans.feedbackCorrect
        elif it.kind == "fill_blank":
            accepted = {a.answer for a in ans.answers}
            assert it.answer in accepted and normalize.fold(it.answer) in accepted
        else:
            right = [a.answer for a in ans.answers if a.fraction == 100]
            assert right == [it.answer] and len(ans.answers) == 4
            assert all("Căn cứ" in a.feedback for a in ans.answers)


def test_aiken_read_like_moodle_and_says_what_it_left_out(ct38_quiz, tmp_path):
    items = list(ct38_quiz.items)
    text, left_out = items_aiken(items)
    questions, errors = read_aiken(
        export_quiz(items, "aiken", tmp_path / "q.txt").read_text(encoding="utf-8")
    )
    assert not errors and text
    assert left_out == [n for n, i in enumerate(items, start=1) if i.kind == "fill_blank"] and left_out
    assert len(questions) == len(items) - len(left_out)
    kept = [i for i in items if i.kind != "fill_blank"]
    for q, it in zip(questions, kept, strict=True):
        assert q.options[q.answer] == it.answer
    assert str(len(left_out)) in aiken_note(left_out) and "GIFT" in aiken_note(left_out)


def test_docx_on_a4_in_times_new_roman_with_header_and_answer_sheet(ct38_quiz, tmp_path):
    from docx import Document
    from docx.shared import Cm

    doc = Document(str(export_quiz(ct38_quiz, "docx", tmp_path / "q.docx", minutes=45, unit="Chi bộ 3")))
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21.0)) < Cm(0.05) and abs(sec.page_height - Cm(29.7)) < Cm(0.05)
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt == 13
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header == ["Họ và tên:", "Đơn vị:", "Ngày:", "Thời gian làm bài:"]
    assert [c.text for c in doc.tables[0].rows[1].cells][1:] == ["Chi bộ 3", "", "45 phút"]
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("PHIẾU ĐÁP ÁN — ĐỀ A") for t in texts) and any("ĐỀ B" in t for t in texts)
    sheet = doc.tables[1]
    assert len(sheet.rows) == len(ct38_quiz.items) + 1 and sheet.rows[1].cells[0].text == "1"


def test_csv_json_and_formula_injection(ct38_quiz, tmp_path):
    items = list(ct38_quiz.items)
    with open(export_quiz(items, "csv", tmp_path / "q.csv"), encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(items) and rows[0]["cau_hoi"] == items[0].question
    data = json.loads(export_quiz(items, "json", tmp_path / "q.json").read_text())
    assert [d["question"] for d in data] == [i.question for i in items]
    for bad in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(bad) == "'" + bad
    assert safe_cell("Đúng") == "Đúng"
    out = write_csv(tmp_path / "inj.csv", ["a"], [['=HYPERLINK("http://x")']]).read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in out


def test_output_paths_are_checked_with_a_vietnamese_message(ct38_quiz, tmp_path):
    items = list(ct38_quiz.items)[:3]
    with pytest.raises(ExportError, match="là một thư mục"):
        export_quiz(items, "md", tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="là một tệp"):
        export_quiz(items, "md", blocker / "sub" / "q.md")
    with pytest.raises(ExportError, match="không hỗ trợ"):
        export_quiz(items, "pdf", tmp_path / "q.pdf")
