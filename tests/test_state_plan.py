"""A People's Committee plan as a PDF or text export delivers it (tests/data/kh-ubnd-dong-lam.txt, invented):
the two header columns flattened onto shared lines, hard-wrapped paragraphs, the agency a paragraph is about
named only in its heading, a signature block with the post. Read through the upload path (extract_text,
guess_meta, parse_clauses); no index, no gold question."""

from __future__ import annotations

from pathlib import Path

import pytest
from uploads import read_upload

from assistant.answer import Reader, facts, premises
from assistant.answer.reader import score_sentences
from assistant.clauses import parse_clauses
from assistant.names import Catalog
from assistant.query import expand_abbreviations, understand
from assistant.schema import DocMeta, Passage, SourceDoc
from assistant.sources.meta import guess_meta
from assistant.sources.reflow import split_columns
from assistant.text import normalize
from assistant.text.sentences import split_sentences

PLAN = Path(__file__).parent / "data" / "kh-ubnd-dong-lam.txt"


@pytest.fixture(scope="module")
def plan():
    meta, _, clauses = read_upload(PLAN)
    metas = {meta.id: meta}
    return meta, clauses, Catalog.build(metas, clauses), Reader(clauses, metas, {})


def by_id(clauses, suffix: str):
    return next(c for c in clauses if c.id.split("/", 1)[1] == suffix)


def ranked(clauses, *ids: str) -> list[Passage]:
    """The given clauses first, in that order, then the rest: stands in for retrieval, not under test."""
    first = [by_id(clauses, i) for i in ids]
    rest = [c for c in clauses if c not in first]
    return [Passage(c, 1.0 / (i + 1)) for i, c in enumerate(first + rest)]


def test_two_header_columns_on_shared_lines_become_the_left_column_then_the_right():
    raw = PLAN.read_text(encoding="utf-8").splitlines()
    head = [x for x in split_columns(raw)[:6]]
    assert head == [
        "ỦY BAN NHÂN DÂN", "HUYỆN ĐÔNG LÂM", "Số: 41/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đông Lâm, ngày 09 tháng 5 năm 2025",
    ]  # fmt: skip
    # single spaces, as some PDF extractors leave them: split at the motto and at the place-date line
    squeezed = [" ".join(x.split()) for x in raw]
    assert split_columns(squeezed)[:6] == head
    body = ["KẾ HOẠCH", "Thực hiện công tác …", "I. NHIỆM VỤ"]
    assert split_columns(body) == body  # no columns: left as it came


def test_the_header_parts_and_the_catalog_entry_come_from_the_columns(plan):
    meta, clauses, _, _ = plan
    parts = {c.id.split("/", 1)[1]: c.text for c in clauses if c.kind == "header"}
    assert parts["co-quan"].split() == ["ỦY", "BAN", "NHÂN", "DÂN", "HUYỆN", "ĐÔNG", "LÂM"]
    assert parts["so-hieu"] == "Số: 41/KH-UBND" and parts["ngay"].startswith("Đông Lâm, ngày 09 tháng 5")
    # the capitalised subject under "KẾ HOẠCH" is the title, not the first paragraph of the body
    assert "giai đoạn 2025 - 2030" in parts["tieu-de"]
    assert meta.title.startswith("Thực hiện công tác") and meta.title.endswith("giai đoạn 2025 - 2030")
    assert (meta.issuer, meta.number, meta.date, meta.place) == (
        "Ủy ban nhân dân huyện Đông Lâm", "41/KH-UBND", "2025-05-09", "Đông Lâm",
    )  # fmt: skip
    assert meta.signer == "Lê Thị Thu Hà (KT. Chủ tịch, Phó Chủ tịch)"  # the post the signature block writes


def test_hard_wrapped_paragraphs_are_joined_and_headings_kept_apart(plan):
    _, clauses, _, _ = plan
    duty = by_id(clauses, "II.1/p1")
    assert "trước ngày 10 tháng 12 hằng năm" in duty.text  # the break before a number is inside a sentence
    assert by_id(clauses, "I.2").text == "Kiểm tra đo lường trong kinh doanh xăng dầu"  # a heading, alone
    assert by_id(clauses, "I.2/p1").text.startswith("Kiểm tra định kỳ các cửa hàng xăng dầu")


