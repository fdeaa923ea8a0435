"""Commands that play many games: one strategy (simulate), or several on the same seeds
(tournament)."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomacy_game import fmt
from diplomacy_game.commands.output import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    err,
    print_json,
    progress_bar,
    write_output,
)

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset


MAX_GAMES = 100_000  # per strategy, in one run


def workers_for(requested: int | None, games: int) -> int:
    """The worker processes to use: as asked, up to one per core and one per game (said on
    stderr when fewer than asked), else one per 1,000 games up to the cores (a pool costs
    more than it saves on a few hundred games). Results do not depend on it."""
    cores = os.cpu_count() or 1
    if requested is not None:
        most = max(1, min(cores, games))
        if requested > most:
            why = f"{fmt.count(cores, 'core')} here" if most == cores else f"{games} games"
            err(f"--workers {requested}: using {most}, one per core and game at most ({why})")
            return most
        return requested
    return max(1, min(cores, games // 1000))


def _setup(
    scenario: str,
    games: int,
    workers: int | None,
    content: list[Path],
    specs: list[str],
    seed: int = 0,
) -> tuple[Ruleset | None, int]:
    """The checks simulate and tournament share: the counts, the seed, the content, each
    strategy. (ruleset, EXIT_OK), or (None, exit code) once the problem is printed."""
    from diplomacy_game.content import ContentError, load_ruleset
    from diplomacy_game.engine.game import MAX_SEED

    if not 0 <= seed <= MAX_SEED:  # as play, new and assign check it
        err(f"the seed must be a whole number from 0 to {MAX_SEED}")
        return None, EXIT_USAGE
    from diplomacy_game.sim.policies import REGISTRY
    from diplomacy_game.sim.strategy_file import StrategyError, resolve_policy

    if games < 1 or (workers is not None and workers < 1):
        err("--games and --workers must be 1 or more")
        return None, EXIT_USAGE
    if games > MAX_GAMES:  # the README's 10,000 take seconds: far more is a slip of the keys
        err(f"--games is at most {MAX_GAMES:,}; for more, run it again with another --seed")
        return None, EXIT_USAGE
    try:
        ruleset = load_ruleset(scenario, extra=content)
    except ContentError as exc:
        err(str(exc))
        return None, EXIT_ERROR
    for spec in specs:
        try:
            resolve_policy(spec, ruleset)
        except KeyError:
            err(
                f"unknown policy '{spec}'; choose one of: {', '.join(REGISTRY)}, "
                "or give a strategy .toml file"
            )
            return None, EXIT_USAGE
        except StrategyError as exc:
            err(f"{spec} has problems:\n{exc}")
            return None, EXIT_ERROR
    return ruleset, EXIT_OK


def simulate(
    scenario: str,
    policy: str,
    games: int,
    seed: int,
    workers: int | None,
    content: list[Path],
    as_json: bool,
) -> int:
    """Play ``games`` games of a scenario with one strategy and summarise the outcomes."""
    from diplomacy_game.sim.batch import format_summary
    from diplomacy_game.sim.batch import simulate as play_many

    ruleset, code = _setup(scenario, games, workers, content, [policy], seed)
    if ruleset is None:
        return code
    from diplomacy_game.commands.content import validate_command
    from diplomacy_game.engine.events import RunawayEvents

    progress = progress_bar() if games >= 50 else None
    try:
        summary = play_many(
            ruleset, policy, games, seed, workers_for(workers, games), content, progress
        )
    except RunawayEvents as exc:
        err(exc.told(validate_command(content)))
        return EXIT_ERROR
    data = summary.to_json(ruleset)
    if as_json:
        print_json(data)
    else:
        print(format_summary(data, ruleset))
    return EXIT_OK


def tournament(
    scenario: str,
    policies: list[str],
    games: int,
    seed: int,
    workers: int | None,
    content: list[Path],
    as_json: bool,
    csv: Path | None,
) -> int:
    """Strategies play the same seeds; print the league (and write it as CSV to ``csv``)."""
    from diplomacy_game.sim.policies import REGISTRY
    from diplomacy_game.sim.tournament import format_table, run_tournament, to_csv

    specs = policies or list(REGISTRY)
    if len(set(specs)) != len(specs):
        err("each --policy may be given once")
        return EXIT_USAGE
    ruleset, code = _setup(scenario, games, workers, content, specs, seed)
    if ruleset is None:
        return code
    from diplomacy_game.commands.content import validate_command
    from diplomacy_game.engine.events import RunawayEvents

    try:
        rows = run_tournament(
            ruleset,
            specs,
            games,
            seed,
            workers_for(workers, games * len(specs)),
            content,
            progress_bar(),
        )
    except RunawayEvents as exc:
        err(exc.told(validate_command(content)))
        return EXIT_ERROR
    # the league is printed even when the CSV cannot be written: the games are not lost
    written = csv is None or write_output(csv, to_csv(rows).encode("utf-8"), "tournament")
    code = EXIT_OK if written else EXIT_ERROR
    if as_json:
        league = _no_nan(rows)  # one game a strategy has no interval: null, as JSON can say
        print_json(
            {"scenario": ruleset.scenario.id, "games": games, "seed": seed, "league": league}
        )
        return code
    print(format_table(rows, ruleset, games, seed))
    if csv is not None and written:
        print(f"Wrote {csv}")
    return code


def _no_nan(value: Any) -> Any:
    """``value`` with every NaN (an interval of one game) as None."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value
