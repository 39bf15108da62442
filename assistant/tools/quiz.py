"""Quiz generation by a blueprint: items spread over a document's points, kinds mixed, keys balanced.

Every item rests on one verbatim sentence of one clause. Candidates come from whole phrases (list members between
commas), numbers and actors; a false statement is the sentence with one phrase replaced by a phrase of the same
kind from another clause (and said nowhere). The assembler fills the blueprint's slots so that no two items share
a sentence or give each other away, and true/false keys alternate within each difficulty. Exports: quiz_export.py.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..schema import Clause
from ..text import normalize
from ..text.function_words import FUNCTION_WORDS
from ..text.overlap import content_terms, overlap
from ..text.sentences import split_sentences
from .inputs import ToolInputError, check_count, check_docs, check_topic

KINDS = ("mcq", "true_false", "fill_blank", "situation")
DIFFICULTIES = ("de", "vua", "kho")
MIXED = "tron"
DIFFICULTY_NAMES = {"de": "dễ", "vua": "vừa", "kho": "khó"}
KIND_NAMES = {
    "mcq": "Trắc nghiệm",
    "true_false": "Đúng/Sai",
    "fill_blank": "Điền khuyết",
    "situation": "Tình huống",
}
BLANK = "____"
TRUE, FALSE = "Đúng", "Sai"
MAX_FILL_SYLLABLES = 4  # a longer answer cannot fairly be typed from memory

# A document the text only cites (its number, date, issuer): never the object of a question.
CITATION = re.compile(
    r"(?:Nghị quyết|Chỉ thị|Quyết định|Kế hoạch(?: hành động)?|Công văn|Chương trình|Đề án|Luật)\s+(?:số\s+)?"
    r"\d[\w/.-]*(?:,?\s+ngày\s+(?:\d{1,2}/\d{1,2}/\d{4}|\d{1,2} tháng \d{1,2} năm \d{4}))?"
    r"(?:\s+(?:của|về)\s+[^,;.()]*)?(?:\s*\([^)]*\))?"
)
_NUMBER = re.compile(
    r"(?:(?<=tối thiểu )|(?<=ít nhất ))(?:\d+%|\d+|một|hai|ba)(?!\w)|(?<!\w)(?:\d+|ba|sáu)(?= (?:khu vực|nhóm))"
)
_NUM_WORDS = ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy")
# First syllables of task verbs: a phrase starting with one is an action, else a thing ("same kind" distractors).
_VERB_HEADS = set(
    "xây tăng đẩy nâng hoàn rà phát đào bồi kiểm giám thanh tuyên quán phổ triển áp ứng chuyển đổi khuyến thúc "
    "bảo tạo cập trao hợp xử bố thu đầu quy sửa bổ thể duy củng mở thiết đánh chú gắn phối hướng đôn sơ tổng "
    "báo nghiên cải chuẩn kết cung tham vận lãnh chỉ chủ kịp biểu khen".split()
)
_ACTOR_VERB = re.compile(
    r"(?<!các)\s(lãnh đạo, chỉ đạo|lãnh đạo|chỉ đạo|chủ trì|phối hợp|tổ chức(?! chính trị| đảng| hoạt động)"
    r"|đẩy mạnh|tăng cường|giao)\s"
)
# "hóa" -> "hoá": the other tone placement a learner may type (normalize.canonical_tones goes the other way)
_NEW_STYLE = re.compile(r"([oOuU])([\u0300\u0301\u0309\u0303\u0323])([aAeEyY])(?!\w)")
_INSTITUTION = re.compile(r"(?i)\b(ban|bộ|đảng|mặt trận|cấp ủy|cấp uỷ|chính phủ|ủy ban|uỷ ban|tỉnh uỷ|hội)\b")


@dataclass(frozen=True)
class QuizItem:
    kind: str  # mcq | true_false | fill_blank | situation
    question: str
    options: tuple[str, ...]
    answer: str
    explanation: str  # what a learner reads after answering: the key, the citation and the quotation
    clause_id: str
    label: str
    difficulty: str
    quote: str = ""  # the verbatim sentence (or part) the item rests on
    point: str = ""  # the document point it belongs to ("ct38/4"): what the blueprint spreads over
    accepted: tuple[str, ...] = ()  # other spellings a short answer accepts (no diacritics, old tone marks)
    secret: str = ""  # the phrase the item tests: no other item of the quiz may show it
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slot:
    point: str
    kind: str
    difficulty: str


@dataclass(frozen=True)
class Quiz:
    """A quiz and what recreates it: the seed, the blueprint, and its A/B versions (same slots)."""

    items: tuple[QuizItem, ...]
    seed: int
    slots: tuple[Slot, ...]
    versions: tuple[tuple[QuizItem, ...], ...] = ()
    point_labels: dict = field(default_factory=dict)
    notice: str = ""  # Vietnamese: why fewer items, what was relaxed


# ---- text helpers ------------------------------------------------------------------------------------------
def has_phrase(text: str, phrase: str) -> bool:
    """Whether phrase occurs in text as whole words, ignoring case and tone placement ("ba" is not in "ban")."""
    t, p = " ".join(normalize.key(text).split()), " ".join(normalize.key(phrase).split())
    return bool(p) and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", t) is not None


def _sentence_key(text: str) -> frozenset:
    syl = normalize.syllables(normalize.folded_key(text))
    return frozenset(zip(syl, syl[1:]))


def same_sentence(a: frozenset, b: frozenset) -> bool:
    """Near-identical sentences (a local plan copying the Directive): one source for the blueprint."""
    return bool(a and b) and len(a & b) / max(len(a), len(b)) >= 0.6


def _short_part(sentence: str, limit: int = 200) -> list[tuple[str, int]]:
    """A sentence, or its "; "-separated parts when long, each with its offset."""
    if len(sentence) <= limit:
        return [(sentence, 0)]
    out, pos = [], 0
    for part in re.split(r"(?<=;) ", sentence):
        if 40 <= len(part) <= 320:
            out.append((part, pos))
        pos += len(part) + 1
    return out


def alternative_spellings(answer: str) -> tuple[str, ...]:
    """Spellings a learner may type for the same words: without diacritics, old or new tone placement."""
    forms = [normalize.canonical_tones(answer), answer, normalize.fold(answer)]
    old = _NEW_STYLE.sub(r"\1\3\2", unicodedata.normalize("NFD", normalize.canonical_tones(answer)))
    forms.append(normalize.nfc(old))
    return tuple(f for f in dict.fromkeys(forms) if f != answer)


def _kind_of(phrase: str) -> tuple[int, bool]:
    syl = normalize.syllables(normalize.key(phrase))
    return len(syl), bool(syl) and syl[0] in _VERB_HEADS


def _inside_citation(sentence: str, start: int, end: int) -> bool:
    return any(m.start() < end and start < m.end() for m in CITATION.finditer(sentence))


# ---- the material: points, sentences, phrases ----------------------------------------------------------------
def points_of(assistant, doc_id: str) -> dict[str, list[Clause]]:
    """A document's points ("ct38/4", "kh-xa-haiphong/II.4"), its opening and closing paragraphs as one point each;
    its paragraphs one by one when it has no numbering. A one-line point ("Chỉ thị này phổ biến đến các chi bộ.")
    or a preamble made of citations holds nothing to ask."""
    units: dict[str, list[Clause]] = {}
    clauses = [c for c in assistant.index.clauses if c.doc_id == doc_id and c.kind != "header" and c.path]
    for c in clauses:
        if re.fullmatch(r"p\d+", c.path[0]):
            key: tuple[str, ...] = ("mo-dau",)
        elif re.fullmatch(r"c\d+|ket", c.path[0]):
            key = ("ket",)
        else:
            key = c.path[:2] if re.fullmatch(r"[IVX]+", c.path[0]) and len(c.path) > 1 else c.path[:1]
            if re.fullmatch(r"[IVX]+", key[0]) and len(key) == 1:
                continue
        units.setdefault(f"{doc_id}/{'.'.join(key)}", []).append(c)
    if len(units) < 3:
        units = {c.id: [c] for c in clauses if c.kind == "body"}
    framing = (f"{doc_id}/mo-dau", f"{doc_id}/ket")  # numbered points always count; framing text when askable
    return {k: cs for k, cs in units.items() if _long_enough(cs) and (k not in framing or _askable(cs))}


def _long_enough(clauses: list[Clause]) -> bool:
    return sum(len(c.text) for c in clauses if c.kind == "body") >= 60


def _askable(clauses: list[Clause]) -> bool:
    """Some sentence that is not mostly a citation of another document (a "Thực hiện Chỉ thị số …" preamble is)."""
    for c in clauses:
        for s in split_sentences(c) if c.kind == "body" else []:
            if len(s.text) >= 40 and _cited_share(s.text) <= 1 / 3:
                return True
    return False


def _cited_share(text: str) -> float:
    return sum(len(m.group(0)) for m in CITATION.finditer(text)) / max(1, len(text))


def point_label(clauses: list[Clause]) -> str:
    return re.sub(r", (?:đoạn|ý) \d+", "", clauses[0].label)


@dataclass
class _Sentence:
    clause: Clause
    point: str
    text: str
    key: frozenset
    difficulty: str


class _Material:
    """Sentences of the chosen points and, over the whole knowledge base, pools of same-kind phrases."""

    def __init__(self, assistant, doc_ids: list[str], topic: str | None = None):
        self.a = assistant
        self.keys = [" ".join(normalize.key(c.text).split()) for c in assistant.index.clauses]
        self.points: dict[str, list[Clause]] = {}
        for d in doc_ids:
            self.points.update(points_of(assistant, d))
        self.sentences: list[_Sentence] = []
        for p, cs in self.points.items():
            first = True
            for c in cs:
                if c.kind != "body":
                    continue
                for s in split_sentences(c):
                    for part, _ in _short_part(s.text):
                        if (
                            len(part) < 40
                            or sum(len(m.group(0)) for m in CITATION.finditer(part)) > len(part) * 2 / 3
                        ):
                            continue
                        diff = "de" if first else ("vua" if len(part) <= 200 else "kho")
                        first = False
                        self.sentences.append(_Sentence(c, p, part, _sentence_key(part), diff))
        if topic:  # only the sentences about the topic, and only the points that hold them
            terms = content_terms(topic)
            self.sentences = [s for s in self.sentences if overlap(s.text, terms) >= 0.75]
            self.points = {
                p: cs for p, cs in self.points.items() if any(s.point == p for s in self.sentences)
            }
        self.junctions = self._fixed_junctions()
        self.phrase_pool: list[tuple[str, str]] = []  # (phrase, point) over every document
        for c in assistant.index.clauses:
            if c.kind == "body":
                owner = c.id
                for s in split_sentences(c):
                    self.phrase_pool += [(ph, owner) for _o, ph in self.phrases(s.text)]
        self.actors = self._actors()

    def said_anywhere(self, sentence: str) -> bool:
        s = " ".join(normalize.key(sentence.rstrip("…").strip()).split())
        return any(s in k for k in self.keys)

    def clause_count(self, phrase: str) -> int:
        p = re.compile(rf"(?<!\w){re.escape(' '.join(normalize.key(phrase).split()))}(?!\w)")
        return sum(1 for k in self.keys if p.search(k))

    def _fixed_junctions(self) -> set[tuple[str, str]]:
        """Word pairs across a comma that recur in several clauses ("đo lường, chất lượng", "quốc phòng, an ninh"):
        inside a fixed enumeration, so no blank may start or end there."""
        seen: dict[tuple[str, str], set[str]] = {}
        for c in self.a.index.clauses:
            for m in re.finditer(r"(\w+), (\w+)", normalize.key(c.text)):
                seen.setdefault((m.group(1), m.group(2)), set()).add(c.id)
        return {k for k, ids in seen.items() if len(ids) >= 5}

    def _cuts_enumeration(self, sentence: str, start: int, end: int) -> bool:
        before = re.search(r"(\w+), $", normalize.key(sentence[:start]))
        after = re.match(r", (\w+)", normalize.key(sentence[end:]))
        words = normalize.syllables(normalize.key(sentence[start:end]))
        return bool(
            (before and (before.group(1), words[0]) in self.junctions)
            or (after and (words[-1], after.group(1)) in self.junctions)
        )

    def phrases(self, sentence: str) -> list[tuple[int, str]]:
        """Whole list members (between commas, "và", "hoặc") of 2–5 syllables, not inside a citation, not cut out
        of a fixed enumeration."""
        out = []
        for m in re.finditer(r"[^,;:.()«»“”\"…]+", sentence):
            for piece in re.finditer(r"(?:(?<=^)|(?<= và )|(?<= hoặc ))(?:(?! và | hoặc ).)+", m.group(0)):
                text = piece.group(0).strip()
                if not text:
                    continue
                start = m.start() + piece.start() + piece.group(0).index(text)
                syl = normalize.syllables(normalize.key(text))
                if not 2 <= len(syl) <= 5 or start == 0 or any(ch.isdigit() for ch in text):
                    continue
                if syl[0] in FUNCTION_WORDS or syl[-1] in FUNCTION_WORDS or text[0].isupper() or "-" in text:
                    continue
                if _inside_citation(sentence, start, start + len(text)):
                    continue
                if self.junctions and self._cuts_enumeration(sentence, start, start + len(text)):
                    continue
                out.append((start, text))
        return out

    def _actors(self) -> list[tuple[str, str, str, Clause]]:
        """(actor, verb, task, clause): a body or item that opens with who does what, or under such a heading."""
        out = []
        for c in self.a.index.clauses:
            if c.kind == "header":
                continue
            text = " ".join(c.text.split())
            m = _ACTOR_VERB.search(text)
            if m and m.start() < 90 and _INSTITUTION.search(text[: m.start()]):
                task = text[m.end() :].split(";")[0].split(". ")[0].rstrip(".")
                actor = text[: m.start()].strip().rstrip(",")
                if (
                    c.kind == "body"
                    and 20 <= len(task) <= 220
                    and not CITATION.search(actor)
                    and not task.startswith("với")
                ):
                    out.append((actor, m.group(1), task, c))
        return out

    def distractor_phrases(self, right: str, clause: Clause, sentence: str, n: int, rng) -> list[str]:
        """Same-kind phrases from other clauses that do not make the sentence true anywhere."""
        kind = _kind_of(right)
        cands = [p for p, owner in self.phrase_pool if owner != clause.id and _kind_of(p) == kind]
        cands = [p for p in cands if self.clause_count(p) >= 2]  # a word only one text uses may be its typo
        cands = [p for p in dict.fromkeys(cands) if normalize.key(p) != normalize.key(right)]
        rng.shuffle(cands)
        out: list[str] = []
        for p in cands:
            if has_phrase(clause.text, p) or any(has_phrase(p, o) or has_phrase(o, p) for o in out + [right]):
                continue
            if self.said_anywhere(sentence.replace(right, p, 1)):
                continue
            out.append(p)
            if len(out) == n:
                break
        return out


# ---- candidates ------------------------------------------------------------------------------------------------
def _explain(answer: str, clause: Clause, quote: str, why: str = "") -> str:
    return f"Đáp án: {answer}.{' ' + why if why else ''} Căn cứ {point_label([clause])}: «{quote}»"


def _number_pool(span: str) -> list[str]:
    if span.endswith("%"):
        n = int(span[:-1])
        return [f"{x}%" for x in (5, 10, 15, 20, 25, 30) if x != n]
    if span.isdigit():
        return [str(x) for x in range(1, 10) if x != int(span)]
    return [w for w in _NUM_WORDS if w != span]


def _candidates(m: _Material, s: _Sentence, rng: random.Random) -> list[QuizItem]:
    c, text, out = s.clause, s.text, []
    base = {"clause_id": c.id, "label": c.label, "difficulty": s.difficulty, "quote": text, "point": s.point}
    where = point_label([c])
    targets: list[tuple[int, str, list[str], str]] = []  # (offset, right, distractors, category)
    for mt in _NUMBER.finditer(text):
        if not _inside_citation(text, mt.start(), mt.end()):
            pool = [
                x for x in _number_pool(mt.group(0)) if not m.said_anywhere(text.replace(mt.group(0), x, 1))
            ]
            rng.shuffle(pool)
            targets.append((mt.start(), mt.group(0), pool[:3], "number"))
    phrases = sorted(m.phrases(text), key=lambda t: (m.clause_count(t[1]), -len(t[1])))
    for off, ph in phrases[:2]:
        if m.clause_count(ph) <= 8:
            targets.append((off, ph, m.distractor_phrases(ph, c, text, 3, rng), "phrase"))
    for off, right, wrong, cat in targets:
        blanked = text[:off] + BLANK + text[off + len(right) :]
        secret = right if cat == "phrase" else ""
        if len(wrong) == 3:
            opts = [right, *wrong]
            rng.shuffle(opts)
            q = f"Theo {where}: «{blanked.rstrip('.')}». Chọn {'số' if cat == 'number' else 'cụm từ'} đúng cho chỗ trống."
            out.append(QuizItem("mcq", q, tuple(opts), right, _explain(right, c, text), **base, secret=secret,
                                tags=(cat,)))  # fmt: skip
        if cat == "phrase" and len(normalize.syllables(right)) <= MAX_FILL_SYLLABLES:
            q = f"Điền vào chỗ trống (theo {where}): «{blanked}»"
            out.append(QuizItem("fill_blank", q, (), right, _explain(right, c, text), **base,
                                accepted=alternative_spellings(right), secret=right, tags=(cat,)))  # fmt: skip
        if wrong:
            altered = text[:off] + wrong[0] + text[off + len(right) :]
            if not m.said_anywhere(altered):
                q = f"Theo {where}, nhận định sau đúng hay sai: «{altered.rstrip('.')}»"
                why = f"Văn bản ghi «{right}», không phải «{wrong[0]}»."
                out.append(QuizItem("true_false", q, (TRUE, FALSE), FALSE, _explain(FALSE, c, text, why), **base,
                                    secret=right, tags=("swap", cat)))  # fmt: skip
    if _cited_share(text) > 1 / 3:
        return out  # a statement mostly about a cited document tests its number and date: no true/false on it
    q = f"Theo {where}, nhận định sau đúng hay sai: «{text.rstrip('.')}»"
    out.append(
        QuizItem("true_false", q, (TRUE, FALSE), TRUE, _explain(TRUE, c, text), **base, tags=("verbatim",))
    )
    return out


def _situations(m: _Material, rng: random.Random) -> list[QuizItem]:
    """ "Tình huống": who does a task under the plan, the other actors of the same document as distractors."""
    out = []
    for actor, verb, task, c in m.actors:
        point = next((p for p, cs in m.points.items() if c in cs), None)
        if point is None:
            continue
        meta = m.a.index.docs[c.doc_id].meta
        others = [a for a, _v, _t, x in m.actors if x.doc_id == c.doc_id and not has_phrase(c.text, a)]
        others += [d.meta.issuer for d in m.a.index.docs.values() if not has_phrase(c.text, d.meta.issuer)]
        others = [
            o for o in dict.fromkeys(others) if normalize.key(o) != normalize.key(actor) and len(o) < 90
        ]
        rng.shuffle(others)
        if len(others) < 3:
            continue
        opts = [actor, *others[:3]]
        rng.shuffle(opts)
        who = {"xã": "Một doanh nghiệp trên địa bàn xã", "tỉnh": "Một cơ quan của tỉnh"}.get(
            meta.level, "Một cán bộ"
        )
        q = (f"Tình huống: {who} muốn biết ai {verb} {'' if task.startswith('việc ') else 'việc '}«{task}». "
             f"Theo {meta.short}, cơ quan, tổ chức nào {verb} việc này?")  # fmt: skip
        quote = f"{actor} {verb} {task}"
        if not normalize.contains(c.text, quote):
            continue
        out.append(QuizItem("situation", q, tuple(opts), actor, _explain(actor, c, quote), c.id, c.label, "vua",
                            quote, point, secret=actor, tags=("actor",)))  # fmt: skip
        altered = f"{others[0]} {verb} {task}"
        if not m.said_anywhere(altered):
            q = f"Theo {point_label([c])}, nhận định sau đúng hay sai: «{altered}»"
            why = f"Văn bản giao việc này cho {actor}, không phải {others[0]}."
            out.append(QuizItem("true_false", q, (TRUE, FALSE), FALSE, _explain(FALSE, c, quote, why), c.id, c.label,
                                "kho", quote, point, secret=actor, tags=("swap", "actor")))  # fmt: skip
    return out


# ---- the blueprint ---------------------------------------------------------------------------------------------
def make_blueprint(
    points: list[str], count: int, kinds: list[str], difficulty: str, per_point: int | None = None
) -> list[Slot]:
    """Slots spread evenly over the points (or per_point each), kinds and difficulties cycled."""
    if per_point:
        order = [p for p in points for _ in range(per_point)]
    else:
        order = [points[i % len(points)] for i in range(count)]
    levels = list(DIFFICULTIES) if difficulty == MIXED else [difficulty]
    slots = []
    for i, p in enumerate(order):
        slots.append(Slot(p, kinds[i % len(kinds)], levels[(i // len(kinds)) % len(levels)]))
    return slots


def _visible(item: QuizItem) -> str:
    return " ".join([item.question, *item.options])


def _windows(item: QuizItem) -> list[str]:
    """The tested phrase with two words of its context on either side: what would give the item away."""
    if not item.secret or len(item.secret.split()) < 2:
        return []
    i = item.quote.find(item.secret)
    if i < 0:
        return [item.secret]
    before = item.quote[:i].split()[-2:]
    after = item.quote[i + len(item.secret) :].split()[:2]
    out = [" ".join([*before, item.secret]), " ".join([item.secret, *after])]
    return [re.sub(r"[,;:.]+$|^[,;:.]+", "", w).strip() for w in out if w != item.secret]


def _reveals(a: QuizItem, b: QuizItem) -> bool:
    """Whether one item shows the other's tested phrase in the same wording around it."""
    return any(has_phrase(_visible(y), w) for x, y in ((a, b), (b, a)) for w in _windows(x))


