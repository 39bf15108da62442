"""The administrator's token check: constant-time comparison, a growing delay after each wrong token, a log
line per failure.

The delay is per client address and serialised by a lock, so guessing in parallel is no faster than in
turn; a correct token, or a quiet quarter of an hour, clears the count.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)

READ_ONLY_MESSAGE = "Kho văn bản chỉ đọc: máy chủ chưa cấu hình mã quản trị (TROLY_ADMIN_TOKEN)."
WRONG_TOKEN_MESSAGE = "Mã quản trị không đúng. Thay đổi kho văn bản chỉ dành cho quản trị viên."


def client_of(request) -> str:
    """The address a Gradio request came from (the key for the delay)."""
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "?"


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0


class AdminGate:
    """check(token, client) -> None when the token is right, else a Vietnamese message."""

    def __init__(
        self, expected: str, base_delay: float = 0.5, max_delay: float = 30.0, forget_after: float = 900.0
    ) -> None:
        self.expected = expected or ""
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.forget_after = forget_after
        self._failures: dict[str, _Failures] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def delay_for(self, failures: int) -> float:
        """Seconds waited before checking, after `failures` wrong tokens in a row: 0, 0.5, 1, 2, 4 … 30."""
        return 0.0 if failures <= 0 else min(self.max_delay, self.base_delay * 2 ** (failures - 1))

    def _state(self, client: str) -> tuple[_Failures, threading.Lock]:
        with self._guard:
            state = self._failures.setdefault(client, _Failures())
            if state.count and time.monotonic() - state.last > self.forget_after:
                state.count = 0
            return state, self._locks.setdefault(client, threading.Lock())

    def check(self, token: str | None, client: str = "?") -> str | None:
        if not self.expected:
            return READ_ONLY_MESSAGE
        state, lock = self._state(client)
        with lock:
            time.sleep(self.delay_for(state.count))
            if token and hmac.compare_digest(token.encode(), self.expected.encode()):
                state.count = 0
                return None
            state.count += 1
            state.last = time.monotonic()
            log.warning(
                "wrong admin token from %s (%d in a row; next check waits %.1f s)",
                client,
                state.count,
                self.delay_for(state.count),
            )
            return WRONG_TOKEN_MESSAGE
