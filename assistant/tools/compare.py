"""Which point of the Directive (or group of Decision 1703) each local plan carries out, and where it goes further.

Deterministic: lexical overlap of content syllable pairs (weighted so the vocabulary every point shares counts
for nothing), dense similarity from the index's own embedder, and the local plan's numbering where it mirrors the
reference (the commune plan's II.1–II.6, Long An's "Một là … Sáu là"). Everything shown is quoted verbatim.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..schema import Clause
from ..text import normalize
from ..text.sentences import split_sentences

STATUS_FOUND = "có"
STATUS_GAP = "chưa thấy nội dung tương ứng"
STATUS_FURTHER = "cụ thể hơn / vượt"
STATUS_OWN = "nội dung riêng của địa phương"
OWN_ID = "rieng"

# Weights of the score; bonuses when the numbering mirrors the reference or the section titles coincide.
LEX_WEIGHT = 0.7
DENSE_WEIGHT = 0.3
MIRROR_BONUS = 0.5
TITLE_BONUS = 0.5
MIN_SCORE = 0.3  # below this a local clause matches no reference point

# Measures a local plan may add that a reference text may not mention; flagged when absent from the reference.
MEASURE_PHRASES = (
    "thương mại điện tử", "khảo sát chất lượng", "cơ sở dữ liệu số", "cơ sở dữ liệu", "mạng xã hội", "internet",
    "tuyên truyền miệng", "công cụ trực quan", "xã hội hóa", "thủ tục hành chính", "diễn đàn đối thoại",
    "tập huấn", "phân cấp, phân quyền", "nhãn hàng hóa", "hội nghị, hội thảo", "tọa đàm", "phản biện xã hội",
    "truy xuất nguồn gốc", "mã số mã vạch", "chuyển đổi số", "công nghệ số", "biểu dương", "xuất khẩu nhân lực",
    "danh mục các chuẩn đo lường", "liên kết chuẩn", "hỗ trợ doanh nghiệp", "sinh viên", "bảo mật thông tin",
)  # fmt: skip
_TARGET = re.compile(
    r"(?:(?:tối thiểu|ít nhất|tối đa|phấn đấu đạt|đạt)\s+)*\d+(?:[.,]\d+)?\s*%|(?:tối thiểu|ít nhất)\s+\d+"
)
_STOP = {
    normalize.key(w) for w in "và các của về cho trong với theo từ đến những được là có để một này đó".split()
}


@dataclass
class RefPoint:
    """One point of the reference: its paragraphs and items grouped."""

    ref_id: str  # "ct38/4"
    number: int
    label: str  # "Chỉ thị 38-CT/TW, mục 4"
    title: str  # heading text when the point has one ("Tổ chức thực hiện"), else ""
    summary: str  # verbatim first sentence
    clauses: list[Clause]

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.clauses)


@dataclass
class CompareRow:
    ref_id: str
    ref_label: str
    ref_summary: str
    local: list[tuple[str, str, float]] = field(default_factory=list)  # (clause_id, label, score)
    status: str = STATUS_GAP
    note: str = ""


def reference_points(assistant, reference: str = "ct38") -> list[RefPoint]:
    """ct38's points 1–7 or qd1703's groups 1–6, each with its clauses in document order."""
    doc = assistant.index.docs.get(reference)
    if doc is None:
        raise ValueError(f"Không có văn bản «{reference}» trong kho.")
    meta = doc.meta
    groups: dict[int, list[Clause]] = {}
    for c in assistant.index.clauses:
        if c.doc_id == reference and c.kind != "header" and c.path and c.path[0].isdigit():
            groups.setdefault(int(c.path[0]), []).append(c)
    suffix = f" — {meta.press_note}" if meta.press_note else ""
    points = []
    for n in sorted(groups):
        clauses = groups[n]
        head = next((c for c in clauses if c.kind == "heading"), None)
        first_body = next((c for c in clauses if c.kind == "body"), clauses[0])
        if head is not None:
            title, summary = head.text.strip(), head.text.strip()
        else:
            sents = split_sentences(first_body)
            summary = sents[0].text if sents else first_body.text
            title = ""
        points.append(
            RefPoint(f"{reference}/{n}", n, f"{meta.short}, mục {n}{suffix}", title, summary, clauses)
        )
    return points


def local_units(assistant, doc_id: str) -> list[Clause]:
    """The local plan's clauses that carry content: body clauses and headings without items under them."""
    clauses = [c for c in assistant.index.clauses if c.doc_id == doc_id and c.kind != "header"]
    out = []
    for c in clauses:
        if c.kind == "heading" and any(
            x.path[: len(c.path)] == c.path and len(x.path) > len(c.path) for x in clauses
        ):
            continue
        out.append(c)
    return out


