"""Vietnamese text for matching: NFC, one tone-mark placement, and an accent-folded form.

Matching keys only; the text shown and quoted is never altered.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
# "oa", "oe", "uy" closing a syllable carry the tone on the first vowel in one style (hóa, thủy) and on the
# second in the other (hoá, thuỷ). The key puts it on the first, whichever way the text was typed.
# (a second mark after the tone, as in "luật", "hoặc", means the tone sits on ă/â/ê: nothing to move)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# the same in composed text: a tone on a/e/y right after o/u, ending the syllable (only then is there work)
_OLD_STYLE_NFC = re.compile(r"[oOuU][áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸýỳỷỹỵÝỲỶỸỴ](?!\w)")


def _fold_table() -> dict[int, str]:
    """Each composed Latin letter with diacritics -> its base letter(s); đ -> d."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in range(0xC0, 0x2000):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base:
            table[cp] = base.replace("đ", "d").replace("Đ", "D")
    return table


_FOLD = _fold_table()
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _move_tone(m: re.Match) -> str:
    decomposed = unicodedata.normalize("NFD", m.group())  # o/u, a/e/y, tone
    return unicodedata.normalize("NFC", decomposed[0] + decomposed[2] + decomposed[1])


def canonical_tones(text: str) -> str:
    """hoá -> hóa, uỷ -> ủy, thuỷ -> thủy, khoẻ -> khỏe (NFC in, NFC out). Only the two letters of each
    old-style ending are rewritten, so a long text costs one scan."""
    return _OLD_STYLE_NFC.sub(_move_tone, text)


def fold(text: str) -> str:
    """Strip every diacritic (đ -> d): what a question typed without accents looks like. Composed letters go
    through one translation table; text still holding combining marks (typed decomposed) is decomposed."""
    if text.isascii():
        return text
    text = text.translate(_FOLD)
    if not _COMBINING.search(text):
        return text
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D")


# "kí"/"ký", "tỉ lệ"/"tỷ lệ", "kĩ thuật"/"kỹ thuật", "quí"/"quý", "hi sinh"/"hy sinh": a syllable of h, k, l, m, t
# or qu with a lone i is written with i or y, both correct; the key writes y, as the official texts mostly do
_LONE_I = re.compile(r"(?<!\w)(qu|[hklmt])([iíìỉĩị])(?!\w)")
_I_TO_Y = str.maketrans("iíìỉĩị", "yýỳỷỹỵ")


def key(text: str) -> str:
    """Accented matching key: NFC, lower case, one tone placement, y for a lone i after h/k/l/m/t/qu; "%"
    reads as "phần trăm"."""
    text = nfc(text).lower()
    # before the tone placement: "quí" becomes "quý", which it then treats as "quý" is
    if _LONE_I.search(text):
        text = _LONE_I.sub(lambda m: m.group(1) + m.group(2).translate(_I_TO_Y), text)
    return canonical_tones(text).replace("%", " phần trăm ")


def folded_key(text: str) -> str:
    return fold(key(text))


def syllables(text: str) -> list[str]:
    return _WORD.findall(text)


def has_diacritics(text: str) -> bool:
    return fold(text) != text


_LOWER_WORD = re.compile(r"\b[^\W\d_]*[^\W\dA-ZĐ_][^\W\d_]*\b")  # a word with a lower-case letter


def mostly_plain(text: str, share: float = 0.6) -> bool:
    """Whether most words of a text typed with some accents still lack them ("dang doan quoc hoi trong ct38 đc
    giao làm j"): its diacritics are to be put back as for a text typed without any. Capitals (CT38, UBND)
    do not count; about one word in six of accented Vietnamese has no mark of its own."""
    words = [w for w in _LOWER_WORD.findall(text) if len(w) > 1]
    return len(words) >= 4 and sum(not has_diacritics(w) for w in words) / len(words) >= share


def tokens(text: str, folded: bool = False) -> list[str]:
    """Syllables and syllable bigrams ("tiêu", "chuẩn", "tiêu_chuẩn") of the matching key."""
    norm = folded_key(text) if folded else key(text)
    syl = syllables(norm)
    return syl + [f"{a}_{b}" for a, b in zip(syl, syl[1:])]


def contains(haystack: str, needle: str) -> bool:
    """Whether needle occurs in haystack, ignoring case, tone placement and spacing."""
    return squashed_key(needle) in squashed_key(haystack)


def squashed_key(text: str) -> str:
    """The key `contains` compares: for a text searched for many needles, made once."""
    return _squash(key(text))


def _squash(text: str) -> str:
    return " ".join(text.split())


def find_as_written(text: str, folded_phrase: str) -> str:
    """The words of `text` that fold to `folded_phrase`, as the user typed them; the phrase itself if absent."""
    words = text.split()
    target = folded_phrase.split()
    folded = [re.sub(r"[^\w/-]", "", folded_key(w)) for w in words]
    for i in range(len(words) - len(target) + 1):
        if folded[i : i + len(target)] == target:
            return " ".join(w.strip(",.?!;:") for w in words[i : i + len(target)])
    return folded_phrase
