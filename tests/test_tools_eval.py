"""The tools evaluation's own checks catch what they claim to catch (on real items from the real knowledge base)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.tools.quiz import build_quiz
from eval.tools_eval import item_problems, on_cited_document, same_source, subtask_agreement


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    return Assistant(Settings(data_dir=tmp_path_factory.getbasetemp() / "tools-data"))


def test_item_checks_flag_tampered_items(assistant):
    items = build_quiz(assistant, ["ct38"], count=12, seed=5).items
    assert all(item_problems(assistant, i) == [] for i in items)
    mcq = next(i for i in items if i.kind == "mcq")
    wrong = next(o for o in mcq.options if o != mcq.answer)
    assert item_problems(assistant, replace(mcq, answer=wrong))
    tf = build_quiz(assistant, ["ct38"], count=2, seed=5, kinds=["true_false"]).items[0]
    assert item_problems(assistant, replace(tf, answer="Sai" if tf.answer == "Đúng" else "Đúng"))
    assert same_source(items[0], replace(items[1], quote=items[0].quote)) and not same_source(
        items[0], items[1]
    )


def test_cited_document_rule(assistant):
    item = build_quiz(assistant, ["ct38"], count=4, seed=5, kinds=["mcq"]).items[0]
    quote = "theo Nghị quyết số 08-NQ/TW, ngày 26/01/2022 của Bộ Chính trị khoá XIII"
    assert on_cited_document(replace(item, quote=quote, answer="26/01/2022", secret=""))
    assert not on_cited_document(item)


def test_subtask_agreement_counts(assistant):
    gold = {"ct38": {"kh-xa-haiphong": {"kh-xa-haiphong/II.5/-1#3": ["ct38/5#3"],
                                        "kh-xa-haiphong/II.6/-1#1": ["ct38/1#1"]}}}  # fmt: skip
    r = subtask_agreement(assistant, gold)
    assert (r["correct"], r["total"]) == (1, 2) and r["pairs"]["kh-xa-haiphong vs ct38"]["misses"]
