"""A decision with its plan attached after the signature, as a People's Committee issues one
(tests/data/qd-ubnd-xuan-phong.txt, invented): the footer's Nơi nhận and signature in two columns, a second
header above the attached plan, "(Ban hành kèm theo …)", an appendix table, the plan's closing formula. Read
through the upload path (extract_text, guess_meta, parse_clauses); no index, no gold question."""

from __future__ import annotations

from pathlib import Path

import pytest
from uploads import read_upload

from assistant.answer import Reader, facts, premises
from assistant.clauses import parse_clauses
from assistant.names import Catalog
from assistant.query import expand_initials, understand
from assistant.schema import DocMeta, Passage, SourceDoc
from assistant.sources.reflow import reflow_lines, split_columns
from assistant.text.sentences import split_sentences

DECISION = Path(__file__).parent / "data" / "qd-ubnd-xuan-phong.txt"


@pytest.fixture(scope="module")
def decision():
    meta, _, clauses = read_upload(DECISION)
    return meta, {c.id.split("/", 1)[1]: c for c in clauses}, Catalog.build({meta.id: meta}, clauses)


def test_the_footer_columns_become_the_recipients_then_the_signature():
    raw = [
        "Nơi nhận:                          TM. ỦY BAN NHÂN DÂN",
        "- Như Điều 3;                              CHỦ TỊCH",
        "- Sở Tài chính;",
        "- Lưu: VT.                            Hà Văn Minh",
    ]
    assert split_columns(raw, head=False) == [
        "Nơi nhận:", "- Như Điều 3;", "- Sở Tài chính;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
        "Hà Văn Minh",
    ]  # fmt: skip
    # a recipient wrapped onto a second line stays in the list, and the name further down is still beside it
    wrapped = [
        "Nơi nhận:                                 CHỦ TỊCH",
        "- Cục Kiểm tra văn bản và Quản lý xử lý vi phạm",
        "hành chính - Bộ Tư pháp;",
        "- Thường trực Tỉnh ủy;                    Phạm Đức Lâm",
    ]
    assert split_columns(wrapped, head=False) == [
        "Nơi nhận:", "- Cục Kiểm tra văn bản và Quản lý xử lý vi phạm", "hành chính - Bộ Tư pháp;",
        "- Thường trực Tỉnh ủy;", "CHỦ TỊCH", "Phạm Đức Lâm",
    ]  # fmt: skip
    one_column = ["Nơi nhận:", "- Như Điều 3;", "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Hà Văn Minh"]
    assert split_columns(one_column, head=False) == one_column


def test_the_signature_is_the_signers_and_the_attached_plan_starts_its_own_part(decision):
    meta, parts, _ = decision
    assert meta.signer == "Đặng Văn Quý (KT. Chủ tịch, Phó Chủ tịch)"
    assert parts["chu-ky"].text.split("\n\n") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đặng Văn Quý"]
    assert parts["noi-nhan"].text.startswith("Nơi nhận:") and "CHỦ TỊCH" not in parts["noi-nhan"].text
    head = parts["kem-theo"]
    assert head.text.startswith("KẾ HOẠCH") and head.text.rstrip().endswith("huyện Xuân Phong)")
    assert "CỘNG HÒA" not in head.text  # the repeated body name and motto are not the plan's title
    # the plan's points are labelled as the attached plan's, not as the decision's
    assert parts["II.1/p1"].label == "Quyết định 318/QĐ-UBND, Kế hoạch kèm theo, mục II.1, đoạn 1"
    assert parts["Đ2"].label == "Quyết định 318/QĐ-UBND, Điều 2"
    assert parts["ket"].text.startswith("Trong quá trình thực hiện")  # the closing formula, not point II.2


def test_an_appendix_table_keeps_one_row_per_clause(decision):
    _, parts, _ = decision
    rows = [c for c in parts.values() if c.label.startswith("Quyết định 318/QĐ-UBND, Phụ lục, đoạn")]
    assert [r.text.split(" | ")[0] for r in rows] == ["STT", "1", "2"]
    assert rows[1].text.endswith("| Quý II/2025")
    # rows run to the end of their line, even in hard-wrapped text
    paragraphs, _ = reflow_lines(
        ["Rà soát sản phẩm của", "huyện và tỉnh.", "1 | Rà soát | Phòng | 2025", "2 | X | Y | Z"]
    )
    assert paragraphs == [
        "Rà soát sản phẩm của huyện và tỉnh.",
        "1 | Rà soát | Phòng | 2025",
        "2 | X | Y | Z",
    ]


def test_deadlines_as_plans_write_them_are_dates():
    found = [m.group(0) for m in facts.FACT_RX["date"].finditer(
        "Quý II/2025; 2025 - 2026; có hiệu lực kể từ ngày ký; trước ngày 30 tháng 4 năm 2025"
    )]  # fmt: skip
    assert found == ["Quý II/2025", "2025 - 2026", "kể từ ngày ký", "ngày 30 tháng 4 năm 2025"]


