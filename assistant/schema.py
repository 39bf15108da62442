"""Plain data passed between the stages: load -> clauses -> index -> retrieve -> answer -> verify.

No third-party imports here, so every stage (and the web app, CLI, eval) speaks the same small language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class DocMeta:
    """Catalog entry of one document: what a cadre writes when citing it."""

    id: str  # "ct38"
    kind: str  # "Chỉ thị", "Quyết định", "Chương trình", "Kế hoạch", "Công văn"
    number: str  # "38-CT/TW"; "" when the text gives none
    title: str
    issuer: str  # "Ban Bí thư"
    date: str  # ISO "2024-07-30"; "" when unknown
    level: str  # "Trung ương", "Chính phủ", "tỉnh", "xã"
    short: str  # how labels start: "Chỉ thị 38-CT/TW"
    signer: str = ""
    implements: tuple[str, ...] = ()  # documents it carries out or cites, as written
    official: bool = True  # False for a press summary (bản tin)
    press_note: str = ""  # "theo bản tin ngày 12/10/2024": appended to every label of a press summary
    source: str = ""  # file name under knowledge/ (or the uploaded file)
    place: str = ""
    notes: str = ""
    original_name: str = ""  # an upload's file name as the user had it ("" for the shipped documents)
    encoding: str = ""  # how an uploaded TXT/MD was read: utf-8, tcvn3, vni, cp1258 ... ("" otherwise)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SourceDoc:
    """A loaded document: clean verbatim text plus its catalog metadata."""

    meta: DocMeta
    text: str
    page_starts: tuple[int, ...] = ()  # character offset where each PDF page begins (empty otherwise)

    @property
    def id(self) -> str:
        return self.meta.id


@dataclass(frozen=True)
class Clause:
    """The unit the assistant quotes and cites: one point, one dash item, one paragraph, or a header fact."""

    id: str  # readable and stable: "ct38/4", "kh-xa-haiphong/II.4/-1"
    doc_id: str
    path: tuple[str, ...]  # ("II", "4", "-1")
    label: str  # what the user reads: "Chỉ thị 38-CT/TW, mục 4"
    text: str  # verbatim slice of the document text
    start: int  # offsets into SourceDoc.text, for highlighting
    end: int
    kind: str = "body"  # body | heading | header
    heading: str = ""  # the headings above it, joined: travels with the clause into the index
    page: int | None = None  # 1-based PDF page, when the source had pages

    def to_dict(self) -> dict:
        d = asdict(self)
        d["path"] = list(self.path)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Clause:
        return cls(**{**d, "path": tuple(d["path"])})


@dataclass(frozen=True)
class Passage:
    """A retrieved clause with its score and which index found it."""

    clause: Clause
    score: float
    dense_rank: int | None = None  # 1-based rank in the dense list, None if not found there
    lexical_rank: int | None = None
    dense_score: float | None = None
    lexical_score: float | None = None
    via: str = ""  # "read": a clause the answer read from the document's structure, not found by the search

    @property
    def found_by(self) -> str:
        if self.via:
            return self.via
        parts = [name for name, r in (("dense", self.dense_rank), ("lexical", self.lexical_rank)) if r]
        return "+".join(parts) or "direct"


@dataclass(frozen=True)
class NamedThing:
    """Something a question names that a document must contain for the question to be answerable."""

    # doc-number | organization | place | post | person | date | percent | article | acronym | topic
    kind: str
    text: str  # as written in the question
    known: bool  # whether any document (or its catalog entry) contains it
    absent_from: str = ""  # known elsewhere, but not in the one document the question is about (its name)


@dataclass(frozen=True)
class Query:
    """One question, analysed once (query.understand); retrieval, reading and refusal read it, never the raw text."""

    question: str  # the message as typed (NFC)
    text: str  # the part that asks (the last sentence of a two-sentence message), abbreviations expanded
    context: str = ""  # what the question leans on: the message's first sentences or the previous turn
    search_text: str = ""  # what retrieval matches: context + question, minus the words naming documents
    folded: bool = False  # typed without diacritics
    restore: bool = False  # diacritics to be put back for the dense side: typed without them, or mostly so
    terms: tuple[str, ...] = ()  # folded content terms of `text`
    focus: tuple[str, ...] = ()  # the terms that say what it is about, not which kind of fact it asks
    named: tuple[NamedThing, ...] = ()
    # date | percent | signer | number | reference | rank | count | recipient | money | contact | person | place | who
    fact_kinds: tuple[str, ...] = ()
    # the kinds the question's last part asks ("Ngày … ban hành X, vậy X đặt mục tiêu đến năm nào?": a date
    # again, after a statement a correction may answer); () when the question is one part
    tail_kinds: tuple[str, ...] = ()
    tail_focus: tuple[str, ...] = ()  # and what that last part is about
    claim: str = ""  # what the question states before it asks ("Tổ có 15 thành viên, vậy …?"), else ""
    # a question asking several things ("… ai chủ trì, và báo cáo về đâu?"): each ask as a message that can be
    # asked on its own (a later one with the first as its context); () when it asks one thing
    asks: tuple[str, ...] = ()
    asks_more: bool = False  # a question word besides a yes-no ("… phải không, nhóm đầu tiên là gì?")
    names_items: bool = False  # the items asked by name as well as counted ("mấy nhóm, kể tên từng nhóm")
    which_one: bool = False  # one item of a list asked for ("nhóm nào nói về …?"), not all ("những nhóm nào")
    due: bool = False  # a deadline a text sets is asked ("phải ban hành … trong tháng mấy?")
    wants_day: bool = False  # "… ngày nào?": answered by a day, not by a year
    in_force: bool = False  # "có hiệu lực từ ngày nào?": answered by a date the text says takes effect
    fine: bool = False  # "mức phạt … bao nhiêu?": a sum the text says is a fine, not a support or a budget
    current: bool = False  # "hiện nay có bao nhiêu …?": a state of things asked, not a target a text sets
    target: bool = False  # "đến năm 2030 … mục tiêu … bao nhiêu?": an aim asked, not the state of things
    basis: bool = False  # "… căn cứ vào những văn bản nào?": what the named document rests on
    years: tuple[str, ...] = ()  # target years the question says ("đến năm 2027 …")
    stated: tuple[str, ...] = ()  # numbers the question itself states ("trong 24 sản phẩm …")
    asked_kind: str = ""  # the kind of a cited document asked for ("kế hoạch số mấy"); "van ban": any
    about: tuple[str, ...] = ()  # what the question says a cited document asked for is about ("… về X mà …")
    doc_ids: tuple[str, ...] = ()  # documents the question names (retrieval is restricted to them)
    point: tuple[str, tuple[str, ...]] | None = None  # (doc_id, path prefix) of a point the user named
    header_part: str | None = None  # a header clause asked for: "ngay", "chu-ky", "so-hieu", "co-quan" ...
    header_parts: tuple[str, ...] = ()  # every header part the question names ("số hiệu …, do cơ quan nào …")
    asking: tuple[str, ...] = ()  # the folded words that ask for a header part ("ai viet", "tac gia", "ten")
    is_list: bool = False
    is_summary: bool = False
    cross: bool = False  # asks across documents (so sánh, các văn bản …)
    compare: bool = False  # sets the named documents side by side (so sánh, khác, cả hai …)
    date_calc: bool = False  # which came first, how long between two documents
    counted: str = ""  # the folded noun a "bao nhiêu …?" question counts ("trung tam", "dieu")
    place_level: str = ""  # the folded level a "place" question asks for ("xa" in "… xã nào?")
    post: str = ""  # the folded post whose holder a "person" question asks for ("truong ban", "bi thu")
    post_of: tuple[str, ...] = ()  # what the post is of ("Chủ tịch Ủy ban … Quốc gia"), folded words
    yes_no: bool = False  # "… phải không?", "có đúng là …?"
    codes: tuple[str, ...] = ()  # numbers that identify something ("ISO 14001", "17025"), not years or counts
    follow_up: bool = False  # completed from the previous turn

    @property
    def unknown_names(self) -> list[NamedThing]:
        """Bodies, places, people, documents and articles no document contains (a date or figure the documents
        lack is a premise to check, not a name)."""
        return [n for n in self.named if not n.known and n.kind not in ("date", "percent")]

    @property
    def cited_numbers(self) -> list[NamedThing]:
        """Numbers of documents the question names that are not in the knowledge base (only cited by one)."""
        return [n for n in self.named if n.kind == "doc-number"]


@dataclass(frozen=True)
class Citation:
    n: int  # the marker number [n]
    clause: Clause


@dataclass(frozen=True)
class StatementCheck:
    """One statement of a generated answer checked against the clause(s) it cites."""

    text: str
    markers: tuple[int, ...]
    supported: bool
    reason: str = ""  # Vietnamese, shown to the user when not supported


@dataclass
class Answer:
    question: str
    text: str  # with [n] markers
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"  # extractive | llm
    notice: str = ""  # Vietnamese note to the user (fallback reason, flagged statements, bad input)
    checks: list[StatementCheck] = field(default_factory=list)
    # how the answer was chosen (see assistant/answer/__init__.py): point | fact | list | premise | sentences |
    # summary | refusal | input-error | llm; and, for a refusal, a reason code (named-thing-absent, unbound-fact, ...)
    route: str = ""
    reason: str = ""

    def to_json(self) -> dict:
        """The interface other tools and the evaluation read (`assistant ask --json`)."""

        def clause_fields(c: Clause) -> dict:
            return {"clause_id": c.id, "doc_id": c.doc_id, "label": c.label, "text": c.text}

        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "mode": self.mode,
            "route": self.route,
            "reason": self.reason,
            "notice": self.notice,
            "citations": [{"n": c.n, **clause_fields(c.clause)} for c in self.citations],
            "passages": [
                {**clause_fields(p.clause), "score": round(p.score, 6), "found_by": p.found_by}
                for p in self.passages
            ],
            "unsupported": [
                {"text": s.text, "markers": list(s.markers), "reason": s.reason}
                for s in self.checks
                if not s.supported
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
