"""Bytes of a plain-text upload -> Unicode (NFC), knowing the legacy Vietnamese encodings.

Provincial archives still hold text typed in TCVN3 (ABC, the .VnTime fonts) and VNI (VNI-Times): bytes that
read as valid but meaningless Western text ("B¸o c¸o", "Baùo caùo"). Each candidate reading is scored by how
many of its non-ASCII words are well-formed Vietnamese syllables; the best one wins, and a file that reads as
Vietnamese in none of them is refused rather than indexed as garbage.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.sources.errors import DocumentError

# TCVN3 (TCVN 5712:1993 VN3, with the VN1 capitals where VN3 leaves a gap): bytes 0xA0-0xFF. Below 0xA0 the
# ABC fonts kept the Windows code page, so Word's curly quotes and dashes stay what they were.
_TCVN3_HIGH = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
_LATIN1_HIGH = "".join(map(chr, range(0xA0, 0x100)))  # how cp1252 reads bytes 0xA0-0xFF
_TCVN3_TABLE = str.maketrans(_LATIN1_HIGH, _TCVN3_HIGH)
_CP1252_GAPS = {0xDC00 + b: b for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}  # undefined in cp1252: keep the byte

# VNI-Windows: a base letter followed by a mark byte (read as cp1252), and one byte for ơ ư đ ỉ ĩ ị ỵ.
_VNI_LETTERS = str.maketrans("ôöñæóòîÔÖÑÆÓÒÎ", "ơưđỉĩịỵƠƯĐỈĨỊỴ")
_VNI_MARKS = {
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309", "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309", "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
}  # fmt: skip
_VNI_MARKS |= {k.upper(): v for k, v in _VNI_MARKS.items()}
_VNI_PAIR = re.compile(f"([aeiouyơưAEIOUYƠƯ])([{''.join(_VNI_MARKS)}])")

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
_SYLLABLE = re.compile(f"(?:{_ONSET})?[aăâeêioôơuưy]{{1,3}}(?:ch|nh|ng|[cmnpt])?")
_WORD = re.compile(r"[^\s\d.,;:!?()\[\]{}<>\"'“”‘’«»/\\|*#_=+\-–—…•●▪◦°²³§№%&@$]+")
_MIN_SCORE = 0.6  # share of non-ASCII words that must be Vietnamese syllables for a legacy reading
_SAMPLE = 200_000  # the encoding is judged on the beginning of the file; only the winner reads it all


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """(text in NFC, the encoding it was read in): utf-8, utf-8-sig, utf-16, tcvn3, vni or cp1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data.decode("utf-8-sig", errors="replace"), name), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data.decode("utf-16", errors="replace"), name), "utf-16"
    if b"\x00" in data:
        raise _undecodable(name)
    try:
        text = unicodedata.normalize("NFC", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    else:  # valid UTF-8 is kept, unless it is legacy text pasted in as Western letters ("Ch¦ thÞ")
        score = vietnamese_score(text[:_SAMPLE])
        if score is None or score >= _MIN_SCORE:
            return text, "utf-8"
        try:
            raw = text.encode("cp1252")
        except UnicodeEncodeError:
            return text, "utf-8"
        legacy = _best_legacy(raw[:_SAMPLE])
        if legacy and legacy[1] > score:
            return _read_all(legacy[0], raw, name), f"utf-8/{legacy[0]}"
        return text, "utf-8"
    legacy = _best_legacy(data[:_SAMPLE])
    if legacy is None:
        raise _undecodable(name)
    return _read_all(legacy[0], data, name), legacy[0]


def vietnamese_score(text: str) -> float | None:
    """Share of the words holding a non-ASCII letter that are well-formed Vietnamese syllables (None: no such word)."""
    words = [w for w in _WORD.findall(text) if not w.isascii() and any(c.isalpha() for c in w)]
    if not words:
        return None
    return sum(1 for w in words if _is_syllable(w)) / len(words)


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.fullmatch(base))


def _best_legacy(sample: bytes) -> tuple[str, float] | None:
    """(encoding, score) of the legacy reading that looks most like Vietnamese, if one looks enough like it."""
    best: tuple[str, float] | None = None
    for encoding, reader in _READERS.items():
        text = reader(sample)
        score = vietnamese_score(text) if text is not None else None
        if score is not None and score >= _MIN_SCORE and (best is None or score > best[1]):
            best = (encoding, score)
    return best


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="surrogateescape").translate(_CP1252_GAPS)


def _read_tcvn3(data: bytes) -> str:
    return unicodedata.normalize("NFC", _cp1252(data).translate(_TCVN3_TABLE))


def _read_vni(data: bytes) -> str:
    text = _cp1252(data).translate(_VNI_LETTERS)
    return unicodedata.normalize("NFC", _VNI_PAIR.sub(lambda m: m.group(1) + _VNI_MARKS[m.group(2)], text))


def _read_cp1258(data: bytes) -> str | None:
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


_READERS = {"tcvn3": _read_tcvn3, "vni": _read_vni, "cp1258": _read_cp1258}


def _read_all(encoding: str, data: bytes, name: str) -> str:
    text = _READERS[encoding](data)
    if text is None:  # a byte past the sample that the code page lacks
        raise _undecodable(name)
    return text


def _checked(text: str, name: str) -> str:
    if "\x00" in text or "\ufffd" in text:
        raise _undecodable(name)
    return unicodedata.normalize("NFC", text)


def _undecodable(name: str) -> DocumentError:
    return DocumentError(
        f"Tệp «{name}» không phải văn bản chữ hoặc dùng bảng mã không nhận ra được (không phải UTF-8, "
        "TCVN3/ABC, VNI hay Windows-1258). Vui lòng mở tệp và lưu lại với bảng mã UTF-8 (Unicode), ví dụ "
        "bằng công cụ chuyển mã của Unikey, rồi tải lên lại."
    )
