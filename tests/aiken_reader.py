"""A reader of Aiken files written after Moodle's question/format/aiken/format.php (readquestions), to test exports.

Moodle's rules: a line starting with a capital letter and ")" or "." then a space is an option; "ANSWER:" with a
letter closes the question; any other non-blank line starts a new question (so a question must fit one line); a
question needs at least two options and its answer letter must be one of them, else Moodle reports an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OPTION = re.compile(r"^([A-Z])[).][ \t](.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")


@dataclass
class AikenQuestion:
    text: str
    options: dict[str, str] = field(default_factory=dict)
    answer: str = ""


def read_aiken(text: str) -> tuple[list[AikenQuestion], list[str]]:
    """Questions and Moodle-style errors."""
    questions: list[AikenQuestion] = []
    errors: list[str] = []
    current: AikenQuestion | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = _OPTION.match(line)
        if m:
            if current is None:
                errors.append(f"line {n}: option without a question")
            else:
                current.options[m.group(1)] = m.group(2).strip()
            continue
        m = _ANSWER.match(line)
        if m:
            if current is None or len(current.options) < 2 or m.group(1) not in current.options:
                errors.append(f"line {n}: answer without enough options or not among them")
            else:
                current.answer = m.group(1)
                questions.append(current)
            current = None
            continue
        if current is not None:
            errors.append(f"line {n}: question text on a second line or a question without ANSWER")
        current = AikenQuestion(line)
    if current is not None:
        errors.append("end of file: question without ANSWER")
    return questions, errors
