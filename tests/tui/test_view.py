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


def test_continue_takes_up_a_damaged_autosave_from_the_version_before_it() -> None:
    """A damaged autosave with a good NAME.1 beside it said "Continue (no game in progress)",
    though loading it falls back to NAME.1: the game was there and could not be continued.
    It is now offered at NAME.1's turn, opening the damaged file so the load says so."""
    damaged = Info("autosave-second-visit-seed7-def", error="the file is not valid JSON")
    damaged.path = "saves/autosave-second-visit-seed7-def.json"
    before = Info("autosave-second-visit-seed7-def.1")
    before.path, before.turn = "saves/autosave-second-visit-seed7-def.1.json", 3
    latest = latest_unfinished([damaged, before])
    assert latest is not None and latest.turn == 3
    assert latest.path == damaged.path and latest.name == damaged.name
    assert before.path.endswith(".1.json")  # the row listed is left as it was
    # nothing to fall back to, or only an ending: nothing to continue
    assert latest_unfinished([damaged]) is None
    assert latest_unfinished([damaged, Info(before.name, finished=True)]) is None


def test_an_autosave_names_its_scenario_where_the_list_has_no_scenario_column() -> None:
    """At 80 columns the load list has no scenario column: "autosave seed11-d3a0e3" said
    nothing of which scenario a row was."""
    from diplomacy_game.tui.view import save_label

    info = Info("autosave-hawks-table-seed11-d3a0e3", scenario="hawks-table")
    assert save_label(info, 30) == "autosave seed11-d3a0e3"  # beside the scenario column
    assert save_label(info, 24, scenario_shown=False) == "hawks-table seed11-d3a0…"
    assert save_label(Info("mine", autosave=False), 24, scenario_shown=False) == "mine"
