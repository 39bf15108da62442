"""The `[[document]]` TOML catalogs (knowledge/ and uploads), page sidecars, and atomic writes."""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import tempfile
from pathlib import Path

import tomli_w

from assistant.schema import DocMeta
from assistant.sources.errors import DocumentError
from assistant.text.normalize import nfc

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

log = logging.getLogger(__name__)

CATALOG_NAME = "catalog.toml"
PAGES_SUFFIX = ".pages.json"

_CATALOG_KEYS = (
    "id",
    "file",
    "kind",
    "number",
    "short",
    "title",
    "issuer",
    "date",
    "level",
    "place",
    "signer",
    "implements",
    "official",
    "press_note",
    "notes",
)


def read_catalog(path: Path) -> list[DocMeta]:
    """Parse a `[[document]]` TOML catalog; `file` becomes DocMeta.source."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DocumentError(
            f"Không tìm thấy danh mục văn bản «{path.name}» ({path.parent}). "
            "Vui lòng kiểm tra lại thư mục dữ liệu.",
            str(exc),
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(
            f"Danh mục văn bản «{path.name}» bị lỗi định dạng, không đọc được. "
            "Vui lòng sửa tệp danh mục (định dạng TOML) hoặc khôi phục bản sao lưu.",
            str(exc),
        ) from exc
    metas: list[DocMeta] = []
    for n, entry in enumerate(data.get("document", []), start=1):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("file"):
            raise DocumentError(
                f"Danh mục «{path.name}»: mục thứ {n} thiếu mã (id) hoặc tên tệp (file). "
                "Vui lòng bổ sung rồi tải lại.",
            )
        metas.append(_meta_from_entry(entry))
    return metas


def _meta_from_entry(entry: dict) -> DocMeta:
    def text(name: str) -> str:
        value = entry.get(name, "")
        if isinstance(value, (_dt.date, _dt.datetime)):  # an unquoted TOML date
            return value.isoformat()[:10]
        return nfc(str(value)).strip()

    implements = entry.get("implements", ())
    if isinstance(implements, str):
        implements = [implements]
    kind, number = text("kind"), text("number")
    return DocMeta(
        id=text("id"),
        kind=kind,
        number=number,
        title=text("title"),
        issuer=text("issuer"),
        date=text("date"),
        level=text("level"),
        short=text("short") or f"{kind} {number}".strip(),
        signer=text("signer"),
        implements=tuple(nfc(str(x)).strip() for x in implements),
        official=bool(entry.get("official", True)),
        press_note=text("press_note"),
        source=text("file"),
        place=text("place"),
        notes=text("notes"),
    )


def _entry_from_meta(meta: DocMeta) -> dict:
    d = meta.to_dict()
    d["file"] = d.pop("source")
    d["implements"] = list(meta.implements)
    return {k: d[k] for k in _CATALOG_KEYS}


def write_catalog(path: Path, metas: list[DocMeta]) -> None:
    """Write the catalog atomically, so a crash never leaves a half-written file behind."""
    header = "# Văn bản do người dùng bổ sung: mỗi bảng [[document]] là một văn bản.\n\n"
    body = tomli_w.dumps({"document": [_entry_from_meta(m) for m in metas]}) if metas else ""
    atomic_write(Path(path), (header + body).encode("utf-8"))


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def pages_path(text_path: Path) -> Path:
    return text_path.with_name(text_path.stem + PAGES_SUFFIX)


def read_pages(text_path: Path) -> tuple[int, ...]:
    sidecar = pages_path(text_path)
    if not sidecar.exists():
        return ()
    try:
        return tuple(int(x) for x in json.loads(sidecar.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        log.warning("page sidecar %s unreadable; pages ignored", sidecar)
        return ()
