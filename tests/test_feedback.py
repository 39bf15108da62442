"""The feedback store on a real SQLite file: ratings with comments, message actions, the CSV export."""

from __future__ import annotations

import csv

from assistant.feedback import FeedbackStore, csv_safe, human_time


def test_csv_safe_follows_owasp() -> None:
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(bad) == "'" + bad
    assert csv_safe("Chỉ thị 38 [1]") == "Chỉ thị 38 [1]" and csv_safe(None) == ""


def test_human_time_is_vietnam_local() -> None:
    assert human_time("2026-11-23T17:05:00+00:00") == "00:05 ngày 24/11/2026"
    assert human_time("không phải thời điểm") == "không phải thời điểm"


def test_ratings_comments_and_actions_export_neutralised(tmp_path) -> None:
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    fid = store.save("Câu hỏi?", "Trả lời [1]", '[{"n": 1}]', -1)
    assert store.add_comment(fid, '=HYPERLINK("http://x","y")') and not store.add_comment(fid + 99, "x")
    store.record("copy", "Câu hỏi?", "Trả lời [1]", "[]")
    store.record("regenerate", "-2+3", "Trả lời", "[]")
    rows = list(csv.reader(open(store.export_csv(tmp_path / "out.csv"), encoding="utf-8-sig")))
    assert rows[0][1] == "Thao tác" and len(rows) == 4
    kinds = [r[1] for r in rows[1:]]
    assert kinds == ["👎 Chưa tốt", "Sao chép", "Tạo lại câu trả lời"]
    assert rows[1][-1] == '\'=HYPERLINK("http://x","y")' and rows[3][2] == "'-2+3"
    assert " ngày " in rows[1][0]
