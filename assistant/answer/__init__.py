"""Query + passages -> Answer, extractive: verbatim sentences of the clauses, each with [n].

How an answer is chosen (`Reader.answer`), in this order; every Answer records its `route`, and a refusal
its `reason`:
1. point     — the user named a point ("mục 4", "giải pháp thứ ba"): quoted whole.
2. premise   — the question states a document's issuer, signer, date, a count or a percentage wrongly, or a
               cited document's date or number (references.py): the correction comes first, cited
               (premises.py), then the rest of the question is answered.
3. refusal   — one calibrated decision (refusal.py) over general features; a named thing no document
               contains is named in the refusal; when the reader is merely unsure it says so.
4. summary   — "tóm tắt …" of a document or of a part it names: its own points, cited.
5. fact      — a date, signer, number, cited document, percentage, count, amount or recipient, taken only
               from a sentence that also holds the question's focus (facts.py); a document's own header
               facts and date arithmetic between documents (cited ones too) come from the fact sheets.
6. list      — the items of a heading the question names, or of the heading or "… sau:" intro retrieved,
               in document order (lists.py).
7. sentences — the best sentences of the top clauses by the reader's fused score (reader.py), spread over
               documents when the question spans documents.
A question that asks several things is then answered ask by ask and merged (parts.py, in the pipeline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from ..names import number_aliases
from ..schema import Answer, Citation, Clause, DocMeta, Passage, Query
from ..sources.reflow import strip_marker
from ..text import normalize
from ..text.lexicon import DOC_KINDS
from ..text.overlap import overlap
from ..text.sentences import Sentence, quoted, render_row, split_sentences
from . import basis, facts, lists, premises, refusal, tables
from .reader import (
    SentenceVectors,
    idf_overlap,
    nearest_heading,
    pick,
    score_sentences,
    states,
    text_syllables,
)
from .references import References

SHORT_CLAUSE = 600  # characters: a clause this short is quoted whole
NEARLY = 0.995  # another clause's sentence is quoted too when it scores this close to the best (train split)
LIST_CLAUSE = 1500  # … and this long, when the question asks for a list (its items are the clause's parts)
# a heading shorter than this ("Mục đích", "Yêu cầu") says nothing by itself in an outline
BARE_TITLE_WORDS = 5
PART_WORDS = 6  # a heading a question names as a part ("phần yêu cầu", "mục tổ chức thực hiện") is this short
TITLE_NAMES = 0.6  # share of a question's focus words in a named document's title that makes them its name
READ_TOP = 5  # the reader scores the sentences of this many best passages
OUTLINE_ITEMS = 6  # points shown under each part of a summarised document
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


class CitationNumbers:
    """Numbers clauses [1], [2] … in the order the answer first uses them."""

    def __init__(self) -> None:
        self.order: list[Clause] = []

    def n(self, clause: Clause) -> int:
        for i, c in enumerate(self.order, start=1):
            if c.id == clause.id:
                return i
        self.order.append(clause)
        return len(self.order)

    def citations(self) -> list[Citation]:
        return [Citation(i, c) for i, c in enumerate(self.order, start=1)]


@dataclass
class Evidence:
    """What the reader worked out for one question: shared by the decision and the answer."""

    scored: list
    corrections: list[premises.Correction]
    fact_hits: dict[str, facts.Fact | None]
    unknown: list  # named things no document contains (those a correction already answers left out)
    features: dict[str, float]


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
        skip = (self._naming(query) | {t for t in query.focus if t not in self.idf}) if asked else set()
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
            if ((fact_hits and not any(fact_hits.values()) and not self._header_parts(query)) or who_unbound)
            and not query.is_summary
            else 0.0,
            "margin": (top - second) / top if top > 0 else 0.0,
        }
        return Evidence(scored, corrections, fact_hits, unknown, features)

    def _who_unbound(self, query: Query, scored: list) -> bool:
        """ "Cơ quan nào chủ trì …?": the body asked for is read from a sentence that says what it does; when
        no sentence read holds the question's focus (its predicate), the answer would name a body doing
        something else."""
        if query.fact_kinds != ("who",) or query.header_part or query.yes_no:
            return False
        naming = self._naming(query)
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
            head = [_correction_line(c, cites) for c in corrections]
            doc_id, prefix = query.point
            lines = [f"{quoted(c)} [{cites.n(c)}]" for c in self._point(doc_id, prefix)[:14]]
            return self._done(query, head + lines, cites, passages, "premise" if head else "point")
        passages = self._part_first(query, passages)
        ev = self.evidence(query, passages)
        head = [_correction_line(c, cites) for c in ev.corrections]
        # "… phải không?" asked only the premise: the correction is the answer; not when it asks more ("…, nhóm
        # đầu tiên là gì?") or the correction is that the figure is another document's (what this one says follows)
        if head and query.yes_no and not query.asks_more and all(c.kind != "percent" for c in ev.corrections):
            return self._done(query, head, cites, passages, "premise")
        if not ev.unknown:
            cited_only = self._cited_only(query, ev)
            if cited_only and not head:
                return refusal.refusal_answer(query.question, cited_only, passages, "cited-only")
            missing = self._missing_header(query)
            if missing and not head:
                return refusal.refusal_answer(query.question, missing, passages, "header-absent")
            # answered from the named documents' own structure and fact sheets, whatever the passages hold
            strategies = (
                (self._summary, "summary"),
                (self._table, "list"),
                (self._basis, "fact"),
                (self._dates, "fact"),
                (self._header, "fact"),
                (self._section, "list"),
            )
            for strategy, name in strategies:
                body = strategy(query, passages, ev, cites)
                if body:
                    return self._done(query, head + body, cites, passages, "premise" if head else name)
        decision = self.decide(query, ev)
        if not decision.answer:
            if head:
                return self._done(query, head, cites, passages, "premise")
            text = refusal.refusal_text(decision.reason, ev.unknown, query.fact_kinds)
            return refusal.refusal_answer(query.question, text, passages, decision.reason)
        for strategy, name in ((self._facts, "fact"), (self._list, "list"), (self._sentences, "sentences")):
            body = strategy(query, passages, ev, cites)
            if body:
                return self._done(query, head + body, cites, passages, "premise" if head else name)
        return self._done(query, head, cites, passages, "premise" if head else "sentences")

    def _named_part(self, query: Query) -> tuple[Clause | None, list[Clause]]:
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
            if " phan " in folded and (untitled := _untitled_part(doc, normalize.syllables(folded))):
                return None, untitled
        return None, []

    def _part_first(self, query: Query, passages: list[Passage]) -> list[Passage]:
        """The passages of the part the question names first; its clauses are read when the search found none
        of them ("ở phần mở đầu, …")."""
        _, members = self._named_part(query)
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
            left_out = self._naming(query) | {
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

    def _done(self, query: Query, lines: list[str], cites: CitationNumbers, passages, route: str) -> Answer:
        return Answer(
            query.question,
            "\n".join(lines),
            False,
            cites.citations(),
            _read_first(passages, cites),
            route=route,
        )

    def _point(self, doc_id: str, prefix: tuple[str, ...]) -> list[Clause]:
        return [c for c in self.by_doc.get(doc_id, []) if c.path[: len(prefix)] == prefix]

    # ---- strategies: each returns the answer's lines, or [] when it does not apply ------------------------
    def _summary(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        """A document's points; a part of it ("tóm tắt phần tổ chức thực hiện") when a heading names that part."""
        if not query.is_summary or not (query.doc_ids or passages):
            return []
        # "Tóm tắt chế độ họp của Ban Chỉ đạo": no document named, the best passage's, if a part is named so
        named = bool(query.doc_ids)
        lines: list[str] = []
        for d in list(query.doc_ids)[:3] if named else [passages[0].clause.doc_id]:
            doc = self.by_doc.get(d, [])
            # "tóm tắt báo cáo sơ kết … thực hiện Chỉ thị 38": words of the document's own title name it, not
            # one of its parts
            title = set(normalize.syllables(normalize.folded_key(self.metas[d].title)))
            terms = [t for t in self._topic_terms(query) if t not in title]
            # "tóm tắt các nhóm nhiệm vụ, giải pháp …": words that ask for a list name a part too
            if not terms:
                left_out = _SUMMARY_WORDS | self._naming(query) | title
                terms = [t for t in query.terms if t not in left_out]
            attached = _attached_part(doc, self.metas[d], query.text)
            if attached:  # "tóm tắt kế hoạch …" of a decision that issues it: the plan attached to it
                doc = attached
            section = _named_section(doc, terms, query.text)
            if section is None and not named:
                return []
            part = _untitled_part(doc, terms) if section is None else []
            if part:  # "phần mở đầu", "phần kết": paragraphs without a heading, named by the clauses' labels
                lines.append(f"{self.metas[d].short}, {part[0].label.split(', ')[1]}:")
                lines += [f"{i}. {_gist(c)} [{cites.n(c)}]" for i, c in enumerate(part[:10], start=1)]
                continue
            if section is None and terms:
                continue  # a topic no part is named after ("mục tiêu đến năm 2030"): the best passages say it
            if section is not None:
                kids = [c for c in doc if c.path[: len(section.path)] == section.path and c is not section]
                # its own points (IV.1 … IV.6), not the first items of its first point; points that are bare
                # titles ("1. Mục đích", "2. Yêu cầu") say nothing: their items then
                units = lists.top_units(kids, len(section.path))
                bare = all(u.kind == "heading" and len(u.text.split()) < 5 for u in units)
                points = (
                    units
                    if len(units) >= 2 and not bare
                    else lists.document_points(kids)
                    if kids
                    else [section]
                )
                lines.append(f"{section.label}: {section.text.strip()}")
            else:
                what = attached[0].label.split(", ")[1] + " " if attached else ""
                outline = lists.document_outline(doc)
                if outline:  # every part, each with its first points: the document's whole shape
                    lines.append(f"{what}{self.metas[d].short} gồm các phần chính:")
                    for top, items in outline:
                        lines.append(f"{top.path[0]}. {top.text.strip()}")
                        lines += [
                            _outline_line(i, c, doc, cites)
                            for i, c in enumerate(items[:OUTLINE_ITEMS], start=1)
                        ]
                    continue
                points = lists.document_points(doc)
                lines.append(f"{what}{self.metas[d].short} gồm các nội dung chính:")
            lines += [
                f"{i}. {lists.first_part(c)} [{cites.n(c)}]" for i, c in enumerate(points[:10], start=1)
            ]
        return lines

    def _header_parts(self, query: Query) -> list[str]:
        """The header parts a question about one named document asks for ("do ai ký, ngày nào?" asks two)."""
        if (
            not query.header_part
            or len(query.doc_ids) != 1
            or self._other_focus(query)
            or query.cited_numbers
        ):
            return []  # with a cited document named, the header asked for is that one's
        parts = [query.header_part]
        # "gửi tới những ai?": the addressees first ("Nơi nhận: - Như trên" refers back to them), unless the
        # question asks for the "nơi nhận" block by its name
        if (
            parts == ["noi-nhan"]
            and "noi nhan" not in normalize.folded_key(query.text)
            and self._header_fact(query.doc_ids[0], "kinh-gui")[0] is not None
        ):
            parts.insert(0, "kinh-gui")
        # "có số hiệu gì, ban hành ngày nào và do cơ quan nào ban hành?" asks three
        parts += [p for p in query.header_parts if p not in parts]
        extra = {"signer": "chu-ky", "number": "so-hieu", "date": "ngay"}
        if query.header_part in ("chu-ky", "ngay", "so-hieu", "co-quan", "loai", "trich-yeu"):
            parts += [extra[k] for k in query.fact_kinds if k in extra and extra[k] not in parts]
        return parts

    def _other_focus(self, query: Query) -> bool:
        """Whether the question asks about something inside the document, not the document's own header:
        more than three topic words beside the words naming the document and the things the question names."""
        named = {w for n in query.named for w in normalize.folded_key(n.text).split()}
        # the words that ask for the header part ("ai viết", "tên tác giả") are not another topic, nor those of
        # the document's title that describe it ("Nghị quyết … về chính sách hỗ trợ … có số hiệu là gì?")
        asking = {w for m in query.asking for w in m.split()}
        titles = {
            w for d in query.doc_ids for w in normalize.syllables(normalize.folded_key(self.metas[d].title))
        }
        return len([t for t in self._topic_terms(query) if t not in named | asking | titles]) > 3

    def _header_fact(self, doc_id: str, part: str) -> tuple[Clause | None, facts.SheetFact | None]:
        """The document's header clause for a part, and the fact-sheet value it states."""
        sheet = self.sheets[doc_id]
        value = {
            "chu-ky": sheet.signer,
            "ngay": sheet.date,
            "so-hieu": sheet.number,
            "co-quan": sheet.issuer,
        }.get(part)
        # the kind: stated by the title ("BÁO CÁO …"), a letter's by its subject line and number
        # (a decision's subject is its title's "Về việc …")
        wanted = {"loai": ("tieu-de", "trich-yeu", "so-hieu"), "trich-yeu": ("trich-yeu", "tieu-de")}.get(
            part, (part,)
        )
        clause = next(
            (c for w in wanted for c in self.by_doc.get(doc_id, []) if c.kind == "header" and c.path[0] == w),
            None,
        )
        return (clause or (value.clause if value is not None else None)), value

    def _missing_header(self, query: Query) -> str:
        """ "Số hiệu của kế hoạch xã?" when that document gives none: say so (a known absence)."""
        labels = {"ngay": "ngày ban hành", "chu-ky": "người ký", "so-hieu": "số hiệu"}
        parts = self._header_parts(query)
        if (
            not parts
            or parts[0] not in labels
            or self._header_fact(query.doc_ids[0], parts[0])[0] is not None
        ):
            return ""
        return f"{self.metas[query.doc_ids[0]].short} (bản hiện có) không ghi {labels[parts[0]]}."

    def _header(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        facts_lines, quotes = [], []
        for part in self._header_parts(query):
            clause, value = self._header_fact(query.doc_ids[0], part)
            if clause is None:
                continue
            n = cites.n(clause)
            quote = (
                facts.one_line(clause.text)
                if clause.kind == "header"
                else _sentence_with(
                    clause,
                    value.value if value else "",
                    facts.without_place(value.value, self.metas[query.doc_ids[0]].place) if value else "",
                )
            )
            if value is not None and part in ("ngay", "chu-ky", "so-hieu", "co-quan"):
                facts_lines.append(f"{'ngày ' if part == 'ngay' else ''}{value.value} [{n}]")
                quotes.append(f"Trích: „{quote}“ [{n}]")
            elif part == "loai":
                meta = self.metas[query.doc_ids[0]]
                facts_lines.append(f"{meta.short} là {meta.kind.lower()} [{n}]")
                quotes.append(f"Trích: „{quote}“ [{n}]")
            else:
                facts_lines.append(f"{quote} [{n}]")
        if not facts_lines:
            return []
        return ["\n".join(facts_lines), *(["", *dict.fromkeys(quotes)] if quotes else [])]

    def _table(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        """ "Sở Công Thương phối hợp những nhiệm vụ nào?": every row of the table that holds it (tables.py)."""
        first = tables.source_row(passages)
        rows = tables.matching_rows(query, first, self.by_doc.get(first.doc_id, [])) if first else []
        if not rows:
            return []
        noun = next((h for h in tables.header(first)[1:] if h), "dòng").lower()
        if len(rows) == 1:
            return [f"{render_row(rows[0])} [{cites.n(rows[0])}]"]
        lines = [f"{self.metas[first.doc_id].short} có {len(rows)} {noun} khớp với câu hỏi:"]
        return lines + [f"{i}. {render_row(r)} [{cites.n(r)}]" for i, r in enumerate(rows, start=1)]

    def _basis(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        """ "… căn cứ vào những văn bản nào?": the named document's own opening "Căn cứ …" / "Thực hiện …"."""
        if not query.basis or not 0 < len(query.doc_ids) <= 2:
            return []
        found = [b for d in query.doc_ids for b in basis.basis_sentences(self.by_doc.get(d, []))]
        bound = ev.fact_hits.get("reference")
        own = bound is not None and (
            bound.sentence.clause.kind == "header" or any(bound.sentence.text == text for _, text in found)
        )
        if own and not query.is_list:
            return []  # one cited document asked, bound in the title or opening lines: the fact route gives it
        if not query.is_list and query.asked_kind and query.asked_kind != "van ban":
            # "… triển khai quyết định nào …?": the opening lines that cite a document of that kind
            found = [
                (c, t) for c, t in found if re.search(rf"\b{query.asked_kind}\b", normalize.folded_key(t))
            ]
        return [f"„{text}“ [{cites.n(clause)}]" for clause, text in found[:8]]

    def _dates(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        """Which of two documents came first, and how long between them: the knowledge base's own from their
        fact sheets, a document the texts cite ("… sau Công văn 1847 mấy ngày?") from the date written next
        to its number, cited there."""
        if "date" not in query.fact_kinds:
            return []
        if not query.date_calc and ("reference" in query.fact_kinds or query.due or query.cited_numbers):
            return []  # the date of a document a text cites, or a deadline a text sets: not the texts' own dates
        cited = [r for r in self.refs.named(query) if r.date] if query.date_calc else []
        # a document named only by its place ("… của Thành ủy Hải Phòng") is there as the cited one's issuer
        folded = f" {normalize.folded_key(query.text)} "
        holders = {r.clause.doc_id for r in cited}
        docs = [
            d for d in query.doc_ids
            if d not in holders or any(f" {a} " in folded for a in number_aliases(self.metas[d]))
        ]  # fmt: skip
        dated = [
            (s.date_value, s.meta.short, s.date.value, s.date.clause)
            for s in (self.sheets[d] for d in docs)
            if s.date_value and s.date is not None
        ]
        dated += [(r.date, r.label, r.date_text, r.clause) for r in cited]
        # a document the knowledge base holds and a text cites too is listed once
        once = {(day, label): (day, label, w, c) for day, label, w, c in reversed(dated)}
        dated = list(once.values())[::-1]
        if len(dated) < 2:
            return []
        dated.sort(key=lambda x: x[0])
        lines = []
        for _day, label, written, clause in dated:
            ref = f" [{cites.n(clause)}]" if clause is not None else ""
            lines.append(f"- {label}: ngày {written}{ref}")
        if query.date_calc:  # the arithmetic is ours, from the cited dates
            (d1, first, _, _), (d2, last, _, _) = dated[0], dated[-1]
            span = _span(d1, d2)
            lines.append(
                f"{first} ban hành sớm nhất; {last} ban hành sau đó {(d2 - d1).days} ngày"
                + (f" (khoảng {span})." if span else ".")
            )
        return lines

    def _facts(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        found = [f for f in ev.fact_hits.values() if f is not None]
        if not found or query.is_summary:  # "tóm tắt … và các mốc thời hạn": the text, not one of its dates
            return []
        lines, quotes = [], []
        for f in found:
            n = cites.n(f.sentence.clause)
            lines.append(f"{f.value} [{n}]")
            quote = (
                facts.one_line(f.sentence.clause.text)
                if f.sentence.clause.kind == "header"
                else f.sentence.text
            )
            quotes.append(f"Trích: „{quote}“ [{n}]")
        return ["\n".join(lines), "", *dict.fromkeys(quotes)]

    def _naming(self, query: Query) -> set[str]:
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

    def _topic_terms(self, query: Query) -> list[str]:
        """What a summary or list question is about, without the words that name the document ("Đảng ủy xã")."""
        naming = self._naming(query)
        return [t for t in facts.focus_terms(query) if t not in _SUMMARY_WORDS and t not in naming]

    def _section(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        """ "Kế hoạch … nêu những mục đích gì?", "… có mấy nhóm nhiệm vụ?": a list question whose topic a
        heading of the named document holds is answered with that heading's items, whatever was retrieved."""
        if not query.is_list or not query.doc_ids:
            return []
        doc = self.by_doc.get(query.doc_ids[0], [])
        terms = self._topic_terms(query)
        if lists.UNITS_Q.search(
            normalize.folded_key(query.text)
        ):  # "những nhóm nhiệm vụ nào": the units are the topic
            naming = self._naming(query)
            terms = [t for t in query.terms if t not in naming and t not in _SUMMARY_WORDS]
        heading = self._named_part(query)[0] or _named_section(doc, terms, query.text)
        if heading is None:
            return []
        depth = len(heading.path) + 1
        items = [c for c in doc if c.path[: len(heading.path)] == heading.path and len(c.path) == depth]
        intro = heading
        if items and items[0].kind == "body" and items[0].text.rstrip().endswith(":"):
            intro, items = items[0], items[1:]  # "Kế hoạch đề ra 3 nhóm nhiệm vụ, giải pháp sau:"
        return self._list_lines(query, items, intro, cites) if len(items) >= 2 else []

    def _list(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        if not (query.is_list or ("count" in query.fact_kinds)):
            return []
        items, intro = lists.list_items(query.text, passages, self.by_doc, list(query.doc_ids))
        if len(items) < 2 or intro is None:
            return []
        return self._list_lines(query, items, intro, cites)

    def _list_lines(
        self, query: Query, items: list[Clause], intro: Clause, cites: CitationNumbers
    ) -> list[str]:
        count = facts.extract("count", intro.text, intro) if "count" in query.fact_kinds else []
        if (
            count and not query.names_items
        ):  # "mấy nhóm?": the number as the intro states it, and the intro quoted
            n = cites.n(intro)
            return [f"{count[0].group(0)} [{n}]", "", f"Trích: „{intro.text.strip()}“ [{n}]"]
        if count:  # "mấy nhóm, kể tên từng nhóm": the number, then the items
            lines = [f"{count[0].group(0)} [{cites.n(intro)}]:"]
        elif intro.kind == "heading":  # a heading is a title, not a statement: shown, not cited
            lines = [f"{intro.label}: {intro.text.strip()}"]
        else:
            lines = [f"{intro.label.split(',')[0]}:"]
        # "nhóm nào nói về nguồn nhân lực?": the one item about that, not the list
        which = (
            _which_item(items, list(query.tail_focus) or self._topic_terms(query))
            if query.which_one
            else None
        )
        if which is not None:
            return [f"{quoted(which)} [{cites.n(which)}]"]
        # a paragraph under the heading says its part in full (a list item gives its title or first sentence)
        lines += [
            f"{i}. {_gist(c) if _paragraph(c) else lists.first_part(c)} [{cites.n(c)}]"
            for i, c in enumerate(items, start=1)
        ]
        return lines

    def _sentences(self, query: Query, passages, ev: Evidence, cites: CitationNumbers) -> list[str]:
        """The clause holding the best sentence, quoted whole when short, else by its best sentences; other
        clauses only when they score nearly as well (or, for a question across documents, one per document)."""
        if not ev.scored:
            return []
        best = ev.scored[0]
        chosen = [best]
        if len(query.doc_ids) > 1:  # every document the question names speaks for itself
            chosen = [next(s for s in ev.scored if s.sentence.clause.doc_id == d) for d in query.doc_ids
                      if any(s.sentence.clause.doc_id == d for s in ev.scored)]  # fmt: skip
        elif query.cross:
            chosen = pick(ev.scored, 3, spread=True)
        else:
            chosen += [s for s in ev.scored[1:3] if s.score >= NEARLY * best.score]
        by_clause: dict[str, list] = {}
        for s in chosen:
            by_clause.setdefault(s.sentence.clause.id, []).append(s)
        lines = []
        for group in sorted(by_clause.values(), key=lambda g: min(x.rank for x in g)):
            clause = group[0].sentence.clause
            sents = split_sentences(clause)
            whole = LIST_CLAUSE if query.is_list else SHORT_CLAUSE
            if len(clause.text) <= whole or len(sents) <= 2:
                texts = [quoted(clause)]
            else:
                own = [s for s in ev.scored if s.sentence.clause.id == clause.id][:2]
                starts = sorted({s.sentence.start: s.sentence.text for s in [*group, *own]}.items())
                texts = [text for _, text in starts]
            texts = list(dict.fromkeys(texts))
            title = _subject_heading(clause)
            if title and not normalize.contains(texts[0], title):
                texts[0] = (
                    f"{title.rstrip(':')}: {texts[0]}"  # "Sở Tài chính: Tham mưu …": whose task it states
                )
            lines += [f"{t} [{cites.n(clause)}]" for t in texts]
        return lines


_SUMMARY_WORDS = {
    "tom",
    "tat",
    "luoc",
    "khai",
    "quat",
    "tong",
    "quan",
    "chinh",
    "phan",
    "ngan",
    "gon",
    "giup",
    "toi",
}


def _subject_heading(clause: Clause) -> str:
    """The nearest heading above a paragraph when it is a short name ("2. Sở Tài chính" -> "Sở Tài chính"):
    a paragraph under it states that body's (or that topic's) part without naming it."""
    if clause.kind != "body" or not clause.heading:
        return ""
    title = strip_marker(nearest_heading(clause)).strip()
    return title if 0 < len(title.split()) <= 12 and not title.isupper() else ""


def _named_section(doc_clauses: list[Clause], terms: list[str], asked: str = "") -> Clause | None:
    """The heading holding most of the question's topic words ("phần tổ chức thực hiện"), if one holds half;
    among those, the one most of whose own words the question (`asked`) says ("mục đích" names "Mục đích",
    "mục đích, yêu cầu" names "MỤC ĐÍCH, YÊU CẦU"), then the shallowest."""
    if not terms:
        return None
    said = set(normalize.syllables(normalize.folded_key(asked)))

    def share(c: Clause) -> float:
        words = set(normalize.syllables(normalize.folded_key(c.text)))
        return sum(t in words for t in terms) / len(terms)

    def named(c: Clause) -> float:
        words = normalize.syllables(normalize.folded_key(c.text))
        return sum(w in said for w in words) / len(words) if words else 0.0

    best = max(
        (c for c in doc_clauses if c.kind == "heading"),
        key=lambda c: (share(c), named(c), -len(c.path)),
        default=None,
    )
    return best if best is not None and share(best) >= 0.5 else None


def _attached_part(doc: list[Clause], meta: DocMeta, asked: str) -> list[Clause]:
    """The clauses of a document attached to `meta`'s one ("Kế hoạch kèm theo") when the question names that
    kind and not the document's own: [] otherwise."""
    folded = normalize.folded_key(asked)
    own = normalize.folded_key(meta.kind)
    for kind in DOC_KINDS:
        key = normalize.folded_key(kind)
        if key != own and re.search(rf"\b{key}\b", folded):
            part = [c for c in doc if f", {kind} kèm theo, " in c.label]
            if part:
                return part
    return []


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


def _read_first(passages: list[Passage], cites: CitationNumbers) -> list[Passage]:
    """The answer's passages are what it was built from: a clause it cites that the search did not rank among
    the passages read (a header, a fact sheet's source, a heading's items, a summary's points) leads them, marked
    `via="read"`, in the order the answer cites it; the rest keep their rank (the evaluation scores the search
    alone on them)."""
    read = {p.clause.id for p in passages[:READ_TOP]}
    extra = [c for c in cites.order if c.id not in read]
    if not extra:
        return passages
    top = max((p.score for p in passages), default=0.0) + 1.0
    ids = {c.id for c in extra}
    return [Passage(c, top - i * 1e-3, via="read") for i, c in enumerate(extra)] + [
        p for p in passages if p.clause.id not in ids
    ]


def _span(d1, d2) -> str:
    """ "5 tháng", "3 năm 3 tháng", "1 năm": whole months between two dates, in years and months ("" when
    under a month)."""
    months = (d2.year - d1.year) * 12 + d2.month - d1.month - (1 if d2.day < d1.day else 0)
    years, rest = divmod(max(0, months), 12)
    if not years:
        return f"{rest} tháng" if rest else ""
    return f"{years} năm {rest} tháng" if rest else f"{years} năm"


def _paragraph(clause: Clause) -> bool:
    """A plain paragraph of a section ("II/p2"), not a numbered or dashed item."""
    return clause.kind == "body" and bool(re.fullmatch(r"p\d+(?:~\d+)?", clause.path[-1]))


def _gist(clause: Clause) -> str:
    """A paragraph quoted whole when short, else its first two sentences (a paragraph has no title)."""
    if len(clause.text) <= SHORT_CLAUSE:
        return quoted(clause)
    return " ".join(s.text for s in split_sentences(clause)[:2]) or clause.text.strip()


def _outline_line(i: int, item: Clause, doc: list[Clause], cites: CitationNumbers) -> str:
    """One point of a document's outline: a titled point by its title; a bare title ("1. Mục đích") with
    what its first paragraph or item says, cited there."""
    if item.kind != "heading":
        return f"{i}. {_gist_short(item)} [{cites.n(item)}]"
    if len(item.text.split()) < BARE_TITLE_WORDS:
        under = next(
            (
                x
                for x in doc
                if x.kind == "body" and len(x.path) > len(item.path) and x.path[: len(item.path)] == item.path
            ),
            None,
        )
        if under is not None:
            return f"{i}. {strip_marker(item.text).strip()}: {_gist_short(under)} [{cites.n(under)}]"
    return f"{i}. {lists.first_part(item)} [{cites.n(item)}]"


def _gist_short(clause: Clause) -> str:
    """A paragraph standing for a whole part of an outline: its first sentence."""
    sentences = split_sentences(clause)
    return sentences[0].text if sentences else clause.text.strip()


def _untitled_part(doc_clauses: list[Clause], terms: list[str]) -> list[Clause]:
    """The clauses of a part without a heading ("phần mở đầu", "phần kết") whose name the question holds."""
    parts: dict[str, list[Clause]] = {}
    for c in doc_clauses:
        bits = c.label.split(", ")
        if c.kind != "header" and len(bits) > 2 and normalize.folded_key(bits[1]).startswith("phan "):
            parts.setdefault(bits[1], []).append(c)
    for name, clauses in parts.items():
        words = normalize.syllables(normalize.folded_key(name))[1:]
        if words and all(w in terms for w in words):
            return clauses
    return []


def _counts_units(query: Query) -> bool:
    """ "Mấy nhóm nhiệm vụ?" counts the document's own items: answered by listing them."""
    folded = normalize.folded_key(query.text)
    # the unit counted right after "bao nhiêu"/"mấy" ("bao nhiêu chợ đã bố trí điểm cân đối" counts markets)
    return any(lists.UNITS_Q.match(folded, m.end()) for m in _HOW_MANY.finditer(folded))


_HOW_MANY = re.compile(r"\b(?:bao nhieu|may)\s+")


def _whole(clause: Clause) -> list[Sentence]:
    return [Sentence(clause, clause.text, 0)]


def _sentence_with(clause: Clause, *needles: str) -> str:
    """The clause's first sentence holding one of the needles (the first needle first); else the clause."""
    sentences = split_sentences(clause)
    for needle in needles:
        for s in sentences:
            if needle and normalize.contains(s.text, needle):
                return s.text
    return clause.text


def _which_item(items: list[Clause], terms: list[str]) -> Clause | None:
    """The item whose words hold most of the question's topic, when one clearly does."""
    topic = [t for t in terms if t not in lists.UNIT_SYLLABLES]
    if not topic or len(items) < 2:
        return None
    # by each item's title (its first part): a long item's body mentions many things
    scored = sorted(((overlap(lists.first_part(c), topic), i) for i, c in enumerate(items)), reverse=True)
    (best, at), (second, _) = scored[0], scored[1]
    return items[at] if best >= 0.5 and best > second else None


def _correction_line(c: premises.Correction, cites: CitationNumbers) -> str:
    """ "Lưu ý: <correction> [n] — văn bản ghi: „<the clause's own words>“." """
    if c.clause is None:
        return f"Lưu ý: {c.text}."
    quote = f" — văn bản ghi: „{c.quote}“" if c.quote else ""
    end = "" if c.quote[-1:] and c.quote[-1] in ".!?…" else "."
    return f"Lưu ý: {c.text} [{cites.n(c.clause)}]{quote}{end}"


def _corrected(name: str, corrections: list[premises.Correction]) -> bool:
    """Whether a named thing is the wrong claim a correction already answers ("do Bộ Chính trị ban hành")."""
    key = " ".join(normalize.folded_key(name).replace(",", " ").split())
    return any(key in c.wrong or c.wrong in key for c in corrections)
