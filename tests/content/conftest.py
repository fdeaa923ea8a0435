"""Shared fixtures of the content tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from diplomacy_game.content import cache


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache folder for this test (``$ELBOWS_UP_CACHE``)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder
