"""Run the gold questions through the assistant, score them, compare with baselines, write the reports.

`python -m eval`, `assistant eval ARGS` and `main(argv)` are the same thing. The index is built in its own
data dir (default data/eval-index) so an evaluation never touches the user's index or uploaded documents;
the unseen documents of eval/data/unseen.toml are added there through `Assistant.add_document`, the path an
administrator uses. Every question belongs to one split of eval/splits.json (train, dev, test; see
eval/split.py); the splits are scored side by side and the floors apply to the test split only.
Outputs (under --out): latest.json (every number and per-question record), report.md (tables and every
failing question with what was retrieved), readme_table.md (a compact table for the README).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from assistant.config import PROJECT_ROOT, Settings

from . import metrics as m

# Issue 9's targets on the TEST split (its unseen document included). Reported as PASS/FAIL on every run; not
# all are met yet (README). They are the goal, never edited to match a result.
TARGETS: dict[str, tuple[str, float]] = {
    "citation_precision": (">=", 0.92),
    "key_fact_coverage": (">=", 0.88),
    "refusal_rate": (">=", 0.90),  # on unanswerable questions
    "false_refusal_rate": ("<=", 0.03),  # on answerable questions
    "premise_corrected": (">=", 0.75),  # on false-premise questions
    "hit@5": (">=", 0.95),
}
# What CI enforces on TEST: the level the reader reached when these were set (2026-12-07: citation precision
# 87.0%, key facts 88.1%, refused 86.2%, false refusals 4.0%, premises 76.9%, Hit@5 94.4%), a little below it
# (about one question), or the target where it is met — so a regression cannot land. Raise each as the reader
# improves, up to its target; never lower one to make a run pass.
FLOORS: dict[str, tuple[str, float]] = {
    "citation_precision": (">=", 0.86),
    "key_fact_coverage": (">=", 0.87),
    "refusal_rate": (">=", 0.82),
    "false_refusal_rate": ("<=", 0.05),
    "premise_corrected": (">=", 0.75),
    "hit@5": (">=", 0.93),
}
FLOOR_SPLIT = "test"

DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
DEFAULT_SPLITS = PROJECT_ROOT / "eval" / "splits.json"
DEFAULT_UNSEEN = PROJECT_ROOT / "eval" / "data" / "unseen.toml"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "eval-index"
DEFAULT_OUT = PROJECT_ROOT / "eval" / "results"
UNANSWERABLE = "unanswerable"
FALSE_PREMISE = "false-premise"
LIST_KINDS = ("list", "summary")  # scored by how much of the enumeration the answer covers
SPLIT_NAMES = ("train", "dev", "test")
UNASSIGNED = "unassigned"  # a question missing from splits.json (e.g. a --questions file of your own)
TOP_SHOWN = 5

COLUMNS: list[tuple[str, str, str]] = [  # (summary key, column title, format)
    ("n", "n", "d"),
    ("hit@1", "Hit@1", "p"),
    ("hit@5", "Hit@5", "p"),
    ("mrr", "MRR", "f"),
    ("citation_precision", "Cit. P", "p"),
    ("citation_recall", "Cit. R", "p"),
    ("key_fact_coverage", "Key facts", "p"),
    ("refusal_rate", "Refusal (unans.)", "p"),
    ("false_refusal_rate", "False refusal", "p"),
    ("premise_corrected", "Premise fixed", "p"),
    ("latency_p50_ms", "p50 ms", "ms"),
    ("latency_p95_ms", "p95 ms", "ms"),
]


# ------------------------------------------------------------------------------------------------- input


def load_questions(
    path: Path = DEFAULT_QUESTIONS, limit: int | None = None, splits_path: Path = DEFAULT_SPLITS
) -> list[dict]:
    """Gold questions, one JSON object per line, each with its `split`; a broken line named in the error."""
    items: list[dict] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not valid JSON: {exc}") from exc
            item.setdefault("id", f"line{n}")
            item.setdefault("kind", "fact")
            for key in ("gold_clause_ids", "evidence", "key_facts", "doc_ids", "premise_correction"):
                item[key] = list(item.get(key) or [])
            items.append(item)
    splits = json.loads(splits_path.read_text(encoding="utf-8")) if splits_path.exists() else {}
    for item in items:
        item["split"] = splits.get(item["id"], UNASSIGNED)
    return items[:limit] if limit else items


def load_split(
    split_name: str, path: Path = DEFAULT_QUESTIONS, splits_path: Path = DEFAULT_SPLITS
) -> list[dict]:
    """The questions of one split ("train", "dev", "test"), several joined by "+" ("train+dev"), or "all".

    Fitting and tuning (eval/calibrate.py) read "train+dev" only; the test split is for reporting.
    """
    items = load_questions(path, splits_path=splits_path)
    if split_name == "all":
        return items
    wanted = set(split_name.split("+"))
    unknown = wanted - set(SPLIT_NAMES)
    if unknown:
        raise ValueError(f"unknown split {', '.join(sorted(unknown))}; use {', '.join(SPLIT_NAMES)} or all")
    return [q for q in items if q["split"] in wanted]


def is_answerable(item: dict) -> bool:
    return item.get("kind") != UNANSWERABLE


# ------------------------------------------------------------------------------------------------- scoring


def score_question(item: dict, answer: dict) -> dict:
    """One per-question record: what came back, and every metric that applies to it."""
    answerable = is_answerable(item)
    gold, spans, facts = item["gold_clause_ids"], item["evidence"], item["key_facts"]
    refused = bool(answer["refused"])
    cited_ids = [c["clause_id"] for c in answer["citations"]]
    cited_texts = [c["text"] for c in answer["citations"]]
    retrieved = [p["clause_id"] for p in answer["passages"]]
    # the search alone, without the clauses the answer read from a document's structure (comparable with the
    # baselines, which have no such route)
    searched = [p["clause_id"] for p in answer["passages"] if p.get("found_by") != "read"]
    rec: dict = {
        "id": item["id"],
        "kind": item["kind"],
        "split": item.get("split", UNASSIGNED),
        "unseen": bool(item.get("unseen")),
        "question": item["question"],
        "answerable": answerable,
        "refused": refused,
        "mode": answer.get("mode", ""),
        "route": answer.get("route", "") or "",
        "reason": answer.get("reason", "") or "",
        "answer": answer["answer"],
        "gold_clause_ids": gold,
        "cited_ids": cited_ids,
        "cited_labels": [c["label"] for c in answer["citations"]],
        "retrieved_ids": retrieved,
        "top5": [
            {"id": p["clause_id"], "label": p["label"], "found_by": p["found_by"]}
            for p in answer["passages"][:TOP_SHOWN]
        ],
        "chars@5": sum(len(p["text"]) for p in answer["passages"][:TOP_SHOWN]),
        "total_ms": float(answer.get("timings_ms", {}).get("total_ms", 0.0)),
        "timings_ms": answer.get("timings_ms", {}),
        "hit@1": None,
        "hit@5": None,
        "rr": None,
        "search_hit@1": None,
        "search_hit@5": None,
        "search_rr": None,
        "citation_precision": None,
        "citation_recall": None,
        "key_fact_coverage": None,
        "key_facts_found": [],
        "key_facts_missing": [],
        "premise_corrected": None,
    }
    if answerable:
        rec["hit@1"] = m.hit_at_k(retrieved, gold, 1)
        rec["hit@5"] = m.hit_at_k(retrieved, gold, 5)
        rec["rr"] = m.reciprocal_rank(retrieved, gold)
        rec["search_hit@1"] = m.hit_at_k(searched, gold, 1)
        rec["search_hit@5"] = m.hit_at_k(searched, gold, 5)
        rec["search_rr"] = m.reciprocal_rank(searched, gold)
        if not refused:
            rec["citation_precision"] = m.citation_precision(cited_ids, cited_texts, gold, spans)
            rec["imprecise_citations"] = [
                cid
                for cid, text in zip(cited_ids, cited_texts, strict=True)
                if not m.holds_evidence(cid, text, gold, spans)
            ]
        rec["citation_recall"] = m.citation_recall(cited_ids, cited_texts, gold, spans, refused=refused)
        rec["key_fact_coverage"] = m.key_fact_coverage(answer["answer"], facts)
        rec["key_facts_found"] = [f for f in facts if m.fact_found(answer["answer"], f)]
        rec["key_facts_missing"] = [f for f in facts if not m.fact_found(answer["answer"], f)]
        if item["kind"] == FALSE_PREMISE:
            corrections = item["premise_correction"]
            rec["premise_corrected"] = m.premise_corrected(answer["answer"], refused, corrections)
            rec["premise_missing"] = [c for c in corrections if not m.fact_found(answer["answer"], c)]
    rec["failures"] = failures(rec)
    return rec


def failures(rec: dict) -> list[str]:
    """Why a question counts as failed (empty when it passed): the four checks the report lists."""
    out: list[str] = []
    if rec["answerable"]:
        if rec["refused"]:
            out.append("false refusal")
        if rec["hit@5"] == 0.0:
            out.append("gold clause not in top 5")
        if rec["citation_precision"] is not None and rec["citation_precision"] < 1.0:
            out.append("imprecise citation" if rec["cited_ids"] else "no citation")
        if rec["key_facts_missing"]:
            out.append("missing key fact")
        if rec["premise_corrected"] == 0.0:
            out.append("false premise not corrected")
    elif not rec["refused"]:
        out.append("answered an unanswerable question")
    return out


def summarize(records: list[dict]) -> dict:
    """Aggregate metrics for a set of records (all questions, or one kind)."""
    ans = [r for r in records if r["answerable"]]
    una = [r for r in records if not r["answerable"]]
    answered = [r for r in ans if not r["refused"]]
    latencies = [r["total_ms"] for r in records]
    return {
        "n": len(records),
        "n_answerable": len(ans),
        "n_unanswerable": len(una),
        "n_false_premise": sum(r["premise_corrected"] is not None for r in records),
        "hit@1": m.mean(r["hit@1"] for r in ans),
        "hit@5": m.mean(r["hit@5"] for r in ans),
        "mrr": m.mean(r["rr"] for r in ans),
        "search_hit@1": m.mean(r.get("search_hit@1") for r in ans),
        "search_hit@5": m.mean(r.get("search_hit@5") for r in ans),
        "search_mrr": m.mean(r.get("search_rr") for r in ans),
        "citation_precision": m.mean(r["citation_precision"] for r in answered),
        "citation_recall": m.mean(r["citation_recall"] for r in ans),
        "citation_recall_answered": m.mean(r["citation_recall"] for r in answered),
        "key_fact_coverage": m.mean(r["key_fact_coverage"] for r in ans),
        "refusal_rate": m.refusal_rate(r["refused"] for r in una),
        "false_refusal_rate": m.false_refusal_rate(r["refused"] for r in ans),
        "premise_corrected": m.mean(r["premise_corrected"] for r in records),
        "list_recall": m.mean(r["citation_recall"] for r in ans if r["kind"] in LIST_KINDS),
        "chars@5": m.mean(r["chars@5"] for r in ans),
        "latency_p50_ms": m.percentile(latencies, 50),
        "latency_p95_ms": m.percentile(latencies, 95),
    }


def split_summaries(records: list[dict]) -> dict[str, dict]:
    """Summaries side by side: each split present, the unseen documents' questions (part of test), and all."""
    out: dict[str, dict] = {}
    for name in (*SPLIT_NAMES, UNASSIGNED):
        part = [r for r in records if r["split"] == name]
        if part:
            out[name] = summarize(part)
    unseen = [r for r in records if r["unseen"]]
    if unseen:
        out["test: unseen doc"] = summarize(unseen)
    out["all"] = summarize(records)
    return out


