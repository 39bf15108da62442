"""The reader on questions that ask several things, state a figure before they ask, or ask what is (not
what a text aims at): invented documents written here, no index, no gold question."""

from __future__ import annotations

import pytest
from reading import invented, knowing, passages_for, reading

from assistant.answer import facts, parts
from assistant.clauses import parse_clauses
from assistant.names import Catalog
from assistant.query import resolve_that, split_asks, understand
from assistant.schema import Answer, Citation, DocMeta, SourceDoc
from assistant.sources.reflow import reflow
from assistant.text.sentences import split_sentences

META = DocMeta(
    id="qc5", kind="Quyết định", number="5/QĐ-UBND", title="ban hành Quy chế hoạt động của Ban Chỉ đạo",
    issuer="Ủy ban nhân dân tỉnh Hòa Lâm", date="2025-03-14", level="tỉnh", short="Quyết định 5/QĐ-UBND",
    place="Hòa Lâm", signer="Đinh Văn Tâm (Chủ tịch)",
)  # fmt: skip
TEXT = (
    "QUYẾT ĐỊNH\nBan hành Quy chế hoạt động của Ban Chỉ đạo\n\n"
    "Điều 1. Nhiệm vụ của Ban Chỉ đạo\n"
    "1. Chỉ đạo áp dụng tiêu chuẩn; phấn đấu đến năm 2030 có ít nhất 60% doanh nghiệp áp dụng hệ thống "
    "quản lý tiên tiến.\n"
    "2. Xây dựng ít nhất một phòng thử nghiệm đạt chuẩn quốc tế.\n"
    "Điều 2. Chế độ họp\n"
    "1. Cuộc họp chỉ được tiến hành khi có ít nhất 2/3 tổng số thành viên tham dự.\n"
    "2. Trong thời hạn 05 ngày làm việc kể từ ngày họp, Văn phòng dự thảo Thông báo kết luận.\n"
    "Điều 3. Tổ giúp việc\n"
    "1. Tổ giúp việc gồm không quá 09 thành viên, do Phó Giám đốc Sở Khoa học và Công nghệ làm Tổ trưởng.\n"
    "2. Tổ giúp việc báo cáo kết quả về Sở Khoa học và Công nghệ trước ngày 15 tháng 6 hằng năm.\n"
    "Điều 4. Kết quả\n"
    "Về đo lường: Trung tâm được chỉ định kiểm định 14 loại phương tiện đo; năm 2024 đã kiểm định 41.265 "
    "phương tiện đo; 46 chợ đã bố trí điểm cân đối chứng.\n"
)


@pytest.fixture(scope="module")
def board():
    catalog, sentences = invented(META, TEXT)
    clauses = parse_clauses(SourceDoc(META, TEXT))
    return catalog, sentences, knowing(clauses, {"qc5": META})


def test_what_is_now_is_not_answered_with_a_target(board):
    catalog, sentences, _ = board
    now = understand(
        "Hiện nay bao nhiêu phần trăm doanh nghiệp của Quyết định 5/QĐ-UBND áp dụng hệ thống quản lý tiên tiến?",
        catalog,
    )
    assert now.current and facts.bound_fact("percent", now, sentences) is None  # 60% is an aim for 2030
    aim = understand(
        "Đến năm 2030 bao nhiêu phần trăm doanh nghiệp áp dụng hệ thống quản lý tiên tiến?", catalog
    )
    assert not aim.current and facts.bound_fact("percent", aim, sentences).value == "ít nhất 60%"
    labs = understand("Hiện có bao nhiêu phòng thử nghiệm đạt chuẩn quốc tế?", catalog)
    assert facts.bound_fact("count", labs, sentences) is None  # "Xây dựng ít nhất một …" is a task