def test_a_paragraph_is_read_with_the_heading_that_names_its_agency(plan):
    _, clauses, catalog, reader = plan
    q = understand("Phòng Tài chính - Kế hoạch huyện Đông Lâm có nhiệm vụ gì?", catalog)
    # the plan's lead-in and another agency's paragraph come first; the finance office's own paragraph third
    answer = reader.answer(q, ranked(clauses, "II.1/p1", "p2", "II.2/p1"))
    assert not answer.refused
    assert answer.text.startswith("Phòng Tài chính - Kế hoạch: Tham mưu bố trí kinh phí thực hiện Kế hoạch")


def test_a_lead_in_announcing_what_follows_is_not_the_answer(plan):
    _, clauses, catalog, reader = plan
    q = understand("Ủy ban nhân dân huyện Đông Lâm ban hành kế hoạch để thực hiện những gì?", catalog)
    answer = reader.answer(q, ranked(clauses, "p2", "I.1/p1"))
    assert "như sau:" not in answer.text.splitlines()[0]


def test_a_day_of_every_year_answers_a_date_question(plan):
    _, clauses, catalog, reader = plan
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    q = understand("Phòng Kinh tế và Hạ tầng phải tổng hợp kết quả trước ngày nào hằng năm?", catalog)
    fact = facts.bound_fact("date", q, sentences)
    assert fact is not None and fact.value == "ngày 10 tháng 12"
    q = understand("Ngày Đo lường Việt Nam là ngày nào?", catalog)
    fact = facts.bound_fact("date", q, sentences)
    assert fact is not None and fact.value == "20/1"
    assert not facts.FACT_RX["date"].search("Số: 41/KH-UBND")  # a document number is not a day


def test_an_issuer_stated_with_do_is_corrected_even_when_the_plan_cites_that_body():
    meta = DocMeta(
        id="kh5", kind="Kế hoạch", number="5-KH/TU", title="thực hiện Nghị quyết của Bộ Chính trị",
        issuer="Ban Thường vụ Tỉnh ủy Hòa Bình", date="2025-01-02", level="tỉnh", short="Kế hoạch 5-KH/TU",
        implements=("Nghị quyết của Bộ Chính trị về phát triển vùng",), place="Hòa Bình",
    )  # fmt: skip
    clauses = parse_clauses(SourceDoc(meta, "KẾ HOẠCH\n\n1. Quán triệt Nghị quyết của Bộ Chính trị.\n"))
    catalog, reader = Catalog.build({"kh5": meta}, clauses), Reader(clauses, {"kh5": meta}, {})
    wrong = understand("Kế hoạch 5-KH/TU do Bộ Chính trị ban hành nhằm gì?", catalog)
    assert [c.kind for c in premises.check(wrong, reader.sheets)] == ["issuer"]
    # "của Bộ Chính trị" may name the cited resolution's author: not a claim about the plan's issuer
    cited = understand("Kế hoạch 5-KH/TU thực hiện nghị quyết của Bộ Chính trị về vấn đề gì?", catalog)
    assert premises.check(cited, reader.sheets) == []


def test_a_question_word_after_nhac_den_is_not_a_topic(plan):
    _, _, catalog, _ = plan
    q = understand("Ngày Đo lường Việt Nam được kế hoạch nhắc đến thế nào?", catalog)
    assert not [n for n in q.named if n.kind == "topic"]


def test_an_abbreviated_agency_name_is_written_as_a_name():
    assert expand_abbreviations("Sở KH&CN làm gì?") == "Sở Khoa học và Công nghệ làm gì?"
    assert expand_abbreviations("ứng dụng KHCN") == "ứng dụng khoa học và công nghệ"  # not after an agency
    assert normalize.contains(expand_abbreviations("Bộ KHCN"), "Bộ Khoa học và Công nghệ")


