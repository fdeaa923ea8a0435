"""The outcome score, read from the content: each ending's score expression sets a band, and a
game's record (approval, the economy, what was conceded) places it within that band.

``content/world/endings.toml`` defines it; ``docs/classroom.md`` explains it to students.
"""

from __future__ import annotations

import re
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.rules import Ruleset

# The figures the built-in record reads, at their best and at their worst for Canada.
BEST = {
    "approval": 100.0,
    "gdp_gap": 10.0,
    "jobs_lost": -1000.0,
    "fiscal_room": 200.0,
    "conceded": 0.0,
}
WORST = {
    "approval": 0.0,
    "gdp_gap": -30.0,
    "jobs_lost": 5000.0,
    "fiscal_room": -200.0,
    "conceded": 100.0,
}


def score_bands(ruleset: Ruleset) -> dict[str, tuple[float, float]]:
    """Each scored ending's range of outcome scores: its score with the worst record and with
    the best (endings without a score expression are left out)."""
    bands: dict[str, tuple[float, float]] = {}
    for ending in ruleset.endings:
        if ending.score is None:
            continue
        ends = []
        for figures in (WORST, BEST):
            state = new_game(ruleset, 1)
            state.values.update({k: v for k, v in figures.items() if k in state.values})
            ends.append(float(ending.score(TurnContext(ruleset, state, None))))
        bands[ending.spec.id] = (min(ends), max(ends))
    return bands


# The parts of the record the report accounts for, in the order it names them.
EARNED = ("approval", "gdp_gap", "jobs_lost", "fiscal_room")


def record_parts(
    ruleset: Ruleset, ending_id: str, values: dict[str, float]
) -> dict[str, Any] | None:
    """What each figure earned of a finished game's record, and what was given away cost it.

    Read from the ending's own score: each figure is put back alone (the others at their worst,
    nothing conceded), so the points are the content's, whatever its weights. ``earned`` maps a
    figure to (its points, its most); ``before`` is the record before what was given away;
    ``cost`` what that took off (the record stops at 0, so it can be less than ``full_cost``,
    what it would have taken). None when the ending has no range of scores, or when its record
    is not a sum of those parts (a content pack's own formula): no breakdown is then shown
    rather than a wrong one."""
    ending = next((e for e in ruleset.endings if e.spec.id == ending_id), None)
    band = score_bands(ruleset).get(ending_id)
    if ending is None or ending.score is None or band is None or band[1] - band[0] < 1e-9:
        return None
    low, high = band
    state = new_game(ruleset, 1)
    state.values.update({k: v for k, v in values.items() if k in state.values})
    actual = dict(state.values)

    def record(figures: dict[str, float]) -> float:
        state.values.clear()
        state.values.update(actual)
        state.values.update({k: v for k, v in figures.items() if k in state.values})
        score = float(ending.score(TurnContext(ruleset, state, None)))
        return 100 * (score - low) / (high - low)

    if any(name not in actual for name in (*EARNED, "conceded")):
        return None
    alone = {name: WORST[name] for name in EARNED} | {"conceded": BEST["conceded"]}
    earned = {
        name: (record(alone | {name: actual[name]}), record(alone | {name: BEST[name]}))
        for name in EARNED
    }
    before = record({"conceded": BEST["conceded"]})
    after = record({})
    nothing = record(alone)
    full_cost = 100 - record({k: BEST[k] for k in EARNED})  # with every figure at its best
    if abs(nothing) > 0.05 or abs(sum(p for p, _ in earned.values()) - before) > 0.05:
        return None
    return {
        "earned": earned,
        "before": before,
        "record": after,
        "cost": before - after,
        "full_cost": full_cost,
        "conceded": actual["conceded"],
    }


def shown_scores(cf: dict[str, Any]) -> tuple[str, str, int]:
    """The replay's outcome score and the student's as the report shows them, and the
    difference between those shown numbers (so that "68/100 instead of 0/100" is 68 points,
    never 69 from the figures before they were cut)."""
    other = cf["score"] if cf["score"] is not None else cf["mine"]["score"] or 0
    mine = cf["mine"]["score"] or 0
    digits = fmt.figure("score").digits
    return (
        fmt.shown("score", other),
        fmt.shown("score", mine),
        round((fmt.cut(other, digits) - fmt.cut(mine, digits)) * 10**digits),
    )


def counts_as_given(ruleset: Ruleset, action_id: str) -> bool:
    """Whether the outcome score counts an action as given away: its own effects, or the US
    answer to one of its tags, add to ``conceded`` (an offer such as a critical-minerals pact
    is grouped with the concessions, yet Washington does not take it as one)."""
    action = ruleset.actions.get(action_id)
    if action is None:
        return False
    sources = list(action.spec.effects or [])
    for tag in action.spec.tags or []:
        sources.extend(getattr(c, "source", "") for c in ruleset.reactions.get(tag, []))
    return any(_CONCEDES.search(src) for src in sources)


_CONCEDES = re.compile(r"\bconceded\s*[+]?=")
