"""Questions that name a document by the unit that issued it ("văn bản của thị ủy", "thị xã"), targets read
under their lead-in ("- Đến năm 2027:" / "+ …"), and what a question typed without accents asks: invented
documents written here, no index, no gold question."""

from __future__ import annotations

from dataclasses import replace

from reading import invented, knowing, passages_for, reading

from assistant.answer import facts, lists, parts, premises
from assistant.clauses import parse_clauses
from assistant.names import Catalog, unit_words
from assistant.query import understand
from assistant.schema import Answer, Citation, DocMeta, Passage, SourceDoc
from assistant.sources.meta import apply_overrides
from assistant.text.sentences import split_sentences

CENTRAL = DocMeta(
    id="ct9", kind="Chỉ thị", number="9-CT/TW", title="về tăng cường công tác đo lường", issuer="Ban Bí thư",
    date="2024-05-02", level="Trung ương", short="Chỉ thị 9-CT/TW", place="Hà Nội",
)  # fmt: skip
CENTRAL_TEXT = (
    "CHỈ THỊ\nvề tăng cường công tác đo lường\n\n"
    "1. Các tỉnh ủy, thành ủy tổ chức quán triệt Chỉ thị tới cán bộ, đảng viên.\n"
    "2. Xây dựng ít nhất một trung tâm kiểm định ở mỗi vùng.\n"
)
TOWN = DocMeta(
    id="ctr7", kind="Chương trình", number="7-CTr/ThU", title="thực hiện Chỉ thị số 9-CT/TW",
    issuer="Ban Thường vụ Thị ủy Lam Khê, tỉnh Hoài An", date="2025-02-12", level="huyện",
    short="Chương trình 7-CTr/ThU", place="Lam Khê", implements=("Chỉ thị số 9-CT/TW",),
)  # fmt: skip
TOWN_TEXT = (
    "CHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Chỉ thị số 9-CT/TW\n\n"
    "I. MỤC TIÊU\n"
    "- Đến năm 2027:\n"
    "+ Có thêm ít nhất 6 sản phẩm OCOP đạt từ 3 sao trở lên.\n"
    "+ Ít nhất 60% sản phẩm được gắn tem truy xuất nguồn gốc.\n"
    "- Đến năm 2030:\n"
    "+ Có ít nhất 30 sản phẩm OCOP đạt từ 3 sao trở lên.\n"
    "+ 100% phường, xã phân công công chức theo dõi công tác đo lường.\n"
    "II. TỔ CHỨC THỰC HIỆN\n"
    "1. Ban Tuyên giáo Thị ủy tổ chức hội nghị quán triệt Chỉ thị số 9-CT/TW trong quý I năm 2025.\n"
)


def _both() -> tuple[Catalog, list]:
    metas = {"ct9": CENTRAL, "ctr7": TOWN}
    clauses = parse_clauses(SourceDoc(CENTRAL, CENTRAL_TEXT)) + parse_clauses(SourceDoc(TOWN, TOWN_TEXT))
    return Catalog.build(metas, clauses), clauses


def test_the_issuing_unit_names_its_documents():
    assert unit_words(TOWN.issuer) == {"thi uy", "thi xa"}
    assert unit_words("Ủy ban nhân dân huyện Phú Hạ") == {"uy ban nhan dan huyen"}
    catalog, _ = _both()
    # the Directive is what the programme carries out; "thị ủy" names the programme, which the Directive never says
    q = understand(
        "Theo văn bản của thị ủy, ai tổ chức hội nghị quán triệt Chỉ thị 9 và trong thời gian nào?", catalog
    )
    assert q.doc_ids == ("ctr7",)
    assert understand("den nam 2027 thi xa co them bao nhieu san pham ocop?", catalog).doc_ids == ("ctr7",)
    # the Directive speaks of "tỉnh ủy" itself: a question about what it asks of them stays with it
    assert understand("Chỉ thị 9 giao các tỉnh ủy làm gì?", catalog).doc_ids == ("ct9",)
    # "chỉ thị này" points at the document read, which gives the unit its work
    assert understand(
        "Thị ủy phải làm xong kế hoạch thực hiện chỉ thị này trước ngày nào?", catalog
    ).doc_ids == ("ct9",)
    # a unit that issued several documents names none of them
    twice = Catalog.build({**catalog.metas, "kh8": replace(TOWN, id="kh8", number="8-KH/ThU")}, [])
    assert understand("Theo văn bản của thị ủy, ai tổ chức hội nghị?", twice).doc_ids == ()


