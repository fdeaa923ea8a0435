"""The outcome score, read from the content: each ending's score expression sets a band, and a
game's record (approval, the economy, what was conceded) places it within that band.

``content/world/endings.toml`` defines it; ``docs/classroom.md`` explains it to students.
"""

from __future__ import annotations

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