def test_counts_written_with_thousands_a_share_or_the_asked_year(board):
    catalog, sentences, _ = board
    q = understand("Năm 2024 Trung tâm đã kiểm định bao nhiêu phương tiện đo?", catalog)
    assert facts.bound_fact("count", q, sentences).value.startswith("41.265 phương tiện đo")
    q = understand("Cuộc họp cần tối thiểu bao nhiêu thành viên tham dự?", catalog)
    assert facts.bound_fact("count", q, sentences).value.startswith("ít nhất 2/3 tổng số thành viên")


def test_how_long_is_answered_by_a_span_of_time(board):
    catalog, sentences, _ = board
    q = understand("Họp xong bao lâu thì có Thông báo kết luận?", catalog)
    assert "date" in q.fact_kinds
    assert facts.bound_fact("date", q, sentences).value == "Trong thời hạn 05 ngày làm việc"


def test_a_figure_stated_before_the_question_is_corrected_from_the_sentence_about_it(board):
    catalog, _, reader = board
    q = understand(
        "Quyết định 5/QĐ-UBND đặt mục tiêu 80% doanh nghiệp áp dụng hệ thống quản lý tiên tiến; vậy ai làm Tổ trưởng Tổ giúp việc?",
        catalog,
    )
    assert "percent" not in q.fact_kinds  # a percentage the question states is no ask
    answer = reader.answer(
        q, passages_for(reader, "doanh nghiệp hệ thống quản lý tiên tiến Tổ trưởng Tổ giúp việc")
    )
    assert answer.route == "premise" and "«ít nhất 60%», không phải 80%" in answer.text.splitlines()[0]
    counted = understand(
        "Tổ giúp việc của Quyết định 5/QĐ-UBND có tối đa 15 thành viên, vậy ai làm Tổ trưởng?", catalog
    )
    answer = reader.answer(counted, passages_for(reader, "Tổ giúp việc thành viên Tổ trưởng"))
    assert (
        "không quá 09 thành viên" in answer.text.splitlines()[0] and "không phải 15 thành viên" in answer.text
    )
    right = understand(
        "Tổ giúp việc của Quyết định 5/QĐ-UBND có tối đa 9 thành viên, vậy ai làm Tổ trưởng?", catalog
    )
    assert reader.answer(right, passages_for(reader, "Tổ giúp việc thành viên Tổ trưởng")).route != "premise"


def test_that_is_not_by_and_names_no_issuer(board):
    catalog, _, reader = board
    q = understand("Tôi đang đọc Quyết định 5/QĐ-UBND. Trong đó Văn phòng Ủy ban được giao việc gì?", catalog)
    answer = reader.answer(q, passages_for(reader, "Văn phòng dự thảo Thông báo kết luận"))
    assert answer.route != "premise" and "không phải" not in answer.text


def test_a_question_asking_two_things_is_split_where_each_part_asks():
    asks = split_asks("Tổ giúp việc do ai quyết định thành lập, và báo cáo kết quả về đâu?")
    assert asks == (
        "Tổ giúp việc do ai quyết định thành lập?",
        "Tổ giúp việc. Báo cáo kết quả về đâu?",
    )
    assert split_asks("Chỉ thị yêu cầu gì về tiêu chuẩn, đo lường, chất lượng?") == ()  # a list, not two asks
    assert split_asks("Ban Chỉ đạo họp mấy lần, vào tháng nào?") == ()  # a bare comma lists
    assert split_asks("Ai ký Kế hoạch 12 và ký với chức vụ gì?") == ()  # the second asks about the signature
    assert len(split_asks("Quyết định 12 do ai ký, và Chính phủ giao bộ nào chủ trì tổ chức thực hiện?")) == 2
    assert split_asks("Có kho dữ liệu nào để dân và doanh nghiệp tra cứu tiêu chuẩn không?") == ()
    assert len(split_asks("ke hoach cua xa giao ai chu tri, va bao cao ket qua ve dau?")) == 2