def test_a_target_is_read_under_its_lead_in():
    catalog, clauses = _both()
    items = {c.id: c for c in clauses}
    assert items["ctr7/I/-1/+1"].heading.endswith("Đến năm 2027:")
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    q = understand("Đến năm 2027 thị xã phải có thêm bao nhiêu sản phẩm OCOP từ 3 sao?", catalog)
    assert q.years == ("2027",)
    assert facts.bound_fact("count", q, sentences).value.startswith("ít nhất 6 sản phẩm")
    folded = understand("den nam 2030 thi xa co bao nhieu san pham ocop 3 sao?", catalog)
    assert folded.years == ("2030",)
    assert facts.bound_fact("count", folded, sentences).value.startswith("ít nhất 30 sản phẩm")


def test_what_is_done_so_far_is_not_a_target():
    catalog, sentences = invented(CENTRAL, CENTRAL_TEXT)
    q = understand("Sau hơn một năm thực hiện, cả nước đã xây xong bao nhiêu trung tâm kiểm định?", catalog)
    assert q.current and facts.bound_fact("count", q, sentences) is None
    assert not understand("Chỉ thị đặt mục tiêu xây bao nhiêu trung tâm kiểm định?", catalog).current


def test_a_sum_asked_without_accents_beside_an_expanded_abbreviation():
    catalog, _ = invented(CENTRAL, CENTRAL_TEXT)
    # "TDC" expands to accented words; the question as typed has none, so they cannot tell "tiền" from "tiên"
    assert "money" in understand("tien thuong cho nguoi to giac vi pham TDC la bao nhieu", catalog).fact_kinds
    assert "money" in understand("nam 2026 xa du kien chi bao nhieu tien cho TDC", catalog).fact_kinds


def test_an_issuer_typed_by_the_administrator_sets_the_level():
    guessed = DocMeta(
        id="x", kind="Chương trình", number="7-CTr/ThU", title="t", issuer="Thị ủy Lam Khê", date="",
        level="", short="Chương trình 7-CTr/ThU",
    )  # fmt: skip
    assert (
        apply_overrides(guessed, {"issuer": "Ban Thường vụ Thị ủy Lam Khê, tỉnh Hoài An"}, "x.txt").level
        == "huyện"
    )
    assert (
        apply_overrides(guessed, {"issuer": "Ban Thường vụ Thị ủy Lam Khê", "level": "tỉnh"}, "x.txt").level
        == "tỉnh"
    )


def test_a_body_the_claim_names_and_the_document_never_does_is_corrected_then_the_rest_answered():
    catalog, reader = reading(
        CENTRAL, CENTRAL_TEXT + "3. Ban cán sự đảng Bộ Khoa học và Công nghệ chủ trì; báo cáo Ban Bí thư.\n"
    )
    q = understand("CT9 giao Bộ Công Thương chủ trì, thế họ phải báo cáo kết quả cho ai?", catalog)
    assert q.claim and q.tail_kinds == ("who",)
    answer = reader.answer(q, passages_for(reader, "chủ trì báo cáo"))
    assert not answer.refused and answer.route == "premise"
    assert "không nhắc đến «Bộ Công Thương»" in answer.text and "báo cáo Ban Bí thư" in answer.text
    # named without being stated first, it is what is asked about: refused by name
    q = understand("Bộ Công Thương phải báo cáo kết quả thực hiện Chỉ thị 9 cho ai?", catalog)
    assert reader.answer(q, passages_for(reader, "chủ trì báo cáo")).refused


def test_a_date_stated_after_a_party_number_is_checked():
    plan = replace(TOWN, number="7-CTr/TU", short="Chương trình 7-CTr/TU")
    dated = TOWN_TEXT.replace(
        "CHƯƠNG TRÌNH HÀNH ĐỘNG", "Lam Khê, ngày 12 tháng 02 năm 2025\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG"
    )
    catalog, reader = reading(plan, dated)
    # "… 7-CTr/TU hôm …": the "TU" of the number is no "từ" before a date
    q = understand("Tỉnh ủy ra CTr 7-CTr/TU hôm 25/11/2024, thế chương trình có mấy mục tiêu?", catalog)
    assert [c.kind for c in premises.check(q, reader.sheets)] == ["date"]