def test_the_date_is_read_from_the_part_of_the_sentence_about_the_focus(decision):
    _, parts, catalog = decision
    sentences = [(s, 0) for c in parts.values() if c.kind == "body" for s in split_sentences(c)]
    q = understand(
        "Các xã, thị trấn báo cáo kết quả về Phòng Kinh tế và Hạ tầng trước ngày nào hằng năm?", catalog
    )
    fact = facts.bound_fact("date", q, sentences)
    assert (
        fact is not None and fact.value == "ngày 30 tháng 11"
    )  # not the plan's deadline in the same sentence
    # the office named only in the heading above its paragraph
    q = understand("Phòng Kinh tế và Hạ tầng theo dõi việc thực hiện, báo cáo trước ngày nào?", catalog)
    fact = facts.bound_fact("date", q, sentences)
    assert fact is not None and fact.value == "ngày 10 tháng 12"


def test_a_class_asked_with_may_is_read_with_its_noun(decision):
    _, parts, catalog = decision
    q = understand("Xuân Phong phấn đấu thành huyện nông thôn mới nâng cao hạng mấy?", catalog)
    assert q.fact_kinds == ("rank",)
    sentences = [(s, 0) for s in split_sentences(parts["I/p1"])]
    fact = facts.bound_fact("rank", q, sentences)
    assert fact is not None and fact.value == "hạng 1"


def test_accents_decide_a_question_word_that_folds_like_another(decision):
    _, _, catalog = decision
    assert "date" not in understand("Những sản phẩm chủ lực nào của huyện được hỗ trợ?", catalog).fact_kinds
    assert "date" in understand("Huyện rà soát sản phẩm lúc nào?", catalog).fact_kinds


def test_a_kind_the_documents_title_names_is_that_document(decision):
    _, _, catalog = decision
    q = understand("Ai ký Quyết định ban hành Kế hoạch nâng cao năng suất của huyện Xuân Phong?", catalog)
    assert q.header_part == "chu-ky"


