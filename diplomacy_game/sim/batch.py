"""Many games at once: a policy plays N seeds derived from one master seed.

Each game's seed comes from ``SeedSequence([master, index])``, so game *i* is the same
whatever the number of games or workers, and a summary is identical for any ``workers``.

Games are played by the batch engine (``engine/batch.py``): thousands at once over numpy
arrays, each one the same game as the single-game engine plays from its seed
(``play_one``; ``tests/engine/test_batch.py`` compares the two game by game).
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from diplomacy_game.content import load_ruleset_once
from diplomacy_game.engine.batch import BatchGames
from diplomacy_game.engine.expr import ExprError
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.model.content import POSTURES
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import Plan, PolicyStreams, TurnStreams
from diplomacy_game.sim.strategy_file import resolve_policy

FINAL_FIELDS = (
    ("approval", "approval"),
    ("gdp_gap_pct", "gdp_gap"),
    ("unemployment_pct", "unemployment"),
    ("inflation_pct", "inflation"),
    ("us_rapport", "us.rapport"),
    ("score", "score"),
)
GRADE_ORDER = ("A", "B", "C", "D", "F")


def game_seed(master: int, index: int) -> int:
    return int(np.random.SeedSequence([master, index]).generate_state(1, dtype=np.uint32)[0])


@dataclass
class GameResult:
    seed: int
    ending: str
    grade: str
    turns: int
    final: dict[str, float]
    events: list[str]
    actions: list[str]


def play_one(ruleset: Ruleset, policy_name: str, seed: int) -> GameResult:
    """One game with the single-game engine (the reference the batch path must match)."""
    policy = resolve_policy(policy_name, ruleset)
    state = play_through(ruleset, new_game(ruleset, seed), policy=policy)
    ending = state.ending or {"id": "", "grade": ""}
    events = [e for record in state.history for e in record["events"]]
    actions = [a for record in state.history for a in record["actions"]]
    return GameResult(
        seed=seed,
        ending=ending["id"],
        grade=ending["grade"],
        turns=state.turn,
        final={out: state.values[name] for out, name in FINAL_FIELDS},
        events=events,
        actions=actions,
    )


class BatchView:
    """A player's view of game ``i`` of a batch (the PlayerView the policies read)."""

    def __init__(self, batch: BatchGames, i: int, posture: str):
        self._b = batch
        self._i = i
        self.turn = batch.turn + 1
        self.posture = posture

    def value(self, name: str) -> float:
        return float(self._b.vals[self._b.index[name], self._i])

    def past_postures(self) -> list[tuple[int, str]]:
        return self._b.posture_log[self._i]

    def estimates(self) -> dict[str, float]:
        return {name: float(values[self._i]) for name, values in self._b.estimates.items()}

    def pending(self) -> list[dict[str, Any]]:
        return self._b.pending_view(self._i)

    def cost(self, action_id: str) -> float:
        return float(self._b.default_cost(action_id)[self._i])

    def event_record(self, event_id: str) -> tuple[int, int]:
        k = self._b.event_row[event_id]
        return int(self._b.fired_count[k, self._i]), int(self._b.fired_last[k, self._i])

    def action_record(self, action_id: str) -> tuple[int, int]:
        k = self._b.action_row[action_id]
        return int(self._b.taken_count[k, self._i]), int(self._b.taken_last[k, self._i])


class BatchViews(Sequence[BatchView]):
    """The views of some games of a batch, made as they are asked for; ``pending_lists``
    gives every game's ``pending()`` at once."""

    def __init__(self, batch: BatchGames, games: list[int], postures: list[str]):
        self._b = batch
        self._games = games
        self._postures = postures

    def __len__(self) -> int:
        return len(self._games)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self[j] for j in range(len(self._games))[k]]
        i = self._games[k]
        return BatchView(self._b, i, self._postures[i])

    def pending_lists(self) -> list[list[dict[str, Any]]]:
        view = self._b.pending_view
        return [view(i) for i in self._games]


