"""Small writers shared by the quiz, outline and comparison exports: CSV, Markdown tables, DOCX helpers."""

from __future__ import annotations

import csv
from pathlib import Path


def _prepare(path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def write_csv(path: str | Path, headers: list[str], rows: list[list[str]]) -> Path:
    """UTF-8 with BOM so Excel opens Vietnamese text correctly."""
    p = _prepare(path)
    with open(p, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        w.writerows(rows)
    return p


def md_cell(text: str) -> str:
    return " ".join(str(text).replace("|", "\\|").split()) or "—"


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def write_markdown_table(
    path: str | Path, headers: list[str], rows: list[list[str]], title: str = ""
) -> Path:
    p = _prepare(path)
    text = (f"# {title}\n\n" if title else "") + markdown_table(headers, rows) + "\n"
    p.write_text(text, encoding="utf-8")
    return p


def write_text(path: str | Path, text: str) -> Path:
    p = _prepare(path)
    p.write_text(text, encoding="utf-8")
    return p


def new_docx():
    """A python-docx Document whose default font renders Vietnamese."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    return doc


def save_docx(doc, path: str | Path) -> Path:
    p = _prepare(path)
    doc.save(str(p))
    return p