def test_a_signer_asked_after_the_verb():
    catalog, _ = invented(TOWN, TOWN_TEXT)
    assert "signer" in understand("Bí thư Thị ủy ký CTr 7 là đ/c nào", catalog).fact_kinds


def test_an_ask_adds_a_fact_from_a_clause_the_whole_answer_cites_for_another():
    clause = parse_clauses(SourceDoc(TOWN, TOWN_TEXT))[-1]
    whole = Answer(
        "q", "- Chỉ thị: ngày 2/5/2024 [1]\nsau đó 154 ngày.", False, [Citation(1, clause)], route="fact"
    )
    signer = Answer(
        "q1", "Đinh Văn A (Bí thư) [1]\n\nTrích: „…“ [1]", False, [Citation(1, clause)], route="fact"
    )
    merged = parts.merge(whole, [signer])
    assert "Đinh Văn A (Bí thư) [1]" in merged.text and len(merged.citations) == 1
    assert parts.merge(whole, [whole]).text == whole.text  # an ask saying what the whole says adds nothing


COMMUNE = DocMeta(
    id="kh4", kind="Kế hoạch", number="4-KH/ĐU", title="thực hiện Chỉ thị số 9-CT/TW", issuer="Đảng ủy xã An Phú",
    date="2025-03-14", level="xã", short="Kế hoạch 4-KH/ĐU", place="An Phú",
)  # fmt: skip
COMMUNE_TEXT = (
    "KẾ HOẠCH\nthực hiện Chỉ thị số 9-CT/TW\n\n"
    "II. CHỈ TIÊU, NHIỆM VỤ\n"
    "1. Chỉ tiêu chủ yếu\n"
    "a) Đến hết năm 2025: 100% đảng viên được quán triệt Chỉ thị.\n"
    "b) Đến năm 2027: có ít nhất 04 sản phẩm OCOP đạt từ 3 sao trở lên; 02 vùng trồng được cấp mã số.\n"
    "c) Đến năm 2030: có ít nhất 07 sản phẩm OCOP; 100% cân tại chợ được kiểm định.\n"
    "2. Tuyên truyền\n"
    "- Văn phòng Đảng ủy tham mưu sơ kết vào quý IV năm 2027 và tổng kết vào năm 2030.\n"
)


def test_a_list_asked_for_a_year_gives_that_years_items():
    catalog, reader = reading(COMMUNE, COMMUNE_TEXT)
    q = understand("Liệt kê các chỉ tiêu mà kế hoạch của xã An Phú đặt ra cho năm 2027.", catalog)
    assert q.is_list
    answer = reader.answer(q, passages_for(reader, "sơ kết năm 2027 chỉ tiêu"))
    assert [c.clause.id for c in answer.citations] == ["kh4/II.1.b"]
    # a lead-in and its "+" items: the items, when the lead-in is what the search found
    _, town = reading(TOWN, TOWN_TEXT)
    lead = next(c for c in town.clauses if c.text.startswith("Đến năm 2030"))
    q = understand("Liệt kê chỉ tiêu đến năm 2030 của chương trình", catalog)
    items, intro = lists.list_items(q.text, [Passage(lead, 1.0)], town.by_doc, [])
    assert intro is lead and [c.text[:8] for c in items] == ["Có ít nh", "100% phư"]
    # a heading whose items are lead-ins for each year ("- Năm 2025:" / "+ …"), a stray page number among them:
    # the year's own items, the lead-in only as their title
    plan = replace(COMMUNE, id="kh86", number="86/KH-UBND", short="Kế hoạch 86/KH-UBND")
    catalog, reader = reading(
        plan,
        "KẾ HOẠCH\n\nI. MỤC TIÊU CỤ THỂ\n- Năm 2025:\n+ Lắp đặt 01 cân đối chứng tại chợ.\n"
        "+ Diện tích chè VietGAP đạt 55 ha.\n- Năm 2026:\n+ Diện tích chè VietGAP đạt 75 ha.\n"
        "+ Có thêm 01 sản phẩm OCOP.\n2\nII. TỔ CHỨC THỰC HIỆN\n1. Công chức Văn hóa - Xã hội tuyên truyền.\n",
    )
    q = understand("Liệt kê các mục tiêu cụ thể năm 2025 trong kế hoạch 86", catalog)
    answer = reader.answer(q, passages_for(reader, "mục tiêu cụ thể năm 2025"))
    assert [c.clause.text[:10] for c in answer.citations] == ["Lắp đặt 01", "Diện tích "]
    assert "55 ha" in answer.text and "75 ha" not in answer.text