@contextmanager
def collecting_seldom() -> Iterator[None]:
    """Python's cycle collector runs seldom inside: a batch makes millions of short-lived
    lists, dicts and tuples (plans, answers, events waiting), none of them kept in a cycle,
    and the default thresholds would have the collector walk every live object, the content
    included, about ten times per thousand games. The thresholds are put back after."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run_batch(
    ruleset: Ruleset,
    policy: Any,
    seeds: Sequence[int],
    on_turn: Callable[[], None] | None = None,
    logs: bool = True,
) -> BatchGames:
    """Play the seeds' games to their ends with the batch engine; the finished batch.
    ``on_turn()`` is called after each turn; ``logs`` keeps each game's events and actions."""
    with collecting_seldom():
        return _run_batch(ruleset, policy, seeds, on_turn, logs)


def _run_batch(
    ruleset: Ruleset,
    policy: Any,
    seeds: Sequence[int],
    on_turn: Callable[[], None] | None,
    logs: bool,
) -> BatchGames:
    batch = BatchGames(ruleset, seeds, logs=logs)
    streams = PolicyStreams(seeds) if not policy.deterministic else None
    unused = np.random.Generator(np.random.PCG64(0))  # a deterministic policy never draws
    while batch.alive.any():
        batch.begin_turn()
        turn = batch.turn + 1
        games = np.flatnonzero(batch.alive).tolist()
        postures = [POSTURES[p] if p >= 0 else "" for p in batch.posture.tolist()]
        views = BatchViews(batch, games, postures)
        rngs: Sequence[np.random.Generator] = (
            TurnStreams(streams, games, turn) if streams else [unused] * len(games)
        )
        plans: list[Plan | None] = [None] * batch.n
        for i, plan in zip(games, policy.plan_many(ruleset, views, rngs), strict=True):
            plans[i] = plan
        batch.play_turn(plans)
        if on_turn:
            on_turn()
    if on_turn:
        for _ in range(batch.turn, ruleset.turns):  # games that ended early count in full
            on_turn()
    return batch


def play_many(
    ruleset: Ruleset,
    policy_name: str,
    seeds: Sequence[int],
    on_turn: Callable[[], None] | None = None,
) -> list[GameResult]:
    """Games with the batch engine: numpy over all the seeds at once, each game the same as
    ``play_one`` gives for its seed (tests/engine/test_batch.py checks it game by game)."""
    if not seeds:
        return []
    try:
        batch = run_batch(ruleset, resolve_policy(policy_name, ruleset), seeds, on_turn)
    except ExprError:
        # An expression the vector form cannot run (none of the built-in content's): the
        # turn engine plays these games instead, slower and the same.
        results = []
        for seed in seeds:
            results.append(play_one(ruleset, policy_name, seed))
            if on_turn:
                for _ in range(ruleset.turns):
                    on_turn()
        return results
    index = batch.index
    out = []
    for i, seed in enumerate(batch.seeds):
        ending, grade = batch.endings[i] or ("", "")
        out.append(
            GameResult(
                seed=seed,
                ending=ending,
                grade=grade,
                turns=int(batch.ended_turn[i]) or batch.turn,
                final={key: float(batch.vals[index[name], i]) for key, name in FINAL_FIELDS},
                events=batch.events_log[i],
                actions=batch.actions_log[i],
            )
        )
    return out


# Worker processes load each ruleset once (forked workers find it loaded), count the turns
# they play in a shared counter (for the progress bar), and send back a summary of their
# games, merged in task order.
_TURNS_PLAYED: Any = None
# Rulesets handed to simulate_many, by (scenario, packs): used here, and inherited by forked
# workers, so the content is not loaded again.
_GIVEN: dict[tuple[str, tuple[str, ...]], Ruleset] = {}


def _start_worker(counter: Any) -> None:
    global _TURNS_PLAYED
    _TURNS_PLAYED = counter
    # What the worker inherited (the content, the compiled rules) lives as long as it does:
    # out of the cycle collector's walks.
    gc.freeze()


