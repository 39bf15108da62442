"""The gold question set (eval/questions.jsonl) checked against the real knowledge base and clause parser.

Every evidence span must be a verbatim slice of one of its gold clauses, every gold id must exist, every key
fact must sit inside the evidence, and the set must ask about every part of every document that a cadre,
reporter or trainer is expected to ask about (the coverage sets below are computed from the parsed clauses).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from assistant.clauses import ORDINAL_SLUGS, parse_clauses
from assistant.config import PROJECT_ROOT, Settings
from assistant.schema import Clause
from assistant.sources import load_documents

QUESTIONS_PATH = PROJECT_ROOT / "eval" / "questions.jsonl"
KINDS = {"fact", "list", "explain", "cross-document", "paraphrase", "no-diacritics", "unanswerable"}
MIN_PER_KIND = {
    "fact": 25, "list": 15, "explain": 15, "cross-document": 10, "paraphrase": 12, "no-diacritics": 12,
    "unanswerable": 15,
}  # fmt: skip
FIELDS = {
    "id": str, "question": str, "kind": str, "gold_clause_ids": list, "evidence": list, "key_facts": list,
    "reference_answer": str, "doc_ids": list,
}  # fmt: skip
MIN_WORDS, MAX_WORDS = 5, 40
HEADER_FACTS = {"ngay", "so-hieu", "chu-ky", "tac-gia", "tieu-de"}  # number, date, signer, title, byline
ROMAN = re.compile(r"^[IVX]+$")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    lines = QUESTIONS_PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    # a throwaway data dir: only the shipped knowledge/, never documents a user uploaded
    return load_documents(Settings(data_dir=tmp_path_factory.mktemp("gold-data")))


@pytest.fixture(scope="module")
def clauses(docs) -> dict[str, Clause]:
    out: dict[str, Clause] = {}
    for doc in docs:
        for c in parse_clauses(doc):
            assert c.id not in out, f"duplicate clause id {c.id}"
            out[c.id] = c
    return out


@pytest.fixture(scope="module")
def answerable(questions) -> list[dict]:
    return [q for q in questions if q["kind"] != "unanswerable"]


@pytest.fixture(scope="module")
def gold_ids(questions) -> set[str]:
    return {cid for q in questions for cid in q["gold_clause_ids"]}


def _covered(doc_id: str, path: tuple[str, ...], gold: set[str], clauses: dict[str, Clause]) -> bool:
    """A point/section is asked about when a gold clause is that point or lies inside it."""
    return any(
        c.doc_id == doc_id and c.path[: len(path)] == path
        for cid in gold
        if (c := clauses.get(cid)) is not None
    )


# ---------------------------------------------------------------- the file itself


def test_file_is_utf8_one_object_per_line():
    raw = QUESTIONS_PATH.read_bytes()
    text = raw.decode("utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        assert line.strip(), f"blank line {n}"
        assert isinstance(json.loads(line), dict), f"line {n} is not a JSON object"
    assert "\\u00" not in text and "\\u1e" not in text, "write with ensure_ascii=False"


def test_size_and_mix(questions):
    assert len(questions) >= 120
    counts = Counter(q["kind"] for q in questions)
    assert set(counts) <= KINDS, f"unknown kinds {set(counts) - KINDS}"
    for kind, minimum in MIN_PER_KIND.items():
        assert counts[kind] >= minimum, f"only {counts[kind]} {kind} questions (want >= {minimum})"


def test_fields_and_ids(questions):
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids)), f"duplicate ids {[i for i, n in Counter(ids).items() if n > 1]}"
    for q in questions:
        assert set(q) == set(FIELDS), f"{q.get('id')}: fields {sorted(q)}"
        for name, typ in FIELDS.items():
            assert isinstance(q[name], typ), f"{q['id']}: {name} is not {typ.__name__}"
        assert re.fullmatch(r"q\d{3}", q["id"]), q["id"]
        assert q["kind"] in KINDS, f"{q['id']}: kind {q['kind']!r}"
        assert q["question"].strip() and q["reference_answer"].strip(), q["id"]
        for name in ("gold_clause_ids", "evidence", "key_facts", "doc_ids"):
            assert all(isinstance(x, str) and x.strip() for x in q[name]), f"{q['id']}: {name}"
            assert len(q[name]) == len(set(q[name])), f"{q['id']}: repeated entry in {name}"


def test_unanswerable_questions_have_no_gold(questions):
    unanswerable = [q for q in questions if q["kind"] == "unanswerable"]
    assert len(unanswerable) >= 15
    for q in unanswerable:
        assert q["gold_clause_ids"] == [] and q["evidence"] == [] and q["key_facts"] == [], q["id"]


def test_no_diacritics_questions_are_plain_ascii(questions):
    for q in questions:
        if q["kind"] == "no-diacritics":
            assert q["question"].isascii(), f"{q['id']}: {q['question']!r} carries diacritics"


def test_other_questions_are_written_with_diacritics(questions):
    accented = [q for q in questions if q["kind"] not in {"no-diacritics", "unanswerable"}]
    for q in accented:
        assert not q["question"].isascii(), f"{q['id']}: typed without diacritics but kind {q['kind']}"


# ---------------------------------------------------------------- against the real parser


def test_knowledge_base_is_what_the_set_was_written_for(docs):
    assert {d.id for d in docs} >= {"ct38", "qd1703", "ctr59-longan", "kh-xa-haiphong", "cv59-dienbien"}


def test_gold_clause_ids_exist(answerable, clauses):
    for q in answerable:
        assert q["gold_clause_ids"], f"{q['id']}: answerable question without gold clauses"
        missing = [cid for cid in q["gold_clause_ids"] if cid not in clauses]
        assert not missing, f"{q['id']}: unknown clause ids {missing}"


def test_doc_ids_match_gold(questions, clauses, docs):
    known = {d.id for d in docs}
    for q in questions:
        assert set(q["doc_ids"]) <= known, f"{q['id']}: unknown doc ids {set(q['doc_ids']) - known}"
        gold_docs = {clauses[cid].doc_id for cid in q["gold_clause_ids"] if cid in clauses}
        if q["kind"] != "unanswerable":
            assert set(q["doc_ids"]) == gold_docs, f"{q['id']}: doc_ids {q['doc_ids']} vs gold {gold_docs}"


def test_evidence_is_verbatim_in_a_gold_clause(answerable, clauses):
    for q in answerable:
        assert q["evidence"], f"{q['id']}: no evidence"
        texts = [nfc(clauses[cid].text) for cid in q["gold_clause_ids"] if cid in clauses]
        for span in q["evidence"]:
            assert any(nfc(span) in t for t in texts), f"{q['id']}: evidence not verbatim in gold: {span!r}"


def test_every_gold_clause_has_evidence(answerable, clauses):
    for q in answerable:
        for cid in q["gold_clause_ids"]:
            text = nfc(clauses[cid].text)
            assert any(nfc(span) in text for span in q["evidence"]), f"{q['id']}: no evidence span from {cid}"


def test_evidence_span_length(answerable, clauses):
    """5-40 words; a header clause shorter than that (e.g. 'Số 59-CV/BTG', 'An Châu') is quoted whole."""
    for q in answerable:
        whole = {nfc(clauses[cid].text) for cid in q["gold_clause_ids"] if cid in clauses}
        for span in q["evidence"]:
            n = len(span.split())
            assert MIN_WORDS <= n <= MAX_WORDS or nfc(span) in whole, f"{q['id']}: {n} words: {span!r}"


def test_key_facts_are_in_the_evidence(answerable):
    for q in answerable:
        assert 1 <= len(q["key_facts"]) <= 4, f"{q['id']}: {len(q['key_facts'])} key facts"
        for fact in q["key_facts"]:
            assert any(nfc(fact) in nfc(span) for span in q["evidence"]), f"{q['id']}: key fact {fact!r}"


# ---------------------------------------------------------------- coverage of the documents


def test_every_point_of_the_directive_is_asked(clauses, gold_ids):
    points = sorted(
        {c.path[0] for c in clauses.values() if c.doc_id == "ct38" and c.path[0].isdigit()}, key=int
    )
    assert points == [str(n) for n in range(1, 8)], points
    missing = [p for p in points if not _covered("ct38", (p,), gold_ids, clauses)]
    assert not missing, f"Chỉ thị 38: points never asked {missing}"


def test_dash_items_of_directive_point_7_are_asked(clauses, gold_ids):
    dashes = {
        cid for cid, c in clauses.items() if c.doc_id == "ct38" and len(c.path) == 2 and c.path[0] == "7"
    }
    assert len(dashes) == 6, sorted(dashes)
    asked = dashes & gold_ids
    assert len(asked) >= 3, f"only {sorted(asked)} of point 7 asked"


def test_every_group_of_decision_1703_is_asked(clauses, gold_ids):
    groups = sorted(
        {c.path[0] for c in clauses.values() if c.doc_id == "qd1703" and c.path[0].isdigit()}, key=int
    )
    assert groups == [str(n) for n in range(1, 7)], groups
    missing = [g for g in groups if not _covered("qd1703", (g,), gold_ids, clauses)]
    assert not missing, f"Quyết định 1703: groups never asked {missing}"


def test_every_ordinal_of_long_an_is_asked(clauses, gold_ids):
    ordinals = [f"ctr59-longan/{slug}" for slug in ORDINAL_SLUGS if f"ctr59-longan/{slug}" in clauses]
    assert len(ordinals) == 6, ordinals
    missing = [cid for cid in ordinals if cid not in gold_ids]
    assert not missing, f"Long An: never asked {missing}"


def test_every_section_of_the_haiphong_plan_is_asked(clauses, gold_ids):
    sections = sorted(
        {c.path[:2] for c in clauses.values() if c.doc_id == "kh-xa-haiphong" and len(c.path) >= 2
         and ROMAN.match(c.path[0]) and c.path[1].isdigit()}
    )  # fmt: skip
    expected = (
        {("I", "1"), ("I", "2")}
        | {("II", str(n)) for n in range(1, 7)}
        | {("III", str(n)) for n in range(1, 5)}
    )
    assert set(sections) == expected, sections
    missing = [".".join(s) for s in sections if not _covered("kh-xa-haiphong", s, gold_ids, clauses)]
    assert not missing, f"Hải Phòng plan: sections never asked {missing}"


def test_every_part_of_the_dienbien_letter_is_asked(clauses, gold_ids):
    parts = {cid for cid, c in clauses.items() if c.doc_id == "cv59-dienbien"}
    assert {"cv59-dienbien/so-hieu", "cv59-dienbien/ngay", "cv59-dienbien/trich-yeu",
            "cv59-dienbien/kinh-gui", "cv59-dienbien/p1", "cv59-dienbien/chu-ky"} <= parts  # fmt: skip
    missing = sorted(parts - gold_ids)
    assert not missing, f"Công văn 59 (Điện Biên): never asked {missing}"


def test_header_facts_of_every_document_are_asked(clauses, gold_ids, docs):
    required = {cid for cid, c in clauses.items() if c.path[-1] in HEADER_FACTS}
    # press summaries carry number, date and signer in their first paragraph
    required |= {f"{d.id}/p1" for d in docs if not d.meta.official and f"{d.id}/p1" in clauses}
    assert {"ct38/ngay", "ct38/chu-ky", "qd1703/p1", "ctr59-longan/p1", "kh-xa-haiphong/chu-ky"} <= required
    missing = sorted(required - gold_ids)
    assert not missing, f"header facts never asked {missing}"
