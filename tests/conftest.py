"""Shared fixtures: `kb` (the real knowledge base, indexed once per session); web-app ones in webapp_fixtures.py."""

from __future__ import annotations

import pytest

try:  # tests/ may or may not be a package, depending on who runs pytest how
    from tests.webapp_fixtures import browser, webapp  # noqa: F401
except ImportError:
    from webapp_fixtures import browser, webapp  # noqa: F401

from assistant.config import Settings
from assistant.pipeline import Assistant


@pytest.fixture(scope="session")
def kb_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over the shipped knowledge/ with a throwaway data dir (never the user's ./data)."""
    return Settings(data_dir=tmp_path_factory.mktemp("kb-data"))


@pytest.fixture(scope="session")
def kb(kb_settings: Settings) -> Assistant:
    """An Assistant over the real knowledge/ with its index in a temporary directory (~15 s to build)."""
    assistant = Assistant(kb_settings)
    assistant.rebuild()
    return assistant
