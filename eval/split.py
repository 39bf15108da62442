"""The train/dev/test split of the gold set, made once and kept: `python -m eval.split` writes eval/splits.json.

Rules (eval/README_questions.md says why):
- every question about a document no rule was tuned on (`"unseen": true`) goes to test;
- every question about a document added for tuning (`"upload": true`, eval/data/unseen.toml `split = "dev"`)
  goes to dev, and so does every probe question (`"probe": true`: written without seeing the assistant's
  answers, measured once, then its failures looked at and fixed — tuning material);
- the others are split about 50/20/30, stratified by kind: within each kind, questions are taken in the
  order of sha256(f"{SEED}:{id}") and each goes to the split furthest below its share of that kind so far;
- an id already in splits.json keeps its split, so re-running never moves a question, and a question added
  later is placed by the same rule without disturbing the others.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from assistant.config import PROJECT_ROOT

SEED = 38
RATIOS: dict[str, float] = {"train": 0.5, "dev": 0.2, "test": 0.3}
SPLITS = tuple(RATIOS)
QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
SPLITS_PATH = PROJECT_ROOT / "eval" / "splits.json"


def _order(qid: str) -> str:
    return hashlib.sha256(f"{SEED}:{qid}".encode()).hexdigest()


def assign(questions: list[dict], existing: dict[str, str] | None = None) -> dict[str, str]:
    """{question id: split} for every question; ids in `existing` keep their split."""
    existing = dict(existing or {})
    out: dict[str, str] = {}
    for q in questions:
        if q.get("unseen"):
            out[q["id"]] = "test"
        elif q.get("upload") or q.get("probe"):
            out[q["id"]] = "dev"
        elif q["id"] in existing:
            out[q["id"]] = existing[q["id"]]
    stratified = [q for q in questions if not q.get("unseen") and not q.get("upload") and not q.get("probe")]
    for kind in sorted({q["kind"] for q in stratified}):
        members = [q["id"] for q in stratified if q["kind"] == kind]
        counts = Counter(out[i] for i in members if i in out)
        for qid in sorted((i for i in members if i not in out), key=_order):
            placed = sum(counts.values()) + 1
            split = max(SPLITS, key=lambda s: (RATIOS[s] * placed - counts[s], -SPLITS.index(s)))
            out[qid] = split
            counts[split] += 1
    return {q["id"]: out[q["id"]] for q in questions}


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_splits(path: Path = SPLITS_PATH) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.split", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--check", action="store_true", help="exit 1 if splits.json is missing an id or would change"
    )
    args = ap.parse_args(argv)
    questions = load_questions()
    existing = read_splits()
    splits = assign(questions, existing)
    if args.check:
        ok = splits == existing
        print("splits.json is up to date" if ok else "splits.json is out of date: run python -m eval.split")
        return 0 if ok else 1
    SPLITS_PATH.write_text(json.dumps(splits, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(dict(Counter(splits.values())), f"-> {SPLITS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
