"""A comparison a reporter can cite: each local sentence set beside the Directive's sub-task it carries out.

Two steps. Points: each local clause goes to the reference point it carries out (lexical overlap of content
syllable pairs weighted so shared vocabulary counts for nothing, dense similarity from the index's embedder, and
the local numbering where it mirrors the reference). Sub-tasks: inside that point, each local sentence goes to
the reference sentence it restates, or to none. A point is covered, partly covered (which sub-task is missing),
not found, or goes further (a number, a deadline, an actor the Directive does not give). Quotations are verbatim.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..schema import Clause
from ..text import normalize
from ..text.function_words import FUNCTION_WORDS
from ..text.sentences import split_sentences
from .inputs import ToolInputError, check_pair

STATUS_COVERED = "đã cụ thể hóa"
STATUS_PARTLY = "cụ thể hóa một phần"
STATUS_GAP = "chưa thấy nội dung tương ứng"
STATUS_FURTHER = "cụ thể hơn / vượt"
STATUS_NOT_IN_SUMMARY = "bản tin không nêu"
STATUS_RELAY = "không áp dụng (văn bản chỉ chuyển tiếp)"
STATUS_OWN = "nội dung riêng của địa phương"
OWN_ID = "rieng"

# Weights of the point score; bonuses when the numbering mirrors the reference or the section titles coincide.
LEX_WEIGHT = 0.7
DENSE_WEIGHT = 0.3
MIRROR_BONUS = 0.5
TITLE_BONUS = 0.5
MIN_SCORE = 0.3  # below this a local clause matches no reference point
MIN_SUBTASK = 0.15  # below this a local sentence restates no sentence of its point (IDF-weighted pair share)
RELAY_SHARE = (
    0.6  # a text whose content pairs are mostly the reference's, with no numbered tasks, only relays it
)

_TARGET = re.compile(
    r"(?:(?:tối thiểu|ít nhất|tối đa|phấn đấu đạt|đạt)\s+)*\d+(?:[.,]\d+)?\s*%|(?:tối thiểu|ít nhất)\s+\d+"
)
_DEADLINE = re.compile(
    r"hàng năm|hằng năm|định kỳ|(?:đến|trước|trong) năm 20\d\d|giai đoạn 20\d\d ?- ?20\d\d"
)
_ACTOR = re.compile(
    r"^((?:Ban|Cấp ủy|Cấp uỷ|Đảng ủy|Đảng uỷ|Mặt trận|Ủy ban|Uỷ ban|Chính phủ|Bộ|Các cấp ủy)[^,;.]{0,80}?)\s+"
    r"(?:chỉ đạo|lãnh đạo|phối hợp|tổ chức|tăng cường|chủ trì|giao)\b"
)


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


@dataclass(frozen=True)
class SubTask:
    """One sentence of a clause: "ct38/2/p1#3" is the third sentence of ct38/2/p1."""

    id: str
    clause: Clause
    text: str


@dataclass
class SubTaskRow:
    """A reference sub-task and the local sentences that restate it (empty: missing)."""

    ref: SubTask
    local: list[tuple[SubTask, float]] = field(default_factory=list)


@dataclass
class CompareRow:
    ref_id: str
    ref_label: str
    ref_summary: str
    local: list[tuple[str, str, float]] = field(default_factory=list)  # (clause_id, label, score)
    status: str = STATUS_GAP
    note: str = ""  # the reason in words: which sub-task is missing, what goes further
    subtasks: list[SubTaskRow] = field(default_factory=list)
    extra: list[SubTask] = field(default_factory=list)  # local sentences under this point restating nothing


@dataclass
class Comparison:
    local_doc: str
    reference: str
    rows: list[CompareRow]
    warning: str = ""  # a press summary or a letter that only relays the reference


def subtasks(clause: Clause) -> list[SubTask]:
    return [
        SubTask(f"{clause.id}#{k}", clause, s.text) for k, s in enumerate(split_sentences(clause), start=1)
    ]


def reference_doc(assistant) -> str:
    """The document the others implement (its number in their catalog "implements"): the default reference."""
    docs = assistant.index.docs
    counts = {d: sum(1 for o in docs.values() if o.id != d and docs[d].meta.number and
                     any(docs[d].meta.number in x for x in o.meta.implements)) for d in docs}  # fmt: skip
    best = max(counts, key=lambda d: counts[d], default=None)
    if best is None or counts[best] == 0:
        raise ToolInputError("Kho chưa có văn bản chỉ đạo (văn bản được các văn bản khác triển khai).")
    return best


def reference_points(assistant, reference: str) -> list[RefPoint]:
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
            if not (a in FUNCTION_WORDS or b in FUNCTION_WORDS or a.isdigit() or b.isdigit()):
                out.add(t)
    return out


class Aligner:
    """Scores local clauses against reference points; one per (assistant, reference)."""

    def __init__(self, assistant, reference: str):
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
        self.ref_vecs = [self._vectors(p.clauses) for p in self.points]

    def _vectors(self, clauses: list[Clause]) -> np.ndarray:
        """The clauses' passage vectors as the index stored them (nothing re-embedded)."""
        cache: dict[str, np.ndarray] = self.assistant.__dict__.setdefault("_compare_vectors", {})
        todo = [c for c in clauses if c.id not in cache]
        if todo:
            stored = self.assistant.index.clause_vectors([c.id for c in todo])
            for c, v in zip(todo, stored, strict=True):
                cache[c.id] = v / (np.linalg.norm(v) or 1.0)
        return np.stack([cache[c.id] for c in clauses])

    def lexical(self, clause: Clause) -> list[float]:
        pairs = content_pairs(f"{_own_heading(clause)} {clause.text}")
        total = sum(self.idf.get(t, self.idf_unseen) for t in pairs) or 1.0
        return [sum(self.idf[t] for t in pairs & rp) / total for rp in self.ref_pairs]

    def dense(self, clause: Clause) -> list[float]:
        v = self._vectors([clause])[0]
        sims = [float(np.max(rv @ v)) for rv in self.ref_vecs]
        lo, hi = min(sims), max(sims)
        return [(s - lo) / (hi - lo) if hi > lo else 0.0 for s in sims]

    def title_bonus(self, clause: Clause) -> list[float]:
        head = normalize.folded_key(clause.heading)
        return [TITLE_BONUS if p.title and len(p.title) < 60 and normalize.folded_key(p.title) in head else 0.0
                for p in self.points]  # fmt: skip

    def best_subtask(self, text: str, refs: list[SubTask]) -> tuple[SubTask | None, float]:
        """The reference sentence a local sentence restates: the IDF-weighted share of its content pairs there."""
        pairs = content_pairs(text)
        total = sum(self.idf.get(t, self.idf_unseen) for t in pairs) or 1.0
        best, best_score = None, 0.0
        for r in refs:
            score = sum(self.idf.get(t, self.idf_unseen) for t in pairs & content_pairs(r.text)) / total
            if score > best_score:
                best, best_score = r, score
        return best, best_score

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


