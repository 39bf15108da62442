"""Hand-made cases for eval/metrics.py: every expected number is worked out in the comment beside it."""

from __future__ import annotations

import pytest

from eval import metrics as m

GOLD = ["ct38/4"]
CT38_4 = (
    "Tăng cường đầu tư ngân sách nhà nước cho công tác tiêu chuẩn, đo lường, chất lượng. "
    "Xây dựng ít nhất một trung tâm kiểm định tiêu chuẩn, đo lường, chất lượng ở mỗi vùng kinh tế trọng điểm."
)
CT38_5 = "Tăng cường công tác thanh tra, kiểm tra, giám sát về tiêu chuẩn, đo lường, chất lượng."
SPAN = "ít nhất một trung tâm kiểm định"


def test_right_citation_is_precise_and_recalls_the_span():
    assert m.citation_precision(["ct38/4"], [CT38_4], GOLD, [SPAN]) == 1.0
    assert m.citation_recall(["ct38/4"], [CT38_4], GOLD, [SPAN]) == 1.0


def test_wrong_citation_scores_zero():
    assert m.citation_precision(["ct38/5"], [CT38_5], GOLD, [SPAN]) == 0.0
    assert m.citation_recall(["ct38/5"], [CT38_5], GOLD, [SPAN]) == 0.0


def test_one_right_one_wrong_citation_is_half_precise():
    # 1 of 2 citations holds evidence -> 0.5; the one span is covered -> recall 1.0
    assert m.citation_precision(["ct38/4", "ct38/5"], [CT38_4, CT38_5], GOLD, [SPAN]) == 0.5
    assert m.citation_recall(["ct38/4", "ct38/5"], [CT38_4, CT38_5], GOLD, [SPAN]) == 1.0


def test_citation_outside_gold_ids_is_precise_when_it_contains_evidence():
    # a clause repeating the evidence in another document (not a gold id) still supports the answer
    other = "kh-xa/II.4/-1"
    assert m.citation_precision([other], [f"Nội dung: {SPAN} ở mỗi vùng."], GOLD, [SPAN]) == 1.0


def test_partial_list_covers_two_of_four_spans():
    spans = [
        "Sửa đổi Luật Tiêu chuẩn",
        "Sửa đổi Luật Chất lượng",
        "Cơ sở dữ liệu quốc gia",
        "Đề án chuyển đổi số",
    ]
    gold = ["qd1703/2/-2", "qd1703/2/-3", "qd1703/2/-4", "qd1703/2/-5"]
    cited_ids = ["qd1703/2/-2", "qd1703/2/-3"]
    cited_texts = [
        "Sửa đổi Luật Tiêu chuẩn và Quy chuẩn kỹ thuật.",
        "Sửa đổi Luật Chất lượng sản phẩm, hàng hóa.",
    ]
    assert m.citation_recall(cited_ids, cited_texts, gold, spans) == 0.5  # 2 / 4
    assert m.citation_precision(cited_ids, cited_texts, gold, spans) == 1.0  # both cited clauses are gold


def test_recall_falls_back_to_gold_ids_without_spans():
    # no evidence spans: 1 of the 2 gold ids cited -> 0.5
    assert m.citation_recall(["a/1"], ["x"], ["a/1", "a/2"], []) == 0.5
    assert m.citation_recall([], [], [], []) is None


def test_empty_citations_and_refusal_score_zero():
    assert m.citation_precision([], [], GOLD, [SPAN]) == 0.0
    assert m.citation_recall([], [], GOLD, [SPAN]) == 0.0
    assert m.citation_recall(["ct38/4"], [CT38_4], GOLD, [SPAN], refused=True) == 0.0


def test_refusal_on_unanswerable_counts_as_correct():
    # 3 unanswerable questions, 2 refused -> 2/3
    assert m.refusal_rate([True, True, False]) == pytest.approx(2 / 3)
    assert m.refusal_rate([True]) == 1.0
    assert m.refusal_rate([]) is None


def test_refusal_on_answerable_is_a_false_refusal():
    # 4 answerable questions, 1 refused -> 0.25; its key-fact coverage is 0
    assert m.false_refusal_rate([False, True, False, False]) == 0.25
    refusal_text = "Không tìm thấy nội dung này trong các văn bản."
    assert m.key_fact_coverage(refusal_text, ["10%"]) == 0.0