def section_number(clause: Clause) -> int | None:
    """The number a local clause carries when its plan mirrors the reference: II.4 -> 4, "Bốn là" -> 4."""
    p = clause.path
    if len(p) >= 2 and p[0] == "II" and p[1].isdigit():
        return int(p[1])
    m = re.fullmatch(r"o(\d+)", p[0]) if p else None
    if m:
        return int(m.group(1))
    if p and p[0].isdigit():
        return int(p[0])
    return None


def content_pairs(text: str) -> set[str]:
    """Syllable pairs of the matching key, without pairs of function words."""
    out = set()
    for t in normalize.tokens(text):
        if "_" in t:
            a, b = t.split("_", 1)
            if not (a in _STOP or b in _STOP or a.isdigit() or b.isdigit()):
                out.add(t)
    return out


class Aligner:
    """Scores local clauses against reference points; one per (assistant, reference)."""

    def __init__(self, assistant, reference: str = "ct38"):
        self.assistant = assistant
        self.reference = reference
        self.points = reference_points(assistant, reference)
        self.ref_pairs = [content_pairs(p.text) for p in self.points]
        n = len(self.points)
        df: dict[str, int] = {}
        for s in self.ref_pairs:
            for t in s:
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self.idf_unseen = math.log((n + 1) / 0.5)
        self.ref_vecs = [self._embed([c.text for c in p.clauses]) for p in self.points]
        self.ref_text_key = normalize.key(assistant.index.docs[reference].text)

    def _embed(self, texts: list[str]) -> np.ndarray:
        cache: dict[str, np.ndarray] = getattr(self.assistant, "_compare_vectors", None) or {}
        self.assistant._compare_vectors = cache
        todo = [t for t in texts if t not in cache]
        if todo:
            for t, v in zip(todo, self.assistant.index.embedder.embed_passages(todo), strict=False):
                v = np.asarray(v, dtype=np.float32)
                cache[t] = v / (np.linalg.norm(v) or 1.0)
        return np.stack([cache[t] for t in texts])

    def lexical(self, clause: Clause) -> list[float]:
        pairs = content_pairs(f"{_own_heading(clause)} {clause.text}")
        total = sum(self.idf.get(t, self.idf_unseen) for t in pairs) or 1.0
        return [sum(self.idf[t] for t in pairs & rp) / total for rp in self.ref_pairs]

    def dense(self, clause: Clause) -> list[float]:
        v = self._embed([clause.text])[0]
        sims = [float(np.max(rv @ v)) for rv in self.ref_vecs]
        lo, hi = min(sims), max(sims)
        return [(s - lo) / (hi - lo) if hi > lo else 0.0 for s in sims]

    def title_bonus(self, clause: Clause) -> list[float]:
        head = normalize.folded_key(clause.heading)
        return [TITLE_BONUS if p.title and len(p.title) < 60 and normalize.folded_key(p.title) in head else 0.0
                for p in self.points]  # fmt: skip

    def scores(self, clauses: list[Clause]) -> list[list[float]]:
        """Per clause, a score per reference point, mirror bonus included when the plan mirrors it."""
        base = []
        for c in clauses:
            lex, den, tit = self.lexical(c), self.dense(c), self.title_bonus(c)
            base.append(
                [
                    LEX_WEIGHT * a + DENSE_WEIGHT * b * a**0.5 + t
                    for a, b, t in zip(lex, den, tit, strict=True)
                ]
            )
        numbered = [(i, section_number(c)) for i, c in enumerate(clauses)]
        numbered = [(i, n) for i, n in numbered if n is not None and any(p.number == n for p in self.points)]
        agree = sum(1 for i, n in numbered if self.points[int(np.argmax(base[i]))].number == n)
        if numbered and agree / len(numbered) >= 0.5:  # the plan mirrors the reference's numbering
            for i, n in numbered:
                j = next(k for k, p in enumerate(self.points) if p.number == n)
                base[i][j] += MIRROR_BONUS
        return base


def _own_heading(clause: Clause) -> str:
    """The nearest heading only (the section title), not the whole chain."""
    return clause.heading.split(" > ")[-1] if clause.heading else ""


def further_notes(clause: Clause, point: RefPoint, reference_key: str) -> list[str]:
    """What a local clause adds: numeric targets the point lacks, measures the reference never mentions."""
    notes = []
    point_key = normalize.key(point.text)
    for m in _TARGET.finditer(clause.text):
        target = m.group(0).strip()
        if normalize.key(target) not in point_key:
            notes.append(f"chỉ tiêu «{target}»")
    ckey = normalize.key(clause.text)
    found = [p for p in MEASURE_PHRASES if normalize.key(p) in ckey and normalize.key(p) not in reference_key]
    found = [
        p for p in found if not any(p != q and p in q for q in found)
    ]  # "cơ sở dữ liệu số" over "cơ sở dữ liệu"
    notes += [f"«{p}»" for p in found]
    return notes