def test_each_ask_adds_what_the_whole_answer_does_not_cite(board):
    _, _, reader = board
    c1, c2 = reader.clauses[1], reader.clauses[2]
    whole = Answer("q", f"{c1.text} [1]", False, [Citation(1, c1)], route="sentences")
    again = Answer("q1", f"{c1.text} [1]", False, [Citation(1, c1)], route="fact")
    more = Answer("q2", f"{c2.text} [1]", False, [Citation(1, c2)], route="sentences")
    refused = Answer("q3", "Chưa tìm thấy …", True, route="refusal", reason="fact-unbound")
    merged = parts.merge(whole, [again, more, refused])
    assert [c.clause.id for c in merged.citations] == [c1.id, c2.id]
    assert merged.text == f"{c1.text} [1]\n\n{c2.text} [2]"
    # a whole answer refused for want of one sentence holding every fact asked: the asks, each answered, are
    # the answer; one ask refused keeps the refusal
    unbound = Answer("q", "Chưa tìm thấy …", True, route="refusal", reason="fact-unbound")
    assert not parts.merge(unbound, [again, more]).refused
    assert parts.merge(unbound, [again, refused]).refused
    absent = Answer("q", "Không nhắc đến …", True, route="refusal", reason="named-thing-absent")
    assert parts.merge(absent, [again, more]).refused


def test_a_level_word_does_not_take_the_question_from_the_document_its_context_names():
    plan = DocMeta(id="ctr7", kind="Chương trình", number="7-CTr/TU", title="về đo lường", issuer="Tỉnh ủy Hòa Lâm",
                   date="2024-09-26", level="tỉnh", short="Chương trình 7-CTr/TU", place="Hòa Lâm")  # fmt: skip
    district = DocMeta(id="kh3", kind="Kế hoạch", number="3-KH/HU", title="về đo lường", issuer="Huyện ủy Gia Phú",
                       date="2025-01-02", level="huyện", short="Kế hoạch 3-KH/HU", place="Gia Phú")  # fmt: skip
    docs = {
        "ctr7": SourceDoc(plan, "CHƯƠNG TRÌNH\n\nMột là, tuyên truyền.\n\nHai là, đầu tư cho các huyện.\n"),
        "kh3": SourceDoc(district, "KẾ HOẠCH\n\n1. Tuyên truyền.\n\n2. Đầu tư.\n"),
    }
    clauses = [c for d in docs.values() for c in parse_clauses(d)]
    catalog = Catalog.build({"ctr7": plan, "kh3": district}, clauses)
    q = understand(
        "Tôi đang đọc Chương trình 7-CTr/TU. Ý thứ hai của chương trình nói gì về cấp huyện?", catalog
    )
    assert q.doc_ids == ("ctr7",)


def test_a_line_ending_with_a_verb_waiting_for_its_object_goes_on():
    raw = (
        "Điều 3. Tổ giúp việc\n"
        "2. Tổ giúp việc gồm không quá 09 thành viên, do Phó Giám đốc Sở Khoa học và Công nghệ làm\n"
        "Tổ trưởng; Trưởng phòng Tiêu chuẩn Đo lường Chất lượng thuộc Sở Khoa học và Công nghệ làm\n"
        "Tổ phó thường trực.\n"
    )
    assert "làm Tổ trưởng; Trưởng phòng" in reflow(raw)


def test_what_a_document_rests_on_is_read_from_its_opening_lines():
    meta = DocMeta(id="qd8", kind="Quyết định", number="8/QĐ-UBND", title="ban hành Quy chế làm việc của Tổ công tác",
                   issuer="Ủy ban nhân dân huyện Gia Phú", date="2025-02-01", level="huyện", short="Quyết định 8/QĐ-UBND",
                   place="Gia Phú")  # fmt: skip
    text = (
        "QUYẾT ĐỊNH\nBan hành Quy chế làm việc của Tổ công tác\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;\n\n"
        "Căn cứ Kế hoạch số 40-KH/HU ngày 10/10/2024 của Ban Thường vụ Huyện ủy về đo lường;\n\n"
        "Theo đề nghị của Trưởng phòng Kinh tế tại Tờ trình số 3/TTr-KT ngày 20/01/2025.\n\n"
        "QUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Tổ công tác.\n"
    )
    catalog, reader = reading(meta, text)
    q = understand("Quyết định ban hành quy chế làm việc căn cứ vào những văn bản nào?", catalog)
    assert q.basis and q.doc_ids == ("qd8",)  # named by its kind and the first words of its title
    answer = reader.answer(q, passages_for(reader, "quy chế làm việc Tổ công tác"))
    assert (
        not answer.refused
        and "Luật Tổ chức chính quyền địa phương" in answer.text
        and "40-KH/HU" in answer.text
    )
    assert "Tờ trình" not in answer.text  # a proposal is no basis