REPORT = """UBND TỈNH HÒA SƠN                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ CÔNG THƯƠNG                          Độc lập - Tự do - Hạnh phúc

Số: 12/BC-SCT                        Hòa Sơn, ngày 02 tháng 6 năm 2025

BÁO CÁO
Kết quả kiểm tra chất lượng xăng dầu năm 2025

I. KẾT QUẢ
1. Kiểm tra 40 cửa hàng xăng dầu; xử lý 02 cơ sở vi phạm.
2. Đề nghị bố trí 1,2 tỷ đồng mua thiết bị đo; bố trí cán bộ chuyên trách ở cấp huyện.
3. Hỗ trợ 18 doanh nghiệp áp dụng ISO 9001 và phối hợp với Phòng Tài nguyên và Môi trường các huyện.

Sở Công Thương kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.

Nơi nhận:                                     GIÁM ĐỐC
- Như trên;
- Lưu: VT.                                   Trần Văn Bảo
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "bc-12-sct.txt"
    path.write_text(REPORT, encoding="utf-8")
    meta, _, clauses = read_upload(path)
    return meta, {c.id.split("/", 1)[1]: c for c in clauses}, Catalog.build({meta.id: meta}, clauses)


def test_a_department_under_its_parent_body_issues_and_its_head_signs_in_their_own_right(report):
    meta, parts, _ = report
    assert meta.issuer == "Sở Công Thương tỉnh Hòa Sơn"  # not "Ubnd tỉnh Hòa Sơn Sở Công Thương"
    assert meta.signer == "Trần Văn Bảo (Giám đốc)"  # no T/M or KT. above the post
    assert parts["ket"].text.startswith("Sở Công Thương kính báo cáo")  # the hand-over is the closing


def test_a_body_written_as_initials_is_read_as_the_name_the_texts_write(report):
    _, _, catalog = report
    assert expand_initials("Phòng TN&MT làm gì?", catalog) == "Phòng Tài nguyên và Môi trường làm gì?"
    assert expand_initials("Phòng QL-XD làm gì?", catalog) == "Phòng QL-XD làm gì?"  # no such office


def test_a_standard_asked_by_its_number_is_not_answered_with_another(report):
    _, parts, catalog = report
    sentences = [(s, 0) for c in parts.values() if c.kind == "body" for s in split_sentences(c)]
    q = understand("Sở Công Thương Hòa Sơn hỗ trợ bao nhiêu doanh nghiệp áp dụng ISO 14001?", catalog)
    assert q.codes == ("14001",) and facts.bound_fact("count", q, sentences) is None
    q = understand("Sở Công Thương Hòa Sơn hỗ trợ bao nhiêu doanh nghiệp áp dụng ISO 9001?", catalog)
    fact = facts.bound_fact("count", q, sentences)
    assert fact is not None and fact.value.startswith("18 doanh nghiệp")
    assert understand("Quyết định 1703 giao Sở nhiệm vụ gì?", catalog).codes == ()  # a document's number


def test_a_figure_in_one_part_of_a_sentence_is_not_the_other_parts(report):
    _, parts, catalog = report
    sentences = [(s, 0) for c in parts.values() if c.kind == "body" for s in split_sentences(c)]
    q = understand("Mức phụ cấp cho cán bộ chuyên trách ở cấp huyện là bao nhiêu tiền?", catalog)
    assert facts.bound_fact("money", q, sentences) is None
    q = understand("Sở đề nghị bố trí bao nhiêu tiền mua thiết bị đo?", catalog)
    fact = facts.bound_fact("money", q, sentences)
    assert fact is not None and fact.value == "1,2 tỷ đồng"


def test_a_heading_as_wide_as_the_text_keeps_apart_from_its_paragraph_but_not_from_a_cut_name():
    wide = "Chủ trì rà soát việc thực hiện các nhiệm vụ của kế hoạch, báo cáo kết quả định kỳ."
    lines = [wide] * 6 + [
        "3. Hoạt động của Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng tỉnh",
        "Trung tâm đã được công nhận thêm 04 phép thử, nâng tổng số lên 62 phép thử.",
        "4. Tham mưu ban hành Đề án nâng cao năng lực hoạt động của Trung tâm",
        "Kỹ thuật Tiêu chuẩn Đo lường Chất lượng trong quý IV năm 2025 và các năm sau.",
    ]
    paragraphs, _ = reflow_lines(lines)
    assert paragraphs[-3:] == [
        lines[6], lines[7], f"{lines[8]} {lines[9]}"  # "Trung tâm Kỹ thuật" is written whole above
    ]  # fmt: skip


def test_a_party_board_under_its_committee_issues_and_a_guide_is_a_kind(tmp_path):
    path = tmp_path / "hd.txt"
    path.write_text(
        "TỈNH ỦY HÒA SƠN                      ĐẢNG CỘNG SẢN VIỆT NAM\nBAN TUYÊN GIÁO VÀ DÂN VẬN\n"
        "Số 9-HD/BTGDVTU                       Hòa Sơn, ngày 05 tháng 9 năm 2024\n\nHƯỚNG DẪN\n"
        "tuyên truyền Chỉ thị số 38-CT/TW\n\n1. Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức hội nghị báo cáo viên định kỳ hằng quý.\n\n"
        "Nơi nhận:                            K/T TRƯỞNG BAN\n- Lưu.                                PHÓ TRƯỞNG BAN\n"
        "                                     Đinh Thị Hằng\n",
        encoding="utf-8",
    )
    meta, _, clauses = read_upload(path)
    assert (meta.kind, meta.issuer) == ("Hướng dẫn", "Ban Tuyên giáo và Dân vận Tỉnh ủy Hòa Sơn")
    assert meta.title == "tuyên truyền Chỉ thị số 38-CT/TW"
    catalog, reader = Catalog.build({meta.id: meta}, clauses), Reader(clauses, {meta.id: meta}, {})
    # "định kỳ" is no "ký": nothing is claimed about the signer
    q = understand(
        "Theo Hướng dẫn 9-HD/BTGDVTU, hội nghị báo cáo viên được tổ chức định kỳ bao lâu?", catalog
    )
    assert premises.check(q, reader.sheets) == []


def test_a_body_stated_before_the_question_proper_is_a_premise_not_what_is_asked(report):
    meta, parts, _ = report
    other = DocMeta(
        id="kh1", kind="Kế hoạch", number="1/KH-UBND", title="t", issuer="Ủy ban nhân dân tỉnh Hòa Sơn",
        date="2025-01-02", level="tỉnh", short="Kế hoạch 1/KH-UBND", place="Hòa Sơn",
    )  # fmt: skip
    extra = parse_clauses(SourceDoc(other, "KẾ HOẠCH\n\n1. Sở Nội vụ bố trí biên chế.\n"))
    catalog = Catalog.build({meta.id: meta, "kh1": other}, [*parts.values(), *extra])
    q = understand("Báo cáo 12/BC-SCT giao Sở Nội vụ làm gì?", catalog)
    assert [(n.text, n.absent_from) for n in q.unknown_names] == [("Sở Nội vụ", "Báo cáo 12/BC-SCT")]
    q = understand("Báo cáo 12/BC-SCT do Sở Nội vụ lập; báo cáo kiểm tra bao nhiêu cửa hàng?", catalog)
    assert not q.unknown_names


def test_a_summary_of_the_attached_plan_is_the_plans_points(decision):
    meta, parts, catalog = decision
    reader = Reader(list(parts.values()), {meta.id: meta}, {})
    passages = [Passage(c, 1.0) for c in parts.values()]
    q = understand("Tóm tắt Kế hoạch nâng cao năng suất, chất lượng sản phẩm của huyện Xuân Phong", catalog)
    answer = reader.answer(q, passages)
    assert answer.route == "summary"
    assert answer.text.startswith("Kế hoạch kèm theo Quyết định 318/QĐ-UBND gồm các phần chính:\nI. MỤC TIÊU")
    assert "Phòng Kinh tế và Hạ tầng" in answer.text and "Quyết định này có hiệu lực" not in answer.text
    # the decision itself: its articles
    answer = reader.answer(understand("Tóm tắt Quyết định 318/QĐ-UBND", catalog), passages)
    assert "Quyết định này có hiệu lực kể từ ngày ký" in answer.text