def _targets(text: str, point_key: str) -> list[str]:
    """What a local sentence fixes that its reference point does not: a number, a deadline, an actor."""
    out = [
        f"chỉ tiêu «{m.group(0).strip()}»"
        for m in _TARGET.finditer(text)
        if normalize.key(m.group(0)) not in point_key
    ]
    out += [
        f"thời hạn «{m.group(0)}»"
        for m in _DEADLINE.finditer(text)
        if normalize.key(m.group(0)) not in point_key
    ]
    m = _ACTOR.match(text)
    if m and normalize.key(m.group(1)) not in point_key:
        out.append(f"giao rõ chủ thể «{m.group(1)}»")
    return out


def _short(text: str, words: int = 12) -> str:
    w = text.split()
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def relays_only(assistant, local_doc_id: str, reference: str) -> bool:
    """A text with no numbered tasks of its own whose content mostly repeats the reference (a cover letter)."""
    from .quiz import points_of

    clauses = [c for c in assistant.index.clauses if c.doc_id == local_doc_id and c.kind == "body"]
    if any(not re.fullmatch(r"[pc]\d+", p.split("/")[-1]) for p in points_of(assistant, local_doc_id)):
        return False
    pairs = content_pairs(" ".join(c.text for c in clauses))
    ref = content_pairs(assistant.index.docs[reference].text)
    return bool(pairs) and len(pairs & ref) / len(pairs) >= RELAY_SHARE


def source_warning(assistant, local_doc_id: str, reference: str) -> str:
    meta = assistant.index.docs[local_doc_id].meta
    ref = assistant.index.docs[reference].meta
    if relays_only(assistant, local_doc_id, reference):
        return (f"Lưu ý: {meta.short} chỉ chuyển tiếp, đề nghị tuyên truyền {ref.short}, không đề ra nhiệm vụ riêng; "
                "bảng dưới không đánh giá nó như một kế hoạch.")  # fmt: skip
    if not meta.official:
        return (f"Lưu ý: nguồn của {meta.short} là bản tin báo chí ({meta.press_note or 'không phải văn bản gốc'}); "
                "nội dung bản tin không nêu có thể vẫn có trong văn bản gốc, nên «bản tin không nêu» không có nghĩa "
                "là địa phương bỏ sót.")  # fmt: skip
    return ""


def build_comparison(assistant, local_doc_id: str, reference: str | None = None) -> Comparison:
    """Rows per reference point with sub-task alignment, statuses with reasons, and the source warning."""
    reference = reference or reference_doc(assistant)
    check_pair(assistant, local_doc_id, reference)
    warning = source_warning(assistant, local_doc_id, reference)
    aligner = Aligner(assistant, reference)
    rows = [CompareRow(p.ref_id, p.label, p.summary) for p in aligner.points]
    relay = relays_only(assistant, local_doc_id, reference)
    units = local_units(assistant, local_doc_id)
    table = aligner.scores(units) if units else []
    own: list[tuple[str, str, float]] = []
    placed: dict[int, list[Clause]] = {}
    for c, sc in zip(units, table, strict=True):
        j = int(np.argmax(sc))
        if sc[j] < MIN_SCORE or relay:
            own.append((c.id, c.label, round(float(sc[j]), 3)))
            continue
        rows[j].local.append((c.id, c.label, round(float(sc[j]), 3)))
        placed.setdefault(j, []).append(c)
    official = assistant.index.docs[local_doc_id].meta.official
    for j, (row, point) in enumerate(zip(rows, aligner.points, strict=True)):
        refs = [t for c in point.clauses if c.kind == "body" for t in subtasks(c)]
        row.subtasks = [SubTaskRow(t) for t in refs]
        point_key = normalize.key(point.text)
        further: list[str] = []
        for c in placed.get(j, []):
            for t in subtasks(c):
                best, score = aligner.best_subtask(t.text, refs) if refs else (None, 0.0)
                if best is not None and score >= MIN_SUBTASK:
                    row.subtasks[refs.index(best)].local.append((t, round(score, 3)))
                else:
                    row.extra.append(t)
                further += [f"{x} ({t.clause.label.split(' — ')[0]})" for x in _targets(t.text, point_key)]
        missing = [r.ref for r in row.subtasks if not r.local]
        if relay:
            row.status, row.note = STATUS_RELAY, "Văn bản chỉ chuyển tiếp, không đề ra nhiệm vụ."
        elif not row.local:
            row.status = STATUS_GAP if official else STATUS_NOT_IN_SUMMARY
            row.note = "Không có câu nào của văn bản địa phương thực hiện điểm này."
        elif missing:
            row.status = STATUS_PARTLY
            row.note = "Chưa thấy: " + "; ".join(f"«{_short(t.text)}»" for t in missing)
        elif further:
            row.status = STATUS_FURTHER
        else:
            row.status = STATUS_COVERED
            row.note = "Mọi ý của điểm này đều có câu tương ứng."
        if further and not relay:
            row.note = (
                (row.note + " " if row.status == STATUS_PARTLY else "")
                + "Địa phương nêu thêm: "
                + "; ".join(dict.fromkeys(further))
            )
    if own:
        rows.append(CompareRow(OWN_ID, "Nội dung riêng của địa phương", "", own, STATUS_OWN,
                               "Không khớp điểm nào của văn bản đối chiếu (thường là mở đầu, mục đích, yêu cầu)."))  # fmt: skip
    return Comparison(local_doc_id, reference, rows, warning)


