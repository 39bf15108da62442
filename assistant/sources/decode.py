"""Bytes of a plain-text upload -> text."""

from __future__ import annotations

from assistant.sources.errors import DocumentError


def decode_text(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1258"]
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise DocumentError(
        f"Tệp «{name}» không phải văn bản chữ hoặc dùng bảng mã không nhận ra được. Vui lòng lưu lại tệp "
        "với bảng mã UTF-8 (Unicode) rồi tải lên lại."
    )
