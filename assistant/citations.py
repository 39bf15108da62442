"""Check a generated answer against the clauses it cites, so an unsupported sentence is flagged, not trusted.

Pure functions, no LLM: markers [n] are parsed, every number must occur in the cited clauses, and most of
the statement's content syllables must too.
"""

from __future__ import annotations

import re

from assistant.schema import Answer, Citation, Clause, Passage, StatementCheck
from assistant.text.normalize import contains, key, syllables, tokens

REFUSAL = "Các văn bản hiện có không đề cập nội dung này."

# Share of a statement's content tokens (syllables and syllable pairs, see coverage) that must occur in the
# cited clauses. A verbatim quote scores 1.0 and a faithful paraphrase ("Chỉ thị đặt mục tiêu ... tối thiểu
# 10% ...") 0.7-0.95, while a sentence that keeps the clause's opening and invents the rest ("... cho giáo
# dục đại học", "... người cao tuổi tại nhà") lands at 0.5-0.63 and an unrelated one near 0.1:
# tests/test_citations.py pins cases on both sides. Syllables alone score those inventions 0.5-0.73 and
# cannot separate them, because common syllables (tư, nhà, số) turn up in any clause; pairs can.
MIN_COVERAGE = 0.65

# Function words and the phrases a model uses to frame a quote ("Chỉ thị nêu rõ"): they carry no claim,
# so they neither help nor hurt coverage. "không" is deliberately absent: a negation is a claim.
STOPWORDS = frozenset(
    key(word)
    for word in """
    và với của các những là có được bị trong ngoài cho về để theo từ này đó kia đây ấy khi đến tới thì mà như
    một cũng đã đang sẽ phải cần nhằm bằng tại do vì nên hoặc hay nhưng rằng ra lên vào ở trên dưới nào gì
    ai việc sự nhau mỗi mọi cả rất chỉ còn vẫn lại đều tức gồm sau đây nêu rõ nhấn mạnh đề cập ngoài
    """.split()
)

_MARKER = re.compile(r"\[\s*(\d+(?:\s*(?:[,;]|-|–)\s*\d+)*)\s*\]")
_MARKER_RUN = re.compile(r"(?:\s*\[\s*\d+(?:\s*(?:[,;]|-|–)\s*\d+)*\s*\])+")
_BULLET = re.compile(r"^\s*(?:[-*+•–]|\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}[.)])\s+")
# A sentence ends at . ! ? … (optionally closed by a quote or bracket, optionally followed by markers)
# when the next one starts with a capital letter or a digit (see _sentences).
_SENTENCE_END = re.compile(r"(?<=[.!?…])([\"”’»)]*)((?:\s*\[[\d,;\s–-]+\])*)\s+")
_ABBREVIATIONS = frozenset(
    {"tp.", "tt.", "q.", "p.", "ts.", "ths.", "pgs.", "gs.", "v.v.", "vd.", "tr.", "đ/c."}
)
_OPENERS = "\"“‘«('"
_NUMBER = re.compile(r"\d[\w./,%-]*")
_DIGITS = re.compile(r"\d+")
_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_MARKDOWN = re.compile(r"[*_`#>]+")


