"""Benchmark of extractive answering: warm latency p50/p95 over the gold questions, first answer after
process start, and peak memory.

Both measurements run in fresh subprocesses (`--child`) on an index built beforehand, LLM off. Reports,
never asserts: `python -m eval.bench_query` prints a table and writes eval/results/bench_query.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

_T0 = time.perf_counter()  # before the project's imports: "first answer" is measured from here

from assistant.config import PROJECT_ROOT  # noqa: E402

DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "eval-index"
DEFAULT_OUT = PROJECT_ROOT / "eval" / "results"
TARGETS = {"warm_p95_ms": 300.0, "first_answer_s": 10.0}


def max_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def percentile(values: list[float], p: float) -> float | None:
    from eval.metrics import percentile as pct

    return pct(values, p)


def read_questions(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["question"] for line in fh if line.strip()]


def child_first(data_dir: str, question: str) -> dict:
    """Fresh process: import, open the index, load models, answer one question."""
    from assistant.config import Settings
    from assistant.pipeline import Assistant

    assistant = Assistant(Settings.from_env(data_dir=Path(data_dir), llm_base_url=""))
    answer = assistant.ask(question)
    return {
        "first_answer_s": time.perf_counter() - _T0,
        "refused": answer.refused,
        "max_rss_mb": max_rss_mb(),
    }


def child_warm(data_dir: str, questions_path: str) -> dict:
    """One warm-up question, then every gold question timed; then a traced pass for Python allocations."""
    import tracemalloc

    from assistant.config import Settings
    from assistant.pipeline import Assistant

    questions = read_questions(Path(questions_path))
    assistant = Assistant(Settings.from_env(data_dir=Path(data_dir), llm_base_url=""))
    assistant.ask(questions[0])
    walls, totals = [], []
    for q in questions:
        t = time.perf_counter()
        answer = assistant.ask(q)
        walls.append((time.perf_counter() - t) * 1000)
        totals.append(answer.timings_ms.get("total_ms", 0.0))
    rss = max_rss_mb()
    tracemalloc.start()
    for q in questions:
        assistant.ask(q)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "n": len(questions),
        "wall_ms": walls,
        "total_ms": totals,
        "max_rss_mb": rss,
        "tracemalloc_peak_mb": peak,
    }


def spawn(*args: str) -> dict:
    cmd = [sys.executable, "-m", "eval.bench_query", "--child", *args]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = wall
    return result


def run(questions: Path, data_dir: Path, out_dir: Path) -> dict:
    from assistant.config import Settings
    from assistant.indexing import build_index

    build_index(Settings.from_env(data_dir=data_dir))  # the index is "already built" for both children
    first_q = read_questions(questions)[0]
    first = spawn("first", str(data_dir), first_q)
    warm = spawn("warm", str(data_dir), str(questions))
    walls = warm["wall_ms"]
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpu_count": os.cpu_count(),
        "questions": str(questions),
        "n": warm["n"],
        "warm_p50_ms": percentile(walls, 50),
        "warm_p95_ms": percentile(walls, 95),
        "warm_max_ms": max(walls) if walls else None,
        "warm_total_ms_p50": percentile(warm["total_ms"], 50),  # the pipeline's own timings_ms.total_ms
        "warm_total_ms_p95": percentile(warm["total_ms"], 95),
        "first_answer_s": first["first_answer_s"],  # from import to first answer, in the child
        "first_answer_process_wall_s": first["process_wall_s"],  # plus interpreter start
        "first_answer_max_rss_mb": first["max_rss_mb"],
        "warm_max_rss_mb": warm["max_rss_mb"],
        "warm_tracemalloc_peak_mb": warm["tracemalloc_peak_mb"],
        "targets": TARGETS,
    }
    result["meets"] = {k: result[k] is not None and result[k] < v for k, v in TARGETS.items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench_query.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def table(r: dict) -> str:
    def ok(name: str) -> str:
        return "meets" if r["meets"][name] else "MISSES"

    rows = [
        ("warm latency p50 (ask, wall)", f"{r['warm_p50_ms']:.0f} ms", "", ""),
        ("warm latency p95 (ask, wall)", f"{r['warm_p95_ms']:.0f} ms", f"< {TARGETS['warm_p95_ms']:.0f} ms", ok("warm_p95_ms")),
        ("warm latency max", f"{r['warm_max_ms']:.0f} ms", "", ""),
        ("first answer: import to answer", f"{r['first_answer_s']:.2f} s", f"< {TARGETS['first_answer_s']:.0f} s", ok("first_answer_s")),
        ("first answer: process wall", f"{r['first_answer_process_wall_s']:.2f} s", "", ""),
        ("peak RSS, first answer", f"{r['first_answer_max_rss_mb']:.0f} MiB", "", ""),
        ("peak RSS, warm run", f"{r['warm_max_rss_mb']:.0f} MiB", "", ""),
        ("peak Python allocations while asking (tracemalloc)", f"{r['warm_tracemalloc_peak_mb']:.1f} MiB", "", ""),
    ]  # fmt: skip
    lines = [f"Extractive answering over {r['n']} questions, {r['cpu_count']} CPUs", "",
             "| measure | value | target | |", "|---|---|---|---|"]  # fmt: skip
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.bench_query", description="Benchmark query latency.")
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        mode, data_dir, arg = args.child
        result = child_first(data_dir, arg) if mode == "first" else child_warm(data_dir, arg)
        print(json.dumps(result))
        return 0
    if not args.questions.exists():
        print(f"Gold set not found: {args.questions}", file=sys.stderr)
        return 2
    result = run(args.questions, args.data_dir, args.out)
    print(table(result))
    print(f"\nwritten: {args.out / 'bench_query.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
