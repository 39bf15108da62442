"""Hand-made answers checked against hand-made clauses: what must pass, what must be flagged."""

from __future__ import annotations

import pytest

from assistant.citations import (
    MIN_COVERAGE,
    REFUSAL,
    answer_from_llm_text,
    check_statements,
    coverage,
    split_statements,
)
from assistant.schema import Clause, Passage


def clause(cid: str, label: str, text: str, heading: str = "") -> Clause:
    return Clause(
        id=cid, doc_id=cid.split("/")[0], path=(cid.split("/")[-1],), label=label, text=text, start=0,
        end=len(text), heading=heading,
    )  # fmt: skip


FUNDING = clause(
    "ct38/4",
    "Chỉ thị 38-CT/TW, mục 4",
    "Tăng cường đầu tư ngân sách nhà nước cho công tác dân số, bảo đảm đến năm 2030 dành ít nhất 10% "
    "kinh phí sự nghiệp y tế cho chăm sóc sức khỏe ban đầu.",
)
DIGITAL = clause(
    "kh-xa/II.2",
    "Kế hoạch 15/KH-UBND, mục II.2",
    "Đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin trong quản lý hồ sơ sức khoẻ điện tử của người dân.",
)
ISSUED = clause(
    "ct38/header",
    "Chỉ thị 38-CT/TW, phần đầu",
    "Hà Nội, ngày 30 tháng 7 năm 2024. Ban Bí thư ban hành Chỉ thị về tiếp tục đổi mới, hoàn thiện và nâng cao "
    "chất lượng hoạt động của hệ thống y tế cơ sở.",
)
CITED = {1: FUNDING, 2: DIGITAL, 3: ISSUED}


def test_split_markers_belong_to_their_sentence():
    text = (
        "Nhà nước tăng cường đầu tư ngân sách [1]. Chuyển đổi số được đẩy mạnh.[2] "
        "Chỉ thị ban hành ngày 30/7/2024 [1][3].\n"
        "- Hồ sơ sức khỏe điện tử [1, 2]\n"
        "* Dành 10% kinh phí [1-3]"
    )
    assert split_statements(text) == [
        ("Nhà nước tăng cường đầu tư ngân sách.", (1,)),
        ("Chuyển đổi số được đẩy mạnh.", (2,)),
        ("Chỉ thị ban hành ngày 30/7/2024.", (1, 3)),
        ("Hồ sơ sức khỏe điện tử", (1, 2)),
        ("Dành 10% kinh phí", (1, 2, 3)),
    ]


def test_split_keeps_decimals_and_abbreviations_inside_a_sentence():
    text = "Tỷ lệ đạt 1.000 trạm, tăng 2,5% tại TP. Hải Phòng [1]. Năm 2030 hoàn thành [2]."
    assert split_statements(text) == [
        ("Tỷ lệ đạt 1.000 trạm, tăng 2,5% tại TP. Hải Phòng.", (1,)),
        ("Năm 2030 hoàn thành.", (2,)),
    ]


def test_full_stop_inside_a_quote_does_not_split():
    text = 'Chỉ thị yêu cầu: "Tăng cường đầu tư. Bảo đảm kinh phí." [1] Tiếp theo là chuyển đổi số [2].'
    assert split_statements(text) == [
        ('Chỉ thị yêu cầu: "Tăng cường đầu tư. Bảo đảm kinh phí."', (1,)),
        ("Tiếp theo là chuyển đổi số.", (2,)),
    ]


def test_verbatim_quote_is_supported():
    text = 'Chỉ thị yêu cầu "tăng cường đầu tư ngân sách nhà nước cho công tác dân số" [1].'
    [check] = check_statements(text, CITED)
    assert check.supported, check.reason
    assert check.markers == (1,)


def test_faithful_paraphrase_with_numbers_is_supported():
    text = "Đến năm 2030 phải dành ít nhất 10% kinh phí sự nghiệp y tế cho chăm sóc sức khỏe ban đầu [1]."
    [check] = check_statements(text, CITED)
    assert check.supported, check.reason


def test_wrong_number_is_flagged():
    text = "Đến năm 2030 dành ít nhất 15% kinh phí sự nghiệp y tế cho chăm sóc sức khỏe ban đầu [1]."
    [check] = check_statements(text, CITED)
    assert not check.supported
    assert check.reason == "con số 15% không có trong điều khoản được trích"


def test_wrong_year_is_flagged_even_when_words_match():
    [check] = check_statements("Đến năm 2035 dành ít nhất 10% kinh phí sự nghiệp y tế [1].", CITED)
    assert check.reason == "con số 2035 không có trong điều khoản được trích"


def test_date_and_document_number_match_other_spellings():
    text = "Chỉ thị 38-CT/TW được Ban Bí thư ban hành ngày 30/7/2024 [3]."
    [check] = check_statements(text, CITED)
    assert check.supported, check.reason


def test_label_numbers_may_be_named():
    [check] = check_statements("Theo mục 4, cần tăng cường đầu tư ngân sách nhà nước [1].", CITED)
    assert check.supported, check.reason


def test_marker_pointing_nowhere_is_flagged():
    [check] = check_statements("Tăng cường đầu tư ngân sách nhà nước [7].", CITED)
    assert not check.supported
    assert check.reason == "trích dẫn [7] không trỏ tới điều khoản nào"


