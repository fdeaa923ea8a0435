"""The comparison games of a debrief: every built-in strategy on the student's scenario, from
the student's seed and seeds derived from it, with the same content.

They depend only on (scenario, seed, content digest, games per strategy), so they are computed
once and kept as JSON in the user's cache folder (the content cache's,
``content/cache.py``; ``ELBOWS_UP_CACHE=off`` turns it off), keyed by all four: a class of thirty playing
one seeded scenario pays for them once, and a change of content never reuses stale games.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from diplomacy_game.content.cache import cache_dir
from diplomacy_game.engine.expr import ExprError
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.sim.batch import game_seed
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import REGISTRY
from diplomacy_game.sim.strategy_file import resolve_policy

GAMES_PER_POLICY = 30
CACHE_VERSION = 1
# Content without a score variable: the grade alone ranks games (A 100 ... F 0).
GRADE_SCORE = {"A": 100.0, "B": 75.0, "C": 50.0, "D": 25.0, "F": 0.0}


def score_of(values: dict[str, float], grade: str) -> float:
    """A finished game's outcome score (the content's), or its grade's when there is none."""
    if "score" in values:
        return float(values["score"])
    return GRADE_SCORE.get(grade, 50.0)


@dataclass
class Comparison:
    scenario: str
    seed: int
    digest: str
    games_per_policy: int
    # strategy -> {"scores": [...], "endings": {id: n}, "grades": {g: n}, "first": {...}}
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def games(self) -> int:
        return sum(len(p["scores"]) for p in self.policies.values())

    def percentile(self, score: float) -> float:
        """Share of the games this score beats (ties count half), in %."""
        scores = [s for p in self.policies.values() for s in p["scores"]]
        if not scores:
            return 0.0
        below = sum(s < score - 1e-9 for s in scores) + 0.5 * sum(
            abs(s - score) <= 1e-9 for s in scores
        )
        return 100.0 * below / len(scores)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": CACHE_VERSION,
            "scenario": self.scenario,
            "seed": self.seed,
            "digest": self.digest,
            "games_per_policy": self.games_per_policy,
            "policies": self.policies,
        }

    @classmethod
    def from_json(cls, data: Any) -> Comparison:
        """A comparison kept in the cache, checked whole (ValueError when any part does not
        fit: the record is then computed again and rewritten)."""
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            raise ValueError("another version of the cache")
        record = _CachedComparison.model_validate(data)  # pydantic's error is a ValueError
        if set(record.policies) != set(REGISTRY):
            raise ValueError("not the strategies of this version of the game")
        for summary in record.policies.values():
            games = len(summary.scores)
            if (
                games != record.games_per_policy
                or sum(summary.endings.values()) != games
                or sum(summary.grades.values()) != games
            ):
                raise ValueError("the counts of a strategy's games do not agree")
        return cls(
            record.scenario,
            record.seed,
            record.digest,
            record.games_per_policy,
            {name: p.model_dump() for name, p in record.policies.items()},
        )


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