def _play_task(task: tuple[str, tuple[str, ...], str, list[int], int]) -> Summary:
    counter = _TURNS_PLAYED
    games = len(task[3])

    def played() -> None:
        with counter.get_lock():
            counter.value += games

    return _play(task, played if counter is not None else None)


def _play(
    task: tuple[str, tuple[str, ...], str, list[int], int], on_turn: Callable[[], None] | None
) -> Summary:
    scenario_id, extra, policy_name, seeds, master_seed = task
    ruleset = _GIVEN.get((scenario_id, extra)) or load_ruleset_once(scenario_id, extra)
    return summarize(ruleset, policy_name, seeds, master_seed, on_turn)


def summarize(
    ruleset: Ruleset,
    policy_name: str,
    seeds: Sequence[int],
    master_seed: int,
    on_turn: Callable[[], None] | None = None,
) -> Summary:
    """The summary of the seeds' games, read from the finished batch's arrays (the same as
    adding each game's GameResult, without keeping each game's events in order)."""
    summary = Summary(ruleset.scenario.id, policy_name, len(seeds), master_seed)
    if not seeds:
        return summary
    try:
        batch = run_batch(ruleset, resolve_policy(policy_name, ruleset), seeds, on_turn, False)
    except ExprError:  # no vector form: the turn engine plays them (see play_many)
        for result in play_many(ruleset, policy_name, seeds, on_turn):
            summary.add(result)
        return summary
    for ending in batch.endings:
        summary.endings[ending[0] if ending else ""] += 1
        summary.grades[ending[1] if ending else ""] += 1
    summary.turns.extend(int(t) or batch.turn for t in batch.ended_turn.tolist())
    for key, name in FINAL_FIELDS:
        summary.finals[key].extend(batch.vals[batch.index[name]].tolist())
    for event_id, fired, games in zip(
        batch.event_ids,
        batch.fired_count.sum(axis=1).tolist(),
        (batch.fired_count > 0).sum(axis=1).tolist(),
        strict=True,
    ):
        if fired:
            summary.event_counts[event_id] += int(fired)
            summary.event_games[event_id] += int(games)
    for action_id, taken in zip(
        batch.action_ids, batch.taken_count.sum(axis=1).tolist(), strict=True
    ):
        if taken:
            summary.action_counts[action_id] += int(taken)
    return summary


MAX_CHUNK = 5000  # games in one batch: larger batches run faster, to about this size


