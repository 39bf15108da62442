"""What users do with answers (ratings, comments, copies, regenerations) and the administrators' change log,
in one SQLite file beside the index.

SQLite because the web app is a single process with a few users: no server, one file to back up.
Times are stored as ISO 8601 with their offset and shown in Vietnam's time zone.
"""

from __future__ import annotations

import csv
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from .config import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer_text TEXT NOT NULL,
    citations_json TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS message_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    action TEXT NOT NULL,
    question TEXT NOT NULL,
    answer_text TEXT NOT NULL,
    citations_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ACTIONS = {"copy": "Sao chép", "regenerate": "Tạo lại câu trả lời"}
CSV_HEADERS = ["Thời điểm", "Thao tác", "Câu hỏi", "Câu trả lời", "Trích dẫn (JSON)", "Góp ý"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def human_time(iso: str) -> str:
    """ "14:05 ngày 23/11/2026" in Vietnam's time zone; what cannot be parsed is shown as stored."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M ngày %d/%m/%Y")


def csv_safe(value: object) -> str:
    """OWASP's rule against formula injection: a cell that a spreadsheet would run gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class FeedbackStore:
    """Thread-safe: Gradio runs handlers on worker threads, so each call opens its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @classmethod
    def for_settings(cls, settings: Settings) -> FeedbackStore:
        return cls(Path(settings.data_dir) / "feedback.sqlite3")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def save(
        self, question: str, answer_text: str, citations_json: str, rating: int, comment: str = ""
    ) -> int:
        """Store one rating (+1 / -1); returns its row id, so a comment can follow."""
        if rating not in (1, -1):
            raise ValueError("rating must be +1 or -1")
        with self._lock, self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback (created_at, question, answer_text, citations_json, rating, comment) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), question, answer_text, citations_json, rating, (comment or "").strip()),
            )
            return int(cur.lastrowid)

    def add_comment(self, feedback_id: int, comment: str) -> bool:
        """Attach the optional comment typed after a 👍/👎; False when the rating does not exist."""
        with self._lock, self._connect() as db:
            cur = db.execute(
                "UPDATE feedback SET comment = ? WHERE id = ?", ((comment or "").strip(), int(feedback_id))
            )
            return cur.rowcount == 1

    def record(self, action: str, question: str, answer_text: str, citations_json: str) -> None:
        """A copy or a regeneration of one message: tells which answers people reuse or distrust."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO message_actions (created_at, action, question, answer_text, citations_json) "
                "VALUES (?, ?, ?, ?, ?)",
                (_now(), action, question, answer_text, citations_json),
            )

    def rows(self) -> list[tuple]:
        with self._connect() as db:
            return db.execute(
                "SELECT created_at, question, answer_text, citations_json, rating, comment FROM feedback ORDER BY id"
            ).fetchall()

    def actions(self) -> list[tuple]:
        with self._connect() as db:
            return db.execute(
                "SELECT created_at, action, question, answer_text, citations_json FROM message_actions ORDER BY id"
            ).fetchall()

    def export_csv(self, path: Path) -> Path:
        """Ratings and actions by time; UTF-8 with BOM so Excel opens Vietnamese; no cell runs as a formula."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        table = [
            (created, "👍 Hữu ích" if rating > 0 else "👎 Chưa tốt", q, a, cites, comment)
            for created, q, a, cites, rating, comment in self.rows()
        ]
        table += [(created, ACTIONS[act], q, a, cites, "") for created, act, q, a, cites in self.actions()]
        table.sort(key=lambda row: row[0])
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_HEADERS)
            for created, *rest in table:
                writer.writerow([csv_safe(human_time(created)), *(csv_safe(x) for x in rest)])
        return path

    def log_change(self, who: str, action: str, detail: str = "") -> None:
        """Who changed the knowledge base, what, and when: kept for accountability."""
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO change_log (created_at, who, action, detail) VALUES (?, ?, ?, ?)",
                (_now(), (who or "").strip() or "(không ghi tên)", action, detail),
            )

    def changes(self, limit: int = 50) -> list[tuple[str, str, str, str]]:
        with self._connect() as db:
            return db.execute(
                "SELECT created_at, who, action, detail FROM change_log ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