Score = Annotated[float, Field(allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]


class _FirstGame(_Record):
    ending: str
    grade: str
    score: Score


class _PolicyGames(_Record):
    scores: list[Score] = Field(min_length=1)
    endings: dict[str, Count]
    grades: dict[str, Count]
    first: _FirstGame


class _CachedComparison(_Record):
    """A comparison as the cache keeps it (``Comparison.to_json``)."""

    version: int
    scenario: str
    seed: int = Field(ge=0)
    digest: str
    games_per_policy: int = Field(ge=1)
    policies: dict[str, _PolicyGames]


def seeds_for(seed: int, games: int) -> list[int]:
    """The student's seed first, then seeds derived from it."""
    return [seed] + [game_seed(seed, i) for i in range(1, games)]


def play_all(
    ruleset: Ruleset, names: list[str], seeds: list[int]
) -> list[list[tuple[str, str, float]]]:
    """Every strategy's games on these seeds, all in one batch (one batch turn serves every
    strategy, so a handful of games each costs little more than one strategy's): for each
    strategy, each game's (ending, grade, score). The loop is ``sim.batch.run_batch``'s, with
    each strategy planning for its own games; ``tests/test_report.py`` checks the games are
    the ones each strategy plays alone."""
    import numpy as np

    from diplomacy_game.engine.batch import BatchGames
    from diplomacy_game.model.content import POSTURES
    from diplomacy_game.sim.batch import BatchView
    from diplomacy_game.sim.policies import Plan, PolicyStreams

    policies = [resolve_policy(name, ruleset) for name in names]
    k = len(seeds)
    batch = BatchGames(ruleset, [s for _ in names for s in seeds], logs=False)
    streams = [None if p.deterministic else PolicyStreams(seeds) for p in policies]
    unused = np.random.Generator(np.random.PCG64(0))  # a deterministic policy never draws
    while batch.alive.any():
        batch.begin_turn()
        turn = batch.turn + 1
        alive = batch.alive.tolist()
        postures = [POSTURES[p] if p >= 0 else "" for p in batch.posture.tolist()]
        plans: list[Plan | None] = [None] * batch.n
        for j, policy in enumerate(policies):
            games = [i for i in range(j * k, (j + 1) * k) if alive[i]]
            if not games:
                continue
            views = [BatchView(batch, i, postures[i]) for i in games]
            stream = streams[j]
            rngs = [stream.at(i - j * k, turn) for i in games] if stream else [unused] * len(games)
            for i, plan in zip(games, policy.plan_many(ruleset, views, rngs), strict=True):
                plans[i] = plan
        batch.play_turn(plans)
    scores = batch.vals[batch.index["score"]].tolist() if "score" in batch.index else None
    out = []
    for j in range(len(names)):
        rows = []
        for i in range(j * k, (j + 1) * k):
            ending, grade = batch.endings[i] or ("", "")
            value = scores[i] if scores is not None else GRADE_SCORE.get(grade, 50.0)
            rows.append((ending, grade, float(value)))
        out.append(rows)
    return out


def play_policy(ruleset: Ruleset, name: str, seeds: list[int]) -> dict[str, Any]:
    """One strategy's games with the turn engine (for content the batch engine cannot run)."""
    policy = resolve_policy(name, ruleset)
    rows = []
    for seed in seeds:
        state = play_through(ruleset, new_game(ruleset, seed), policy=policy)
        ending = state.ending or {"id": "", "grade": ""}
        rows.append((ending["id"], ending["grade"], score_of(state.values, ending["grade"])))
    return _summary(rows)


def _summary(rows: list[tuple[str, str, float]]) -> dict[str, Any]:
    endings: dict[str, int] = {}
    grades: dict[str, int] = {}
    for ending, grade, _ in rows:
        endings[ending] = endings.get(ending, 0) + 1
        grades[grade] = grades.get(grade, 0) + 1
    first = rows[0]
    return {
        "scores": [round(s, 3) for _, _, s in rows],
        "endings": endings,
        "grades": grades,
        "first": {"ending": first[0], "grade": first[1], "score": round(first[2], 3)},
    }


def compute(ruleset: Ruleset, seed: int, games_per_policy: int = GAMES_PER_POLICY) -> Comparison:
    """Play the comparison games now, every strategy in one batch (in one process: splitting
    them over two cores measured slower, each process compiling the vector forms again)."""
    seeds = seeds_for(seed, games_per_policy)
    names = list(REGISTRY)
    try:
        played = dict(zip(names, play_all(ruleset, names, seeds), strict=True))
        policies = {name: _summary(played[name]) for name in names}
    except ExprError:  # content the batch cannot run: the turn engine plays the games
        policies = {name: play_policy(ruleset, name, seeds) for name in names}
    return Comparison(ruleset.scenario.id, seed, ruleset.content_digest, games_per_policy, policies)


def cache_path(ruleset: Ruleset, seed: int, games_per_policy: int, folder: Path) -> Path:
    name = f"{ruleset.scenario.id}-{seed}-{games_per_policy}-{ruleset.content_digest[:16]}.json"
    return folder / "comparisons" / name


# With the cache switched off, the comparisons ``prepare`` made for this process (a class
# report plays every student's seed in one batch before the reports are written).
_MADE: dict[tuple[str, int, str, int], Comparison] = {}
_MADE_MOST = 512


def _key(ruleset: Ruleset, seed: int, games_per_policy: int) -> tuple[str, int, str, int]:
    return (ruleset.scenario.id, seed, ruleset.content_digest, games_per_policy)


def _cached(ruleset: Ruleset, seed: int, games_per_policy: int, folder: Path) -> Comparison | None:
    path = cache_path(ruleset, seed, games_per_policy, folder)
    try:
        cached = Comparison.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    found = (cached.scenario, cached.seed, cached.digest, cached.games_per_policy)
    return cached if found == _key(ruleset, seed, games_per_policy) else None


def _store(ruleset: Ruleset, fresh: Comparison, folder: Path | None) -> None:
    """Keep a comparison in the cache folder, or for this process when the cache is off (a
    cache that cannot be written only costs the time to compute it again)."""
    if folder is None:
        if len(_MADE) >= _MADE_MOST:
            _MADE.clear()
        _MADE[_key(ruleset, fresh.seed, fresh.games_per_policy)] = fresh
        return
    path = cache_path(ruleset, fresh.seed, fresh.games_per_policy, folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(fresh.to_json()), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def comparison(
    ruleset: Ruleset,
    seed: int,
    games_per_policy: int = GAMES_PER_POLICY,
    folder: Path | None = None,
) -> Comparison:
    """The comparison games for this scenario, seed and content: from the cache when they
    are there (and match), else computed and cached. With the cache off, those ``prepare``
    made in this process, else computed now."""
    folder = folder or cache_dir()
    if folder is None:  # the cache is switched off
        made = _MADE.get(_key(ruleset, seed, games_per_policy))
        return made if made is not None else compute(ruleset, seed, games_per_policy)
    cached = _cached(ruleset, seed, games_per_policy, folder)
    if cached is not None:
        return cached
    fresh = compute(ruleset, seed, games_per_policy)
    _store(ruleset, fresh, folder)
    return fresh


def prepare(
    ruleset: Ruleset,
    seeds: list[int],
    games_per_policy: int = GAMES_PER_POLICY,
    folder: Path | None = None,
) -> None:
    """Make the comparisons of several seeds of one scenario that are not made yet, in one
    batch (a class with a seed per student: thirty seeds in one batch took 3.4 s on two cores
    where thirty batches took 7.5 s); ``comparison`` then finds them. The games are the ones
    ``compute`` plays for each seed alone: every game has its own seed and stream."""
    folder = folder or cache_dir()
    missing = [
        seed
        for seed in dict.fromkeys(seeds)
        if (
            _key(ruleset, seed, games_per_policy) not in _MADE
            if folder is None
            else _cached(ruleset, seed, games_per_policy, folder) is None
        )
    ]
    if len(missing) < 2:
        return  # one seed: ``comparison`` computes it as before
    names = list(REGISTRY)
    every = [s for seed in missing for s in seeds_for(seed, games_per_policy)]
    try:
        played = play_all(ruleset, names, every)
    except ExprError:  # content the batch cannot run: each seed is computed when asked
        return
    for n, seed in enumerate(missing):
        part = slice(n * games_per_policy, (n + 1) * games_per_policy)
        policies = {name: _summary(rows[part]) for name, rows in zip(names, played, strict=True)}
        _store(
            ruleset,
            Comparison(
                ruleset.scenario.id, seed, ruleset.content_digest, games_per_policy, policies
            ),
            folder,
        )
