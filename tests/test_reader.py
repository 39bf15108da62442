"""The reader's mechanisms on a small invented plan (tests/data): facts bound to the focus, premise
corrections, named-thing refusal, two-sentence messages and abbreviations. No index, no gold question."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from reading import invented, knowing, passages_for, reading

from assistant.answer import Reader, facts, premises, refusal
from assistant.clauses import parse_clauses
from assistant.names import Catalog
from assistant.query import expand_abbreviations, expand_chat, split_context, understand
from assistant.schema import DocMeta, Passage, SourceDoc
from assistant.text import normalize
from assistant.text.sentences import split_sentences

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def plan():
    meta = DocMeta(
        id="kh12", kind="Kế hoạch", number="12-KH/HU", title="thực hiện công tác tiêu chuẩn",
        issuer="Ban Thường vụ Huyện ủy Bình An", date="2025-05-02", level="huyện",
        short="Kế hoạch 12-KH/HU (Bình An)", signer="Trần Văn Mạnh (T/M Ban Thường vụ, Bí thư)", place="Bình An",
    )  # fmt: skip
    doc = SourceDoc(meta, normalize.nfc((DATA / "kh-binh-an.txt").read_text(encoding="utf-8")))
    clauses = parse_clauses(doc)
    catalog = Catalog.build({"kh12": meta}, clauses)
    idf = {}
    reader = Reader(clauses, {"kh12": meta}, idf)
    return catalog, reader, clauses


def test_a_date_is_taken_next_to_the_document_number_asked_about(plan):
    catalog, reader, clauses = plan
    q = understand("Nghị quyết 05-NQ/TU được ban hành ngày nào?", catalog)
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    fact = facts.bound_fact("date", q, sentences)
    assert fact is not None and "10/3/2020" in fact.value  # not the plan's own 02/5/2025


def test_a_deadline_question_is_not_answered_with_the_signing_date(plan):
    catalog, reader, clauses = plan
    q = understand("Hạn hoàn thành phòng thử nghiệm chất lượng nông sản là khi nào?", catalog)
    answer = reader.answer(q, passages_for(reader, "phòng thử nghiệm chất lượng nông sản"))
    assert not answer.refused and answer.route == "fact"
    assert "2027" in answer.text.splitlines()[0] and "2025" not in answer.text.splitlines()[0]


def test_a_fact_of_the_asked_kind_about_another_subject_is_not_asserted(plan):
    catalog, reader, clauses = plan
    q = understand("Tỷ lệ hộ dân dùng nước sạch đạt bao nhiêu phần trăm?", catalog)
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    assert facts.bound_fact("percent", q, sentences) is None  # 15% and 100% are about other things


def test_a_fact_binds_despite_typos_and_the_words_naming_the_document(plan):
    catalog, plain_reader, clauses = plan
    reader = knowing(clauses, plain_reader.metas)  # knows which words the plan has
    # "fí" (phí) is in no document, "huyện" names the plan: neither tells sentences apart
    q = understand("Ở huyện, người ta tính dành bao nhiu % kinh fí cho phòng thử nghiệm vậy", catalog)
    assert "percent" in q.fact_kinds and "fi" in q.focus  # ("nhiu" is read as the chat shorthand for "nhiêu")
    answer = reader.answer(q, passages_for(reader, "phòng thử nghiệm"))
    assert answer.route == "fact" and "15%" in answer.text.splitlines()[0]


def test_a_phone_number_is_answered_only_by_one_written_in_the_text(plan):
    catalog, reader, clauses = plan
    q = understand("Số điện thoại đường dây nóng về đo lường của huyện là gì?", catalog)
    assert "contact" in q.fact_kinds
    answer = reader.answer(q, passages_for(reader, "đo lường chợ"))
    assert answer.refused and answer.reason == "fact-unbound" and "số điện thoại" in answer.text
    # a plan that gives one: the number, quoted from its sentence
    meta = replace(reader.metas["kh12"], id="kh13", number="13-KH/HU", short="Kế hoạch 13-KH/HU")
    text = "HUYỆN ỦY BÌNH AN\nSố 13-KH/HU\nKẾ HOẠCH\n1. Người dân phản ánh vi phạm về đo lường qua đường dây nóng 0226.385.2121.\n"
    phone = parse_clauses(SourceDoc(meta, text))
    with_phone = knowing(phone, {"kh13": meta})
    q = understand(
        "Số điện thoại đường dây nóng phản ánh vi phạm đo lường là gì?", Catalog.build({"kh13": meta}, phone)
    )
    answer = with_phone.answer(q, [Passage(c, 1.0 / i) for i, c in enumerate(reversed(phone), start=1)])
    assert not answer.refused and answer.text.startswith("0226.385.2121")


def test_a_post_is_answered_only_by_a_name_written_next_to_it(plan):
    catalog, reader, clauses = plan
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    held = understand("Ai là Phó Chủ tịch Ủy ban nhân dân huyện?", catalog)
    assert "person" in held.fact_kinds and held.post == "pho chu tich"
    fact = facts.bound_fact("person", held, sentences)
    assert fact is not None and fact.value == "Lê Thị Hoa"
    # the office is named in the plan, its head is not: no name is bound, so none is asserted
    unnamed = understand("Trưởng phòng Kinh tế và Hạ tầng của huyện là ai?", catalog)
    assert "person" in unnamed.fact_kinds and facts.bound_fact("person", unnamed, sentences) is None
    answer = reader.answer(unnamed, passages_for(reader, "Phòng Kinh tế và Hạ tầng chủ trì kiểm tra"))
    assert answer.refused and answer.reason == "fact-unbound"
    assert "Lê Thị Hoa" not in answer.text and "Trần Văn Mạnh" not in answer.text


def test_a_place_question_is_answered_only_by_a_place_of_the_level_asked(plan):
    catalog, reader, clauses = plan
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    assert facts.places("HUYỆN ỦY BÌNH AN, xã Tân Lộc và thành phố Hải Phòng") == [
        "xã Tân Lộc",
        "thành phố Hải Phòng",
    ]
    q = understand("Kế hoạch này triển khai ở xã nào?", catalog)
    assert "place" in q.fact_kinds and q.place_level == "xa"
    assert facts.bound_fact("place", q, sentences) is None  # the plan names no commune
    answer = reader.answer(q, passages_for(reader, "trên địa bàn huyện"))
    assert answer.refused and answer.reason == "fact-unbound"
    assert "place" not in understand("Cơ quan nào chủ trì kiểm tra?", catalog).fact_kinds  # not "quận nào"


def test_an_accented_question_keeps_words_that_fold_to_function_words(plan):
    catalog, reader, clauses = plan
    q = understand("Kế hoạch có hiệu lực từ ngày nào?", catalog)
    assert {"hieu", "luc"} <= set(q.focus)  # "lực" is not "lúc", "hiệu" is not the "hiệu" of "số hiệu"
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    assert facts.bound_fact("date", q, sentences) is None  # the plan states no effective date
    # typed without accents a lone "luc" could be "lúc": judged on the folded list; the pair "hieu luc" is
    # "hiệu lực" (no question says "số hiệu lúc"), kept, and binds no date either
    assert "luc" not in understand("ke hoach ban hanh luc nao", catalog).focus
    folded = understand("ke hoach co hieu luc tu ngay nao", catalog)
    assert {"hieu", "luc"} <= set(folded.focus) and facts.bound_fact("date", folded, sentences) is None


def test_a_wrong_issuer_is_corrected_first_and_cited(plan):
    catalog, reader, clauses = plan
    q = understand("Kế hoạch 12-KH/HU do Bộ Chính trị ban hành đề ra những nhiệm vụ gì?", catalog)
    corrections = premises.check(q, reader.sheets)
    assert [c.kind for c in corrections] == ["issuer"]
    answer = reader.answer(q, passages_for(reader, "nhiệm vụ giải pháp"))
    first = answer.text.splitlines()[0]
    assert (
        answer.route == "premise"
        and "Ban Thường vụ Huyện ủy Bình An" in first
        and "không phải Bộ Chính trị" in first
    )
    assert answer.citations and "[1]" in first


def test_a_wrong_issuer_right_after_the_documents_name_is_corrected_whatever_it_implements(plan):
    catalog, reader, clauses = plan
    # the plan carries out a Politburo resolution; "Kế hoạch 12-KH/HU của Bộ Chính trị" still claims its issuer
    meta = replace(reader.metas["kh12"], implements=("Nghị quyết số 05-NQ/TW của Bộ Chính trị",))
    implementing = Reader(clauses, {"kh12": meta}, {})
    q = understand("Kế hoạch 12-KH/HU của Bộ Chính trị được ban hành ngày nào?", catalog)
    assert [c.kind for c in premises.check(q, implementing.sheets)] == ["issuer"]
    # "… thực hiện nghị quyết của Bộ Chính trị" names the resolution's author, not the plan's
    q = understand("Kế hoạch 12-KH/HU thực hiện nghị quyết của Bộ Chính trị ra sao?", catalog)
    assert premises.check(q, implementing.sheets) == []


def test_an_issuer_claim_ends_where_the_question_goes_on(plan):
    catalog, reader, _ = plan
    # "… của Ban Thường vụ Huyện ủy Bình An được ban hành": the claim is the body, not "… Bình An được"
    q = understand("Kế hoạch 12-KH/HU của Ban Thường vụ Huyện ủy Bình An được ban hành ngày nào?", catalog)
    assert premises.check(q, reader.sheets) == []
    q = understand("Kế hoạch 12-KH/HU của Bộ Chính trị được ban hành ngày nào?", catalog)
    assert [c.wrong for c in premises.check(q, reader.sheets)] == ["bo chinh tri"]
    # a word inside a name that folds like a verb ("giáo" / "giao", "Đảng" / "đang") does not end the claim
    q = understand("Kế hoạch 12-KH/HU do Ban Tuyên giáo Đảng ủy tỉnh ban hành nhằm gì?", catalog)
    assert [c.wrong for c in premises.check(q, reader.sheets)] == ["ban tuyen giao dang uy tinh"]


def test_a_heading_that_states_something_is_read_as_a_sentence():
    meta = DocMeta(
        id="kh5", kind="Kế hoạch", number="5-KH/UBND", title="về đo lường", issuer="Ủy ban nhân dân huyện Hòa Lạc",
        date="2025-03-01", level="huyện", short="Kế hoạch 5-KH/UBND", place="Hòa Lạc",
    )  # fmt: skip
    text = (
        "ỦY BAN NHÂN DÂN HUYỆN HÒA LẠC\nSố: 5-KH/UBND\nKẾ HOẠCH\nvề đo lường\nI. TỔ CHỨC THỰC HIỆN\n"
        "1. Phòng Kinh tế tham mưu Ủy ban nhân dân huyện ban hành kế hoạch kiểm tra chợ trước ngày 31/12/2025; "
        "trong đó:\n- Kiểm tra cân tại các chợ.\n- Kiểm tra cột đo xăng dầu.\n2. Phòng Tài chính bố trí kinh phí.\n"
    )
    clauses = parse_clauses(SourceDoc(meta, text))
    heading = next(c for c in clauses if c.text.startswith("Phòng Kinh tế"))
    assert heading.kind == "heading"  # it stands over its items …
    reader = knowing(clauses, {"kh5": meta})
    q = understand(
        "Phòng Kinh tế phải tham mưu ban hành kế hoạch kiểm tra chợ trước ngày nào?",
        Catalog.build({"kh5": meta}, clauses),
    )
    ranked = [heading] + [c for c in clauses if c is not heading]
    answer = reader.answer(q, [Passage(c, 1.0 / i) for i, c in enumerate(ranked, start=1)])
    assert answer.route == "fact" and answer.text.startswith("ngày 31/12/2025 [1]")  # … and says something


def test_a_right_premise_is_not_corrected(plan):
    catalog, reader, _ = plan
    q = understand("Kế hoạch 12-KH/HU do Ban Thường vụ Huyện ủy ban hành ngày 02/5/2025 nhằm gì?", catalog)
    assert premises.check(q, reader.sheets) == []


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Kế hoạch 12-KH/HU do ông Nguyễn Văn Bình ký phải không?", "signer"),
        ("Kế hoạch 12-KH/HU có 5 nhóm nhiệm vụ, đó là gì?", "count"),
        ("Kế hoạch 12-KH/HU ban hành ngày 15/6/2025 đúng không?", "date"),
    ],
)
def test_wrong_signer_count_and_date_are_corrected(plan, question, kind):
    catalog, reader, _ = plan
    corrections = premises.check(understand(question, catalog), reader.sheets)
    assert [c.kind for c in corrections] == [kind]
    assert corrections[0].clause is not None


def test_the_clause_an_answer_read_by_structure_leads_its_passages(plan):
    catalog, reader, _ = plan
    q = understand("Kế hoạch 12-KH/HU do ông Nguyễn Văn Bình ký phải không?", catalog)
    searched = [p for p in passages_for(reader, "nhiệm vụ giải pháp") if p.clause.kind != "header"]
    answer = reader.answer(q, searched)
    assert answer.route == "premise"
    cited = answer.citations[0].clause
    assert cited.kind == "header" and cited not in [p.clause for p in searched]
    # the signature the correction quotes is what the answer was built from: first, and marked as read
    assert answer.passages[0].clause is cited and answer.passages[0].found_by == "read"
    assert [p.clause for p in answer.passages[1:]] == [p.clause for p in searched]
    # when the search ranks it among the passages read, the search's order stands
    ranked = [p for p in searched if p.clause is not cited]
    ranked = ranked[:2] + [Passage(cited, 0.5)] + ranked[2:]
    found = reader.answer(q, ranked)
    assert found.citations[0].clause is cited
    assert [p.clause for p in found.passages] == [p.clause for p in ranked]
    assert all(p.found_by != "read" for p in found.passages)


def test_date_arithmetic_reckons_with_a_document_the_plan_only_cites(plan):
    catalog, reader, clauses = plan
    citing = next(c for c in clauses if "05-NQ/TU" in c.text)
    own_date = next(c for c in clauses if c.kind == "header" and c.path[0] == "ngay")
    days = (dt.date(2025, 5, 2) - dt.date(2020, 3, 10)).days
    for question in (
        "Kế hoạch 12-KH/HU ra sau Nghị quyết 05-NQ/TU bao nhiêu ngày?",
        "Kế hoạch 12-KH/HU ra đời sau Nghị quyết 05 bao lâu?",  # the cited one by kind and number only
        "Nghị quyết về phát triển công nghiệp mà Kế hoạch 12-KH/HU căn cứ có trước nó bao lâu?",  # described
    ):
        answer = reader.answer(understand(question, catalog), passages_for(reader, "nghị quyết kế hoạch"))
        assert answer.route == "fact" and f"{days} ngày" in answer.text, question
        assert "5 năm 1 tháng" in answer.text  # 10/3/2020 to 02/5/2025
        assert {c.clause.id for c in answer.citations} == {citing.id, own_date.id}


def test_a_wrong_date_or_year_of_a_cited_document_is_corrected(plan):
    catalog, reader, clauses = plan
    citing = next(c for c in clauses if "05-NQ/TU" in c.text)
    for question, wrong in (
        ("Nghị quyết 05-NQ/TU ngày 10/3/2021 đặt ra yêu cầu gì cho huyện?", "không phải ngày 10/3/2021"),
        ("Huyện thực hiện Nghị quyết 05-NQ/TU năm 2019 về phát triển công nghiệp thế nào?", "không phải năm 2019"),
    ):  # fmt: skip
        corrections = premises.check_cited(understand(question, catalog), reader.refs)
        assert [c.kind for c in corrections] == ["date"] and corrections[0].clause is citing
        assert "10/3/2020" in corrections[0].text and wrong in corrections[0].text
    right = understand("Nghị quyết 05-NQ/TU ngày 10/3/2020 đặt ra yêu cầu gì?", catalog)
    assert premises.check_cited(right, reader.refs) == []


def test_a_mistyped_cited_number_is_corrected_not_refused(plan):
    catalog, reader, clauses = plan
    q = understand(
        "Kế hoạch 12-KH/HU căn cứ Nghị quyết 50-NQ/TU, vậy nó đề ra bao nhiêu nhóm nhiệm vụ?", catalog
    )
    assert [n.text for n in q.unknown_names] == ["50-NQ/TU"]
    answer = reader.answer(q, passages_for(reader, "nhóm nhiệm vụ giải pháp"))
    first = answer.text.splitlines()[0]
    assert not answer.refused and answer.route == "premise"
    assert "05-NQ/TU" in first and "không phải 50-NQ/TU" in first
    # a different digit is another document, not a slip: no guess, the name stays unknown
    other = understand("Nghị quyết 06-NQ/TU giao nhiệm vụ gì?", catalog)
    assert premises.check_cited(other, reader.refs) == [] and other.unknown_names


def test_a_name_no_document_contains_is_refused_by_name(plan):
    catalog, reader, _ = plan
    q = understand("Tỉnh ủy Cà Mau giao nhiệm vụ gì về đo lường?", catalog)
    assert [n.text for n in q.unknown_names] == ["Tỉnh ủy Cà Mau"]
    answer = reader.answer(q, passages_for(reader, "nhiệm vụ đo lường"))
    assert answer.refused and answer.reason == "named-thing-absent" and "Cà Mau" in answer.text
    known = understand("Phòng Kinh tế và Hạ tầng chủ trì việc gì?", catalog)
    assert not known.unknown_names


def test_chat_shorthand_is_read_as_words_not_as_names(plan):
    catalog, reader, _ = plan
    assert expand_chat("kế hoạch của huyện hk mn") == "kế hoạch của huyện không"
    assert expand_chat("ad ơi ai kí z") == "ơi ai kí vậy"
    assert expand_chat("Điểm k của mục 2; Zalo") == "Điểm k của mục 2; Zalo"  # letters that are words stay
    assert expand_chat("bao nhiu phần trăm") == "bao nhiêu phần trăm"
    # "tỉnh hk mn" is no place the documents lack: the question is answered, not refused by name
    q = understand(
        "huyện bố trí bao nhiêu % kinh phí cho phòng thử nghiệm theo kế hoạch của tỉnh hk mn", catalog
    )
    assert not q.unknown_names
    assert not reader.answer(q, passages_for(reader, "phòng thử nghiệm kinh phí")).refused


def test_a_question_typed_mostly_without_accents_is_read_as_one_typed_without(plan):
    assert normalize.mostly_plain("phong kinh te huyen đc giao làm j vậy")
    assert not normalize.mostly_plain("Phòng Kinh tế và Hạ tầng chủ trì kiểm tra cân đối chứng ở chợ")
    assert not normalize.mostly_plain("CT38 do ai ký?")  # too short to tell; capitals do not count


def test_a_two_sentence_message_whose_question_has_no_words_of_its_own_reads_its_context(plan):
    catalog, reader, _ = plan
    q = understand("Kế hoạch 12-KH/HU có giao việc kiểm tra cân đối chứng. Đó là việc của ai?", catalog)
    assert q.context and {"kiem", "tra", "can"} <= set(q.terms)
    q = understand(
        "Tôi đang đọc Kế hoạch 12-KH/HU. Phòng thử nghiệm chất lượng nông sản xong khi nào?", catalog
    )
    assert "doc" not in q.terms  # a question with words of its own keeps them


def test_the_number_of_a_document_a_plan_rests_on_is_not_its_own_number(plan):
    catalog, reader, _ = plan
    q = understand("Kế hoạch 12-KH/HU căn cứ nghị quyết số mấy của tỉnh?", catalog)
    assert "reference" in q.fact_kinds and q.header_part is None
    # the words asking for a header part are no other topic ("ai viết", "tên tác giả")
    q = understand("cho hỏi Kế hoạch 12-KH/HU là ai ký, tên người ký là gì vậy", catalog)
    answer = reader.answer(q, passages_for(reader, "kế hoạch"))
    assert answer.route == "fact" and answer.text.startswith("Trần Văn Mạnh")


def test_a_lone_i_and_y_are_one_spelling(plan):
    catalog, reader, _ = plan
    assert normalize.key("Ai kí kế hoạch, tỉ lệ bao nhiêu, kĩ thuật, quí IV") == normalize.key(
        "Ai ký kế hoạch, tỷ lệ bao nhiêu, kỹ thuật, quý IV"
    )
    assert normalize.key("chỉ thị, khi, kinh") == "chỉ thị, khi, kinh"  # i inside a longer syllable stays
    q = understand("kế hoạch 12-KH/HU ai kí", catalog)
    assert "signer" in q.fact_kinds


def test_a_long_described_topic_is_not_refused_by_name(plan):
    catalog, _, _ = plan
    # a short topic no document writes is named in the refusal …
    short = understand("Kế hoạch nói gì về bảo hiểm y tế?", catalog)
    assert [n.text for n in short.unknown_names] == ["bảo hiểm y tế"]
    # … a long description in the asker's own words is a paraphrase for the decision to weigh
    long = understand(
        "Kế hoạch nói gì về việc đi cân thử hàng hoá ở các sạp buôn bán và mấy cây xăng trong huyện?", catalog
    )
    assert not [n for n in long.unknown_names if n.kind == "topic"]


def test_those_like_is_no_count(plan):
    """ "giao mấy tổ chức như hội phụ nữ … làm gì": "mấy … như" is "those, like"; "mấy tổ chức?" counts."""
    catalog, _, _ = plan
    kinds = understand(
        "Kế hoạch giao mấy tổ chức như hội phụ nữ, đoàn thanh niên làm gì ạ?", catalog
    ).fact_kinds
    assert "count" not in kinds
    assert "count" in understand("Kế hoạch giao nhiệm vụ cho mấy tổ chức?", catalog).fact_kinds


def test_how_many_of_each_kind_asks_counts_not_a_rank(plan):
    catalog, _, _ = plan
    kinds = understand(
        "Đoàn kiểm tra đã kiểm tra những loại cơ sở nào, mỗi loại bao nhiêu cơ sở?", catalog
    ).fact_kinds
    assert "rank" not in kinds and "count" in kinds
    assert "rank" in understand("Sản phẩm chè được xếp hạng mấy sao?", catalog).fact_kinds


def test_who_a_document_is_sent_to_is_its_recipients(plan):
    catalog, _, _ = plan
    for asked in (
        "Kế hoạch gửi cho những ai?",
        "ke hoach gui den nhung don vi nao",
        "KH gửi tới cơ quan nào",
    ):
        assert "recipient" in understand(asked, catalog).fact_kinds, asked


def test_a_body_another_document_names_is_absent_from_a_plan_that_only_has_its_words(plan):
    _, reader, plan_clauses = plan
    other = DocMeta(
        id="kh7", kind="Kế hoạch", number="7/KH-UBND", title="về chợ", issuer="Ủy ban nhân dân tỉnh Hà Nam",
        date="2025-01-02", level="tỉnh", short="Kế hoạch 7/KH-UBND", place="Hà Nam",
    )  # fmt: skip
    text = (
        "ỦY BAN NHÂN DÂN TỈNH HÀ NAM\nSố: 7/KH-UBND\nKẾ HOẠCH\nvề chợ\n1. Sở Công Thương kiểm tra các chợ.\n"
    )
    clauses = plan_clauses + parse_clauses(SourceDoc(other, text))
    catalog = Catalog.build({"kh12": reader.metas["kh12"], "kh7": other}, clauses)
    # the plan has "công" (công tác) and "thường" (Ban Thường vụ), never "Công Thương" together
    q = understand("Kế hoạch 12-KH/HU giao Sở Công Thương làm gì?", catalog)
    assert [(n.text, n.absent_from) for n in q.unknown_names] == [
        ("Sở Công Thương", "Kế hoạch 12-KH/HU (Bình An)")
    ]
    # a body the plan names in short is held: its core words stand together ("Kinh tế")
    assert not understand("Kế hoạch 12-KH/HU giao Phòng Kinh tế làm gì?", catalog).unknown_names
    assert not understand("Kế hoạch 7/KH-UBND giao Sở Công Thương làm gì?", catalog).unknown_names
    # a programme written in capitals that another document holds, asked of one that lacks it
    other_text = text + "2. Hỗ trợ sản phẩm OCOP đạt tiêu chuẩn.\n"
    clauses = plan_clauses + parse_clauses(SourceDoc(other, other_text))
    catalog = Catalog.build({"kh12": reader.metas["kh12"], "kh7": other}, clauses)
    q = understand("Kế hoạch 12-KH/HU có hỗ trợ sản phẩm OCOP không?", catalog)
    assert [(n.kind, n.text) for n in q.unknown_names] == [("acronym", "OCOP")]
    assert not understand("Kế hoạch 7/KH-UBND có hỗ trợ sản phẩm OCOP không?", catalog).unknown_names
    # capitals no document holds may be an abbreviation the reader does not expand: no claim of absence
    assert not understand("Kế hoạch 12-KH/HU có xây dựng CSDL không?", catalog).unknown_names


def test_names_are_read_whole_as_official_texts_write_them(plan):
    catalog, reader, _ = plan

    def names(question: str) -> list[tuple[str, bool]]:
        return [(n.text, n.known) for n in understand(question, catalog).named if n.kind == "organization"]

    # a word's later syllables are lower-case ("Kinh tế", as the plan writes it): the whole name is the one
    # no document has, not "Bộ Kinh"
    assert names("Bộ Kinh tế và Hạ tầng giao gì cho huyện?") == [("Bộ Kinh tế và Hạ tầng", False)]
    # "và" joins a name, but a new head after it starts another one
    assert names("Phòng Kinh tế và Hạ tầng và Sở Tài chính phối hợp thế nào?")[-1] == ("Sở Tài chính", False)
    # "Đảng bộ tỉnh" is a party committee, not a ministry ("Bộ"); the plan cites its Ban Chấp hành
    assert not understand("Ban Chấp hành Đảng bộ tỉnh ban hành nghị quyết nào?", catalog).unknown_names
    # a body named with its place ("… huyện Bình An") is the plan's "Ủy ban nhân dân huyện"
    assert not understand("Ủy ban nhân dân huyện Bình An cụ thể hóa kế hoạch ra sao?", catalog).unknown_names
    # a head written with a capital ("Phòng", "Luật") starts a name, and a name's one capitalised syllable
    # takes the rest of its word ("Giao thông"); written in lower case it is an ordinary word
    assert names("Huyện giao Phòng Kinh tế và Hạ tầng chủ trì việc gì?") == [
        ("Phòng Kinh tế và Hạ tầng", True)
    ]
    assert names("Kế hoạch có sửa Luật Giao thông đường bộ không?") == [("Luật Giao thông", False)]
    assert names("Phòng thử nghiệm chất lượng nông sản xây ở đâu?") == []
    # a word a sentence starts with is capitalised anyway: no name starts there unless it is a family name
    assert names("Riêng Phòng Kinh tế và Hạ tầng làm gì?") == [("Phòng Kinh tế và Hạ tầng", True)]
    assert not understand("Riêng Ban Thường vụ làm gì?", catalog).unknown_names
    assert names("Nguyễn Văn Bình giữ chức vụ gì?") == [("Nguyễn Văn Bình", False)]
    # a function word ends a name ("… Cà Mau mà huyện thực hiện")
    assert names("Kế hoạch của Tỉnh ủy Cà Mau mà huyện thực hiện ra sao?") == [("Tỉnh ủy Cà Mau", False)]
    # a lower-case word after a place is not part of the name
    assert names("Ban Thường vụ Huyện ủy Bình An xác định nhiệm vụ gì?") == [
        ("Ban Thường vụ Huyện ủy Bình An", True)
    ]
    # a family name right after a body's head starts a person: the post's body, then who holds it
    assert names("Giám đốc Sở Trần Đức Hiển ký văn bản nào?") == [("Trần Đức Hiển", False)]
    assert names("Hội Nông dân huyện làm gì?")[0][0].startswith("Hội Nông")  # "Nông" then no capital
    # "xã bọn em", "huyện chúng tôi": the asker's own, no name
    assert not understand("Đoàn xã bọn em phải vận động đoàn viên làm gì?", catalog).unknown_names
    assert not understand("huyện chúng tôi phải làm gì?", catalog).unknown_names


def test_a_document_named_by_kind_and_number_that_no_text_holds_or_cites_is_refused_by_name(plan):
    catalog, reader, _ = plan
    q = understand("Kế hoạch 12 có thực hiện Nghị quyết số 09 của tỉnh không?", catalog)
    assert [n.text for n in q.unknown_names] == ["Nghị quyết số 09"]
    answer = reader.answer(q, passages_for(reader, "nghị quyết tỉnh"))
    assert answer.refused and answer.reason == "named-thing-absent" and "Nghị quyết số 09" in answer.text
    # the plan cites Nghị quyết 05-NQ/TU, and "Kế hoạch 12" is the plan itself
    assert not understand("Kế hoạch 12 thực hiện Nghị quyết 05 ra sao?", catalog).unknown_names
    # a report over six months and the year's plan are no document numbers
    for asked in (
        "Báo cáo 6 tháng gửi trước ngày nào?",
        "Số cơ sở được kiểm tra so với KH 2025 đạt bao nhiêu?",
    ):
        assert not understand(asked, catalog).unknown_names, asked
    assert [n.text for n in understand("Kế hoạch số 2025 giao việc gì?", catalog).unknown_names] == [
        "Kế hoạch số 2025"
    ]


def test_a_topic_the_documents_never_write_is_refused_by_name(plan):
    catalog, reader, _ = plan
    q = understand("Kế hoạch 12 nói gì về bảo hiểm y tế?", catalog)
    assert [(n.kind, n.text) for n in q.unknown_names] == [("topic", "bảo hiểm y tế")]
    answer = reader.answer(q, passages_for(reader, "bảo hiểm y tế"))
    assert answer.refused and answer.reason == "named-thing-absent" and "bảo hiểm y tế" in answer.text
    # the plan's own topics, however asked, and typed without accents; a topic of one unknown word is left
    # to the answer decision (a single syllable may be a paraphrase)
    for asked in ("Kế hoạch 12 đề cập đến phòng thử nghiệm chất lượng nông sản như thế nào?",
                  "ke hoach 12 noi gi ve do luong trong cac cho", "Kế hoạch 12 nói gì về thuế?"):  # fmt: skip
        assert not understand(asked, catalog).unknown_names, asked


def test_a_body_known_elsewhere_but_absent_from_the_document_asked_about_is_refused_by_name(plan):
    _, _, clauses = plan
    meta = DocMeta(
        id="cv7", kind="Công văn", number="7-CV/UBND", title="về tuyên truyền đo lường", issuer="Ủy ban nhân dân xã Tân Phú",
        date="2025-06-01", level="xã", short="Công văn 7-CV/UBND (Tân Phú)", place="Tân Phú",
    )  # fmt: skip
    letter = SourceDoc(meta, "Ủy ban nhân dân xã Tân Phú đề nghị các thôn tuyên truyền về đo lường tại chợ.")
    both = {"kh12": plan[1].metas["kh12"], "cv7": meta}
    catalog = Catalog.build(both, clauses + parse_clauses(letter))
    q = understand("Công văn 7 giao đồng chí Lê Thị Hoa làm gì?", catalog)
    [absent] = q.unknown_names
    assert "Lê Thị Hoa" in absent.text and absent.absent_from == meta.short
    text = refusal.refusal_text("named-thing-absent", q.unknown_names, ())
    assert text.startswith("Công văn 7-CV/UBND (Tân Phú) không nhắc đến «") and "Lê Thị Hoa" in text
    # in the plan that names her, or across both documents, she is known
    assert not understand("Kế hoạch 12 giao đồng chí Lê Thị Hoa làm gì?", catalog).unknown_names
    assert not understand("Kế hoạch 12 và Công văn 7 giao đồng chí Lê Thị Hoa làm gì?", catalog).unknown_names


def test_unsure_refusal_does_not_claim_absence():
    text = refusal.refusal_text("unsure", [], ())
    assert "không đề cập" not in text and "Chưa tìm thấy" in text


def test_a_refusal_in_the_chat_lists_the_nearest_clauses_once_and_claims_no_absence(plan):
    from assistant.web.render import render_answer

    _, reader, clauses = plan
    passages = [Passage(c, 1.0) for c in clauses if c.kind == "body"][:3]
    text = refusal.refusal_text("unsure", [], ())
    shown = render_answer(refusal.refusal_answer("Câu hỏi?", text, passages, "unsure"))
    for p in passages:
        label = p.clause.label  # once, as a link that opens the clause, not again as plain text
        assert shown.count(f">{label}</a>") == 1 and f"- {label}" not in shown, label
    assert "Không tìm thấy" not in shown and "Chưa tìm thấy" in shown


def test_a_two_sentence_message_splits_into_context_and_question(plan):
    catalog, _, _ = plan
    assert split_context("Tôi đang đọc kế hoạch của Bình An. Ai chủ trì kiểm tra cân?") == (
        "Tôi đang đọc kế hoạch của Bình An.",
        "Ai chủ trì kiểm tra cân?",
    )
    assert split_context("Ai chủ trì kiểm tra cân đối chứng?")[0] == ""
    q = understand("Tôi đang đọc kế hoạch của Bình An. Ai chủ trì kiểm tra cân?", catalog)
    assert q.doc_ids == ("kh12",) and q.text == "Ai chủ trì kiểm tra cân?" and q.context


def test_a_follow_up_takes_the_previous_turn_as_context(plan):
    catalog, _, _ = plan
    first = understand("Kế hoạch 12-KH/HU giao Phòng Kinh tế làm gì?", catalog)
    follow = understand("còn Ủy ban nhân dân huyện thì sao?", catalog, first)
    assert follow.follow_up and follow.doc_ids == ("kh12",) and "Phòng Kinh tế" in follow.search_text


def test_abbreviations_are_expanded():
    assert expand_abbreviations("CT38 và QĐ 1703 nói gì về TĐC?") == (
        "Chỉ thị 38 và Quyết định 1703 nói gì về tiêu chuẩn, đo lường, chất lượng?"
    )
    assert expand_abbreviations("số hiệu KH xã") == "số hiệu Kế hoạch xã"
    assert expand_abbreviations("hai là") == "hai là"  # ordinary words are left alone
    assert expand_abbreviations("BCSĐ và ĐB cơ sở dùng NSNN") == (
        "Ban cán sự đảng và đảng bộ cơ sở dùng ngân sách nhà nước"
    )
    # in lower case, or only capitalised, these are words or chat shorthand ("qh" = quan hệ), not "QH"
    assert expand_abbreviations("Tu qh giữa hai văn bản") == "Tu qh giữa hai văn bản"


def test_a_summary_quotes_the_documents_points(plan):
    catalog, reader, _ = plan
    q = understand("Tóm tắt Kế hoạch 12-KH/HU", catalog)
    answer = reader.answer(q, passages_for(reader, "kế hoạch"))
    assert answer.route == "summary" and len(answer.citations) >= 3
    # a plan written in parts I., II., III. is summarised part by part, every part shown with its points
    lines = answer.text.splitlines()
    parts = [line for line in lines if re.match(r"[IVX]+\. ", line)]
    assert parts == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ, GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN"]
    last = lines[lines.index(parts[-1]) + 1 :]
    assert last and all(re.search(r"\[\d+\]$", line) for line in last)  # the last part's points, cited
    assert any(c.clause.path[0] == "III" for c in answer.citations)


def test_a_summary_of_the_part_its_words_name(plan):
    catalog, reader, clauses = plan
    # "các nhiệm vụ, giải pháp" asks for a list, and names part II too
    q = understand("Tóm tắt các nhiệm vụ, giải pháp của Kế hoạch 12-KH/HU", catalog)
    answer = reader.answer(q, passages_for(reader, "kế hoạch"))
    cited = {c.clause.path[0] for c in answer.citations}
    assert answer.route == "summary" and cited == {"II"}
    assert "Tuyên truyền về đo lường" in answer.text


def test_a_summary_of_a_part_without_a_heading_quotes_that_part(plan):
    catalog, reader, clauses = plan
    preamble = [c for c in clauses if c.kind != "header" and "phần mở đầu" in c.label]
    assert preamble  # the "Căn cứ …" paragraph before I.
    q = understand("Phần mở đầu của Kế hoạch 12-KH/HU nói gì, tóm lại giúp tôi", catalog)
    assert q.is_summary
    answer = reader.answer(q, passages_for(reader, "kế hoạch"))
    assert answer.route == "summary" and [c.clause.id for c in answer.citations] == [c.id for c in preamble]
    assert "phần mở đầu" in answer.text.splitlines()[0]


def test_a_list_question_naming_a_heading_gets_its_items_whatever_was_retrieved(plan):
    catalog, reader, clauses = plan
    unrelated = passages_for(reader, "Bình An ngày tháng năm")  # retrieval is not what finds the part
    count = reader.answer(understand("Kế hoạch 12-KH/HU có mấy nhóm nhiệm vụ?", catalog), unrelated)
    intro = next(c for c in clauses if c.text.startswith("Kế hoạch đề ra 3 nhóm"))
    assert count.route == "list" and count.text.startswith("3 nhóm nhiệm vụ")
    assert [c.clause.id for c in count.citations] == [intro.id]
    aims = reader.answer(
        understand("Kế hoạch 12-KH/HU tổ chức thực hiện qua những nội dung gì?", catalog), unrelated
    )
    assert aims.route == "list" and {c.clause.path[0] for c in aims.citations} == {"III"}


def test_a_word_every_candidate_sentence_holds_does_not_pick_the_sentence():
    from assistant.answer.reader import _discriminating

    texts = [
        "Ban Tuyên giáo đề nghị phối hợp.",
        "Ban Tuyên giáo gửi kèm Chỉ thị.",
        "Ban Tuyên giáo đề nghị tuyên truyền.",
    ]
    w = _discriminating(["tuyen", "giao", "kem"], texts, {"tuyen": 2.0, "giao": 2.0, "kem": 2.0})
    assert w["kem"] > 10 * w["giao"]  # "kèm" tells the second sentence apart; "Tuyên giáo" is in all three
    assert w["tuyen"] == w["giao"] > 0  # never zero: a question of only such words still ranks by them


def test_a_summary_of_a_topic_no_part_is_named_after_comes_from_the_best_passages(plan):
    catalog, reader, clauses = plan
    q = understand("Tóm tắt việc kiểm tra cân đối chứng ở chợ trong Kế hoạch 12-KH/HU", catalog)
    assert q.is_summary
    answer = reader.answer(q, passages_for(reader, "kiểm tra cân đối chứng chợ"))
    checks = next(c for c in clauses if "cân đối chứng" in c.text)
    assert answer.route != "summary" and answer.citations[0].clause.id == checks.id


def test_a_document_described_through_a_named_one_is_the_one_asked_about(plan):
    _, _, plan_clauses = plan
    plan_meta = DocMeta(
        id="kh12", kind="Kế hoạch", number="12-KH/HU", title="thực hiện công tác tiêu chuẩn",
        issuer="Ban Thường vụ Huyện ủy Bình An", date="2025-05-02", level="huyện",
        short="Kế hoạch 12-KH/HU (Bình An)", place="Bình An",
    )  # fmt: skip
    resolution = DocMeta(
        id="nq05", kind="Nghị quyết", number="05-NQ/TU", title="về phát triển công nghiệp",
        issuer="Ban Chấp hành Đảng bộ tỉnh", date="2020-03-10", level="tỉnh", short="Nghị quyết 05-NQ/TU",
        signer="Phạm Văn Lợi (T/M Tỉnh ủy, Bí thư)",
    )  # fmt: skip
    text = (
        "TỈNH ỦY\nSố 05-NQ/TU\nNGHỊ QUYẾT\nvề phát triển công nghiệp\n1. Phát triển công nghiệp chế biến.\n"
    )
    clauses = plan_clauses + parse_clauses(SourceDoc(resolution, text))
    catalog = Catalog.build({"kh12": plan_meta, "nq05": resolution}, clauses)
    q = understand("Nghị quyết mà Kế hoạch 12-KH/HU căn cứ vào do ai ký?", catalog)
    assert q.doc_ids == ("nq05",)  # the plan cites it: the question asks about the resolution's signer
    assert understand("Kế hoạch 12-KH/HU do ai ký?", catalog).doc_ids == ("kh12",)
    # the words describing it name it: its header is asked for, though the plan's kind is said too
    q = understand("Văn bản mà kế hoạch của huyện Bình An căn cứ vào là do ai ký?", catalog)
    assert q.doc_ids == ("nq05",) and q.header_part == "chu-ky" and not q.focus
    # "X ban hành <văn bản A> để thực hiện <văn bản B>": X is claimed as A's issuer, not B's
    both = Reader(clauses, {"kh12": plan_meta, "nq05": resolution}, {}).sheets
    said = (
        "Ban Thường vụ Huyện ủy Bình An ban hành Kế hoạch 12-KH/HU để thực hiện Nghị quyết 05-NQ/TU ra sao?"
    )
    assert premises.check(understand(said, catalog), both) == []
    wrong = understand("Ban Thường vụ Huyện ủy Bình An ban hành Nghị quyết 05-NQ/TU nhằm gì?", catalog)
    assert [c.kind for c in premises.check(wrong, both)] == ["issuer"]
    # reckoning between the two keeps both
    q = understand("Kế hoạch 12-KH/HU ra đời sau nghị quyết mà nó căn cứ vào bao nhiêu ngày?", catalog)
    assert set(q.doc_ids) == {"kh12", "nq05"} and q.date_calc
    # the other way round: "the plan carrying out Nghị quyết 05" is the plan, by its catalog entry
    carrying = replace(plan_meta, implements=("Nghị quyết số 05-NQ/TU ngày 10/3/2020",))
    catalog = Catalog.build({"kh12": carrying, "nq05": resolution}, clauses)
    assert understand("Kế hoạch thực hiện Nghị quyết 05-NQ/TU do ai ký?", catalog).doc_ids == ("kh12",)
    assert understand("Quyết định thực hiện Nghị quyết 05-NQ/TU do ai ký?", catalog).doc_ids == ("nq05",)
    # several plans carry it out: the one whose issuer the question names; with none named, the one of the
    # highest level; with another body named, none of them
    bloc = replace(
        carrying, id="kh3", number="3-KH/ĐUK", issuer="Đảng ủy Khối Doanh nghiệp", place="", level="xã",
        short="Kế hoạch 3-KH/ĐUK",
    )  # fmt: skip
    catalog = Catalog.build({"kh12": carrying, "kh3": bloc, "nq05": resolution}, clauses)
    q = understand("Kế hoạch thực hiện Nghị quyết 05-NQ/TU của Đảng ủy Khối Doanh nghiệp do ai ký?", catalog)
    assert q.doc_ids == ("kh3",)
    # … also with the issuer between the kind and the verb
    q = understand(
        "Kế hoạch Đảng ủy Khối Doanh nghiệp ban hành để thực hiện Nghị quyết 05-NQ/TU gồm gì?", catalog
    )
    assert q.doc_ids == ("kh3",)
    # … and a document the question names itself is the one it describes (a decision issuing the plan)
    decision = replace(
        carrying, id="qd9", kind="Quyết định", number="9/QĐ-UBND", issuer="Ủy ban nhân dân huyện Bình An",
        title="ban hành Kế hoạch thực hiện Nghị quyết 05-NQ/TU", short="Quyết định 9/QĐ-UBND",
    )  # fmt: skip
    both = Catalog.build({"kh12": carrying, "kh3": bloc, "qd9": decision, "nq05": resolution}, clauses)
    q = understand("Quyết định 9/QĐ-UBND giao gì trong Kế hoạch thực hiện Nghị quyết 05-NQ/TU?", both)
    assert q.doc_ids == ("qd9",)
    # … or the level said ("của huyện")
    assert understand("Kế hoạch thực hiện Nghị quyết 05-NQ/TU của huyện gồm gì?", catalog).doc_ids == (
        "kh12",
    )
    assert understand("Kế hoạch thực hiện Nghị quyết 05-NQ/TU do ai ký?", catalog).doc_ids == ("kh12",)
    other = understand("Kế hoạch thực hiện Nghị quyết 05-NQ/TU của Tỉnh ủy Cà Mau do ai ký?", catalog)
    assert "kh12" not in other.doc_ids and "kh3" not in other.doc_ids


def test_documents_named_as_equals_are_each_asked_about(plan):
    _, _, plan_clauses = plan
    plan_meta = replace(
        DocMeta(
            id="kh12", kind="Kế hoạch", number="12-KH/HU", title="thực hiện Chỉ thị 9", issuer="Huyện ủy Bình An",
            date="2025-05-02", level="huyện", short="Kế hoạch 12-KH/HU (Bình An)", place="Bình An",
        ),
        implements=("Chỉ thị số 09-CT/TW",),
    )  # fmt: skip
    directive = DocMeta(
        id="ct9", kind="Chỉ thị", number="09-CT/TW", title="về đo lường", issuer="Ban Bí thư",
        date="2024-01-10", level="Trung ương", short="Chỉ thị 09-CT/TW",
    )  # fmt: skip
    clauses = plan_clauses + parse_clauses(
        SourceDoc(directive, "BAN BÍ THƯ\nSố 09-CT/TW\nCHỈ THỊ\n1. Đo lường.\n")
    )
    catalog = Catalog.build({"kh12": plan_meta, "ct9": directive}, clauses)
    # the directive beside the plan that carries it out is what the plan carries out: the plan is asked about
    assert understand(
        "Kế hoạch 12-KH/HU thực hiện Chỉ thị 09-CT/TW giao ai kiểm tra chợ?", catalog
    ).doc_ids == ("kh12",)
    # joined as equals ("theo … và theo …"), each is asked about
    both = understand("Theo Chỉ thị 09-CT/TW và theo Kế hoạch 12-KH/HU, ai chủ trì?", catalog)
    assert set(both.doc_ids) == {"kh12", "ct9"}


def test_which_cited_document_is_answered_by_its_number_or_not_at_all(plan):
    catalog, reader, _ = plan
    q = understand("Kế hoạch 12-KH/HU được xây dựng căn cứ nghị quyết nào của tỉnh?", catalog)
    assert "reference" in q.fact_kinds
    answer = reader.answer(q, passages_for(reader, "căn cứ nghị quyết tỉnh"))
    assert answer.route == "fact" and answer.text.startswith("Nghị quyết số 05-NQ/TU ngày 10/3/2020")
    # the plan cites no directive: none is asserted (the resolution it cites is not a "chỉ thị")
    other = understand("Kế hoạch 12-KH/HU thay thế chỉ thị nào của tỉnh?", catalog)
    refused = reader.answer(other, passages_for(reader, "căn cứ nghị quyết tỉnh"))
    assert refused.refused and refused.reason == "fact-unbound" and "05-NQ/TU" not in refused.text


def test_a_question_for_the_title_gets_the_title(plan):
    catalog, reader, clauses = plan
    q = understand("Tên Kế hoạch 12-KH/HU là gì?", catalog)
    assert q.header_part == "tieu-de"  # a pattern anchored at the question's first word
    answer = reader.answer(q, passages_for(reader, "nhiệm vụ giải pháp"))
    title = next(c for c in clauses if c.path == ("tieu-de",))
    assert answer.route == "fact" and [c.clause.id for c in answer.citations] == [title.id]


def test_a_date_inside_a_citation_answers_only_for_the_cited_document(plan):
    """ "Căn cứ Nghị quyết số 05-NQ/TU ngày 10/3/2020 …; Ban Thường vụ Huyện ủy xây dựng Kế hoạch": the
    date is the resolution's, not the day the plan was drawn up, though the sentence holds both."""
    catalog, reader, clauses = plan
    preamble = [(s, 0) for c in clauses for s in split_sentences(c) if "Căn cứ" in s.text]
    q = understand("Ban Thường vụ Huyện ủy xây dựng Kế hoạch thực hiện vào ngày nào?", catalog)
    assert preamble and facts.bound_fact("date", q, preamble) is None
    cited = understand(
        "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về phát triển công nghiệp ban hành ngày nào?", catalog
    )
    fact = facts.bound_fact("date", cited, preamble)
    assert fact is not None and "10/3/2020" in fact.value


