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
