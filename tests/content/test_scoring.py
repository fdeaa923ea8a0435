"""The outcome score (content/world/endings.toml): endings rank in a fixed order whatever the
record, and the grade follows the score the same way for every ending."""

from __future__ import annotations

import pytest

from diplomacy_game.classroom.scoring import score_bands
from diplomacy_game.content import load_content, load_ruleset
from diplomacy_game.sim.batch import game_seed, run_batch
from diplomacy_game.sim.strategy_file import resolve_policy

ORDER = ["renewal", "early_deal", "limbo", "withdrawal_notice", "trade_war", "government_falls"]
FLOORS = (("A", 85), ("B", 70), ("C", 55), ("D", 40))


def letter(score: float) -> str:
    return next((g for g, floor in FLOORS if score >= floor), "F")


@pytest.mark.parametrize("scenario", sorted(load_content().scenarios))
def test_a_better_ending_outscores_a_worse_one_whatever_the_record(scenario):
    bands = score_bands(load_ruleset(scenario))
    assert set(bands) == set(ORDER)
    assert bands["renewal"] == bands["early_deal"]
    ranked = [bands[e] for e in ORDER if e != "early_deal"]
    for better, worse in zip(ranked, ranked[1:], strict=False):
        assert better[0] >= worse[1], (better, worse)
    assert bands["renewal"][0] > bands["limbo"][1] - 1e-9


@pytest.mark.parametrize("policy", ["random", "steady", "appease"])
def test_the_grade_follows_the_score(policy):
    ruleset = load_ruleset("second-visit")
    seeds = [game_seed(7, i) for i in range(150)]
    batch = run_batch(ruleset, resolve_policy(policy, ruleset), seeds, logs=False)
    scores = batch.vals[batch.index["score"]]
    bands = score_bands(ruleset)
    for i, ended in enumerate(batch.endings):
        assert ended is not None
        ending, grade = ended
        assert grade == letter(float(scores[i])), (ending, grade, float(scores[i]))
        lo, hi = bands[ending]
        assert lo - 1e-9 <= scores[i] <= hi + 1e-9


def test_a_concession_lowers_the_score_of_the_same_ending():
    from diplomacy_game.engine.context import TurnContext
    from diplomacy_game.engine.game import new_game

    ruleset = load_ruleset("second-visit")
    renewal = next(e for e in ruleset.endings if e.spec.id == "renewal")
    state = new_game(ruleset, 1)
    state.values.update(approval=55.0, gdp_gap=-1.0, jobs_lost=5.0, fiscal_room=5.0)
    before = renewal.score(TurnContext(ruleset, state, None))
    state.values["conceded"] = 20.0
    after = renewal.score(TurnContext(ruleset, state, None))
    assert after < before


def test_each_grade_text_claims_only_what_its_game_shows():
    """A grade's text is read as a verdict on the player's own game: "the country is behind
    you" is said only at 50% approval or more, "the economy held up" only when the record's
    economic half earned at least half its points, over a grid of final figures for every
    ending."""
    import itertools

    from diplomacy_game.engine.context import TurnContext
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.engine.numeric import ONE_GAME, first_holding

    ruleset = load_ruleset("second-visit")
    state = new_game(ruleset, 1)
    said = set()
    grid = itertools.product(
        (40, 45, 49, 50, 55, 65, 80), (-2.5, -1.2, -0.3), (0, 8, 30), (-5, 5, 15), (0, 20, 40)
    )
    for approval, gdp, jobs, fiscal, conceded in grid:
        state.values.update(
            approval=approval, gdp_gap=gdp, jobs_lost=jobs, fiscal_room=fiscal, conceded=conceded
        )
        ctx = TurnContext(ruleset, state, None)
        economy = (
            0.2 * min(100, max(0, 100 * (gdp + 2) / 1.5))
            + 0.2 * min(100, max(0, 100 - 3 * jobs))
            + 0.2 * min(100, max(0, 5 * (fiscal + 5)))
        )
        for ending in ruleset.endings:
            if ending.score is not None:
                ctx.values["score"] = ctx.clamp_value("score", float(ending.score(ctx)))
            tests = [lambda _, c=c, x=ctx: c.condition(x) for c in ending.grades]  # endings.check
            grade = ending.grades[first_holding(tests, True, ONE_GAME)]
            text = grade.text.render(ctx) if grade.text else ""
            where = (ending.spec.id, grade.grade, approval, gdp, jobs, fiscal, conceded, text)
            if any(k in text for k in ("behind you", "stood with you", "Canadians accept")):
                said.add("approval")
                assert approval >= 50, where
            if "economy held up" in text or "economy in good order" in text:
                said.add("economy")
                assert economy >= 30, (economy, where)
    assert said == {"approval", "economy"}  # the grid reaches both kinds of claim


def test_the_glossary_says_how_the_score_counts_the_fiscal_room():
    """Defence spending took the fiscal room to -C$2.3B and nothing said what a room below
    zero means. The glossary says: the measures are still paid, and the score counts the
    room in full from C$15B and not at all from -C$5B down, as the record's formula does."""
    from diplomacy_game.engine.context import TurnContext
    from diplomacy_game.engine.game import new_game

    ruleset = load_ruleset("second-visit")
    entry = load_content().entities["glossary"]["fiscal_room"]
    assert "in full from C$15B and not at all from -C$5B down" in entry.text
    renewal = next(e for e in ruleset.endings if e.spec.id == "renewal")
    state = new_game(ruleset, 1)
    state.values.update(approval=55.0, gdp_gap=-1.0, jobs_lost=5.0)

    def score(room: float) -> float:
        state.values["fiscal_room"] = room
        return renewal.score(TurnContext(ruleset, state, None))

    assert score(15.0) == score(20.0) > score(14.0)
    assert score(-5.0) == score(-10.0) < score(-4.0)
