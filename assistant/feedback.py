"""Feedback on answers and the administrators' change log, in one SQLite file beside the index.

SQLite because the web app is a single process with a few users: no server, one file to back up.
"""

from __future__ import annotations

import csv
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

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
CREATE TABLE IF NOT EXISTS change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""

CSV_HEADERS = ["Thời điểm", "Câu hỏi", "Câu trả lời", "Trích dẫn (JSON)", "Đánh giá", "Góp ý"]


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


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
        """Store one rating (+1 / -1); returns its row id."""
        if rating not in (1, -1):
            raise ValueError("rating must be +1 or -1")
        with self._lock, self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback (created_at, question, answer_text, citations_json, rating, comment) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), question, answer_text, citations_json, rating, (comment or "").strip()),
            )
            return int(cur.lastrowid)

    def rows(self) -> list[tuple]:
        with self._connect() as db:
            return db.execute(
                "SELECT created_at, question, answer_text, citations_json, rating, comment FROM feedback ORDER BY id"
            ).fetchall()

    def export_csv(self, path: Path) -> Path:
        """UTF-8 with BOM so Excel opens the Vietnamese text correctly."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_HEADERS)
            for created, q, a, cites, rating, comment in self.rows():
                writer.writerow([created, q, a, cites, "👍" if rating > 0 else "👎", comment])
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