def test_shorthand_for_bodies_is_read():
    catalog, _ = invented(TOWN, TOWN_TEXT)
    assert (
        understand("UBND P/X làm gì với BQL chợ?", catalog).text
        == "Ủy ban nhân dân phường, xã làm gì với Ban quản lý chợ?"
    )
    # a commune official by the initials of the post the plan names ("công chức Văn hóa - Xã hội")
    catalog, _ = invented(
        COMMUNE, COMMUNE_TEXT + "- Công chức Văn hóa - Xã hội biên tập tin, bài phát thanh.\n"
    )
    assert "công chức Văn hóa - Xã hội" in understand("CC VH-XH đc giao nv gì?", catalog).text


def test_hectares_asked_for_a_year_said_with_sang():
    """ "bao nhiêu ha" typed with accents counts hectares (the particle is "hả"); "sang 2026" names the year."""
    plan = replace(COMMUNE, id="kh86", number="86/KH-UBND", short="Kế hoạch 86/KH-UBND")
    catalog, reader = reading(
        plan,
        "KẾ HOẠCH\n\nI. MỤC TIÊU\n- Năm 2025:\n+ Diện tích chè VietGAP đạt 55 ha.\n- Năm 2026:\n"
        "+ Diện tích chè VietGAP đạt 75 ha.\n- Giai đoạn 2027 - 2030:\n+ Đến năm 2030, diện tích chè VietGAP đạt 120 ha.\n",
    )
    q = understand(
        "Năm 2025 xã đặt chỉ tiêu 55 ha chè VietGAP. Thế sang 2026 thì phải đạt bao nhiêu ha?", catalog
    )
    assert q.fact_kinds == ("count",) and q.years == ("2026",)
    answer = reader.answer(q, passages_for(reader, "diện tích chè VietGAP đạt ha"))
    assert answer.text.startswith("75 ha")


def test_a_body_that_issued_a_document_of_another_kind_is_no_wrong_issuer():
    catalog, reader = reading(CENTRAL, CENTRAL_TEXT)
    other = understand(
        "Ban Tuyên giáo Trung ương đã ban hành hướng dẫn tuyên truyền Chỉ thị 9 số mấy?", catalog
    )
    assert premises.check(other, reader.sheets) == []
    wrong = understand("Bộ Chính trị ban hành Chỉ thị 9 ngày nào?", catalog)
    assert [c.kind for c in premises.check(wrong, reader.sheets)] == ["issuer"]
    # "mấy ông Mặt trận": those people, no one's name to look for
    assert understand("mấy ông Mặt trận thì Chỉ thị 9 giao làm gì vậy ta", catalog).unknown_names == []


def test_every_one_and_a_chatty_yes_no_ask_no_fact():
    catalog, _ = invented(TOWN, TOWN_TEXT)
    assert (
        understand("Vì sao phường, xã nào cũng phải có công chức theo dõi đo lường?", catalog).fact_kinds
        == ()
    )
    assert understand("Xã nào phải báo cáo trước?", catalog).fact_kinds == ("place",)
    chat = understand("nghe nói mấy trường đại học phải dạy cả về đo lường hả, thiệt ko?", catalog)
    assert chat.yes_no and "count" not in chat.fact_kinds


def test_a_unit_word_across_two_words_names_nothing():
    catalog, _ = _both()
    # "CT UBND huyện" typed for "Chủ tịch …" reads "Chỉ thị Ủy ban …": its "thị ủy" is no town's committee
    assert (
        "ctr7"
        not in understand(
            "Phòng Kinh tế tham mưu CT UBND huyện ban hành quyết định trước ngày nào?", catalog
        ).doc_ids
    )


