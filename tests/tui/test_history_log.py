"""The history: the log has each turn's entries under it, indented, the lines they wrap onto
too; the plots start from the values the game opened with."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from diplomacy_game.engine.game import new_game
from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.tui.screens.history import HistoryScreen
from diplomacy_game.tui.session import GameSession
from diplomacy_game.tui.view import indicator_series
from diplomacy_game.tui.widgets.plot import axis_labels, plot_text


def played(tmp_path: Path, turns: int) -> GameSession:
    s = GameSession.new("second-visit", 9, SaveLibrary(tmp_path))
    for _ in range(turns):
        for event in s.unanswered():
            s.answer(event["id"], event["options"][0]["id"])
        s.commit(s.resolve())
    return s


def test_a_long_entry_wraps_under_its_turn(tmp_path: Path) -> None:
    s = played(tmp_path, 2)
    console = Console(file=io.StringIO(), width=56, color_system=None)
    console.print(HistoryScreen(s)._log())
    lines = [x for x in console.file.getvalue().splitlines() if x.strip()]
    turns = [x for x in lines if x.startswith("Turn ")]
    assert len(turns) == 2
    entries = [x for x in lines if not x.startswith("Turn ")]
    assert len(entries) > 2 * 3  # wrapped lines among them, at 56 columns
    assert all(x.startswith("  ") for x in entries), entries


def test_each_plot_starts_where_the_game_started(tmp_path: Path) -> None:
    """After one turn a plot has two columns, the start and turn 1, not a lone column with
    nothing to compare it with; before any turn it shows the start."""
    s = played(tmp_path, 1)
    opening = new_game(s.ruleset, 9).values
    series = {x.title: x for x in indicator_series(s.state, s.opening)}
    approval = series["Approval (%)"]
    assert approval.first_turn == 0
    assert approval.values == [opening["approval"], s.state.history[0]["approval"]]
    assert series["Jobs lost to the tariffs (thousands)"].values[0] == opening["jobs_lost"]
    assert all(len(x.values) == 2 for x in series.values())
    fresh = GameSession.new("second-visit", 9, SaveLibrary(tmp_path / "fresh"))
    for x in indicator_series(fresh.state, fresh.opening):
        text = plot_text(x.title, x.values, min_span=x.min_span, now=x.now, first_turn=0).plain
        assert "no turns" not in text and text.splitlines()[-1].strip() == "start", text


@pytest.mark.parametrize(
    ("first", "columns", "under"),
    [
        (0, 1, "start"),
        (0, 7, "start"),  # no room for the last turn's number
        (0, 8, "start  7"),
        (0, 12, "start     11"),
        (0, 13, "start turn 12"),
        (1, 7, "turn 1"),
        (1, 8, "turn 1 8"),
        (3, 12, "turn 3    14"),
    ],
)
def test_the_turns_under_a_plot(first: int, columns: int, under: str) -> None:
    assert axis_labels(first, columns) == under
    assert len(under) <= columns or " " not in under.strip()  # never wider than the plot


def test_a_trend_line_is_flat_where_nothing_visibly_moved() -> None:
    """Unemployment from 7.2933% to 7.2994% ("±0" beside it) drew a full-height swing."""
    from diplomacy_game.text.figures import SPARK, sparkline

    assert sparkline([7.2994, 7.2933, 7.2950], least=0.7) == SPARK[3] * 3
    assert sparkline([7.0, 7.7]) == SPARK[0] + SPARK[-1]  # a range wider than the least
    assert sparkline([7.0, 7.7], least=0.7) == SPARK[0] + SPARK[-1]
    assert sparkline([7.0, 7.3], least=0.7) == SPARK[1] + SPARK[4]  # a block a tenth
    assert sparkline([5.0, 5.0]) == SPARK[3] * 2


def test_the_talks_line_swings_only_as_far_as_the_estimates_moved() -> None:
    """Two advisors' mean estimate of the talks from 41 to 41.5 (the same band, the same
    words) drew a full-height swing: the line scaled to its own range."""
    from diplomacy_game.text.figures import SPARK, talks_trend

    assert talks_trend([41.0, 41.5, 41.0]) == SPARK[3] * 3
    assert talks_trend([40.0, 42.0]) == SPARK[2] + SPARK[4]  # a block a point
    assert talks_trend([20.0, 60.0]) == SPARK[0] + SPARK[-1]


def test_a_loaded_game_draws_the_talks_from_where_the_game_opened(tmp_path: Path) -> None:
    """Played through a save: the talks' line had a point for every turn played but the first
    (the opening estimate was only kept by the session that opened the game)."""
    from diplomacy_game.saves.store import save_game
    from diplomacy_game.text.figures import talks_estimate
    from diplomacy_game.tui.widgets.dashboard import session_log

    s = played(tmp_path, 2)
    live = session_log(s)
    save_game(tmp_path / "g.json", s.ruleset, s.state)
    loaded = GameSession.load(tmp_path / "g.json", SaveLibrary(tmp_path))
    assert len(session_log(loaded)) == 3
    assert session_log(loaded)[0] == talks_estimate(new_game(s.ruleset, 9))[1]
    assert session_log(loaded)[-1] == live[-1]
