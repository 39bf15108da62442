"""One message, read as the user wrote it: the context sentences before the question, the asks a question
makes ("… ai chủ trì, và báo cáo về đâu?"), the part that states a premise before the part that asks, and a
"Nghị quyết đó" that points back at the sentence before. `query.understand` builds its Query from these."""

from __future__ import annotations

import re

from .names import DOC_NUMBER_RX
from .text import normalize
from .text.lexicon import KINDS_RX
from .text.overlap import content_terms

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")
_QUESTION_CUE = re.compile(
    r"\?\s*$|\b(gi|nao|ai|sao|bao nhieu|may|khong|chua|the nao|o dau|khi nao|bao gio|hay|cho biet|liet ke|"
    r"tom tat|neu)\b"
)


_THAT_DOC = re.compile(rf"\b({KINDS_RX})\s+(?:đó|này|trên|ấy|nói trên)\b", re.IGNORECASE)


def resolve_that(text: str, context: str) -> str:
    """ "… viện dẫn Nghị quyết 08-NQ/TW. Nghị quyết đó của cơ quan nào?": "Nghị quyết đó" is the one of that kind
    the sentence before names by number; the question is read with that number in its place."""
    if not context:
        return text

    def one(m: re.Match) -> str:
        kind = m.group(1)
        cited = re.findall(rf"\b{re.escape(kind)}\s+(?:số\s+)?({DOC_NUMBER_RX})", context, re.IGNORECASE)
        return f"{kind} {cited[-1]}" if len(set(cited)) == 1 else m.group(0)

    return _THAT_DOC.sub(one, text)


def split_context(message: str) -> tuple[str, str]:
    """("Tôi đang đọc KH của xã.", "Họ giao ai chủ trì?") from one message; ("", message) when one sentence."""
    parts = [p.strip() for p in _SENTENCE.split(message.strip()) if p.strip()]
    if len(parts) < 2:
        return "", message.strip()
    last = parts[-1]
    if not _QUESTION_CUE.search(normalize.folded_key(last)):
        return "", message.strip()
    return " ".join(parts[:-1]), last


# what makes a part of a question ask something, accented and as typed without accents: a question word, or
# a yes-no ending (a later part must ask with a question word: "… để dân và doanh nghiệp tra cứu … không?"
# is one question)
_WH = r"ai|gì|nào|bao nhiêu|mấy|bao lâu|khi nào|ở đâu|về đâu|thế nào|ra sao"
_WH_FOLDED = r"ai|gi|nao|bao nhieu|bao lau|khi nao|o dau|ve dau|the nao|ra sao"
_ASK_WORD = re.compile(rf"\b(?:{_WH})\b|\b(?:không|chưa)\W*$")
_ASK_WORD_FOLDED = re.compile(rf"\b(?:{_WH_FOLDED})\b|\b(?:khong|chua)\W*$")
_WH_WORD = re.compile(rf"\b(?:{_WH}|{_WH_FOLDED})\b")
# where one ask ends and the next begins: "…, và …", "… và …", "…; …", "…, còn …", "…, đồng thời …" (not a bare
# comma: "tiêu chuẩn, đo lường, chất lượng" lists)
_ASK_SEAM = re.compile(r"\s*;\s*|\s*,\s*(?:và|còn|đồng thời|va|con|dong thoi)\s+|\s+(?:và|va)\s+")
ASK_TERMS = 3  # topic words a later ask needs of its own ("ký với chức vụ gì" asks about the signature)
ASK_WORDS = 6  # … or words ("công văn đó được ban hành để thực hiện văn bản nào của cấp trên")


def split_asks(text: str, context: str = "") -> tuple[str, ...]:
    """ "Tổ giúp việc do ai thành lập, và báo cáo kết quả về đâu?" asks two things: each as a message of its own,
    a later one with what the first is about as its context ("Tổ giúp việc. Báo cáo kết quả về đâu?"); () for
    a question that asks one thing."""
    body = text.strip().rstrip("?!. ")
    accented = normalize.has_diacritics(body)
    asks = _ASK_WORD if accented else _ASK_WORD_FOLDED

    def probe(part: str) -> str:
        return part.lower() if accented else normalize.folded_key(part)

    def topic(part: str) -> int:
        return len(content_terms(part, fact_words=True))

    def own(part: str) -> bool:
        """A later ask has a topic of its own: three topic words, or a clause of six words."""
        return topic(part) >= ASK_TERMS or len(part.split()) >= ASK_WORDS

    pieces, start = [], 0
    for m in _ASK_SEAM.finditer(body):
        left, right = body[start : m.start()], re.split(r"[;,]", body[m.end() :])[0]
        if (
            asks.search(probe(left)) and (topic(left) >= 2 or len(left.split()) >= 4)
            and _WH_WORD.search(probe(right)) and own(right)
        ):  # fmt: skip
            pieces.append(left)
            start = m.end()
    pieces.append(body[start:])
    if len(pieces) < 2:
        return ()
    # a later ask is read with what the first is about — its words before its question word ("Tổ giúp việc
    # do ai …" -> "Tổ giúp việc"), not what it asks, which would pull the later ask's reading to the first's
    at = asks.search(probe(pieces[0]))
    subject = re.sub(
        r"(?:\s+(?:do|là|của|được|có|thì|la|cua|duoc|co|thi))+\s*$|[\s,]+$", "", pieces[0][: at.start()]
    )
    if len(subject.split()) < 2:  # "Ai ký kế hoạch của xã …, và …": what follows its question word
        subject = re.sub(r"^\W+", "", pieces[0][at.end() :])
    lead = f"{context} {subject if len(subject.split()) >= 2 else ''}".strip()
    return (
        f"{f'{context} ' if context else ''}{pieces[0]}?",
        *(f"{lead}. {p[:1].upper()}{p[1:]}?" if lead else f"{p[:1].upper()}{p[1:]}?" for p in pieces[1:]),
    )


def asked_folded(text: str, folded_q: str) -> str:
    """The folded asking part of a question that states something first; the whole question otherwise."""
    tail = asking_part(text)
    return folded_q if tail == text else " " + " ".join(normalize.folded_key(tail).split()) + " "


def asking_part(text: str) -> str:
    """The last part of a question that states something first ("…, vậy …?"): what it goes on to ask."""
    # (a comma alone lists things — "tiêu chuẩn, đo lường, chất lượng"; before "vậy", "thì" it turns to ask)
    parts = re.split(r"[;:]\s+|,?\s+(?:vậy|thế thì|còn|thì)\s+|,\s+(?:cụ thể|thế(?! nào))\s+", text.strip())
    while len(parts) > 1 and not content_terms(parts[-1]):  # "… năm nào vậy ạ?": a particle, not an ask
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    return parts[-1] if len(parts) > 1 else text
