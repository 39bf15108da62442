"""The five documents parse into clauses labelled with the documents' own numbering."""

import re

import pytest

from assistant.clauses import parse_clauses, path_to_id
from assistant.config import Settings
from assistant.schema import DocMeta, SourceDoc
from assistant.sources import load_documents
from assistant.text.sentences import quoted, split_sentences


@pytest.fixture(scope="module")
def parsed():
    docs = {d.id: d for d in load_documents(Settings())}
    return docs, {doc_id: parse_clauses(d) for doc_id, d in docs.items()}


def ids(clauses):
    return [c.id for c in clauses]


def by_id(parsed, cid):
    docs, clauses = parsed
    return next(c for cs in clauses.values() for c in cs if c.id == cid)


def test_every_clause_is_a_verbatim_slice_with_offsets(parsed):
    docs, clauses = parsed
    assert set(clauses) == {"ct38", "cv59-dienbien", "qd1703", "ctr59-longan", "kh-xa-haiphong"}
    for doc_id, cs in clauses.items():
        assert len({c.id for c in cs}) == len(cs), doc_id
        for c in cs:
            assert docs[doc_id].text[c.start : c.end] == c.text
            assert c.text.strip() and c.label.startswith(docs[doc_id].meta.short)


def test_directive_points_1_to_7(parsed):
    cs = parsed[1]["ct38"]
    points = {c.path[0] for c in cs if c.path[0].isdigit()}
    assert points == {str(n) for n in range(1, 8)}
    assert by_id(parsed, "ct38/4").label == "Chỉ thị 38-CT/TW, mục 4"
    assert by_id(parsed, "ct38/4").text.startswith("Tăng cường đầu tư ngân sách nhà nước")
    assert by_id(parsed, "ct38/2/p2").label == "Chỉ thị 38-CT/TW, mục 2, đoạn 2"
    assert by_id(parsed, "ct38/2/p2").text.startswith("Tiếp tục kiện toàn")
    assert by_id(parsed, "ct38/3/p2").text.startswith("Đầu tư, nâng cấp cơ sở đào tạo")
    assert by_id(parsed, "ct38/7").kind == "heading" and by_id(parsed, "ct38/7").text == "Tổ chức thực hiện"
    dash = [c for c in cs if c.path[:1] == ("7",) and len(c.path) == 2]
    assert [c.label for c in dash] == [f"Chỉ thị 38-CT/TW, mục 7, ý {i}" for i in range(1, 7)]
    assert dash[1].text.startswith("Đảng đoàn Quốc hội")
    assert by_id(parsed, "ct38/7/-1").heading == "7. Tổ chức thực hiện"


def test_directive_header_facts(parsed):
    assert by_id(parsed, "ct38/ngay").text == "Hà Nội, ngày 30 tháng 7 năm 2024"
    sign = by_id(parsed, "ct38/chu-ky")
    assert "T/M BAN BÍ THƯ" in sign.text and sign.text.endswith("Lương Cường")
    assert by_id(parsed, "ct38/noi-nhan").text.startswith("Nơi nhận:")
    assert by_id(parsed, "ct38/ket").text == "Chỉ thị này phổ biến đến các chi bộ."


def test_decision_1703_six_groups_and_group_2_items(parsed):
    cs = parsed[1]["qd1703"]
    groups = [c for c in cs if len(c.path) == 1 and c.path[0].isdigit()]
    assert [c.path[0] for c in groups] == ["1", "2", "3", "4", "5", "6"]
    assert all(c.label.endswith("— theo bản tin") for c in cs)  # a press summary says so in every citation
    items = [c for c in cs if c.path[:1] == ("2",) and len(c.path) == 2]
    assert len(items) == 7 and items[1].text.startswith("Sửa đổi Luật Tiêu chuẩn và Quy chuẩn kỹ thuật")
    assert by_id(parsed, "qd1703/2/-1").label == "Quyết định 1703/QĐ-TTg, mục 2, ý 1 — theo bản tin"
    # the closing paragraphs after group 6 do not belong to group 6
    assert by_id(parsed, "qd1703/c1").text.startswith("Chính phủ giao Bộ Khoa học và Công nghệ chủ trì")
    assert "Bùi Thanh Sơn" in by_id(parsed, "qd1703/p1").text


