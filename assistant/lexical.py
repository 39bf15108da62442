"""BM25 (Lucene variant, as bm25s scores it) kept as raw term counts, so documents can come and go.

Each document's clauses are counted once, when the document is added, into a small sparse matrix over its
own vocabulary (`Counts`). A snapshot's index is those matrices stacked (`LexicalIndex.merge`): no text is
re-tokenised, and the BM25 weights are computed at query time from the term's postings only, so adding a
document never rewrites anyone else's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from .text import normalize

K1 = 1.5
B = 0.75


@dataclass(frozen=True)
class Counts:
    """Term counts of some clauses: row i is clause i; columns index `vocab`."""

    vocab: np.ndarray  # str array
    matrix: sparse.csr_matrix  # int32 counts, shape (clauses, len(vocab))

    @classmethod
    def of(cls, token_lists: list[list[str]]) -> Counts:
        ids: dict[str, int] = {}
        indptr, indices, data = [0], [], []
        for toks in token_lists:
            row: dict[int, int] = {}
            for t in toks:
                j = ids.setdefault(t, len(ids))
                row[j] = row.get(j, 0) + 1
            indices.extend(row)
            data.extend(row.values())
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (np.asarray(data, np.int32), np.asarray(indices, np.int32), np.asarray(indptr, np.int64)),
            shape=(len(token_lists), len(ids)),
        )
        return cls(np.array(list(ids), dtype=str), matrix)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        m = self.matrix
        return {
            f"{prefix}vocab": self.vocab,
            f"{prefix}indptr": m.indptr,
            f"{prefix}indices": m.indices,
            f"{prefix}data": m.data,
        }

    @classmethod
    def from_arrays(cls, arrays, prefix: str, rows: int) -> Counts:
        vocab = arrays[f"{prefix}vocab"]
        matrix = sparse.csr_matrix(
            (arrays[f"{prefix}data"], arrays[f"{prefix}indices"], arrays[f"{prefix}indptr"]),
            shape=(rows, len(vocab)),
        )
        return cls(vocab, matrix)


class LexicalIndex:
    """Several `Counts` stacked in order; `search` scores only the postings of the query's terms."""

    def __init__(self, vocab: dict[str, int], matrix: sparse.csc_matrix) -> None:
        self.vocab = vocab
        self.matrix = matrix  # csc: a term's postings are one contiguous slice
        self.lengths = np.asarray(matrix.sum(axis=1)).ravel().astype(np.float64)
        self.n = matrix.shape[0]
        self.avg = float(self.lengths.mean()) if self.n else 1.0
        self.df = np.diff(matrix.indptr)

    @classmethod
    def merge(cls, parts: list[Counts]) -> LexicalIndex:
        vocab: dict[str, int] = {}
        return cls(vocab, _stack(vocab, parts).tocsc())

    def extended(self, parts: list[Counts]) -> LexicalIndex:
        """This index with more documents' rows after its own (an add): only their vocabulary is mapped, so
        the cost grows with what was added, not with the corpus."""
        vocab = dict(self.vocab)
        new = _stack(vocab, parts)
        m = self.matrix  # csc: new terms are empty columns at the end
        extra = np.full(len(vocab) - m.shape[1], m.indptr[-1], dtype=m.indptr.dtype)
        old = sparse.csc_matrix(
            (m.data, m.indices, np.concatenate([m.indptr, extra])), shape=(m.shape[0], len(vocab))
        )
        return LexicalIndex(vocab, sparse.vstack([old, new], format="csc"))

    def rows(self, keep: np.ndarray) -> LexicalIndex:
        """This index with only the `keep` rows (a removal); terms left without a posting stay, unused."""
        return LexicalIndex(self.vocab, self.matrix[keep])

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The merged matrix as arrays, for a snapshot's pack (pack.py)."""
        m = self.matrix
        vocab = np.array(list(self.vocab), dtype=str) if self.vocab else np.zeros(0, dtype="<U1")
        return {
            f"{prefix}vocab": vocab,
            f"{prefix}data": m.data,
            f"{prefix}indices": m.indices,
            f"{prefix}indptr": m.indptr,
            f"{prefix}shape": np.asarray(m.shape, np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> LexicalIndex:
        vocab = arrays[f"{prefix}vocab"].tolist()
        shape = tuple(int(x) for x in arrays[f"{prefix}shape"])
        matrix = sparse.csc_matrix(
            (arrays[f"{prefix}data"], arrays[f"{prefix}indices"], arrays[f"{prefix}indptr"]), shape=shape
        )
        return cls(dict(zip(vocab, range(len(vocab)))), matrix)

    @cached_property
    def idf(self) -> np.ndarray:
        return np.log(1.0 + (self.n - self.df + 0.5) / (self.df + 0.5))

    def scores(self, query_tokens: list[str]) -> np.ndarray | None:
        """BM25 of every clause for the tokens (repeats count again); None when no token is known."""
        cols = [self.vocab[t] for t in query_tokens if t in self.vocab]
        if not cols or not self.n:
            return None
        out = np.zeros(self.n, np.float64)
        m = self.matrix
        norm = K1 * (1.0 - B + B * self.lengths / self.avg)
        for j in cols:
            lo, hi = m.indptr[j], m.indptr[j + 1]
            rows = m.indices[lo:hi]
            tf = m.data[lo:hi].astype(np.float64)
            out[rows] += self.idf[j] * tf / (tf + norm[rows])
        return out


def _stack(vocab: dict[str, int], parts: list[Counts]) -> sparse.csr_matrix:
    """The parts' rows one after another, their terms mapped into `vocab` (which grows)."""
    blocks = []
    for part in parts:
        mapping = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for t in part.vocab.tolist()), np.int64, len(part.vocab)
        )
        m = part.matrix
        blocks.append((m.data, mapping[m.indices] if len(m.indices) else m.indices, m.indptr, m.shape[0]))
    rows = sum(b[3] for b in blocks)
    data = np.concatenate([b[0] for b in blocks]) if blocks else np.zeros(0, np.int32)
    indices = np.concatenate([b[1] for b in blocks]).astype(np.int64) if blocks else np.zeros(0, np.int64)
    indptr = [np.zeros(1, np.int64)]
    offset = 0
    for b in blocks:
        indptr.append(b[2][1:].astype(np.int64) + offset)
        offset += int(b[2][-1])
    return sparse.csr_matrix((data, indices, np.concatenate(indptr)), shape=(rows, len(vocab)))


def clause_tokens(texts: list[str], folded: bool) -> list[list[str]]:
    """What the lexical side matches on: syllables and bigrams of each passage text."""
    return [normalize.tokens(t, folded=folded) for t in texts]


def top_k(scores: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The k best positive rows, best first, optionally among `rows` only (a document filter)."""
    if rows is not None:
        sub = scores[rows]
    else:
        sub, rows = scores, None
    k = min(k, len(sub))
    if k <= 0:
        return []
    best = np.argpartition(-sub, k - 1)[:k]
    best = best[np.argsort(-sub[best], kind="stable")]
    picked = best if rows is None else rows[best]
    return [(int(i), float(scores[i])) for i in picked if scores[i] > 0]