def _fill(slots: list[Slot], pool: list[QuizItem], keys: dict, rng: random.Random) -> list[QuizItem]:
    """One item per slot: its point and difficulty first, then its point, then any; never a sentence twice.

    True/false slots go first and their keys alternate within each difficulty: a slot takes the key its difficulty
    has fewer of (from any point) or, failing that, another of the asked kinds. A difficulty left with one key more
    (of three or more items) gives its last such item's slot to another kind: true and false end up equal.
    """
    kinds = list(dict.fromkeys(s.kind for s in slots))
    order = sorted(range(len(slots)), key=lambda n: slots[n].kind != "true_false")
    placed: dict[int, QuizItem] = {}
    chosen: list[QuizItem] = []
    used: list[frozenset] = []
    tf = {d: {TRUE: 0, FALSE: 0} for d in DIFFICULTIES}
    lead = {d: rng.choice((TRUE, FALSE)) for d in DIFFICULTIES}  # which key a difficulty starts with

    def free(i: QuizItem) -> bool:
        return not any(same_sentence(keys[id(i)], u) for u in used) and not any(
            _reveals(i, x) for x in chosen
        )

    def balanced(i: QuizItem) -> bool:
        """Not a true/false item, or its key is the one its difficulty lacks (at a tie: the drawn first key)."""
        if i.kind != "true_false":
            return True
        count = tf[i.difficulty]
        other = FALSE if i.answer == TRUE else TRUE
        return count[i.answer] < count[other] or (
            count[i.answer] == count[other] and i.answer == lead[i.difficulty]
        )

    def tied(i: QuizItem) -> bool:
        return tf[i.difficulty][TRUE] == tf[i.difficulty][FALSE]

    def pick_for(slot: Slot, allowed: list[str]) -> QuizItem | None:
        tiers = [
            lambda i: i.point == slot.point and i.difficulty == slot.difficulty,
            lambda i: i.point == slot.point,
            lambda i: i.difficulty == slot.difficulty,
            lambda i: True,
        ]
        kinds_ = [slot.kind, *allowed]
        # the slot's point with any asked kind before another point: every point gets its items
        order = [(t, k, balanced) for t in tiers[:2] for k in kinds_] + [
            (t, k, balanced) for k in kinds_ for t in tiers[2:]
        ]
        if (
            slot.kind == "true_false"
        ):  # the key its difficulty lacks from any point first, a tie-breaking one last
            strict = [
                (t, slot.kind, lambda i: balanced(i) and i.difficulty == slot.difficulty) for t in tiers
            ]
            order = (
                strict
                + [(t, slot.kind, balanced) for t in tiers]
                + order
                + [(t, slot.kind, tied) for t in tiers]
            )
        return next(
            (i for tier, kind, test in order for i in pool
             if i.kind in allowed and i.kind == kind and test(i) and tier(i) and free(i)),
            None,
        )  # fmt: skip

    def place(n: int, pick: QuizItem) -> None:
        used.append(keys[id(pick)])
        if pick.kind == "true_false":
            tf[pick.difficulty][pick.answer] += 1
        chosen.append(pick)
        placed[n] = pick

    for n in order:
        pick = pick_for(slots[n], kinds)
        if pick is not None:
            place(n, pick)
    others = [k for k in kinds if k != "true_false"]
    for d, count in tf.items():
        # a true/false-only quiz, or a difficulty with a single true/false item, keeps its odd item
        if count[TRUE] == count[FALSE] or not others or count[TRUE] + count[FALSE] < 3:
            continue
        surplus = TRUE if count[TRUE] > count[FALSE] else FALSE
        n = max(
            n
            for n, i in placed.items()
            if i.kind == "true_false" and i.difficulty == d and i.answer == surplus
        )
        gone = placed.pop(n)
        chosen.remove(gone)
        used.remove(keys[id(gone)])
        count[surplus] -= 1
        pick = pick_for(slots[n], others) if others else None
        if pick is not None:
            place(n, pick)
    for point in dict.fromkeys(s.point for s in slots):  # a point left without an item takes a slot back
        if any(i.point == point for i in placed.values()):
            continue
        counts = Counter(i.point for i in placed.values())
        victims = [n for n, i in placed.items() if i.kind != "true_false" and counts[i.point] > 1]
        for n in reversed(victims):
            gone = placed.pop(n)
            chosen.remove(gone)
            used.remove(keys[id(gone)])
            pick = next((i for i in pool if i.point == point and free(i)
                         and (i.kind in others or (i.kind in kinds and tied(i)))), None)  # fmt: skip
            place(n, pick or gone)
            if pick is not None:
                break
    return [placed[n] for n in sorted(placed)]


