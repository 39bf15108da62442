"""Comparison of the local plans with the Directive and Decision 1703, checked against a hand-made gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.tools.compare import (
    STATUS_FURTHER,
    STATUS_GAP,
    alignment,
    compare,
    compare_table,
    export_compare,
    gold_agreement,
)
from assistant.config import Settings
from assistant.pipeline import Assistant

GOLD = Path(__file__).resolve().parent.parent / "eval" / "compare_gold.json"


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    return Assistant(Settings(data_dir=tmp_path_factory.getbasetemp() / "tools-data"))


@pytest.fixture(scope="session")
def commune(assistant):
    return compare(assistant, "kh-xa-haiphong", "ct38")


def test_commune_plan_mirrors_points(commune):
    rows = {r.ref_id: r for r in commune}
    assert len([r for r in commune if r.ref_id.startswith("ct38/")]) == 7
    for k in (4, 5, 6):
        ids = [cid for cid, _, _ in rows[f"ct38/{k}"].local]
        assert ids and all(cid.startswith(f"kh-xa-haiphong/II.{k}") for cid in ids), (k, ids)
    assert rows["ct38/5"].status == STATUS_FURTHER and "thương mại điện tử" in rows["ct38/5"].note
    assert "tối thiểu 10%" in rows["ct38/4"].note
    assert any(cid.startswith("kh-xa-haiphong/III") for cid, _, _ in rows["ct38/7"].local)


def test_long_an_one_to_six(assistant):
    align = alignment(compare(assistant, "ctr59-longan", "ct38"))
    for k, word in enumerate(["mot", "hai", "ba", "bon", "nam", "sau"], start=1):
        assert align[f"ctr59-longan/{word}-la"] == f"ct38/{k}"
    rows = {r.ref_id: r for r in compare(assistant, "ctr59-longan", "ct38")}
    assert rows["ct38/7"].status == STATUS_GAP  # the press summary leaves out the organisation part


def test_gold_agreement(assistant):
    result = gold_agreement(assistant, json.loads(GOLD.read_text()))
    assert result["agreement"] >= 0.8, result


def test_table_and_exports(assistant, commune, tmp_path):
    headers, rows = compare_table(commune)
    assert len(headers) == 5 and len(rows) == len(commune)
    assert (
        export_compare(commune, "csv", tmp_path / "c.csv")
        .read_text(encoding="utf-8-sig")
        .startswith(headers[0])
    )
    assert "| Điểm đối chiếu |" in export_compare(commune, "md", tmp_path / "c.md").read_text()
    qd = compare(assistant, "kh-xa-haiphong", "qd1703")
    assert [r.ref_id for r in qd][:6] == [f"qd1703/{k}" for k in range(1, 7)]