def test_long_an_mot_la_to_sau_la(parsed):
    cs = parsed[1]["ctr59-longan"]
    ordinals = [c for c in cs if c.path[0].startswith("o")]
    words = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu"]
    assert [c.text.split(" là,")[0] for c in ordinals] == words
    ba = by_id(parsed, "ctr59-longan/ba-la")
    assert ba.label.startswith("Chương trình 59-CTr/TU (Long An), „Ba là“ (nhiệm vụ, giải pháp thứ ba)")
    assert ba.label.endswith("theo bản tin ngày 12/10/2024")
    # "… của tỉnh. Một là, …" shares a source paragraph: the intro keeps its words, "Một là" starts a clause
    intro = next(c for c in cs if c.text.startswith("Để thực hiện các quan điểm"))
    assert intro.text.endswith("sat với tình hình thực tế của tỉnh.")


def test_hai_phong_sections_i_to_iii(parsed):
    cs = parsed[1]["kh-xa-haiphong"]
    assert [c.text for c in cs if len(c.path) == 1 and re.fullmatch("[IVX]+", c.path[0])] == [
        "MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ VÀ GIẢI PHÁP", "TỔ CHỨC THỰC HIỆN",
    ]  # fmt: skip
    section_ii = sorted({c.path[1] for c in cs if c.path[0] == "II" and len(c.path) > 1})
    assert section_ii == ["1", "2", "3", "4", "5", "6"]
    budget = by_id(parsed, "kh-xa-haiphong/II.4/-1")
    assert budget.label == "Kế hoạch của Đảng ủy xã (Hải Phòng), mục II.4, ý 1"
    assert "tối thiểu 10%" in budget.text
    assert "II. NHIỆM VỤ VÀ GIẢI PHÁP" in budget.heading and "4. Tăng cường đầu tư" in budget.heading
    assert by_id(parsed, "kh-xa-haiphong/II.3/p1").text.startswith("Phối phợp cử cán bộ")
    assert [c.path for c in cs if c.path[0] == "III" and len(c.path) == 2] == [
        ("III", str(i)) for i in range(1, 5)
    ]
    assert by_id(parsed, "kh-xa-haiphong/chu-ky").text.endswith("Vũ Văn Hải")


def test_dien_bien_letter_header(parsed):
    assert by_id(parsed, "cv59-dienbien/so-hieu").text == "Số 59-CV/BTG"
    assert by_id(parsed, "cv59-dienbien/ngay").text == "Điện Biên, ngày 19 tháng 8 năm 2024"
    assert by_id(parsed, "cv59-dienbien/trich-yeu").text.startswith("V/v tuyên truyền Chỉ thị số 38-CT/TW")
    assert "Các đồng chí Báo cáo viên Đảng ủy Khối" in by_id(parsed, "cv59-dienbien/kinh-gui").text
    assert by_id(parsed, "cv59-dienbien/co-quan").text.endswith("BAN TUYÊN GIÁO")
    assert by_id(parsed, "cv59-dienbien/chu-ky").text.endswith("Ngô Thị Hiền")


