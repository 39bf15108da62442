"""Quiz items over the real knowledge base: every answer is backed by its cited clause, exports are well-formed."""

from __future__ import annotations

import csv
import json
import re

import pytest

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.tools.quiz import BLANK, FALSE, TRUE, export_quiz, has_phrase, items_markdown, make_quiz
from assistant.text import normalize


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    return Assistant(Settings(data_dir=tmp_path_factory.getbasetemp() / "tools-data"))


@pytest.fixture(scope="session")
def quizzes(assistant):
    return {d: make_quiz(assistant, count=15, difficulty=d, seed=3) for d in ("de", "vua", "kho")}


def _in_question(q: str) -> str:
    return re.findall(r"«([^»]+)»", q)[0]


def _option_clauses(a, option: str):
    docs = [c for c in a.index.clauses if a.index.docs[c.doc_id].meta.short == option]
    if docs:
        return docs
    base = option.split(" — ")[0]
    return [c for c in a.index.clauses if c.label.split(" — ")[0] == base or c.label.startswith(base + ",")]


def check_item(a, it) -> None:
    c = a.clause(it.clause_id)
    assert c is not None and c.label == it.label
    assert normalize.contains(c.text, it.quote.rstrip("…")), it.quote
    assert f"«{it.quote}»" in it.explanation or it.quote in it.explanation
    if it.kind in ("mcq", "which_source"):
        assert len(it.options) == 4 and len(set(it.options)) == 4 and it.answer in it.options
    if it.kind == "mcq":
        assert has_phrase(c.text, it.answer) or has_phrase(c.heading, it.answer), it.answer
        for o in it.options:
            if o != it.answer:
                assert not has_phrase(c.text, o), (it.question, o)
    elif it.kind == "which_source":
        quote = _in_question(it.question).rstrip("…")
        assert normalize.contains(c.text, quote)
        assert it.answer in (a.index.docs[c.doc_id].meta.short,) or c.label.startswith(
            it.answer.split(" — ")[0]
        )
        for o in it.options:
            if o != it.answer:
                assert not any(normalize.contains(x.text, quote) for x in _option_clauses(a, o)), (quote, o)
    elif it.kind == "true_false":
        stmt = _in_question(it.question)
        if it.answer == TRUE:
            assert normalize.contains(c.text, stmt)
        else:
            assert it.answer == FALSE
            assert not any(normalize.contains(x.text, stmt) for x in a.index.clauses), stmt
    elif it.kind == "fill_blank":
        blanked = _in_question(it.question)
        assert BLANK in blanked and has_phrase(c.text, it.answer)
        assert normalize.contains(c.text, blanked.replace(BLANK, it.answer))


@pytest.mark.parametrize("difficulty", ["de", "vua", "kho"])
def test_items_supported_and_honour_difficulty(assistant, quizzes, difficulty):
    items = quizzes[difficulty]
    assert len(items) == 15
    assert all(i.difficulty == difficulty for i in items)
    for it in items:
        check_item(assistant, it)
    keys = {" ".join(normalize.folded_key(i.question).split()) for i in items}
    assert len(keys) == len(items)
    assert len({i.kind for i in items}) >= 3


def test_doc_topic_kinds_and_seed(assistant):
    items = make_quiz(assistant, doc_ids=["kh-xa-haiphong"], count=8, seed=1)
    assert items and all(i.clause_id.startswith("kh-xa-haiphong/") for i in items)
    tf = make_quiz(assistant, count=6, kinds=["true_false"], seed=1)
    assert len(tf) == 6 and all(i.kind == "true_false" for i in tf)
    topic = make_quiz(assistant, topic="ngân sách", count=6, seed=2)
    assert topic and any("ngân sách" in normalize.key(i.quote) for i in topic)
    for it in items + tf + topic:
        check_item(assistant, it)
    assert [i.question for i in make_quiz(assistant, count=5, seed=9)] == [
        i.question for i in make_quiz(assistant, count=5, seed=9)
    ]


def test_number_question_from_point_4(assistant):
    items = make_quiz(
        assistant, doc_ids=["ct38"], count=40, difficulty="vua", kinds=["mcq", "fill_blank"], seed=0
    )
    assert any(i.clause_id == "ct38/4" and i.answer == "một" for i in items)


def test_exports(assistant, quizzes, tmp_path):
    items = quizzes["vua"][:8] + quizzes["kho"][:4]
    from docx import Document

    doc = Document(str(export_quiz(items, "docx", tmp_path / "q.docx")))
    texts = [p.text for p in doc.paragraphs]
    key = texts.index("ĐÁP ÁN")
    assert any(t.startswith("Câu 1.") for t in texts[:key])
    assert any(t.startswith("Câu 1:") for t in texts[key:]) and any("Nguồn:" in t for t in texts[key:])

    with open(export_quiz(items, "csv", tmp_path / "q.csv"), encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(items) and rows[0]["ma_dieu_khoan"] == items[0].clause_id

    data = json.loads(export_quiz(items, "json", tmp_path / "q.json").read_text())
    assert [d["question"] for d in data] == [i.question for i in items]

    gift = export_quiz(items, "gift", tmp_path / "q.gift").read_text()
    blocks = [b for b in gift.split("\n\n") if b.strip()]
    assert len(blocks) == len(items)
    for b, it in zip(blocks, items, strict=True):
        m = re.search(r"::Câu \d+::(.*?)(?<!\\)\{(.*)(?<!\\)\}\s*$", b, re.S)
        assert m, b
        body = m.group(2)
        if it.kind == "true_false":
            assert body.startswith("T" if it.answer == TRUE else "F")
        else:
            assert body.startswith("=") or " =" in body or body.startswith("~")
        assert not re.search(r"(?<!\\)[{}]", m.group(1))

    aiken = export_quiz(items, "aiken", tmp_path / "q.txt").read_text()
    for block in [b for b in aiken.split("\n\n") if b.strip()]:
        lines = block.splitlines()
        assert [ln[:3] for ln in lines[1:5]] == ["A. ", "B. ", "C. ", "D. "]
        assert re.fullmatch(r"ANSWER: [ABCD]", lines[5])
    md = items_markdown(items, with_answers=False)
    assert "ĐÁP ÁN" not in md and "ĐÁP ÁN" in items_markdown(items, with_answers=True)
