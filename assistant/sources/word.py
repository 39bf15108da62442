"""The paragraphs of a DOCX body, read as a stream under limits.

A DOCX is a zip: a 100 KB file can hold gigabytes of XML. python-docx builds the whole tree first, so here
the body part is inflated chunk by chunk, parsed as it comes and dropped as soon as it is read; reading stops
at the size or paragraph limit, whatever the file claims.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree as ET

from assistant.sources.errors import DocumentError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TAB, _PTAB, _BR, _CR, _HYPHEN, _TR, _TC = (
    f"{_W}{x}" for x in ("p", "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "tr", "tc")
)
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CHUNK = 64 * 1024
_MB = 1024 * 1024


def corrupt_docx(name: str, detail: str) -> DocumentError:
    return DocumentError(
        f"Không đọc được tệp Word «{name}»: tệp bị hỏng hoặc không phải định dạng DOCX "
        "(tệp .doc đời cũ cần mở bằng Word và lưu lại thành .docx). Vui lòng kiểm tra rồi tải lên lại.",
        detail,
    )


def _too_big(name: str, max_mb: int) -> DocumentError:
    return DocumentError(
        f"Tệp Word «{name}» sau khi giải nén có nội dung lớn hơn giới hạn {max_mb} MB (giới hạn dung lượng "
        "nội dung DOCX). Vui lòng tách văn bản thành các tệp nhỏ hơn, hoặc lưu lại thành PDF/TXT rồi tải lên."
    )


def _too_many(name: str, max_paragraphs: int) -> DocumentError:
    return DocumentError(
        f"Tệp Word «{name}» có hơn {max_paragraphs} đoạn văn, vượt giới hạn số đoạn của một văn bản. "
        "Vui lòng tách văn bản thành các tệp nhỏ hơn rồi tải lên lại."
    )


def docx_paragraphs(path: Path, max_xml_mb: int, max_paragraphs: int) -> list[str]:
    """Text of each body paragraph in reading order (a table row of three cells or more as one line "a | b | c",
    a narrower table cell by cell); a line break starts a new line."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(_main_part(zf))
            if info.file_size > max_xml_mb * _MB:  # the declared size bounds what zipfile will inflate
                raise _too_big(name, max_xml_mb)
            with zf.open(info) as fh:
                return _stream(fh, name, max_xml_mb, max_paragraphs)
    except DocumentError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ET.ParseError,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
    ) as exc:
        # RuntimeError: an encrypted member, or (NotImplementedError) a compression zipfile does not know
        raise corrupt_docx(name, repr(exc)) from exc


def _main_part(zf: zipfile.ZipFile) -> str:
    """The officeDocument part named by _rels/.rels (almost always word/document.xml)."""
    try:
        info = zf.getinfo("_rels/.rels")
    except KeyError:
        return "word/document.xml"
    if info.file_size > _MB:
        raise ValueError("_rels/.rels too large")
    for rel in ET.fromstring(zf.read(info)).iter(_RELS):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def _stream(fh, name: str, max_xml_mb: int, max_paragraphs: int) -> list[str]:
    parser = ET.XMLPullParser(events=("start", "end"))
    open_elems: list[ET.Element] = []
    texts: list[list[str]] = []  # one buffer per open paragraph; a nested one (text box) is dropped
    lines: list[str] = []
    rows: list[list[list[str]]] = []  # open table rows: their cells' paragraphs (a nested table's inside)
    count = read = 0
    while chunk := fh.read(_CHUNK):
        if not read and (b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk):  # Word never writes a DTD
            raise ValueError("DTD in DOCX body")
        read += len(chunk)
        if read > max_xml_mb * _MB:
            raise _too_big(name, max_xml_mb)
        parser.feed(chunk)
        for event, el in parser.read_events():
            if event == "start":
                open_elems.append(el)
                if el.tag == _P:
                    texts.append([])
                elif el.tag == _TR:
                    rows.append([])
                elif el.tag == _TC and rows:
                    rows[-1].append([])
                continue
            open_elems.pop()
            if el.tag == _P:
                count += 1
                if count > max_paragraphs:
                    raise _too_many(name, max_paragraphs)
                text = "".join(texts.pop())
                if not texts:
                    if rows and rows[-1]:
                        rows[-1][-1].append(text)
                    else:
                        lines.extend(text.splitlines())
            elif el.tag == _TR and rows:
                row = _row_lines(rows.pop())
                if rows and rows[-1]:
                    rows[-1][-1].append(" ".join(row))  # a table inside a cell: its text joins the cell
                else:
                    lines.extend(row)
            elif texts:
                texts[-1].append(_run_text(el))
            if open_elems:  # drop what was read: memory stays flat however long the body is
                open_elems[-1].clear()
    parser.close()
    return lines


def _row_lines(cells: list[list[str]]) -> list[str]:
    """A table row of three cells or more as one line "a | b | c", as text tables write it, so that each row is
    read with the table's header row; a narrower one (the two columns of a header: issuer and motto) cell by
    cell, as before."""
    if len(cells) < 3:
        return [line for cell in cells for text in cell for line in text.splitlines()]
    return [" | ".join(" ".join(" ".join(cell).split()).replace("|", "/") for cell in cells)]


def _run_text(el: ET.Element) -> str:
    tag = el.tag
    if tag == _T:
        return el.text or ""
    if tag in (_TAB, _PTAB):
        return "\t"
    if tag == _CR or (tag == _BR and el.get(f"{_W}type") in (None, "textWrapping")):
        return "\n"
    if tag == _HYPHEN:
        return "-"
    return ""