def test_a_unit_word_typed_with_accents_must_be_that_word():
    catalog, _ = _both()
    # "thì xã hội hóa" folds to "thi xa …": typed with accents, it is no "thị xã"
    assert (
        "ctr7" not in understand("Riêng mục hỗ trợ doanh nghiệp thì xã hội hóa bao nhiêu?", catalog).doc_ids
    )
    assert "ctr7" in understand("Thị xã phải có thêm bao nhiêu sản phẩm OCOP?", catalog).doc_ids
    # the context names another document: a unit word in the question does not take it away
    q = understand("Tôi đang xem chương trình của Chỉ thị 9. Các huyện, thị xã phải làm gì?", catalog)
    assert q.doc_ids == ("ct9",)


def test_a_question_about_the_text_is_not_answered_with_its_header():
    dated = TOWN_TEXT.replace(
        "CHƯƠNG TRÌNH HÀNH ĐỘNG", "Lam Khê, ngày 12 tháng 02 năm 2025\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG"
    )
    catalog, sentences = invented(TOWN, dated)
    header = [(s, 0) for s, _ in sentences if s.clause.path == ("ngay",)]
    days = understand(
        "Hằng năm thị xã Lam Khê tổ chức hưởng ứng những ngày kỷ niệm nào liên quan tới đo lường?", catalog
    )
    assert days.header_part == "ngay" and facts.bound_fact("date", days, header) is None
    own = understand("Chương trình 7-CTr/ThU ký ngày nào?", catalog)
    assert facts.bound_fact("date", own, header).value.endswith("12 tháng 02 năm 2025")
    # "số điện thoại … số mấy": a telephone number, not the document's number
    hotline = understand("Số điện thoại đường dây nóng của thị xã là số mấy?", catalog)
    assert hotline.fact_kinds == ("contact",)


def test_a_unit_of_several_documents_names_the_one_of_the_kind_said():
    """The Party committee of a bloc of agencies issued a plan and a letter: "kế hoạch của Đảng ủy Khối" is the
    plan, not the Directive it carries out; without the kind the unit names neither."""
    bloc = "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh Hoài An"
    plan = replace(
        TOWN, id="kh45", kind="Kế hoạch", number="45-KH/ĐUK", issuer=bloc, short="Kế hoạch 45-KH/ĐUK"
    )
    letter = replace(
        TOWN, id="cv3", kind="Công văn", number="3-CV/ĐUK", issuer=bloc, short="Công văn 3-CV/ĐUK"
    )
    assert "dang uy khoi" in unit_words(bloc)
    catalog = Catalog.build({"ct9": CENTRAL, "kh45": plan, "cv3": letter}, [])
    q = understand("Kế hoạch của Đảng ủy Khối đặt ra mục đích gì khi quán triệt Chỉ thị 9?", catalog)
    assert q.doc_ids == ("kh45",)
    assert understand("Đảng ủy Khối quán triệt Chỉ thị 9 thế nào?", catalog).doc_ids == ("ct9",)


def test_what_is_no_issuer_claim():
    """A post of the issuing body, a chat particle, a verb after the body, or the body whose standing board
    issued the text: none claims a wrong issuer; "<văn bản> là của X" does."""
    catalog, reader = reading(TOWN, TOWN_TEXT)
    for question in (
        "Bí thư Thị ủy của thị xã ban hành chương trình 7-CTr/ThU tên là gì?",
        "ai ky chuong trinh 7-CTr/ThU cua thi uy lam khe vay",
        "Chương trình 7-CTr/ThU của Thị ủy Lam Khê gửi xuống có mấy mục tiêu?",
    ):
        assert premises.check(understand(question, catalog), reader.sheets) == [], question
    wrong = understand("Chương trình 7-CTr/ThU là của Tỉnh ủy Hoài An ban hành đúng ko?", catalog)
    assert [c.kind for c in premises.check(wrong, reader.sheets)] == ["issuer"]