def by_kind(records: list[dict]) -> dict[str, dict]:
    kinds = list(dict.fromkeys(r["kind"] for r in records))
    return {k: summarize([r for r in records if r["kind"] == k]) for k in kinds}


def failure_groups(records: list[dict]) -> list[dict]:
    """Failing questions grouped by the answer's route and, for refusals, the reason code (empty shown as –)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in records:
        if r["failures"]:
            key = (r["route"] or "–", (r["reason"] or "–") if r["refused"] else "")
            groups.setdefault(key, []).append(r)
    rows = [
        {
            "route": route,
            "reason": reason,
            "n": len(rs),
            "by_split": dict(Counter(r["split"] for r in rs)),
            "failures": dict(Counter(f for r in rs for f in r["failures"])),
            "ids": [r["id"] for r in rs],
        }
        for (route, reason), rs in groups.items()
    ]
    return sorted(rows, key=lambda g: (-g["n"], g["route"], g["reason"]))


def check_floors(summary: dict, floors: dict[str, tuple[str, float]] | None = None) -> list[dict]:
    """One row per floor; a metric with nothing to measure (None) fails: a floor is never skipped silently."""
    rows = []
    for name, (op, floor) in (FLOORS if floors is None else floors).items():
        value = summary.get(name)
        ok = value is not None and (value >= floor if op == ">=" else value <= floor)
        rows.append({"metric": name, "op": op, "floor": floor, "value": value, "pass": ok})
    return rows


# ------------------------------------------------------------------------------------------------- baselines


def run_baselines(records: list[dict], items: list[dict], index, embedder_spec: str, k: int) -> dict:
    """Score the LangChain+Chroma and BM25 baselines on the answerable questions; adds rec['baselines']."""
    from .baselines import NAMES, Baselines, gold_hit_id

    base = Baselines(list(index.docs.values()), embedder_spec)
    try:
        base.search(NAMES[0], "khởi động", k)  # warm the query path, as for the pipeline
        per: dict[str, dict[str, list]] = {
            n: {"hit@1": [], "hit@5": [], "rr": [], "chars@5": [], "ms": []} for n in NAMES
        }
        for rec, item in zip(records, items, strict=True):
            if not rec["answerable"]:
                continue
            gold = [index.by_id[g] for g in item["gold_clause_ids"] if g in index.by_id]
            rec["baselines"] = {}
            for name in NAMES:
                t = time.perf_counter()
                chunks = base.search(name, item["question"], k)
                ms = (time.perf_counter() - t) * 1000
                ids = [gold_hit_id(c, gold) for c in chunks]
                gold_ids = [g.id for g in gold]
                row = {
                    "hit@1": m.hit_at_k(ids, gold_ids, 1),
                    "hit@5": m.hit_at_k(ids, gold_ids, 5),
                    "rr": m.reciprocal_rank(ids, gold_ids),
                    "chars@5": sum(len(c.text) for c in chunks[:TOP_SHOWN]),
                    "ms": ms,
                }
                rec["baselines"][name] = {**{k2: v for k2, v in row.items() if k2 != "ms"},
                                          "top5": [c.id for c in chunks[:TOP_SHOWN]]}  # fmt: skip
                for key, v in row.items():
                    per[name][key].append(v)
        return {
            name: {
                "hit@1": m.mean(v["hit@1"]),
                "hit@5": m.mean(v["hit@5"]),
                "mrr": m.mean(v["rr"]),
                "chars@5": m.mean(v["chars@5"]),
                "latency_p50_ms": m.percentile(v["ms"], 50),
                "latency_p95_ms": m.percentile(v["ms"], 95),
                "chunks": len(base.chunks),
                "chunk_size": 1000,
                "chunk_overlap": 200,
            }
            for name, v in per.items()
        }
    finally:
        base.close()


# ------------------------------------------------------------------------------------------------- gold checks


def gold_problems(items: list[dict], index) -> list[str]:
    """Gold-set entries the index cannot match (unknown clause ids, evidence found in no gold clause)."""
    from assistant.text import normalize

    out = []
    for item in items:
        unknown = [g for g in item["gold_clause_ids"] if g not in index.by_id]
        if unknown:
            out.append(f"{item['id']}: gold clause ids not in the index: {', '.join(unknown)}")
        texts = [index.by_id[g].text for g in item["gold_clause_ids"] if g in index.by_id]
        for span in item["evidence"]:
            if texts and not any(normalize.contains(t, span) for t in texts):
                out.append(f"{item['id']}: evidence span not in any gold clause: «{span[:80]}»")
        for fact in item["premise_correction"]:
            if texts and not any(normalize.contains(t, fact) for t in texts):
                out.append(f"{item['id']}: premise correction not in any gold clause: «{fact[:80]}»")
        if is_answerable(item) and not item["gold_clause_ids"]:
            out.append(f"{item['id']}: answerable ({item['kind']}) but no gold_clause_ids")
    return out


# ------------------------------------------------------------------------------------------------- unseen documents


def read_unseen(path: Path = DEFAULT_UNSEEN) -> list[dict]:
    """The [[document]] entries of unseen.toml: file (relative to the toml), expect_id, overrides, split (test:
    unseen, no rule tuned on it; dev: added for tuning)."""
    if not path.exists():
        return []
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("document", [])
    return [
        {
            "path": path.parent / e["file"],
            "expect_id": e.get("expect_id", ""),
            "overrides": e.get("overrides", {}),
            "split": e.get("split", "test"),
        }
        for e in entries
    ]


def add_unseen(
    assistant, path: Path = DEFAULT_UNSEEN, splits: tuple[str, ...] = ("test", "dev")
) -> list[dict]:
    """Add each unseen document of the given splits through `Assistant.add_document`, as an administrator would,
    unless the data dir already holds the same text (an older version under the expected id is removed and the
    file added again)."""
    added = []
    for entry in read_unseen(path):
        if entry["split"] not in splits:
            continue
        text = " ".join(entry["path"].read_text(encoding="utf-8").split())
        docs = assistant.index.docs
        held = next((d for d in docs.values() if " ".join(d.text.split()) == text), None)
        status = "present"
        if held is None:
            if entry["expect_id"] in docs:
                assistant.remove_document(entry["expect_id"])
            held = assistant.add_document(entry["path"], dict(entry["overrides"]))
            status = "added"
        added.append(
            {"file": entry["path"].name, "id": held.id, "expect_id": entry["expect_id"], "status": status,
             "short": held.meta.short, "overrides": dict(entry["overrides"])}
        )  # fmt: skip
    return added


# ------------------------------------------------------------------------------------------------- output


def fmt(value, kind: str = "p") -> str:
    if value is None:
        return "–"
    if kind == "d":
        return str(int(value))
    if kind == "ms":
        return f"{value:.0f}"
    if kind == "f":
        return f"{value:.3f}"
    return f"{100 * value:.1f}%"


def md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def summary_table(overall: dict, by_kind: dict[str, dict]) -> str:
    rows = [["**all**"] + [fmt(overall.get(k), f) for k, _, f in COLUMNS]]
    rows += [[kind] + [fmt(s.get(k), f) for k, _, f in COLUMNS] for kind, s in by_kind.items()]
    return md_table(["kind"] + [title for _, title, _ in COLUMNS], rows)


def retrieval_table(overall: dict, baselines: dict) -> str:
    rows = [["assistant: search (clauses, hybrid)", fmt(overall["search_hit@1"]), fmt(overall["search_hit@5"]),
             fmt(overall["search_mrr"], "f"), ""],
            ["assistant: answer's passages (search + clauses read by structure)", fmt(overall["hit@1"]),
             fmt(overall["hit@5"]), fmt(overall["mrr"], "f"), fmt(overall["chars@5"], "ms")]]  # fmt: skip
    label = {
        "langchain-chroma": "LangChain splitter 1000/200 + Chroma (same e5)",
        "bm25": "BM25 over the same chunks",
    }
    for name, s in baselines.items():
        rows.append(
            [
                label.get(name, name),
                fmt(s["hit@1"]),
                fmt(s["hit@5"]),
                fmt(s["mrr"], "f"),
                fmt(s["chars@5"], "ms"),
            ]
        )
    return md_table(["retrieval (answerable questions)", "Hit@1", "Hit@5", "MRR", "chars in top 5"], rows)


def floors_table(rows: list[dict]) -> str:
    return md_table(
        ["floor", "value", "required", "status"],
        [
            [r["metric"], fmt(r["value"]), f"{r['op']} {fmt(r['floor'])}", "PASS" if r["pass"] else "FAIL"]
            for r in rows
        ],
    )


SPLIT_ROWS: list[tuple[str, str, str]] = [  # (summary key, row title, format) of the side-by-side table
    ("n", "questions", "d"),
    ("n_unanswerable", "of which unanswerable", "d"),
    ("n_false_premise", "of which false premise", "d"),
    ("hit@1", "Hit@1", "p"),
    ("hit@5", "Hit@5", "p"),
    ("search_hit@5", "Hit@5, search alone", "p"),
    ("mrr", "MRR", "f"),
    ("citation_precision", "citation precision", "p"),
    ("citation_recall", "citation recall", "p"),
    ("key_fact_coverage", "key facts", "p"),
    ("list_recall", "list/summary recall", "p"),
    ("refusal_rate", "unanswerable refused", "p"),
    ("false_refusal_rate", "false refusals", "p"),
    ("premise_corrected", "false premises corrected", "p"),
    ("latency_p50_ms", "latency p50 ms", "ms"),
    ("latency_p95_ms", "latency p95 ms", "ms"),
]


def splits_table(splits: dict[str, dict], columns: list[str] | None = None) -> str:
    """Metrics as rows, splits as columns; the CI floor and the issue's target (on test) in the last columns."""
    names = [c for c in (columns or list(splits)) if c in splits]
    rows = []
    for key, title, f in SPLIT_ROWS:
        floor, target = FLOORS.get(key), TARGETS.get(key)
        rows.append(
            [title]
            + [fmt(splits[n].get(key), f) for n in names]
            + [
                f"{floor[0]} {fmt(floor[1])}" if floor else "",
                f"{target[0]} {fmt(target[1])}" if target else "",
            ]
        )
    return md_table(["metric", *names, f"CI floor ({FLOOR_SPLIT})", f"target ({FLOOR_SPLIT})"], rows)


