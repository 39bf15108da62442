"""The sources package on real files: PDFs and DOCX generated on the fly, text in several encodings, and bad input."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from docgen import (
    PAGE_BREAK,
    SAMPLE_PLAN,
    cp1258_bytes,
    make_blank_pdf,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
)
from pypdf import PdfReader

from assistant.clauses import parse_clauses
from assistant.config import Settings
from assistant.schema import DocMeta, SourceDoc
from assistant.sources import (
    DocumentError,
    add_document,
    extract_text,
    guess_meta,
    load_documents,
    read_catalog,
    reflow,
    remove_document,
    write_catalog,
)
from assistant.text.normalize import has_diacritics
from assistant.text.sentences import split_sentences

CORPUS_PLAN = Path("/work/shared/corpus/004_962f71b5e489d974.txt")

KB_TEXT = (
    "CHỈ THỊ\n\nvề đẩy mạnh công tác tiêu chuẩn\n\n1. Nâng cao nhận thức về tiêu chuẩn, đo lường, chất lượng."
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A tiny knowledge base of one document, and an empty data dir: never the real knowledge/ or data/."""
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "ct38.txt").write_text(KB_TEXT, encoding="utf-8")
    write_catalog(
        kb / "catalog.toml",
        [
            DocMeta(
                id="ct38",
                kind="Chỉ thị",
                number="38-CT/TW",
                title="về đẩy mạnh công tác tiêu chuẩn",
                issuer="Ban Bí thư",
                date="2024-07-30",
                level="Trung ương",
                short="Chỉ thị 38-CT/TW",
                implements=("Nghị quyết số 08-NQ/TW",),
                source="ct38.txt",
            )
        ],
    )
    return Settings(knowledge_dir=kb, data_dir=tmp_path / "data", max_upload_mb=2)


def text_and_pages(path: Path) -> tuple[str, tuple[int, ...]]:
    got = extract_text(path, Settings(max_upload_mb=5))
    return got.text, got.page_starts


