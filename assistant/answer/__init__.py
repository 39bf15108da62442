"""Query + passages -> Answer, extractive: verbatim sentences of the clauses, each with [n].

How an answer is chosen (`Reader.answer`), in this order; every Answer records its `route`, and a refusal
its `reason`. Each strategy is a function (reader, query, passages, evidence, citation numbers) -> the
answer's lines, or [] when it does not apply; the first that answers wins.
1. point     — the user named a point ("mục 4", "giải pháp thứ ba"): quoted whole.
2. premise   — the question states a document's issuer, signer, date, a count or a percentage wrongly, or a
               cited document's date or number (references.py): the correction comes first, cited
               (premises.py, citing.py), then the rest of the question is answered.
3. from the named documents' own structure and fact sheets, whatever the passages hold: a summary
   ("tóm tắt …", summary.py), a table's matching rows (tables.py), what a document rests on (basis.py), which
   document came first and how long between (header.py), a header part (header.py), the items of a heading
   the question names (lists.py).
4. refusal   — one calibrated decision (refusal.py) over general features; a named thing no document
               contains is named in the refusal; when the reader is merely unsure it says so.
5. fact      — a date, signer, number, cited document, percentage, count, amount or recipient, taken only
               from a sentence that also holds the question's focus (facts.py, quoted by quoting.py).
6. list      — the items of the heading or "… sau:" intro retrieved, in document order (lists.py).
7. sentences — the best sentences of the top clauses by the reader's fused score (reader.py, quoting.py),
               spread over documents when the question spans documents.
A question that asks several things is then answered ask by ask and merged (parts.py, in the pipeline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from ..schema import Answer, Clause, DocMeta, Passage, Query
from ..sources.reflow import strip_marker
from ..text import normalize
from ..text.lexicon import SUMMARY_WORDS
from ..text.overlap import overlap
from ..text.sentences import Sentence, quoted, render_row
from . import basis, facts, header, lists, premises, quoting, refusal, summary, tables
from .citing import READ_TOP, CitationNumbers, correction_line, done
from .reader import (
    SentenceVectors,
    idf_overlap,
    nearest_heading,
    score_sentences,
    states,
    text_syllables,
)
from .references import References

PART_WORDS = 6  # a heading a question names as a part ("phần yêu cầu", "mục tổ chức thực hiện") is this short
TITLE_NAMES = 0.6  # share of a question's focus words in a named document's title that makes them its name
WHO_BOUND = 0.2  # below this focus overlap no sentence read says what the body asked for does (train split)
_ASKABLE = (
    "date",
    "rank",
    "percent",
    "money",
    "count",
    "number",
    "reference",
    "signer",
    "recipient",
    "person",
    "place",
    "contact",
)


@dataclass
class Evidence:
    """What the reader worked out for one question: shared by the decision and the answer."""

    scored: list
    corrections: list[premises.Correction]
    fact_hits: dict[str, facts.Fact | None]
    unknown: list  # named things no document contains (those a correction already answers left out)
    features: dict[str, float]
    absent: list = field(default_factory=list)  # bodies the question states that its document never mentions


class Reader:
    """Holds what reading needs from the index (clauses per document, fact sheets, idf, sentence vectors)."""

    def __init__(self, clauses: list[Clause], metas: dict[str, DocMeta], idf: dict[str, float],
                 embedder=None, vectors: SentenceVectors | None = None, restore=None):  # fmt: skip
        self.clauses = clauses
        self.by_doc: dict[str, list[Clause]] = {}
        for c in clauses:
            self.by_doc.setdefault(c.doc_id, []).append(c)
        self.metas = metas
        self.idf = idf
        self.embedder = embedder
        self.vectors = vectors
        self.sheets = facts.Sheets(metas, self.by_doc)
        self.weights = refusal.load_weights()
        self.restore = restore  # puts diacritics back on a question typed without them (for the dense side)
        self._refs: References | None = None

    @property
    def refs(self) -> References:
        """The documents the texts cite, made the first time a question needs them."""
        if self._refs is None:
            self._refs = References(self.clauses, {m.number for m in self.metas.values()})
        return self._refs

    def query_vector(self, query: Query) -> np.ndarray | None:
        if self.embedder is None or self.vectors is None:
            return None
        text = query.search_text or query.text
        if query.restore and self.restore is not None:
            text = self.restore(text)
        v = np.asarray(self.embedder.embed_query(text), dtype=np.float32)  # cached by the embedder
        return v / (np.linalg.norm(v) or 1.0)

    # ---- evidence and decision --------------------------------------------------------------------------
    def evidence(self, query: Query, passages: list[Passage]) -> Evidence:
        readable = self._read_list(query, self._readable(query, passages))
        if self.vectors is not None:  # only sentences the warm-up has not reached yet
            self.vectors.ensure([p.clause for p in readable], save=False)
        corrections = premises.check(query, self.sheets)
        if query.cited_numbers:
            corrections += premises.check_cited(query, self.refs)
        # a body named as the asked document's issuer ("kế hoạch của UBND tỉnh …") names the document, not
        # what is asked: its words tell no sentence of that document apart; a wrong claim is no guide either
        issuers = [_unlevelled(f"{self.metas[d].issuer} {self.metas[d].place}") for d in query.doc_ids]
        doc_words = self.naming(query)  # the words naming the question's documents (read again for binding)
        orgs, naming = [], set()
        for n in query.named:
            if n.kind != "organization" or not n.known or _corrected(n.text, corrections):
                continue
            # the issuer in short ("Ban Tuyên giáo Đảng ủy Khối Điện Biên" for "… Khối Cơ quan và Doanh nghiệp
            # tỉnh Điện Biên"): every word of the name is the issuer's
            if any(set(_unlevelled(n.text).split()) <= set(i.split()) for i in issuers):
                naming |= set(normalize.syllables(normalize.folded_key(n.text)))
            else:
                orgs.append(n.text)
        # … and so do the words that name the one document asked about ("Hướng dẫn tuyên truyền … của Lam Sơn"):
        # every sentence of it is about them
        if len(query.doc_ids) == 1:
            naming |= doc_words
        terms = tuple(t for t in query.terms if t not in naming)
        scored = score_sentences(
            replace(query, terms=terms) if terms else query, readable, self.query_vector(query), self.vectors,
            self.idf, top=len(readable), orgs=orgs,
        )  # fmt: skip
        ranked = [(s.sentence, s.rank) for s in scored]
        ranked += [(s, 0) for p in passages[:3] if p.clause.kind == "header" for s in _whole(p.clause)]
        # "Nghị quyết 08-NQ/TW ban hành ngày nào?": the clause that cites the number is read, wherever it ranked
        for n in query.cited_numbers:
            ref = self.refs.get(n.text)
            if ref is not None and not any(p.clause.id == ref.clause.id for p in readable):
                ranked += [(s, 0) for s in _whole(ref.clause)]
        # "… thực hiện chỉ thị nào?": a named document's title names what it carries out
        if "reference" in query.fact_kinds:
            titles = [c for d in query.doc_ids for c in self.by_doc.get(d, []) if c.path == ("tieu-de",)]
            ranked += [
                (s, 0) for c in titles if not any(p.clause is c for p in passages[:3]) for s in _whole(c)
            ]
        # a figure the question states before it asks, against the sentence about the same thing
        corrections += [
            c for c in premises.check_figures(query, ranked, self.sheets) if c.kind not in {x.kind for x in corrections}
        ]  # fmt: skip
        corrected = {c.kind for c in corrections}
        asked = [
            k for k in query.fact_kinds
            if k in _ASKABLE and (k not in corrected or k in query.tail_kinds)
            and not (k == "count" and _counts_units(query))
        ]  # fmt: skip
        # words that cannot tell one sentence from another: the named documents' names, and words no document
        # has (a typo, "z" for "vậy"; a name no document has is the refusal's business, not binding's)
        skip = (doc_words | {t for t in query.focus if t not in self.idf}) if asked else set()
        # after a correction, a fact the question's last part asks is bound to what that part is about
        bind = replace(query, focus=query.tail_focus) if corrections and len(query.tail_focus) >= 2 else query
        fact_hits = {k: facts.bound_fact(k, bind, ranked, skip) for k in asked}
        # "Chỉ thị 38 ký ngày 30/8/2024 thì đặt mục tiêu đến năm nào?": the corrected date is not what the rest asks
        fact_hits = {
            k: None
            if f is not None and any(c.clause is f.sentence.clause and c.kind == k for c in corrections)
            else f
            for k, f in fact_hits.items()
        }
        who_unbound = self._who_unbound(query, scored)
        unknown = [n for n in query.unknown_names if not _corrected(n.text, corrections)]
        # "CT38 giao Bộ Công Thương chủ trì …, thế họ báo cáo cho ai?": a body the question only states, and the one
        # document it names never mentions, is a premise to correct, not a reason to refuse what it goes on to ask
        stated = []
        if query.claim and len(query.tail_focus) >= 2 and len(query.doc_ids) == 1:
            stated = [
                n for n in unknown if n.kind == "organization" and normalize.contains(query.claim, n.text)
            ]  # fmt: skip
            short = self.metas[query.doc_ids[0]].short
            corrections += [
                premises.Correction(
                    "absent",
                    query.doc_ids[0],
                    normalize.folded_key(n.text),
                    f"{short} không nhắc đến «{n.text}»",
                    None,
                )
                for n in stated
            ]
            unknown = [n for n in unknown if n not in stated]
        top = passages[0].score if passages else 0.0
        # the runner-up is the best passage that is not a near-copy of the first: a province's plans repeat
        # each other, and a copy of the answer is no competitor to it
        second = next((p.score for p in passages[1:] if not _near_copy(p.clause, passages[0].clause)), 0.0)
        features = {
            "dense": max((s.dense for s in scored), default=0.0),
            "coverage": idf_overlap(
                " ".join(f"{p.clause.heading} {p.clause.text}" for p in readable[:3]),
                list(query.terms),
                self.idf,
            )
            if query.terms
            else 1.0,
            # the question's terms by their corpus IDF, in a sentence read with its nearest heading (a
            # paragraph under "2. Phòng Tài chính" answers what that office does without naming it)
            "sentence_overlap": max(
                (
                    idf_overlap(
                        f"{nearest_heading(s.sentence.clause)} {s.sentence.text}", list(query.terms), self.idf
                    )
                    for s in scored
                ),
                default=0.0,
            ),
            "unknown_name": 1.0 if unknown else 0.0,
            # "tóm tắt những việc … và các mốc thời hạn": a summary's facts are part of what it asks, not all
            "fact_unbound": 1.0
            if (
                (fact_hits and not any(fact_hits.values()) and not header.header_parts(self, query))
                or who_unbound
            )
            and not query.is_summary
            else 0.0,
            "margin": (top - second) / top if top > 0 else 0.0,
        }
        return Evidence(scored, corrections, fact_hits, unknown, features, stated)

    def _who_unbound(self, query: Query, scored: list) -> bool:
        """ "Cơ quan nào chủ trì …?": the body asked for is read from a sentence that says what it does; when
        no sentence read holds the question's focus (its predicate), the answer would name a body doing
        something else."""
        if query.fact_kinds != ("who",) or query.header_part or query.yes_no:
            return False
        naming = self.naming(query)
        # "Trung tâm Ứng dụng … Long An trực thuộc sở nào?": the body the question names is its subject, not
        # what it asks; the predicate ("trực thuộc") is
        opening = " ".join(normalize.folded_key(query.text).split()[:2])
        named = {
            w for n in query.named if n.kind == "organization" and n.known
            and normalize.folded_key(n.text).startswith(opening)  # the question's subject, not a claim's object
            for w in normalize.syllables(normalize.folded_key(n.text))
        }  # fmt: skip
        focus = [t for t in query.focus if t not in naming and t in self.idf]
        predicate = [t for t in focus if t not in named]
        if predicate and len(predicate) < len(focus):  # … said of that body, in a sentence that names it
            subject = [t for t in focus if t in named]
            about = [s for s in scored if overlap(s.sentence.text, subject) >= 0.5]
            return max((overlap(s.sentence.text, predicate) for s in about), default=0.0) < WHO_BOUND
        best = max((overlap(s.sentence.text, focus) for s in scored), default=0.0)
        return bool(focus) and best < WHO_BOUND

    def _readable(self, query: Query, passages: list[Passage]) -> list[Passage]:
        """Passages whose sentences can answer: a heading stands for its items; header blocks (title,
        recipients, signature) only for a question about the header."""
        out: dict[str, Passage] = {}
        for p in passages:
            c = p.clause
            if c.kind == "header" and not query.header_part:
                continue
            if c.kind == "heading":
                if states(c):  # "… ban hành kế hoạch trước ngày 31/12/2024; trong đó:" says something itself
                    out.setdefault(c.id, p)
                kids = [
                    x for x in self.by_doc.get(c.doc_id, []) if x.path[: len(c.path)] == c.path and x is not c
                ]
                for k in kids[:6]:
                    if k.kind != "heading":
                        out.setdefault(k.id, Passage(k, p.score))
                continue
            out.setdefault(c.id, p)
            # a table row is read with the sentence that introduces its table ("Tổng kinh phí … là 58.800 triệu
            # đồng, … được phân bổ như sau:")
            if render_row(c) is not None and len(c.path) > 1:
                intro = next(
                    (x for x in self.by_doc.get(c.doc_id, []) if x.path == c.path[:-1] and states(x)), None
                )
                if intro is not None:
                    out.setdefault(intro.id, Passage(intro, p.score))
        return list(out.values())

    @staticmethod
    def _read_list(query: Query, readable: list[Passage], top: int = READ_TOP) -> list[Passage]:
        """The passages whose sentences are scored: the best few, and for a question comparing several
        named documents the best two of each as well, so every document can speak for itself."""
        head = readable[:top]
        if len(query.doc_ids) > 1 and query.compare:
            for d in query.doc_ids:
                if not any(p.clause.doc_id == d for p in head):
                    head += [p for p in readable[top:] if p.clause.doc_id == d][:2]
        return head

    def decide(self, query: Query, evidence: Evidence) -> refusal.Decision:
        return refusal.decide(evidence.features, self.weights)

    # ---- the answer -------------------------------------------------------------------------------------
    def answer(self, query: Query, passages: list[Passage]) -> Answer:
        if not passages:
            return refusal.refusal_answer(query.question, refusal.ABSENT, [], "no-passages")
        cites = CitationNumbers()
        # the point named, after a correction of what the question states wrongly; not when the point starts a
        # list asked for whole ("bao nhiêu nhiệm vụ? Kể tên từng cái theo thứ tự từ 'Một là'")
        if query.point and not (query.names_items and "count" in query.fact_kinds):
            corrections = premises.check(query, self.sheets)
            head = [correction_line(c, cites) for c in corrections]
            doc_id, prefix = query.point
            lines = [f"{quoted(c)} [{cites.n(c)}]" for c in self.point(doc_id, prefix)[:14]]
            return done(query, head + lines, cites, passages, "premise" if head else "point")
        passages = self._part_first(query, passages)
        ev = self.evidence(query, passages)
        head = [correction_line(c, cites) for c in ev.corrections]
        # "… phải không?" asked only the premise: the correction is the answer; not when it asks more ("…, nhóm
        # đầu tiên là gì?") or the correction is that the figure is another document's (what this one says follows)
        if head and query.yes_no and not query.asks_more and all(c.kind != "percent" for c in ev.corrections):
            return done(query, head, cites, passages, "premise")
        if not ev.unknown:
            cited_only = self._cited_only(query, ev)
            if cited_only and not head:
                return refusal.refusal_answer(query.question, cited_only, passages, "cited-only")
            missing = header.missing_header(self, query)
            if missing and not head:
                return refusal.refusal_answer(query.question, missing, passages, "header-absent")
            # answered from the named documents' own structure and fact sheets, whatever the passages hold
            strategies = (
                (summary.summary, "summary"),
                (tables.table, "list"),
                (basis.basis, "fact"),
                (header.dates, "fact"),
                (header.header, "fact"),
                (lists.section, "list"),
            )
            for strategy, name in strategies:
                body = strategy(self, query, passages, ev, cites)
                if body:
                    return done(query, head + body, cites, passages, "premise" if head else name)
        decision = self.decide(query, ev)
        # a note that the document never mentions a body the question states is no answer by itself
        absent = ev.absent
        corrects = any(c.kind != "absent" for c in ev.corrections)
        if not decision.answer:
            if corrects:
                return done(query, head, cites, passages, "premise")
            reason = "named-thing-absent" if absent else decision.reason
            text = refusal.refusal_text(reason, absent or ev.unknown, query.fact_kinds)
            return refusal.refusal_answer(query.question, text, passages, reason)
        for strategy, name in (
            (quoting.fact_lines, "fact"),
            (lists.listed, "list"),
            (quoting.sentences, "sentences"),
        ):
            body = strategy(self, query, passages, ev, cites)
            if body:
                return done(query, head + body, cites, passages, "premise" if head else name)
        if head and not corrects:
            text = refusal.refusal_text("named-thing-absent", absent, query.fact_kinds)
            return refusal.refusal_answer(query.question, text, passages, "named-thing-absent")
        return done(query, head, cites, passages, "premise" if head else "sentences")

    def named_part(self, query: Query) -> tuple[Clause | None, list[Clause]]:
        """The part of a document the question names: "phần yêu cầu", "mục tổ chức thực hiện" by its heading
        (returned with its clauses), "phần mở đầu" by the label of paragraphs without one (no heading)."""
        folded = f" {normalize.folded_key(query.text)} "
        if not re.search(r" (?:phan|muc|noi dung) ", folded):
            return None, []
        for d in query.doc_ids[:3]:
            doc = self.by_doc.get(d, [])
            titled = [
                (len(t.split()), c) for c in doc if c.kind == "heading"
                and 1 <= len((t := normalize.folded_key(strip_marker(c.text)).strip(" :.")).split()) <= PART_WORDS
                and re.search(rf" (?:phan|muc|noi dung) {re.escape(t)} ", folded)
            ]  # fmt: skip
            if titled:
                head = max(titled, key=lambda x: x[0])[1]
                return head, [c for c in doc if c.path[: len(head.path)] == head.path and c is not head]
            if " phan " in folded and (untitled := lists.untitled_part(doc, normalize.syllables(folded))):
                return None, untitled
        return None, []

    def _part_first(self, query: Query, passages: list[Passage]) -> list[Passage]:
        """The passages of the part the question names first; its clauses are read when the search found none
        of them ("ở phần mở đầu, …")."""
        _, members = self.named_part(query)
        if not members:
            return passages
        ids = {c.id for c in members}
        inside = [p for p in passages if p.clause.id in ids]
        if not inside:
            top = passages[0].score if passages else 1.0
            inside = [Passage(c, top, via="read") for c in members[:5]]
        return inside + [p for p in passages if p.clause.id not in ids]

    def _cited_only(self, query: Query, ev: Evidence) -> str:
        """A document the texts only cite ("Kế hoạch 07-KH/TU"): its content, count or signer is not here;
        unless what is asked is what a text here says of it ("Còn 03 nhiệm vụ chậm tiến độ so với Kế hoạch số
        46/KH-UBND, gồm: …" answers "nhiệm vụ nào của Kế hoạch 46/KH-UBND đang chậm tiến độ?")."""
        if not query.cited_numbers:
            return ""
        content = (query.is_list or query.is_summary) and not query.fact_kinds
        # its number is known from the citation ("Tờ trình của Phòng Kinh tế có số hiệu là gì?")
        header = any(k in query.fact_kinds for k in ("signer", "count", "recipient", "money"))
        if not (content or header):
            return ""
        if content:  # what the question asks of it beyond its name, its issuer and the units listed
            left_out = self.naming(query) | {
                w for n in query.named if n.kind != "date" for w in normalize.syllables(normalize.folded_key(n.text))
            }  # fmt: skip
            focus = [t for t in query.focus if t not in left_out and t not in lists.UNIT_SYLLABLES]
            if len(focus) >= 2 and any(
                any(normalize.contains(s.sentence.text, n.text) for n in query.cited_numbers)
                and overlap(s.sentence.text, focus) >= facts.BOUND
                for s in ev.scored[:8]
            ):
                return ""
        names = ", ".join(n.text for n in query.cited_numbers)
        return (
            f"Văn bản {names} chỉ được nhắc đến trong các văn bản hiện có; toàn văn của nó không có trong kho, "
            "nên không thể trả lời nội dung này."
        )

    def point(self, doc_id: str, prefix: tuple[str, ...]) -> list[Clause]:
        return [c for c in self.by_doc.get(doc_id, []) if c.path[: len(prefix)] == prefix]

    def naming(self, query: Query) -> set[str]:
        """The words that name the question's documents (title, issuer, place): every sentence of a named
        document is about them, so they do not tell which sentence a fact is bound to."""
        naming: set[str] = set()
        for d in query.doc_ids:
            m = self.metas[d]
            naming |= set(
                normalize.syllables(
                    normalize.folded_key(f"{m.short} {m.issuer} {m.place} {m.kind} {m.level}")
                )
            )
            # "Tổng kinh phí thực hiện Đề án nâng cao năng lực hạ tầng đo lường … là bao nhiêu?": a question that
            # names its document by restating the title
            title = set(normalize.syllables(normalize.folded_key(m.title)))
            if query.focus and sum(t in title for t in query.focus) >= TITLE_NAMES * len(query.focus):
                naming |= title
        return naming

    def topic_terms(self, query: Query) -> list[str]:
        """What a summary or list question is about, without the words that name the document ("Đảng ủy xã")."""
        naming = self.naming(query)
        return [t for t in facts.focus_terms(query) if t not in SUMMARY_WORDS and t not in naming]


def _unlevelled(name: str) -> str:
    """A body's folded name without its place's level: "Sở KH&CN Nam Thành" names "Sở Khoa học và Công nghệ
    tỉnh Nam Thành"."""
    return " ".join(_LEVEL.sub(" ", normalize.folded_key(name)).split())


_LEVEL = re.compile(r"\b(?:tinh|thanh pho|huyen|quan|thi xa|thi tran|xa|phuong)\b")


def _near_copy(a: Clause, b: Clause) -> bool:
    """Two clauses of different documents that say nearly the same thing (most of their words shared)."""
    if a.doc_id == b.doc_id:
        return False
    x, y = set(text_syllables(a.text)), set(text_syllables(b.text))
    return bool(x and y) and len(x & y) / len(x | y) >= 0.7


def _counts_units(query: Query) -> bool:
    """ "Mấy nhóm nhiệm vụ?" counts the document's own items: answered by listing them."""
    folded = normalize.folded_key(query.text)
    # the unit counted right after "bao nhiêu"/"mấy" ("bao nhiêu chợ đã bố trí điểm cân đối" counts markets)
    return any(lists.UNITS_Q.match(folded, m.end()) for m in _HOW_MANY.finditer(folded))


_HOW_MANY = re.compile(r"\b(?:bao nhieu|may)\s+")


def _whole(clause: Clause) -> list[Sentence]:
    return [Sentence(clause, clause.text, 0)]


def _corrected(name: str, corrections: list[premises.Correction]) -> bool:
    """Whether a named thing is the wrong claim a correction already answers ("do Bộ Chính trị ban hành")."""
    key = " ".join(normalize.folded_key(name).replace(",", " ").split())
    return any(key in c.wrong or c.wrong in key for c in corrections)