def test_which_ones_and_who_put_their_name_to_it():
    catalog, _ = invented(TOWN, TOWN_TEXT)
    assert "count" not in understand("thị ủy kêu tuyên truyền qua mấy kênh nào z ạ", catalog).fact_kinds
    assert "count" in understand("thị ủy tuyên truyền qua mấy kênh?", catalog).fact_kinds
    assert "signer" in understand("Chương trình 7-CTr/ThU là ai đứng tên ký vậy?", catalog).fact_kinds


def test_how_long_and_what_for_is_no_topic_of_a_summary():
    """ "… trong vài câu để đưa tin": the answer's form, not a part of the document to look for."""
    catalog, reader = reading(TOWN, TOWN_TEXT)
    q = understand("tóm tắt nội dung chính chương trình 7-CTr/ThU trong vài câu để đưa tin", catalog)
    assert not {"vai", "cau", "dua", "tin"} & set(q.terms)
    asked = understand(
        "Cho tôi hỏi chính xác để đưa vào bài nói: chương trình 7-CTr/ThU có mấy mục tiêu?", catalog
    )
    assert not {"chinh", "xac", "bai", "noi"} & set(asked.terms)
    answer = reader.answer(q, passages_for(reader, "chương trình mục tiêu"))
    assert answer.route == "summary" and "MỤC TIÊU" in answer.text and "TỔ CHỨC THỰC HIỆN" in answer.text


def test_words_that_only_point_are_no_focus():
    """ "Riêng năm 2026 …", "… của họ", "bắt đầu từ năm nào": pointing and asking words, not what the fact must
    be said of; the fact is bound by the year and the words left."""
    plan = replace(COMMUNE, id="kh45", number="45-KH/ĐUK", short="Kế hoạch 45-KH/ĐUK")
    catalog, reader = reading(
        plan,
        "KẾ HOẠCH\n\nI. NHIỆM VỤ\n- Bồi dưỡng cán bộ lãnh đạo, quản lý:\n+ Năm 2025: đạt ít nhất 60%;\n"
        "+ Năm 2026: đạt ít nhất 80%;\n- Đưa nội dung về đo lường vào chương trình bồi dưỡng đảng viên mới từ"
        " năm 2025.\n- Ban Tuyên giáo tổ chức hội nghị quán triệt trong quý I năm 2025.\n",
    )
    q = understand(
        "Kế hoạch có đặt chỉ tiêu bồi dưỡng theo từng năm. Riêng năm 2026 là bao nhiêu phần trăm?", catalog
    )
    assert "rieng" not in q.focus
    assert reader.answer(q, passages_for(reader, "bồi dưỡng năm 2026")).text.startswith("ít nhất 80%")
    q = understand("Nội dung đo lường được đưa vào chương trình nào của họ và bắt đầu từ năm nào?", catalog)
    assert not {"ho", "bat", "dau"} & set(q.focus)
    answer = reader.answer(q, passages_for(reader, "đưa nội dung chương trình đảng viên mới"))
    assert not answer.refused and "từ năm 2025" in answer.text


def test_words_naming_the_one_document_asked_tell_none_of_its_sentences_apart():
    """ "Hướng dẫn tuyên truyền … của Hoài An đặt ra yêu cầu gì?": the kind and title words name the document; a
    sentence that repeats them ("căn cứ Hướng dẫn này tổ chức tuyên truyền") is not therefore the answer."""
    guide = replace(
        TOWN, id="hd27", kind="Hướng dẫn", number="27-HD/BTGTU", title="tuyên truyền Chỉ thị số 9-CT/TW",
        short="Hướng dẫn 27-HD/BTGTU", issuer="Ban Tuyên giáo Tỉnh ủy Hoài An", place="Hoài An",
    )  # fmt: skip
    catalog, reader = reading(
        guide,
        "HƯỚNG DẪN\ntuyên truyền Chỉ thị số 9-CT/TW\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n"
        "- Nâng cao nhận thức của cán bộ, đảng viên về đo lường.\n2. Yêu cầu\n"
        "- Công tác tuyên truyền phải thường xuyên, sâu rộng, thiết thực, đặt ra yêu cầu cụ thể cho từng cơ quan.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "1. Các huyện ủy căn cứ Hướng dẫn này tổ chức tuyên truyền Chỉ thị phù hợp với tình hình địa phương.\n",
    )
    q = understand("Hướng dẫn tuyên truyền Chỉ thị 9 của Hoài An đặt ra yêu cầu gì?", catalog)
    assert q.doc_ids == ("hd27",)
    answer = reader.answer(q, passages_for(reader, "hướng dẫn tuyên truyền yêu cầu"))
    assert [c.clause.id for c in answer.citations] == ["hd27/I.2/-1"]