def test_a_post_of_another_body_does_not_answer_who_holds_the_post_asked():
    meta = DocMeta(id="qd9", kind="Quyết định", number="9/QĐ-UBND", title="thành lập Ban Chỉ đạo", issuer="Ủy ban nhân dân huyện Gia Phú",
                   date="2025-02-01", level="huyện", short="Quyết định 9/QĐ-UBND", place="Gia Phú")  # fmt: skip
    text = (
        "QUYẾT ĐỊNH\nThành lập Ban Chỉ đạo\n\nĐiều 1. Thành lập Ban Chỉ đạo thực hiện Chỉ thị về tiêu chuẩn, đo lường, "
        "chất lượng quốc gia, gồm các ông (bà) có tên sau:\n"
        "1. Ông Bùi Văn Khải, Chủ tịch Ủy ban nhân dân xã Tam Phước – Thành viên;\n"
        "2. Bà Lê Thị Hoa, Phó Chủ tịch Ủy ban nhân dân huyện – Trưởng ban;\n"
    )
    catalog, sentences = invented(meta, text)
    other = understand("Ai đang giữ chức Chủ tịch Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia?", catalog)
    assert facts.bound_fact("person", other, sentences) is None
    own = understand("Ai là Chủ tịch Ủy ban nhân dân xã Tam Phước?", catalog)
    assert facts.bound_fact("person", own, sentences).value == "Bùi Văn Khải"
    # the board is named by the heading above the list
    head = understand("Ai là Trưởng ban Chỉ đạo?", catalog)
    assert facts.bound_fact("person", head, sentences).value == "Lê Thị Hoa"


def test_which_comrade_signed_asks_for_the_signer_and_the_kind_said_again_claims_an_issuer(board):
    catalog, _, _ = board
    q = understand("Quyết định 5/QĐ-UBND là quyết định của Sở Tài chính, vậy đồng chí nào ký?", catalog)
    assert "signer" in q.fact_kinds
    assert (
        "signer"
        not in understand("Quyết định 5/QĐ-UBND được ký ban hành tại đâu, ngày nào?", catalog).fact_kinds
    )
    clauses = parse_clauses(
        SourceDoc(META, "QUYẾT ĐỊNH\nBan hành Quy chế\n\nỦY BAN NHÂN DÂN\nTỈNH HÒA LÂM\n\n" + TEXT)
    )
    reader = knowing(clauses, {"qc5": META})
    answer = reader.answer(q, passages_for(reader, "Quyết định ký"))
    assert answer.route == "premise" and "không phải Sở Tài chính" in answer.text.splitlines()[0]


def test_a_summary_of_a_part_no_document_is_named_for_comes_from_the_best_passage(board):
    catalog, _, reader = board
    q = understand("Tóm tắt chế độ họp.", catalog)
    assert q.is_summary and not q.doc_ids
    answer = reader.answer(q, passages_for(reader, "chế độ họp cuộc họp thành viên"))
    assert (
        answer.route == "summary"
        and "2/3 tổng số thành viên" in answer.text
        and "05 ngày làm việc" in answer.text
    )