def test_which_body_is_unbound_when_no_sentence_says_what_it_is_asked_to_do(plan):
    """ "Cơ quan nào <làm gì>?" binds to a sentence holding that predicate; the slot noun ("cơ quan") is not
    part of the focus, so a sentence sharing only it does not answer."""
    catalog, plain_reader, clauses = plan
    words = {w for c in clauses for w in normalize.syllables(normalize.folded_key(c.text))}
    # the corpus's words: the plan's, and those of the second question as another document would write them
    # (words no document has are read as typos and left out of the focus)
    words |= {"tham", "dinh", "ho", "so", "xin", "giay", "phep"}
    reader = Reader(clauses, plain_reader.metas, dict.fromkeys(words, 1.0))
    bound = understand("Cơ quan nào chủ trì kiểm tra cân đối chứng tại các chợ?", catalog)
    assert "quan" not in bound.focus
    ev = reader.evidence(bound, passages_for(reader, "chủ trì kiểm tra cân đối chứng chợ"))
    assert ev.features["fact_unbound"] == 0.0
    unbound = understand("Cơ quan nào thẩm định hồ sơ xin giấy phép?", catalog)
    ev = reader.evidence(unbound, passages_for(reader, "cơ quan thẩm định hồ sơ giấy phép"))
    assert ev.features["fact_unbound"] == 1.0