def _marker_numbers(inner: str) -> list[int]:
    """ "1, 2" -> [1, 2]; "1-3" -> [1, 2, 3]."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", inner.strip()):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            lo, hi = int(bounds[0]), int(bounds[1])
            numbers.extend(range(lo, hi + 1) if 0 < hi - lo < 50 else (lo, hi))
        else:
            numbers.extend(int(b) for b in bounds if b.isdigit())
    return numbers


def markers_in(text: str) -> tuple[int, ...]:
    """Marker numbers in order of first appearance, without repeats."""
    seen: dict[int, None] = {}
    for m in _MARKER.finditer(text):
        for n in _marker_numbers(m.group(1)):
            seen.setdefault(n, None)
    return tuple(seen)


def _strip_markers(text: str) -> str:
    cleaned = _MARKER_RUN.sub("", text)
    cleaned = re.sub(r"\s+([.,;:!?…])", r"\1", cleaned)
    return " ".join(cleaned.split()).strip()


def _sentences(line: str) -> list[str]:
    """Split one line into sentences; markers right after the full stop stay with the sentence before."""
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(line):
        following = line[m.end() :].lstrip(_OPENERS)
        if not following or not (following[0].isupper() or following[0].isdigit()):
            continue
        quoted = line[start : m.end(1)]
        if (
            quoted.count('"') % 2
            or quoted.count("“") > quoted.count("”")
            or quoted.count("«") > quoted.count("»")
        ):
            continue  # a full stop inside a verbatim quote does not end the statement quoting it
        words = line[start : m.start()].split()
        if words and words[-1].lower() in _ABBREVIATIONS and not m.group(2):
            continue
        pieces.append(line[start : m.end(2)])
        start = m.end()
    pieces.append(line[start:])
    return [p.strip() for p in pieces if p.strip()]


def split_statements(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Sentences and list items of an answer, each with its [n] markers (text returned without markers)."""
    statements: list[tuple[str, tuple[int, ...]]] = []
    for raw_line in text.splitlines():
        line = _BULLET.sub("", _MARKDOWN.sub("", raw_line)).strip()
        if not line:
            continue
        for sentence in _sentences(line):
            clean = _strip_markers(sentence)
            if clean or markers_in(sentence):
                statements.append((clean, markers_in(sentence)))
    # A line holding only markers ("[1][2]" under a list) belongs to the statement above it.
    merged: list[tuple[str, tuple[int, ...]]] = []
    for clean, marks in statements:
        if not clean and merged:
            prev_text, prev_marks = merged[-1]
            merged[-1] = (prev_text, tuple(dict.fromkeys(prev_marks + marks)))
        elif clean:
            merged.append((clean, marks))
    return merged


def _normalize_number(token: str) -> tuple[tuple[str, ...], bool]:
    """Digit groups of a number ("30/7/2024" -> 30, 7, 2024; "1.000" -> 1000) and whether it is a percent."""
    token = _THOUSANDS.sub("", token.rstrip(".,-/"))
    return tuple(_DIGITS.findall(token)), token.endswith("%")


def numbers_in(text: str) -> list[str]:
    """Number-like tokens as written: 2030, 10%, 30/7/2024, 38-CT/TW, 1.000."""
    found = []
    text = _MARKER.sub(" ", text)
    for m in _NUMBER.finditer(text):
        token = m.group(0).rstrip(".,-/")
        # "10 %" is written with a space now and then
        if text[m.end() : m.end() + 2] == " %" and not token.endswith("%"):
            token += "%"
        found.append(token)
    return found


def _number_occurs(token: str, source: str) -> bool:
    """The digit groups must follow each other in the source (so "30/7/2024" matches "ngày 30 tháng 7 năm
    2024"), and a percentage must be a percentage there too."""
    groups, percent = _normalize_number(token)
    if not groups:
        return True
    flat = _THOUSANDS.sub("", source)
    pattern = r"(?<!\d)" + r"\D{1,12}?".join(re.escape(g) for g in groups) + r"(?!\d)"
    if percent:
        pattern += r"\s*%"
    if not re.search(pattern, flat):
        return False
    letters = re.sub(r"[\d\W_]+", " ", token).split()  # the "CT", "TW" of 38-CT/TW
    return all(contains(source, part) for part in letters)


def _is_content(syllable: str) -> bool:
    return syllable not in STOPWORDS and not any(ch.isdigit() for ch in syllable)


def content_tokens(text: str) -> list[str]:
    """Matching keys of the syllables that carry meaning (no stopwords, no numbers: those are checked
    apart) and of adjacent pairs of them ("ngân_sách"), which tell a compound word from its parts."""
    syl = syllables(key(text))
    pairs = [f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False) if _is_content(a) and _is_content(b)]
    return [s for s in syl if _is_content(s)] + pairs