def test_articles_letters_and_pages_in_a_user_document():
    text = (
        "QUYẾT ĐỊNH\n\nvề việc ban hành quy chế\n\nĐiều 1. Phạm vi\n\n1. Quy chế này áp dụng cho xã.\n\n"
        "a) Cán bộ xã;\n\nb) Doanh nghiệp.\n\nĐiều 2. Hiệu lực\n\nQuyết định này có hiệu lực từ ngày ký."
    )
    meta = DocMeta(id="qd-x", kind="Quyết định", number="5/QĐ", title="", issuer="", date="", level="xã",
                   short="Quyết định 5/QĐ")  # fmt: skip
    cs = parse_clauses(SourceDoc(meta, text, page_starts=(0, text.index("Điều 2"))))
    labels = {c.id: c.label for c in cs}
    assert labels["qd-x/Đ1.1.a"] == "Quyết định 5/QĐ, Điều 1, khoản 1, điểm a (trang 1)"
    assert labels["qd-x/Đ2"].endswith("Điều 2 (trang 2)")
    assert path_to_id(("II", "4", "-1")) == "II.4/-1"


def test_roman_sections_written_with_a_hyphen_as_party_texts_do():
    """ "I- MỤC ĐÍCH, YÊU CẦU" heads a section like "I. MỤC ĐÍCH": its numbered points are under it, and the
    next section's numbering starts afresh without colliding."""
    meta = DocMeta(id="kh-x", kind="Kế hoạch", number="7-KH/BCSĐ", title="", issuer="", date="", level="tỉnh",
                   short="Kế hoạch 7-KH/BCSĐ")  # fmt: skip
    text = (
        "KẾ HOẠCH\nvề tiêu chuẩn\n"
        "I- MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao nhận thức về tiêu chuẩn.\n"
        "2. Yêu cầu\n- Gắn với chuyển đổi số của tỉnh.\n"
        "II- NHIỆM VỤ, GIẢI PHÁP\n1. Tuyên truyền về đo lường.\n2. Nâng cấp trung tâm thử nghiệm.\n"
    )
    cs = parse_clauses(SourceDoc(meta, text))
    assert {"kh-x/I", "kh-x/I.1", "kh-x/I.2", "kh-x/II", "kh-x/II.1", "kh-x/II.2"} <= set(ids(cs))
    assert next(c for c in cs if c.id == "kh-x/II.2").text.startswith("Nâng cấp")


def test_a_table_row_carries_its_header_row_and_is_read_with_it():
    """A report's table of indicators: each row is its own clause, read with the header row ("Thực hiện:
    85,7%"); a figure of a percent row or column is a percentage; a paragraph after the table ends it."""
    meta = DocMeta(id="bc-x", kind="Báo cáo", number="9/BC-UBND", title="", issuer="", date="", level="tỉnh",
                   short="Báo cáo 9/BC-UBND")  # fmt: skip
    text = (
        "BÁO CÁO\nsơ kết\n"
        "I. KẾT QUẢ\n1. Một số chỉ tiêu\nKết quả thực hiện các chỉ tiêu như sau:\n\n"
        "TT | Chỉ tiêu | Kế hoạch 2025 | Thực hiện | Đạt %\n\n"
        "1 | Số phương tiện đo được kiểm định | 85.000 | 48.650 | 57,2\n\n"
        "2 | Tỷ lệ chợ có cân đối chứng (%) | 90 | 85,7 | 95,2\n\n"
        "Các chỉ tiêu còn lại đạt kế hoạch.\n\n"
        "3 | Dòng rời | 1 | 2 | 3\n"
    )
    cs = parse_clauses(SourceDoc(meta, text))
    rows = [c for c in cs if "|" in c.text]
    assert [c.heading.endswith("| Đạt %") for c in rows] == [False, True, True, False]
    assert all(docs_text == c.text for docs_text, c in zip([text[c.start : c.end] for c in rows], rows))
    read = [split_sentences(c)[0].text for c in rows]
    assert (
        read[1]
        == "Chỉ tiêu: Số phương tiện đo được kiểm định; Kế hoạch 2025: 85.000; Thực hiện: 48.650; Đạt %: 57,2%."
    )
    assert (
        read[2]
        == "Chỉ tiêu: Tỷ lệ chợ có cân đối chứng (%); Kế hoạch 2025: 90%; Thực hiện: 85,7%; Đạt %: 95,2%."
    )
    assert read[3] == "3 | Dòng rời | 1 | 2 | 3"  # no header row above it: as written
    assert quoted(rows[2]) == read[2] and quoted(rows[3]) == rows[3].text  # what an answer quotes


