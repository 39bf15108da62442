"""The gold question set (eval/questions.jsonl) checked against the real knowledge base and clause parser.

Every evidence span must be a verbatim slice of one of its gold clauses, every gold id must exist, every key
fact must sit inside the evidence, and the set must ask about every part of every document that a cadre,
reporter or trainer is expected to ask about (the coverage sets below are computed from the parsed clauses).
The unseen document of eval/data/unseen.toml is parsed through the administrator's path (`add_document`
with the toml's overrides) in a throwaway data dir, and its questions must all be in the test split.
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
from assistant.sources import add_document, load_documents
from eval.run import read_unseen
from eval.split import RATIOS, SPLITS_PATH, assign

QUESTIONS_PATH = PROJECT_ROOT / "eval" / "questions.jsonl"
SHIPPED = {"ct38", "qd1703", "ctr59-longan", "kh-xa-haiphong", "cv59-dienbien"}
KINDS = {
    "fact", "list", "explain", "cross-document", "paraphrase", "no-diacritics", "unanswerable",
    "colloquial", "abbreviation", "keyword", "false-premise", "follow-up", "multi-hop", "summary", "yes-no",
}  # fmt: skip
MIN_PER_KIND = {  # questions about the five shipped documents
    "fact": 25, "list": 15, "explain": 15, "cross-document": 10, "paraphrase": 12, "no-diacritics": 12,
    "unanswerable": 70, "colloquial": 25, "abbreviation": 20, "keyword": 25, "false-premise": 20,
    "follow-up": 15, "multi-hop": 15, "summary": 10,
}  # fmt: skip
MIN_UNSEEN, MIN_UNSEEN_KIND = 45, {"unanswerable": 6, "false-premise": 4}
FIELDS = {
    "id": str, "question": str, "kind": str, "gold_clause_ids": list, "evidence": list, "key_facts": list,
    "reference_answer": str, "doc_ids": list,
}  # fmt: skip
OPTIONAL = {
    "premise_correction": list,
    "unseen": bool,
    "upload": bool,
    "probe": bool,
}  # premise_correction exactly on false-premise items
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
def unseen_ids() -> set[str]:
    return {e["expect_id"] for e in read_unseen() if e["split"] == "test"}


@pytest.fixture(scope="module")
def upload_ids() -> set[str]:
    """Documents added for tuning (unseen.toml split = "dev"): their questions are dev questions."""
    return {e["expect_id"] for e in read_unseen() if e["split"] == "dev"}


@pytest.fixture(scope="module")
def docs(tmp_path_factory, unseen_ids):
    # a throwaway data dir: the shipped knowledge/ plus the unseen documents added as an administrator would
    settings = Settings(data_dir=tmp_path_factory.mktemp("gold-data"))
    for entry in read_unseen():
        added = add_document(settings, entry["path"], dict(entry["overrides"]))
        assert added.id == entry["expect_id"], (
            f"the add path now assigns {added.id}, the gold set uses {entry['expect_id']}"
        )
    docs = load_documents(settings)
    assert unseen_ids <= {d.id for d in docs}
    return docs


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
    shipped = [q for q in questions if not q.get("unseen") and not q.get("upload")]
    assert len(shipped) >= 320
    counts = Counter(q["kind"] for q in questions)
    assert set(counts) <= KINDS, f"unknown kinds {set(counts) - KINDS}"
    counts = Counter(q["kind"] for q in shipped)
    for kind, minimum in MIN_PER_KIND.items():
        assert counts[kind] >= minimum, f"only {counts[kind]} {kind} questions (want >= {minimum})"


def test_unseen_document_questions(questions, unseen_ids):
    unseen = [q for q in questions if q.get("unseen")]
    assert len(unseen) >= MIN_UNSEEN
    counts = Counter(q["kind"] for q in unseen)
    for kind, minimum in MIN_UNSEEN_KIND.items():
        assert counts[kind] >= minimum, f"only {counts[kind]} {kind} questions on the unseen document"
    for q in questions:
        about_unseen = bool(set(q["doc_ids"]) & unseen_ids)
        assert about_unseen == bool(q.get("unseen")), f"{q['id']}: unseen flag {q.get('unseen')} vs doc_ids"


def test_fields_and_ids(questions):
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids)), f"duplicate ids {[i for i, n in Counter(ids).items() if n > 1]}"
    for q in questions:
        assert set(FIELDS) <= set(q) <= set(FIELDS) | set(OPTIONAL), f"{q.get('id')}: fields {sorted(q)}"
        assert ("premise_correction" in q) == (q["kind"] == "false-premise"), q["id"]
        assert q.get("unseen", True) is True, f"{q['id']}: write unseen only as true"
        assert q.get("upload", True) is True, f"{q['id']}: write upload only as true"
        for name, typ in {**FIELDS, **OPTIONAL}.items():
            assert name not in q or isinstance(q[name], typ), f"{q['id']}: {name} is not {typ.__name__}"
        assert re.fullmatch(r"q\d{3,4}", q["id"]), q["id"]
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


def test_questions_of_each_kind_have_their_shape(questions):
    for q in questions:
        text, kind = q["question"], q["kind"]
        if kind == "keyword":
            assert "?" not in text and 2 <= len(text.split()) <= 8, f"{q['id']}: not a keyword query"
        if kind == "follow-up":  # context sentence, then the question, in one message
            assert len([s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]) >= 2, q["id"]
        if kind == "multi-hop":
            assert len(q["gold_clause_ids"]) >= 2, f"{q['id']}: multi-hop needs two clauses"
        if kind == "summary":  # the points of a document (or of one long paragraph)
            assert len(q["evidence"]) >= 2, f"{q['id']}: a summary has several points"
        if kind == "false-premise":
            assert 1 <= len(q["premise_correction"]) <= 3, q["id"]


def test_unseen_documents_are_not_shipped(tmp_path, unseen_ids, upload_ids):
    """They reach the index only through the administrator's add path, never through knowledge/."""
    shipped = {d.id for d in load_documents(Settings(data_dir=tmp_path))}
    assert shipped >= SHIPPED and not shipped & (unseen_ids | upload_ids)