def coverage(statement: str, source: str) -> float:
    """Share of the statement's content tokens found in the source; 1.0 when it has none."""
    words = content_tokens(statement)
    if not words:
        return 1.0
    vocabulary = set(tokens(source))
    return sum(w in vocabulary for w in words) / len(words)


def _clause_source(clause: Clause) -> str:
    """What a statement may draw on: the clause, its label ("mục 4") and the headings above it."""
    return "\n".join(part for part in (clause.label, clause.heading, clause.text) if part)


def _is_refusal(text: str) -> bool:
    return contains(text, "không đề cập nội dung này")


def _is_lead_in(statement: str, marks: tuple[int, ...]) -> bool:
    """ "Các nhiệm vụ gồm:" introduces cited items below it and makes no claim of its own."""
    return not marks and statement.rstrip().endswith(":") and not numbers_in(statement)


def check_statement(statement: str, marks: tuple[int, ...], cited: dict[int, Clause]) -> StatementCheck:
    """One statement: cited, citing real clauses, numbers present, and content mostly present."""
    if not marks:
        return StatementCheck(statement, marks, False, "không có trích dẫn")
    dangling = [n for n in marks if n not in cited]
    if dangling:
        listed = ", ".join(f"[{n}]" for n in dangling)
        return StatementCheck(statement, marks, False, f"trích dẫn {listed} không trỏ tới điều khoản nào")
    source = "\n".join(_clause_source(cited[n]) for n in marks)
    missing = [tok for tok in numbers_in(statement) if not _number_occurs(tok, source)]
    if missing:
        listed = ", ".join(dict.fromkeys(missing))
        return StatementCheck(
            statement, marks, False, f"con số {listed} không có trong điều khoản được trích"
        )
    if coverage(statement, source) < MIN_COVERAGE:
        return StatementCheck(statement, marks, False, "nội dung không khớp với điều khoản được trích")
    return StatementCheck(statement, marks, True)


def check_statements(text: str, cited: dict[int, Clause]) -> list[StatementCheck]:
    """Check every statement of an answer against the clauses its markers point to.

    Supported means: at least one marker, every marker in `cited`, every number of the statement in the
    cited clauses (label and headings included, so "mục 4" may be named), and at least MIN_COVERAGE of its
    content syllables and syllable pairs there too (tone placement and case ignored). The refusal sentence and a marker-less
    lead-in ending with ":" are not claims and are left out.
    """
    checks = []
    for statement, marks in split_statements(text):
        if (not marks and _is_refusal(statement)) or _is_lead_in(statement, marks):
            continue
        checks.append(check_statement(statement, marks, cited))
    return checks


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def answer_from_llm_text(question: str, text: str, passages: list[Passage]) -> Answer:
    """The Answer for a model's reply: citations are the markers it used, each statement checked.

    refused is set when the reply says the documents do not cover the question and cites nothing: a
    partial answer that cites clauses and refuses only one point is still an answer.
    """
    text = text.strip()
    cited = {i: p.clause for i, p in enumerate(passages, start=1)}
    used = markers_in(text)
    citations = [Citation(n, cited[n]) for n in sorted(used) if n in cited]
    dangling = [n for n in used if n not in cited]
    checks = check_statements(text, cited)
    refused = not text or (_is_refusal(text) and not citations)

    notes: list[str] = []
    if not text:
        notes.append("Mô hình ngôn ngữ không trả về nội dung nào.")
    if dangling:
        listed = ", ".join(f"[{n}]" for n in dangling)
        notes.append(f"Câu trả lời dùng trích dẫn {listed} không ứng với điều khoản nào đã tìm được.")
    flagged = [c for c in checks if not c.supported]
    if flagged and not refused:
        notes.append("Các ý sau chưa được kiểm chứng bằng điều khoản được trích, cần đối chiếu văn bản gốc:")
        notes.extend(f"- «{_short(c.text)}»: {c.reason}" for c in flagged)
    return Answer(
        question=question,
        text=text,
        refused=refused,
        citations=citations,
        passages=list(passages),
        mode="llm",
        notice="\n".join(notes),
        checks=checks,
    )
