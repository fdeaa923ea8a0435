"""The history's log: each turn's entries under it, indented, the lines they wrap onto too."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.tui.screens.history import HistoryScreen
from diplomacy_game.tui.session import GameSession


def test_a_long_entry_wraps_under_its_turn(tmp_path: Path) -> None:
    s = GameSession.new("second-visit", 9, SaveLibrary(tmp_path))
    for _ in range(2):
        for event in s.unanswered():
            s.answer(event["id"], event["options"][0]["id"])
        s.commit(s.resolve())
    console = Console(file=io.StringIO(), width=56, color_system=None)
    console.print(HistoryScreen(s)._log())
    lines = [x for x in console.file.getvalue().splitlines() if x.strip()]
    turns = [x for x in lines if x.startswith("Turn ")]
    assert len(turns) == 2
    entries = [x for x in lines if not x.startswith("Turn ")]
    assert len(entries) > 2 * 3  # wrapped lines among them, at 56 columns
    assert all(x.startswith("  ") for x in entries), entries
