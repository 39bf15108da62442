"""One indexing job at a time, across threads and processes: `flock` on index/LOCK.

Only jobs take it; questions never do. The lock is re-entrant within a thread (a rebuild may open the
index it is building) and released by the kernel when its process dies, so a killed job never blocks the
next one.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_THREADS = threading.RLock()
_held: dict[Path, tuple[int, int]] = {}  # lock file -> (fd, depth) for the thread holding _THREADS


@contextmanager
def index_lock(index_dir: Path, blocking: bool = True) -> Iterator[bool]:
    """Yields True once this thread holds the lock; False at once when not blocking and it is taken."""
    path = (Path(index_dir) / "LOCK").resolve()
    if not _THREADS.acquire(blocking):
        yield False
        return
    try:
        fd, depth = _held.get(path, (-1, 0))
        if depth == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                os.close(fd)
                yield False
                return
        _held[path] = (fd, depth + 1)
        try:
            yield True
        finally:
            fd, depth = _held.pop(path)
            if depth > 1:
                _held[path] = (fd, depth - 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
    finally:
        _THREADS.release()


def is_locked(index_dir: Path) -> bool:
    """Whether some job (any process, this one included) holds the lock right now."""
    with index_lock(index_dir, blocking=False) as got:
        return not got