def test_a_normative_resolution_parses_into_its_articles():
    """A People's Council resolution: the title's last line of years, the enacting council and session under
    it, articles written "Điều 9." after a full stop, and "Nghị quyết này quy định …" as Điều 1's scope, not
    its closing; "Nghị quyết này đã được … thông qua" after the last article closes it."""
    meta = DocMeta(id="nq", kind="Nghị quyết", number="12/2025/NQ-HĐND", title="", issuer="", date="", level="tỉnh",
                   short="Nghị quyết 12/2025/NQ-HĐND")  # fmt: skip
    wide = "Nội dung điều khoản được viết thành dòng dài gần bằng độ rộng trang để tạo độ rộng dòng."
    text = (
        "HỘI ĐỒNG NHÂN DÂN\nTỈNH VĨNH THỦY\nSố: 12/2025/NQ-HĐND\n\nNGHỊ QUYẾT\n"
        "QUY ĐỊNH CHÍNH SÁCH HỖ TRỢ NÂNG CAO NĂNG SUẤT, CHẤT LƯỢNG SẢN PHẨM, HÀNG HÓA GIAI ĐOẠN\n2025 - 2030\n\n"
        "HỘI ĐỒNG NHÂN DÂN TỈNH VĨNH THỦY\nKHÓA XVII, KỲ HỌP THỨ HAI MƯƠI TÁM\n\n"
        "Căn cứ Luật Đo lường ngày 11 tháng 11 năm 2011;\n\nQUYẾT NGHỊ:\n\n"
        "Điều 1. Phạm vi điều chỉnh\n1. Phạm vi điều chỉnh\nNghị quyết này quy định mức hỗ trợ.\n"
        f"2. Đối tượng áp dụng: doanh nghiệp nhỏ và vừa.\n{wide}\n{wide}\n{wide}\n"
        "Điều 2. Tổ chức thực hiện\n1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.\n"
        "Nghị quyết này đã được Hội đồng nhân dân tỉnh Khóa XVII, Kỳ họp thứ hai mươi tám thông qua.\n"
    )
    cs = {c.id.split("/", 1)[1]: c for c in parse_clauses(SourceDoc(meta, text))}
    assert cs["tieu-de"].text.endswith("2025 - 2030")
    assert "KỲ HỌP THỨ HAI MƯƠI TÁM" in cs["ky-hop"].text and "NGHỊ QUYẾT" not in cs["co-quan"].text
    assert cs["Đ1.1/p1"].text == "Nghị quyết này quy định mức hỗ trợ."
    assert "Đ2" in cs and cs["Đ2.1"].text.startswith("Giao Ủy ban") and cs["ket"].text.endswith("thông qua.")


def test_what_a_submission_sends_with_it_is_no_point_of_its_last_part():
    """A Tờ trình's closing "… kính trình …" after its last point, then "Hồ sơ kèm theo: 1. … 2. …": the
    closing is its own paragraph and the attachments one header clause, not points V.4, V.5."""
    meta = DocMeta(id="tt", kind="Tờ trình", number="142/TTr-SKHCN", title="", issuer="", date="", level="tỉnh",
                   short="Tờ trình 142/TTr-SKHCN")  # fmt: skip
    text = (
        "TỜ TRÌNH\nVề việc ban hành Kế hoạch\n\nV. KIẾN NGHỊ\nSở kính đề nghị Ủy ban nhân dân tỉnh:\n"
        "1. Ban hành Kế hoạch trước ngày 30/4/2025.\n2. Giao Sở Tài chính bố trí kinh phí thực hiện Kế hoạch.\n"
        "3. Giao Sở Kế hoạch và Đầu tư đưa các chỉ tiêu vào kế hoạch 5 năm.\n"
        "Sở Khoa học và Công nghệ kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.\n\n"
        "Hồ sơ kèm theo:\n1. Dự thảo Kế hoạch;\n2. Báo cáo thẩm định số 87/BC-STP ngày 09/4/2025.\n"
    )
    cs = {c.id.split("/", 1)[1]: c for c in parse_clauses(SourceDoc(meta, text))}
    assert cs["V.3"].text.endswith("kế hoạch 5 năm.") and cs["ket"].text.startswith("Sở Khoa học")
    assert "87/BC-STP" in cs["ho-so"].text and "V.4" not in cs and "V.1~2" not in cs