PLAN = DocMeta(
    id="kh87", kind="Kế hoạch", number="87/KH-UBND", title="thực hiện Quyết định số 1703/QĐ-TTg",
    issuer="Ủy ban nhân dân tỉnh Hòa Lâm", date="2025-03-14", level="tỉnh", short="Kế hoạch 87/KH-UBND",
    place="Hòa Lâm",
)  # fmt: skip
PLAN_TEXT = (
    "KẾ HOẠCH\nThực hiện Quyết định số 1703/QĐ-TTg\n\n"
    "I. TỔ CHỨC THỰC HIỆN\n"
    "1. Sở Khoa học và Công nghệ là cơ quan thường trực; tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước "
    "ngày 20/12 hằng năm.\n"
    "2. Các sở, ban, ngành báo cáo kết quả gửi Sở Khoa học và Công nghệ trước ngày 15/12 hằng năm.\n"
    "3. Các huyện ủy quán triệt Kế hoạch, xây dựng kế hoạch thực hiện, hoàn thành trước ngày 31/8/2025; định kỳ "
    "báo cáo về Ủy ban nhân dân tỉnh trước ngày 30/11.\n"
    "PHỤ LỤC\n"
    "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
    "1 | Xây dựng cơ sở dữ liệu tiêu chuẩn | Sở Khoa học và Công nghệ | Sở Công Thương; Sở Y tế | Năm 2026\n"
    "2 | Truy xuất nguồn gốc sản phẩm OCOP | Sở Nông nghiệp và Môi trường | Sở Công Thương | Quý IV/2026\n"
    "3 | Kiểm tra đo lường xăng dầu | Sở Công Thương | Sở Khoa học và Công nghệ | Hằng năm\n"
    "4 | Đào tạo nghiệp vụ | Sở Khoa học và Công nghệ | Sở Nội vụ | Năm 2027\n"
)


@pytest.fixture(scope="module")
def tasks():
    return reading(PLAN, PLAN_TEXT)


def test_a_question_over_a_table_gets_every_row_that_holds_what_it_names(tasks):
    catalog, reader = tasks
    partner = understand(
        "Sở Công Thương là cơ quan phối hợp trong những nhiệm vụ nào của Kế hoạch 87?", catalog
    )
    answer = reader.answer(partner, passages_for(reader, "Sở Công Thương phối hợp nhiệm vụ"))
    assert answer.route == "list" and "có 2 nhiệm vụ" in answer.text  # rows 1 and 2, not row 3 it leads
    assert "cơ sở dữ liệu" in answer.text and "OCOP" in answer.text and "xăng dầu" not in answer.text
    due = understand("Những nhiệm vụ nào của Kế hoạch 87 phải hoàn thành trong năm 2026?", catalog)
    answer = reader.answer(due, passages_for(reader, "nhiệm vụ hoàn thành năm 2026"))
    assert "có 2 nhiệm vụ" in answer.text and "Quý IV/2026" in answer.text and "2027" not in answer.text
    quarter = understand("Những nhiệm vụ nào của Kế hoạch 87 hạn Quý IV/2026?", catalog)
    only = reader.answer(quarter, passages_for(reader, "nhiệm vụ Quý IV/2026"))
    assert only.route == "list" and only.text.startswith("Nhiệm vụ: Truy xuất nguồn gốc sản phẩm OCOP")
    yearly = understand("Kế hoạch 87 có những nhiệm vụ nào làm hằng năm?", catalog)
    assert "xăng dầu" in reader.answer(yearly, passages_for(reader, "nhiệm vụ hằng năm")).text