def test_knowledge_base_is_what_the_set_was_written_for(docs):
    assert {d.id for d in docs} >= SHIPPED


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
    """A multi-hop answer may be computed (days between two dates): then it is stated in the reference answer."""
    for q in answerable:
        assert 1 <= len(q["key_facts"]) <= 4, f"{q['id']}: {len(q['key_facts'])} key facts"
        for fact in q["key_facts"]:
            in_evidence = any(nfc(fact) in nfc(span) for span in q["evidence"])
            computed = q["kind"] == "multi-hop" and nfc(fact) in nfc(q["reference_answer"])
            assert in_evidence or computed, f"{q['id']}: key fact {fact!r}"


def test_premise_corrections_are_in_a_gold_clause(clauses, questions):
    for q in questions:
        texts = [nfc(clauses[cid].text).casefold() for cid in q["gold_clause_ids"] if cid in clauses]
        for fact in q.get("premise_correction", []):
            assert any(nfc(fact).casefold() in t for t in texts), (
                f"{q['id']}: correction {fact!r} not in gold"
            )


# ---------------------------------------------------------------- the split


@pytest.fixture(scope="module")
def splits() -> dict[str, str]:
    return json.loads(SPLITS_PATH.read_text(encoding="utf-8"))


def test_split_covers_every_question_once(questions, splits):
    assert set(splits) == {q["id"] for q in questions}
    assert set(splits.values()) <= set(RATIOS)


def test_unseen_document_questions_are_all_in_test(questions, splits):
    assert all(splits[q["id"]] == "test" for q in questions if q.get("unseen"))


def test_tuning_document_questions_are_all_in_dev(questions, splits, upload_ids):
    assert upload_ids
    for q in questions:
        about = bool(set(q["doc_ids"]) & upload_ids)
        assert about == bool(q.get("upload")), f"{q['id']}: upload flag {q.get('upload')} vs doc_ids"
        assert not q.get("upload") or splits[q["id"]] == "dev", q["id"]


def test_split_is_stable_and_about_50_20_30_per_kind(questions, splits):
    assert assign(questions, splits) == splits, "re-running eval/split.py would move questions"
    shipped = [q for q in questions if not q.get("unseen") and not q.get("upload") and not q.get("probe")]
    assert all(splits[q["id"]] == "dev" for q in questions if q.get("probe"))
    for kind in {q["kind"] for q in shipped}:
        ids = [q["id"] for q in shipped if q["kind"] == kind]
        for name, ratio in RATIOS.items():
            share = sum(splits[i] == name for i in ids) / len(ids)
            assert abs(share - ratio) <= 0.1 + 1 / len(ids), f"{kind}: {name} holds {share:.0%}"


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


def test_every_section_of_the_unseen_plan_is_asked(clauses, gold_ids, unseen_ids):
    for doc_id in unseen_ids:
        sections = {c.path[:2] for c in clauses.values() if c.doc_id == doc_id and len(c.path) >= 2}
        assert len(sections) >= 8, sorted(sections)
        missing = sorted(".".join(s) for s in sections if not _covered(doc_id, s, gold_ids, clauses))
        assert not missing, f"{doc_id}: sections never asked {missing}"


def test_header_facts_of_every_document_are_asked(clauses, gold_ids, docs):
    required = {cid for cid, c in clauses.items() if c.path[-1] in HEADER_FACTS}
    # press summaries carry number, date and signer in their first paragraph
    required |= {f"{d.id}/p1" for d in docs if not d.meta.official and f"{d.id}/p1" in clauses}
    assert {"ct38/ngay", "ct38/chu-ky", "qd1703/p1", "ctr59-longan/p1", "kh-xa-haiphong/chu-ky"} <= required
    missing = sorted(required - gold_ids)
    assert not missing, f"header facts never asked {missing}"
