"""One document's share of the index, on disk: its text, clauses, vectors and term counts.

A segment is named by the document id and a hash of its content, parser and embedder, written aside and
renamed into place, and never changed afterwards: snapshots list segments, and a reader that loaded one
can keep it for as long as any snapshot names it.

  segments/<doc_id>.<hash>/  doc.json  clauses.jsonl  vectors.npy  lexical.npz
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .clauses import parse_clauses
from .embedding import Embedder
from .lexical import Counts, clause_tokens
from .schema import Clause, DocMeta, SourceDoc
from .text import normalize
from .vectors import VectorCache, vector_key

PARSER_VERSION = "17"  # 17: a title line left hanging ("… ngày 31/12/2024 của") goes on in the next one, capitalised or not; 16: a "+" item is read under the "-" item leading in to it ("- Đến năm 2027:"); 15: a paragraph between two points goes on with the point before it, not the closing part; 14: a list restarting at "1." under a numbered heading is that heading's ("2. Khẩu hiệu" / "1. …"); 13: a line ending with a verb waiting for its object ("… làm" / "Tổ trưởng; …") goes on; "Đề cương" is a kind of document; 12: articles written "Điều 9." after a full stop; a closing formula only after the last point; a resolution's enacting council and session; a title's last line of years; 11: a table row carries its header row as its last heading; 10: a lone page number dropped, a point ending with a comma not read as a heading; 9: Roman headings written "II-" as Party texts do; 8: matching keys write y for a lone i (kí/ký, tỉ/tỷ); 7: attached documents, footer columns, table rows; 6: two-column headers, capitalised subject lines, wrap width; 5: matching keys no longer move the tone of "luật", "hoặc"
EMBED_BATCH = 32

Progress = Callable[[int, int], None]  # (clauses embedded, clauses to embed)


def passage_text(clause: Clause, meta: DocMeta) -> str:
    """What is embedded and matched: the clause with its document and heading context."""
    parts = [meta.short, meta.title if clause.kind == "header" else "", clause.heading, clause.text]
    return ". ".join(p.strip() for p in parts if p and p.strip())


def doc_hash(doc: SourceDoc) -> str:
    payload = json.dumps(
        [doc.meta.to_dict(), doc.text, list(doc.page_starts), PARSER_VERSION], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def segment_name(doc: SourceDoc, embedder_name: str) -> str:
    digest = hashlib.sha256(f"{doc_hash(doc)}\n{embedder_name}".encode()).hexdigest()[:16]
    return f"{doc.id}.{digest}"


def doc_from_dict(d: dict) -> SourceDoc:
    meta = DocMeta(**{**d["meta"], "implements": tuple(d["meta"].get("implements", ()))})
    return SourceDoc(meta, d["text"], tuple(d.get("page_starts", ())))


def _syllable_df(clauses: list[Clause]) -> Counts:
    """Per clause, the set of its syllables accented and folded: what the coverage weights count."""
    sets = []
    for c in clauses:
        accented = normalize.syllables(normalize.key(c.text))
        sets.append(sorted(set(accented) | {normalize.fold(x) for x in accented}))
    return Counts.of(sets)


def make_segment(
    folder: Path,
    doc: SourceDoc,
    embedder: Embedder,
    cache: VectorCache,
    progress: Progress | None = None,
    max_clauses: int = 0,
) -> str:
    """Parse, embed (only vectors the cache lacks) and write one document's segment; returns its name."""
    name = segment_name(doc, embedder.name)
    target = folder / name
    if (target / "lexical.npz").exists():
        return name
    clauses = parse_clauses(doc)
    if max_clauses and len(clauses) > max_clauses:
        raise TooLarge(len(clauses), max_clauses)
    texts = [passage_text(c, doc.meta) for c in clauses]
    keys = [vector_key(embedder.name, t) for t in texts]
    have = cache.get(keys)
    todo = [i for i, k in enumerate(keys) if k not in have]
    for start in range(0, len(todo), EMBED_BATCH):
        chunk = todo[start : start + EMBED_BATCH]
        vecs = embedder.embed_passages([texts[i] for i in chunk])
        cache.put([keys[i] for i in chunk], vecs)
        have.update(zip((keys[i] for i in chunk), vecs))
        if progress:
            progress(min(len(todo), start + EMBED_BATCH), len(todo))
    cache.flush()
    dim = next(iter(have.values())).shape[0] if have else 384
    vectors = np.stack([have[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, dim), np.float32)

    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".tmp-{name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        record = {"meta": doc.meta.to_dict(), "text": doc.text, "page_starts": list(doc.page_starts)}
        record["doc_hash"] = doc_hash(doc)
        (tmp / "doc.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        with open(tmp / "clauses.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in clauses)
        np.save(tmp / "vectors.npy", vectors)
        arrays = {
            **Counts.of(clause_tokens(texts, folded=False)).arrays("a_"),
            **Counts.of(clause_tokens(texts, folded=True)).arrays("f_"),
            **_syllable_df(clauses).arrays("s_"),
        }
        np.savez(tmp / "lexical.npz", **arrays)  # last file: its presence marks a complete segment
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return name


class TooLarge(Exception):
    def __init__(self, clauses: int, limit: int) -> None:
        super().__init__(f"{clauses} clauses > {limit}")
        self.clauses = clauses
        self.limit = limit


@dataclass
class Segment:
    """A segment read back for querying. Its term counts are read on first use (a snapshot opened from its
    pack never needs them) and its vectors memory-mapped."""

    name: str
    folder: Path
    doc: SourceDoc
    clauses: list[Clause]
    _counts: dict[str, Counts] | None = field(default=None, repr=False)
    _vectors: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Segment:
        record = json.loads((folder / "doc.json").read_text(encoding="utf-8"))
        with open(folder / "clauses.jsonl", encoding="utf-8") as fh:
            clauses = [Clause.from_dict(json.loads(line)) for line in fh if line.strip()]
        return cls(folder.name, folder, doc_from_dict(record), clauses)

    def _count(self, prefix: str) -> Counts:
        if self._counts is None:
            with np.load(self.folder / "lexical.npz") as z:
                arrays = {k: z[k] for k in z.files}
            n = len(self.clauses)
            self._counts = {p: Counts.from_arrays(arrays, p, n) for p in ("a_", "f_", "s_")}
        return self._counts[prefix]

    @property
    def accented(self) -> Counts:
        return self._count("a_")

    @property
    def folded(self) -> Counts:
        return self._count("f_")

    @property
    def syllables(self) -> Counts:
        return self._count("s_")

    @property
    def vectors(self) -> np.ndarray:
        if self._vectors is None:
            self._vectors = np.load(self.folder / "vectors.npy", mmap_mode="r")
        return self._vectors