def test_a_day_stated_before_the_question_is_corrected_and_a_verb_led_part_keeps_the_subject(tasks):
    catalog, reader = tasks
    q = understand(
        "Sở Khoa học và Công nghệ báo cáo Ủy ban nhân dân tỉnh trước ngày 31/12 hằng năm, vậy các sở gửi báo cáo "
        "trước ngày nào?",
        catalog,
    )
    answer = reader.answer(q, passages_for(reader, "báo cáo trước ngày hằng năm sở"))
    assert answer.route == "premise" and "«20/12», không phải ngày 31/12" in answer.text.splitlines()[0]
    # "…; xây dựng kế hoạch thực hiện, hoàn thành trước ngày 31/8/2025; …": the huyện ủy's deadline
    own = understand("Huyện ủy bên mình phải xong kế hoạch thực hiện trước ngày nào?", catalog)
    fact = facts.bound_fact("date", own, [(s, 0) for c in reader.clauses for s in split_sentences(c)])
    assert fact is not None and fact.value == "ngày 31/8/2025"


def test_that_document_is_the_one_the_sentence_before_names_by_number():
    assert resolve_that(
        "Nghị quyết đó do cơ quan nào ban hành?", "Chỉ thị viện dẫn Nghị quyết 08-NQ/TW."
    ) == ("Nghị quyết 08-NQ/TW do cơ quan nào ban hành?")
    two = "Chỉ thị dẫn Nghị quyết 08-NQ/TW và Nghị quyết 12-NQ/TU."
    assert (
        resolve_that("Nghị quyết đó ban hành ngày nào?", two) == "Nghị quyết đó ban hành ngày nào?"
    )  # which?


def test_how_many_items_a_sentence_enumerates_and_a_classifier_count():
    meta = DocMeta(id="kl4", kind="Kết luận", number="4-KL/TU", title="về Chỉ thị 38", issuer="Tỉnh ủy Hòa Lâm",
                   date="2025-07-28", level="tỉnh", short="Kết luận 4-KL/TU", place="Hòa Lâm")  # fmt: skip
    text = (
        "KẾT LUẬN\n\n1. Năm qua đã kiểm định 28.640 phương tiện đo nhóm 2, tăng 12,4% so với cùng kỳ.\n"
        "2. Việc thực hiện Chỉ thị 38 còn một số hạn chế: (1) nhận thức chưa đầy đủ; (2) nguồn lực còn thiếu. "
        "(3) đội ngũ cán bộ còn mỏng.\n"
    )
    catalog, sentences = invented(meta, text)
    limits = understand("Kết luận 4-KL/TU nêu mấy hạn chế?", catalog)
    assert facts.bound_fact("count", limits, sentences).value == "3 hạn chế"  # not "38 còn một số hạn"
    pieces = understand("Năm qua kiểm định phương tiện đo được bao nhiêu chiếc?", catalog)
    assert facts.bound_fact("count", pieces, sentences).value.startswith("28.640 phương tiện đo")


def test_a_target_year_stated_before_the_question_is_corrected_unless_the_text_sets_it_too():
    meta = DocMeta(id="ctr9", kind="Chương trình", number="9-CTr/TU", title="về đo lường", issuer="Tỉnh ủy Hòa Lâm",
                   date="2024-09-26", level="tỉnh", short="Chương trình 9-CTr/TU", place="Hòa Lâm")  # fmt: skip
    text = (
        "CHƯƠNG TRÌNH\n\n1. Tỉnh đề ra mục tiêu đến năm 2030 đưa nội dung đào tạo về đo lường vào các trường cao "
        "đẳng nghề.\n2. Đến năm 2027 có ít nhất 450 doanh nghiệp áp dụng ISO; đến năm 2030 có ít nhất 600 doanh "
        "nghiệp.\n"
    )
    catalog, reader = reading(meta, text)
    wrong = understand(
        "Chương trình 9 đặt mục tiêu đến năm 2025 đưa đào tạo đo lường vào trường, cụ thể trường nào?",
        catalog,
    )
    answer = reader.answer(wrong, passages_for(reader, "mục tiêu đào tạo đo lường trường"))
    assert (
        answer.route == "premise" and "«đến năm 2030», không phải đến năm 2025" in answer.text.splitlines()[0]
    )
    right = understand(
        "Chương trình 9 đặt mục tiêu đến năm 2027 có 450 doanh nghiệp áp dụng ISO, cụ thể là gì?", catalog
    )
    assert reader.answer(right, passages_for(reader, "doanh nghiệp áp dụng ISO")).route != "premise"


