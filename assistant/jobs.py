"""Adding and removing documents as jobs: one at a time across processes, one transaction per document.

A job takes the indexing lock, writes everything aside (segment, vectors, a new manifest), records its plan
in its job file, stores the upload's text and catalog entry, and commits by publishing the snapshot. Its
record under index/jobs/ says where it is, for the admin page and `assistant jobs`. A job that dies (kill,
power cut) is finished by `recover` if it had reached its commit plan, and undone otherwise; a job that
fails (full disk, no permission) undoes itself and says why in Vietnamese.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from . import snapshots
from .config import Settings
from .indexing import Writer, build_index, collect_garbage
from .locking import index_lock
from .schema import SourceDoc
from .segments import TooLarge, doc_from_dict
from .sources.errors import DocumentError
from .sources.library import DocRef, prepare_document, removable, store_document, unstore_document

log = logging.getLogger(__name__)

JOBS = "jobs"
ACTIVE = ("queued", "running")
KEEP_RECORDS = 200  # finished job records kept for the admin page
PHASES = {
    "waiting": "đang chờ việc trước hoàn tất",
    "reading": "đang đọc văn bản",
    "embed": "đang nhúng điều khoản",
    "store": "đang ghi chỉ mục",
    "commit": "đang hoàn tất",
    "done": "xong",
}


@dataclass(frozen=True)
class JobStatus:
    """One job as the admin sees it; `message` is Vietnamese and final once `state` is not active."""

    id: str
    kind: str  # add | remove
    state: str  # queued | running | done | failed | rolled-back
    phase: str = "waiting"
    done: int = 0
    total: int = 0
    name: str = ""  # the uploaded file's name or the removed document's id
    doc_id: str = ""
    message: str = ""
    pid: int = 0
    started: float = 0.0
    updated: float = 0.0
    segment: str = ""
    snapshot: str = ""  # the snapshot it will publish: set just before it stores the catalog entry

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else (1.0 if self.state == "done" else 0.0)

    @property
    def phase_label(self) -> str:
        return PHASES.get(self.phase, self.phase)


class Job:
    """A job's record on disk, rewritten whole (atomically) as it moves; progress at most twice a second."""

    def __init__(self, settings: Settings, kind: str, name: str = "", doc_id: str = "") -> None:
        now = time.time()
        job_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{kind}-{uuid.uuid4().hex[:6]}"
        self.path = settings.index_dir / JOBS / f"{job_id}.json"
        self.status = JobStatus(job_id, kind, "queued", name=name, doc_id=doc_id, pid=os.getpid(),
                                started=now, updated=now)  # fmt: skip
        self._written = 0.0
        self._save()

    def update(self, **changes) -> JobStatus:
        self.status = JobStatus(**{**asdict(self.status), **changes, "updated": time.time()})
        self._save()
        return self.status

    def progress(self, phase: str, done: int, total: int) -> None:
        if phase == self.status.phase and done < total and time.time() - self._written < 0.5:
            return
        self.update(phase=phase, done=done, total=total)

    def _save(self) -> None:
        self._written = time.time()
        snapshots.fsync_write(self.path, json.dumps(asdict(self.status), ensure_ascii=False))


def fault_point(settings: Settings, name: str) -> None:
    """For the fault tests only: with TROLY_FAULT_AT=name, say so in a file and wait here to be killed."""
    if os.environ.get("TROLY_FAULT_AT") == name:
        (settings.index_dir / f"FAULT-{name}").touch()
        while True:
            time.sleep(1)