def test_words_asking_for_the_basis_are_not_the_focus(plan):
    """ "căn cứ vào / dựa trên kế hoạch nào" asks for a reference: the plan writes "Thực hiện …", so those
    words must not weigh against the sentence that cites it."""
    catalog, _, _ = plan
    for question in (
        "Kế hoạch căn cứ vào nghị quyết nào của tỉnh?",
        "Kế hoạch dựa trên nghị quyết nào của tỉnh?",
    ):
        q = understand(question, catalog)
        assert "reference" in q.fact_kinds and not {"can", "cu", "dua", "tren"} & set(q.focus)


def test_a_report_without_an_issuer_block_states_the_issuer_without_its_place():
    """A news report writes "Ban Thường vụ Tỉnh ủy ban hành …" for the catalog's "Ban Thường vụ Tỉnh ủy Hòa
    Lạc": that sentence is where the issuer is stated, cited when asked and when a wrong one is corrected."""
    meta = DocMeta(
        id="ctr7", kind="Chương trình", number="7-CTr/TU", title="về tiêu chuẩn, đo lường, chất lượng",
        issuer="Ban Thường vụ Tỉnh ủy Hòa Lạc", date="2024-10-01", level="tỉnh", short="Chương trình 7 (Hòa Lạc)",
        place="Hòa Lạc",
    )  # fmt: skip
    text = (
        "Hòa Lạc ban hành Chương trình về tiêu chuẩn, đo lường, chất lượng\n\n"
        "Ngày 01/10/2024, Ban Thường vụ Tỉnh ủy ban hành Chương trình số 7-CTr/TU về tiêu chuẩn, đo lường.\n\n"
        "Chương trình đề ra ba nhiệm vụ về tuyên truyền, đào tạo và kiểm tra.\n"
    )
    clauses = parse_clauses(SourceDoc(meta, text))
    sheet = facts.build_sheet(meta, clauses)
    assert sheet.issuer.clause is not None and "Ban Thường vụ Tỉnh ủy ban hành" in sheet.issuer.clause.text
    catalog = Catalog.build({"ctr7": meta}, clauses)
    q = understand("Chương trình 7 của Hòa Lạc do Ủy ban nhân dân tỉnh ban hành phải không?", catalog)
    corrections = premises.check(q, Reader(clauses, {"ctr7": meta}, {}).sheets)
    assert [c.kind for c in corrections] == ["issuer"] and "Ủy ban nhân dân tỉnh" in corrections[0].text


