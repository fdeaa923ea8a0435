"""Confidence votes: what decides them, and what the player reads when one is lost.

Seats after the election of 28 April 2025: Liberals 169 of 343, Conservatives 144, Bloc 22,
NDP 7, Green 1. Without the Bloc the rest of the opposition cannot outvote the government, so
a deal with the Bloc carries the motion it was made for, unless Canada has offered Washington
dairy (the Bloc wrote the June 2025 law that keeps supply management out of trade talks).
"""

from __future__ import annotations

from collections import Counter

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import TurnReport, resolve_turn
from diplomacy_game.model.decisions import ActionChoice, Decision

SEEDS = range(40)


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset("second-visit")


def _vote(ruleset, seed: int, answer: str, dairy: bool = False) -> TurnReport:
    """A motion of non-confidence tabled last turn, answered now and voted on this turn, with
    approval at 31% and an opposition hungry for an election (the risk at its 60% most)."""
    state = new_game(ruleset, seed)
    state.values.update(approval=31.0, opposition=60.0, capital=6.0)
    state.pending = ["dom_opposition_motion"]
    state.scheduled.append([1, "confidence_vote"])
    actions = [ActionChoice(id="dairy_trq_administration")] if dairy else []
    decision = Decision(turn=1, answers={"dom_opposition_motion": answer}, actions=actions)
    return resolve_turn(ruleset, state, decision)[1]


def _texts(report: TurnReport) -> dict[str, str]:
    return {e["id"]: e["text"] for e in report.events}


def _outcomes(ruleset, answer: str, dairy: bool = False) -> Counter[str]:
    out: Counter[str] = Counter()
    for seed in SEEDS:
        texts = _texts(_vote(ruleset, seed, answer, dairy))
        out["defeated" if "government_defeated" in texts else "survived"] += 1
    return out


def test_a_deal_with_the_bloc_carries_the_motion_even_at_31_percent(ruleset):
    assert _outcomes(ruleset, "deal_with_bloc") == {"survived": len(SEEDS)}
    texts = _texts(_vote(ruleset, 0, "deal_with_bloc"))
    assert "152 seats at most" in texts["confidence_vote"]
    assert "keeps its side of the bargain" in texts["government_survives"]


def test_without_the_deal_the_same_vote_is_often_lost(ruleset):
    outcomes = _outcomes(ruleset, "dare_them")
    assert 0.4 * len(SEEDS) <= outcomes["defeated"] <= 0.8 * len(SEEDS), outcomes


def test_a_lost_vote_says_what_decided_it_and_what_would_have_won_it(ruleset):
    seed = next(s for s in SEEDS if "government_defeated" in _texts(_vote(ruleset, s, "dare_them")))
    report = _vote(ruleset, seed, "dare_them")
    defeat = _texts(report)["government_defeated"]
    assert "your whips had put the risk of defeat at 60%" in defeat
    assert "a deal with the Bloc would have kept its 22 members off the other side" in defeat
    assert report.ending is not None and report.ending["id"] == "government_falls"
    explanation = report.ending["explanation"]
    assert "the risk of defeat at 60%" in explanation
    assert "A deal with the Bloc would have carried the vote" in explanation


def test_a_dairy_offer_before_the_vote_breaks_the_deal_and_the_texts_say_so(ruleset):
    outcomes = _outcomes(ruleset, "deal_with_bloc", dairy=True)
    assert outcomes["defeated"] > 0, outcomes
    seed = next(
        s
        for s in SEEDS
        if "government_defeated" in _texts(_vote(ruleset, s, "deal_with_bloc", True))
    )
    report = _vote(ruleset, seed, "deal_with_bloc", dairy=True)
    texts = _texts(report)
    assert "offered Washington dairy" in texts["confidence_vote"]
    assert "took your offer on aluminum" in texts["government_defeated"]
    assert "offered Washington dairy" in texts["government_defeated"]
    assert report.ending is not None
    assert "you had offered Washington dairy" in report.ending["explanation"]


def test_the_deal_covers_the_motion_it_answered_not_the_budget_vote(ruleset):
    """The budget vote reads the whips' count as it is, whatever was paid for a motion."""
    lost = []
    for seed in SEEDS:
        state = new_game(ruleset, seed)
        state.values.update(approval=31.0, opposition=60.0)
        state.flags["bloc_deal"] = True
        state.scheduled.append([1, "budget_vote"])
        texts = _texts(resolve_turn(ruleset, state, Decision(turn=1))[1])
        assert "budget_vote" in texts
        if "government_defeated" in texts:
            lost.append(texts["government_defeated"])
    assert lost
    assert "Budget 2025 is defeated" in lost[0] and "the risk of losing at 60%" in lost[0]