def test_tone_mark_variants_match():
    # hoá (old style) in the clause, hóa (new style) in the span and the key fact, and the other way round
    old = "sự nghiệp công nghiệp hoá, hiện đại hoá"
    new = "công nghiệp hóa, hiện đại hóa"
    assert m.citation_precision(["x/1"], [old], [], [new]) == 1.0
    assert m.citation_recall(["x/1"], [new.upper()], [], ["công nghiệp hoá"]) == 1.0
    assert m.key_fact_coverage(f"Theo Chỉ thị: {old}.", [new]) == 1.0
    assert m.key_fact_coverage("thủy  sản và   khoẻ mạnh", ["thuỷ sản", "khỏe mạnh"]) == 1.0  # spacing too


def test_key_fact_coverage_partial_and_alternatives():
    answer = "Bố trí tối thiểu 10% trong tổng chi ngân sách cho khoa học và công nghệ."
    assert m.key_fact_coverage(answer, ["10%", "khoa học và công nghệ", "xã hội hóa"]) == pytest.approx(2 / 3)
    assert m.key_fact_coverage(answer, [["mười phần trăm", "10%"]]) == 1.0  # any alternative counts
    assert m.key_fact_coverage(answer, []) is None


def test_hit_at_k_and_reciprocal_rank():
    retrieved = ["a", "b", "c", "d", "e", "f"]
    assert m.hit_at_k(retrieved, ["c"], 1) == 0.0
    assert m.hit_at_k(retrieved, ["c"], 3) == 1.0
    assert m.hit_at_k(retrieved, ["f"], 5) == 0.0
    assert m.hit_at_k(retrieved, ["a", "z"], 1) == 1.0
    assert m.reciprocal_rank(retrieved, ["c"]) == pytest.approx(1 / 3)
    assert m.reciprocal_rank(retrieved, ["z", "b", "e"]) == 0.5  # first gold at rank 2
    assert m.reciprocal_rank(retrieved, ["z"]) == 0.0
    assert m.hit_at_k([], ["a"], 5) == 0.0


def test_mean_and_percentile():
    assert m.mean([1.0, None, 0.0, 0.5]) == 0.5
    assert m.mean([None]) is None
    vals = [10, 20, 30, 40, 50]
    assert m.percentile(vals, 50) == 30
    assert m.percentile(vals, 95) == pytest.approx(48.0)  # pos 3.8 -> 40 + 0.8 * 10
    assert m.percentile([7], 95) == 7
    assert m.percentile([], 50) is None


def test_spans_overlap_is_half_open():
    assert m.spans_overlap(0, 10, 9, 20)
    assert not m.spans_overlap(0, 10, 10, 20)
    assert m.spans_overlap(5, 6, 0, 100)


# ---------------------------------------------------------------- false premises, splits, failure groups


def test_premise_corrected_needs_every_true_fact_and_no_refusal():
    corrections = ["Ban Bí thư", "30/7/2024"]
    right = "Văn bản do Ban Bí thư ban hành (không phải Bộ Chính trị), ngày 30/7/2024 [1]."
    assert m.premise_corrected(right, False, corrections) == 1.0
    assert m.premise_corrected("Văn bản do ban bí thư ban hành.", False, corrections) == 0.0  # date missing
    assert m.premise_corrected(right, True, corrections) == 0.0  # a refusal corrects nothing
    assert m.premise_corrected("Do BAN BÍ THƯ ký ngày 30/7/2024.", False, corrections) == 1.0  # case ignored
    assert m.premise_corrected("khoá XIII", False, ["khóa XIII"]) == 1.0  # tone placement ignored
    assert m.premise_corrected(right, False, []) is None


def _rec(
    qid, split, kind="fact", failures=(), route="", reason="", refused=False, premise=None, unseen=False
):
    return {
        "id": qid, "split": split, "kind": kind, "answerable": kind != "unanswerable", "refused": refused,
        "failures": list(failures), "route": route, "reason": reason, "premise_corrected": premise,
        "unseen": unseen, "hit@1": 1.0, "hit@5": 1.0, "rr": 1.0, "citation_precision": None if refused else 1.0,
        "citation_recall": 0.5, "key_fact_coverage": 1.0, "chars@5": 100, "total_ms": 10.0,
    }  # fmt: skip