SCHEME = DocMeta(
    id="da6", kind="Quyết định", number="6/QĐ-UBND", title="phê duyệt Đề án đo lường", issuer="Ủy ban nhân dân tỉnh Hòa Lâm",
    date="2025-04-21", level="tỉnh", short="Quyết định 6/QĐ-UBND", place="Hòa Lâm",
)  # fmt: skip
SCHEME_TEXT = (
    "QUYẾT ĐỊNH\nPhê duyệt Đề án đo lường\n\n"
    "I. THỰC TRẠNG\n1. Thực trạng phòng thử nghiệm\nCó 06 phòng thử nghiệm được công nhận, chủ yếu về vật liệu xây dựng.\n"
    "II. MỤC TIÊU\n"
    "a) Đến năm 2027:\n- Giảm tỷ lệ mẫu gửi ra ngoài tỉnh xuống dưới 30%;\n"
    "b) Đến năm 2030:\n- Giảm tỷ lệ mẫu gửi ra ngoài tỉnh xuống dưới 15%;\n"
    "III. KINH PHÍ\n"
    "1. Tổng kinh phí thực hiện Đề án dự kiến là 58.800 triệu đồng, trong đó ngân sách tỉnh 47.050 triệu đồng, được "
    "phân bổ như sau:\n"
    "TT | Nội dung | Tổng kinh phí (triệu đồng) | Ngân sách tỉnh | Giai đoạn\n"
    "1 | Đầu tư trang thiết bị thử nghiệm | 28.600 | 28.600 | 2025–2028\n"
    "2 | Chuyển đổi số, cơ sở dữ liệu đo lường | 3.200 | 3.200 | 2026–2028\n"
    "| Tổng cộng | 31.800 | 31.800 |\n"
)


@pytest.fixture(scope="module")
def scheme():
    return reading(SCHEME, SCHEME_TEXT)


def test_a_budget_table_is_read_with_its_units_its_intro_and_its_largest_row(scheme):
    catalog, reader = scheme
    total = understand("Tổng kinh phí thực hiện Đề án là bao nhiêu?", catalog)
    rows = [p for p in passages_for(reader, "kinh phí ngân sách tỉnh") if p.clause.text.count("|") >= 3]
    answer = reader.answer(total, rows)  # only the rows were retrieved: the sentence introducing them answers
    assert answer.route == "fact" and answer.text.startswith("58.800 triệu đồng")
    row = understand("Ngân sách tỉnh chi bao nhiêu cho chuyển đổi số, cơ sở dữ liệu đo lường?", catalog)
    assert reader.answer(row, rows).text.startswith("3.200 triệu đồng")
    most = understand("Trong bảng kinh phí, nội dung nào tốn nhiều tiền nhất?", catalog)
    answer = reader.answer(most, rows)
    assert (
        answer.route == "list"
        and "Đầu tư trang thiết bị thử nghiệm" in answer.text
        and "Tổng cộng" not in answer.text
    )


def test_an_item_under_a_year_heading_is_that_years_and_an_aim_is_not_answered_by_what_is(scheme):
    catalog, reader = scheme
    sentences = [(s, 0) for c in reader.clauses for s in split_sentences(c)]
    q = understand("Đến năm 2027 tỷ lệ mẫu gửi ra ngoài tỉnh phải giảm xuống bao nhiêu phần trăm?", catalog)
    assert facts.bound_fact("percent", q, sentences).value == "dưới 30%"  # not 2030's "dưới 15%"
    aim = understand("Đến năm 2030 mục tiêu có bao nhiêu phòng thử nghiệm được công nhận?", catalog)
    assert aim.target and facts.bound_fact("count", aim, sentences) is None  # "Có 06 …" is the present state


