"""Hybrid retrieval and query analysis on the real knowledge base."""

import pytest


@pytest.mark.parametrize(
    ("question", "doc_ids"),
    [
        ("Long An làm gì để nâng cao nhận thức?", ["ctr59-longan"]),
        ("Quyết định 1703 giao ai chủ trì?", ["qd1703"]),
        ("Kế hoạch của xã ở Hải Phòng về ngân sách", ["kh-xa-haiphong"]),
        ("Công văn 59 của Điện Biên đề nghị gì?", ["cv59-dienbien"]),
        ("cap xa lam gi de kiem soat chat luong", ["kh-xa-haiphong"]),
        ("Long An thực hiện Chỉ thị 38 thế nào?", ["ctr59-longan"]),
    ],
)
def test_question_naming_a_document_is_restricted_to_it(kb, question, doc_ids):
    query = kb.understand(question)
    assert list(query.doc_ids) == doc_ids
    passages = kb.retriever.search(query)
    assert passages and {p.clause.doc_id for p in passages} == set(doc_ids)


@pytest.mark.parametrize(
    ("question", "first_ids"),
    [
        ("mục 4 của Chỉ thị nói gì?", ["ct38/4"]),
        ("Nhóm nhiệm vụ thứ 2 của Quyết định 1703 gồm những gì?", ["qd1703/2", "qd1703/2/-1"]),
        ("giải pháp thứ ba của Long An", ["ctr59-longan/ba-la"]),
        ("Ba là của Long An", ["ctr59-longan/ba-la"]),
        ("mục II.4 kế hoạch xã Hải Phòng", ["kh-xa-haiphong/II.4", "kh-xa-haiphong/II.4/-1"]),
    ],
)
def test_named_point_goes_straight_to_it(kb, question, first_ids):
    passages = kb.search(question)
    assert [p.clause.id for p in passages[: len(first_ids)]] == first_ids


def test_question_without_diacritics_finds_what_the_accented_one_finds(kb):
    accented = kb.search("Chỉ thị 38 nói gì về hội nhập quốc tế?")
    folded = kb.search("chi thi 38 noi gi ve hoi nhap quoc te")
    assert accented[0].clause.id == folded[0].clause.id == "ct38/6"
    assert kb.retriever.restorer.restore("ngan sach nha nuoc") == "ngân sách nhà nước"


def test_passages_report_which_index_found_them(kb):
    passages = kb.search("xây dựng ít nhất một trung tâm kiểm định ở mỗi vùng kinh tế trọng điểm")
    top = passages[0]
    assert top.clause.id in {"ct38/4", "qd1703/4"}
    assert top.dense_rank and top.lexical_rank and top.found_by == "dense+lexical"


def test_ui_filter_narrows_the_search(kb):
    passages = kb.search("ngân sách cho tiêu chuẩn đo lường chất lượng", doc_filter=["ctr59-longan"])
    assert passages and all(p.clause.doc_id == "ctr59-longan" for p in passages)


def test_copies_of_a_clause_in_other_plans_share_one_key():
    """A province's plans copy each other, changing only names: the copies are one passage, not five."""
    from assistant.retrieval import copy_key

    a = "Ủy ban nhân dân xã Long Quang bố trí ngân sách hằng năm tối thiểu 10% chi khoa học và công nghệ."
    b = "Ủy ban nhân dân xã Hòa Đông bố trí ngân sách hằng năm tối thiểu 10% chi khoa học và công nghệ."
    c = "Ủy ban nhân dân xã Hòa Đông bố trí ngân sách hằng năm tối thiểu 12% chi khoa học và công nghệ."
    assert copy_key(a) == copy_key(b) != copy_key(c)  # a different figure is a different clause
    assert copy_key("II. NHIỆM VỤ, GIẢI PHÁP") == ""  # too short to tell a copy from a coincidence


def test_the_restorer_recounted_for_an_added_document_is_the_one_built_whole():
    from assistant.retrieval import DiacriticRestorer

    base = ["Ủy ban nhân dân xã kiểm tra cân đối chứng tại chợ.", "Bố trí ngân sách cho khoa học."]
    added = ["Xã Hòa Sơn bán chè Shan tuyết và cam sành."]
    whole = DiacriticRestorer(base + added)
    recounted = DiacriticRestorer(base).changed(added, [])
    assert recounted.uni == whole.uni and recounted.bi == whole.bi
    assert recounted.restore("xa hoa son ban che shan tuyet") == whole.restore(
        "xa hoa son ban che shan tuyet"
    )
    back = recounted.changed([], added)
    assert back.uni == DiacriticRestorer(base).uni and back.bi == DiacriticRestorer(base).bi