def test_a_list_restarting_under_a_numbered_heading_is_that_headings():
    """ "2. Khẩu hiệu tuyên truyền" / "1. …" / "2. …": the slogans are the heading's items, not points 1 and 2
    of the part again (which would clash with its own first two points)."""
    meta = DocMeta(id="dc-x", kind="Đề cương", number="4-ĐC/BTG", title="", issuer="", date="", level="tỉnh",
                   short="Đề cương 4-ĐC/BTG")  # fmt: skip
    text = (
        "ĐỀ CƯƠNG\n\nV. HÌNH THỨC TUYÊN TRUYỀN\n1. Hình thức\n- Tuyên truyền trên báo chí.\n"
        "2. Khẩu hiệu tuyên truyền\n1. Cân đúng, đo đủ!\n2. Sản xuất theo tiêu chuẩn!\n3. Năng suất là chìa khóa!\n"
        "VI. TỔ CHỨC THỰC HIỆN\n1. Ban Tuyên giáo chủ trì.\n2. Các huyện ủy thực hiện.\n"
    )
    ids = {c.id.split("/", 1)[1]: c for c in parse_clauses(SourceDoc(meta, text))}
    assert ids["V.2"].kind == "heading" and ids["V.2.1"].text == "Cân đúng, đo đủ!" and "V.2.3" in ids
    assert not any("~" in i for i in ids) and ids["VI.2"].text == "Các huyện ủy thực hiện."


def test_a_title_wrapped_before_a_capitalised_name_stays_whole():
    """A PDF wraps a long title wherever the line is full: a line left hanging on "của", "số" or "huyện" goes on
    in the next line, even when that one starts with a capitalised name ("Thủ tướng …") or a number ("38-CT/TW")."""
    meta = DocMeta(id="kh", kind="Kế hoạch", number="86/KH-UBND", title="", issuer="", date="", level="xã",
                   short="Kế hoạch 86/KH-UBND")  # fmt: skip
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ KHÊ NGUYÊN\nSố: 86/KH-UBND\n\nKẾ HOẠCH\n"
        "Triển khai thực hiện Kế hoạch số 47/KH-UBND ngày 18/02/2025 của\n"
        "UBND huyện Cẩm Giao về thực hiện Quyết định số 1703/QĐ-TTg ngày 31/12/2024 của\n"
        "Thủ tướng Chính phủ trên địa bàn xã\n\n"
        "Căn cứ Luật Đo lường ngày 11/11/2011;\n"
        "Thực hiện Chỉ thị số\n38-CT/TW của Ban Bí thư, Ủy ban nhân dân xã ban hành Kế hoạch như sau:\n\n"
        "I. MỤC ĐÍCH\nNâng cao nhận thức của Nhân dân.\n"
    )
    cs = {c.id.split("/", 1)[1]: c for c in parse_clauses(SourceDoc(meta, text))}
    assert cs["tieu-de"].text.endswith("Thủ tướng Chính phủ trên địa bàn xã")
    assert "Quyết định số 1703/QĐ-TTg" in cs["tieu-de"].text
    assert "Căn cứ" not in cs["tieu-de"].text  # the grounds below it are body, as before
