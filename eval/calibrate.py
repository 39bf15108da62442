"""Pick the refusal threshold from the gold set: the coverage below which the assistant says the documents
do not answer. Prints the score of each question and the threshold that refuses the most unanswerable questions while
false refusals stay within their floor (refusing a real answer costs a cadre more than a near miss).

    python -m eval.calibrate [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.text.overlap import coverage
from eval.run import FLOORS

HERE = Path(__file__).resolve().parent
MAX_FALSE_REFUSALS = FLOORS["false_refusal_rate"][1]


def features(a: Assistant, question: str) -> tuple[float, bool, bool]:
    """(coverage, names unknown to the documents, bypassed: a point or header fact was asked for)."""
    plan = a.plan(question)
    passages = a.retrieve(question, plan)
    refuse, why = a.should_refuse(question, passages, plan)
    cov = coverage(question, passages, a.index.idf)
    hard = refuse and not why.startswith("coverage")
    return cov, hard, why in ("point requested", "header fact")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=str(HERE.parent / "data" / "eval-index"))
    args = ap.parse_args(argv)
    a = Assistant(Settings.from_env(data_dir=args.data_dir))
    rows = []
    for line in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        cov, unknown, bypass = features(a, q["question"])
        rows.append((cov, unknown, bypass, q["kind"] == "unanswerable", q["id"], q["question"]))
    unans = [r for r in rows if r[3]]
    ans = [r for r in rows if not r[3]]
    options = []
    for t in [x / 100 for x in range(0, 91)]:
        refused = [r for r in rows if not r[2] and (r[1] or r[0] < t)]
        rr = sum(1 for r in refused if r[3]) / max(1, len(unans))
        fr = sum(1 for r in refused if not r[3]) / max(1, len(ans))
        if fr <= MAX_FALSE_REFUSALS:
            options.append((rr, -fr, t))
    # most unanswerable questions refused, then fewest false refusals, then the highest such threshold
    # (the widest margin for off-topic questions)
    rr, neg_fr, t = max(options)
    best = (None, t, rr, -neg_fr)
    for r in sorted(rows):
        print(
            f"{r[0]:.2f} {'N' if r[1] else ' '}{'B' if r[2] else ' '} {'UNANS' if r[3] else '     '} {r[4]} {r[5][:80]}"
        )
    print(
        f"best threshold {best[1]:.2f}: refusal on unanswerable {best[2]:.2f}, false refusals {best[3]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
