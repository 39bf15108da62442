"""Real PDF/DOCX files for tests: fpdf2 with DejaVu (Vietnamese glyphs), python-docx, pypdf encryption.

Shared by the loading tests and the web-app tests; every helper writes to the path it is given.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSans.ttf"
PAGE_BREAK = "\f"  # a paragraph equal to this starts a new PDF page

SAMPLE_PLAN = [
    "ĐẢNG BỘ HUYỆN AN PHÚ",
    "ĐẢNG ỦY XÃ AN BÌNH",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số: 12-KH/ĐU",
    "An Bình, ngày 5 tháng 3 năm 2025",
    "KẾ HOẠCH",
    "thực hiện Chỉ thị số 38-CT/TW, ngày 30/7/2024 của Ban Bí thư về đẩy mạnh công tác tiêu chuẩn, "
    "đo lường, chất lượng quốc gia đến năm 2030 và những năm tiếp theo",
    "-----",
    "Thực hiện Chỉ thị số 38-CT/TW, ngày 30/7/2024 của Ban Bí thư về đẩy mạnh công tác tiêu chuẩn, đo "
    "lường, chất lượng quốc gia đến năm 2030 và những năm tiếp theo, Ban Thường vụ Đảng ủy xã An Bình "
    "xây dựng Kế hoạch thực hiện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "- Quán triệt và tổ chức triển khai đồng bộ, hiệu quả Chỉ thị số 38-CT/TW nhằm tạo sự thống nhất về "
    "nhận thức và hành động của cả hệ thống chính trị và toàn xã hội về công tác tiêu chuẩn, đo lường, "
    "chất lượng; coi đây là nhiệm vụ thường xuyên, lâu dài của cấp ủy, chính quyền các cấp.",
    "- Cụ thể hóa các nhiệm vụ, giải pháp trọng tâm nêu tại Chỉ thị thành nhiệm vụ, giải pháp phù hợp với "
    "thực tiễn phát triển của xã, bảo đảm khả thi, hiệu quả.",
    "2. Yêu cầu",
    "- Việc triển khai, tổ chức thực hiện Chỉ thị phải bảo đảm nghiêm túc, quyết liệt, thống nhất dưới sự "
    "lãnh đạo, chỉ đạo trực tiếp của cấp ủy đảng và sự quản lý thống nhất của chính quyền xã.",
    "II. NHIỆM VỤ VÀ GIẢI PHÁP",
    "1. Tuyên truyền, nâng cao nhận thức về tầm quan trọng của công tác tiêu chuẩn, đo lường, chất lượng",
    "- Ban Thường vụ Đảng ủy chỉ đạo tổ chức học tập, quán triệt Chỉ thị số 38-CT/TW và các văn bản liên "
    "quan sâu rộng trong toàn hệ thống chính trị, đến từng cán bộ, công chức, viên chức, doanh nghiệp và "
    "người dân bằng các hình thức đa dạng, phong phú, gắn với định hướng phát triển kinh tế - xã hội.",
    "- Đẩy mạnh truyền thông về tiêu chuẩn, đo lường, chất lượng trên loa truyền thanh của xã, mạng xã hội "
    "và các hội nghị ở thôn, ấp; Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - xã hội tham gia "
    "tuyên truyền nhằm nâng cao nhận thức của người dân.",
    "2. Nâng cao hiệu quả quản lý nhà nước về tiêu chuẩn, đo lường, chất lượng",
    "- Ủy ban nhân dân xã rà soát các cơ sở sản xuất, kinh doanh trên địa bàn, hướng dẫn áp dụng hệ thống "
    "quản lý chất lượng, mã số mã vạch và truy xuất nguồn gốc sản phẩm, hàng hóa đặc trưng của địa phương.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Các chi bộ trực thuộc tổ chức quán triệt Kế hoạch này đến toàn thể cán bộ, đảng viên và Nhân dân; "
    "định kỳ sáu tháng báo cáo kết quả về Ban Thường vụ Đảng ủy.",
    "Nơi nhận:",
    "- Ban Thường vụ Huyện ủy (để báo cáo),",
    "- Lưu VPĐU.",
    "T/M BAN THƯỜNG VỤ",
    "BÍ THƯ",
    "Nguyễn Văn An",
]


def make_pdf(
    path: Path,
    paragraphs: list[str],
    pages: int | None = None,
    page_numbers: str | None = "Trang {page}/{pages}",
    font_size: int = 12,
) -> Path:
    """A text PDF; each paragraph wrapped by multi_cell so lines break inside sentences.

    `pages`: split the paragraphs into that many roughly equal pages (PAGE_BREAK entries also break).
    `page_numbers`: footer template ({page}, {pages}), e.g. "- {page} -"; None for no footer.
    """
    from fpdf import FPDF

    chunks: list[list[str]] = [[]]
    for p in paragraphs:
        if p == PAGE_BREAK:
            chunks.append([])
        else:
            chunks[-1].append(p)
    if pages and len(chunks) == 1:
        per = -(-len(paragraphs) // pages)
        chunks = [paragraphs[i : i + per] for i in range(0, len(paragraphs), per)]

    class _Pdf(FPDF):
        def footer(self) -> None:
            if page_numbers:
                self.set_y(-15)
                self.set_font("DejaVu", size=9)
                label = page_numbers.format(page=self.page_no(), pages="{nb}")
                self.cell(0, 10, label, align="C")

    pdf = _Pdf(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_auto_page_break(True, margin=20)
    for chunk in chunks:
        pdf.add_page()
        pdf.set_font("DejaVu", size=font_size)
        for p in chunk:
            pdf.multi_cell(0, font_size * 0.6, p, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    path = Path(path)
    pdf.output(str(path))
    return path


def make_blank_pdf(path: Path) -> Path:
    """A PDF page with only a drawn rectangle: what a scan without OCR looks like to a text extractor."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return Path(path)


