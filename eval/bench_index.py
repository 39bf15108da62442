"""Benchmark of the index build over the whole knowledge base: cold, unchanged, and peak memory.

Each measurement runs in a fresh subprocess (`--child`), so model loading and memory are those a user sees
with `assistant index`. Reports, never asserts: `python -m eval.bench_index` prints a table and writes
eval/results/bench_index.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_T0 = time.perf_counter()  # before the project's imports: a child's import time starts here

from assistant.config import PROJECT_ROOT  # noqa: E402

DEFAULT_OUT = PROJECT_ROOT / "eval" / "results"
# targets from the issue, for the 2-core reference machine
TARGETS = {"cold_s": 30.0, "unchanged_s": 2.0}


def max_rss_mb() -> float:
    """Peak resident set size of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def child(data_dir: str, traced: bool) -> dict:
    """In a fresh process: import, cold build, second (unchanged) build; timings, RSS, tracemalloc peak."""
    import tracemalloc

    if traced:
        tracemalloc.start()
    from assistant.config import Settings
    from assistant.indexing import build_index

    imported = time.perf_counter()
    settings = Settings.from_env(data_dir=Path(data_dir))
    t = time.perf_counter()
    first = build_index(settings)
    first_s = time.perf_counter() - t
    t = time.perf_counter()
    second = build_index(settings)
    second_s = time.perf_counter() - t
    out = {
        "import_s": imported - _T0,
        "first": {
            "status": first.status,
            "seconds": first_s,
            "embedded": first.embedded,
            "clauses": first.clause_count,
        },
        "second": {"status": second.status, "seconds": second_s, "embedded": second.embedded},
        "max_rss_mb": max_rss_mb(),
    }
    if traced:
        out["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return out


def spawn(data_dir: Path, traced: bool = False) -> dict:
    cmd = [sys.executable, "-m", "eval.bench_index", "--child", str(data_dir)] + (
        ["--traced"] if traced else []
    )
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = wall
    return result


def run(out_dir: Path, tracemalloc_pass: bool = True) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="troly-bench-index-"))
    try:
        cold = spawn(tmp / "a")  # empty data dir: parse, embed everything, write
        again = spawn(tmp / "a")  # a new process on the same dir: nothing changed
        traced = spawn(tmp / "b", traced=True) if tracemalloc_pass else None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpu_count": os.cpu_count(),
        "clauses": cold["first"]["clauses"],
        "embedded_cold": cold["first"]["embedded"],
        "import_s": cold["import_s"],
        "cold_build_s": cold["first"]["seconds"],
        "cold_s": cold["import_s"] + cold["first"]["seconds"],  # import + build, in the process
        "cold_process_wall_s": cold["process_wall_s"],  # plus interpreter start, as `assistant index`
        "cold_status": cold["first"]["status"],
        "unchanged_s": cold["second"]["seconds"],  # second call in the same process
        "unchanged_status": cold["second"]["status"],
        "unchanged_new_process_s": again["first"]["seconds"],
        "unchanged_new_process_status": again["first"]["status"],
        "unchanged_new_process_wall_s": again["process_wall_s"],
        "max_rss_mb": cold["max_rss_mb"],
        "tracemalloc_peak_mb": traced["tracemalloc_peak_mb"] if traced else None,
        "traced_cold_build_s": traced["first"]["seconds"] if traced else None,
        "targets": TARGETS,
    }
    result["meets"] = {k: result[k] < v for k, v in TARGETS.items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench_index.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def table(r: dict) -> str:
    def ok(name: str) -> str:
        return "meets" if r["meets"][name] else "MISSES"

    rows = [
        ("cold: import + build (embeds all)", f"{r['cold_s']:.2f} s", f"< {TARGETS['cold_s']:.0f} s", ok("cold_s")),
        ("  of which build_index", f"{r['cold_build_s']:.2f} s", "", ""),
        ("  process wall (interpreter start too)", f"{r['cold_process_wall_s']:.2f} s", "", ""),
        ("unchanged: second call", f"{r['unchanged_s']:.3f} s", f"< {TARGETS['unchanged_s']:.0f} s", ok("unchanged_s")),
        ("unchanged: new process, build_index", f"{r['unchanged_new_process_s']:.3f} s", "", ""),
        ("unchanged: new process wall", f"{r['unchanged_new_process_wall_s']:.2f} s", "", ""),
        ("peak RSS (ru_maxrss)", f"{r['max_rss_mb']:.0f} MiB", "", ""),
        ("peak Python allocations (tracemalloc)",
         "–" if r["tracemalloc_peak_mb"] is None else f"{r['tracemalloc_peak_mb']:.0f} MiB", "", ""),
    ]  # fmt: skip
    lines = [f"Index build: {r['clauses']} clauses, {r['embedded_cold']} embedded cold, {r['cpu_count']} CPUs", "",
             "| measure | value | target | |", "|---|---|---|---|"]  # fmt: skip
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.bench_index", description="Benchmark the index build.")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the extra traced build (saves one cold build)"
    )
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.traced)))
        return 0
    result = run(args.out, tracemalloc_pass=not args.no_tracemalloc)
    print(table(result))
    print(f"\nwritten: {args.out / 'bench_index.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
