"""The document library: the shipped knowledge documents plus the user's uploads (add, remove, load)."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.clauses import parse_clauses
from assistant.config import Settings
from assistant.schema import SourceDoc
from assistant.sources.catalog import (
    CATALOG_NAME,
    atomic_write,
    pages_path,
    read_catalog,
    read_pages,
    write_catalog,
)
from assistant.sources.errors import DocumentError
from assistant.sources.extract import extract_text
from assistant.sources.meta import apply_overrides, guess_meta, slugify, unique_id
from assistant.text.normalize import key, nfc

log = logging.getLogger(__name__)

# Serialises read-modify-write of the uploads catalog between threads of one process (the web app).
_CATALOG_LOCK = threading.RLock()


def load_documents(settings: Settings) -> list[SourceDoc]:
    """The built-in knowledge documents, then the user-added ones (uploads catalog, if any)."""
    docs = _load_catalog_dir(Path(settings.knowledge_dir), builtin=True)
    seen = {d.id for d in docs}
    uploads_catalog = Path(settings.uploads_dir) / CATALOG_NAME
    if uploads_catalog.exists():
        for doc in _load_catalog_dir(Path(settings.uploads_dir), builtin=False):
            if doc.id in seen:
                log.warning("uploaded document %s shadows an existing id; skipped", doc.id)
                continue
            seen.add(doc.id)
            docs.append(doc)
    return docs


def _load_catalog_dir(folder: Path, builtin: bool) -> list[SourceDoc]:
    docs: list[SourceDoc] = []
    for meta in read_catalog(folder / CATALOG_NAME):
        text_path = folder / meta.source
        try:
            raw = text_path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            if not builtin:  # one broken upload must not take the whole assistant down
                log.warning("uploaded document %s unreadable (%s); skipped", meta.id, exc)
                continue
            raise DocumentError(
                f"Không đọc được tệp văn bản «{meta.source}» của danh mục ({folder}). "
                "Vui lòng kiểm tra tệp có tồn tại và được lưu ở mã UTF-8.",
                str(exc),
            ) from exc
        docs.append(SourceDoc(meta=meta, text=nfc(raw).strip(), page_starts=read_pages(text_path)))
    return docs


def text_hash(text: str) -> str:
    """Same hash for texts that differ only in case, tone placement, Unicode form or spacing."""
    return hashlib.sha256(" ".join(key(text).split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DocRef:
    """What an upload is checked against: an existing document's id, short name and text hash."""

    id: str
    short: str
    text_hash: str


def refs_of(docs: list[SourceDoc]) -> list[DocRef]:
    return [DocRef(d.id, d.meta.short, text_hash(d.text)) for d in docs]


def prepare_document(
    settings: Settings, path: Path, overrides: dict | None, existing: list[DocRef]
) -> SourceDoc:
    """Extract and describe one user document and check it against `existing`; writes nothing."""
    path = Path(path)
    name = path.name
    extracted = extract_text(path, settings)
    text, page_starts = extracted.text, extracted.page_starts
    shipped = _shipped_names(settings)
    taken = {d.id for d in existing} | shipped
    meta = guess_meta(text, name, taken)
    overrides = dict(overrides or {})
    explicit_id = bool(overrides.get("id"))
    meta = apply_overrides(meta, overrides, name)
    if not explicit_id and ({"kind", "number"} & {k for k, v in overrides.items() if v}):
        base = slugify(f"{meta.kind} {meta.number}") if meta.number else slugify(path.stem)
        meta = replace(meta, id=unique_id(base, taken))
    if meta.id in shipped:
        raise DocumentError(
            f"Tệp «{name}»: mã văn bản «{meta.id}» trùng với văn bản có sẵn của hệ thống. "
            "Vui lòng chọn mã khác (hoặc để trống để hệ thống tự đặt)."
        )
    digest = text_hash(text)
    for doc in existing:
        if doc.text_hash == digest:
            raise DocumentError(
                f"Tệp «{name}» có nội dung trùng với văn bản đã có: {doc.short} (mã {doc.id}). "
                "Văn bản này đã nằm trong kho, không cần tải lên lại."
            )
        if doc.id == meta.id:
            raise DocumentError(
                f"Tệp «{name}»: mã văn bản «{meta.id}» đã được dùng cho {doc.short}. Vui lòng chọn mã khác."
            )
    meta = replace(meta, source=f"{meta.id}.txt", original_name=name, encoding=extracted.encoding)
    doc = SourceDoc(meta=meta, text=text, page_starts=page_starts)
    _check_clauses(doc, name, settings.max_clauses)
    return doc


