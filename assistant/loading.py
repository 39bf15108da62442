"""Documents in and out: the knowledge catalog, user uploads (PDF, DOCX, TXT, MD) and their clean text.

Every text leaves this module in one shape, ONE PARAGRAPH PER LINE with a blank line between paragraphs,
stripped lines, NFC, so that the clause splitter downstream sees the same thing whatever the source was.
Problems the user can fix are raised as DocumentError with a Vietnamese message naming the file.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import re
import statistics
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

import tomli_w

from assistant.config import Settings
from assistant.schema import DocMeta, SourceDoc
from assistant.text.normalize import fold, key, nfc

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx")
CATALOG_NAME = "catalog.toml"
PAGES_SUFFIX = ".pages.json"

# Serialises read-modify-write of the uploads catalog between threads of one process (the web app).
_CATALOG_LOCK = threading.Lock()


class DocumentError(Exception):
    """A problem with a document that the user can act on; `user_message` is shown as is."""

    def __init__(self, user_message: str, detail: str = "") -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.detail = detail  # technical cause, for logs only


# --------------------------------------------------------------------------------------------- catalog

_CATALOG_KEYS = (
    "id",
    "file",
    "kind",
    "number",
    "short",
    "title",
    "issuer",
    "date",
    "level",
    "place",
    "signer",
    "implements",
    "official",
    "press_note",
    "notes",
)


def read_catalog(path: Path) -> list[DocMeta]:
    """Parse a `[[document]]` TOML catalog; `file` becomes DocMeta.source."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DocumentError(
            f"Không tìm thấy danh mục văn bản «{path.name}» ({path.parent}). "
            "Vui lòng kiểm tra lại thư mục dữ liệu.",
            str(exc),
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(
            f"Danh mục văn bản «{path.name}» bị lỗi định dạng, không đọc được. "
            "Vui lòng sửa tệp danh mục (định dạng TOML) hoặc khôi phục bản sao lưu.",
            str(exc),
        ) from exc
    metas: list[DocMeta] = []
    for n, entry in enumerate(data.get("document", []), start=1):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("file"):
            raise DocumentError(
                f"Danh mục «{path.name}»: mục thứ {n} thiếu mã (id) hoặc tên tệp (file). "
                "Vui lòng bổ sung rồi tải lại.",
            )
        metas.append(_meta_from_entry(entry))
    return metas


def _meta_from_entry(entry: dict) -> DocMeta:
    def text(name: str) -> str:
        value = entry.get(name, "")
        if isinstance(value, (_dt.date, _dt.datetime)):  # an unquoted TOML date
            return value.isoformat()[:10]
        return nfc(str(value)).strip()

    implements = entry.get("implements", ())
    if isinstance(implements, str):
        implements = [implements]
    kind, number = text("kind"), text("number")
    return DocMeta(
        id=text("id"),
        kind=kind,
        number=number,
        title=text("title"),
        issuer=text("issuer"),
        date=text("date"),
        level=text("level"),
        short=text("short") or f"{kind} {number}".strip(),
        signer=text("signer"),
        implements=tuple(nfc(str(x)).strip() for x in implements),
        official=bool(entry.get("official", True)),
        press_note=text("press_note"),
        source=text("file"),
        place=text("place"),
        notes=text("notes"),
    )


def _entry_from_meta(meta: DocMeta) -> dict:
    d = meta.to_dict()
    d["file"] = d.pop("source")
    d["implements"] = list(meta.implements)
    return {k: d[k] for k in _CATALOG_KEYS}