def test_the_body_a_question_names_lifts_the_sentences_that_hold_it():
    meta = DocMeta(
        id="kh7", kind="Kế hoạch", number="7/KH-UBND", title="t", issuer="Ủy ban nhân dân tỉnh Nam Sơn",
        date="2025-01-02", level="tỉnh", short="Kế hoạch 7/KH-UBND", place="Nam Sơn",
    )  # fmt: skip
    text = (
        "KẾ HOẠCH\n\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính\nCó nhiệm vụ bố trí kinh phí thực hiện.\n"
        "2. Sở Công Thương\nChủ trì kiểm tra chất lượng xăng dầu.\n3. Sở Y tế\nPhối hợp thực hiện.\n"
    )
    clauses = parse_clauses(SourceDoc(meta, text))
    catalog = Catalog.build({"kh7": meta}, clauses)
    q = understand("Sở Công Thương tỉnh Nam Sơn có nhiệm vụ gì?", catalog)
    paragraphs = {c.path[1]: c for c in clauses if c.path[-1] == "p1"}
    order = [paragraphs["2"], paragraphs["1"], paragraphs["3"]]
    # "nhiệm vụ" is the finance office's word; the trade office is the one named, and retrieved first
    best = score_sentences(q, [Passage(c, 1.0) for c in order], None, None, {})[0]
    assert best.sentence.clause is paragraphs["2"]


def test_a_fact_from_a_sentence_far_less_about_the_focus_than_another_is_not_asserted(plan):
    _, clauses, catalog, _ = plan
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    # the sentence on the council and the policy has no date; "năm 2027" is about extending the support
    q = understand(
        "Hội đồng nhân dân huyện Đông Lâm thông qua chính sách hỗ trợ hộ kinh doanh vào ngày nào?", catalog
    )
    assert facts.bound_fact("date", q, sentences) is None
    q = understand("Hỗ trợ hộ kinh doanh được mở rộng cho các chợ đến năm nào?", catalog)
    fact = facts.bound_fact("date", q, sentences)
    assert fact is not None and fact.value == "năm 2027"


def test_issuer_and_signer_premises_of_a_committee_plan_are_corrected(plan):
    meta, _, catalog, reader = plan
    q = understand("Kế hoạch 41/KH-UBND do Huyện ủy Đông Lâm ban hành nhằm gì?", catalog)
    assert [c.kind for c in premises.check(q, reader.sheets)] == ["issuer"]  # "Huyện ủy" is not "UBND huyện"
    q = understand(
        "Kế hoạch 41/KH-UBND do Chủ tịch UBND huyện Đông Lâm Nguyễn Văn Tùng ký ngày nào?", catalog
    )
    assert "Nguyễn Văn Tùng" not in [n.text for n in q.named if n.kind == "organization"][0]
    corrections = premises.check(q, reader.sheets)
    assert [c.kind for c in corrections] == ["signer"] and "Lê Thị Thu Hà" in corrections[0].text


def test_bodies_and_places_no_document_names_are_refused_by_name(plan):
    _, clauses, catalog, reader = plan
    for question, name in (
        ("Công an huyện Đông Lâm có trách nhiệm gì trong kế hoạch?", "Công an huyện Đông Lâm"),
        ("Đông Lâm xuất khẩu bao nhiêu sản phẩm sang châu Âu?", "châu Âu"),
    ):
        q = understand(question, catalog)
        assert [n.text for n in q.unknown_names] == [name]
        answer = reader.answer(q, ranked(clauses, "I.2/p1"))
        assert answer.refused and answer.reason == "named-thing-absent" and name in answer.text
    assert not understand("châu chấu có được nhắc đến không?", catalog).unknown_names  # not "châu" + a name


def test_an_unnumbered_document_of_another_kind_is_not_answered_with_the_plans_own_header(plan):
    _, clauses, catalog, reader = plan
    q = understand("Tờ trình của Phòng Kinh tế về Kế hoạch 41/KH-UBND có số hiệu là gì?", catalog)
    answer = reader.answer(q, ranked(clauses, "so-hieu", "p1"))
    assert answer.route == "fact" and answer.text.startswith("15/TTr-KTHT")


def test_a_rule_or_a_section_right_under_the_kind_is_no_title():
    head = "ĐẢNG ỦY XÃ AN PHÚ\nSố 3-KH/ĐU\nAn Phú, ngày 2 tháng 3 năm 2025\n\nKẾ HOẠCH\n"
    for after in ("-----\nI. MỤC ĐÍCH, YÊU CẦU\n", "I. MỤC ĐÍCH, YÊU CẦU\n"):
        title = guess_meta(head + after + "1. Mục đích\nNâng cao nhận thức.\n", "a.txt", set()).title
        assert "MỤC ĐÍCH" not in title and "---" not in title, title