def test_what_is_done_with_a_document_on_a_day_is_not_its_date():
    """ "hội nghị quán triệt Chỉ thị 9 hôm 26/11/2024": the day of the meeting, not a wrong date of the Directive;
    "Chỉ thị 9 hôm …" alone still is."""
    catalog, reader = reading(CENTRAL, "Hà Nội, ngày 02 tháng 5 năm 2024\n\n" + CENTRAL_TEXT)
    meeting = understand(
        "Huyện tổ chức hội nghị quán triệt Chỉ thị 9 hôm 26/11/2024, có bao nhiêu đại biểu?", catalog
    )
    assert premises.check(meeting, reader.sheets) == []
    wrong = understand("Chỉ thị 9 hôm 26/11/2024 giao các tỉnh ủy làm gì?", catalog)
    assert [c.kind for c in premises.check(wrong, reader.sheets)] == ["date"]


def test_a_year_counted_is_no_point_and_no_date():
    """ "… sau 1 năm là bao nhiêu?": how long, not "Năm là" (the fifth point) nor a date; "tiền phạt … bao
    nhiêu" asks a sum."""
    catalog, _ = invented(TOWN, TOWN_TEXT)
    q = understand("Tổng số tiền phạt mà thị xã thu được sau 1 năm là bao nhiêu?", catalog)
    assert q.point is None and q.fact_kinds == ("money",)
    assert "date" in understand("Báo cáo phải gửi sau ngày 30/6 hay trước?", catalog).fact_kinds


def test_two_counts_of_one_noun_stated_are_no_premise_to_correct():
    catalog, reader = reading(
        TOWN,
        TOWN_TEXT
        + "2. Đoàn kiểm tra liên ngành kiểm tra 186 cơ sở (kế hoạch 150 cơ sở), phát hiện 27 cơ sở vi "
        "phạm, chiếm 14,5%; trong đó 18 cơ sở vi phạm về nhãn hàng hóa.\n",
    )
    q = understand(
        "Đoàn kiểm tra 150 cơ sở thì có 27 cơ sở vi phạm, vậy tỷ lệ vi phạm là bao nhiêu?", catalog
    )
    answer = reader.answer(q, passages_for(reader, "kiểm tra cơ sở vi phạm tỷ lệ"))
    assert answer.route != "premise" and "14,5%" in answer.text


def test_studying_the_central_document_at_a_level_asks_of_that_levels_documents():
    catalog, _ = _both()
    assert understand(
        "Tỷ lệ đảng viên đi học Chỉ thị 9 ở huyện đạt bao nhiêu phần trăm?", catalog
    ).doc_ids == ("ctr7",)


def test_a_part_called_by_its_whole_heading_is_summarised_whatever_else_is_said():
    catalog, reader = reading(TOWN, TOWN_TEXT)
    q = understand(
        "Xin trợ lý tóm tắt giúp tôi phần tổ chức thực hiện của chương trình 7-CTr/ThU: từng cơ quan được giao "
        "việc gì, để tôi trình bày ngắn gọn trong buổi sinh hoạt chi bộ.",
        catalog,
    )
    assert not {"tro", "ly", "trinh", "bay", "buoi", "sinh", "hoat"} & set(q.terms)
    answer = reader.answer(q, passages_for(reader, "tổ chức thực hiện"))
    assert answer.route == "summary" and "TỔ CHỨC THỰC HIỆN" in answer.text and "MỤC TIÊU" not in answer.text