def write_catalog(path: Path, metas: list[DocMeta]) -> None:
    """Write the catalog atomically, so a crash never leaves a half-written file behind."""
    header = "# Văn bản do người dùng bổ sung: mỗi bảng [[document]] là một văn bản.\n\n"
    body = tomli_w.dumps({"document": [_entry_from_meta(m) for m in metas]}) if metas else ""
    _atomic_write(Path(path), (header + body).encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------------------------- loading


def load_documents(settings: Settings) -> list[SourceDoc]:
    """The built-in knowledge documents, then the user-added ones (uploads catalog, if any)."""
    docs = _load_catalog_dir(Path(settings.knowledge_dir), builtin=True)
    seen = {d.id for d in docs}
    uploads_catalog = Path(settings.uploads_dir) / CATALOG_NAME
    if uploads_catalog.exists():
        for doc in _load_catalog_dir(Path(settings.uploads_dir), builtin=False):
            if doc.id in seen:
                log.warning("uploaded document %s shadows an existing id; skipped", doc.id)
                continue
            seen.add(doc.id)
            docs.append(doc)
    return docs


def _load_catalog_dir(folder: Path, builtin: bool) -> list[SourceDoc]:
    docs: list[SourceDoc] = []
    for meta in read_catalog(folder / CATALOG_NAME):
        text_path = folder / meta.source
        try:
            raw = text_path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            if not builtin:  # one broken upload must not take the whole assistant down
                log.warning("uploaded document %s unreadable (%s); skipped", meta.id, exc)
                continue
            raise DocumentError(
                f"Không đọc được tệp văn bản «{meta.source}» của danh mục ({folder}). "
                "Vui lòng kiểm tra tệp có tồn tại và được lưu ở mã UTF-8.",
                str(exc),
            ) from exc
        docs.append(SourceDoc(meta=meta, text=nfc(raw).strip(), page_starts=_read_pages(text_path)))
    return docs


def _pages_path(text_path: Path) -> Path:
    return text_path.with_name(text_path.stem + PAGES_SUFFIX)


def _read_pages(text_path: Path) -> tuple[int, ...]:
    sidecar = _pages_path(text_path)
    if not sidecar.exists():
        return ()
    try:
        return tuple(int(x) for x in json.loads(sidecar.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        log.warning("page sidecar %s unreadable; pages ignored", sidecar)
        return ()


# --------------------------------------------------------------------------------------------- extraction


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
        page_lines = _drop_page_furniture([_clean_line(x) for x in nfc(page_text).splitlines()])
        first_line_of_page.append(len(lines))
        lines.extend(page_lines)
    paragraphs, where = _reflow_lines(lines)
    text, para_offsets = _join_paragraphs(paragraphs)
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
    kept = (_clean_line(nfc(p)) for p in paragraphs)
    return _join_paragraphs([x for x in kept if x and not _DECORATION.match(x)])[0]


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1258"]
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise DocumentError(
        f"Tệp «{name}» không phải văn bản chữ hoặc dùng bảng mã không nhận ra được. Vui lòng lưu lại tệp "
        "với bảng mã UTF-8 (Unicode) rồi tải lên lại."
    )


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def _extract_plain(path: Path, markdown: bool) -> str:
    text = nfc(_decode(path.read_bytes(), path.name))
    lines = text.splitlines()
    if markdown:
        lines = [_MD_HEADING.sub("", x).replace("**", "") for x in lines]
    if _looks_hard_wrapped([_clean_line(x) for x in lines]):
        return _join_paragraphs(_reflow_lines(lines)[0])[0]
    kept = (_clean_line(x) for x in lines)
    return _join_paragraphs([x for x in kept if x and not _DECORATION.match(x)])[0]


def _clean_line(line: str) -> str:
    """Collapse runs of whitespace (no-break spaces, tabs) and strip; words are untouched."""
    return " ".join(line.split())


def _join_paragraphs(paragraphs: list[str]) -> tuple[str, list[int]]:
    offsets, pos = [], 0
    for p in paragraphs:
        offsets.append(pos)
        pos += len(p) + 2
    return "\n\n".join(paragraphs), offsets


# --------------------------------------------------------------------------------------------- reflow

_SENTENCE_END = re.compile(r"[.:;!?…][\"'”’»)\]]*$")
_DECORATION = re.compile(r"^[-_*=~•.·…–—\s]+$")
_ROMAN = r"[IVXL]{1,6}\."
_ORDINALS = "Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười"
_HEADING_MARKER = re.compile(
    rf"^(?:{_ROMAN}|\d{{1,2}}(?:\.\d{{1,2}})*\.|\d{{1,2}}\)|[a-zđ]\)|[a-zđ]\.(?=\s)|"
    rf"Điều\s+\d+|Khoản\s+\d+|Mục\s+\d+|Chương\s+[IVXL\d]+|(?:{_ORDINALS})\s+là\b)(?=\s|,|$)"
)
_BULLET = re.compile(r"^[-+•●▪◦–](?=\s)")
_FORMULA = re.compile(r"^(?:Nơi\s+nhận|Kính\s+gửi|V/v\b|T/M\b|K/T\b|TM\.|KT\.|TM\s|KT\s|Căn\s+cứ\b)")


def _is_all_caps(line: str) -> bool:
    words = [w for w in line.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= 2 and all(not ch.isalpha() or ch.isupper() for ch in line)


def _starts_lower(line: str) -> bool:
    for ch in line:
        if ch.isalpha():
            return ch.islower()
        if not ch.isspace() and ch not in "-+•–(\"“'‘":
            return False
    return False


def _marker_kind(line: str) -> str:
    """'heading' (I., 1., a), Điều 3, Một là), 'bullet' (- + •), 'formula' (Nơi nhận, T/M) or ''."""
    if _FORMULA.match(line):
        return "formula"
    if _BULLET.match(line):
        return "bullet"
    if _HEADING_MARKER.match(line):
        return "heading"
    return ""


def reflow(raw: str) -> str:
    """Re-join hard line breaks inside sentences into one paragraph per line; no word is changed."""
    return _join_paragraphs(_reflow_lines(nfc(raw).splitlines())[0])[0]


_PLACE_DATE_LINE = re.compile(r"^[^,]{2,40},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\.?$")
_NUMBER_LINE = re.compile(r"^(?:Số|SỐ)\s*:?\s*\d")


def _is_header(line: str) -> bool:
    """A line that stands alone: a capitalised title or body name, the number, the place-date line."""
    return bool(
        _is_all_caps(line)
        or _NUMBER_LINE.match(line)
        or _PLACE_DATE_LINE.match(line)
        or line.startswith("Độc lập")
    )


def _reflow_lines(raw_lines: list[str]) -> tuple[list[str], list[tuple[int, int] | None]]:
    """Paragraphs, and for each input line the (paragraph, column) where its text landed (None: dropped)."""
    lines = [_clean_line(x) for x in raw_lines]
    indented = [bool(c) and r[:1].isspace() for r, c in zip(raw_lines, lines, strict=True)]
    if sum(indented) > 0.3 * max(1, sum(1 for x in lines if x)):
        indented = [False] * len(lines)  # indentation everywhere says nothing
    lengths = [len(x) for x in lines if x and not _DECORATION.match(x)]
    width = statistics.median(lengths) if lengths else 0
    # "noticeably shorter than a typical line"; with a handful of lines there is no typical line
    short = 0.8 * width if len(lengths) >= 5 else float("inf")

    paragraphs: list[str] = []
    where: list[tuple[int, int] | None] = []
    prev = ""  # last line placed
    para_marker = ""  # marker kind of the current paragraph's first line
    blanks = 0
    forced = True
    for line, indent in zip(lines, indented, strict=True):
        if not line:
            blanks += 1
            where.append(None)
            continue
        if _DECORATION.match(line):  # '-----', '*': a boundary, not text
            forced = True
            blanks = 0
            where.append(None)
            continue
        marker = _marker_kind(line)
        ends_sentence = bool(_SENTENCE_END.search(prev))
        if forced or not paragraphs:
            new = True
        elif _is_header(prev) or _is_header(line):
            new = True
        elif ends_sentence and indent and not _starts_lower(line):
            new = True  # an indented first line after a full stop
        elif marker:
            # "chính trị" / "- xã hội ...": a dash or number that continues a sentence, not a new item
            continues = (
                marker in {"bullet", "heading"}
                and _starts_lower(line[1:] if marker == "bullet" else _strip_marker(line))
                and not ends_sentence
                and not prev.endswith(",")
            )
            new = not continues
        elif ends_sentence and len(prev) < short:
            new = True
        elif ends_sentence and blanks >= 2:
            new = True
        elif para_marker == "heading" and not ends_sentence and len(prev) < short and not _starts_lower(line):
            new = True  # a short heading line without a full stop, then a capitalised body paragraph
        else:
            new = False

        if new:
            paragraphs.append(line)
            where.append((len(paragraphs) - 1, 0))
            para_marker = marker
        else:
            glue = "" if re.search(r"\w-$", prev) and line[0].isalnum() else " "
            col = len(paragraphs[-1]) + len(glue)
            paragraphs[-1] += glue + line
            where.append((len(paragraphs) - 1, col))
        prev = line
        blanks = 0
        forced = False
    return paragraphs, where


def _strip_marker(line: str) -> str:
    m = _HEADING_MARKER.match(line)
    return line[m.end() :] if m else line


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """True when many lines stop mid-sentence and the next line goes on in lower case (PDF/OCR text)."""
    content = [x for x in lines if x]
    if len(content) < 3:
        return False
    broken = sum(
        1
        for a, b in zip(content, content[1:], strict=False)
        if not _SENTENCE_END.search(a) and not a.endswith(",") and _starts_lower(b) and not _BULLET.match(b)
    )
    return broken >= max(2, 0.15 * len(content))


# --------------------------------------------------------------------------------------------- metadata

_KINDS = {
    "CHỈ THỊ": "Chỉ thị",
    "QUYẾT ĐỊNH": "Quyết định",
    "CHƯƠNG TRÌNH": "Chương trình",
    "KẾ HOẠCH": "Kế hoạch",
    "CÔNG VĂN": "Công văn",
    "NGHỊ QUYẾT": "Nghị quyết",
    "THÔNG BÁO": "Thông báo",
    "BÁO CÁO": "Báo cáo",
}
_KIND_CODES = {
    "CT": "Chỉ thị",
    "QĐ": "Quyết định",
    "CTR": "Chương trình",
    "KH": "Kế hoạch",
    "CV": "Công văn",
    "NQ": "Nghị quyết",
    "TB": "Thông báo",
    "BC": "Báo cáo",
}
_MOTTOS = (
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Độc lập – Tự do – Hạnh phúc",
)
_NUMBER = re.compile(r"(?<!\w)(?:Số|SỐ)\s*:?\s*(\d+\s*[-–/]\s*\w[^\s,;]*)")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_SIGN = re.compile(r"^\W*(?:T/M|K/T|TM\.|KT\.|TM\s|KT\s)")
_CITED = re.compile(
    r"(Chỉ thị|Nghị quyết|Kết luận|Quyết định|Kế hoạch|Chương trình|Công văn)\s+(?:số\s+)?(\d+\s*[-/]\s*[^\s,;]+)"
)
_HEADER_LINES = 30


def _without_mottos(line: str) -> str:
    for motto in _MOTTOS:
        line = line.replace(motto, " ")
    return _clean_line(line)


def _iso_date(day: int, month: int, year: int) -> str:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def slugify(text: str, max_len: int = 60) -> str:
    """Readable ascii id: 'Kế hoạch 12-KH/ĐU' -> 'ke-hoach-12-kh-du'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(nfc(text)).lower()).strip("-")
    return slug[:max_len].rstrip("-")


def _unique_id(base: str, existing: set[str]) -> str:
    base = base or "van-ban"
    candidate, n = base, 2
    while candidate in existing:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def guess_meta(text: str, filename: str, existing_ids: set[str]) -> DocMeta:
    """Best-effort catalog entry from the document's own header, for when the user gives none."""
    lines = [x for x in (_clean_line(y) for y in nfc(text).splitlines()) if x]
    head = lines[:_HEADER_LINES]

    number = ""
    for line in head:
        m = _NUMBER.search(line)
        if m:
            number = re.sub(r"\s*([-–/])\s*", lambda g: "-" if g.group(1) in "-–" else "/", m.group(1))
            number = number.rstrip(".")
            break

    kind, kind_idx, kind_rest = "", -1, ""
    for i, line in enumerate(head[:15]):
        for word, name in _KINDS.items():
            if line.startswith(word) and (len(line) == len(word) or not line[len(word)].isalpha()):
                kind, kind_idx, kind_rest = name, i, line[len(word) :].strip(" :-–")
                break
        if kind:
            break
    if not kind and number:
        code = re.match(r"^\d+[-/]([^\W\d_]+)", number)
        code2 = re.search(r"/([^\W\d_]+)-", number)
        for c in (code and code.group(1), code2 and code2.group(1)):
            if c and c.upper() in _KIND_CODES:
                kind = _KIND_CODES[c.upper()]
                break
    kind = kind or "Văn bản"

    date, place = "", ""
    for line in head:
        m = _DATE.search(line)
        if m:
            date = _iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            before = _without_mottos(line[: m.start()])
            before = _NUMBER.sub(" ", before)
            place = _clean_line(before).strip(" ,.-–")
            break

    # issuer: the capitalised lines at the very top, before the title, mottos removed
    issuer_lines: list[str] = []
    title_issuer = ""
    for i, line in enumerate(head[:12]):
        if i == kind_idx or _NUMBER.search(line) or _DATE.search(line):
            if issuer_lines and (i == kind_idx):
                break
            continue
        cleaned = _without_mottos(line)
        if not cleaned or _DECORATION.match(cleaned):
            continue
        if _is_all_caps(cleaned) or (cleaned.isupper() and len(cleaned) > 2):
            if kind_idx >= 0 and i > kind_idx:
                break
            issuer_lines.append(cleaned)
        elif issuer_lines or i > 3:
            break
    if kind_idx >= 0 and kind_idx + 1 < len(head):
        m = re.match(r"^CỦA\s+(.+)$", head[kind_idx + 1])
        if m and _is_all_caps(head[kind_idx + 1]):
            title_issuer = m.group(1)
    if len(issuer_lines) > 1 and issuer_lines[0].startswith("ĐẢNG BỘ"):
        issuer_lines = issuer_lines[1:]  # the parent Party organisation; the issuer is the line below
    issuer = " ".join(issuer_lines) or title_issuer

    title = _guess_title(head, kind_idx, kind_rest) or (lines[0] if lines else "")
    title = title[:300]

    level = _guess_level(issuer)
    signer = _guess_signer(lines)
    cited = (f"{k} số {''.join(n.split())}" for k, n in _CITED.findall(title))
    implements = tuple(dict.fromkeys(cited))

    short = f"{kind} {number}" if number else f"{kind} {title[:40]}".rstrip(" ,;:-")
    base = slugify(f"{kind} {number}") if number else slugify(Path(filename).stem)
    return DocMeta(
        id=_unique_id(base, set(existing_ids)),
        kind=kind,
        number=number,
        title=title,
        issuer=issuer,
        date=date,
        level=level,
        short=short,
        signer=signer,
        implements=implements,
        official=True,
        source=filename,
        place=place,
    )


def _guess_title(head: list[str], kind_idx: int, kind_rest: str) -> str:
    def stops(line: str) -> bool:
        return bool(
            _DECORATION.match(line)
            or _NUMBER.search(line)
            or _DATE.search(line)
            or _marker_kind(line)
            or line.startswith(("Căn cứ", "Thực hiện", "Kính gửi"))
        )

    if kind_idx >= 0:
        parts = [kind_rest] if kind_rest else []
        for line in head[kind_idx + 1 : kind_idx + 6]:
            if not parts and re.match(r"^CỦA\s", line) and _is_all_caps(line):
                continue  # "CỦA BAN BÍ THƯ": the issuer, not the subject
            if stops(line):
                break
            if parts and not (_starts_lower(line) or (_is_all_caps(parts[-1]) and _is_all_caps(line))):
                break
            parts.append(line)
        return " ".join(parts)
    for i, line in enumerate(head):  # a Công văn: "V/v ..." (về việc) is its subject
        if re.match(r"^(V/v|V/V|Về việc)\b", line):
            parts = [line]
            for nxt in head[i + 1 : i + 4]:
                if stops(nxt) or not _starts_lower(nxt):
                    break
                parts.append(nxt)
            return " ".join(parts)
    return ""


def _guess_level(issuer: str) -> str:
    k = " ".join(key(issuer).split())
    if re.search(r"\bthị xã\b", k):
        return "huyện"
    if re.search(r"\b(xã|phường|thị trấn)\b(?! hội)", k):
        return "xã"
    if re.search(r"\b(huyện|quận|huyện ủy|quận ủy)\b", k):
        return "huyện"
    if re.search(r"\b(tỉnh|thành phố|thành ủy|tỉnh ủy)\b", k):
        return "tỉnh"
    if re.search(r"\btrung ương\b|\bban bí thư\b|\bbộ chính trị\b", k):
        return "Trung ương"
    if re.search(r"\bchính phủ\b|\bthủ tướng\b", k):
        return "Chính phủ"
    return ""


def _guess_signer(lines: list[str]) -> str:
    idx = max((i for i, x in enumerate(lines) if _SIGN.match(x)), default=-1)
    if idx < 0:
        return ""
    block: list[str] = []
    for line in lines[idx + 1 : idx + 9]:
        if len(line) > 50:
            break
        block.append(line.strip("*_ "))
    candidates = [
        x for x in block if x and not x.startswith(("-", "(", "–")) and not any(ch.isdigit() for ch in x)
    ]
    for x in candidates:  # a name: 2-5 capitalised words, not all capitals
        words = x.split()
        if 2 <= len(words) <= 5 and all(w[0].isupper() for w in words) and not _is_all_caps(x):
            return x
    return candidates[-1] if candidates else ""


# --------------------------------------------------------------------------------------------- adding


_OVERRIDABLE = {
    "title",
    "number",
    "date",
    "kind",
    "issuer",
    "level",
    "signer",
    "short",
    "id",
    "place",
    "notes",
    "implements",
    "official",
    "press_note",
}


def text_hash(text: str) -> str:
    """Same hash for texts that differ only in case, tone placement, Unicode form or spacing."""
    return hashlib.sha256(" ".join(key(text).split()).encode("utf-8")).hexdigest()


def parse_date(value: str, name: str = "") -> str:
    """dd/mm/yyyy, d-m-yyyy or ISO yyyy-mm-dd -> ISO; DocumentError otherwise."""
    value = value.strip()
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", value)
    iso = ""
    if m:
        iso = _iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if m:
            iso = _iso_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if not iso:
        where = f"Tệp «{name}»: " if name else ""
        raise DocumentError(
            f"{where}ngày ban hành «{value}» không hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm, "
            "ví dụ 05/03/2025."
        )
    return iso


def _apply_overrides(meta: DocMeta, overrides: dict, name: str) -> DocMeta:
    unknown = set(overrides) - _OVERRIDABLE
    if unknown:
        raise DocumentError(
            f"Tệp «{name}»: không có trường thông tin {', '.join(sorted(unknown))}. "
            "Vui lòng chỉ điền các trường có trên biểu mẫu."
        )
    given = {k: v for k, v in overrides.items() if v is not None and v != "" and v != [] and v != ()}
    changes: dict = {}
    for k, v in given.items():
        if k == "official":
            changes[k] = bool(v)
        elif k == "implements":
            items = re.split(r"[;\n]", v) if isinstance(v, str) else list(v)
            changes[k] = tuple(nfc(str(x)).strip() for x in items if str(x).strip())
        elif k == "date":
            changes[k] = parse_date(str(v), name)
        else:
            changes[k] = _clean_line(nfc(str(v)))
    if "number" in changes:
        changes["number"] = re.sub(r"\s*([-–])\s*", "-", changes["number"])
    if "id" in changes:
        slug = slugify(changes["id"])
        if not slug:
            raise DocumentError(
                f"Tệp «{name}»: mã văn bản «{changes['id']}» không hợp lệ. Vui lòng dùng chữ cái không dấu, "
                "chữ số và dấu gạch ngang, ví dụ ke-hoach-12-kh-du."
            )
        changes["id"] = slug
    new = replace(meta, **changes)
    if "short" not in changes and ({"kind", "number", "title"} & set(changes)):
        short = f"{new.kind} {new.number}" if new.number else f"{new.kind} {new.title[:40]}".rstrip(" ,;:-")
        new = replace(new, short=short)
    return new


def add_document(settings: Settings, path: Path, overrides: dict | None = None) -> SourceDoc:
    """Extract, describe and store one user document; on any failure nothing is left half-written."""
    path = Path(path)
    name = path.name
    text, page_starts = extract_text(path, settings.max_upload_mb)
    uploads = Path(settings.uploads_dir)
    with _CATALOG_LOCK:
        existing = load_documents(settings)
        ids = {d.id for d in existing}
        meta = guess_meta(text, name, ids)
        overrides = dict(overrides or {})
        explicit_id = bool(overrides.get("id"))
        meta = _apply_overrides(meta, overrides, name)
        if not explicit_id and ({"kind", "number"} & {k for k, v in overrides.items() if v}):
            base = slugify(f"{meta.kind} {meta.number}") if meta.number else slugify(path.stem)
            meta = replace(meta, id=_unique_id(base, ids))
        digest = text_hash(text)
        for doc in existing:
            if text_hash(doc.text) == digest:
                raise DocumentError(
                    f"Tệp «{name}» có nội dung trùng với văn bản đã có: {doc.meta.short} (mã {doc.id}). "
                    "Văn bản này đã nằm trong kho, không cần tải lên lại."
                )
            if doc.id == meta.id:
                raise DocumentError(
                    f"Tệp «{name}»: mã văn bản «{meta.id}» đã được dùng cho {doc.meta.short}. "
                    "Vui lòng chọn mã khác."
                )
        meta = replace(meta, source=f"{meta.id}.txt")
        text_path = uploads / meta.source
        pages_path = _pages_path(text_path)
        catalog_path = uploads / CATALOG_NAME
        uploaded = read_catalog(catalog_path) if catalog_path.exists() else []
        written: list[Path] = []
        try:
            _atomic_write(text_path, (text + "\n").encode("utf-8"))
            written.append(text_path)
            if page_starts:
                _atomic_write(pages_path, json.dumps(list(page_starts)).encode("utf-8"))
                written.append(pages_path)
            write_catalog(catalog_path, [*uploaded, meta])
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise
    return SourceDoc(meta=meta, text=text, page_starts=page_starts)


def remove_document(settings: Settings, doc_id: str) -> None:
    """Remove a user-added document; the built-in knowledge documents cannot be removed here."""
    with _CATALOG_LOCK:
        builtin = {m.id: m for m in read_catalog(Path(settings.knowledge_dir) / CATALOG_NAME)}
        if doc_id in builtin:
            raise DocumentError(
                f"Văn bản «{builtin[doc_id].short}» (mã {doc_id}) là văn bản có sẵn của hệ thống, "
                "không thể xóa tại đây. Chỉ xóa được các văn bản do người dùng bổ sung."
            )
        catalog_path = Path(settings.uploads_dir) / CATALOG_NAME
        uploaded = read_catalog(catalog_path) if catalog_path.exists() else []
        target = next((m for m in uploaded if m.id == doc_id), None)
        if target is None:
            raise DocumentError(
                f"Không tìm thấy văn bản có mã «{doc_id}» trong các văn bản đã bổ sung. "
                "Vui lòng tải lại danh sách văn bản rồi thử lại."
            )
        write_catalog(catalog_path, [m for m in uploaded if m.id != doc_id])
        text_path = Path(settings.uploads_dir) / target.source
        for p in (text_path, _pages_path(text_path)):
            try:
                p.unlink(missing_ok=True)
            except OSError:
                log.warning("could not delete %s", p)


__all__ = [
    "DocumentError",
    "SUPPORTED_EXTENSIONS",
    "add_document",
    "extract_text",
    "guess_meta",
    "load_documents",
    "parse_date",
    "read_catalog",
    "reflow",
    "remove_document",
    "slugify",
    "text_hash",
    "write_catalog",
]
