"""A real web app for the client and browser tests: real knowledge/, real index, real Gradio server, and
a real headless Chromium.

Session-scoped because building the index takes ~15 s; the data directory is a temporary one, so uploads
made by the tests never touch the repository.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ADMIN_TOKEN = "ma-quan-tri-kiem-thu"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@dataclass
class RunningApp:
    url: str
    demo: object
    assistant: object
    admin_token: str = ADMIN_TOKEN

    @property
    def web(self):
        """The WebApp holding the handlers, the feedback store and the admin gate."""
        return self.demo.webapp


def free_port() -> int:
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
    port = free_port()
    launch(demo, "127.0.0.1", port, prevent_thread_lock=True, quiet=True)
    try:
        yield RunningApp(f"http://127.0.0.1:{port}/", demo, assistant)
    finally:
        demo.close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for all browser tests (each test opens its own fresh context)."""
    if not CHROMIUM.exists():
        pytest.skip("Chưa cài Chromium của Debian (/usr/bin/chromium): apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, app: RunningApp, viewport: dict = LAPTOP):
    """A fresh browser context (no cookies, no state) on the app, once its per-visit lists are loaded."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(app.url)
    page.locator("#kb-status").get_by_text("điều khoản").wait_for(timeout=30_000)
    return page