def compare(assistant, local_doc_id: str, reference: str | None = None) -> list[CompareRow]:
    """The rows of build_comparison (the web app's entry point)."""
    return build_comparison(assistant, local_doc_id, reference).rows


def alignment(rows: list[CompareRow]) -> dict[str, str]:
    """local clause id -> reference point id (OWN_ID when unmatched)."""
    return {cid: row.ref_id for row in rows for cid, _, _ in row.local}


def subtask_alignment(rows: list[CompareRow]) -> dict[str, str]:
    """local sentence id ("kh-xa-haiphong/II.4/-1#1") -> reference sentence id, "" when it restates none."""
    out: dict[str, str] = {}
    for row in rows:
        for st in row.subtasks:
            for t, _ in st.local:
                out[t.id] = st.ref.id
        for t in row.extra:
            out[t.id] = ""
    return out


COMPARE_HEADERS = [
    "Điểm đối chiếu",
    "Văn bản gốc (trích)",
    "Văn bản địa phương (trích)",
    "Tình trạng",
    "Lý do",
]


def _rows(comparison) -> tuple[list[CompareRow], str]:
    if isinstance(comparison, Comparison):
        return comparison.rows, comparison.warning
    return list(comparison), ""


def compare_table(comparison) -> tuple[list[str], list[list[str]]]:
    """Headers and one row per point: the reference beside the local sentences, status and reason in words."""
    rows, _ = _rows(comparison)
    out = []
    for r in rows:
        texts = [f"«{t.text}» ({t.clause.label})" for st in r.subtasks for t, _ in st.local]
        texts += [f"«{t.text}» ({t.clause.label})" for t in r.extra]
        if not texts:
            texts = [label for _cid, label, _ in r.local]
        out.append([r.ref_label, r.ref_summary, "\n".join(dict.fromkeys(texts)) or "—", r.status, r.note])
    return COMPARE_HEADERS, out


EXPORT_FORMATS = ("csv", "md", "docx")  # what export_compare writes (the web app offers these)


def export_compare(comparison, fmt: str, path: str | Path) -> Path:
    """csv | md | docx (A4, for a sơ kết report), the warning line first."""
    from .export import ExportError, add_table, markdown_table, new_docx, save_docx, write_csv, write_text

    headers, body = compare_table(comparison)
    _, warning = _rows(comparison)
    if fmt == "csv":
        return write_csv(path, headers, ([[warning, "", "", "", ""]] if warning else []) + body)
    if fmt == "md":
        text = "# Đối chiếu với văn bản chỉ đạo\n\n" + (f"> {warning}\n\n" if warning else "")
        return write_text(path, text + markdown_table(headers, body) + "\n")
    if fmt == "docx":
        doc = new_docx(13)
        doc.add_heading("ĐỐI CHIẾU VĂN BẢN TRIỂN KHAI VỚI VĂN BẢN CHỈ ĐẠO", level=1)
        if warning:
            doc.add_paragraph().add_run(warning).italic = True
        add_table(doc, headers, body)
        return save_docx(doc, path)
    raise ExportError(f"Định dạng «{fmt}» không hỗ trợ; hãy dùng csv, md hoặc docx.")


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
