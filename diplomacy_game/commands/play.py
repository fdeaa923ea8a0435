"""The ``play`` command without prompts: a whole game from a decisions file or a strategy,
printed as briefings or as one JSON object.

It reads as its steps: check the options, open the game (new or saved), find the strategy,
play, then save and tell how it ended.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from diplomacy_game import fmt
from diplomacy_game.commands.output import EXIT_ERROR, EXIT_OK, EXIT_USAGE, err
from diplomacy_game.content import ContentError, UnknownScenario, load_ruleset

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.engine.state import GameState
    from diplomacy_game.sim.headless import DecisionsFile
    from diplomacy_game.sim.policies import Policy


class UsageError(Exception):
    """Bad command-line input: the message says what to give instead."""


@dataclass(frozen=True)
class PlayOptions:
    """What ``play`` was asked: a new game (scenario, seed) or a saved one (load), decided by
    a decisions file and/or a strategy, for at most ``turns`` turns."""

    scenario: str | None = None
    seed: int | None = None
    decisions: Path | None = None
    policy: str | None = None
    turns: int | None = None
    save: Path | None = None
    load: Path | None = None
    as_json: bool = False
    content: list[Path] = field(default_factory=list)
    saves_dir: Path | None = None  # the game's saves folder (--saves-dir), else the default


@dataclass
class Outcome:
    """Where play stopped: the last state, and why it stopped before an ending if it did."""

    state: GameState
    stopped: str = ""
    error: str = ""  # an illegal decision, if that is what stopped it
    illegal: bool = False  # whether that was a decision of the player's (which they can fix)
    unplayed: list[str] = field(default_factory=list)  # decision lines no turn took, and why


def run_headless(options: PlayOptions, out: TextIO | None = None) -> int:
    """Play as ``options`` ask, printing to ``out`` (stdout); returns the exit code."""
    from diplomacy_game.saves.store import SaveError
    from diplomacy_game.sim.headless import FileInputError, read_decisions

    out = out or sys.stdout
    try:
        _check(options)
        _check_save_path(options.save, [options.decisions, options.policy])
        decisions = read_decisions(options.decisions) if options.decisions else None
        ruleset, state = _open_game(options)
        policy = _strategy(options.policy, ruleset) if options.policy else None
    except UsageError as exc:
        err(str(exc), "play")
        return EXIT_USAGE
    except UnknownScenario as exc:
        err(str(exc), "play")
        return EXIT_ERROR
    except ContentError as exc:
        from diplomacy_game.commands.content import validate_command

        err(f"{exc}\nRun '{validate_command(options.content)}' for details.", "play")
        return EXIT_ERROR
    except (SaveError, FileInputError) as exc:
        err(str(exc), "play")
        return EXIT_ERROR
    outcome = _play(ruleset, state, decisions, policy, options, out)
    saved = _finish(ruleset, outcome, options, out)
    for note in outcome.unplayed:  # a file for another game, or for a longer one: said
        err(f"note: {note}", "play")
    if outcome.error:
        kept = _partial_save(outcome, options.save) if saved else ""
        err(f"{outcome.error}{kept}", "play")
        return EXIT_ERROR
    return EXIT_OK if saved else EXIT_ERROR


def _partial_save(outcome: Outcome, path: Path | None) -> str:
    """What the error adds when ``--save`` kept the game as it stood before it: where, and
    the turn it stops at."""
    if path is None:
        return ""
    state = outcome.state
    fix = " fix that decision, then" if outcome.illegal else ""
    load = f"--load {shlex.quote(str(path))}"
    if not state.turn:
        return f" The game was saved to {path} before its first turn;{fix} start it with {load}."
    return (
        f" The game up to turn {state.turn} was saved to {path} (a partial game: it stops at"
        f" turn {state.turn} of {state.last_turn});{fix} continue it with {load}."
    )


def _check(options: PlayOptions) -> None:
    from diplomacy_game.sim.policies import REGISTRY

    if options.decisions is None and options.policy is None:
        raise UsageError(
            "say where the decisions come from: --decisions FILE or --policy NAME ("
            + ", ".join(REGISTRY)
            + ")"
        )
    if options.turns is not None and options.turns < 1:
        raise UsageError("--turns must be 1 or more")
    if options.load is None and not options.scenario:
        raise UsageError("choose a scenario with --scenario ID (see 'diplomacy-game scenarios')")


def _check_save_path(path: Path | None, inputs: Sequence[object] = ()) -> None:
    """A --save path that cannot be written is said before the game is played, and so is
    one that would replace a file of another kind: one of the command's own ``inputs`` (the
    decisions file, a strategy file), or a file that is not a saved game."""
    from diplomacy_game.saves.reading import SAVE_FORMAT
    from diplomacy_game.saves.store import save_path_problem

    if path is None:
        return
    problem = save_path_problem(path)
    if problem:
        raise UsageError(f"--save: {problem}")
    given = {Path(str(i)).resolve() for i in inputs if i and Path(str(i)).is_file()}
    if path.resolve() in given:
        raise UsageError(f"--save: {path} is a file this command reads; choose another name")
    try:
        with open(path, "rb") as held:
            start = held.read(4096)
    except OSError:  # not there yet (or unreadable: the write says so)
        return
    if start.strip() and f'"format": "{SAVE_FORMAT}"'.encode() not in start:
        raise UsageError(
            f"--save: {path} holds something that is not a saved game, and a save would"
            " replace it; choose another name"
        )


def _naming(path: Path, message: str) -> str:
    """The message with the file it is about in front, unless it names it already."""
    return message if str(path) in message else f"{path}: {message}"


def _open_game(options: PlayOptions) -> tuple[Ruleset, GameState]:
    """The ruleset and the state to play from: a saved game to continue, or a new one."""
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.saves.library import saves_dir
    from diplomacy_game.saves.reading import ContentVersionError
    from diplomacy_game.saves.store import SaveError, load_game_report, read_newest_header

    path = options.load
    if path is None:
        assert options.scenario is not None  # _check saw to it
        ruleset = load_ruleset(options.scenario, extra=options.content)
        try:
            return ruleset, new_game(ruleset, 1 if options.seed is None else options.seed)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    try:
        scenario_id = read_newest_header(path)["scenario"]
        if options.scenario and options.scenario != scenario_id:
            raise UsageError(f"{path} is a game of '{scenario_id}', not '{options.scenario}'")
        try:
            ruleset = load_ruleset(scenario_id, extra=options.content)
        except ContentError:
            raise SaveError(
                f"this save is a game of '{scenario_id}', which the content cannot provide "
                "(see 'diplomacy-game scenarios' and 'diplomacy-game validate')"
            ) from None
        try:
            # a damaged file outside the saves folder is left as it is
            loaded = load_game_report(path, ruleset, folder=saves_dir(options.saves_dir))
        except ContentVersionError as exc:
            raise SaveError(
                f"{exc}. To play its choices again under this version, open it in the game: "
                f"diplomacy-game load {shlex.quote(str(path))}"
            ) from None
        state = loaded.state
        for note in loaded.notes:  # an older generation taken, a damaged file set aside
            err(note, "play")
    except SaveError as exc:
        raise SaveError(_naming(path, str(exc))) from None
    if options.seed is not None and options.seed != state.seed:
        raise UsageError(f"{path} was played with seed {state.seed}; drop --seed to continue it")
    if state.over:
        raise UsageError(f"{path} is a finished game ({state.ending['title']})")
    return ruleset, state


def _strategy(spec: str, ruleset: Ruleset) -> Policy:
    from diplomacy_game.sim.headless import FileInputError
    from diplomacy_game.sim.policies import REGISTRY
    from diplomacy_game.sim.strategy_file import StrategyError, resolve_policy

    try:
        return resolve_policy(spec, ruleset)
    except KeyError:
        raise UsageError(
            f"unknown policy '{spec}'; choose one of: {', '.join(REGISTRY)}, "
            "or a strategy .toml file"
        ) from None
    except StrategyError as exc:  # a file that cannot be used, as simulate says it (exit 1)
        raise FileInputError(f"{spec} has problems:\n{exc}") from None


def _play(
    ruleset: Ruleset,
    state: GameState,
    decisions: DecisionsFile | None,
    policy: Policy | None,
    options: PlayOptions,
    out: TextIO,
) -> Outcome:
    """Play turn by turn, telling each one unless JSON was asked for."""
    from diplomacy_game.engine.events import RunawayEvents
    from diplomacy_game.model.decisions import DecisionError
    from diplomacy_game.saves.safe_json import one_line
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.text.turns import opening_lines, turn_lines

    if not options.as_json:
        _write(out, opening_lines(ruleset, state))
    outcome = Outcome(state)
    start = state.turn
    game = play_game(ruleset, state, decisions, policy, options.turns)
    while True:
        try:
            outcome.state, report = next(game)
        except StopIteration:
            break
        except DecisionError as exc:
            what = one_line(f"{exc.what}: {exc.reason}", 300)
            outcome.error = (
                f"illegal decision at turn {exc.turn}: {what}. "
                f"Nothing of turn {exc.turn} was applied."
            )
            outcome.illegal = True
            break
        except RunawayEvents as exc:
            from diplomacy_game.commands.content import validate_command

            told = exc.told(validate_command(options.content))
            outcome.error = f"{told}. Nothing of turn {outcome.state.turn + 1} was applied."
            break
        if not options.as_json:
            _write(out, turn_lines(ruleset, outcome.state, report))
    last = outcome.state
    played = last.turn - start
    if decisions is not None and not outcome.error:
        asked_stop = options.turns is not None and played >= options.turns and not last.over
        outcome.unplayed = decisions.unplayed(
            start + 1, last.turn, last.over, stopped_early=asked_stop
        )
    if not last.over and not outcome.error:
        if options.turns is not None and played >= options.turns:
            outcome.stopped = f"stopped after {fmt.turns(played)} as asked (--turns)"
        else:
            # The file ran out first (it may be empty): say so, and how far the game got.
            outcome.stopped = (
                f"the decisions file has no line for turn {last.turn + 1}"
                f" ({fmt.turns(played)} played"
                + (f" of the {options.turns} asked with --turns)" if options.turns else ")")
            )
    return outcome


def _finish(ruleset: Ruleset, outcome: Outcome, options: PlayOptions, out: TextIO) -> bool:
    """Save if asked, then tell how the game stands: its ending, or why it stopped. False
    when the save could not be written (said on stderr; the result is still printed)."""
    from diplomacy_game.saves.store import SaveError, save_game
    from diplomacy_game.sim.headless import result_json
    from diplomacy_game.text.turns import ending_lines

    state = outcome.state
    saved = True
    if options.save is not None:
        try:
            path = save_game(options.save, ruleset, state)
        except SaveError as exc:
            err(f"the game was not saved: {_naming(options.save, str(exc))}", "play")
            saved = False
        else:
            if not options.as_json:
                # the path on a line of its own: a terminal folds it wherever the line ends
                out.write(f"\nSaved at turn {state.turn} of {state.last_turn} to:\n{path}\n")
    if options.as_json:
        data = result_json(state, outcome.stopped, outcome.error, ruleset)
        out.write(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    elif state.over:
        _write(out, ending_lines(state))
    elif outcome.stopped:
        out.write(f"\nThe game is not over: {outcome.stopped}.\n")
    return saved


def _write(out: TextIO, lines: list[str]) -> None:
    out.write("".join(line + "\n" for line in lines))
