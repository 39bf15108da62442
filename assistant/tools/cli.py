"""Trainers' tools on the command line: quiz, outline, compare (registered into `assistant` by cli.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable


def cmd_quiz(args, make_assistant: Callable) -> int:
    from .export import ExportError
    from .inputs import ToolInputError
    from .quiz import build_quiz
    from .quiz_export import SUFFIXES, aiken_note, export_quiz, items_aiken, items_markdown

    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
    try:
        if args.out:  # a bad path is refused before any work
            from .export import check_output_path

            check_output_path(args.out, SUFFIXES[args.format])
        quiz = build_quiz(
            make_assistant(args), args.doc or None, args.topic, args.count, args.difficulty, kinds, args.seed,
            args.per_point, args.versions,
        )  # fmt: skip
        if not quiz.items:
            print("Không tạo được câu hỏi nào với các điều kiện này.", file=sys.stderr)
            return 1
        if quiz.notice:
            print(quiz.notice, file=sys.stderr)
        if args.out:
            path = export_quiz(quiz, args.format, args.out, args.minutes, args.unit or "")
            print(f"Đã tạo {len(quiz.items)} câu hỏi (mã đề {quiz.seed}), lưu vào {path}.")
            if args.format == "aiken":
                note = aiken_note(items_aiken(list(quiz.items))[1])
                if note:
                    print(note)
        elif args.format == "md":
            print(items_markdown(quiz, with_answers=True))
        else:
            print(
                "Hãy chỉ định --out TỆP cho định dạng này (hoặc dùng --format md để in ra màn hình).",
                file=sys.stderr,
            )
            return 2
    except (ToolInputError, ExportError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def cmd_outline(args, make_assistant: Callable) -> int:
    from .export import ExportError, check_output_path
    from .inputs import ToolInputError
    from .outline import export_outline, make_outline, outline_markdown

    try:
        if args.out:
            check_output_path(args.out, {"md": (".md", ".txt"), "docx": (".docx",)}[args.format])
        outline = make_outline(make_assistant(args), " ".join(args.topic), args.audience, args.minutes,
                               args.doc or None, args.local)  # fmt: skip
        if args.out:
            print(f"Đã lưu đề cương vào {export_outline(outline, args.format, args.out)}.")
        elif args.format == "md":
            print(outline_markdown(outline))
        else:
            print("Hãy chỉ định --out TỆP cho định dạng docx.", file=sys.stderr)
            return 2
    except (ToolInputError, ExportError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def cmd_compare(args, make_assistant: Callable) -> int:
    from .compare import build_comparison, compare_table, export_compare
    from .export import ExportError, check_output_path, markdown_table
    from .inputs import ToolInputError

    try:
        fmt = "md" if args.format == "table" else args.format
        if args.out:
            check_output_path(args.out, {"md": (".md", ".txt"), "csv": (".csv",), "docx": (".docx",)}[fmt])
        comparison = build_comparison(make_assistant(args), args.local_doc_id, args.reference)
        if args.out:
            print(f"Đã lưu bảng đối chiếu vào {export_compare(comparison, fmt, args.out)}.")
            return 0
    except (ToolInputError, ExportError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if comparison.warning:
        print(comparison.warning)
    headers, body = compare_table(comparison)
    if args.format == "csv":
        import csv

        from .export import safe_cell

        w = csv.writer(sys.stdout)
        w.writerow(headers)
        w.writerows([[safe_cell(c) for c in row] for row in body])
    elif args.format == "md":
        print(markdown_table(headers, body))
    elif args.format == "docx":
        print("Hãy chỉ định --out TỆP.docx cho định dạng docx.", file=sys.stderr)
        return 2
    else:
        for r in comparison.rows:
            print(f"{r.ref_label}: {r.status}")
            for st in r.subtasks:
                for t, score in st.local:
                    print(f"    - «{t.text}» ({t.clause.label}) [{score:.2f}]")
            for t in r.extra:
                print(f"    + «{t.text}» ({t.clause.label})")
            if r.note:
                print(f"    Lý do: {r.note}")
    return 0


def register(subparsers: argparse._SubParsersAction, make_assistant: Callable) -> None:
    """Add the quiz, outline and compare subcommands; make_assistant(args) returns an Assistant."""
    s = subparsers.add_parser("quiz", help="tạo bộ câu hỏi ôn tập có đáp án và trích dẫn")
    s.add_argument("--doc", action="append", help="chỉ dùng văn bản này (lặp lại được), ví dụ ct38")
    s.add_argument("--topic", help="chủ đề, ví dụ «ngân sách»")
    s.add_argument("--count", type=int, default=10, help="số câu hỏi (mặc định 10, tối đa 200)")
    s.add_argument("--per-point", type=int, help="số câu cho mỗi mục của văn bản (thay cho --count)")
    s.add_argument("--difficulty", choices=["de", "vua", "kho", "tron"], default="tron",
                   help="độ khó: dễ, vừa, khó, trộn (mặc định)")  # fmt: skip
    s.add_argument("--kinds", help="loại câu, cách nhau dấu phẩy: mcq,true_false,fill_blank,situation")
    s.add_argument(
        "--seed", type=int, help="mã đề để tạo lại đúng bộ câu hỏi (bỏ trống: mỗi lần một đề khác)"
    )
    s.add_argument("--versions", type=int, default=1, help="số phiên bản đề (A, B, …) cùng ma trận")
    s.add_argument("--minutes", type=int, help="thời gian làm bài ghi trên đề DOCX (phút)")
    s.add_argument("--unit", help="tên đơn vị ghi trên đề DOCX")
    s.add_argument("--format", choices=["docx", "csv", "gift", "aiken", "json", "md"], default="md")
    s.add_argument("--out", help="tệp kết quả")
    s.set_defaults(func=lambda a: cmd_quiz(a, make_assistant))

    s = subparsers.add_parser("outline", help="lập đề cương tuyên truyền cho một đối tượng và thời lượng")
    s.add_argument("topic", nargs="*", help="chủ đề (bỏ trống: toàn bộ Chỉ thị)")
    s.add_argument("--audience", default="cán bộ xã",
                   help="đối tượng: cán bộ xã, đảng viên, doanh nghiệp, người dân")  # fmt: skip
    s.add_argument("--minutes", type=int, default=45, help="thời lượng buổi tuyên truyền, 15–90 phút")
    s.add_argument("--doc", action="append", help="chỉ dùng văn bản này (lặp lại được)")
    s.add_argument("--local", help="kế hoạch địa phương lấy nhiệm vụ của đơn vị, ví dụ kh-xa-haiphong")
    s.add_argument("--format", choices=["md", "docx"], default="md")
    s.add_argument("--out", help="tệp kết quả")
    s.set_defaults(func=lambda a: cmd_outline(a, make_assistant))

    s = subparsers.add_parser(
        "compare", help="đối chiếu văn bản địa phương với Chỉ thị 38 hoặc Quyết định 1703"
    )
    s.add_argument("local_doc_id", help="mã văn bản địa phương, ví dụ kh-xa-haiphong")
    s.add_argument("--reference", help="mã văn bản gốc (mặc định: văn bản mà các văn bản khác triển khai)")
    s.add_argument("--format", choices=["table", "csv", "md", "docx"], default="table")
    s.add_argument("--out", help="tệp kết quả")
    s.set_defaults(func=lambda a: cmd_compare(a, make_assistant))