def test_one_dangling_marker_among_good_ones_is_flagged():
    [check] = check_statements("Tăng cường đầu tư ngân sách nhà nước [1][7].", CITED)
    assert check.reason == "trích dẫn [7] không trỏ tới điều khoản nào"


def test_statement_without_marker_is_flagged():
    [check] = check_statements("Tăng cường đầu tư ngân sách nhà nước cho công tác dân số.", CITED)
    assert not check.supported
    assert check.reason == "không có trích dẫn"


def test_tone_mark_placement_and_case_do_not_matter():
    # the clause writes "sức khoẻ" (old style), the answer "SỨC KHỎE" and "hoá" vs the clause's "hóa"
    digital = clause("x/1", "Kế hoạch, mục 1", "Hiện đại hóa hồ sơ sức khoẻ điện tử.")
    text = "Hiện đại hoá HỒ SƠ SỨC KHỎE điện tử [1]."
    [check] = check_statements(text, {1: digital})
    assert check.supported, check.reason
    assert coverage(text, digital.text) == 1.0


def test_multiple_markers_pool_their_clauses():
    text = "Tăng cường đầu tư ngân sách nhà nước và đẩy mạnh chuyển đổi số hồ sơ sức khỏe điện tử [1][2]."
    [check] = check_statements(text, CITED)
    assert check.supported, check.reason
    assert check.markers == (1, 2)
    # either clause alone does not carry the whole statement
    assert not check_statements(text.replace("[1][2]", "[2]"), CITED)[0].supported


def test_content_from_another_clause_is_flagged():
    text = "Đẩy mạnh chuyển đổi số, ứng dụng công nghệ thông tin trong quản lý hồ sơ sức khỏe điện tử [1]."
    [check] = check_statements(text, CITED)
    assert not check.supported
    assert check.reason == "nội dung không khớp với điều khoản được trích"


@pytest.mark.parametrize(
    ("statement", "should_pass"),
    [
        ("Nhà nước cần tăng cường đầu tư ngân sách cho công tác dân số", True),
        ("Chỉ thị nêu rõ cần bảo đảm kinh phí sự nghiệp y tế cho chăm sóc sức khỏe ban đầu", True),
        ("Theo Chỉ thị, các cấp cần tăng cường đầu tư ngân sách nhà nước cho công tác dân số", True),
        (
            "Chỉ thị đặt mục tiêu đến năm 2030 dành tối thiểu 10% kinh phí sự nghiệp y tế cho chăm sóc sức khỏe ban đầu",
            True,
        ),
        ("Về tài chính, Nhà nước phải bảo đảm kinh phí y tế cho chăm sóc sức khỏe ban đầu", True),
        ("Ngân sách nhà nước được ưu tiên đầu tư cho y tế cơ sở và công tác dân số", True),
        ("Tăng cường đầu tư ngân sách nhà nước và xã hội hóa bệnh viện tư nhân", False),
        ("Tăng cường đầu tư ngân sách nhà nước cho giáo dục đại học và nghiên cứu khoa học", False),
        ("Dành kinh phí cho chăm sóc sức khỏe người cao tuổi tại nhà", False),
        ("Mỗi xã phải xây dựng bệnh viện hiện đại cho người dân", False),
    ],
)
def test_threshold_separates_paraphrase_from_invention(statement: str, should_pass: bool):
    # as check_statements does: the label may be named ("Chỉ thị")
    source = f"{FUNDING.label}\n{FUNDING.text}"
    assert (coverage(statement, source) >= MIN_COVERAGE) is should_pass


def test_lead_in_and_refusal_sentences_are_not_claims():
    text = "Các nhiệm vụ gồm:\n- Tăng cường đầu tư ngân sách nhà nước [1].\n" + REFUSAL
    checks = check_statements(text, CITED)
    assert [c.text for c in checks] == ["Tăng cường đầu tư ngân sách nhà nước."]
    assert checks[0].supported


def test_answer_from_llm_text_collects_citations_and_flags():
    passages = [Passage(FUNDING, 0.9), Passage(DIGITAL, 0.8), Passage(ISSUED, 0.7)]
    text = "Đẩy mạnh chuyển đổi số [2]. Dành ít nhất 15% kinh phí sự nghiệp y tế [1]. Việc khác [9]."
    answer = answer_from_llm_text("Chỉ thị yêu cầu gì?", text, passages)
    assert answer.mode == "llm"
    assert not answer.refused
    assert [(c.n, c.clause.id) for c in answer.citations] == [(1, "ct38/4"), (2, "kh-xa/II.2")]
    assert [c.supported for c in answer.checks] == [True, False, False]
    assert "[9]" in answer.notice
    assert "con số 15% không có trong điều khoản được trích" in answer.notice
    assert answer.passages == passages
    assert answer.to_json()["unsupported"][0]["markers"] == [1]


def test_answer_from_llm_text_refusal():
    passages = [Passage(FUNDING, 0.9)]
    answer = answer_from_llm_text("Lương cán bộ tăng bao nhiêu?", REFUSAL, passages)
    assert answer.refused
    assert answer.citations == [] and answer.checks == [] and answer.notice == ""


def test_clean_answer_has_no_notice():
    passages = [Passage(FUNDING, 0.9)]
    answer = answer_from_llm_text(
        "?", "Tăng cường đầu tư ngân sách nhà nước cho công tác dân số [1].", passages
    )
    assert answer.notice == "" and all(c.supported for c in answer.checks)