def make_encrypted_pdf(path: Path, paragraphs: list[str], password: str = "matkhau") -> Path:
    """A text PDF that needs a user password to open."""
    from pypdf import PdfReader, PdfWriter

    plain = Path(path).with_name(Path(path).stem + ".plain.pdf")
    make_pdf(plain, paragraphs)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    with open(path, "wb") as fh:
        writer.write(fh)
    plain.unlink()
    return Path(path)


def make_docx(path: Path, paragraphs: list[str], table_rows: list[list[str]] | None = None) -> Path:
    """A DOCX with the paragraphs, then (if given) a table; the web-app tests reuse it."""
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table_rows:
        table = document.add_table(rows=len(table_rows), cols=max(len(r) for r in table_rows))
        for r, row in enumerate(table_rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    document.save(str(path))
    return Path(path)


def make_docx_bomb(path: Path, xml_mb: int, paragraph: str = "Điều khoản lặp lại.") -> Path:
    """A real DOCX whose body XML inflates to `xml_mb` MB of repeated paragraphs: small on disk, huge unzipped."""
    import zipfile

    plain = Path(path).with_name(Path(path).stem + ".plain.docx")
    make_docx(plain, ["Văn bản mẫu"])
    body = "word/document.xml"
    with zipfile.ZipFile(plain) as src:
        head, _, tail = src.read(body).decode("utf-8").partition("<w:body>")
        tail = tail[tail.index("<w:sectPr") :] if "<w:sectPr" in tail else "</w:body></w:document>"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                if info.filename != body:
                    out.writestr(info, src.read(info))
            chunk = (f"<w:p><w:r><w:t>{paragraph}</w:t></w:r></w:p>" * 2000).encode("utf-8")
            with out.open(body, "w", force_zip64=True) as fh:
                fh.write((head + "<w:body>").encode("utf-8"))
                for _ in range(xml_mb * 1024 * 1024 // len(chunk) + 1):
                    fh.write(chunk)
                fh.write(tail.encode("utf-8"))
    plain.unlink()
    return Path(path)


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 keeps base letters precomposed (ê, ơ, ư, đ) and the five tones as combining marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)