def test_a_question_saying_each_document_does_it_compares_them(plan):
    """ "Cả A và B đều …", "A và B cùng nói gì …": every named document speaks for itself."""
    catalog, _, _ = plan
    for question in ("Cả Kế hoạch 12 và Nghị quyết 05 đều nói về đo lường phải không?",
                     "Kế hoạch 12 và Nghị quyết 05 cùng nói gì về đo lường?"):  # fmt: skip
        assert understand(question, catalog).compare
    assert not understand("Kế hoạch 12 cung cấp thông tin gì về đo lường?", catalog).compare


def test_what_is_planned_is_not_a_question_for_a_document(plan):
    """ "Huyện có kế hoạch gì cho các chợ?" asks what is planned; "… theo kế hoạch nào?" asks for a document."""
    catalog, _, _ = plan
    assert "reference" not in understand("Huyện có kế hoạch gì cho các chợ?", catalog).fact_kinds
    assert "reference" in understand("Huyện thực hiện theo kế hoạch nào của tỉnh?", catalog).fact_kinds


@pytest.fixture(scope="module")
def commune():
    """A commune plan written for these tests: counts of things with two-syllable names, a frequency, a
    programme named by its title, the bodies it assigns work to."""
    meta = DocMeta(
        id="kh9", kind="Kế hoạch", number="9-KH/ĐU", title="về tiêu chuẩn, đo lường, chất lượng",
        issuer="Đảng ủy xã Tân Mỹ", date="2025-04-01", level="xã", short="Kế hoạch 9-KH/ĐU (Tân Mỹ)",
        place="Tân Mỹ", signer="Lò Văn Sáng",
    )  # fmt: skip
    text = (
        "KẾ HOẠCH\nvề tiêu chuẩn, đo lường, chất lượng\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "- Việc triển khai phải gắn với Chương trình xây dựng nông thôn mới và phong trào thi đua của xã.\n"
        "II. NHIỆM VỤ\n"
        "- Tổ chức ít nhất 03 hội nghị tập huấn mỗi năm cho các hộ trồng cam.\n"
        "- Loa truyền thanh xã phát tin về đo lường ít nhất 02 lần mỗi tháng.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "- Hội Nông dân xã hướng dẫn hội viên trồng cam theo tiêu chuẩn VietGAP.\n"
        "- Ủy ban Mặt trận Tổ quốc xã và các đoàn thể tuyên truyền, vận động hội viên.\n"
    )
    clauses = parse_clauses(SourceDoc(meta, text))
    # the corpus also knows the youth union (as the Directive writes it): absent from this plan only
    union = DocMeta(id="tw", kind="Chỉ thị", number="1-CT/TW", title="về đoàn", issuer="Ban Bí thư", date="2024-01-02",
                    level="Trung ương", short="Chỉ thị 1-CT/TW")  # fmt: skip
    union_clauses = parse_clauses(
        SourceDoc(union, "CHỈ THỊ\n\n1. Đoàn Thanh niên Cộng sản Hồ Chí Minh tham gia.\n")
    )
    metas = {"kh9": meta, "tw": union}
    catalog = Catalog.build(metas, clauses + union_clauses)
    return catalog, Reader(clauses + union_clauses, metas, {}), clauses