def snapshot(folder: Path) -> dict[str, bytes]:
    return (
        {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        if folder.exists()
        else {}
    )


def assert_vietnamese_error(err: DocumentError, filename: str) -> None:
    assert filename in err.user_message
    assert has_diacritics(err.user_message)  # Vietnamese, not an English traceback
    assert str(err) == err.user_message


def paragraphs(text: str) -> list[str]:
    assert "\n\n\n" not in text
    out = text.split("\n\n")
    assert all(p and p == p.strip() and "\n" not in p for p in out)
    return out


# ------------------------------------------------------------------------------------------------ PDF


def test_pdf_three_pages_text_paragraphs_and_page_starts(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "ke-hoach.pdf", SAMPLE_PLAN, pages=3)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 3

    text, starts = text_and_pages(pdf)
    assert text == unicodedata.normalize("NFC", text)
    assert "Ban Thường vụ Đảng ủy xã An Bình" in text
    paras = paragraphs(text)
    # multi_cell broke these inside sentences; each comes back as one line, word for word
    expected = [p for p in SAMPLE_PLAN if p != "-----"]
    assert paras == expected
    assert "Trang 1/3" not in text and "Trang 2/3" not in text  # page furniture dropped

    assert len(starts) == 3 and starts[0] == 0 and starts[0] < starts[1] < starts[2] < len(text)
    page_texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    sentence = next(p for p in expected if " ".join(p.split())[:60] in page_texts[1] and len(p) > 100)
    pos = text.index(sentence)
    assert starts[1] <= pos < starts[2]
    page3_first = next(p for p in expected if p[:30] in page_texts[2])
    assert text.index(page3_first) >= starts[2]


def test_pdf_paragraph_across_pages_and_dash_page_numbers(tmp_path: Path) -> None:
    long_para = (
        "Thực hiện Chỉ thị số 38-CT/TW của Ban Bí thư, các cơ quan, đơn vị tăng cường công tác tuyên "
        "truyền, phổ biến về tiêu chuẩn, đo lường, chất lượng đến cán bộ, đảng viên và Nhân dân. "
    ) * 6
    body = ["KẾ HOẠCH", "tuyên truyền Chỉ thị số 38-CT/TW"] + [
        f"{i}. {long_para.strip()}" for i in range(1, 9)
    ]
    pdf = make_pdf(tmp_path / "dai.pdf", body, page_numbers="- {page} -")
    n_pages = len(PdfReader(pdf).pages)
    assert n_pages >= 2
    text, starts = text_and_pages(pdf)
    assert paragraphs(text) == body  # a point that runs over a page break is still one paragraph
    assert len(starts) == n_pages
    assert "- 1 -" not in text and "- 2 -" not in text
    assert all(a < b for a, b in zip(starts, starts[1:], strict=False))


def test_guess_meta_from_pdf(tmp_path: Path) -> None:
    text, _ = text_and_pages(make_pdf(tmp_path / "kh12.pdf", SAMPLE_PLAN, pages=3))
    meta = guess_meta(text, "kh12.pdf", {"ke-hoach-12-kh-du"})
    assert meta.kind == "Kế hoạch"
    assert meta.number == "12-KH/ĐU"
    assert meta.date == "2025-03-05"
    assert meta.place == "An Bình"
    assert (
        meta.issuer == "Đảng ủy xã An Bình"
    )  # the header's capitals, cased as the body and place line write it
    assert meta.level == "xã"
    assert meta.title.startswith("thực hiện Chỉ thị số 38-CT/TW, ngày 30/7/2024")
    assert meta.title.endswith("những năm tiếp theo")
    assert meta.signer == "Nguyễn Văn An (T/M Ban Thường vụ, Bí thư)"  # the post the signature block writes
    assert meta.short == "Kế hoạch 12-KH/ĐU"
    assert meta.id == "ke-hoach-12-kh-du-2"  # made unique
    assert meta.implements == ("Chỉ thị số 38-CT/TW",)
    assert meta.official and meta.source == "kh12.pdf"


def test_guess_meta_two_column_header_and_cong_van() -> None:
    text = "\n\n".join(
        [
            "BAN TUYÊN GIÁO TỈNH ỦY ĐẢNG CỘNG SẢN VIỆT NAM",
            "Số 59 - CV/BTG Điện Biên, ngày 19 tháng 8 năm 2024",
            "V/v tuyên truyền Chỉ thị số 38-CT/TW",
            "Kính gửi: Các chi, đảng bộ cơ sở",
            "Thực hiện Chỉ thị số 38-CT/TW, Ban Tuyên giáo đề nghị các chi bộ tổ chức tuyên truyền.",
            "K/T TRƯỞNG BAN",
            "PHÓ TRƯỞNG BAN",
            "Ngô Thị Hiền",
        ]
    )
    meta = guess_meta(text, "cv59.pdf", set())
    assert (meta.kind, meta.number, meta.date, meta.place) == (
        "Công văn",
        "59-CV/BTG",
        "2024-08-19",
        "Điện Biên",
    )
    assert (
        meta.issuer == "Ban Tuyên giáo tỉnh ủy"
    )  # "Ban Tuyên giáo" as the body writes it; the rest lower case
    assert meta.level == "tỉnh"
    assert meta.title == "V/v tuyên truyền Chỉ thị số 38-CT/TW"
    assert meta.signer == "Ngô Thị Hiền (K/T Trưởng ban, Phó Trưởng ban)"  # the posts above the name
    assert meta.id == "cong-van-59-cv-btg"


def test_a_letter_whose_code_names_no_kind_is_known_by_its_subject_line() -> None:
    """A department's letter ("527/SKHCN-TĐC": the code is the issuer's, not a kind) has no kind title; its
    "V/v …" subject line is what marks an official letter."""
    text = "\n".join(
        [
            "UBND TỈNH BẮC LAM", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Số: 527/SKHCN-TĐC", "V/v hướng dẫn triển khai Chỉ thị số 38-CT/TW", "Bắc Lam, ngày 22 tháng 4 năm 2025",
            "", "Kính gửi: Các sở, ban, ngành", "", "Sở Khoa học và Công nghệ đề nghị các cơ quan thực hiện.",
        ]
    )  # fmt: skip
    meta = guess_meta(text, "cv.pdf", set())
    assert (meta.kind, meta.number, meta.id) == ("Công văn", "527/SKHCN-TĐC", "cong-van-527-skhcn-tdc")
    assert guess_meta(text.replace("V/v", "Về"), "cv.pdf", set()).kind == "Văn bản"


def test_guess_meta_without_number_uses_title_and_filename() -> None:
    meta = guess_meta("BÁO CÁO\n\nkết quả tuyên truyền Chỉ thị 38\n\nNội dung.", "Báo cáo quý 1.docx", set())
    assert meta.kind == "Báo cáo" and meta.number == ""
    assert meta.short == "Báo cáo kết quả tuyên truyền Chỉ thị 38"
    assert meta.id == "bao-cao-quy-1"
    plain = guess_meta("Một đoạn văn bản không có tiêu đề.", "ghi-chu.txt", set())
    assert plain.kind == "Văn bản" and plain.title == "Một đoạn văn bản không có tiêu đề."


# ------------------------------------------------------------------------------------------------ DOCX, TXT, MD


def test_docx_paragraphs_and_table(tmp_path: Path) -> None:
    rows = [["Đơn vị", "Nhiệm vụ"], ["Ủy ban nhân dân xã", "Rà soát cơ sở sản xuất"]]
    path = make_docx(tmp_path / "ke-hoach.docx", SAMPLE_PLAN, table_rows=rows)
    text, starts = text_and_pages(path)
    assert starts == ()
    paras = paragraphs(text)
    assert paras == [p for p in SAMPLE_PLAN if p != "-----"] + [
        "Đơn vị",
        "Nhiệm vụ",
        "Ủy ban nhân dân xã",
        "Rà soát cơ sở sản xuất",
    ]  # two columns (as a header's issuer and motto are laid out): cell by cell
    meta = guess_meta(text, "ke-hoach.docx", set())
    assert (meta.kind, meta.number, meta.date, meta.issuer) == (
        "Kế hoạch",
        "12-KH/ĐU",
        "2025-03-05",
        "Đảng ủy xã An Bình",
    )


def test_a_docx_table_row_is_read_with_its_header_row(tmp_path: Path) -> None:
    """A task table (number, task, lead body, deadline) comes out one line per row; each row's clause carries
    the header row and is read with it."""
    rows = [["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
            ["1", "Rà soát cơ sở sản xuất", "Ủy ban nhân dân xã", "Quý III/2025"],
            ["2", "Kiểm tra cân | đo tại chợ", "Công an xã", "-"]]  # fmt: skip
    body = SAMPLE_PLAN[: next(i for i, p in enumerate(SAMPLE_PLAN) if p.startswith("Nơi nhận"))]
    path = make_docx(tmp_path / "ke-hoach.docx", body, table_rows=rows)
    text, _ = text_and_pages(path)
    assert paragraphs(text)[-3:] == [
        "TT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn",
        "1 | Rà soát cơ sở sản xuất | Ủy ban nhân dân xã | Quý III/2025",
        "2 | Kiểm tra cân / đo tại chợ | Công an xã | -",
    ]
    doc = SourceDoc(guess_meta(text, "ke-hoach.docx", set()), text)
    row = [c for c in parse_clauses(doc) if c.text.startswith("1 |")][0]
    assert split_sentences(row)[0].text == (
        "Nhiệm vụ: Rà soát cơ sở sản xuất; Cơ quan chủ trì: Ủy ban nhân dân xã; Thời hạn: Quý III/2025."
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_txt_encodings(tmp_path: Path, encoding: str) -> None:
    body = "KẾ HOẠCH\n\nSố: 12-KH/ĐU\n\nTăng cường quản lý nhà nước về tiêu chuẩn, đo lường, chất lượng."
    path = tmp_path / f"van-ban-{encoding}.txt"
    path.write_bytes(cp1258_bytes(body) if encoding == "cp1258" else body.encode(encoding))
    text, starts = text_and_pages(path)
    assert text == body and starts == ()
    assert unicodedata.is_normalized("NFC", text)


def test_txt_hard_wrapped_is_reflowed_clean_txt_kept(tmp_path: Path) -> None:
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text(
        "1. Tăng cường công tác tuyên truyền, phổ biến Chỉ thị số 38-\nCT/TW đến cán bộ, đảng viên và\n"
        "người dân trên địa bàn xã.\n- Đẩy mạnh ứng dụng chuyển đổi số trong\nquản lý chất lượng.\n",
        encoding="utf-8",
    )
    text, _ = text_and_pages(wrapped)
    assert paragraphs(text) == [
        "1. Tăng cường công tác tuyên truyền, phổ biến Chỉ thị số 38-CT/TW đến cán bộ, đảng viên và "
        "người dân trên địa bàn xã.",
        "- Đẩy mạnh ứng dụng chuyển đổi số trong quản lý chất lượng.",
    ]
    clean = tmp_path / "clean.txt"
    lines = ["KẾ HOẠCH", "Đoạn thứ nhất kết thúc ở đây.", "Đoạn thứ hai cũng vậy.", "Nơi nhận:"]
    clean.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert paragraphs(text_and_pages(clean)[0]) == lines


def test_markdown_markers_stripped(tmp_path: Path) -> None:
    path = tmp_path / "ghi-chu.md"
    path.write_text("# KẾ HOẠCH\n\n## I. MỤC ĐÍCH\n\n**Quán triệt** sâu rộng Chỉ thị.\n", encoding="utf-8")
    text, _ = text_and_pages(path)
    assert paragraphs(text) == ["KẾ HOẠCH", "I. MỤC ĐÍCH", "Quán triệt sâu rộng Chỉ thị."]


def test_nfd_input_comes_back_nfc(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "Tiêu chuẩn, đo lường, chất lượng."), encoding="utf-8")
    assert text_and_pages(path)[0] == "Tiêu chuẩn, đo lường, chất lượng."


# ------------------------------------------------------------------------------------------------ reflow


def test_reflow_rules() -> None:
    raw = (
        "Các tổ chức chính trị\n\n- xã hội tham gia tuyên truyền Chỉ thị số 38-\n\nCT/TW; Ban Thường vụ\n"
        "đề nghị như sau:\n\na) Tuyên truyền sâu rộng.\n\n\n\nKhông có gì thay đổi trong câu này.\n"
    )
    assert reflow(raw) == (
        "Các tổ chức chính trị - xã hội tham gia tuyên truyền Chỉ thị số 38-CT/TW; Ban Thường vụ đề nghị như sau:"
        "\n\na) Tuyên truyền sâu rộng.\n\nKhông có gì thay đổi trong câu này."
    )
    assert reflow("Một là, tăng cường.\nHai là, đổi mới.\nNơi nhận:\n- Như trên,") == (
        "Một là, tăng cường.\n\nHai là, đổi mới.\n\nNơi nhận:\n\n- Như trên,"
    )
    # a lettered point whose first line, as wide as the text, breaks before a figure: one sentence
    wide = "Toàn tỉnh có 112 chợ đang hoạt động, trong đó 96 chợ đã bố trí cân đối chứng (đạt"
    rest = "85,7%); 16 chợ chưa có cân đối chứng chủ yếu là chợ tạm, chợ họp theo phiên ở các xã"
    filler = "\n".join(["Dòng văn bản bình thường có độ dài gần bằng độ rộng của trang in ra giấy."] * 6)
    assert f"b) {wide} {rest} vùng cao." in reflow(f"{filler}\nb) {wide}\n{rest}\nvùng cao.\nc) Khác.")
    qr = "Hệ thống truy xuất nguồn gốc sản phẩm, hàng hóa của tỉnh Hoàng Sơn đã cấp mã truy xuất"
    assert f"{qr} (QR code) cho 312 cơ sở" in reflow(
        f"{filler}\nd) {qr}\n(QR code) cho 312 cơ sở sản xuất, kinh doanh."
    )
    # a line ending with a word no heading ends with goes on, capitalised or not ("… pháp luật của" / "Nhà nước …")
    duty = "Chỉ đạo công tác tuyên truyền, phổ biến chủ trương của Đảng, chính sách, pháp luật của"
    assert f"{duty} Nhà nước về tiêu chuẩn" in reflow(
        f"{filler}\n3. {duty}\nNhà nước về tiêu chuẩn, đo lường, chất lượng đến doanh nghiệp."
    )
    # a closing formula starts its own paragraph, however long the line before it
    closing = reflow(
        f"{filler}\nTrên đây là báo cáo sơ kết của Ủy ban nhân dân tỉnh.\nTrong quá trình thực hiện, nếu có"
    )
    assert closing.split("\n\n")[-2:] == [
        "Trên đây là báo cáo sơ kết của Ủy ban nhân dân tỉnh.",
        "Trong quá trình thực hiện, nếu có",
    ]


@pytest.mark.skipif(not CORPUS_PLAN.exists(), reason="shared corpus not available")
def test_reflow_corpus_plan() -> None:
    raw = CORPUS_PLAN.read_text(encoding="utf-8")
    out = paragraphs(reflow(raw))
    raw_words = re.sub(r"(\d-)\s*\n\s*(?=[A-Z])", r"\1", raw).split()  # "38-" / "CT/TW" re-joined
    assert " ".join(out).split() == [w for w in raw_words if w != "-----"]  # no word changed or lost

    assert out[:2] == [
        "KẾ HOẠCH",
        "thực hiện Chỉ thị số 38-CT/TW, ngày 30/7/2024 của Ban Bí thư về đẩy mạnh công tác tiêu chuẩn, "
        "đo lường, chất lượng quốc gia đến năm 2030 và những năm tiếp theo",
    ]
    section = out[out.index("II. NHIỆM VỤ VÀ GIẢI PHÁP") : out.index("III. TỔ CHỨC THỰC HIỆN")]
    assert len(section) == 24
    # every numbered heading and dash item starts its own line
    assert [p[:3] for p in section if p[0].isdigit()] == ["1. ", "2. ", "3. ", "4. ", "5. ", "6. "]
    assert sum(p.startswith("- ") for p in section) == 16
    assert section[1] == (
        "1. Tuyên truyền, nâng cao nhận thức của các cấp ủy đảng, chính quyền, nhân dân và doanh nghiệp "
        "về tầm quan trọng của công tác tiêu chuẩn, đo lường, chất lượng"
    )
    assert section[2].startswith(
        "- Ban Thưởng vụ Đảng uỷ chỉ đạo tổ chức học tập, quán triệt Chỉ thị số 38-CT/TW và"
    )
    # "chính trị" / "- xã hội": a broken compound, not a dash item
    assert any(
        "các tổ chức chính trị - xã hội xã, hội doanh nghiệp tham gia tuyên truyền" in p for p in section
    )
    assert not any(p.startswith("- xã hội") for p in out)
    # a heading without a full stop, then its body paragraph
    assert (
        "lĩnh vực tiêu chuẩn, đo lường, chất lượng"
        in section[section.index(next(p for p in section if p.startswith("3. ")))]
    )
    assert any(p.startswith("Phối phợp cử cán bộ") and p.endswith("giai đoạn tới.") for p in section)
    for p in section[1:]:  # body lines end a sentence; headings end a noun phrase
        assert p.endswith((".", ";", ":", "chất lượng")), p
    assert (
        out[out.index("Nơi nhận:") + 6]
        == "- Các phòng, ban, ngành, MTTQ VN và các tổ chức chính trị - xã hội xã,"
    )
    assert out[-3:] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Vũ Văn Hải"]


# ------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "kind", ["corrupt", "encrypted", "blank", "empty", "xlsx", "exe", "big", "missing", "binary"]
)
def test_bad_input_raises_vietnamese_error(settings: Settings, tmp_path: Path, kind: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    if kind == "corrupt":
        path = src / "hong.pdf"
        path.write_bytes(os.urandom(4096))
    elif kind == "encrypted":
        path = make_encrypted_pdf(src / "mat-khau.pdf", SAMPLE_PLAN[:8])
    elif kind == "blank":
        path = make_blank_pdf(src / "ban-quet.pdf")
    elif kind == "empty":
        path = src / "trong.txt"
        path.write_text("  \n\n", encoding="utf-8")
    elif kind == "xlsx":
        path = src / "bang-tinh.xlsx"
        path.write_bytes(b"PK\x03\x04 not really")
    elif kind == "exe":
        path = src / "chuong-trinh.exe"
        path.write_bytes(b"MZ\x90\x00")
    elif kind == "big":
        path = src / "qua-lon.txt"
        path.write_bytes(
            ("Tiêu chuẩn, đo lường, chất lượng. " * 80_000).encode("utf-8")[: int(2.5 * 1024 * 1024)]
        )
    elif kind == "binary":
        path = src / "nhi-phan.txt"
        path.write_bytes(b"\x00\x01\x02abc\x00" * 100)
    else:
        path = src / "khong-co.pdf"

    with pytest.raises(DocumentError) as exc:
        extract_text(path, settings)
    assert_vietnamese_error(exc.value, path.name)
    message = exc.value.user_message
    expected_word = {
        "encrypted": "mật khẩu",
        "blank": "OCR",
        "big": "MB",
        "xlsx": "chưa được hỗ trợ",
        "exe": "chưa được hỗ trợ",
        "corrupt": "hỏng",
        "empty": "trống",
        "missing": "Không tìm thấy",
        "binary": "UTF-8",
    }[kind]
    assert expected_word in message

    before = snapshot(settings.data_dir)
    with pytest.raises(DocumentError):
        add_document(settings, path)
    assert snapshot(settings.data_dir) == before


def test_size_limit_from_settings(tmp_path: Path) -> None:
    small = Settings(data_dir=tmp_path, max_upload_mb=1)
    path = tmp_path / "lon.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * int(1.5 * 1024 * 1024))
    with pytest.raises(DocumentError) as exc:
        extract_text(path, small)
    assert_vietnamese_error(exc.value, "lon.pdf")
    assert "1 MB" in exc.value.user_message


# ------------------------------------------------------------------------------------------------ catalog, add, remove


def test_catalog_round_trip(tmp_path: Path) -> None:
    meta = DocMeta(
        id="kh12",
        kind="Kế hoạch",
        number="12-KH/ĐU",
        title="thực hiện Chỉ thị số 38-CT/TW",
        issuer="Đảng ủy xã An Bình",
        date="2025-03-05",
        level="xã",
        short="Kế hoạch 12-KH/ĐU",
        signer="Nguyễn Văn An",
        implements=("Chỉ thị số 38-CT/TW", "Kế hoạch số 03-KH/TU"),
        official=False,
        press_note="theo bản tin",
        source="kh12.txt",
        place="An Bình",
        notes="ghi chú",
    )
    path = tmp_path / "sub" / "catalog.toml"
    write_catalog(path, [meta])
    assert read_catalog(path) == [meta]
    assert 'file = "kh12.txt"' in path.read_text(encoding="utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["catalog.toml"]  # no temp file left

    path.write_text('[[document]]\nid = "x"\nfile = ', encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        read_catalog(path)
    assert_vietnamese_error(exc.value, "catalog.toml")


def test_load_documents_builtin_only(settings: Settings) -> None:
    docs = load_documents(settings)
    assert [d.id for d in docs] == ["ct38"]
    assert docs[0].text == KB_TEXT and docs[0].page_starts == ()
    assert docs[0].meta.implements == ("Nghị quyết số 08-NQ/TW",)


def test_add_pdf_then_load_and_remove(settings: Settings, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "kh12.pdf", SAMPLE_PLAN, pages=3)
    doc = add_document(settings, pdf)
    assert doc.id == "ke-hoach-12-kh-du"
    assert doc.meta.number == "12-KH/ĐU" and len(doc.page_starts) == 3
    uploads = settings.uploads_dir
    assert sorted(p.name for p in uploads.iterdir()) == [
        "catalog.toml",
        "ke-hoach-12-kh-du.pages.json",
        "ke-hoach-12-kh-du.txt",
    ]

    docs = load_documents(settings)
    assert [d.id for d in docs] == ["ct38", "ke-hoach-12-kh-du"]
    loaded = docs[1]
    assert loaded.text == doc.text and loaded.page_starts == doc.page_starts
    assert loaded.meta == doc.meta

    # the same content again, under another name and format: refused, nothing written
    before = snapshot(settings.data_dir)
    again = make_docx(tmp_path / "ban-sao.docx", [p for p in SAMPLE_PLAN if p != "-----"])
    with pytest.raises(DocumentError) as exc:
        add_document(settings, again)
    assert_vietnamese_error(exc.value, "ban-sao.docx")
    assert "ke-hoach-12-kh-du" in exc.value.user_message
    assert snapshot(settings.data_dir) == before

    remove_document(settings, "ke-hoach-12-kh-du")
    assert [d.id for d in load_documents(settings)] == ["ct38"]
    assert sorted(p.name for p in uploads.iterdir()) == ["catalog.toml"]


def test_add_with_overrides_and_id_clash(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "cong-van.txt"
    path.write_text("Đề nghị các chi bộ tuyên truyền Chỉ thị số 38-CT/TW.", encoding="utf-8")
    doc = add_document(
        settings,
        path,
        {
            "kind": "Công văn",
            "number": "59 - CV/BTG",
            "date": "19/8/2024",
            "issuer": "Ban Tuyên giáo",
            "level": "",
        },
    )
    assert (doc.id, doc.meta.short, doc.meta.date, doc.meta.number) == (
        "cong-van-59-cv-btg",
        "Công văn 59-CV/BTG",
        "2024-08-19",
        "59-CV/BTG",
    )
    assert doc.meta.issuer == "Ban Tuyên giáo" and doc.page_starts == ()
    assert load_documents(settings)[1].page_starts == ()

    other = tmp_path / "khac.txt"
    other.write_text("Một văn bản khác hẳn về đo lường.", encoding="utf-8")
    before = snapshot(settings.data_dir)
    for overrides in ({"id": "ct38"}, {"id": "cong-van-59-cv-btg"}, {"date": "31/02/2024"}):
        with pytest.raises(DocumentError) as exc:
            add_document(settings, other, overrides)
        assert_vietnamese_error(exc.value, "khac.txt")
        assert snapshot(settings.data_dir) == before
    ok = add_document(settings, other, {"id": "Văn bản Khác", "date": "2024-10-01"})
    assert ok.id == "van-ban-khac" and ok.meta.date == "2024-10-01"


def test_remove_builtin_or_unknown_refused(settings: Settings) -> None:
    with pytest.raises(DocumentError) as exc:
        remove_document(settings, "ct38")
    assert "có sẵn" in exc.value.user_message and "ct38" in exc.value.user_message
    with pytest.raises(DocumentError) as exc:
        remove_document(settings, "khong-co")
    assert "khong-co" in exc.value.user_message


def test_page_break_marker_in_docgen(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "hai-trang.pdf", ["Trang đầu có chữ.", PAGE_BREAK, "Trang sau cũng có chữ."])
    text, starts = text_and_pages(pdf)
    assert text == "Trang đầu có chữ.\n\nTrang sau cũng có chữ."
    assert starts == (0, text.index("Trang sau"))


def test_upload_never_takes_a_shipped_id_or_file_name_and_stays_removable(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "qd1703-bantin.txt").write_text(KB_TEXT, encoding="utf-8")
    shipped = DocMeta("qd1703", "Quyết định", "1703/QĐ-TTg", "về tiêu chuẩn", "Thủ tướng", "", "", "QĐ 1703")
    write_catalog(kb / "catalog.toml", [replace(shipped, source="qd1703-bantin.txt")])
    settings = Settings(knowledge_dir=kb, data_dir=tmp_path / "data")
    upload = tmp_path / "qd1703-bantin.txt"  # a shipped file's name, other content, no number to guess from
    upload.write_text("Thông báo về lịch tập huấn tiêu chuẩn cơ sở cho các hợp tác xã.", encoding="utf-8")

    for given in ("qd1703", "QD1703", "qd1703-bantin"):
        with pytest.raises(DocumentError) as exc:
            add_document(settings, upload, {"id": given})
        assert_vietnamese_error(exc.value, upload.name)
        assert "có sẵn của hệ thống" in exc.value.user_message
    doc = add_document(settings, upload)
    assert doc.id not in {"qd1703", "qd1703-bantin"} and not (kb / doc.meta.source).exists()
    assert doc.meta.original_name == "qd1703-bantin.txt"
    remove_document(settings, doc.id)
    assert [d.id for d in load_documents(settings)] == ["qd1703"]

    # a shipped document that arrives later with an upload's id hides the upload, which stays removable
    later = add_document(settings, upload, {"id": "tb-tap-huan"})
    write_catalog(
        kb / "catalog.toml",
        [
            replace(shipped, source="qd1703-bantin.txt"),
            replace(shipped, id="tb-tap-huan", source="qd1703-bantin.txt"),
        ],
    )
    assert [d.id for d in load_documents(settings)] == ["qd1703", "tb-tap-huan"]
    remove_document(settings, later.id)
    assert read_catalog(settings.uploads_dir / "catalog.toml") == []
    assert not (settings.uploads_dir / later.meta.source).exists()
    with pytest.raises(DocumentError) as exc:
        remove_document(settings, "tb-tap-huan")
    assert "có sẵn" in exc.value.user_message
