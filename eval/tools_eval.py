"""Evaluation of the trainers' tools: quiz support rate, outline coverage and citation precision, comparison
agreement with the hand-made gold (eval/compare_gold.json). Prints Markdown, writes eval/results/tools.json.

Run: python -m eval.tools_eval [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.tools.compare import gold_agreement
from assistant.config import Settings
from assistant.tools.outline import make_outline
from assistant.pipeline import Assistant
from assistant.tools.quiz import BLANK, TRUE, has_phrase, make_quiz
from assistant.text import normalize

HERE = Path(__file__).resolve().parent


def item_supported(a: Assistant, it) -> tuple[bool, str]:
    """The answer occurs in the cited clause and no distractor is true there; a false statement is said nowhere."""
    import re

    c = a.clause(it.clause_id)
    if c is None:
        return False, "điều khoản không tồn tại"
    if not normalize.contains(c.text, it.quote.rstrip("…")):
        return False, "trích dẫn không có trong điều khoản"
    inner = re.findall(r"«([^»]+)»", it.question)
    if it.kind == "mcq":
        if not (has_phrase(c.text, it.answer) or has_phrase(c.heading, it.answer)):
            return False, "đáp án không có trong điều khoản"
        if any(has_phrase(c.text, o) for o in it.options if o != it.answer):
            return False, "phương án nhiễu cũng đúng"
    elif it.kind == "true_false":
        stmt = inner[0]
        said = any(normalize.contains(x.text, stmt) for x in a.index.clauses)
        if said != (it.answer == TRUE):
            return False, "nhận định đúng/sai không khớp văn bản"
    elif it.kind == "fill_blank":
        if not normalize.contains(c.text, inner[0].replace(BLANK, it.answer)):
            return False, "câu điền không khớp văn bản"
    elif it.kind == "which_source":
        quote = inner[0].rstrip("…")
        for o in it.options:
            if o == it.answer:
                continue
            clauses = [x for x in a.index.clauses if a.index.docs[x.doc_id].meta.short == o] or [
                x for x in a.index.clauses if x.label.startswith(o.split(" — ")[0] + ",") or x.label == o
            ]
            if any(normalize.contains(x.text, quote) for x in clauses):
                return False, "câu trích cũng có ở phương án nhiễu"
    return True, ""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Đánh giá công cụ: câu hỏi, đề cương, đối chiếu")
    p.add_argument("--data-dir")
    args = p.parse_args(argv)
    a = Assistant(Settings.from_env(data_dir=args.data_dir))

    # quiz: ~60 items across difficulties and documents
    items = []
    for d in ("de", "vua", "kho"):
        items += make_quiz(a, count=12, difficulty=d, seed=11)
        items += make_quiz(a, doc_ids=["kh-xa-haiphong", "ctr59-longan"], count=4, difficulty=d, seed=12)
        items += make_quiz(a, topic="thanh tra, kiểm tra", count=4, difficulty=d, seed=13)
    checks = [(it, *item_supported(a, it)) for it in items]
    quiz = {
        "items": len(items),
        "supported": sum(ok for _, ok, _ in checks),
        "support_rate": sum(ok for _, ok, _ in checks) / max(1, len(items)),
        "by_kind": {
            k: sum(1 for i in items if i.kind == k)
            for k in ("mcq", "true_false", "fill_blank", "which_source")
        },
        "failures": [
            {"question": it.question, "clause_id": it.clause_id, "why": why}
            for it, ok, why in checks
            if not ok
        ],
    }

    # outline: coverage of the Directive's points and citation precision
    topics = [
        "ngân sách",
        "tuyên truyền nâng cao nhận thức",
        "thanh tra kiểm tra",
        "hội nhập quốc tế",
        "nguồn nhân lực",
    ]
    bullets = ok = 0
    covered: set[int] = set()
    per_topic = {}
    for t in topics:
        o = make_outline(a, t, length="dai")
        for b in o.bullets():
            c = a.clause(b.clause_id)
            quote = b.text.split("«", 1)[1].rsplit("»", 1)[0] if "«" in b.text else b.text
            bullets += 1
            ok += bool(c and normalize.contains(c.text, quote))
        nums = {int(s.title.split(".")[0].split()[-1]) for s in o.sections}
        covered |= nums
        short = make_outline(a, t, length="ngan")
        per_topic[t] = [s.title.split(".")[0] for s in short.sections]
    outline = {
        "bullets": bullets,
        "citation_precision": ok / max(1, bullets),
        "points_covered_dai": sorted(covered),
        "coverage": len(covered) / 7,
        "ngan_sections_by_topic": per_topic,
    }

    comparison = gold_agreement(a, json.loads((HERE / "compare_gold.json").read_text()))
    result = {"quiz": quiz, "outline": outline, "compare": comparison}
    out = HERE / "results" / "tools.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))

    print("# Đánh giá công cụ\n")
    print("| Chỉ số | Giá trị |\n|---|---|")
    print(
        f"| Câu hỏi được văn bản hỗ trợ | {quiz['supported']}/{quiz['items']} ({quiz['support_rate']:.1%}) |"
    )
    print(f"| Loại câu hỏi | {', '.join(f'{k}: {v}' for k, v in quiz['by_kind'].items())} |")
    print(f"| Đề cương: trích dẫn đúng điều khoản | {ok}/{bullets} ({outline['citation_precision']:.1%}) |")
    print(f"| Đề cương (dài): bao phủ mục của Chỉ thị | {len(covered)}/7 |")
    print(
        f"| Đối chiếu: khớp bộ chuẩn | {comparison['correct']}/{comparison['total']} ({comparison['agreement']:.1%}) |"
    )
    for pair, r in comparison["pairs"].items():
        print(f"| — {pair} | {r['correct']}/{r['total']} |")
    print(f"\nĐã ghi {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
