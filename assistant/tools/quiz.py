"""Quiz items built from the clauses, deterministically: every answer is a verbatim fact of the cited clause.

Distractors come from the other documents and sibling clauses (numbers, dates, bodies, group titles, phrases);
one that the documents make true is thrown away, and a "false" statement is kept only if no clause says it.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..schema import Clause
from ..text import normalize
from ..text.sentences import split_sentences

KINDS = ("mcq", "true_false", "fill_blank", "which_source")
DIFFICULTIES = ("de", "vua", "kho")
DIFFICULTY_NAMES = {"de": "dễ", "vua": "vừa", "kho": "khó"}
KIND_NAMES = {
    "mcq": "Trắc nghiệm",
    "true_false": "Đúng/Sai",
    "fill_blank": "Điền khuyết",
    "which_source": "Nguồn trích",
}
BLANK = "____"
TRUE, FALSE = "Đúng", "Sai"

# Bodies named in the documents (subjects of tasks); the pool for "who does this" distractors.
BODIES = (
    "Ban Bí thư", "Bộ Chính trị", "Đảng đoàn Quốc hội", "Ban cán sự đảng Chính phủ", "Ban Tuyên giáo Trung ương",
    "Ban cán sự đảng Bộ Khoa học và Công nghệ", "Bộ Khoa học và Công nghệ", "Mặt trận Tổ quốc Việt Nam",
    "Thủ tướng Chính phủ", "Ban Thường vụ Tỉnh uỷ", "Ban Thường vụ Thành ủy", "Ban Xây dựng đảng Đảng uỷ xã",
    "Bộ Công an", "Ban Chấp hành Đảng bộ tỉnh", "Ban Tuyên giáo Tỉnh ủy",
)  # fmt: skip
_NUM_WORDS = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy"]
_NUMBER_SPAN = re.compile(
    r"(?:(?<=tối thiểu )|(?<=ít nhất ))(?:\d+%|\d+|một|hai|ba)(?!\w)"
    r"|(?<!\w)(?:\d+|ba|sáu)(?= (?:khu vực|nhóm|trung tâm))"
    r"|(?<=đến năm )20\d\d(?!\d)"
)
_DATE_SHORT = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")
_DATE_LONG = re.compile(r"\d{1,2} tháng \d{1,2} năm \d{4}")
_DOC_NUMBER = re.compile(r"(?<![\w/-])\d+[-/][A-ZĐ][\w/-]*[A-Za-zĐ]")
_QUOTE = re.compile(r"«([^»]+)»")


@dataclass
class QuizItem:
    kind: str  # mcq | true_false | fill_blank | which_source
    question: str
    options: list[str]
    answer: str
    explanation: str
    clause_id: str
    label: str
    difficulty: str
    quote: str = ""  # the verbatim sentence (or part) of the clause the item rests on
    tags: list[str] = field(default_factory=list)  # which generator made it (for review and tests)


# ---- text helpers ------------------------------------------------------------------------------------------
def has_phrase(text: str, phrase: str) -> bool:
    """Whether phrase occurs in text as whole words, ignoring case and tone placement ("ba" is not in "ban")."""
    t, p = " ".join(normalize.key(text).split()), " ".join(normalize.key(phrase).split())
    return bool(p) and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", t) is not None


def quote_in(text: str, quote: str) -> bool:
    return normalize.contains(text, quote.rstrip("…").strip())


def _fold_q(text: str) -> str:
    return " ".join(normalize.syllables(normalize.folded_key(text)))


def _date_long(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d)} tháng {int(m)} năm {y}"


def _date_short(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d)}/{int(m)}/{y}"


def _short_part(sentence: str, span_start: int, limit: int = 260) -> tuple[str, int]:
    """The "; "-separated part of a long sentence holding a span (verbatim) and the span's offset in it."""
    if len(sentence) <= limit:
        return sentence, span_start
    pos = 0
    for part in re.split(r"(?<=;) ", sentence):
        if pos <= span_start < pos + len(part) and len(part) >= 40:
            return part, span_start - pos
        pos += len(part) + 1
    return sentence, span_start