def compare(assistant, local_doc_id: str, reference: str = "ct38") -> list[CompareRow]:
    """One row per reference point with the local clauses that carry it out, then the local plan's own content."""
    if local_doc_id not in assistant.index.docs:
        raise ValueError(f"Không có văn bản «{local_doc_id}» trong kho.")
    aligner = Aligner(assistant, reference)
    units = local_units(assistant, local_doc_id)
    table = aligner.scores(units)
    rows = [CompareRow(p.ref_id, p.label, p.summary) for p in aligner.points]
    own: list[tuple[str, str, float]] = []
    notes: dict[int, list[str]] = {}
    for c, sc in zip(units, table, strict=True):
        j = int(np.argmax(sc))
        if sc[j] < MIN_SCORE:
            own.append((c.id, c.label, round(float(sc[j]), 3)))
            continue
        rows[j].local.append((c.id, c.label, round(float(sc[j]), 3)))
        found = further_notes(c, aligner.points[j], aligner.ref_text_key)
        if found:
            notes.setdefault(j, []).append(f"{', '.join(found)} ({c.label})")
    for j, row in enumerate(rows):
        if not row.local:
            row.status = STATUS_GAP
        elif notes.get(j):
            row.status = STATUS_FURTHER
            row.note = "Địa phương nêu thêm: " + "; ".join(dict.fromkeys(notes[j]))
        else:
            row.status = STATUS_FOUND
    if own:
        rows.append(CompareRow(OWN_ID, "Nội dung riêng của địa phương", "", own, STATUS_OWN,
                               "Không khớp mục nào của văn bản đối chiếu (thường là phần mở đầu, mục đích, yêu cầu)."))  # fmt: skip
    return rows


def alignment(rows: list[CompareRow]) -> dict[str, str]:
    """local clause id -> reference point id (OWN_ID when unmatched): what the evaluation compares with the gold."""
    return {cid: row.ref_id for row in rows for cid, _, _ in row.local}


COMPARE_HEADERS = ["Điểm đối chiếu", "Nội dung (trích)", "Văn bản địa phương", "Tình trạng", "Ghi chú"]


def compare_table(rows: list[CompareRow]) -> tuple[list[str], list[list[str]]]:
    """Headers and string rows for a table in the web app or a CSV file."""
    out = []
    for r in rows:
        local = "\n".join(f"{label} ({cid})" for cid, label, _ in r.local) or "—"
        out.append([r.ref_label, r.ref_summary, local, r.status, r.note])
    return COMPARE_HEADERS, out


def export_compare(rows: list[CompareRow], fmt: str, path: str | Path) -> Path:
    from .export import write_csv, write_markdown_table

    headers, body = compare_table(rows)
    if fmt == "csv":
        return write_csv(path, headers, body)
    if fmt == "md":
        return write_markdown_table(path, headers, body, title="Đối chiếu với văn bản chỉ đạo")
    raise ValueError(f"Định dạng «{fmt}» không hỗ trợ; hãy dùng csv hoặc md.")


def _gold_key(local_id: str, gold: dict) -> str | None:
    """The most specific gold section holding a clause: "II.4/-1" -> "II.4"; "mot-la" -> "mot-la"."""
    best = None
    for k in gold:
        if local_id == k or local_id.startswith(k + "/"):
            if best is None or len(k) > len(best):
                best = k
    return best


def gold_agreement(assistant, gold: dict) -> dict:
    """Share of local clauses (in sections the gold assigns) aligned with a point the gold lists, per pair."""
    out: dict = {"pairs": {}, "correct": 0, "total": 0}
    for reference, locals_ in gold.items():
        if reference.startswith("_"):
            continue
        for local_id, sections in locals_.items():
            rows = compare(assistant, local_id, reference)
            predicted = alignment(rows)
            ok = total = 0
            misses = []
            for c in local_units(assistant, local_id):
                key = _gold_key(c.id.split("/", 1)[1], sections)
                if key is None or not sections[key]:
                    continue
                total += 1
                ref = predicted.get(c.id, OWN_ID)
                num = int(ref.rsplit("/", 1)[1]) if ref != OWN_ID else None
                if num in sections[key]:
                    ok += 1
                else:
                    misses.append(f"{c.id} -> {ref} (gold {sections[key]})")
            out["pairs"][f"{local_id} vs {reference}"] = {
                "agreement": ok / total if total else 1.0, "correct": ok, "total": total, "misses": misses,
            }  # fmt: skip
            out["correct"] += ok
            out["total"] += total
    out["agreement"] = out["correct"] / out["total"] if out["total"] else 1.0
    return out
