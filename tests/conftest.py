from __future__ import annotations

from pathlib import Path

import pytest

from diplomacy_game.content import Ruleset, load_ruleset

SCENARIO = "second-visit"


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


@pytest.fixture(autouse=True, scope="session")
def _comparison_cache(tmp_path_factory: pytest.TempPathFactory):
    """Reports cache their comparison games; the tests keep theirs out of the user's folder."""
    import os

    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("ELBOWS_UP_CACHE")
    os.environ["ELBOWS_UP_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("ELBOWS_UP_CACHE", None)
    else:
        os.environ["ELBOWS_UP_CACHE"] = before