def test_a_count_is_stated_with_the_whole_name_of_what_is_counted(commune):
    catalog, reader, clauses = commune
    q = understand("Xã Tân Mỹ tổ chức mấy hội nghị tập huấn mỗi năm?", catalog)
    fact = facts.bound_fact("count", q, [(s, 0) for c in clauses for s in split_sentences(c)])
    assert fact is not None and fact.value == "ít nhất 03 hội nghị tập huấn"


def test_how_often_is_not_a_date_question(commune):
    catalog, reader, clauses = commune
    q = understand("Loa truyền thanh xã Tân Mỹ phát tin bao lâu một lần?", catalog)
    assert "date" not in q.fact_kinds and not q.date_calc
    answer = reader.answer(q, passages_for(reader, "loa truyền thanh phát tin"))
    assert not answer.refused and "02 lần mỗi tháng" in answer.text
    for typed in ("loa truyền thanh xã Tân Mỹ bao lâu phát 1 lần", "loa xã Tân Mỹ bao lâu thì phát một lần"):
        assert "date" not in understand(typed, catalog).fact_kinds, typed


def test_a_programme_named_by_its_title_answers_which_programme(commune):
    catalog, reader, clauses = commune
    q = understand("Kế hoạch 9-KH/ĐU gắn với chương trình nào?", catalog)
    answer = reader.answer(q, passages_for(reader, "gắn với chương trình"))
    assert answer.route == "fact" and answer.text.startswith("Chương trình xây dựng nông thôn mới")


def test_a_body_with_a_capitalised_head_absent_from_the_plan_is_refused_by_name(commune):
    catalog, reader, clauses = commune
    q = understand("Đoàn Thanh niên xã Tân Mỹ được Kế hoạch 9-KH/ĐU giao nhiệm vụ gì?", catalog)
    assert any("Đoàn Thanh niên" in n.text and not n.known for n in q.named)


def test_a_cited_document_described_by_its_kind_and_issuer_is_read_from_the_citation(plan):
    """ "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh mà Kế hoạch 12 căn cứ": named by the number its citation
    gives, so its date is the citation's, not the plan's header."""
    catalog, reader, _ = plan
    q = understand(
        "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh mà Kế hoạch 12-KH/HU căn cứ ban hành ngày nào?", catalog
    )
    assert [n.text for n in q.cited_numbers] == ["05-NQ/TU"]
    answer = reader.answer(q, passages_for(reader, "căn cứ nghị quyết ban chấp hành đảng bộ tỉnh"))
    assert answer.route == "fact" and "10/3/2020" in answer.text.splitlines()[0]
    # the plan's own issuer describes the plan itself, not a cited document
    assert not understand(
        "Kế hoạch của Ban Thường vụ Huyện ủy Bình An ban hành ngày nào?", catalog
    ).cited_numbers


def test_a_bare_kind_names_the_one_document_of_that_kind(commune):
    """ "Theo chỉ thị, …" names the knowledge base's one directive; "chỉ thị nào" or "chỉ thị của …" do not."""
    catalog, _, _ = commune
    assert understand("Theo chỉ thị, Đoàn Thanh niên tham gia thế nào?", catalog).doc_ids == ("tw",)
    assert understand("Chỉ thị yêu cầu gì về đoàn?", catalog).doc_ids == ("tw",)
    assert understand("Có chỉ thị nào nói về trồng cam không?", catalog).doc_ids == ()
    # a question opening with the kind, whatever verb follows ("Chỉ thị muốn …")
    assert understand("Chỉ thị muốn đoàn viên làm gì?", catalog).doc_ids == ("tw",)
    assert understand("Chỉ thị nào nói về đoàn viên?", catalog).doc_ids == ()
    assert understand("Chỉ thị này do ai ký?", catalog).doc_ids == ("tw",)  # "… này": the one of that kind
    assert understand("Chỉ thị được ký ngày nào?", catalog).doc_ids == ("tw",)


def test_a_claim_in_the_sentence_before_the_question_is_corrected_and_quoted(plan):
    """ "Tôi đang viết tin: <claim>. <question>?": the claim is a premise like one in the question, and the
    correction quotes the clause's own words."""
    catalog, reader, _ = plan
    q = understand(
        "Tôi đang viết tin: ông Nguyễn Văn Bình ký Kế hoạch 12-KH/HU. Kế hoạch giao ai kiểm tra cân đối chứng?",
        catalog,
    )
    answer = reader.answer(q, passages_for(reader, "kiểm tra cân đối chứng chợ"))
    first = answer.text.splitlines()[0]
    assert answer.route == "premise" and "Trần Văn Mạnh" in first and "Nguyễn Văn Bình" in first
    assert "văn bản ghi: „" in first and "Phòng Kinh tế và Hạ tầng" in answer.text
    # a date stated before the question is checked too, against the plan's own date
    q = understand(
        "Ngày 15/6/2025 Huyện ủy Bình An ban hành Kế hoạch 12-KH/HU. Kế hoạch nhằm mục đích gì?", catalog
    )
    corrections = premises.check(q, reader.sheets)
    assert [c.kind for c in corrections] == ["date"] and "02 tháng 5 năm 2025" in corrections[0].quote


def test_a_figure_for_another_target_year_is_not_the_one_asked(plan):
    """ "Đến năm 2026 … bao nhiêu %?" where the text sets its figure for another year: not asserted."""
    catalog, reader, clauses = plan
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    asked = understand("Trước năm 2027 phải bố trí tối thiểu bao nhiêu phần trăm kinh phí khoa học?", catalog)
    other = understand("Trước năm 2026 phải bố trí tối thiểu bao nhiêu phần trăm kinh phí khoa học?", catalog)
    assert "15%" in facts.bound_fact("percent", asked, sentences).value
    assert facts.bound_fact("percent", other, sentences) is None


def test_how_many_of_a_thing_is_not_a_count_of_the_plans_points(plan):
    """ "bao nhiêu chợ đã có điểm cân đối chứng" counts markets (a figure the plan lacks), not the plan's
    points ("điểm" later in the question is no unit)."""
    catalog, reader, _ = plan
    q = understand("Hiện huyện có bao nhiêu chợ đã bố trí điểm cân đối chứng?", catalog)
    answer = reader.answer(q, passages_for(reader, "chợ cân đối chứng"))
    assert answer.refused and answer.reason == "fact-unbound"
    assert understand("Kế hoạch 12 có bao nhiêu nhóm nhiệm vụ?", catalog).fact_kinds  # still a count question


def test_a_cited_plan_asked_by_its_number_is_a_reference_not_the_own_number(plan):
    catalog, _, _ = plan
    kinds = understand("Kế hoạch 12 được xây dựng trên cơ sở nghị quyết số mấy của tỉnh?", catalog).fact_kinds
    assert "reference" in kinds and "number" not in kinds
    assert "number" in understand("Kế hoạch của huyện Bình An số mấy?", catalog).fact_kinds


def test_a_contrast_keeps_both_documents(commune):
    """ "X nói gì, còn Y thì sao?" sets the two documents side by side: neither is read as carrying out the other."""
    catalog, _, _ = commune
    q = understand("Chỉ thị 1-CT/TW nói gì về đoàn, còn kế hoạch 9-KH/ĐU thì giao việc gì?", catalog)
    assert set(q.doc_ids) == {"tw", "kh9"} and q.compare
    assert understand("Kế hoạch 9-KH/ĐU thực hiện Chỉ thị 1-CT/TW giao việc gì?", catalog).doc_ids == ("kh9",)


def test_a_place_typed_as_its_initials_names_its_document(commune):
    catalog, _, _ = commune
    metas = {**catalog.metas, "kh9": replace(catalog.metas["kh9"], place="Tân Mỹ")}
    two = Catalog.build(metas, [c for cs in catalog.clauses_by_doc.values() for c in cs])
    assert understand("Ở TM ai tuyên truyền cho hội viên?", two).doc_ids == ("kh9",)
    assert understand("Ở TB ai tuyên truyền cho hội viên?", two).doc_ids == ()  # no place has these initials


def test_how_many_and_name_them_gets_the_count_and_the_items(plan):
    catalog, reader, _ = plan
    counted = understand("Kế hoạch 12 có mấy nhóm nhiệm vụ, giải pháp?", catalog)
    named = understand("Kế hoạch 12 có mấy nhóm nhiệm vụ, giải pháp, kể tên từng nhóm.", catalog)
    passages = passages_for(reader, "nhóm nhiệm vụ giải pháp")
    only = reader.answer(counted, passages).text.splitlines()
    both = reader.answer(named, passages).text.splitlines()
    assert only[0].startswith("3 nhóm") and not any(line.startswith("2. ") for line in only)
    assert both[0].startswith("3 nhóm") and any("Phòng Kinh tế và Hạ tầng" in line for line in both)