def build_quiz(
    assistant, doc_ids: list[str] | None = None, topic: str | None = None, count: int = 10,
    difficulty: str = MIXED, kinds: list[str] | None = None, seed: int | None = None,
    per_point: int | None = None, versions: int = 1,
) -> Quiz:  # fmt: skip
    """A quiz by blueprint; seed None draws a new one each run (the seed used is kept to recreate it)."""
    if difficulty not in (*DIFFICULTIES, MIXED):
        raise ToolInputError(f"Độ khó «{difficulty}» không hợp lệ; chọn một trong: de, vua, kho, tron.")
    bad = [k for k in kinds or [] if k not in KINDS]
    if bad:
        raise ToolInputError(f"Loại câu hỏi không hợp lệ: {', '.join(bad)}; chọn trong: {', '.join(KINDS)}.")
    count = check_count(count)
    versions = check_count(versions, "số phiên bản đề", 1, 4)
    if per_point is not None:
        per_point = check_count(per_point, "số câu mỗi mục", 1, 20)
    docs = check_docs(assistant, doc_ids) or [
        d for d, doc in assistant.index.docs.items() if doc.meta.official
    ]
    topic = check_topic(assistant, topic, docs)
    seed = random.SystemRandom().randrange(1, 10**6) if seed is None else int(seed)
    rng = random.Random(seed)
    m = _Material(assistant, docs, topic)
    if not m.points:
        raise ToolInputError("Các văn bản đã chọn không có câu nào về chủ đề này để ra câu hỏi.")
    pool = [i for s in m.sentences for i in _candidates(m, s, rng)] + _situations(m, rng)
    rng.shuffle(pool)
    keys = {id(i): _sentence_key(i.quote) for i in pool}
    kinds = list(kinds or KINDS)
    slots = make_blueprint(list(m.points), count, kinds, difficulty, per_point)
    made: list[list[QuizItem]] = []
    for _ in range(versions):  # a later version: the same slots, none of the earlier versions' items
        made.append(_fill(slots, [i for i in pool if not any(i is x for v in made for x in v)], keys, rng))
    items = made[0]
    notice = ""
    if len(items) < len(slots):
        notice = (f"Chỉ tạo được {len(items)}/{len(slots)} câu không trùng câu nguồn và không lộ đáp án của nhau "
                  "với lựa chọn này; hãy chọn thêm văn bản hoặc giảm số câu.")  # fmt: skip
    labels = {p: point_label(cs) for p, cs in m.points.items()}
    return Quiz(tuple(items), seed, tuple(slots), tuple(tuple(v) for v in made), labels, notice)


def make_quiz(
    assistant, doc_ids: list[str] | None = None, topic: str | None = None, count: int = 10,
    difficulty: str = MIXED, kinds: list[str] | None = None, seed: int | None = None,
) -> list[QuizItem]:  # fmt: skip
    """The items of build_quiz (the web app's entry point)."""
    return list(build_quiz(assistant, doc_ids, topic, count, difficulty, kinds, seed).items)


def __getattr__(name: str):
    """quiz.items_markdown / quiz.export_quiz as before the split, for callers that import this module only."""
    if name in ("items_markdown", "export_quiz", "items_gift", "items_aiken", "answer_sheet"):
        from . import quiz_export

        return getattr(quiz_export, name)
    raise AttributeError(name)
