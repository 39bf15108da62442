"""Clean text out of an uploaded PDF, DOCX, TXT or MD file.

Every text leaves in one shape, ONE PARAGRAPH PER LINE with a blank line between paragraphs, stripped lines,
NFC, so that the clause splitter downstream sees the same thing whatever the source was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.sources.decode import decode_text
from assistant.sources.errors import DocumentError
from assistant.sources.reflow import (
    DECORATION,
    clean_line,
    join_paragraphs,
    looks_hard_wrapped,
    reflow_lines,
    split_columns,
)
from assistant.sources.word import docx_paragraphs
from assistant.text.normalize import nfc

SUPPORTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx")


@dataclass(frozen=True)
class Extracted:
    """Clean text of one file, the offset where each PDF page begins, and how a text file's bytes were read."""

    text: str
    page_starts: tuple[int, ...] = ()
    encoding: str = ""  # TXT/MD: "utf-8", "tcvn3", "vni", ... (see decode.py); "" for PDF/DOCX


def extract_text(path: Path, settings: Settings) -> Extracted:
    """Clean text of a PDF/DOCX/TXT/MD file; every limit in `settings` is checked before the work it guards."""
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
    size, max_mb = path.stat().st_size, settings.max_upload_mb
    if size > max_mb * 1024 * 1024:
        raise DocumentError(
            f"Tệp «{name}» có dung lượng {size / 1024 / 1024:.1f} MB, vượt giới hạn {max_mb} MB. "
            "Vui lòng tách văn bản thành các tệp nhỏ hơn (hoặc nén/giảm dung lượng tệp) rồi tải lên lại."
        )
    if size == 0:
        raise _empty(name)
    encoding = ""
    if ext == ".pdf":
        text, starts = _extract_pdf(path, settings.max_pdf_pages)
    elif ext == ".docx":
        text, starts = _extract_docx(path, settings), ()
    else:
        text, encoding = _extract_plain(path, markdown=ext == ".md")
        starts = ()
    if not any(ch.isalpha() for ch in text):
        if ext == ".pdf":
            raise _no_text_layer(name)
        raise _empty(name)
    return Extracted(text=text, page_starts=starts, encoding=encoding)


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


def _extract_pdf(path: Path, max_pages: int) -> tuple[str, tuple[int, ...]]:
    lines: list[str] = []
    first_line_of_page: list[int] = []
    for page_text in _pdf_pages(path, max_pages):
        raw_lines = nfc(page_text).splitlines()
        raw_lines = split_columns(raw_lines, head=not lines)
        page_lines = _drop_page_furniture([clean_line(x) for x in raw_lines])
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


def _pdf_pages(path: Path, max_pages: int) -> list[str]:
    """Text of each page; the page count is checked before any page is read."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    name = path.name
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone does not stop reading
            raise FileNotDecryptedError("user password required")
        count = len(reader.pages)
        if count > max_pages:
            raise DocumentError(
                f"Tệp PDF «{name}» có {count} trang, vượt giới hạn {max_pages} trang của một văn bản. "
                "Vui lòng tách văn bản thành các tệp nhỏ hơn rồi tải lên lại."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
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
    return pages


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|(?:Trang|trang|TRANG|Page)\s*\d{1,4}(?:\s*/\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4})$"
)


def _drop_page_furniture(lines: list[str]) -> list[str]:
    """Remove page-number lines ("2", "- 2 -", "Trang 2/5") among the first/last two lines of a page."""
    idx = [i for i, x in enumerate(lines) if x]
    edges = set(idx[:2] + idx[-2:])
    return [x for i, x in enumerate(lines) if not (i in edges and _PAGE_NUMBER.match(x))]


def _extract_docx(path: Path, settings: Settings) -> str:
    paragraphs = docx_paragraphs(path, settings.max_docx_xml_mb, settings.max_docx_paragraphs)
    kept = (clean_line(nfc(p)) for p in paragraphs)
    return join_paragraphs([x for x in kept if x and not DECORATION.match(x)])[0]


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def _extract_plain(path: Path, markdown: bool) -> tuple[str, str]:
    """Text and the encoding it was read in."""
    text, encoding = decode_text(path.read_bytes(), path.name)
    lines = text.splitlines()
    if markdown:
        lines = [_MD_HEADING.sub("", x).replace("**", "") for x in lines]
    lines = split_columns(lines)
    if looks_hard_wrapped([clean_line(x) for x in lines]):
        return join_paragraphs(reflow_lines(lines)[0])[0], encoding
    kept = (clean_line(x) for x in lines)
    return join_paragraphs([x for x in kept if x and not DECORATION.match(x)])[0], encoding
