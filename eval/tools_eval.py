"""Evaluation of the trainers' and reporters' tools on the real knowledge base; prints Markdown and writes
eval/results/tools.json.

- Quiz: a blueprint of 40 items per document; true/false balance per difficulty, points covered, items on cited-only
  documents, duplicate source sentences, keys verbatim and distractors false. The checks here are plain text
  look-ups written apart from the generator's own filters.
- Outline: quotations found verbatim, parts' minutes adding up, key contents per length.
- Comparison: agreement with two hand-made golds (point level, eval/compare_gold.json; sub-task level,
  eval/compare_gold_subtasks.json).

Run: python -m eval.tools_eval [--data-dir DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.text import normalize
from assistant.tools.compare import build_comparison, gold_agreement, subtask_alignment
from assistant.tools.outline import make_outline
from assistant.tools.quiz import BLANK, TRUE, build_quiz, points_of

HERE = Path(__file__).resolve().parent
QUIZ_DOCS = ("ct38", "kh-xa-haiphong", "ctr59-longan", "qd1703")
PER_DOC = 40
_CITED = re.compile(
    r"(Nghị quyết|Kế hoạch|Công văn|Quyết định|Chương trình|Đề án|Luật)(?: hành động)? (?:số )?\d"
)
_DATEY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d+-[A-ZĐ]|\b(?:19|20)\d\d\b|tháng \d")


def _inner(question: str) -> str:
    found = re.findall(r"«([^»]+)»", question)
    return found[-1] if found else ""


def item_problems(a: Assistant, it) -> list[str]:
    """Why an item is wrong, by look-ups in the texts (empty when it is right)."""
    c = a.clause(it.clause_id)
    if c is None:
        return ["điều khoản không tồn tại"]
    out = []
    if not normalize.contains(c.text, it.quote):
        out.append("trích dẫn không có trong điều khoản")
    if it.kind in ("mcq", "situation"):
        if not normalize.contains(c.text, it.answer):
            out.append("đáp án không có trong điều khoản")
        if any(normalize.contains(it.quote, o) for o in it.options if o != it.answer):
            out.append("phương án nhiễu cũng có trong câu nguồn")
    if it.kind in ("mcq", "fill_blank") and not normalize.contains(
        c.text, _inner(it.question).replace(BLANK, it.answer)
    ):
        out.append("điền đáp án vào chỗ trống không ra câu văn bản")
    if it.kind == "true_false":
        said = any(normalize.contains(x.text, _inner(it.question)) for x in a.index.clauses)
        if said != (it.answer == TRUE):
            out.append("nhận định đúng/sai không khớp văn bản")
    return out


def on_cited_document(it) -> bool:
    """The tested words are a date, year or number, or sit within a citation of another document."""
    key = it.secret or it.answer
    if it.kind == "true_false" and not it.secret:
        return False
    if _DATEY.search(key):
        return True
    i = it.quote.find(key)
    window = it.quote[max(0, i - 80) : i] if i >= 0 else ""
    return bool(_CITED.search(window)) and (i - window.rfind("ngày") < 30 if "ngày" in window else False)


def same_source(x, y) -> bool:
    a, b = normalize.key(x.quote), normalize.key(y.quote)
    return a == b or a in b or b in a


def quiz_metrics(a: Assistant, seed: int) -> dict:
    per_doc, items = {}, []
    for d in QUIZ_DOCS:
        quiz = build_quiz(a, [d], count=PER_DOC, seed=seed)
        got = list(quiz.items)
        items += got
        points = set(points_of(a, d))
        tf = Counter((i.difficulty, i.answer) for i in got if i.kind == "true_false")
        per_doc[d] = {
            "items": len(got),
            "asked": PER_DOC,
            "points": len(points),
            "points_covered": len({i.point for i in got} & points),
            "kinds": dict(Counter(i.kind for i in got)),
            "true_false": {f"{k[0]}:{k[1]}": v for k, v in sorted(tf.items())},
            "notice": quiz.notice,
        }
    tf = Counter((i.difficulty, i.answer) for i in items if i.kind == "true_false")
    balance = {}
    for diff in ("de", "vua", "kho"):
        n = tf[(diff, TRUE)] + tf[(diff, "Sai")]
        balance[diff] = {
            "true": tf[(diff, TRUE)],
            "false": tf[(diff, "Sai")],
            "true_share": tf[(diff, TRUE)] / n if n else None,
        }
    problems = [(i, p) for i in items for p in item_problems(a, i)]
    dups = 0
    for d in QUIZ_DOCS:
        its = [i for i in items if i.clause_id.startswith(d + "/")]
        dups += sum(1 for n, x in enumerate(its) for y in its[n + 1 :] if same_source(x, y))
    return {
        "per_document": per_doc,
        "items": len(items),
        "true_false_balance": balance,
        "balanced_40_60": all(
            b["true_share"] is not None and 0.4 <= b["true_share"] <= 0.6 for b in balance.values()
        ),
        "points_covered": sum(v["points_covered"] for v in per_doc.values()),
        "points_total": sum(v["points"] for v in per_doc.values()),
        "cited_document_items": sum(on_cited_document(i) for i in items),
        "duplicate_source_sentences": dups,
        "wrong_items": len({id(i) for i, _ in problems}),
        "problems": [{"question": i.question, "why": p} for i, p in problems],
    }


def outline_metrics(a: Assistant) -> dict:
    quotes = verbatim = 0
    runs = {}
    for audience in ("cán bộ xã", "đảng viên", "doanh nghiệp", "người dân"):
        for minutes in (15, 45, 90):
            o = make_outline(a, "", audience, minutes)
            for q in o.quotes():
                c = a.clause(q.clause_id)
                quotes += 1
                verbatim += bool(c and normalize.contains(c.text, q.text))
            runs[f"{audience}/{minutes}"] = {
                "minutes_add_up": sum(p.minutes for p in o.parts) == minutes,
                "key_contents": len(o.parts[2].items),
                "tasks_from": sorted(
                    {q.clause_id.split("/")[0] for it in o.parts[3].items for q in it.quotes}
                ),
                "longest_heading_words": max(len(it.heading.split()) for p in o.parts[2:4] for it in p.items),
            }
    return {"quotes": quotes, "verbatim": verbatim, "precision": verbatim / max(1, quotes), "runs": runs}


def subtask_agreement(a: Assistant, gold: dict) -> dict:
    """Share of hand-aligned local sentences the comparison pairs with a listed reference sentence (or with none)."""
    out: dict = {"pairs": {}, "correct": 0, "total": 0}
    for reference, locals_ in gold.items():
        if reference.startswith("_"):
            continue
        for local, pairs in locals_.items():
            predicted = subtask_alignment(build_comparison(a, local, reference).rows)
            ok, misses = 0, []
            for sentence, refs in pairs.items():
                got = predicted.get(sentence, "")
                good = got in refs if refs else got == ""
                ok += good
                if not good:
                    misses.append(
                        f"{sentence} -> {got or 'không câu nào'} (chuẩn: {refs or 'không câu nào'})"
                    )
            out["pairs"][f"{local} vs {reference}"] = {"correct": ok, "total": len(pairs), "misses": misses}
            out["correct"] += ok
            out["total"] += len(pairs)
    out["agreement"] = out["correct"] / out["total"] if out["total"] else 1.0
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Đánh giá công cụ: câu hỏi, đề cương, đối chiếu")
    p.add_argument("--data-dir")
    p.add_argument("--seed", type=int, default=11)
    args = p.parse_args(argv)
    a = Assistant(Settings.from_env(data_dir=args.data_dir))

    quiz = quiz_metrics(a, args.seed)
    outline = outline_metrics(a)
    points = gold_agreement(a, json.loads((HERE / "compare_gold.json").read_text()))
    subtasks = subtask_agreement(a, json.loads((HERE / "compare_gold_subtasks.json").read_text()))
    statuses = {d: {r.ref_id: r.status for r in build_comparison(a, d, "ct38").rows}
                for d in ("kh-xa-haiphong", "ctr59-longan", "qd1703", "cv59-dienbien")}  # fmt: skip
    result = {
        "quiz": quiz,
        "outline": outline,
        "compare": {"points": points, "subtasks": subtasks, "statuses": statuses},
    }
    out = HERE / "results" / "tools.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))

    b = quiz["true_false_balance"]
    print(f"# Đánh giá công cụ (seed {args.seed})\n")
    print("| Chỉ số | Giá trị |\n|---|---|")
    made = ", ".join(f"{d}: {v['items']}/{v['asked']}" for d, v in quiz["per_document"].items())
    print(f"| Câu hỏi tạo được theo ma trận 40 câu/văn bản | {made} |")
    print("| Đúng/Sai: tỉ lệ «Đúng» theo mức | " + ", ".join(
        f"{d}: {v['true']}/{v['true'] + v['false']} ({v['true_share']:.0%})" for d, v in b.items() if v["true_share"] is not None
    ) + f" — trong 40–60%: {'có' if quiz['balanced_40_60'] else 'không'} |")  # fmt: skip
    print(f"| Mục của văn bản có câu hỏi | {quiz['points_covered']}/{quiz['points_total']} |")
    print(f"| Câu hỏi về ngày/số/cơ quan của văn bản chỉ được trích dẫn | {quiz['cited_document_items']} |")
    print(f"| Cặp câu hỏi cùng câu nguồn | {quiz['duplicate_source_sentences']} |")
    print(f"| Câu sai (đáp án không nguyên văn / nhiễu đúng) | {quiz['wrong_items']}/{quiz['items']} |")
    print(
        f"| Đề cương: trích dẫn nguyên văn | {outline['verbatim']}/{outline['quotes']} ({outline['precision']:.1%}) |"
    )
    ok_runs = sum(r["minutes_add_up"] and 5 <= r["key_contents"] <= 7 for r in outline["runs"].values())
    print(f"| Đề cương: thời lượng cộng đúng, 5–7 nội dung | {ok_runs}/{len(outline['runs'])} |")
    print(
        f"| Đối chiếu cấp mục: khớp bộ chuẩn | {points['correct']}/{points['total']} ({points['agreement']:.1%}) |"
    )
    print(
        f"| Đối chiếu cấp ý (câu): khớp bộ chuẩn tay | {subtasks['correct']}/{subtasks['total']} ({subtasks['agreement']:.1%}) |"
    )
    for pair, r in subtasks["pairs"].items():
        print(f"| — {pair} | {r['correct']}/{r['total']} |")
    print(f"\nĐã ghi {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