def test_whether_a_body_is_among_the_recipients_reads_the_recipients(plan):
    """ "… có gửi cho X không?" is answered from the recipients, also when X is a post that contains a
    document kind's word ("báo cáo viên")."""
    catalog, reader, _ = plan
    for text in (
        "Kế hoạch 12 có gửi cho Ban Thường vụ Tỉnh ủy không?",
        "Kế hoạch 12 có gửi cho các báo cáo viên không?",
    ):
        q = understand(text, catalog)
        assert "recipient" in q.fact_kinds and q.header_part, text


def test_a_cited_document_asked_by_whose_it_is():
    """ "… thực hiện văn bản nào của Ban Tuyên giáo Tỉnh ủy?": the citation that names that body, not another
    document cited in a sentence that shares more of the question's other words."""
    meta = DocMeta(id="cv7", kind="Công văn", number="7-CV/BTG", title="về tuyên truyền", issuer="Ban Tuyên giáo Huyện ủy",
                   date="2024-09-01", level="huyện", short="Công văn 7-CV/BTG")  # fmt: skip
    text = (
        "CÔNG VĂN\n\nThực hiện Công văn số 12-CV/BTGTU, ngày 01/8/2024 của Ban Tuyên giáo Tỉnh ủy về tuyên truyền "
        "Chỉ thị số 1-CT/TW, ngày 02/1/2024 của Ban Bí thư. Các chi bộ ra sức tuyên truyền Chỉ thị số 1-CT/TW, "
        "ngày 02/1/2024 của Ban Bí thư trong đời sống của cán bộ, đảng viên.\n"
    )
    catalog, sentences = invented(meta, text)
    q = understand("Công văn 7 ra đời để thực hiện văn bản nào của Ban Tuyên giáo Tỉnh ủy?", catalog)
    assert "reference" in q.fact_kinds
    assert "12-CV/BTGTU" in facts.bound_fact("reference", q, sentences).value


def test_what_follows_a_mention_verb_and_asks_is_no_topic(plan):
    """ "Nghị quyết … mà Kế hoạch nhắc đến ban hành ngày nào?": "ban hành ngày nào" asks; it is not a topic
    the documents never write."""
    catalog, reader, _ = plan
    q = understand("Nghị quyết 05-NQ/TU mà Kế hoạch 12 nhắc đến ban hành ngày nào?", catalog)
    assert not any(n.kind == "topic" for n in q.named)
    answer = reader.answer(q, passages_for(reader, "Nghị quyết 05-NQ/TU"))
    assert not answer.refused and "10/3/2020" in answer.text


def test_a_signer_claimed_after_the_document_is_named(plan):
    """ "Kế hoạch 12 là do Chủ tịch X ký phải không?": the claim after "do" is read even though the sentence
    also starts with words before a "ký"."""
    catalog, reader, _ = plan
    q = understand("Kế hoạch 12-KH/HU là do đồng chí Nguyễn Văn Bình ký phải không?", catalog)
    corrections = premises.check(q, reader.sheets)
    assert [c.kind for c in corrections] == ["signer"] and "Trần Văn Mạnh" in corrections[0].quote


def test_words_before_sign_that_name_no_person_or_post_claim_no_signer(plan):
    """ "Tính từ ngày ký kế hoạch …" counts from the signing date; "Bí thư Lê Văn Tâm ký …" claims a signer."""
    catalog, reader, _ = plan
    q = understand("Tính từ ngày ký Kế hoạch 12-KH/HU đến hạn báo cáo là bao lâu?", catalog)
    assert premises.check(q, reader.sheets) == []
    q = understand("Bí thư Lê Văn Tâm ký Kế hoạch 12-KH/HU, kế hoạch giao việc gì?", catalog)
    assert [c.kind for c in premises.check(q, reader.sheets)] == ["signer"]


def test_a_yes_no_premise_with_a_second_question_gets_both_answers(plan):
    catalog, reader, _ = plan
    passages = passages_for(reader, "nhóm nhiệm vụ giải pháp")
    only = reader.answer(
        understand("Kế hoạch 12 có 5 nhóm nhiệm vụ, giải pháp phải không?", catalog), passages
    )
    more = reader.answer(
        understand("Kế hoạch 12 có 5 nhóm nhiệm vụ, giải pháp phải không, nhóm đầu tiên là gì?", catalog),
        passages,
    )
    assert only.route == more.route == "premise" and len(only.text.splitlines()) == 1
    assert "Tuyên truyền về đo lường" in more.text


def test_a_plural_may_in_a_yes_no_question_asks_no_count(plan):
    """ "Huyện có kiểm tra mấy chợ … không?": "mấy" is "those" there; "bao nhiêu" still counts."""
    catalog, _, _ = plan
    assert "count" not in understand("Huyện có kiểm tra cân đối chứng ở mấy chợ không?", catalog).fact_kinds
    assert "count" in understand("Huyện kiểm tra cân đối chứng ở mấy chợ?", catalog).fact_kinds


def test_a_kind_and_a_level_name_the_plan_beside_a_directive_named_by_number(commune):
    catalog, _, _ = commune
    q = understand("Trong kế hoạch của xã, ai tuyên truyền về Chỉ thị 1-CT/TW?", catalog)
    assert q.doc_ids == ("kh9",)


def test_a_cited_document_asked_by_what_it_is_about():
    """ "Nghị quyết … về X … số mấy?": the citation that says X, none when no citation says it."""
    meta = DocMeta(id="ct9", kind="Chỉ thị", number="9-CT/TW", title="về đo lường", issuer="Ban Bí thư",
                   date="2024-07-30", level="Trung ương", short="Chỉ thị 9-CT/TW")  # fmt: skip
    text = (
        "CHỈ THỊ\n\n1. Xây dựng trung tâm kiểm định ở mỗi vùng theo Nghị quyết của Bộ Chính trị về phát triển "
        "các vùng kinh tế trọng điểm. Đầu tư cho quốc phòng theo Nghị quyết số 08-NQ/TW, ngày 26/01/2022 của Bộ "
        'Chính trị về "phát triển công nghiệp quốc phòng".\n'
    )
    catalog, sentences = invented(meta, text)
    regions = understand(
        "Nghị quyết về phát triển các vùng kinh tế trọng điểm mà Chỉ thị 9 nhắc tới số mấy?", catalog
    )
    defence = understand(
        "Nghị quyết về phát triển công nghiệp quốc phòng mà Chỉ thị 9 nhắc tới số mấy?", catalog
    )
    assert all(facts.bound_fact(k, regions, sentences) is None for k in regions.fact_kinds)
    assert any("08-NQ/TW" in (facts.bound_fact(k, defence, sentences) or facts.Fact(k, "", None, 0)).value
               for k in defence.fact_kinds)  # fmt: skip


def test_a_meeting_date_or_a_deadline_in_the_question_is_no_issue_date(plan):
    """ "… phiên họp ngày 16/5/2025", "… trước ngày 30/6/2025": dates of other things, not a wrong date of the
    document; "Kế hoạch 12-KH/HU ngày 15/6/2025" and "Ngày … ban hành Kế hoạch" are."""
    catalog, reader, _ = plan
    for text in (
        "Ai phát biểu tại phiên họp ngày 16/5/2025 về Kế hoạch 12-KH/HU?",
        "Kế hoạch 12-KH/HU yêu cầu hoàn thành trước ngày 30/6/2025 việc gì?",
    ):
        assert premises.check(understand(text, catalog), reader.sheets) == [], text
    for text in (
        "Kế hoạch 12-KH/HU ngày 15/6/2025 giao việc gì cho Phòng Kinh tế và Hạ tầng?",
        "Ngày 15/6/2025 Huyện ủy ban hành Kế hoạch 12-KH/HU, kế hoạch giao việc gì?",
    ):
        assert [c.kind for c in premises.check(understand(text, catalog), reader.sheets)] == ["date"], text


def test_a_person_named_then_said_to_sign_is_a_signer_claim(plan):
    """ "Vì sao đồng chí Lê Thị Hoa lại trực tiếp ký Kế hoạch 12?": the person named, then "ký"; a person
    known by the name alone ("Đồng chí Trần Văn Mạnh") is no unknown name."""
    catalog, reader, _ = plan
    q = understand("Vì sao đồng chí Lê Thị Hoa lại trực tiếp ký Kế hoạch 12-KH/HU?", catalog)
    assert [c.kind for c in premises.check(q, reader.sheets)] == ["signer"]
    assert not understand("Đồng chí Trần Văn Mạnh ký Kế hoạch 12-KH/HU ngày nào?", catalog).unknown_names
    assert not understand("Kế hoạch 12-KH/HU có phải do Phó Bí thư ký không?", catalog).unknown_names


def test_a_count_written_with_another_noun_and_a_count_the_question_states():
    """ "bao nhiêu cây xăng" — "26 cửa hàng bán lẻ xăng dầu"; "trong 24 sản phẩm, bao nhiêu …" is not 24."""
    meta = DocMeta(id="tb1", kind="Thông báo", number="1-TB/HU", title="kết luận", issuer="Huyện ủy Đông Khê",
                   date="2025-05-23", level="huyện", short="Thông báo 1-TB/HU")  # fmt: skip
    text = (
        "THÔNG BÁO\n\n1. Đoàn kiểm tra đã kiểm tra toàn bộ 26 cửa hàng bán lẻ xăng dầu trên địa bàn.\n\n"
        "2. Toàn huyện có 24 sản phẩm OCOP được công nhận.\n\n"
        "3. Đài huyện phát chuyên mục ít nhất 02 kỳ mỗi tháng.\n"
    )
    catalog, sentences = invented(meta, text)
    pumps = facts.bound_fact("count", understand("Huyện kiểm tra bao nhiêu cây xăng?", catalog), sentences)
    times = facts.bound_fact("count", understand("Chuyên mục phát mấy lần một tháng?", catalog), sentences)
    assert pumps is not None and pumps.value.startswith("26") and times is not None and "02" in times.value
    three = understand("Trong 24 sản phẩm OCOP có bao nhiêu sản phẩm đạt 3 sao?", catalog)
    assert facts.bound_fact("count", three, sentences) is None


def test_a_page_number_and_a_point_wrapped_after_a_comma():
    """Extracted text: a lone page number between paragraphs is dropped, and a point whose first line ends
    with a comma goes on in the next line (no heading)."""
    from assistant.sources.reflow import reflow

    text = (
        "1. Đánh giá chung\nCông tác kiểm tra được tăng cường trong năm qua trên toàn địa bàn huyện.\n2\n"
        "Các xã đã bố trí điểm cân đối chứng tại chợ trung tâm theo đúng kế hoạch đề ra.\n"
        "e) Ủy ban Mặt trận Tổ quốc huyện và các đoàn thể chính trị - xã hội vận động hội viên,\n"
        "Nhân dân không mua bán hàng hóa kém chất lượng; tăng cường giám sát hoạt động đo lường\n"
        "tại chợ và cửa hàng xăng dầu, kịp thời phản ánh vi phạm đến cơ quan chức năng.\n"
    )
    paragraphs = reflow(text).split("\n\n")
    assert "2" not in paragraphs
    assert any(p.startswith("e) Ủy ban") and "Nhân dân không mua" in p for p in paragraphs)


def test_the_first_or_last_group_asked_after_a_wrong_count(plan):
    """ "… có 5 nhóm …, nhóm cuối cùng là gì?": the count corrected, then the last group itself."""
    catalog, reader, _ = plan
    first = understand("Kế hoạch 12-KH/HU có những nhóm nhiệm vụ nào, nhóm đầu tiên là gì?", catalog)
    last = understand("Kế hoạch 12-KH/HU có 5 nhóm nhiệm vụ; nhóm cuối cùng là gì?", catalog)
    assert first.point == ("kh12", ("II", "1")) and last.point == ("kh12", ("II", "3"))
    answer = reader.answer(last, passages_for(reader, "nhóm nhiệm vụ"))
    lines = answer.text.splitlines()
    assert answer.route == "premise" and "3" in lines[0] and "Phòng Kinh tế và Hạ tầng" in answer.text


def test_whether_two_documents_assign_the_same_body_sets_them_side_by_side(commune):
    catalog, _, _ = commune
    q = understand("Cơ quan Chỉ thị 1-CT/TW giao có trùng với cơ quan kế hoạch 9-KH/ĐU giao không?", catalog)
    assert set(q.doc_ids) == {"tw", "kh9"} and q.compare


