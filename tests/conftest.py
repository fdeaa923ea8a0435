from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.rules import Ruleset

SCENARIO = "second-visit"

# The tests (and the commands they start) keep their content cache out of the user's own.
_CACHE = tempfile.TemporaryDirectory(prefix="elbows-up-cache-")
os.environ["ELBOWS_UP_CACHE"] = _CACHE.name


def pytest_unconfigure(config: pytest.Config) -> None:
    _CACHE.cleanup()  # said, not left to the interpreter's exit (a ResourceWarning)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``--snapshot-update`` runs in one process (the default ``-n auto`` included): under
    xdist the snapshot plugin neither deletes the pictures of renamed or removed tests nor
    prints what it updated."""
    if config.getoption("--snapshot-update", default=False):
        return 0
    return None


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    return load_ruleset(SCENARIO)


@pytest.fixture
def write_pack(tmp_path: Path):
    """Write TOML text to a file in a fresh pack folder and return the folder."""

    def write(text: str, name: str = "extra.toml") -> Path:
        pack = tmp_path / "pack"
        pack.mkdir(exist_ok=True)
        (pack / name).write_text(text, encoding="utf-8")
        return pack

    return write