def chunk_size(games: int, workers: int) -> int:
    """Games per batch: one batch per worker, up to MAX_CHUNK. Results do not depend on it:
    every game is the same in any batch."""
    return max(1, min(MAX_CHUNK, -(-games // max(1, workers))))


def simulate_many(
    jobs: Sequence[tuple[str, str, int]],
    master_seed: int,
    workers: int = 1,
    extra: Sequence[Path | str] = (),
    progress: Callable[[int, int], None] | None = None,
    ruleset: Ruleset | None = None,
) -> dict[tuple[str, str], Summary]:
    """Several (scenario, policy, games) runs sharing one pool of workers; game i of every
    run uses the same derived seed, so policies meet the same worlds. ``progress(done,
    total)`` is called as games are played (done counts a game by the turns it has had).
    ``ruleset``: the ruleset in hand for its scenario, played instead of loading the content
    again (forked workers inherit it; others load the scenario with ``extra``)."""
    extra_key = tuple(str(p) for p in extra)
    summaries: dict[tuple[str, str], Summary] = {}
    tasks: list[tuple[str, tuple[str, ...], str, list[int], int]] = []
    size = chunk_size(sum(games for _, _, games in jobs), workers)
    turns = 1  # the longest game, for the progress count
    for scenario_id, policy_name, games in jobs:
        summaries[(scenario_id, policy_name)] = Summary(scenario_id, policy_name, 0, master_seed)
        seeds = [game_seed(master_seed, i) for i in range(games)]
        tasks.extend(
            (scenario_id, extra_key, policy_name, seeds[i : i + size], master_seed)
            for i in range(0, games, size)
        )
        if ruleset is not None and ruleset.scenario.id == scenario_id:
            _GIVEN[(scenario_id, extra_key)] = ruleset
        # Loaded before the workers start, so that they inherit it.
        loaded = _GIVEN.get((scenario_id, extra_key)) or load_ruleset_once(scenario_id, extra_key)
        turns = max(turns, loaded.turns)
    total = sum(len(t[3]) for t in tasks)
    try:
        parts = _run_tasks(tasks, workers, progress, total, turns)
    finally:
        _GIVEN.clear()
    for task, part in zip(tasks, parts, strict=True):
        summaries[(task[0], task[2])].merge(part)
    if progress:
        progress(total, total)
    return summaries


def _run_tasks(
    tasks: list[tuple[str, tuple[str, ...], str, list[int], int]],
    workers: int,
    progress: Callable[[int, int], None] | None,
    total: int,
    turns: int,
) -> list[Summary]:
    """Play the tasks, on this process or a pool, with progress as the turns are played (a
    game counts 1/turns per turn; a game that ends early counts in full with its batch)."""
    if workers <= 1:
        parts = []
        units = 0  # games x turns played so far
        for task in tasks:
            games = len(task[3])

            def on_turn(games: int = games) -> None:
                nonlocal units
                units += games
                if progress:
                    progress(min(total - 1, units // turns), total)

            parts.append(_play(task, on_turn))
        return parts
    context = multiprocessing.get_context()
    counter = context.Value("q", 0)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(counter,)
    ) as pool:
        futures = [pool.submit(_play_task, task) for task in tasks]
        games_of = {f: len(task[3]) for f, task in zip(futures, tasks, strict=True)}
        pending = set(futures)
        finished = 0
        while pending:
            done_now, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            finished += sum(games_of[f] for f in done_now)
            if progress:
                by_turns = counter.value // turns
                progress(min(total - 1, max(finished, by_turns)), total)
        return [f.result() for f in futures]


@dataclass
class Summary:
    scenario: str
    policy: str
    games: int
    seed: int
    endings: Counter = field(default_factory=Counter)
    grades: Counter = field(default_factory=Counter)
    turns: list[int] = field(default_factory=list)
    finals: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k, _ in FINAL_FIELDS})
    event_counts: Counter = field(default_factory=Counter)
    action_counts: Counter = field(default_factory=Counter)
    event_games: Counter = field(default_factory=Counter)

    def merge(self, other: Summary) -> None:
        """Add the games of another summary (the next ones, in order)."""
        self.games += other.games
        self.endings.update(other.endings)
        self.grades.update(other.grades)
        self.turns.extend(other.turns)
        for key, values in other.finals.items():
            self.finals[key].extend(values)
        self.event_counts.update(other.event_counts)
        self.event_games.update(other.event_games)
        self.action_counts.update(other.action_counts)

    def add(self, result: GameResult) -> None:
        self.endings[result.ending] += 1
        self.grades[result.grade] += 1
        self.turns.append(result.turns)
        for key, value in result.final.items():
            self.finals[key].append(value)
        self.event_counts.update(result.events)
        self.event_games.update(set(result.events))
        self.action_counts.update(result.actions)

    def to_json(self, ruleset: Ruleset) -> dict[str, Any]:
        def stats(values: list[float]) -> dict[str, float]:
            arr = np.array(values, dtype=float)
            return {
                "min": round(float(arr.min()), 4),
                "max": round(float(arr.max()), 4),
                "mean": round(float(arr.mean()), 4),
                "sd": round(float(arr.std(ddof=1)) if len(arr) > 1 else 0.0, 4),
                "p10": round(float(np.percentile(arr, 10)), 4),
                "p50": round(float(np.percentile(arr, 50)), 4),
                "p90": round(float(np.percentile(arr, 90)), 4),
            }

        return {
            "scenario": self.scenario,
            "policy": self.policy,
            "games": self.games,
            "seed": self.seed,
            "endings": dict(sorted(self.endings.items())),
            "grades": {g: self.grades.get(g, 0) for g in GRADE_ORDER if self.grades.get(g, 0)},
            "turns": stats([float(t) for t in self.turns]),
            "final": {k: stats(v) for k, v in self.finals.items()},
            "events_never_fired": sorted(set(ruleset.events) - set(self.event_counts)),
            # of those, the ones dated outside the scenario's weeks: they cannot fire in it
            "events_dated_outside": sorted(
                e
                for e in set(ruleset.events) - set(self.event_counts)
                if not ruleset.events[e].meets(*_weeks(ruleset.scenario))
            ),
            "actions_never_used": sorted(set(ruleset.actions) - set(self.action_counts)),
            "event_games": dict(sorted(self.event_games.items())),
            "action_uses": dict(sorted(self.action_counts.items())),
        }


def simulate(
    ruleset: Ruleset,
    policy_name: str,
    games: int,
    master_seed: int,
    workers: int = 1,
    extra: Sequence[Path | str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """One policy, ``games`` games of the ruleset's scenario."""
    jobs = [(ruleset.scenario.id, policy_name, games)]
    summaries = simulate_many(jobs, master_seed, workers, extra, progress, ruleset)
    return summaries[(ruleset.scenario.id, policy_name)]


def _weeks(scenario: Any) -> tuple[dt.date, dt.date]:
    """The days a game of the scenario covers: from its start to the end of its last turn
    (which may run past the review)."""
    return scenario.start, scenario.start + dt.timedelta(days=scenario.turns * scenario.turn_days)


# How the summary's table names the figures its JSON keys by name.
_FINAL_LABELS = {
    "approval": "approval %",
    "gdp_gap_pct": "GDP gap %",
    "unemployment_pct": "unemployment %",
    "inflation_pct": "inflation %",
    "us_rapport": "US rapport",
    "score": "score",
}


def format_summary(data: dict[str, Any], ruleset: Ruleset) -> str:
    """The summary as text: the scenario and the endings by their titles, as players read
    them, the events and actions by their ids, as content names them (the JSON keeps ids)."""
    n = data["games"]
    titles = {e.spec.id: e.spec.title for e in ruleset.endings}
    scenario = f"{ruleset.scenario.title} ({data['scenario']})"
    lines = [f"{data['policy']} on {scenario}: {n} games from seed {data['seed']}"]
    lines.append(
        "  endings: "
        + ", ".join(
            f"{titles.get(k, k) if k else 'unfinished'} {v} ({100 * v / n:.0f}%)"
            for k, v in sorted(data["endings"].items(), key=lambda kv: -kv[1])
        )
    )
    lines.append(
        "  grades:  "
        + ", ".join(f"{k} {v} ({100 * v / n:.0f}%)" for k, v in data["grades"].items())
    )
    lines.append(f"  turns:   mean {data['turns']['mean']:.1f}, p10 {data['turns']['p10']:.0f}")
    for key, s in data["final"].items():
        lines.append(
            f"  {_FINAL_LABELS.get(key, key):<17} mean {s['mean']:7.2f}  sd {s['sd']:5.2f}  p10 {s['p10']:7.2f}  p90 {s['p90']:7.2f}"
        )
    never_a = data["actions_never_used"]
    outside = set(data.get("events_dated_outside", ()))
    never_e = [e for e in data["events_never_fired"] if e not in outside]
    lines.append(
        f"  events never fired ({len(never_e)}): "
        + (", ".join(never_e) if never_e else "none")
        + (f" (and {len(outside)} dated outside this scenario's weeks)" if outside else "")
    )
    lines.append(
        f"  actions never used ({len(never_a)}): " + (", ".join(never_a) if never_a else "none")
    )
    return "\n".join(lines)
