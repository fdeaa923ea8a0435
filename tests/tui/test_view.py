"""The saves list: one row per game, and "continue" never offers a finished game."""

from __future__ import annotations

from dataclasses import dataclass

from diplomacy_game.tui.view import latest_unfinished, one_per_game


@dataclass
class Info:
    name: str
    autosave: bool = True
    finished: bool = False
    error: str = ""
    scenario: str = "second-visit"

    @property
    def ok(self) -> bool:
        return not self.error


def test_one_row_per_game_and_no_continue_of_a_finished_one() -> None:
    saves = [
        Info("autosave-second-visit-seed42-abc", finished=True),
        Info("autosave-second-visit-seed42-abc.1"),
        Info("autosave-second-visit-seed42-abc.2"),
        Info("mine", autosave=False),
    ]
    assert [i.name for i in one_per_game(saves)] == [
        "autosave-second-visit-seed42-abc",
        "mine",
    ]
    assert latest_unfinished(saves) is None
    saves.append(Info("autosave-second-visit-seed7-def"))
    assert latest_unfinished(saves).name == "autosave-second-visit-seed7-def"