def test_a_cited_documents_date_asked_by_what_it_is_about_comes_from_that_citation():
    meta = DocMeta(id="ct7", kind="Chỉ thị", number="7-CT/TW", title="về đo lường", issuer="Ban Bí thư",
                   date="2024-07-30", level="Trung ương", short="Chỉ thị 7-CT/TW")  # fmt: skip
    text = (
        "CHỈ THỊ\n\n1. Xây dựng trung tâm kiểm định ở mỗi vùng theo Nghị quyết của Bộ Chính trị về phát triển các "
        "vùng kinh tế trọng điểm. Đầu tư cho quốc phòng theo Nghị quyết số 08-NQ/TW, ngày 26/01/2022 của Bộ Chính "
        'trị về "phát triển công nghiệp quốc phòng".\n'
    )
    catalog, sentences = invented(meta, text)
    regions = understand(
        "Nghị quyết về phát triển các vùng kinh tế trọng điểm mà Chỉ thị 7 viện dẫn ban hành ngày nào?",
        catalog,
    )
    assert facts.bound_fact("date", regions, sentences) is None  # 26/01/2022 is the defence resolution's
    defence = understand(
        "Nghị quyết về phát triển công nghiệp quốc phòng mà Chỉ thị 7 viện dẫn ban hành ngày nào?", catalog
    )
    assert facts.bound_fact("date", defence, sentences).value == "ngày 26/01/2022"


def test_a_later_ask_of_six_words_is_split_off_but_not_a_question_about_the_signature():
    assert (
        len(
            split_asks(
                "Người ký Công văn 59 ký với danh nghĩa gì, và công văn đó được ban hành để thực hiện văn bản nào?"
            )
        )
        == 2
    )
    assert split_asks("Ai ký Kế hoạch 12 và ký với chức vụ gì?") == ()


def test_a_count_of_a_subset_is_read_where_the_subset_is_written():
    meta = DocMeta(id="kl5", kind="Kết luận", number="5-KL/TU", title="về đo lường", issuer="Tỉnh ủy Hòa Lâm",
                   date="2025-07-28", level="tỉnh", short="Kết luận 5-KL/TU", place="Hòa Lâm")  # fmt: skip
    text = (
        "KẾT LUẬN\n\n1. Năm qua đã kiểm định 28.640 phương tiện đo; kiểm tra đo lường tại 64 cửa hàng xăng dầu.\n"
        "4. Các đoàn kiểm tra đã xử lý 173 cơ sở vi phạm, phạt 1,86 tỷ đồng.\n"
        "2. Đến năm 2030 kiểm định ít nhất 55.000 phương tiện đo mỗi năm.\n"
        "3. Cuộc họp chỉ được tiến hành khi có ít nhất 2/3 tổng số thành viên tham dự.\n"
    )
    catalog, sentences = invented(meta, text)
    failing = understand(
        "Trong 28.640 phương tiện đo được kiểm định, bao nhiêu phương tiện không đạt yêu cầu?", catalog
    )
    assert facts.bound_fact("count", failing, sentences) is None  # no failing count is written
    among = understand("Trong 173 cơ sở vi phạm bị xử lý có bao nhiêu cửa hàng xăng dầu?", catalog)
    # the 64 stores were checked, not among the 173
    assert facts.bound_fact("count", among, sentences) is None
    # … but a set no sentence writes may be a premise to correct: the count is read as usual
    twenty = understand("Trong 20 cơ sở được kiểm tra có bao nhiêu cửa hàng xăng dầu?", catalog)
    assert facts.bound_fact("count", twenty, sentences).value == "64 cửa hàng xăng dầu"
    total = understand("Cuộc họp có tổng cộng bao nhiêu thành viên?", catalog)
    assert facts.bound_fact("count", total, sentences) is None  # a quorum's share is no total
    quorum = understand("Cuộc họp cần tối thiểu bao nhiêu thành viên tham dự?", catalog)
    assert facts.bound_fact("count", quorum, sentences).value.startswith("ít nhất 2/3 tổng số thành viên")
