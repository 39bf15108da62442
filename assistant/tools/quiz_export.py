"""A quiz in the formats trainers import: Markdown, Moodle GIFT and Aiken, CSV, JSON, DOCX (A4, answer sheet).

Learners see the feedback (the key, the point it comes from and the quotation), never internal clause ids.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

from .export import ExportError, add_table, new_docx, save_docx, write_csv, write_text
from .quiz import DIFFICULTY_NAMES, KIND_NAMES, TRUE, Quiz, QuizItem

FORMATS = ("docx", "csv", "gift", "aiken", "json", "md")
SUFFIXES = {"docx": (".docx",), "csv": (".csv",), "gift": (".gift", ".txt"), "aiken": (".txt",),
            "json": (".json",), "md": (".md", ".txt")}  # fmt: skip
TITLE = "Câu hỏi ôn tập"
CSV_HEADERS = ["stt", "loai", "do_kho", "cau_hoi", "A", "B", "C", "D", "dap_an", "giai_thich", "nguon"]


def _letter(i: int) -> str:
    return "ABCDEFGH"[i]


def _items(quiz) -> list[QuizItem]:
    return list(quiz.items if isinstance(quiz, Quiz) else quiz)


def key_of(item: QuizItem) -> str:
    """The key as a learner marks it: "B. phrase", "Đúng", or the phrase to write."""
    if item.answer in item.options and item.kind != "true_false":
        return f"{_letter(item.options.index(item.answer))}. {item.answer}"
    return item.answer


def answer_sheet(items: list[QuizItem]) -> list[list[str]]:
    """Rows of the answer sheet: number, key, the point it tests."""
    return [[str(n), key_of(it), it.label.split(" — ")[0]] for n, it in enumerate(items, start=1)]


def items_markdown(quiz, with_answers: bool = True) -> str:
    """Questions (and, when asked, an answer key with the quotation and citation of each)."""
    items = _items(quiz)
    head = f"# {TITLE}"
    if isinstance(quiz, Quiz):
        head += f"\n\n*Mã đề: {quiz.seed} — nhập lại mã này để tạo đúng bộ câu hỏi.*"
    lines = [head, ""]
    for n, it in enumerate(items, start=1):
        lines += [
            f"**Câu {n}** ({KIND_NAMES[it.kind]}, {DIFFICULTY_NAMES.get(it.difficulty)}). {it.question}",
            "",
        ]
        lines += [f"- {_letter(i)}. {o}" for i, o in enumerate(it.options)] + ([""] if it.options else [])
    if with_answers:
        lines += ["## ĐÁP ÁN", ""]
        for n, it in enumerate(items, start=1):
            lines += [f"**Câu {n}:** {key_of(it)}  ", f"{it.explanation}", ""]
    return "\n".join(lines).rstrip() + "\n"


def gift_escape(text: str) -> str:
    return re.sub(r"([~=#{}:\\])", r"\\\1", " ".join(text.split()))


def items_gift(items: list[QuizItem]) -> str:
    """Moodle GIFT with feedback on every answer and as general feedback; short answers accept other spellings.

    True/false: {T#feedback if wrong#feedback if right####general} (Moodle gives the first to a wrong answer).
    """
    blocks = []
    for n, it in enumerate(items, start=1):
        fb = gift_escape(it.explanation)
        head = f"::Câu {n}::{gift_escape(it.question)}"
        if it.kind == "true_false":
            body = f"{{{'T' if it.answer == TRUE else 'F'}#{fb}#{fb}####{fb}}}"
        elif it.kind == "fill_blank":
            answers = " ".join(f"={gift_escape(a)}#{fb}" for a in (it.answer, *it.accepted))
            body = f"{{{answers}####{fb}}}"
        else:
            opts = " ".join(("=" if o == it.answer else "~") + f"{gift_escape(o)}#{fb}" for o in it.options)
            body = f"{{{opts}####{fb}}}"
        blocks.append(f"{head} {body}")
    return "\n\n".join(blocks) + "\n"


def items_aiken(items: list[QuizItem]) -> tuple[str, list[int]]:
    """Aiken text and the numbers of the items it cannot hold (fill-in: Aiken has only multiple choice).

    True/false goes in as two options (A. Đúng / B. Sai).
    """
    blocks, left_out = [], []
    for n, it in enumerate(items, start=1):
        if not it.options or it.answer not in it.options:
            left_out.append(n)
            continue
        lines = [" ".join(it.question.split())]
        lines += [f"{_letter(i)}. {' '.join(o.split())}" for i, o in enumerate(it.options)]
        lines.append(f"ANSWER: {_letter(it.options.index(it.answer))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n", left_out


def aiken_note(left_out: list[int]) -> str:
    """What the Aiken file lacks, in words for the trainer ("" when nothing)."""
    if not left_out:
        return ""
    return (f"Định dạng Aiken chỉ nhận câu nhiều lựa chọn: đã bỏ {len(left_out)} câu điền khuyết "
            f"(câu {', '.join(map(str, left_out))}); hãy dùng GIFT để giữ đủ các câu.")  # fmt: skip


def _docx(quiz, path, minutes: int | None, unit: str) -> Path:
    items = _items(quiz)
    versions = list(quiz.versions) if isinstance(quiz, Quiz) and len(quiz.versions) > 1 else [items]
    minutes = minutes or max(10, len(items) + len(items) // 2)
    doc = new_docx(13)
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    for v, vitems in enumerate(versions):
        name = f" — ĐỀ {'ABCD'[v]}" if len(versions) > 1 else ""
        for p in doc.sections[0].header.paragraphs:
            p.text = ""
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.add_run(f"{TITLE.upper()}{name}").bold = True
        add_table(doc, ["Họ và tên:", "Đơn vị:", "Ngày:", "Thời gian làm bài:"],
                  [["", unit, "", f"{minutes} phút"]])  # fmt: skip
        for n, it in enumerate(vitems, start=1):
            p = doc.add_paragraph()
            p.add_run(f"Câu {n}. ").bold = True
            p.add_run(it.question)
            for i, o in enumerate(it.options):
                doc.add_paragraph(f"{_letter(i)}. {o}")
            if it.kind == "fill_blank":
                doc.add_paragraph("Trả lời: ………………………………")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(f"PHIẾU ĐÁP ÁN{name}", level=2)
        add_table(doc, ["Câu", "Đáp án", "Căn cứ"], answer_sheet(vitems))
        doc.add_heading(f"Giải thích{name}", level=2)
        for n, it in enumerate(vitems, start=1):
            doc.add_paragraph(f"Câu {n}: {it.explanation}")
        if v < len(versions) - 1:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return save_docx(doc, path)


def export_quiz(quiz, fmt: str, path: str | Path, minutes: int | None = None, unit: str = "") -> Path:
    """Write quiz (a Quiz or a list of items) as docx | csv | gift | aiken | json | md."""
    if fmt not in FORMATS:
        raise ExportError(f"Định dạng «{fmt}» không hỗ trợ; chọn: {', '.join(FORMATS)}.")
    items = _items(quiz)
    if fmt == "json":
        return write_text(path, json.dumps([asdict(i) for i in items], ensure_ascii=False, indent=2) + "\n")
    if fmt == "md":
        return write_text(path, items_markdown(quiz, with_answers=True))
    if fmt == "gift":
        return write_text(path, items_gift(items))
    if fmt == "aiken":
        return write_text(path, items_aiken(items)[0])
    if fmt == "csv":
        rows = []
        for n, it in enumerate(items, start=1):
            opts = (list(it.options) + ["", "", "", ""])[:4]
            rows.append(
                [str(n), it.kind, it.difficulty, it.question, *opts, it.answer, it.explanation, it.label]
            )
        return write_csv(path, CSV_HEADERS, rows)
    return _docx(quiz, path, minutes, unit)
