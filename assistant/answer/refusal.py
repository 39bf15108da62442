"""Answerability as one calibrated decision: a logistic model over a few general features.

Features: best sentence similarity to the question, IDF-weighted coverage of the question's terms by the
best clauses and by the best sentence, whether the question names something no document contains (the
strongest signal), whether an asked fact kind was found bound to the focus, and the retrieval margin.
The weights are fitted on the gold set's train split (`python -m eval.calibrate --fit`) and stored in
answerability.json beside this file. The refusal says which thing is absent, or, when the reader is only
unsure, says so instead of claiming the documents are silent.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from ..schema import Answer, NamedThing, Passage

WEIGHTS_FILE = Path(__file__).with_name("answerability.json")
FEATURES = ("dense", "coverage", "sentence_overlap", "unknown_name", "fact_unbound", "margin")
# used until a fit exists: a named thing absent or an unbound fact outweighs everything else
DEFAULT = {"bias": -4.0, "dense": 4.0, "coverage": 4.0, "sentence_overlap": 2.0, "unknown_name": -6.0,
           "fact_unbound": -5.0, "margin": 1.0, "threshold": 0.5}  # fmt: skip

ABSENT = "Các văn bản hiện có không đề cập nội dung này."
UNSURE = "Chưa tìm thấy đoạn trả lời trực tiếp câu hỏi này trong các văn bản hiện có."
_FACT_LABEL = {
    "date": "thời gian, thời hạn",
    "percent": "tỷ lệ phần trăm",
    "money": "số tiền, mức kinh phí hay mức phạt",
    "count": "con số",
    "rank": "loại, hạng",
    "signer": "người ký",
    "number": "số hiệu",
    "reference": "văn bản được hỏi",
    "recipient": "nơi nhận",
    "person": "người giữ chức vụ được hỏi",
    "place": "tên địa phương",
    "contact": "số điện thoại, địa chỉ liên hệ",
}


@dataclass(frozen=True)
class Decision:
    answer: bool
    probability: float
    reason: str  # "" when answered; named-thing-absent | fact-unbound | low-coverage | unsure | no-passages
    features: dict[str, float]


def load_weights() -> dict[str, float]:
    try:
        return {**DEFAULT, **json.loads(WEIGHTS_FILE.read_text())}
    except (OSError, ValueError):
        return dict(DEFAULT)


def probability(features: dict[str, float], weights: dict[str, float]) -> float:
    z = weights["bias"] + sum(weights[f] * features[f] for f in FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def decide(features: dict[str, float], weights: dict[str, float]) -> Decision:
    p = probability(features, weights)
    if p >= weights["threshold"]:
        return Decision(True, p, "", features)
    if features["unknown_name"] > 0:
        reason = "named-thing-absent"
    elif features["fact_unbound"] > 0:
        reason = "fact-unbound"
    elif features["coverage"] < 0.2:
        reason = "low-coverage"
    else:
        reason = "unsure"
    return Decision(False, p, reason, features)


def refusal_text(reason: str, unknown: list[NamedThing], fact_kinds: tuple[str, ...]) -> str:
    """What the user reads: absence only when it is known; otherwise that nothing direct was found."""
    if reason == "named-thing-absent" and unknown:
        names = ", ".join(f"«{n.text}»" for n in unknown[:3])
        where = {n.absent_from for n in unknown[:3]}
        if "" not in where:  # the documents know it, the one asked about does not
            return f"{', '.join(sorted(where))} không nhắc đến {names}, nên không thể trả lời câu hỏi này từ văn bản đó."
        return f"Các văn bản hiện có không nhắc đến {names}, nên không thể trả lời câu hỏi này từ văn bản."
    if reason == "fact-unbound":
        kinds = [_FACT_LABEL[k] for k in fact_kinds if k in _FACT_LABEL]
        what = f" ({', '.join(kinds)})" if kinds else ""
        return f"Chưa tìm thấy đoạn văn bản nêu thông tin được hỏi{what} cho đúng nội dung này."
    if reason in ("low-coverage", "no-passages"):
        return ABSENT
    return UNSURE


NEAREST = "Các điều khoản gần nhất (không trả lời trực tiếp câu hỏi):"  # heads the refusal's nearest clauses


def refusal_answer(question: str, text: str, passages: list[Passage], reason: str) -> Answer:
    lines = [text]
    if passages:
        lines += ["", NEAREST]
        lines += [f"- {p.clause.label}" for p in passages[:3]]
    return Answer(question, "\n".join(lines), True, [], passages, route="refusal", reason=reason)
