"""Writers shared by the quiz, outline and comparison exports: checked paths, safe CSV, Markdown, A4 DOCX."""

from __future__ import annotations

import csv
import os
from pathlib import Path

# A cell a spreadsheet would read as a formula (OWASP "CSV injection"): exports carry document text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
A4_WIDTH_CM, A4_HEIGHT_CM = 21.0, 29.7


class ExportError(ValueError):
    """An output path or format the user must change; the message is Vietnamese and shown as is."""


def check_output_path(path: str | Path, suffixes: tuple[str, ...] = ()) -> Path:
    """The path to write, or ExportError saying in Vietnamese why not (a folder, unwritable, wrong suffix)."""
    p = Path(path).expanduser()
    if str(path).strip() == "" or str(path).endswith(("/", os.sep)):
        raise ExportError(f"Đường dẫn «{path}» không phải tên tệp; hãy ghi cả tên tệp, ví dụ ket-qua.docx.")
    if p.is_dir():
        raise ExportError(f"«{p}» là một thư mục; hãy ghi cả tên tệp, ví dụ {p / 'ket-qua.docx'}.")
    if suffixes and p.suffix.lower() not in suffixes:
        raise ExportError(f"Tệp «{p.name}» cần có đuôi {' hoặc '.join(suffixes)}.")
    parent = p.parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise ExportError(f"Không tạo được thư mục «{parent}»: «{probe}» là một tệp.")
    if not os.access(probe, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise ExportError(f"Không có quyền ghi vào «{p}»; hãy chọn thư mục khác.")
    return p


def _prepare(path: str | Path) -> Path:
    p = check_output_path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Không tạo được thư mục «{p.parent}»: {exc.strerror or exc}.") from exc
    return p


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: one starting with = + - @ tab or CR gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(path: str | Path, headers: list[str], rows: list[list[str]]) -> Path:
    """UTF-8 with BOM so Excel opens Vietnamese text correctly; every cell neutralised against formulas."""
    p = _prepare(path)
    with open(p, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([safe_cell(h) for h in headers])
        w.writerows([[safe_cell(c) for c in row] for row in rows])
    return p


def md_cell(text: str) -> str:
    return " ".join(str(text).replace("|", "\\|").split()) or "—"


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def write_text(path: str | Path, text: str) -> Path:
    p = _prepare(path)
    try:
        p.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"Không ghi được tệp «{p}»: {exc.strerror or exc}.") from exc
    return p


def new_docx(font_pt: float = 13):
    """A python-docx Document on A4 with the margins and Times New Roman of Vietnamese administrative papers."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(A4_WIDTH_CM), Cm(A4_HEIGHT_CM)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "List Bullet", "Table Grid"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.font.name = "Times New Roman"
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
        if name == "Normal":
            style.font.size = Pt(font_pt)
        elif name.startswith("Heading") or name == "Title":
            style.font.size = Pt(font_pt + (1 if name == "Heading 1" else 0))
            style.font.bold = True
            style.font.color.rgb = None
    return doc


def add_table(doc, headers: list[str], rows: list[list[str]]):
    """A bordered table with a bold header row."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(h).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    return table


def save_docx(doc, path: str | Path) -> Path:
    p = _prepare(path)
    try:
        doc.save(str(p))
    except OSError as exc:
        raise ExportError(f"Không ghi được tệp «{p}»: {exc.strerror or exc}.") from exc
    return p