def test_which_one_of_the_groups_is_about_a_topic(plan):
    """ "nhóm nào nói về X?" is one of them; "những nhóm nào" all of them."""
    catalog, reader, _ = plan
    passages = passages_for(reader, "nhóm nhiệm vụ giải pháp")
    one = reader.answer(
        understand("Trong Kế hoạch 12-KH/HU, nhóm nào nói về phòng thử nghiệm?", catalog), passages
    )
    assert len(one.text.splitlines()) == 1 and "phòng thử nghiệm chất lượng nông sản" in one.text
    every = reader.answer(understand("Kế hoạch 12-KH/HU có những nhóm nhiệm vụ nào?", catalog), passages)
    assert sum(line[:2] in ("1.", "2.", "3.") for line in every.text.splitlines()) == 3


def test_a_document_named_by_its_kind_and_issuer_and_a_run_of_points(commune):
    catalog, _, _ = commune
    assert understand("Chỉ thị của Ban Bí thư nói gì về đoàn thanh niên?", catalog).doc_ids == ("tw",)
    assert understand("Từ 'Một là' đến 'Ba là' của Kế hoạch 9-KH/ĐU gồm những gì?", catalog).point is None


def test_a_day_asked_is_not_a_year_in_a_title(plan):
    """ "… ngày nào?" is answered by a day, not by "trước năm 2027"; "năm nào" may be."""
    catalog, _, clauses = plan
    sentences = [(s, 0) for c in clauses for s in split_sentences(c)]
    q = understand("Phòng thử nghiệm chất lượng nông sản phải hoàn thành ngày nào?", catalog)
    assert facts.bound_fact("date", q, sentences) is None
    q = understand("Phòng thử nghiệm chất lượng nông sản phải hoàn thành năm nào?", catalog)
    assert "2027" in facts.bound_fact("date", q, sentences).value


def test_a_kind_a_document_is_about_is_no_other_document_asked(commune):
    """ "Kế hoạch 9 về tuyên truyền Chỉ thị được gửi đến những ai?": the recipients are the plan's."""
    catalog, _, _ = commune
    q = understand("Kế hoạch 9-KH/ĐU về tuyên truyền chỉ thị được gửi đến những ai?", catalog)
    assert q.header_part and "recipient" in q.fact_kinds
    q = understand("Trung tâm đó tên đầy đủ là gì?", catalog)
    assert q.header_part != "tieu-de"


def test_a_deadline_in_the_sentence_that_goes_on_with_the_task_is_the_tasks():
    """ "… lập danh sách doanh nghiệp cần hỗ trợ …. Danh sách gửi về Sở trước ngày 15/6/2025.": the second
    sentence goes on with the first (it opens with the words the first ends on), so its deadline is the list's;
    a sentence about something else after it is not."""
    meta = DocMeta(id="cv9", kind="Công văn", number="9/SKHCN", title="về hỗ trợ", issuer="Sở Khoa học và Công nghệ",
                   date="2025-04-01", level="tỉnh", short="Công văn 9/SKHCN")  # fmt: skip
    text = (
        "CÔNG VĂN\n\n1. Ủy ban nhân dân các huyện rà soát, lập danh sách doanh nghiệp cần hỗ trợ áp dụng hệ thống "
        "quản lý chất lượng theo Biểu mẫu số 01. Danh sách gửi về Sở trước ngày 15/6/2025.\n\n"
        "2. Các hội nghị tập huấn nghiệp vụ đo lường được tổ chức cho công chức cấp huyện. Mỗi cơ quan cử cán bộ "
        "tham dự, đăng ký trước ngày 25/7/2025.\n"
    )
    catalog, sentences = invented(meta, text)
    q = understand("Danh sách doanh nghiệp cần hỗ trợ theo Biểu mẫu số 01 phải nộp trước ngày nào?", catalog)
    assert facts.bound_fact("date", q, sentences).value.endswith("15/6/2025")
    q = understand(
        "Các huyện rà soát doanh nghiệp cần hỗ trợ áp dụng hệ thống quản lý chất lượng xong trước ngày nào?",
        catalog,
    )
    fact = facts.bound_fact("date", q, sentences)
    assert fact is None or "25/7" not in fact.value
    # parallel sentences opening alike ("Tăng cường …. Tăng cường …") are two items, not one going on
    _, parallel = invented(
        meta,
        "CÔNG VĂN\n\n1. Tăng cường đầu tư ngân sách cho việc sửa đổi luật đo lường. Tăng "
        "cường nguồn lực theo Nghị quyết số 08-NQ/TW ngày 26/01/2022 của Bộ Chính trị.\n",
    )
    q = understand("Việc sửa đổi luật đo lường phải xong trước ngày nào?", catalog)
    assert facts.bound_fact("date", q, parallel) is None


def test_what_a_text_here_says_of_a_document_it_only_cites_is_answered():
    """A report says which tasks of the province's plan (cited only, not stored) are late: that is answered
    from the report; who signed the plan is not here."""
    meta = DocMeta(id="bc4", kind="Báo cáo", number="4/BC-UBND", title="sơ kết", issuer="Ủy ban nhân dân tỉnh",
                   date="2025-06-16", level="tỉnh", short="Báo cáo 4/BC-UBND")  # fmt: skip
    text = (
        "BÁO CÁO\n\n1. Tồn tại, hạn chế\nCòn 03 nhiệm vụ chậm tiến độ so với Kế hoạch số 46/KH-UBND, gồm: ban "
        "hành quy chuẩn nước sạch; xây dựng đề án đo lường; số hóa dữ liệu phương tiện đo.\n\n"
        "2. Kết quả\nĐã kiểm tra 412 cơ sở kinh doanh theo Kế hoạch số 46/KH-UBND.\n"
    )
    catalog, reader = reading(meta, text)
    late = understand("Những nhiệm vụ nào trong Kế hoạch 46/KH-UBND đang bị chậm tiến độ?", catalog)
    answer = reader.answer(late, passages_for(reader, "nhiệm vụ chậm tiến độ kế hoạch"))
    assert not answer.refused and answer.citations
    signer = understand("Kế hoạch 46/KH-UBND do ai ký?", catalog)
    answer = reader.answer(signer, passages_for(reader, "kế hoạch ký"))
    assert answer.refused and answer.reason == "cited-only"


def test_when_a_text_takes_effect_is_not_a_deadline_or_a_signing_date():
    """ "… có hiệu lực từ ngày nào?": "hoàn thành trước ngày 30/9/2025" is a deadline, not an effective date;
    a sentence saying when it takes effect answers."""
    meta = DocMeta(id="bc5", kind="Báo cáo", number="5/BC-UBND", title="sơ kết", issuer="Ủy ban nhân dân tỉnh",
                   date="2025-06-16", level="tỉnh", short="Báo cáo 5/BC-UBND")  # fmt: skip
    text = (
        "BÁO CÁO\n\n1. Sở Khoa học và Công nghệ tham mưu ban hành quy chuẩn kỹ thuật địa phương về chất lượng "
        "nước sạch, hoàn thành trước ngày 30/9/2025.\n"
    )
    catalog, sentences = invented(meta, text)
    q = understand("Quy chuẩn kỹ thuật địa phương về chất lượng nước sạch có hiệu lực từ ngày nào?", catalog)
    assert q.in_force and facts.bound_fact("date", q, sentences) is None
    assert (
        facts.bound_fact("date", replace(q, in_force=False), sentences) is not None
    )  # as a deadline, it binds
    _, more = invented(
        meta,
        text
        + "\n2. Quy chuẩn kỹ thuật địa phương về chất lượng nước sạch có hiệu lực kể từ ngày 01/01/2026.\n",
    )
    assert facts.bound_fact("date", q, more).value.endswith("01/01/2026")


def test_a_part_the_question_names_leads_what_is_read(plan):
    """ "Phần tổ chức thực hiện …" names a part by its heading: its clauses lead, even when the search ranked
    another part's higher; the opening paragraphs ("phần mở đầu") likewise, by their label."""
    catalog, reader, clauses = plan
    q = understand(
        "Phần tổ chức thực hiện của Kế hoạch 12-KH/HU giao những việc gì về kiểm tra đo lường chợ?", catalog
    )
    searched = passages_for(reader, "kiểm tra cân đối chứng chợ")  # II.3 first: another part
    assert searched[0].clause.path[0] == "II"
    answer = reader.answer(q, searched)
    assert answer.citations and all(c.clause.path[0] == "III" for c in answer.citations)
    opening = understand("Ở phần mở đầu, Kế hoạch 12-KH/HU căn cứ vào đâu?", catalog)
    first = reader._part_first(opening, passages_for(reader, "nhiệm vụ giải pháp"))[0]
    assert first.clause.path[0].startswith("p")  # the opening paragraph, though ranked low


def test_the_person_who_signed_a_document_names_it(plan):
    """ "Bí thư Trần Văn Mạnh ký kế hoạch …": the signer's name names the plan he signed (and so his post can
    be checked against it), not another document of the same kind."""
    catalog, reader, clauses = plan
    other = replace(reader.metas["kh12"], id="kh7", number="7-KH/HU", short="Kế hoạch 7-KH/HU",
                    signer="Lê Thị Hoa (T/M Ban Thường vụ, Phó Bí thư)")  # fmt: skip
    two = Catalog.build({"kh12": reader.metas["kh12"], "kh7": other}, clauses)
    assert understand("Đồng chí Lê Thị Hoa ký kế hoạch về đo lường, kế hoạch giao việc gì?", two).doc_ids == (
        "kh7",
    )
    assert understand("Ông Trần Văn Mạnh ký kế hoạch nào?", two).doc_ids == ("kh12",)
    # a signer's name among the words that named documents, beside a document carried out ("… thực hiện …")
    assert understand("Văn bản của huyện cụ thể hóa kế hoạch do ông Trần Văn Mạnh ký do ai ký?", two)


def test_what_kind_of_document_it_is_is_answered_from_its_title(plan):
    catalog, reader, _ = plan
    for asked in (
        "Văn bản 12-KH/HU là loại văn bản gì?",
        "12-KH/HU có phải là quyết định không, hay là văn bản gì?",
    ):
        answer = reader.answer(understand(asked, catalog), passages_for(reader, "kế hoạch"))
        assert answer.route == "fact" and answer.text.startswith(
            "Kế hoạch 12-KH/HU (Bình An) là kế hoạch [1]"
        ), asked
        assert answer.citations[0].clause.path == ("tieu-de",)


def test_a_document_number_is_no_count():
    """ "mấy đợt kiểm tra?": "Chỉ thị số 38-CT/TW phải thường xuyên kiểm tra" holds no count of inspections."""
    meta = DocMeta(id="kh8", kind="Kế hoạch", number="8-KH/ĐU", title="thực hiện", issuer="Đảng ủy xã",
                   date="2025-01-02", level="xã", short="Kế hoạch 8-KH/ĐU")  # fmt: skip
    text = (
        "KẾ HOẠCH\n\n1. Trong quá trình thực hiện Chỉ thị số 38-CT/TW phải thường xuyên kiểm tra, giám sát.\n"
    )
    catalog, sentences = invented(meta, text)
    q = understand("Kế hoạch quy định mỗi năm xã tổ chức mấy đợt kiểm tra?", catalog)
    assert "count" in q.fact_kinds and facts.bound_fact("count", q, sentences) is None
    _, held = invented(meta, text + "\n2. Mỗi năm xã tổ chức 02 đợt kiểm tra chất lượng hàng hóa.\n")
    assert facts.bound_fact("count", q, held).value.startswith("02")


def test_a_plan_named_after_the_claim_does_not_move_the_claim_to_it():
    """ "X ký công văn này, vậy kế hoạch thực hiện của đơn vị …": the signer claim is about the letter named
    before "ký"; "Kế hoạch thực hiện … do X ký" would be about the plan it describes."""
    meta = DocMeta(id="cv3", kind="Công văn", number="3/SKHCN", title="V/v triển khai", issuer="Sở Khoa học và Công nghệ",
                   date="2025-04-22", level="tỉnh", short="Công văn 3/SKHCN",
                   signer="Trần Đức Hiển (KT. Giám đốc, Phó Giám đốc)")  # fmt: skip
    text = "CÔNG VĂN\n\n1. Kế hoạch thực hiện của đơn vị gửi về Sở trước ngày 31/5/2025.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Đức Hiển\n"
    clauses = parse_clauses(SourceDoc(meta, text))
    catalog, reader = Catalog.build({"cv3": meta}, clauses), Reader(clauses, {"cv3": meta}, {})
    q = understand(
        "Giám đốc Sở Trần Đức Hiển ký công văn 3/SKHCN, vậy kế hoạch thực hiện của đơn vị gửi khi nào?",
        catalog,
    )
    assert [c.kind for c in premises.check(q, reader.sheets)] == ["signer"]


