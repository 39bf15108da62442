"""Shared fixtures: `kb` (the real knowledge base, indexed once per session); web-app ones in webapp_fixtures.py."""

from __future__ import annotations

import pytest
from webapp_fixtures import webapp  # noqa: F401

from assistant.config import Settings
from assistant.pipeline import Assistant


@pytest.fixture(scope="session")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """An Assistant over the real knowledge/ with its index in a temporary directory (~15 s to build)."""
    assistant = Assistant(Settings(data_dir=tmp_path_factory.mktemp("kb-data")))
    assistant.rebuild()
    return assistant
