"""A snapshot's pack: what opening it derives from its segments, stored whole so that a restart is quick.

Opening a snapshot of 1,000 documents reads 1,000 segment folders, merges their term counts and folds every
clause for the names catalog: seconds of work whose result depends on the snapshot only. The first process
that opens a snapshot writes that result here, aside and renamed into place; the next start reads three
files. A pack is a cache: it is checked against the snapshot's segment list and ignored (and rebuilt) when
it does not match, is damaged or was written by another format.

  index/packs/<snapshot>.<hash>/  pack.json (documents, clauses)  arrays.npz (lexical indexes, catalog words)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .lexical import LexicalIndex
from .names import CorpusWords
from .schema import Clause
from .segments import PARSER_VERSION, Segment, doc_from_dict

log = logging.getLogger(__name__)

PACKS = "packs"
FORMAT = "1"
_INDEXES = {"a_": "accented", "f_": "folded", "s_": "syllables"}


@dataclass(frozen=True)
class Pack:
    segments: list[Segment]  # term counts not read: they come merged
    accented: LexicalIndex
    folded: LexicalIndex
    syllables: LexicalIndex
    words: CorpusWords


def _signature(manifest: dict) -> str:
    names = "\n".join(e["segment"] for e in manifest["segments"])
    return hashlib.sha256(f"{FORMAT}\n{PARSER_VERSION}\n{names}".encode()).hexdigest()


def folder(index_dir: Path, manifest: dict) -> Path:
    """Named by the snapshot and a hash of its segment list, format and parser: a pack written for anything
    else is simply not found (and collected with its snapshot)."""
    return index_dir / PACKS / f"{manifest['name']}.{_signature(manifest)[:16]}"


def read(index_dir: Path, manifest: dict) -> Pack | None:
    """The snapshot's pack, or None when there is none that matches it."""
    where = folder(index_dir, manifest)
    if not (where / "arrays.npz").exists():
        return None
    try:
        record = json.loads((where / "pack.json").read_text(encoding="utf-8"))
        if record.get("signature") != _signature(manifest):
            raise ValueError("signature")
        segments_dir = index_dir / "segments"
        segments = [
            Segment(s["name"], segments_dir / s["name"], doc_from_dict(s["doc"]),
                    [Clause.from_dict(c) for c in s["clauses"]])
            for s in record["segments"]
        ]  # fmt: skip
        with np.load(where / "arrays.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        lexical = {name: LexicalIndex.from_arrays(arrays, prefix) for prefix, name in _INDEXES.items()}
        return Pack(segments, words=CorpusWords.from_arrays(arrays), **lexical)
    except Exception:  # a cache: whatever is wrong with it, the segments are read instead
        log.warning("the pack of %s is unreadable; opening its segments", manifest["name"], exc_info=True)
        shutil.rmtree(where, ignore_errors=True)
        return None


def write(index_dir: Path, manifest: dict, pack: Pack) -> bool:
    """Store the pack of a snapshot just opened (False when one is there already or it could not be written:
    a pack is never needed, so a full disk only costs the next start its speed)."""
    target = folder(index_dir, manifest)
    if (target / "arrays.npz").exists():
        return False
    tmp = target.with_name(f".tmp-{target.name}-{uuid.uuid4().hex}")  # two writers never share one
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        record = {
            "signature": _signature(manifest),
            "segments": [
                {"name": s.name, "doc": _doc_record(s), "clauses": [c.to_dict() for c in s.clauses]}
                for s in pack.segments
            ],
        }
        (tmp / "pack.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        arrays = {**pack.words.arrays()}
        for prefix, name in _INDEXES.items():
            arrays.update(getattr(pack, name).arrays(prefix))
        np.savez(tmp / "arrays.npz", **arrays)  # last: its presence marks a complete pack
        os.replace(tmp, target)
        return True
    except OSError:
        log.warning("could not write the pack of %s", manifest["name"], exc_info=True)
        shutil.rmtree(tmp, ignore_errors=True)
        return False


def _doc_record(segment: Segment) -> dict:
    doc = segment.doc
    return {"meta": doc.meta.to_dict(), "text": doc.text, "page_starts": list(doc.page_starts)}


def collect(index_dir: Path, keep: set[str]) -> None:
    """Drop the packs of snapshots no longer kept, and what a killed writer left."""
    for p in (index_dir / PACKS).glob("*"):
        if p.name.split(".")[0] not in keep:
            shutil.rmtree(p, ignore_errors=True)
