"""What the TUI alone shows: the plots' series and the saves folder's list.

The words the TUI shares with plain mode and headless play are in ``diplomacy_game.text``.
Nothing here imports Textual or numpy.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from diplomacy_game import fmt
from diplomacy_game.text.figures import INDICATORS

if TYPE_CHECKING:
    from pathlib import Path

    from diplomacy_game.engine.state import GameState


@dataclass
class Series:
    title: str
    values: list[float]
    min_span: float
    now: str = ""  # the latest value as the rest of the game shows it
    first_turn: int = 0  # the turn of the first value: 0 is the game's start


def indicator_series(state: GameState, opening: dict[str, float]) -> list[Series]:
    """Every plotted indicator (public values only), titled with its unit: from the values the
    game opened with (``GameSession.opening``: turn 0), so that even the first turn's plot
    shows where it started, then each turn played."""
    out: list[Series] = []

    def series(key: str, history_key: str, title: str) -> Series:
        values = [float(opening.get(key, 0.0))]
        values += [float(h.get(history_key, 0.0)) for h in state.history]
        return Series(title, values, fmt.PLOT_SPANS[key], fmt.shown(key, values[-1]))

    for spec in INDICATORS:
        unit = "C$B" if spec.key == "fiscal_room" else "%"
        out.append(series(spec.key, spec.history, f"{spec.label} ({unit})"))
    for key, title in (
        ("capital", "Political capital"),
        ("exports_us", "US exports (C$B/yr)"),
        ("jobs_lost", "Jobs lost to the tariffs (thousands)"),
    ):
        out.append(series(key, key, title))
    return out


# --- the saves folder ----------------------------------------------------------------------

_GENERATION = re.compile(r"^(.*)\.(\d+)$")


def one_per_game(saves: list[Any]) -> list[Any]:
    """The saves to list: one row per game. ``NAME.1`` and ``NAME.2`` are the previous
    versions that loading falls back to, so they are shown only when ``NAME`` is gone."""
    names = {info.name for info in saves}
    out = []
    for info in saves:
        match = _GENERATION.match(info.name)
        if match and match.group(1) in names:
            continue
        out.append(info)
    return out


def latest_unfinished(saves: list[Any]) -> Any | None:
    """The newest autosave of a game that is not over: never an older version of a game
    whose newest save is its ending. A damaged autosave is taken up from the version before
    it (``NAME.1``, as loading it falls back to): that version's row, opening the damaged
    file's path, so the load says what it fell back to."""
    by_name = {info.name: info for info in saves}
    for info in one_per_game(saves):
        if not info.autosave or _GENERATION.match(info.name):
            continue
        shown = info
        if not info.ok:
            older = [by_name.get(f"{info.name}.{n}") for n in (1, 2)]
            good = next((o for o in older if o is not None and o.ok), None)
            if good is None:
                continue
            shown = copy.copy(good)
            shown.name, shown.path = info.name, info.path
        if not shown.finished:
            return shown
    return None


def save_label(info: Any, most: int | None = None, scenario_shown: bool = True) -> str:
    """A save's name as the list shows it: an autosave without the scenario it repeats when
    the list has a scenario column, and as "hawks-table seed11-d3a0e3" when it has none (at 80
    columns "autosave seed11-d3a0e3" said nothing of which scenario it was); with
    ``most``, cut to that many characters with "…" (the list's other columns stay in view;
    the status line under it gives the whole name)."""
    prefix = f"autosave-{info.scenario}-" if info.scenario else "autosave-"
    name = info.name
    if info.autosave and name.startswith(prefix):
        rest = name[len(prefix) :]
        name = f"autosave {rest}" if scenario_shown else f"{info.scenario} {rest}"
    if most is not None and len(name) > most:
        name = name[: most - 1] + "…"
    return name


def autosave_words(turns_played: int, where: Path | None = None) -> str:
    """What the autosave holds, in the header's turn numbers (the autosave is written when a
    turn ends, so it holds the start of the next one); ``where``, the file, named when given."""
    if turns_played <= 0:
        return "No turn has been played yet, so there is no autosave of this game."
    named = f": {where}" if where is not None else ""
    return f"The autosave holds the start of turn {turns_played + 1}{named}."


def unsaved_words(
    saved_turn: int | None,
    turns_played: int,
    plan_kept: bool = False,
    by_name: bool = True,
    kept: str | None = None,
    planned: bool = True,
) -> str:
    """Why quitting would lose something, in the header's turn numbers; ``plan_kept``: this
    turn's choices are kept beside the autosave (see ``GameSession.keep_plan``); ``by_name``:
    False when the game was continued from its autosave and not saved by name since; ``kept``:
    what the game's files hold, as written (``GameSession.kept_words``); ``planned``: whether
    anything is chosen this turn (when nothing is, no choices are said to be lost)."""
    if saved_turn is None:
        since = "This game has not been saved under a name."
    elif not by_name:
        since = f"This game was continued from its autosave at the start of turn {saved_turn + 1}."
    else:
        since = f"This game was last saved by name at the start of turn {saved_turn + 1}."
    if not planned:
        plan = ""
    elif plan_kept:
        plan = " This turn's choices are kept, and come back when you continue."
    else:
        plan = " This turn's choices would be lost."
    return f"{since} {kept or autosave_words(turns_played)}{plan}"
