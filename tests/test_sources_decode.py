"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI files are converted, answered from, and remembered.

The encoders below are this test's own tables, written from the published code charts, so the decoder under
test is checked against an independent copy rather than against itself.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from docgen import cp1258_bytes

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.schema import DocMeta
from assistant.sources import (
    DocumentError,
    add_document,
    extract_text,
    load_documents,
    read_catalog,
    write_catalog,
)

# TCVN3 (ABC, .VnTime fonts): one byte per letter; capitals with a tone mark have no code (the ABC fonts drew
# them with a separate capitals font), so the samples write those words in lower case.
TCVN3 = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}  # fmt: skip

# VNI-Windows: the letter, then a mark byte (shown here as the Windows-1252 character it is).
VNI = {
    "à": "aø", "á": "aù", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "ă": "aê", "ằ": "aè", "ắ": "aé", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "â": "aâ", "ầ": "aà", "ấ": "aá", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "đ": "ñ",
    "è": "eø", "é": "eù", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "ê": "eâ", "ề": "eà", "ế": "eá", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "ò": "oø", "ó": "où", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "ô": "oâ", "ồ": "oà", "ố": "oá", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "ơ": "ô", "ờ": "ôø", "ớ": "ôù", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "ù": "uø", "ú": "uù", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "ư": "ö", "ừ": "öø", "ứ": "öù", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "ỳ": "yø", "ý": "yù", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "Đ": "Ñ", "Â": "AÂ", "Ê": "EÂ", "Ư": "Ö", "Ơ": "Ô", "Á": "AÙ", "Ả": "AÛ", "Ạ": "AÏ",
    "Ã": "AÕ", "Ế": "EÁ", "Ụ": "UÏ", "Ủ": "UÛ", "Ớ": "ÔÙ",
}  # fmt: skip

TCVN3_PLAN = """Số: 15/KH-UBND

Mường Lát, ngày 10 tháng 4 năm 2025

Kế hoạch

thực hiện Chỉ thị số 38-CT/TW về đẩy mạnh công tác tiêu chuẩn, đo lường, chất lượng trên địa bàn huyện Mường Lát

1. Mục tiêu

Đến năm 2027, phấn đấu 85% hợp tác xã nông nghiệp trên địa bàn huyện Mường Lát áp dụng mã số mã vạch và truy xuất nguồn gốc sản phẩm.

2. Nhiệm vụ

- Phòng Kinh tế chủ trì tổ chức tập huấn về tiêu chuẩn, đo lường, chất lượng cho cán bộ các xã, thị trấn.

- Các xã tuyên truyền sâu rộng đến người dân về lợi ích của việc truy xuất nguồn gốc."""

VNI_PLAN = """ỦY BAN NHÂN DÂN XÃ TÂN PHƯỚC

Số: 22/KH-UBND

KẾ HOẠCH

về phát triển công tác tiêu chuẩn, đo lường, chất lượng năm 2025

I. MỤC TIÊU

1. Xã Tân Phước phấn đấu có 12 sản phẩm OCOP được chứng nhận phù hợp tiêu chuẩn chất lượng trong năm 2025.

II. GIẢI PHÁP

1. Tổ chức hội nghị phổ biến quy chuẩn kỹ thuật cho các hộ sản xuất, kinh doanh trên địa bàn xã."""


