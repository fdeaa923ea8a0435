"""A turn shorter than a fortnight moves the economy as far as its days: the speeds are given
per fortnight (docs/economy.md), so the last turn of a scenario that ends two days into a turn
moves exports, jobs and prices by two days' worth, as money already moved (before, money moved
for two days while jobs moved a whole fortnight's way)."""

from __future__ import annotations

import pytest

from diplomacy_game.content import load_content, load_ruleset
from diplomacy_game.engine.economy import FORTNIGHT, Economy, closed
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.sandbox import baseline_values
from diplomacy_game.sim.headless import play_game
from diplomacy_game.sim.policies import get_policy


@pytest.fixture(scope="module")
def sectors():
    return sorted(load_content().entities["sector"].values(), key=lambda s: s.id)


def _tariffed(sectors):
    values = baseline_values(sectors)
    values["sector.steel.us_tariff"] = 50.0
    values["sector.steel.counter_tariff"] = 25.0
    values["uncertainty"] = 60.0
    return values


def test_a_fortnight_is_the_speed_itself_and_shorter_steps_compound_to_it():
    assert closed(0.15, FORTNIGHT) == 0.15
    week = closed(0.15, FORTNIGHT / 2)
    assert 1 - (1 - week) ** 2 == pytest.approx(0.15, abs=1e-12)
    assert 0.0 < closed(0.15, 2 / 365) < week < 0.15


def test_two_weeks_move_exports_as_far_as_one_fortnight(sectors):
    """Exports close a constant gap (the tariff does not change), so two one-week steps land
    where one fortnight does."""
    economy = Economy(sectors)
    once, twice = _tariffed(sectors), _tariffed(sectors)
    economy.step(once, FORTNIGHT)
    economy.step(twice, FORTNIGHT / 2)
    economy.step(twice, FORTNIGHT / 2)
    assert twice["sector.steel.exports"] == pytest.approx(once["sector.steel.exports"], rel=1e-12)
    assert twice["sector.steel.exports"] < baseline_values(sectors)["sector.steel.exports"]


def test_a_two_day_step_moves_about_a_seventh_as_far_as_a_fortnight(sectors):
    economy = Economy(sectors)
    start = _tariffed(sectors)
    full, short = dict(start), dict(start)
    economy.step(full, FORTNIGHT)
    economy.step(short, 2 / 365)
    for key in ("sector.steel.exports", "econ.price_level", "econ.investment"):
        moved_full, moved_short = full[key] - start[key], short[key] - start[key]
        assert moved_full != 0.0, key
        assert 0.1 < moved_short / moved_full < 0.2, key
    # Jobs follow exports, and unemployment the GDP gap, which moved about a seventh as far
    # themselves: less than a seventh.
    for key in ("sector.steel.jobs", "unemployment_gap"):
        moved_full, moved_short = full[key] - start[key], short[key] - start[key]
        assert 0.0 < moved_short / moved_full < 0.1, key


def test_the_second_visits_two_day_last_turn_moves_jobs_by_two_days():
    """The Second Visit's 20th turn runs 30 June to 2 July 2026 (the review on 1 July): its
    jobs move about a seventh of the turn before's, as its money does."""
    ruleset = load_ruleset("second-visit")
    turns = list(play_game(ruleset, new_game(ruleset, 5), None, get_policy("steady")))
    assert len(turns) == ruleset.turns == 20
    last, before = turns[-1], turns[-2]
    assert (last[1].end - last[1].start).days == 2

    def moved(state):
        return sum(abs(v) for k, v in state.values.items() if k.endswith(".jobs_change"))

    assert moved(before[0]) > 0.0
    assert moved(last[0]) < 0.3 * moved(before[0])