def test_a_target_year_claimed_with_toi_is_checked():
    catalog, reader = reading(
        CENTRAL,
        "CHỈ THỊ\nvề tăng cường công tác đo lường\n\n1. Đến năm 2030, xây dựng ít nhất một trung tâm kiểm định ở"
        " mỗi vùng.\n2. Ban cán sự đảng Bộ Khoa học và Công nghệ chủ trì, đôn đốc thực hiện Chỉ thị.\n",
    )
    q = understand(
        "Chỉ thị 9 chỉ đặt mục tiêu xây trung tâm kiểm định tới năm 2025 thôi, vậy ai chủ trì?", catalog
    )
    passages = passages_for(reader, "trung tâm kiểm định mục tiêu")
    answer = reader.answer(q, passages)
    assert answer.route == "premise" and "Đến năm 2030" in answer.text


def test_a_provincial_inspection_committee_is_the_issuer_and_names_its_plan():
    """ "TỈNH ỦY LAM THẠCH / ỦY BAN KIỂM TRA": the committee's commission issues the plan; "UBKT Tỉnh ủy", typed
    with accents, names it although every provincial document is the Tỉnh ủy's."""
    meta = apply_overrides(
        DocMeta(id="kh35", kind="Kế hoạch", number="35-KH/UBKTTU", title="kiểm tra, giám sát việc thực hiện Chỉ thị"
                " số 9-CT/TW", issuer="", date="2025-02-20", level="", short="Kế hoạch 35-KH/UBKTTU"),
        {"issuer": "Ủy ban Kiểm tra Tỉnh ủy Lam Thạch"}, "kh35.txt",
    )  # fmt: skip
    assert unit_words(meta.issuer) == {"uy ban kiem tra tinh uy"}
    province = replace(
        TOWN, id="ctr45", issuer="Ban Thường vụ Tỉnh ủy Lam Thạch", level="tỉnh", short="CTr 45"
    )
    catalog = Catalog.build({"ct9": CENTRAL, "kh35": meta, "ctr45": province}, [])
    q = understand("Đoàn kiểm tra của UBKT Tỉnh ủy làm việc ở đơn vị tối đa mấy ngày?", catalog)
    assert q.doc_ids == ("kh35",)


def test_the_issuer_under_its_parent_committee_is_read_from_the_header():
    from assistant.sources.meta import guess_meta

    text = (
        "TỈNH ỦY LAM THẠCH                    ĐẢNG CỘNG SẢN VIỆT NAM\nỦY BAN KIỂM TRA\n        *        Lam Giang,"
        " ngày 20 tháng 02 năm 2025\nSố 35-KH/UBKTTU\n\nKẾ HOẠCH\nkiểm tra, giám sát việc thực hiện Chỉ thị số "
        "38-CT/TW\n\nI. MỤC ĐÍCH\n- Đánh giá đúng thực trạng của Tỉnh ủy Lam Thạch.\n"
    )
    meta = guess_meta(text, "kh35.txt", set())
    assert meta.issuer.lower().startswith("ủy ban kiểm tra tỉnh ủy") and meta.issuer.endswith("Lam Thạch")
    assert meta.place == "Lam Giang"  # not the "*" under the issuer


def test_many_documents_named_by_a_level_are_not_listed_by_their_dates():
    """ "… nộp báo cáo về UBKT Tỉnh ủy trong bao lâu?": a duration inside one plan, not a reckoning between every
    provincial document's dates."""
    plans = {
        f"kh{i}": replace(TOWN, id=f"kh{i}", number=f"{i}-KH/TU", short=f"Kế hoạch {i}-KH/TU", level="tỉnh",
                          issuer="Ban Thường vụ Tỉnh ủy Lam Thạch", date=f"2024-0{i}-10")
        for i in range(1, 6)
    }  # fmt: skip
    text = "Lam Khê, ngày 10 tháng 02 năm 2024\n\nKẾ HOẠCH\n\n1. Đoàn báo cáo kết quả chậm nhất 10 ngày làm việc.\n"
    clauses = [
        c for d, m in plans.items() for c in parse_clauses(SourceDoc(m, text.replace("02", f"0{d[-1]}")))
    ]
    catalog = Catalog.build(plans, clauses)
    reader = knowing(clauses, plans)
    q = understand("Đoàn phải nộp báo cáo kết quả về tỉnh ủy trong bao lâu?", catalog)
    assert len(q.doc_ids) == 5
    answer = reader.answer(q, passages_for(reader, "đoàn báo cáo kết quả"))
    assert "Kế hoạch 1-KH/TU: ngày" not in answer.text
