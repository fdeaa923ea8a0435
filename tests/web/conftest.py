"""The browser front's tests run ``async def`` Pilot tests the way the UI tests do; the class
fixtures the lab, progress and teacher's-window tests share."""

from pathlib import Path

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.web.lab import Lab, read_lab
from tests.tui.conftest import pytest_pyfunc_call  # noqa: F401
from tests.web.helpers import SCENARIO, write_class


@pytest.fixture(scope="module")
def review_sprint():
    """The class's scenario, loaded once per test file."""
    return load_ruleset(SCENARIO)


@pytest.fixture
def lab(tmp_path: Path) -> Lab:
    """A class of three read from the folder ``assign`` writes, its hand-in folder made."""
    lab = read_lab(write_class(tmp_path), tmp_path / "handed-in")
    lab.hand_in.mkdir()
    return lab