def failure_groups_table(groups: list[dict]) -> str:
    if not groups:
        return "No failing question."
    rows = [
        [
            g["route"],
            g["reason"] or "",
            str(g["n"]),
            ", ".join(f"{k} {v}" for k, v in sorted(g["by_split"].items())),
            "; ".join(f"{k} {v}" for k, v in sorted(g["failures"].items(), key=lambda kv: -kv[1])),
        ]
        for g in groups
    ]
    return md_table(["route", "refusal reason", "failing", "by split", "checks failed"], rows)


def failure_section(rec: dict) -> str:
    gold = set(rec["gold_clause_ids"])
    route = rec["route"] or "–"
    if rec["refused"]:
        route += f" / {rec['reason'] or '–'}"
    lines = [
        f"### {rec['id']} ({rec['kind']}, {rec['split']}{', unseen doc' if rec['unseen'] else ''}): "
        f"{'; '.join(rec['failures'])}",
        "",
        f"**Question:** {rec['question']}",
        "",
        f"**Route:** {route}",
        "",
    ]
    if rec["answerable"]:
        lines.append(f"**Gold:** {', '.join(rec['gold_clause_ids']) or '–'}")
    lines.append(
        f"**Refused:** {'yes' if rec['refused'] else 'no'}; **cited:** {', '.join(rec['cited_ids']) or '–'}"
    )
    if rec.get("imprecise_citations"):
        lines.append(f"**Citations without evidence:** {', '.join(rec['imprecise_citations'])}")
    if rec["key_facts_missing"]:
        lines.append(f"**Missing key facts:** {'; '.join(map(str, rec['key_facts_missing']))}")
    if rec.get("premise_missing"):
        lines.append(f"**Correction missing:** {'; '.join(rec['premise_missing'])}")
    lines += ["", "Top 5 retrieved:", ""]
    for i, p in enumerate(rec["top5"], start=1):
        mark = " ✅ gold" if p["id"] in gold else ""
        lines.append(f"{i}. {p['label']} (`{p['id']}`, {p['found_by']}){mark}")
    if not rec["top5"]:
        lines.append("(nothing)")
    for name, b in rec.get("baselines", {}).items():
        lines.append(f"- baseline {name}: Hit@5 {fmt(b['hit@5'])}, top 5 {', '.join(b['top5']) or '–'}")
    lines += ["", "Answer:", "", "```text", rec["answer"].strip(), "```", ""]
    return "\n".join(lines)