def _trim(quote: str, limit: int = 220) -> str:
    """A verbatim prefix cut at a word, marked with … when shortened."""
    if len(quote) <= limit:
        return quote
    cut = quote[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _tidy(text: str) -> str:
    return text.strip().rstrip(".;:").strip()


class _Context:
    """Pools of facts over the whole knowledge base, shared by the generators."""

    def __init__(self, assistant, rng: random.Random):
        self.a = assistant
        self.rng = rng
        self.clauses: list[Clause] = assistant.index.clauses
        self.docs = assistant.index.docs
        self.keys = [" ".join(normalize.key(c.text).split()) for c in self.clauses]
        texts = [c.text for c in self.clauses]
        self.dates_short = sorted({m for t in texts for m in _DATE_SHORT.findall(t)})
        self.dates_long = sorted({m for t in texts for m in _DATE_LONG.findall(t)})
        for d in self.docs.values():
            if d.meta.date:
                self.dates_short.append(_date_short(d.meta.date))
                self.dates_long.append(_date_long(d.meta.date))
        self.doc_numbers = sorted({m for t in texts for m in _DOC_NUMBER.findall(t)} |
                                  {d.meta.number for d in self.docs.values() if d.meta.number})  # fmt: skip
        self.bodies = [b for b in BODIES if any(has_phrase(t, b) for t in texts)]
        df: dict[str, int] = {}
        for c in self.clauses:
            for t in set(normalize.tokens(c.text)):
                df[t] = df.get(t, 0) + 1
        self.df = df
        self._df_cache: dict[str, int] = {}

    def phrase_df(self, phrase: str) -> int:
        """In how many clauses a phrase occurs as whole words: 1 means it straddles two words."""
        if phrase not in self._df_cache:
            p = re.compile(rf"(?<!\w){re.escape(' '.join(normalize.key(phrase).split()))}(?!\w)")
            self._df_cache[phrase] = sum(1 for k in self.keys if p.search(k))
        return self._df_cache[phrase]

    def said_anywhere(self, sentence: str) -> bool:
        s = " ".join(normalize.key(sentence.rstrip("…").strip()).split())
        return any(s in k for k in self.keys)

    def doc_clauses(self, doc_id: str) -> list[Clause]:
        return [c for c in self.clauses if c.doc_id == doc_id]

    def pick(
        self, pool: list[str], right: str, clause: Clause, n: int = 3, swap_in: str | None = None
    ) -> list[str]:
        """n distractors from pool: not the right answer, not in the right clause, not making a true sentence."""
        cands = [p for p in dict.fromkeys(pool) if normalize.key(p) != normalize.key(right)]
        self.rng.shuffle(cands)
        out: list[str] = []
        for p in cands:
            if has_phrase(clause.text, p) or has_phrase(clause.heading, p):
                continue
            if swap_in is not None and self.said_anywhere(swap_in.replace(BLANK, p)):
                continue
            out.append(p)
            if len(out) == n:
                break
        return out


def _options(rng: random.Random, right: str, distractors: list[str]) -> list[str]:
    opts = [right, *distractors]
    rng.shuffle(opts)
    return opts


def _explain(answer: str, clause: Clause, quote: str) -> str:
    return f"Đáp án: {answer}. Căn cứ {clause.label} ({clause.id}): «{quote}»"


def _sentences(clause: Clause) -> list[str]:
    return [s.text for s in split_sentences(clause) if 30 <= len(s.text)]


def _units(ctx: _Context, doc_id: str) -> dict[tuple[str, ...], list[Clause]]:
    """A document's numbered points (ct38 mục 1–7, the commune plan's II.1…, Long An's "Một là"…)."""
    units: dict[tuple[str, ...], list[Clause]] = {}
    for c in ctx.doc_clauses(doc_id):
        if c.kind == "header" or not c.path or re.fullmatch(r"[pc]\d+|ket", c.path[0]):
            continue
        key = c.path[:2] if re.fullmatch(r"[IVX]+", c.path[0]) and len(c.path) > 1 else c.path[:1]
        if re.fullmatch(r"[IVX]+", key[0]) and len(key) == 1:
            continue
        units.setdefault(key, []).append(c)
    return units


def _unit_label(clauses: list[Clause]) -> str:
    first = clauses[0]
    meta_note = first.label.split(" — ", 1)
    base = re.sub(r", (?:đoạn|ý) \d+$", "", meta_note[0])
    return base + (f" — {meta_note[1]}" if len(meta_note) > 1 else "")


def _group_title(clauses: list[Clause]) -> str:
    """A group's title, verbatim: its heading, the part before ": ", or "Một là, <title>."."""
    head = next((c for c in clauses if c.kind == "heading"), None)
    if head is not None:
        return _tidy(head.text.split(";")[0])
    text = clauses[0].text
    m = re.match(r"(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy) là, ([^.]+)\.", text)
    if m:
        return _tidy(m.group(1))
    title, sep, _ = text.partition(": ")
    return _tidy(title.split(";")[0]) if sep and len(title) < 200 else ""


# ---- generators --------------------------------------------------------------------------------------------
def gen_doc_facts(ctx: _Context, doc_ids: list[str]) -> list[QuizItem]:
    """de: issue date, number and issuing body of each document, from its header or opening clause."""
    items = []
    for doc_id in doc_ids:
        meta = ctx.docs[doc_id].meta
        clauses = [c for c in ctx.doc_clauses(doc_id) if c.path and c.path[0] not in ("noi-nhan", "kinh-gui")]
        who = "Theo bản tin, " if not meta.official else ""
        if meta.date:
            for fmt, pool in ((_date_long, ctx.dates_long), (_date_short, ctx.dates_short)):
                right = fmt(meta.date)
                c = next((x for x in clauses if right in x.text), None)
                if c is None:
                    continue
                q = f"{who}{meta.short} được ban hành ngày nào?"
                d = ctx.pick(pool, right, c)
                if len(d) == 3:
                    quote = _quote_with(c, right)
                    items.append(QuizItem("mcq", q[0].upper() + q[1:], _options(ctx.rng, right, d), right,
                                          _explain(right, c, quote), c.id, c.label, "de", quote, ["date"]))  # fmt: skip
                break
        if meta.number:
            c = next((x for x in clauses if meta.number in x.text), None)
            if c is not None:
                when = f", ban hành ngày {_date_short(meta.date)}," if meta.date else ""
                q = f"{who}{meta.kind} của {meta.issuer}{when} có số hiệu là gì?"
                d = ctx.pick(ctx.doc_numbers, meta.number, c)
                if len(d) == 3:
                    quote = _quote_with(c, meta.number)
                    items.append(QuizItem("mcq", q[0].upper() + q[1:], _options(ctx.rng, meta.number, d), meta.number,
                                          _explain(meta.number, c, quote), c.id, c.label, "de", quote, ["number"]))  # fmt: skip
        no_place = re.sub(r"\s+(?:tỉnh|thành phố|xã)$", "", meta.issuer.replace(meta.place, "").strip())
        variants = [meta.issuer, no_place, meta.issuer.rsplit(" ", 1)[0]]
        for v in variants:
            c = next((x for x in clauses if has_phrase(x.text, v)), None)
            if c is None or len(v) < 6:
                continue
            right = v
            pool = ctx.bodies + [d.meta.issuer for d in ctx.docs.values()]
            pool = [p for p in pool if not has_phrase(meta.issuer, p) and not has_phrase(p, right)]
            d = ctx.pick(pool, right, c)
            if len(d) == 3:
                quote = _quote_with(c, right)
                q = f"{who}cơ quan nào ban hành {meta.short}?"
                items.append(QuizItem("mcq", q[0].upper() + q[1:], _options(ctx.rng, right, d), right,
                                      _explain(right, c, quote), c.id, c.label, "de", quote, ["issuer"]))  # fmt: skip
            break
    return items


def _quote_with(clause: Clause, phrase: str) -> str:
    """The sentence of the clause holding phrase (the clause's first line for headers)."""
    for s in split_sentences(clause):
        if has_phrase(s.text, phrase) or phrase in s.text:
            part, _ = _short_part(s.text, max(0, s.text.find(phrase)))
            return _trim(part, 300)
    return _trim(" ".join(clause.text.split()), 300)


def gen_group_titles(ctx: _Context, clauses: list[Clause], difficulty: str = "de") -> list[QuizItem]:
    """de: "Nội dung «…» thuộc nhóm nhiệm vụ nào?" with the other groups' titles as distractors."""
    items = []
    for doc_id in dict.fromkeys(c.doc_id for c in clauses):
        units = _units(ctx, doc_id)
        titles = {k: _group_title(v) for k, v in units.items()}
        titles = {k: t for k, t in titles.items() if t and 20 <= len(t) < 220}
        if len(titles) < 4:
            continue
        meta = ctx.docs[doc_id].meta
        for key, members in units.items():
            if key not in titles:
                continue
            for c in members:
                if c not in clauses or c.kind != "body":
                    continue
                sents = [s for s in _sentences(c) if normalize.key(titles[key])[:40] not in normalize.key(s)]
                for s in sents[:2]:
                    quote = _trim(s, 200)
                    others = [
                        k for k in titles if k != key and not any(quote_in(x.text, quote) for x in units[k])
                    ]
                    pool = [titles[k] for k in others]
                    d = ctx.pick(pool, titles[key], c)
                    if len(d) < 3 or quote_in(titles[key], quote):
                        continue
                    right = titles[key]
                    q = f"Nội dung «{quote}» thuộc nhóm nhiệm vụ, giải pháp nào của {meta.short}?"
                    items.append(QuizItem("mcq", q, _options(ctx.rng, right, d), right, _explain(right, c, quote),
                                          c.id, c.label, difficulty, quote, ["group"]))  # fmt: skip
    return items


def _spans(ctx: _Context, clause: Clause) -> list[tuple[str, str, str, list[str]]]:
    """(sentence part, span, category, pool) for numbers and bodies in a clause's sentences."""
    out = []
    for s in _sentences(clause):
        for m in _NUMBER_SPAN.finditer(s):
            part, off = _short_part(s, m.start())
            span = m.group(0)
            if part[off : off + len(span)] != span:
                continue
            out.append((part[:off] + BLANK + part[off + len(span) :], span, "number", _number_pool(span)))
        for b in ctx.bodies:
            i = normalize.key(s).find(normalize.key(b))
            if (
                i >= 0
                and has_phrase(s, b)
                and not any(b != o and has_phrase(o, b) and has_phrase(s, o) for o in ctx.bodies)
            ):
                part, off = _short_part(s, i)
                span = part[off : off + len(b)]
                after = part[off + len(b) : off + len(b) + 2]
                if normalize.key(span) != normalize.key(b) or (len(after) == 2 and after[1].isupper()):
                    continue
                pool = [o for o in ctx.bodies if not has_phrase(o, b) and not has_phrase(b, o)]
                out.append((part[:off] + BLANK + part[off + len(b) :], span, "body", pool))
    return out


def _number_pool(span: str) -> list[str]:
    if span.endswith("%"):
        n = int(span[:-1])
        return [f"{x}%" for x in (5, 10, 15, 20, 25, 30) if x != n]
    if span.isdigit():
        n = int(span)
        if n > 1900:
            return [str(y) for y in (2025, 2030, 2035, 2045) if y != n]
        return [str(x) for x in range(1, 10) if x != n]
    return [w for w in _NUM_WORDS if w != span]


def gen_cloze_mcq(ctx: _Context, clauses: list[Clause]) -> list[QuizItem]:
    """vua: numbers and bodies blanked in a verbatim sentence; distractors of the same kind."""
    items = []
    for c in clauses:
        if c.kind != "body":
            continue
        for blanked, span, cat, pool in _spans(ctx, c):
            d = ctx.pick(pool, span, c, swap_in=blanked)
            if len(d) < 3:
                continue
            quote = blanked.replace(BLANK, span)
            starts = blanked.startswith(BLANK)
            if cat == "body" and starts:
                q = f"Theo {c.label}, cơ quan, tổ chức nào «{_trim(blanked[len(BLANK) :].strip(), 240).rstrip('.')}»?"
            else:
                what = "cơ quan, tổ chức nào" if cat == "body" else "số nào"
                q = f"Theo {c.label}: «{blanked.rstrip('.')}». Chỗ trống là {what}?"
            right = span
            items.append(QuizItem("mcq", q, _options(ctx.rng, right, d), right, _explain(right, c, quote),
                                  c.id, c.label, "vua", quote, [cat]))  # fmt: skip
    return items


def gen_true_false(ctx: _Context, clauses: list[Clause], difficulty: str) -> list[QuizItem]:
    """A verbatim statement (true) or the same with a number or body swapped in (false, said nowhere)."""
    items = []
    for c in clauses:
        if c.kind != "body":
            continue
        spans = _spans(ctx, c)
        for blanked, span, _cat, pool in spans:
            d = ctx.pick(pool, span, c, n=1, swap_in=blanked)
            if not d:
                continue
            altered = blanked.replace(BLANK, d[0])
            original = blanked.replace(BLANK, span)
            if ctx.said_anywhere(altered):
                continue
            q = f"Theo {c.label}: «{altered.rstrip('.')}». Nhận định này đúng hay sai?"
            expl = f"Đáp án: {FALSE}. Văn bản ghi «{span}», không phải «{d[0]}». Căn cứ {c.label} ({c.id}): «{original}»"
            items.append(QuizItem("true_false", q, [TRUE, FALSE], FALSE, expl, c.id, c.label, difficulty, original,
                                  ["swap"]))  # fmt: skip
        for s in _sentences(c)[:2]:
            quote = _short_part(s, 0)[0] if len(s) > 260 else s
            q = f"Theo {c.label}: «{quote.rstrip('.')}». Nhận định này đúng hay sai?"
            items.append(QuizItem("true_false", q, [TRUE, FALSE], TRUE, _explain(TRUE, c, quote), c.id, c.label,
                                  difficulty, quote, ["verbatim"]))  # fmt: skip
    return items


def gen_which_doc(ctx: _Context, clauses: list[Clause], difficulty: str = "vua") -> list[QuizItem]:
    """A quotation -> which document says it; distractor documents must not contain it."""
    items = []
    shorts = {d: doc.meta.short for d, doc in ctx.docs.items()}
    for c in clauses:
        if c.kind != "body":
            continue
        for s in _sentences(c)[:2]:
            quote = _trim(s, 200)
            if len(quote) < 50:
                continue
            others = [shorts[d] for d in ctx.docs if d != c.doc_id and not quote_in(ctx.docs[d].text, quote)]
            if len(others) < 3 or not quote_in(c.text, quote):
                continue
            d = others[:]
            ctx.rng.shuffle(d)
            right = shorts[c.doc_id]
            q = f"Câu «{quote}» trích từ văn bản nào?"
            items.append(QuizItem("which_source", q, _options(ctx.rng, right, d[:3]), right,
                                  _explain(right, c, quote), c.id, c.label, difficulty, quote, ["doc"]))  # fmt: skip
    return items


def gen_which_point(ctx: _Context, clauses: list[Clause]) -> list[QuizItem]:
    """kho: a quotation -> which point of the same document; the quote must not occur in the other points."""
    items = []
    for doc_id in dict.fromkeys(c.doc_id for c in clauses):
        units = _units(ctx, doc_id)
        if len(units) < 4:
            continue
        labels = {k: _unit_label(v) for k, v in units.items()}
        for key, members in units.items():
            for c in members:
                if c not in clauses or c.kind != "body":
                    continue
                for s in _sentences(c)[1:3] or _sentences(c)[:1]:
                    quote = _trim(s, 200)
                    others = [
                        labels[k]
                        for k in units
                        if k != key and not any(quote_in(x.text, quote) for x in units[k])
                    ]
                    if len(others) < 3:
                        continue
                    # near siblings first: the neighbouring points are the hardest to tell apart
                    keys = list(units)
                    i = keys.index(key)
                    near = sorted(
                        others, key=lambda lab: abs(keys.index(next(k for k in keys if labels[k] == lab)) - i)
                    )
                    right = labels[key]
                    q = f"Câu «{quote}» nằm ở mục nào của {ctx.docs[doc_id].meta.short}?"
                    items.append(QuizItem("which_source", q, _options(ctx.rng, right, near[:3]), right,
                                          _explain(right, c, quote), c.id, c.label, "kho", quote, ["point"]))  # fmt: skip
    return items


_FUNCTION = {
    "và",
    "của",
    "các",
    "với",
    "về",
    "cho",
    "trong",
    "để",
    "theo",
    "từ",
    "đến",
    "những",
    "là",
    "có",
    "được",
    "nhằm",
    "tại",
    "một",
    "số",
    "như",
    "đối",
}


def _key_phrases(ctx: _Context, sentence: str) -> list[tuple[int, str, float]]:
    """List elements of 2–5 syllables ("kiểm định", "hiệu chuẩn"): whole terms between commas, rarest first."""
    out = []
    for m in re.finditer(r"[^,;:.()«»“”\"…]+", sentence):
        text = m.group(0).strip()
        start = m.start() + m.group(0).index(text) if text else 0
        syl = normalize.syllables(normalize.key(text))
        if not 2 <= len(syl) <= 5 or start == 0 or any(ch.isdigit() for ch in text):
            continue
        if syl[0] in _FUNCTION or syl[-1] in _FUNCTION or text[0].isupper() or "-" in text:
            continue
        df = ctx.phrase_df(text)
        if df > 8:  # "đo lường", "chất lượng": every clause has them, blanking them tests nothing
            continue
        out.append((start, text, 1 / max(df, 1) + 0.1 * len(syl)))
    return out


def gen_fill_blank(ctx: _Context, clauses: list[Clause], difficulty: str) -> list[QuizItem]:
    """kho: the rarest key phrase of a verbatim sentence blanked (vua: numbers and bodies blanked)."""
    items = []
    for c in clauses:
        if c.kind != "body":
            continue
        if difficulty == "vua":
            for blanked, span, _cat, _pool in _spans(ctx, c):
                q = f"Điền vào chỗ trống (theo {c.label}): «{blanked}»"
                items.append(QuizItem("fill_blank", q, [], span, _explain(span, c, blanked.replace(BLANK, span)),
                                      c.id, c.label, difficulty, blanked.replace(BLANK, span), ["span"]))  # fmt: skip
            continue
        for s in _sentences(c)[:3]:
            part, _ = _short_part(s, 0)
            phrases = sorted(_key_phrases(ctx, part), key=lambda t: -t[2])
            if not phrases:
                continue
            off, phrase, _r = phrases[0]
            blanked = part[:off] + BLANK + part[off + len(phrase) :]
            if len(blanked) > 320:
                continue
            q = f"Điền vào chỗ trống (theo {c.label}): «{blanked}»"
            items.append(QuizItem("fill_blank", q, [], phrase, _explain(phrase, c, part), c.id, c.label, difficulty,
                                  part, ["phrase"]))  # fmt: skip
    return items


def gen_sibling_mcq(ctx: _Context, clauses: list[Clause]) -> list[QuizItem]:
    """kho: a key phrase blanked; distractors are key phrases of sibling clauses of the same document."""
    items = []
    for c in clauses:
        if c.kind != "body":
            continue
        siblings = [x for x in ctx.doc_clauses(c.doc_id) if x.id != c.id and x.kind == "body"]
        for s in _sentences(c)[:2]:
            part, _ = _short_part(s, 0)
            phrases = sorted(_key_phrases(ctx, part), key=lambda t: -t[2])
            if not phrases:
                continue
            off, phrase, _r = phrases[0]
            n = len(phrase.split())
            pool = []
            for x in siblings:
                for xs in _sentences(x)[:2]:
                    pool += [p for _o, p, _rr in sorted(_key_phrases(ctx, xs), key=lambda t: -t[2])[:3]
                             if len(p.split()) == n]  # fmt: skip
            blanked = part[:off] + BLANK + part[off + len(phrase) :]
            if len(blanked) > 320:
                continue
            d = ctx.pick(pool, phrase, c, swap_in=blanked)
            if len(d) < 3:
                continue
            q = f"Theo {c.label}: «{blanked.rstrip('.')}». Cụm từ nào điền đúng vào chỗ trống?"
            items.append(QuizItem("mcq", q, _options(ctx.rng, phrase, d), phrase, _explain(phrase, c, part), c.id,
                                  c.label, "kho", part, ["sibling"]))  # fmt: skip
    return items


# ---- assembling a quiz -------------------------------------------------------------------------------------
def _select_clauses(assistant, doc_ids: list[str] | None, topic: str | None) -> list[Clause]:
    if topic:
        passages = assistant.retriever.search(topic, doc_ids or None)
        chosen = [p.clause for p in passages]
    else:
        chosen = [c for c in assistant.index.clauses if not doc_ids or c.doc_id in doc_ids]
    return [c for c in chosen if c.kind != "header"]


def _generators(
    ctx: _Context, clauses: list[Clause], difficulty: str, doc_ids: list[str]
) -> list[list[QuizItem]]:
    if difficulty == "de":
        return [gen_doc_facts(ctx, doc_ids), gen_group_titles(ctx, clauses),
                [i for i in gen_true_false(ctx, clauses, "de") if "verbatim" in i.tags],
                gen_which_doc(ctx, clauses, "de")]  # fmt: skip
    if difficulty == "vua":
        return [gen_cloze_mcq(ctx, clauses), gen_true_false(ctx, clauses, "vua"), gen_fill_blank(ctx, clauses, "vua"),
                gen_which_doc(ctx, clauses, "vua")]  # fmt: skip
    return [gen_fill_blank(ctx, clauses, "kho"), gen_sibling_mcq(ctx, clauses), gen_which_point(ctx, clauses),
            [i for i in gen_true_false(ctx, clauses, "kho") if "swap" in i.tags]]  # fmt: skip


def make_quiz(
    assistant, doc_ids: list[str] | None = None, topic: str | None = None, count: int = 10,
    difficulty: str = "vua", kinds: list[str] | None = None, seed: int | None = None,
) -> list[QuizItem]:  # fmt: skip
    """Up to count items of the difficulty, kinds interleaved; other difficulties fill in only when short."""
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"Độ khó «{difficulty}» không hợp lệ; chọn một trong: de, vua, kho.")
    bad = [k for k in kinds or [] if k not in KINDS]
    if bad:
        raise ValueError(f"Loại câu hỏi không hợp lệ: {', '.join(bad)}; chọn trong: {', '.join(KINDS)}.")
    unknown = [d for d in doc_ids or [] if d not in assistant.index.docs]
    if unknown:
        raise ValueError(f"Không có văn bản: {', '.join(unknown)}.")
    rng = random.Random(0 if seed is None else seed)
    ctx = _Context(assistant, rng)
    clauses = _select_clauses(assistant, doc_ids, topic)
    docs = (
        list(dict.fromkeys(c.doc_id for c in clauses)) if topic else (doc_ids or list(assistant.index.docs))
    )
    order = [difficulty] + [d for d in DIFFICULTIES if d != difficulty]
    out: list[QuizItem] = []
    seen: set[str] = set()
    for level in order:
        pools = [
            [i for i in g if not kinds or i.kind in kinds] for g in _generators(ctx, clauses, level, docs)
        ]
        pools = [p for p in pools if p]
        for p in pools:
            rng.shuffle(p)
        used_clauses: dict[str, int] = {}
        while len(out) < count and any(pools):
            for p in pools:
                while p:
                    item = p.pop()
                    k = _fold_q(item.question)
                    if k in seen or used_clauses.get(item.clause_id, 0) >= 2 + len(out) // 10:
                        continue
                    seen.add(k)
                    used_clauses[item.clause_id] = used_clauses.get(item.clause_id, 0) + 1
                    out.append(item)
                    break
                if len(out) >= count:
                    break
        if len(out) >= count:
            break
    return out[:count]