def list_jobs(settings: Settings, limit: int = 20) -> list[JobStatus]:
    """The latest jobs, newest first (what `assistant jobs` prints and the admin page shows)."""
    out = []
    for path in (settings.index_dir / JOBS).glob("*.json"):
        try:
            out.append(JobStatus(**json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue
    return sorted(out, key=lambda j: j.started, reverse=True)[:limit]


def _prune_records(settings: Settings, keep: int = KEEP_RECORDS) -> None:
    for old in list_jobs(settings, limit=100_000)[keep:]:
        if not old.active:
            (settings.index_dir / JOBS / f"{old.id}.json").unlink(missing_ok=True)


def _user_error(exc: BaseException, name: str) -> DocumentError:
    """The Vietnamese message for a failed job; the document store is unchanged when it is shown."""
    if isinstance(exc, DocumentError):
        return exc
    if isinstance(exc, TooLarge):
        return DocumentError(
            f"Tệp «{name}» có {exc.clauses:,} điều khoản, vượt giới hạn {exc.limit:,} điều khoản cho một văn bản. "
            "Hãy tách văn bản thành các phần nhỏ hơn rồi thêm từng phần. Kho văn bản không thay đổi.".replace(",", "."),
            str(exc),
        )  # fmt: skip
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) or "disk is full" in text or "no space" in text:
        return DocumentError(
            f"Không đủ dung lượng ổ đĩa để thêm «{name}». Kho văn bản giữ nguyên như trước; "
            "hãy giải phóng dung lượng rồi thử lại.",
            repr(exc),
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "permission denied" in text or "readonly" in text:
        return DocumentError(
            f"Không có quyền ghi vào thư mục dữ liệu khi xử lý «{name}». Kho văn bản giữ nguyên như trước; "
            "hãy kiểm tra quyền ghi của thư mục dữ liệu rồi thử lại.",
            repr(exc),
        )
    return DocumentError(
        f"Không xử lý được «{name}» do lỗi hệ thống. Kho văn bản giữ nguyên như trước; hãy thử lại sau.",
        repr(exc),
    )


def _current(settings: Settings) -> dict:
    manifest = snapshots.read_current(settings.index_dir)
    if manifest is None:  # a fresh install: index the shipped documents first
        build_index(settings)
        manifest = snapshots.read_current(settings.index_dir)
    return manifest


def _run(job: Job, settings: Settings, body, name: str):
    """Lock, recover leftovers, run `body(writer, manifest)`, undo on failure; returns what body returns."""
    index_dir = settings.index_dir
    try:
        with index_lock(index_dir):
            recover_locked(settings)
            job.update(state="running", phase="reading")
            manifest = _current(settings)
            writer = Writer(settings, job.progress, settings.index_threads, settings.max_clauses)
            try:
                result = body(writer, manifest)
            except BaseException:
                if snapshots.current_name(index_dir) != job.status.snapshot:
                    _undo(settings, job.status, writer)
                raise
            try:
                writer.collect_garbage()
                _prune_records(settings)
            except Exception:  # the commit stands; leftovers go at the next job
                log.exception("garbage collection after %s failed", job.status.id)
            return result
    except BaseException as exc:
        error = _user_error(exc, name)
        try:
            job.update(state="failed", message=error.user_message)
        except OSError:  # the disk that failed the job may refuse its record too
            log.exception("could not record the failure of %s", job.status.id)
        log.warning("job %s failed: %r", job.status.id, exc)
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        raise error from exc


def add_document(
    settings: Settings, path: Path, overrides: dict | None = None, job: Job | None = None
) -> SourceDoc:
    """Add one upload to the knowledge base, all of it (catalog, file, vectors, lexical) or nothing."""
    path = Path(path)
    job = job or Job(settings, "add", name=path.name)

    def body(writer: Writer, manifest: dict) -> SourceDoc:
        known = [
            DocRef(e["doc"], e.get("short", e["doc"]), e.get("text_hash", "")) for e in manifest["segments"]
        ]
        doc = prepare_document(settings, path, overrides, known)
        job.update(doc_id=doc.id, phase="embed")
        entry = writer.segment(doc)  # (its sentences' vectors are the serving process's background work)
        fault_point(settings, "segment")
        job.update(phase="commit", segment=entry["segment"])
        new = writer.manifest([*manifest["segments"], entry], job.status.id)
        job.update(snapshot=new["name"])  # the commit plan: from here on a crash is finished, not undone
        fault_point(settings, "planned")
        store_document(settings, doc)
        fault_point(settings, "stored")
        snapshots.publish(settings.index_dir, new["name"])
        fault_point(settings, "published")
        job.update(state="done", phase="done", done=entry["clauses"], total=entry["clauses"],
                   message=f"Đã thêm «{doc.meta.short}» (mã {doc.id}): {entry['clauses']} điều khoản.")  # fmt: skip
        return doc

    return _run(job, settings, body, path.name)


def remove_document(settings: Settings, doc_id: str, job: Job | None = None) -> None:
    """Remove one user-added document: its snapshot entry, catalog entry and file together."""
    job = job or Job(settings, "remove", name=doc_id, doc_id=doc_id)

    def body(writer: Writer, manifest: dict) -> None:
        removable(settings, doc_id, {e["doc"] for e in manifest["segments"]})
        job.update(phase="commit")
        new = writer.manifest([e for e in manifest["segments"] if e["doc"] != doc_id], job.status.id)
        job.update(snapshot=new["name"])
        fault_point(settings, "planned")
        unstore_document(settings, doc_id)
        fault_point(settings, "unstored")
        snapshots.publish(settings.index_dir, new["name"])
        job.update(state="done", phase="done", message=f"Đã xoá văn bản mã {doc_id}.")

    _run(job, settings, body, doc_id)


def _undo(settings: Settings, status: JobStatus, writer: Writer | None) -> None:
    """Take back whatever an uncommitted job wrote: its manifest, segment and vectors, and bring the
    document's catalog entry and file back to what the published snapshot says."""
    index_dir = settings.index_dir
    if status.snapshot:
        (index_dir / snapshots.SNAPSHOTS / f"{status.snapshot}.json").unlink(missing_ok=True)
    current = snapshots.read_current(index_dir) or {"segments": []}
    if status.doc_id and status.snapshot:  # the catalog is touched only once the plan is written
        entry = next((e for e in current["segments"] if e["doc"] == status.doc_id), None)
        if entry is None:
            unstore_document(settings, status.doc_id)
        elif status.kind == "remove":  # the catalog entry may be gone already: put it back
            _store_from_segment(settings, entry["segment"])
    try:
        writer.collect_garbage() if writer else collect_garbage(settings)
    except Exception:  # e.g. the store refuses deletes on a full disk: unreferenced, collected next time
        log.exception("could not collect what %s left", status.id)


def _store_from_segment(settings: Settings, segment: str) -> None:
    folder = settings.index_dir / snapshots.SEGMENTS / segment
    store_document(settings, doc_from_dict(json.loads((folder / "doc.json").read_text(encoding="utf-8"))))


def _finish(settings: Settings, status: JobStatus) -> None:
    """Complete a job that died after writing its commit plan: store/unstore, then publish."""
    index_dir = settings.index_dir
    if status.kind == "add":
        _store_from_segment(settings, status.segment)
    else:
        unstore_document(settings, status.doc_id)
    current = snapshots.read_current(index_dir) or {"segments": []}
    live = status.doc_id in {e["doc"] for e in current["segments"]}
    if live != (status.kind == "add"):  # unless a rebuild since has already published the change
        snapshots.publish(index_dir, status.snapshot)


def recover_locked(settings: Settings) -> list[JobStatus]:
    """Finish or undo every job whose process died mid-way (callers hold the lock, so no other process
    is running one; this process's own jobs are alive by definition)."""
    out = []
    for status in list_jobs(settings, limit=10_000):
        if not status.active or status.pid == os.getpid():
            continue
        if status.state == "queued" and _alive(status.pid):
            continue  # waiting for the lock in another process
        path = settings.index_dir / JOBS / f"{status.id}.json"
        plan = settings.index_dir / snapshots.SNAPSHOTS / f"{status.snapshot}.json"
        what = f"«{status.name}»" if status.name else status.doc_id
        verb = "thêm" if status.kind == "add" else "xoá"
        if status.snapshot and plan.exists():
            _finish(settings, status)
            state, msg = (
                "done",
                f"Việc {verb} {what} bị gián đoạn ở bước cuối và đã được hoàn tất khi khởi động lại.",
            )
        else:
            _undo(settings, status, None)
            state, msg = "rolled-back", f"Việc {verb} {what} bị gián đoạn và đã được huỷ; kho văn bản giữ nguyên như trước."  # fmt: skip
        done = JobStatus(
            **{**asdict(status), "state": state, "phase": "done", "message": msg, "updated": time.time()}
        )
        snapshots.fsync_write(path, json.dumps(asdict(done), ensure_ascii=False))
        log.warning("recovered job %s: %s", status.id, state)
        out.append(done)
    if out:
        collect_garbage(settings)
    return out


def recover(settings: Settings, blocking: bool = False) -> list[JobStatus]:
    """Start-up: finish or undo an interrupted job. Without `blocking`, a running job elsewhere is left be."""
    with index_lock(settings.index_dir, blocking=blocking) as got:
        if not got:
            return []
        return recover_locked(settings)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