def store_document(settings: Settings, doc: SourceDoc) -> None:
    """Write an upload's text (and page offsets) and its catalog entry, the entry last; idempotent."""
    uploads = Path(settings.uploads_dir)
    text_path = uploads / doc.meta.source
    sidecar = pages_path(text_path)
    catalog_path = uploads / CATALOG_NAME
    with _CATALOG_LOCK:
        uploaded = read_catalog(catalog_path) if catalog_path.exists() else []
        written: list[Path] = []
        try:
            atomic_write(text_path, (doc.text + "\n").encode("utf-8"))
            written.append(text_path)
            if doc.page_starts:
                atomic_write(sidecar, json.dumps(list(doc.page_starts)).encode("utf-8"))
                written.append(sidecar)
            write_catalog(catalog_path, [*(m for m in uploaded if m.id != doc.id), doc.meta])
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise


def removable(settings: Settings, doc_id: str, known: set[str] | None = None) -> None:
    """DocumentError unless `doc_id` is a user-added document (in the uploads catalog or `known`), even one
    whose id a shipped document took later; a shipped document never."""
    catalog_path = Path(settings.uploads_dir) / CATALOG_NAME
    uploaded = {m.id for m in read_catalog(catalog_path)} if catalog_path.exists() else set()
    if doc_id in uploaded:
        return
    builtin = {m.id: m for m in read_catalog(Path(settings.knowledge_dir) / CATALOG_NAME)}
    if doc_id in builtin:
        raise DocumentError(
            f"Văn bản «{builtin[doc_id].short}» (mã {doc_id}) là văn bản có sẵn của hệ thống, "
            "không thể xóa tại đây. Chỉ xóa được các văn bản do người dùng bổ sung."
        )
    if doc_id in (known or set()):
        return  # in the index but in no catalog: what an interrupted add left, removable
    raise DocumentError(
        f"Không tìm thấy văn bản có mã «{doc_id}» trong các văn bản đã bổ sung. "
        "Vui lòng tải lại danh sách văn bản rồi thử lại."
    )


def unstore_document(settings: Settings, doc_id: str) -> None:
    """Drop an upload's catalog entry, then its files; idempotent (a rolled-back add, a remove)."""
    catalog_path = Path(settings.uploads_dir) / CATALOG_NAME
    with _CATALOG_LOCK:
        uploaded = read_catalog(catalog_path) if catalog_path.exists() else []
        target = next((m for m in uploaded if m.id == doc_id), None)
        if target is not None:
            write_catalog(catalog_path, [m for m in uploaded if m.id != doc_id])
        text_path = Path(settings.uploads_dir) / (target.source if target else f"{doc_id}.txt")
        for p in (text_path, pages_path(text_path)):
            try:
                p.unlink(missing_ok=True)
            except OSError:
                log.warning("could not delete %s", p)


def add_document(settings: Settings, path: Path, overrides: dict | None = None) -> SourceDoc:
    """Extract, describe and store one user document (catalog only: the index is the jobs' business)."""
    with _CATALOG_LOCK:
        doc = prepare_document(settings, path, overrides, refs_of(load_documents(settings)))
        store_document(settings, doc)
    return doc


def remove_document(settings: Settings, doc_id: str) -> None:
    """Remove a user-added document from the catalog; the built-in knowledge documents cannot be removed."""
    removable(settings, doc_id)
    unstore_document(settings, doc_id)


def _shipped_names(settings: Settings) -> set[str]:
    """Ids an upload may not take: the shipped documents' ids and file names, so the two never look alike."""
    names: set[str] = set()
    for meta in read_catalog(Path(settings.knowledge_dir) / CATALOG_NAME):
        names |= {meta.id, slugify(meta.id), slugify(Path(meta.source).stem)}
    return names


def _check_clauses(doc: SourceDoc, name: str, max_clauses: int) -> None:
    """Count clauses before anything is embedded: the split is cheap, the embedding is not."""
    count = len(parse_clauses(doc))
    if count > max_clauses:
        raise DocumentError(
            f"Tệp «{name}» tách ra {count} điều khoản, vượt giới hạn {max_clauses} điều khoản của một văn bản. "
            "Vui lòng tách văn bản thành các tệp nhỏ hơn rồi tải lên lại."
        )