def git_head() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_outputs(out: Path, result: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "latest.json", json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    meta = result["meta"]
    overall, splits, floors = result["overall"], result["splits"], result["floors"]
    records = result["questions"]
    failing = [r for r in records if r["failures"]]
    unseen = ", ".join(f"{u['short']} (`{u['id']}`, {u['status']})" for u in meta["unseen"]) or "none"
    head = (
        f"{meta['date']}, commit `{meta['commit']}`, {overall['n']} questions "
        f"({overall['n_answerable']} answerable, {overall['n_unanswerable']} unanswerable) from `{meta['questions']}`, "
        f"split {meta['split']}; answer mode: {meta['mode']}; embedder: {meta['embedder']}; "
        f"unseen documents added through Assistant.add_document: {unseen}"
    )
    parts = [
        "# Evaluation report",
        "",
        head,
        "",
        f"## CI floors ({FLOOR_SPLIT} split; `--floors` fails the run below them)",
        "",
        floors_table(floors),
        "",
        f"## Issue 9 targets ({FLOOR_SPLIT} split; the goal, not yet all met)",
        "",
        floors_table(result["targets"]),
        "",
        "## Splits side by side",
        "",
        splits_table(splits),
        "",
        "Train and dev are for fitting and tuning; the floors and the README report test, whose unseen document "
        "no rule or weight was tuned on (its questions are also shown alone).",
        "",
        f"## Per kind, {FLOOR_SPLIT} split",
        "",
        summary_table(splits.get(FLOOR_SPLIT, {}), result["by_kind_test"]) if result["by_kind_test"] else "–",
        "",
        "## Per kind, all evaluated questions",
        "",
        summary_table(overall, result["by_kind"]),
        "",
        "Cit. P is averaged over answered (not refused) answerable questions; Cit. R and key facts over all "
        "answerable ones (a false refusal scores 0). Premise fixed: false-premise questions answered (not refused) "
        "with every true fact of the correction. Latency: `timings_ms.total_ms`, warm (one warm-up question "
        "excluded).",
        "",
        "## Failures by route",
        "",
        failure_groups_table(result["failure_groups"]),
        "",
        "## Retrieval against baselines",
        "",
        retrieval_table(overall, result["baselines"]) if result["baselines"] else "(baselines not run)",
        "",
    ]
    if result["gold_problems"]:
        parts += ["## Gold-set problems", "", *[f"- {p}" for p in result["gold_problems"]], ""]
    parts += [f"## Failing questions ({len(failing)} of {overall['n']})", ""]
    parts += [failure_section(r) for r in failing] or ["None."]
    write_atomic(out / "report.md", "\n".join(parts) + "\n")

    compact = [
        f"Evaluation of {meta['date']} (commit `{meta['commit']}`), {overall['n']} gold questions, "
        f"{meta['mode']} answers; on the {FLOOR_SPLIT} split, CI floors "
        f"{'all met' if all(r['pass'] for r in floors) else 'not met: ' + ', '.join(r['metric'] for r in floors if not r['pass'])}"
        f"; issue 9 targets met: {', '.join(r['metric'] for r in result['targets'] if r['pass']) or 'none'}, "
        f"not yet: {', '.join(r['metric'] for r in result['targets'] if not r['pass']) or 'none'}:",
        "",
        splits_table(splits, ["train", FLOOR_SPLIT, "test: unseen doc"]),
        "",
        f"Per kind ({FLOOR_SPLIT} split):",
        "",
        summary_table(splits.get(FLOOR_SPLIT, {}), result["by_kind_test"]) if result["by_kind_test"] else "–",
        "",
        retrieval_table(overall, result["baselines"]) if result["baselines"] else "",
    ]
    write_atomic(out / "readme_table.md", "\n".join(compact).rstrip() + "\n")


# ------------------------------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m eval", description="Evaluate the assistant on the gold questions."
    )
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="gold set (JSONL)")
    p.add_argument("--splits", type=Path, default=DEFAULT_SPLITS, help="question id -> split (JSON)")
    p.add_argument("--split", choices=(*SPLIT_NAMES, "all"), default="all", help="which questions to ask")
    p.add_argument("--unseen", type=Path, default=DEFAULT_UNSEEN, help="unseen documents to add (TOML)")
    p.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="eval-only data dir; the index is built here"
    )
    p.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="where latest.json, report.md, readme_table.md go"
    )
    p.add_argument(
        "--floors", action="store_true", help=f"check the floors on {FLOOR_SPLIT}; exit 1 if any fails"
    )
    p.add_argument("--no-baselines", action="store_true", help="skip the LangChain/Chroma and BM25 baselines")
    p.add_argument("--limit", type=int, default=None, help="only the first N questions (of the chosen split)")
    return p.parse_args(argv)