# ---- output ------------------------------------------------------------------------------------------------
def _letter(i: int) -> str:
    return "ABCDEFGH"[i]


def items_markdown(items: list[QuizItem], with_answers: bool = True) -> str:
    """Questions (and, when asked, an answer key with the quotation and citation of each)."""
    lines = ["# Câu hỏi ôn tập Chỉ thị 38-CT/TW", ""]
    for n, it in enumerate(items, start=1):
        lines.append(
            f"**Câu {n}** ({KIND_NAMES[it.kind]}, {DIFFICULTY_NAMES.get(it.difficulty, it.difficulty)}). {it.question}"
        )
        lines.append("")
        for i, o in enumerate(it.options):
            lines.append(f"- {_letter(i)}. {o}")
        if it.options:
            lines.append("")
    if with_answers:
        lines += ["## ĐÁP ÁN", ""]
        for n, it in enumerate(items, start=1):
            letter = f"{_letter(it.options.index(it.answer))}. " if it.answer in it.options else ""
            lines.append(f"**Câu {n}:** {letter}{it.answer}  ")
            lines.append(f"{it.explanation}  ")
            lines.append(f"*Nguồn: {it.label} ({it.clause_id})*")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def gift_escape(text: str) -> str:
    return re.sub(r"([~=#{}:])", r"\\\1", " ".join(text.split()))


