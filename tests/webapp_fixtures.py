"""A real web app for the client and browser tests: real knowledge/, real index, real Gradio server.

Session-scoped because building the index takes ~15 s; the data directory is a temporary one, so uploads
made by the tests never touch the repository.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

ADMIN_TOKEN = "ma-quan-tri-kiem-thu"


@dataclass
class RunningApp:
    url: str
    demo: object
    assistant: object
    admin_token: str = ADMIN_TOKEN


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def webapp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant.config import Settings
    from assistant.pipeline import Assistant
    from assistant.web import build_app, launch

    data_dir = tmp_path_factory.mktemp("webapp-data")
    settings = Settings.from_env(env={}, data_dir=data_dir, admin_token=ADMIN_TOKEN)  # no LLM, no user env
    assistant = Assistant(settings)
    assistant.rebuild()
    demo = build_app(assistant)
    port = _free_port()
    launch(demo, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    try:
        yield RunningApp(f"http://127.0.0.1:{port}/", demo, assistant)
    finally:
        demo.close()