def to_tcvn3(text: str) -> bytes:
    return bytes(ord(ch) if ord(ch) < 128 else TCVN3[ch] for ch in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> bytes:
    text = unicodedata.normalize("NFC", text)
    assert all(ch.isascii() or ch in VNI for ch in text), "the test table lacks a letter of the sample"
    return "".join(VNI.get(ch, ch) for ch in text).encode("cp1252")


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


@pytest.mark.parametrize(
    ("encoding", "encode", "sample"), [("tcvn3", to_tcvn3, TCVN3_PLAN), ("vni", to_vni, VNI_PLAN)]
)
def test_legacy_text_becomes_unicode(tmp_path: Path, encoding: str, encode, sample: str) -> None:
    data = encode(sample)
    data.decode("cp1252", errors="strict")  # the trap: these bytes are valid Western text
    path = tmp_path / f"ke-hoach-{encoding}.txt"
    path.write_bytes(data)
    got = extract_text(path, Settings())
    assert got.encoding == encoding
    assert paragraphs(got.text) == paragraphs(unicodedata.normalize("NFC", sample))
    assert unicodedata.is_normalized("NFC", got.text)


def test_tcvn3_pasted_into_a_utf8_file_is_converted_too(tmp_path: Path) -> None:
    path = tmp_path / "dan-lai.md"
    path.write_text(to_tcvn3(TCVN3_PLAN).decode("cp1252"), encoding="utf-8")
    got = extract_text(path, Settings())
    assert got.encoding == "utf-8/tcvn3" and "phấn đấu 85% hợp tác xã" in got.text


def test_utf8_and_windows_1258_are_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_text(VNI_PLAN, encoding="utf-8")
    assert extract_text(path, Settings()).encoding == "utf-8"
    path.write_bytes(cp1258_bytes("Báo cáo kết quả thực hiện"))
    got = extract_text(path, Settings())
    assert (got.text, got.encoding) == ("Báo cáo kết quả thực hiện", "cp1258")


@pytest.mark.parametrize("kind", ["chinese-gbk", "random-bytes"])
def test_undecodable_text_refused_and_nothing_written(tmp_path: Path, kind: str) -> None:
    if kind == "chinese-gbk":
        data = "国务院关于加强标准化工作的决定。各省、自治区、直辖市人民政府。".encode("gbk") * 20
    else:
        data = random.Random(38).randbytes(4000).replace(b"\x00", b" ")
    path = tmp_path / f"{kind}.txt"
    path.write_bytes(data)
    settings = Settings(data_dir=tmp_path / "data")
    with pytest.raises(DocumentError) as exc:
        add_document(settings, path)
    message = exc.value.user_message
    assert path.name in message and "bảng mã" in message and "UTF-8" in message
    assert not settings.uploads_dir.exists()


@pytest.fixture
def small_kb(tmp_path: Path) -> Settings:
    """One tiny shipped document, so the index builds in seconds; a temporary data dir."""
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "ct38.txt").write_text(
        "CHỈ THỊ\n\nvề đẩy mạnh công tác tiêu chuẩn\n\n1. Nâng cao nhận thức về tiêu chuẩn, đo lường, chất lượng.",
        encoding="utf-8",
    )
    meta = DocMeta(
        id="ct38", kind="Chỉ thị", number="38-CT/TW", title="về đẩy mạnh công tác tiêu chuẩn", issuer="Ban Bí thư",
        date="2024-07-30", level="Trung ương", short="Chỉ thị 38-CT/TW", source="ct38.txt",
    )  # fmt: skip
    write_catalog(kb / "catalog.toml", [meta])
    return Settings(knowledge_dir=kb, data_dir=tmp_path / "data")


def test_legacy_uploads_answer_and_keep_name_and_encoding(small_kb: Settings, tmp_path: Path) -> None:
    tcvn3 = tmp_path / "KH 15 Muong Lat (ABC).txt"
    tcvn3.write_bytes(to_tcvn3(TCVN3_PLAN))
    vni = tmp_path / "KH_TanPhuoc_VNI.txt"
    vni.write_bytes(to_vni(VNI_PLAN))

    assistant = Assistant(small_kb)
    added = {name: assistant.add_document(path) for name, path in (("tcvn3", tcvn3), ("vni", vni))}
    assert {k: (d.meta.original_name, d.meta.encoding) for k, d in added.items()} == {
        "tcvn3": (tcvn3.name, "tcvn3"),
        "vni": (vni.name, "vni"),
    }

    saved = {m.id: m for m in read_catalog(small_kb.uploads_dir / "catalog.toml")}
    loaded = {d.id: d.meta for d in load_documents(small_kb)}
    for doc in added.values():
        assert saved[doc.id] == loaded[doc.id] == doc.meta

    ans = assistant.ask("Huyện Mường Lát phấn đấu bao nhiêu phần trăm hợp tác xã áp dụng mã số mã vạch?")
    assert not ans.refused and "85%" in ans.text
    assert ans.citations[0].clause.doc_id == added["tcvn3"].id
    ans = assistant.ask("Xã Tân Phước phấn đấu có bao nhiêu sản phẩm OCOP được chứng nhận?")
    assert not ans.refused and "12 sản phẩm OCOP" in ans.text
    assert ans.citations[0].clause.doc_id == added["vni"].id