def items_gift(items: list[QuizItem]) -> str:
    """Moodle GIFT: mcq {=right ~wrong}, true/false {T}/{F}, fill-in as short answer {=…}."""
    blocks = []
    for n, it in enumerate(items, start=1):
        head = f"// {it.label} ({it.clause_id})\n::Câu {n}::{gift_escape(it.question)}"
        fb = f"#{gift_escape(it.explanation)}"
        if it.kind == "true_false":
            body = f"{{{'T' if it.answer == TRUE else 'F'}{fb}}}"
        elif it.kind == "fill_blank":
            body = f"{{={gift_escape(it.answer)}{fb}}}"
        else:
            opts = " ".join(("=" if o == it.answer else "~") + gift_escape(o) for o in it.options)
            body = f"{{{opts} ####{gift_escape(it.explanation)}}}"
        blocks.append(f"{head} {body}")
    return "\n\n".join(blocks) + "\n"


def items_aiken(items: list[QuizItem]) -> str:
    """Aiken: multiple-choice items only (mcq and which-source), one line per question and option."""
    blocks = []
    for it in items:
        if it.kind not in ("mcq", "which_source") or it.answer not in it.options:
            continue
        lines = [" ".join(it.question.split())]
        lines += [f"{_letter(i)}. {' '.join(o.split())}" for i, o in enumerate(it.options)]
        lines.append(f"ANSWER: {_letter(it.options.index(it.answer))}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


CSV_HEADERS = [
    "stt",
    "loai",
    "do_kho",
    "cau_hoi",
    "A",
    "B",
    "C",
    "D",
    "dap_an",
    "giai_thich",
    "nguon",
    "ma_dieu_khoan",
]


def export_quiz(items: list[QuizItem], fmt: str, path: str | Path) -> Path:
    """docx | csv | gift | aiken | json | md."""
    from .export import new_docx, save_docx, write_csv, write_text

    if fmt == "json":
        return write_text(path, json.dumps([asdict(i) for i in items], ensure_ascii=False, indent=2) + "\n")
    if fmt == "md":
        return write_text(path, items_markdown(items, with_answers=True))
    if fmt == "gift":
        return write_text(path, items_gift(items))
    if fmt == "aiken":
        return write_text(path, items_aiken(items))
    if fmt == "csv":
        rows = []
        for n, it in enumerate(items, start=1):
            opts = (it.options + ["", "", "", ""])[:4]
            rows.append([str(n), it.kind, it.difficulty, it.question, *opts, it.answer, it.explanation, it.label,
                         it.clause_id])  # fmt: skip
        return write_csv(path, CSV_HEADERS, rows)
    if fmt == "docx":
        from docx.enum.text import WD_BREAK

        doc = new_docx()
        doc.add_heading("Câu hỏi ôn tập Chỉ thị 38-CT/TW", level=1)
        for n, it in enumerate(items, start=1):
            doc.add_paragraph().add_run(f"Câu {n}. ").bold = True
            doc.paragraphs[-1].add_run(it.question)
            for i, o in enumerate(it.options):
                doc.add_paragraph(f"{_letter(i)}. {o}")
            if it.kind == "fill_blank":
                doc.add_paragraph("Trả lời: ………………………………")
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading("ĐÁP ÁN", level=1)
        for n, it in enumerate(items, start=1):
            letter = f"{_letter(it.options.index(it.answer))}. " if it.answer in it.options else ""
            p = doc.add_paragraph()
            p.add_run(f"Câu {n}: {letter}{it.answer}").bold = True
            doc.add_paragraph(it.explanation)
            doc.add_paragraph(f"Nguồn: {it.label} ({it.clause_id})").runs[0].italic = True
        return save_docx(doc, path)
    raise ValueError(f"Định dạng «{fmt}» không hỗ trợ; chọn: docx, csv, gift, aiken, json, md.")


def quote_of(item: QuizItem) -> str:
    """The quotation inside the item's explanation (the last «…»)."""
    found = _QUOTE.findall(item.explanation)
    return found[-1] if found else ""
