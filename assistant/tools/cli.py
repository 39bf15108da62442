"""Trainers' tools on the command line: quiz, outline, compare (registered into `assistant` by cli.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable


def cmd_quiz(args, make_assistant: Callable) -> int:
    from .quiz import export_quiz, items_markdown, make_quiz

    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
    try:
        items = make_quiz(
            make_assistant(args), args.doc or None, args.topic, args.count, args.difficulty, kinds, args.seed
        )
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not items:
        print("Không tạo được câu hỏi nào với các điều kiện này.", file=sys.stderr)
        return 1
    if args.out:
        path = export_quiz(items, args.format, args.out)
        print(f"Đã tạo {len(items)} câu hỏi, lưu vào {path}.")
    elif args.format == "md":
        print(items_markdown(items, with_answers=True))
    else:
        print(
            "Hãy chỉ định --out TỆP cho định dạng này (hoặc dùng --format md để in ra màn hình).",
            file=sys.stderr,
        )
        return 2
    return 0


def cmd_outline(args, make_assistant: Callable) -> int:
    from .outline import export_outline, make_outline, outline_markdown

    outline = make_outline(make_assistant(args), " ".join(args.topic), args.audience, args.length)
    if args.out:
        print(f"Đã lưu đề cương vào {export_outline(outline, args.format, args.out)}.")
    elif args.format == "md":
        print(outline_markdown(outline))
    else:
        print("Hãy chỉ định --out TỆP cho định dạng docx.", file=sys.stderr)
        return 2
    return 0


def cmd_compare(args, make_assistant: Callable) -> int:
    from .compare import compare, compare_table, export_compare
    from .export import markdown_table

    try:
        rows = compare(make_assistant(args), args.local_doc_id, args.reference)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.out:
        fmt = "md" if args.format == "table" else args.format
        print(f"Đã lưu bảng đối chiếu vào {export_compare(rows, fmt, args.out)}.")
        return 0
    headers, body = compare_table(rows)
    if args.format == "csv":
        import csv

        w = csv.writer(sys.stdout)
        w.writerow(headers)
        w.writerows(body)
    elif args.format == "md":
        print(markdown_table(headers, body))
    else:
        for r in rows:
            print(f"{r.ref_label}: {r.status}")
            for cid, label, score in r.local:
                print(f"    - {label} ({cid}) [{score:.2f}]")
            if r.note:
                print(f"    Ghi chú: {r.note}")
    return 0


def register(subparsers: argparse._SubParsersAction, make_assistant: Callable) -> None:
    """Add the quiz, outline and compare subcommands; make_assistant(args) returns an Assistant."""
    s = subparsers.add_parser("quiz", help="tạo bộ câu hỏi ôn tập có đáp án và trích dẫn")
    s.add_argument("--doc", action="append", help="chỉ dùng văn bản này (lặp lại được), ví dụ ct38")
    s.add_argument("--topic", help="chủ đề, ví dụ «ngân sách»")
    s.add_argument("--count", type=int, default=10, help="số câu hỏi (mặc định 10)")
    s.add_argument("--difficulty", choices=["de", "vua", "kho"], default="vua", help="độ khó: dễ, vừa, khó")
    s.add_argument("--kinds", help="loại câu, cách nhau dấu phẩy: mcq,true_false,fill_blank,which_source")
    s.add_argument("--seed", type=int, help="hạt ngẫu nhiên để tạo lại đúng bộ câu hỏi")
    s.add_argument("--format", choices=["docx", "csv", "gift", "aiken", "json", "md"], default="md")
    s.add_argument("--out", help="tệp kết quả")
    s.set_defaults(func=lambda a: cmd_quiz(a, make_assistant))

    s = subparsers.add_parser("outline", help="tạo đề cương tuyên truyền theo chủ đề")
    s.add_argument("topic", nargs="+", help="chủ đề")
    s.add_argument("--audience", default="cán bộ, đảng viên", help="đối tượng")
    s.add_argument("--length", choices=["ngan", "vua", "dai"], default="vua", help="độ dài: ngắn, vừa, dài")
    s.add_argument("--format", choices=["md", "docx"], default="md")
    s.add_argument("--out", help="tệp kết quả")
    s.set_defaults(func=lambda a: cmd_outline(a, make_assistant))

    s = subparsers.add_parser(
        "compare", help="đối chiếu văn bản địa phương với Chỉ thị 38 hoặc Quyết định 1703"
    )
    s.add_argument("local_doc_id", help="mã văn bản địa phương, ví dụ kh-xa-haiphong")
    s.add_argument("--reference", choices=["ct38", "qd1703"], default="ct38")
    s.add_argument("--format", choices=["table", "csv", "md"], default="table")
    s.add_argument("--out", help="tệp kết quả")
    s.set_defaults(func=lambda a: cmd_compare(a, make_assistant))