def evaluate(
    settings: Settings,
    items: list[dict],
    baselines: bool = True,
    progress: Callable[[str], None] | None = None,
    unseen: Path = DEFAULT_UNSEEN,
) -> dict:
    """Build/open the index, add the unseen documents, ask every question in-process (models loaded once)
    and score everything."""
    from assistant.indexing import build_index
    from assistant.pipeline import Assistant

    say = progress or (lambda _msg: None)
    report = build_index(settings, progress=False)
    say(
        f"index {report.status}: {report.clause_count} clauses in {report.seconds:.1f} s ({settings.index_dir})"
    )
    assistant = Assistant(settings)
    # test is asked over the corpus it was written for (the shipped documents and the unseen one); a tuning
    # document (split = "dev") joins the index only afterwards, for the train and dev questions
    for entry in read_unseen(unseen):
        if entry["split"] != FLOOR_SPLIT and entry["expect_id"] in assistant.index.docs:
            assistant.remove_document(entry["expect_id"])
    added = add_unseen(assistant, unseen, splits=(FLOOR_SPLIT,))
    first = [i for i, item in enumerate(items) if item.get("split") == FLOOR_SPLIT]
    rest = [i for i, item in enumerate(items) if item.get("split") != FLOOR_SPLIT]
    scored: dict[int, dict] = {}
    for batch, new in ((first, list(added)), (rest, [])):
        if batch is rest and rest:
            new = add_unseen(assistant, unseen, splits=("train", "dev"))
            added += new
        for u in new:
            say(f"unseen document {u['file']}: {u['status']} as {u['id']} ({u['short']})")
        if batch:
            assistant.ask(items[batch[0]]["question"])  # warm-up: model load and caches; not measured
            assistant.settle()  # and the background work (sentence vectors of a fresh index): warm timings
        for i in batch:
            scored[i] = score_question(items[i], assistant.ask(items[i]["question"]).to_json())
            fails = scored[i]["failures"]
            say(
                f"[{len(scored)}/{len(items)}] {items[i]['id']}: {'FAIL ' + ', '.join(fails) if fails else 'ok'}"
            )
    records = [scored[i] for i in range(len(items))]
    index = assistant.index
    splits = split_summaries(records)
    problems = gold_problems(items, index)
    problems += [
        f"unseen document {u['file']} was added as `{u['id']}`, the gold set expects `{u['expect_id']}`"
        for u in added
        if u["expect_id"] and u["id"] != u["expect_id"]
    ]
    result = {
        "meta": {
            "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "commit": git_head(),
            "questions": "",
            "split": "all",
            "embedder": index.manifest.get("embedder", settings.embedder),
            "mode": "llm" if settings.llm_enabled else "extractive",
            "unseen": added,
            "index": {
                "status": report.status,
                "clauses": len(index.clauses),
                "seconds": round(report.seconds, 2),
                "data_dir": str(settings.data_dir),
            },  # fmt: skip
        },
        "floors_defined": {k: {"op": op, "value": v} for k, (op, v) in FLOORS.items()},
        "targets_defined": {k: {"op": op, "value": v} for k, (op, v) in TARGETS.items()},
        "floor_split": FLOOR_SPLIT,
        "overall": splits["all"],
        "splits": splits,
        "by_kind": by_kind(records),
        "by_kind_test": by_kind([r for r in records if r["split"] == FLOOR_SPLIT]),
        "floors": check_floors(splits.get(FLOOR_SPLIT, {})),
        "targets": check_floors(splits.get(FLOOR_SPLIT, {}), TARGETS),
        "failure_groups": failure_groups(records),
        "baselines": {},
        "gold_problems": problems,
        "questions": records,
    }
    if baselines:
        say("baselines: splitting, embedding chunks, indexing")
        result["baselines"] = run_baselines(records, items, index, settings.embedder, settings.top_k)
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.questions.exists():
        print(f"Gold set not found: {args.questions}", file=sys.stderr)
        return 2
    items = load_split(args.split, args.questions, args.splits)
    items = items[: args.limit] if args.limit else items
    settings = Settings.from_env(data_dir=args.data_dir)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    result = evaluate(settings, items, baselines=not args.no_baselines, progress=say, unseen=args.unseen)
    result["meta"]["questions"] = str(args.questions)
    result["meta"]["split"] = args.split
    write_outputs(args.out, result)
    print(splits_table(result["splits"]))
    print()
    print(summary_table(result["overall"], result["by_kind"]))
    if result["baselines"]:
        print()
        print(retrieval_table(result["overall"], result["baselines"]))
    failing = sum(bool(r["failures"]) for r in result["questions"])
    print(
        f"\n{failing} of {len(result['questions'])} questions fail a check; details in {args.out / 'report.md'}"
    )
    if args.floors:
        print(f"\nFloors on the {FLOOR_SPLIT} split:")
        if FLOOR_SPLIT not in result["splits"]:
            print(f"(no {FLOOR_SPLIT} question was asked: run with --split {FLOOR_SPLIT} or --split all)")
        for r in result["floors"]:
            status = "PASS" if r["pass"] else "FAIL"
            print(f"{status} {r['metric']}: {fmt(r['value'])} (required {r['op']} {fmt(r['floor'])})")
        return 0 if all(r["pass"] for r in result["floors"]) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
