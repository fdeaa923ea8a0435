"""A quota on Canadian steel is told once: after one is in force, the offer is not made again
and no later news says the offer was rebuffed and 'stays on the table'."""

from __future__ import annotations

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

QUOTA_WON = {"rew_steel_relief", "steel_quota_accepted"}


def test_no_quota_offer_or_rebuff_after_a_quota_is_in_force():
    ruleset = load_ruleset("hawks-table")
    checked = 0
    for seed in range(1, 13):
        state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy("appease"))
        won_at = next((r["turn"] for r in state.history if QUOTA_WON & set(r["events"])), None)
        if won_at is None:
            continue
        checked += 1
        later = [r for r in state.history if r["turn"] > won_at]
        assert not any("steel_quota_rebuffed" in r["events"] for r in later), seed
        assert not any("steel_quota_offer" in r["actions"] for r in later), seed
    assert checked >= 1  # seed 3 wins partial relief on steel in turn 12


def test_the_quota_offer_says_why_it_is_closed():
    from diplomacy_game.engine.game import check_action

    ruleset = load_ruleset("hawks-table")
    state = new_game(ruleset, 3)
    state.flags["steel_quota_in_force"] = True
    _, reason = check_action(ruleset, state, "steel_quota_offer", {})
    assert reason == "A quota for Canadian steel is already in force"
