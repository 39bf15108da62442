"""Comparison of the local plans with the Directive and Decision 1703, checked against hand-made golds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.tools.compare import (
    STATUS_NOT_IN_SUMMARY,
    STATUS_PARTLY,
    STATUS_RELAY,
    alignment,
    build_comparison,
    compare_table,
    export_compare,
    gold_agreement,
    subtask_alignment,
)
from assistant.tools.inputs import ToolInputError

EVAL = Path(__file__).resolve().parent.parent / "eval"


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    return Assistant(Settings(data_dir=tmp_path_factory.getbasetemp() / "tools-data"))


@pytest.fixture(scope="session")
def commune(assistant):
    return build_comparison(assistant, "kh-xa-haiphong", "ct38")


def test_commune_plan_points_sub_tasks_and_reasons(commune):
    rows = {r.ref_id: r for r in commune.rows}
    assert not commune.warning  # an official plan
    for k in (4, 5, 6):
        ids = [cid for cid, _, _ in rows[f"ct38/{k}"].local]
        assert ids and all(cid.startswith(f"kh-xa-haiphong/II.{k}") for cid in ids), (k, ids)
    budget = rows["ct38/4"]
    assert "chỉ tiêu «phấn đấu đạt tối thiểu 10%»" in budget.note and "thời hạn «hàng năm»" in budget.note
    # the Directive's centre in every key economic region has no counterpart in a commune plan
    assert budget.status == STATUS_PARTLY and "Xây dựng ít nhất một trung tâm kiểm định" in budget.note
    sub = subtask_alignment(commune.rows)
    assert sub["kh-xa-haiphong/II.5/-1#3"] == "ct38/5#3" and sub["kh-xa-haiphong/II.5/-3#1"] == ""
    assert any(cid.startswith("kh-xa-haiphong/III") for cid, _, _ in rows["ct38/7"].local)


def test_press_summary_and_relay_letter_are_flagged(assistant):
    long_an = build_comparison(assistant, "ctr59-longan", "ct38")
    align = alignment(long_an.rows)
    for k, word in enumerate(["mot", "hai", "ba", "bon", "nam", "sau"], start=1):
        assert align[f"ctr59-longan/{word}-la"] == f"ct38/{k}"
    assert "bản tin" in long_an.warning
    assert {r.ref_id: r for r in long_an.rows}["ct38/7"].status == STATUS_NOT_IN_SUMMARY
    letter = build_comparison(assistant, "cv59-dienbien", "ct38")
    assert "chỉ chuyển tiếp" in letter.warning
    assert all(r.status == STATUS_RELAY for r in letter.rows if r.ref_id.startswith("ct38/"))


def test_self_comparison_and_unknown_documents_are_refused(assistant):
    with pytest.raises(ToolInputError, match="chính nó"):
        build_comparison(assistant, "ct38", "ct38")
    with pytest.raises(ToolInputError, match="Không có văn bản"):
        build_comparison(assistant, "khong-co", "ct38")


def test_agreement_with_the_hand_made_golds(assistant):
    assert gold_agreement(assistant, json.loads((EVAL / "compare_gold.json").read_text()))["agreement"] >= 0.8
    gold = json.loads((EVAL / "compare_gold_subtasks.json").read_text())
    ok = total = 0
    for reference, locals_ in gold.items():
        if reference.startswith("_"):
            continue
        for local, pairs in locals_.items():
            predicted = subtask_alignment(build_comparison(assistant, local, reference).rows)
            for sentence, refs in pairs.items():
                got = predicted.get(sentence, "")
                ok += got in refs if refs else got == ""
                total += 1
    assert total >= 60 and ok / total >= 0.7, (ok, total)


def test_table_shows_local_text_beside_the_directive_and_exports(assistant, commune, tmp_path):
    headers, rows = compare_table(commune)
    assert len(headers) == 5 and len(rows) == len(commune.rows)
    budget = next(r for r in rows if r[0].endswith("mục 4"))
    assert "«Bố trí ngân sách Nhà nước" in budget[2] and "kh-xa-haiphong/" not in budget[2]
    assert (
        export_compare(commune, "csv", tmp_path / "c.csv")
        .read_text(encoding="utf-8-sig")
        .startswith(headers[0])
    )
    assert "| Điểm đối chiếu |" in export_compare(commune, "md", tmp_path / "c.md").read_text()
    from docx import Document
    from docx.shared import Cm

    doc = Document(
        str(export_compare(build_comparison(assistant, "ctr59-longan", "ct38"), "docx", tmp_path / "c.docx"))
    )
    assert (
        abs(doc.sections[0].page_width - Cm(21)) < Cm(0.05)
        and doc.styles["Normal"].font.name == "Times New Roman"
    )
    assert "bản tin" in doc.paragraphs[1].text and doc.tables[0].rows[0].cells[3].text == "Tình trạng"
    qd = build_comparison(assistant, "kh-xa-haiphong", "qd1703")
    assert [r.ref_id for r in qd.rows][:6] == [f"qd1703/{k}" for k in range(1, 7)]
