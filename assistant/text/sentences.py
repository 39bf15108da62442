"""Sentences of a clause as verbatim slices with their offsets: what the reader scores and quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import Clause

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»]?\s+(?=[A-ZĐÀ-Ỹ(„“\"])")
_ROW_NUMBER = {"tt", "stt", "số tt", "số thứ tự"}  # a header cell over the rows' numbers
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def table_row(text: str) -> list[str] | None:
    """The cells of a table row written "a | b | c" (as text tables and our DOCX reading write them)."""
    cells = [c.strip() for c in text.split("|")]
    return cells if len(cells) >= 3 and "\n" not in text.strip() else None


def render_row(clause: Clause) -> str | None:
    """A table row read with its table's header row (which the parser puts last in its heading): "Chỉ tiêu:
    Tỷ lệ chợ có cân đối chứng (%); Thực hiện: 85,7%; …", the row's number and empty cells left out, a
    figure in a percent row or column written as a percentage. None for a clause that is no such row."""
    cells = table_row(clause.text)
    head = table_row(clause.heading.rsplit(" > ", 1)[-1]) if clause.heading else None
    if cells is None or head is None or len(head) != len(cells):
        return None
    percent_row = any("(%)" in c for c in cells)
    out = []
    for name, value in zip(head, cells, strict=True):
        if name.lower() in _ROW_NUMBER or value in ("", "-", "–"):
            continue
        if (percent_row or "%" in name) and _NUMBER.fullmatch(value):
            value += "%"
        out.append(f"{name}: {value}" if name else value)
    return "; ".join(out) + "." if out else None


@dataclass
class Sentence:
    clause: Clause
    text: str
    start: int  # offset inside the clause text


def quoted(clause: Clause) -> str:
    """What an answer quotes of a whole clause: its text, or a table row read with its header row."""
    return render_row(clause) or clause.text.strip()


def split_sentences(clause: Clause) -> list[Sentence]:
    """Sentences of a clause (long ones also cut at "; "), each a verbatim slice with its offset; a table row
    is one sentence, read with its header row."""
    row = render_row(clause)
    if row is not None:
        return [Sentence(clause, row, 0)]
    text = clause.text
    out: list[Sentence] = []
    pos = 0
    bounds = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for end in bounds:
        piece = text[pos:end]
        stripped = piece.strip()
        if stripped:
            start = pos + piece.index(stripped)
            if len(stripped) > 420 and "; " in stripped:
                sub = 0
                for part in re.split(r"(?<=;)\s+", stripped):
                    out.append(Sentence(clause, part, start + stripped.index(part, sub)))
                    sub = stripped.index(part, sub) + len(part)
            else:
                out.append(Sentence(clause, stripped, start))
        pos = end
    return out
