"""Sentences of a clause as verbatim slices with their offsets: what the reader scores and quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import Clause

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»]?\s+(?=[A-ZĐÀ-Ỹ(„“\"])")


@dataclass
class Sentence:
    clause: Clause
    text: str
    start: int  # offset inside the clause text


def split_sentences(clause: Clause) -> list[Sentence]:
    """Sentences of a clause (long ones also cut at "; "), each a verbatim slice with its offset."""
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