def test_failure_groups_count_routes_and_refusal_reasons():
    from eval.run import failure_groups

    records = [
        _rec("a", "train", failures=["missing key fact"], route="fact"),
        _rec("b", "test", failures=["false refusal"], route="refusal", reason="", refused=True),
        _rec(
            "c",
            "test",
            failures=["false refusal"],
            route="refusal",
            reason="named-thing-absent",
            refused=True,
        ),
        _rec(
            "d",
            "test",
            failures=["false refusal"],
            route="refusal",
            reason="named-thing-absent",
            refused=True,
        ),
        _rec("e", "test", route="fact"),  # passed: not grouped
        _rec("f", "dev", failures=["imprecise citation"], route=""),  # no route recorded
    ]
    groups = {(g["route"], g["reason"]): g for g in failure_groups(records)}
    assert set(groups) == {("fact", ""), ("refusal", "–"), ("refusal", "named-thing-absent"), ("–", "")}
    named = groups[("refusal", "named-thing-absent")]
    assert named["n"] == 2 and named["ids"] == ["c", "d"] and named["by_split"] == {"test": 2}
    assert named["failures"] == {"false refusal": 2}


def test_splits_are_summarised_apart_and_floors_read_test_only():
    from eval.run import check_floors, split_summaries

    records = [
        _rec("a", "train"),
        _rec("b", "test", kind="false-premise", premise=1.0),
        _rec("c", "test", kind="false-premise", premise=0.0, unseen=True),
        _rec("d", "test", kind="unanswerable", refused=True),
    ]
    s = split_summaries(records)
    assert list(s) == ["train", "test", "test: unseen doc", "all"]
    assert s["train"]["n"] == 1 and s["test"]["n"] == 3 and s["all"]["n"] == 4
    assert s["test"]["premise_corrected"] == 0.5  # 1 of the 2 false premises corrected
    assert s["test: unseen doc"]["premise_corrected"] == 0.0
    assert s["test"]["refusal_rate"] == 1.0 and s["train"]["refusal_rate"] is None
    rows = {r["metric"]: r for r in check_floors(s["test"])}
    assert not rows["premise_corrected"]["pass"]  # 0.5 < 0.75
    assert rows["refusal_rate"]["pass"]
    assert not {r["metric"]: r for r in check_floors(s["train"])}["refusal_rate"][
        "pass"
    ]  # nothing to measure


def test_load_split_reads_the_assignment(tmp_path):
    import json

    from eval.run import load_split

    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "\n".join(json.dumps({"id": f"x{i}", "question": "?", "kind": "fact"}) for i in range(4)) + "\n",
        encoding="utf-8",
    )
    splits = tmp_path / "splits.json"
    splits.write_text(json.dumps({"x0": "train", "x1": "dev", "x2": "test"}), encoding="utf-8")

    def ids(name: str) -> list[str]:
        return [q["id"] for q in load_split(name, questions, splits)]

    assert ids("train") == ["x0"] and ids("test") == ["x2"]
    assert ids("train+dev") == ["x0", "x1"]
    assert ids("all") == ["x0", "x1", "x2", "x3"]  # x3 is unassigned: only in "all"
    with pytest.raises(ValueError):
        load_split("holdout", questions, splits)


def test_split_assignment_is_seeded_stratified_and_stable():
    from eval.split import assign

    qs = [{"id": f"k{i:02d}", "kind": "keyword"} for i in range(20)]
    qs += [{"id": f"u{i:02d}", "kind": "fact", "unseen": True} for i in range(5)]
    first = assign(qs)
    assert first == assign(qs)  # same seed, same split
    keyword = [first[q["id"]] for q in qs if q["kind"] == "keyword"]
    assert (keyword.count("train"), keyword.count("dev"), keyword.count("test")) == (10, 4, 6)
    assert all(first[f"u{i:02d}"] == "test" for i in range(5))
    # a question added later is placed without moving any other
    grown = assign([*qs, {"id": "k99", "kind": "keyword"}], first)
    assert {k: v for k, v in grown.items() if k != "k99"} == first
