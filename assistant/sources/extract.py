"""Clean text out of an uploaded PDF, DOCX, TXT or MD file.

Every text leaves in one shape, ONE PARAGRAPH PER LINE with a blank line between paragraphs, stripped lines,
NFC, so that the clause splitter downstream sees the same thing whatever the source was.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.sources.decode import decode_text
from assistant.sources.errors import DocumentError
from assistant.sources.reflow import DECORATION, clean_line, join_paragraphs, looks_hard_wrapped, reflow_lines
from assistant.text.normalize import nfc

SUPPORTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx")


def extract_text(path: Path, max_mb: int) -> tuple[str, tuple[int, ...]]:
    """Clean text of a PDF/DOCX/TXT/MD file and, for a PDF, the offset where each page begins."""
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise DocumentError(
            f"Không tìm thấy tệp «{name}». Vui lòng kiểm tra lại đường dẫn hoặc chọn lại tệp để tải lên."
        )
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        shown = ext or "(không có phần mở rộng)"
        raise DocumentError(
            f"Tệp «{name}» có định dạng {shown} chưa được hỗ trợ. Vui lòng chuyển văn bản sang "
            "PDF, DOCX, TXT hoặc MD rồi tải lên lại."
        )
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise DocumentError(
            f"Tệp «{name}» có dung lượng {size / 1024 / 1024:.1f} MB, vượt giới hạn {max_mb} MB. "
            "Vui lòng tách văn bản thành các tệp nhỏ hơn (hoặc nén/giảm dung lượng tệp) rồi tải lên lại."
        )
    if size == 0:
        raise _empty(name)
    if ext == ".pdf":
        text, starts = _extract_pdf(path)
    elif ext == ".docx":
        text, starts = _extract_docx(path), ()
    else:
        text, starts = _extract_plain(path, markdown=ext == ".md"), ()
    if not any(ch.isalpha() for ch in text):
        if ext == ".pdf":
            raise _no_text_layer(name)
        raise _empty(name)
    return text, starts


def _empty(name: str) -> DocumentError:
    return DocumentError(
        f"Tệp «{name}» trống, không có nội dung chữ. Vui lòng kiểm tra lại tệp rồi tải lên lại."
    )


def _no_text_layer(name: str) -> DocumentError:
    return DocumentError(
        f"Tệp PDF «{name}» không có lớp chữ (có thể là bản quét hoặc ảnh chụp). Vui lòng nhận dạng chữ "
        "(OCR) trước, hoặc tải lên bản DOCX/TXT của văn bản."
    )


def _corrupt_pdf(name: str, detail: str) -> DocumentError:
    return DocumentError(
        f"Không đọc được tệp PDF «{name}»: tệp bị hỏng hoặc không đúng định dạng PDF. Vui lòng mở thử "
        "tệp trên máy, lưu (xuất) lại thành PDF rồi tải lên lại.",
        detail,
    )


def _extract_pdf(path: Path) -> tuple[str, tuple[int, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    name = path.name
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone does not stop reading
            raise FileNotDecryptedError("user password required")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (FileNotDecryptedError, DependencyError) as exc:
        raise DocumentError(
            f"Tệp PDF «{name}» được bảo vệ bằng mật khẩu nên không đọc được. Vui lòng mở tệp, gỡ mật "
            "khẩu (lưu lại bản không đặt mật khẩu) rồi tải lên lại.",
            str(exc),
        ) from exc
    except Exception as exc:  # pypdf raises many kinds on a broken file
        raise _corrupt_pdf(name, repr(exc)) from exc
    if not pages:
        raise _corrupt_pdf(name, "no pages")

    lines: list[str] = []
    first_line_of_page: list[int] = []
    for page_text in pages:
        page_lines = _drop_page_furniture([clean_line(x) for x in nfc(page_text).splitlines()])
        first_line_of_page.append(len(lines))
        lines.extend(page_lines)
    paragraphs, where = reflow_lines(lines)
    text, para_offsets = join_paragraphs(paragraphs)
    starts: list[int] = []
    for p, first in enumerate(first_line_of_page):
        end = first_line_of_page[p + 1] if p + 1 < len(first_line_of_page) else len(lines)
        offset = len(text)
        for i in range(first, end):  # the page's first line that was kept
            if where[i] is not None:
                para, col = where[i]
                offset = para_offsets[para] + col
                break
        else:  # an empty page begins where the next text does
            for i in range(end, len(lines)):
                if where[i] is not None:
                    para, col = where[i]
                    offset = para_offsets[para] + col
                    break
        starts.append(offset)
    if starts:
        starts[0] = 0
    return text, tuple(starts)


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|(?:Trang|trang|TRANG|Page)\s*\d{1,4}(?:\s*/\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4})$"
)


def _drop_page_furniture(lines: list[str]) -> list[str]:
    """Remove page-number lines ("2", "- 2 -", "Trang 2/5") among the first/last two lines of a page."""
    idx = [i for i, x in enumerate(lines) if x]
    edges = set(idx[:2] + idx[-2:])
    return [x for i, x in enumerate(lines) if not (i in edges and _PAGE_NUMBER.match(x))]


def _extract_docx(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise DocumentError(
            f"Không đọc được tệp Word «{path.name}»: tệp bị hỏng hoặc không phải định dạng DOCX "
            "(tệp .doc đời cũ cần mở bằng Word và lưu lại thành .docx). Vui lòng kiểm tra rồi tải lên lại.",
            repr(exc),
        ) from exc

    paragraphs: list[str] = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Paragraph):
                paragraphs.extend(block.text.splitlines())
            elif isinstance(block, Table):
                for row in block.rows:
                    seen: set[int] = set()
                    for cell in row.cells:  # a merged cell repeats in row.cells
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)

    walk(document)
    kept = (clean_line(nfc(p)) for p in paragraphs)
    return join_paragraphs([x for x in kept if x and not DECORATION.match(x)])[0]


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def _extract_plain(path: Path, markdown: bool) -> str:
    text = nfc(decode_text(path.read_bytes(), path.name))
    lines = text.splitlines()
    if markdown:
        lines = [_MD_HEADING.sub("", x).replace("**", "") for x in lines]
    if looks_hard_wrapped([clean_line(x) for x in lines]):
        return join_paragraphs(reflow_lines(lines)[0])[0]
    kept = (clean_line(x) for x in lines)
    return join_paragraphs([x for x in kept if x and not DECORATION.match(x)])[0]