def test_a_summary_that_names_what_it_wants_is_not_refused_for_a_fact(plan):
    """ "Tóm tắt …: giao ai làm gì, đến khi nào?": who and when are what the summary should cover, not facts
    whose absence makes it unanswerable; nor is it answered by one date."""
    catalog, reader, _ = plan
    q = understand(
        "Tóm tắt giúp tôi phần nhiệm vụ về phòng thử nghiệm: giao ai làm gì, đến khi nào?", catalog
    )
    assert q.is_summary and q.fact_kinds
    answer = reader.answer(q, passages_for(reader, "phòng thử nghiệm chất lượng nông sản"))
    assert not answer.refused and answer.route != "fact"


def test_chat_words_after_how_many_and_a_fine_mentioned_ask_no_count_or_sum(plan):
    """ "hỗ trợ được bao nhiêu vậy ạ" asks no count of "vậy"; "bị xử phạt …, có được hỗ trợ không" and "đã nhận
    300 triệu đồng, vì sao …" ask no sum; "mức phạt là bao nhiêu" does."""
    catalog, _, _ = plan
    kinds = lambda q: understand(q, catalog).fact_kinds  # noqa: E731
    assert "count" not in kinds("Tỉnh hỗ trợ cho em được bao nhiêu vậy ạ?")
    assert "count" not in kinds("Hỗ trợ kiểm định tối đa bao nhiêu một năm?")
    assert "money" not in kinds("Doanh nghiệp bị xử phạt vì vi phạm đo lường có được hỗ trợ không?")
    assert "money" not in kinds("Vì sao doanh nghiệp đã nhận 300 triệu đồng vẫn được thưởng?")
    assert "money" in kinds("Mức phạt cao nhất là bao nhiêu?") and "count" in kinds(
        "Kiểm tra bao nhiêu cửa hàng?"
    )


def test_a_document_described_by_its_title_is_asked_for_its_header(plan):
    """ "Kế hoạch … về <its title> có số hiệu là gì?": the title's words describe the document asked about,
    they are no other topic inside it."""
    catalog, reader, clauses = plan
    meta = replace(
        reader.metas["kh12"], title="thực hiện công tác tiêu chuẩn, đo lường, chất lượng trên địa bàn huyện"
    )
    titled = Reader(clauses, {"kh12": meta}, {})
    q = understand(
        "Kế hoạch 12 về thực hiện công tác tiêu chuẩn, đo lường, chất lượng trên địa bàn huyện có số hiệu là gì?",
        Catalog.build({"kh12": meta}, clauses),
    )
    answer = titled.answer(q, passages_for(titled, "tiêu chuẩn đo lường chất lượng"))
    assert answer.route == "fact" and answer.text.startswith("12-KH/HU [1]")


def test_a_member_list_answers_who_holds_a_post_on_the_board():
    """ "Ai là Trưởng ban …?": the members listed under "… gồm các ông (bà) có tên sau:" are about that board,
    and "Trưởng ban" is not the "Phó Trưởng ban" written on another line."""
    meta = DocMeta(id="qd6", kind="Quyết định", number="6/QĐ-UBND", title="thành lập Ban Chỉ đạo",
                   issuer="Ủy ban nhân dân huyện", date="2025-05-08", level="huyện", short="Quyết định 6/QĐ-UBND")  # fmt: skip
    text = (
        "QUYẾT ĐỊNH\n\nĐiều 1. Thành lập Ban Chỉ đạo thực hiện Chỉ thị số 38-CT/TW trên địa bàn huyện gồm các ông "
        "(bà) có tên sau:\n1. Bà Nguyễn Thị Hà, Trưởng phòng Tài chính - Kế hoạch huyện – Phó Trưởng ban;\n"
        "2. Ông Trần Quốc Hưng, Phó Chủ tịch Ủy ban nhân dân huyện – Trưởng ban;\n"
        "3. Ông Lê Văn Thạnh, Trưởng phòng Kinh tế và Hạ tầng huyện – Phó Trưởng ban thường trực.\n"
    )
    catalog, sentences = invented(meta, text)
    head = understand("Ai là Trưởng ban Chỉ đạo thực hiện Chỉ thị 38 của huyện?", catalog)
    assert facts.bound_fact("person", head, sentences).value == "Trần Quốc Hưng"
    deputy = understand("Ai là Phó Trưởng ban thường trực Ban Chỉ đạo?", catalog)
    assert facts.bound_fact("person", deputy, sentences).value == "Lê Văn Thạnh"


def test_several_header_parts_asked_together_are_all_answered(plan):
    catalog, reader, _ = plan
    q = understand("Văn bản 12-KH/HU có số hiệu gì, ban hành ngày nào và do cơ quan nào ban hành?", catalog)
    assert {"so-hieu", "co-quan"} <= set(q.header_parts)
    answer = reader.answer(q, passages_for(reader, "kế hoạch"))
    assert answer.route == "fact" and {c.clause.path[0] for c in answer.citations} >= {"so-hieu", "ngay"}


def test_a_point_is_read_in_the_part_the_message_names(plan):
    """ "… có phần III Tổ chức thực hiện. Ý thứ hai của phần này …": point 2 of part III, not of part II."""
    catalog, _, _ = plan
    q = understand(
        "Kế hoạch 12-KH/HU có phần III Tổ chức thực hiện. Ý thứ hai của phần này giao ai làm gì?", catalog
    )
    assert q.point == ("kh12", ("III", "2"))


def test_a_point_that_starts_a_list_asked_whole_gives_the_list(plan):
    catalog, reader, _ = plan
    q = understand(
        "Kế hoạch 12-KH/HU đề ra bao nhiêu nhiệm vụ? Kể tên từng cái theo thứ tự từ nhiệm vụ thứ nhất.",
        catalog,
    )
    answer = reader.answer(q, passages_for(reader, "nhiệm vụ giải pháp"))
    assert answer.route != "point" and len(answer.citations) >= 2


def test_chat_question_forms_are_read_as_they_mean(plan):
    """ "mấy chuyện gì" asks what, not how many; "… có … không anh?" is a yes-no question whatever chat word
    ends it; "… của cấp tỉnh. Công văn đó số mấy?" claims no issuer; "Bộ Công Thương chủ trì" names the ministry."""
    catalog, reader, _ = plan
    assert "count" not in understand("Kế hoạch giúp doanh nghiệp mấy chuyện gì vậy?", catalog).fact_kinds
    assert (
        "count"
        not in understand("Em bán trên mấy sàn, kế hoạch có nói về kiểm tra không anh?", catalog).fact_kinds
    )
    q = understand("Kế hoạch 12-KH/HU thực hiện một nghị quyết của cấp tỉnh. Nghị quyết đó số mấy?", catalog)
    assert not [c for c in premises.check(q, reader.sheets) if c.kind == "issuer"]
    names = [
        n.text for n in understand("Kế hoạch 12-KH/HU giao Bộ Công Thương chủ trì việc gì?", catalog).named
    ]
    assert "Bộ Công Thương" in names


def test_a_ministry_is_not_held_by_a_document_that_only_uses_its_words():
    """ "Bộ Tài chính" is known from one document; another that speaks of "nguồn lực tài chính" never names the
    ministry, so a question about its part there is refused by name."""
    plan = DocMeta(id="qd2", kind="Quyết định", number="2/QĐ-TTg", title="kế hoạch", issuer="Thủ tướng Chính phủ",
                   date="2024-12-31", level="Trung ương", short="Quyết định 2/QĐ-TTg")  # fmt: skip
    other = DocMeta(id="nq3", kind="Nghị quyết", number="3/NQ-HĐND", title="hỗ trợ", issuer="Hội đồng nhân dân tỉnh",
                    date="2025-07-11", level="tỉnh", short="Nghị quyết 3/NQ-HĐND")  # fmt: skip
    clauses = parse_clauses(SourceDoc(plan, "KẾ HOẠCH\n\n1. Huy động nguồn lực tài chính cho đo lường.\n"))
    clauses += parse_clauses(SourceDoc(other, "NGHỊ QUYẾT\n\n1. Bộ Tài chính hướng dẫn kinh phí hỗ trợ.\n"))
    catalog = Catalog.build({"qd2": plan, "nq3": other}, clauses)
    q = understand("Quyết định 2/QĐ-TTg giao Bộ Tài chính nhiệm vụ gì?", catalog)
    assert [(n.text, n.absent_from) for n in q.unknown_names] == [("Bộ Tài chính", "Quyết định 2/QĐ-TTg")]


def test_a_fine_asked_is_not_a_support_or_budget_sum():
    meta = DocMeta(id="nq4", kind="Nghị quyết", number="4/NQ-HĐND", title="hỗ trợ", issuer="Hội đồng nhân dân tỉnh",
                   date="2025-07-11", level="tỉnh", short="Nghị quyết 4/NQ-HĐND")  # fmt: skip
    text = "NGHỊ QUYẾT\n\n1. Hỗ trợ 50% chi phí truy xuất nguồn gốc sản phẩm cho doanh nghiệp, tối đa 30 triệu đồng.\n"
    catalog, sentences = invented(meta, text)
    q = understand("Mức phạt khi doanh nghiệp không truy xuất nguồn gốc sản phẩm là bao nhiêu?", catalog)
    assert q.fine and facts.bound_fact("money", q, sentences) is None
    support = understand(
        "Doanh nghiệp được hỗ trợ truy xuất nguồn gốc sản phẩm tối đa bao nhiêu triệu đồng?", catalog
    )
    assert facts.bound_fact("money", support, sentences).value.startswith("30 triệu")


def test_a_class_of_instruments_or_goods_is_no_point(plan):
    catalog, _, _ = plan
    assert understand("Tỷ lệ phương tiện đo nhóm 2 được kiểm định đạt bao nhiêu?", catalog).point is None
    assert understand("Sản phẩm, hàng hóa nhóm 2 được kiểm tra thế nào?", catalog).point is None
    assert understand("Nhóm 2 của Kế hoạch 12-KH/HU nói gì?", catalog).point == ("kh12", ("II", "2"))


def test_plural_those_and_southern_no_and_a_claim_about_another_kind(plan):
    """ "Mấy ông ở xã … có làm … hông hay nói chơi?": "mấy" opening a clause is "those", "hông" is "không";
    "đưa ra 5 nhóm nhiệm vụ" claims a count; "… chỉ thị do ông X ký" claims the directive's signer, not the
    plan's."""
    catalog, reader, _ = plan
    kinds = lambda q: understand(q, catalog).fact_kinds  # noqa: E731
    assert "count" not in kinds("Mấy ông ở huyện có tính kiểm tra cân ở chợ hông hay nói chơi vậy?")
    assert "count" not in kinds(
        "Kế hoạch nói kiểm tra mạnh lắm, vậy mấy cơ sở gian dối có bị xử lý không hay chỉ nhắc nhở?"
    )
    assert "count" in kinds("Huyện tổ chức mấy đợt kiểm tra?")
    q = understand("Kế hoạch 12-KH/HU đưa ra 5 nhóm nhiệm vụ, nhóm đầu là gì?", catalog)
    assert [c.kind for c in premises.check(q, reader.sheets)] == ["count"]
    q = understand(
        "Kế hoạch 12-KH/HU thực hiện chỉ thị do ông Nguyễn Văn Bình ký, kế hoạch giao việc gì?", catalog
    )
    assert not [c for c in premises.check(q, reader.sheets) if c.kind == "signer"]


def test_a_whole_document_summary_says_what_a_bare_title_holds():
    """ "Tóm tắt kế hoạch": part I's points "1. Mục đích", "2. Yêu cầu" are bare titles; the outline gives each
    with what its first item says, cited to that item."""
    meta = DocMeta(id="kh9", kind="Kế hoạch", number="9-KH/ĐU", title="thực hiện Chỉ thị 38", issuer="Đảng ủy xã",
                   date="2025-03-05", level="xã", short="Kế hoạch 9-KH/ĐU")  # fmt: skip
    text = (
        "KẾ HOẠCH\nthực hiện Chỉ thị 38\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Quán triệt Chỉ thị đến toàn thể cán bộ.\n"
        "2. Yêu cầu\n- Thực hiện nghiêm túc, thống nhất.\nII. NHIỆM VỤ\n1. Tuyên truyền về đo lường trong các chợ.\n"
        "2. Kiểm tra cân đối chứng tại chợ xã.\n"
    )
    clauses = parse_clauses(SourceDoc(meta, text))
    catalog, reader = Catalog.build({"kh9": meta}, clauses), Reader(clauses, {"kh9": meta}, {})
    answer = reader.answer(understand("Tóm tắt Kế hoạch 9-KH/ĐU", catalog), passages_for(reader, "kế hoạch"))
    assert answer.route == "summary" and "1. Mục đích: Quán triệt Chỉ thị" in answer.text
    assert "kh9/I.1/-1" in [c.clause.id for c in answer.citations]
