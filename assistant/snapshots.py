"""Snapshots: which segments make up the knowledge base, published by replacing one small pointer file.

  index/CURRENT                   "snap-000042": the snapshot questions read (os.replace: atomic)
  index/snapshots/snap-000042.json  its manifest: the segments in order, counts, embedder, parser
  index/segments/<doc>.<hash>/    immutable per-document data (segments.py)

A job writes its segments and a new manifest aside; replacing CURRENT is its commit. A crash before that
leaves the previous snapshot serving; what the crash left behind is collected by `collect_garbage`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

from . import pack
from .segments import PARSER_VERSION

POINTER = "CURRENT"
SNAPSHOTS = "snapshots"
SEGMENTS = "segments"
KEEP = 2  # snapshots kept: the current one and the one before it, which a slow reader may still hold
_SNAP = re.compile(r"snap-(\d+)\.json")


def fsync_write(path: Path, text: str) -> None:
    """Write a small file whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def current_name(index_dir: Path) -> str | None:
    try:
        name = (index_dir / POINTER).read_text().strip()
    except OSError:
        return None
    return (
        name
        if _SNAP.fullmatch(f"{name}.json") and (index_dir / SNAPSHOTS / f"{name}.json").exists()
        else None
    )


def read_snapshot(index_dir: Path, name: str) -> dict:
    return json.loads((index_dir / SNAPSHOTS / f"{name}.json").read_text(encoding="utf-8"))


def read_current(index_dir: Path) -> dict | None:
    name = current_name(index_dir)
    return read_snapshot(index_dir, name) if name else None


def new_manifest(
    index_dir: Path, entries: list[dict], embedder_spec: str, embedder_name: str, job: str
) -> dict:
    """A manifest for `entries` ({"doc", "segment", "clauses", "hash"}, in order) with the next number."""
    seqs = [
        int(m.group(1)) for p in (index_dir / SNAPSHOTS).glob("snap-*.json") if (m := _SNAP.fullmatch(p.name))
    ]
    seq = max(seqs, default=0) + 1
    return {
        "name": f"snap-{seq:06d}",
        "segments": entries,
        "documents": {e["doc"]: e["hash"] for e in entries},
        "doc_clause_counts": {e["doc"]: e["clauses"] for e in entries},
        "clause_count": sum(e["clauses"] for e in entries),
        "embedder_spec": embedder_spec,
        "embedder": embedder_name,
        "parser_version": PARSER_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "job": job,
    }


def write_manifest(index_dir: Path, manifest: dict) -> None:
    path = index_dir / SNAPSHOTS / f"{manifest['name']}.json"
    fsync_write(path, json.dumps(manifest, ensure_ascii=False, indent=1))


def publish(index_dir: Path, name: str) -> None:
    """The commit point of every job."""
    fsync_write(index_dir / POINTER, name)


def _segments_of(index_dir: Path, names: list[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        try:
            out |= {e["segment"] for e in read_snapshot(index_dir, name)["segments"]}
        except (OSError, ValueError, KeyError):
            continue
    return out


def collect_garbage(index_dir: Path, delete_vectors) -> list[str]:
    """Drop what no published snapshot needs: manifests past the current one (plans of dead jobs) or older
    than KEEP, vectors of every segment the current snapshot does not name, and folders of segments
    neither of the KEEP latest snapshots names (a reader that still holds the previous one can finish).

    `delete_vectors(segment)` removes a segment's vector-store entries; it runs before the folder goes, so
    store entries never outlive their folder. Callers hold the indexing lock.
    """
    cur = current_name(index_dir)
    names = sorted(p.stem for p in (index_dir / SNAPSHOTS).glob("snap-*.json"))
    published = [n for n in names if cur and n <= cur]
    for n in names:
        if n not in published[-KEEP:]:
            (index_dir / SNAPSHOTS / f"{n}.json").unlink(missing_ok=True)
    pack.collect(index_dir, set(published[-KEEP:]))
    live = _segments_of(index_dir, [cur] if cur else [])
    keep = _segments_of(index_dir, published[-KEEP:])
    removed = []
    for folder in sorted((index_dir / SEGMENTS).glob("*")):
        if folder.name.startswith(".tmp-"):
            shutil.rmtree(folder, ignore_errors=True)
        elif folder.name not in live:
            delete_vectors(folder.name)
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
    for old in index_dir.glob("build-*"):  # the index format before snapshots
        shutil.rmtree(old, ignore_errors=True)
    return removed
