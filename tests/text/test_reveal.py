"""What the ending reveals of the hidden US side is true of the game played: a value whose word
alone could mislead (the President's patience, ample after he escalated) comes with what it
measures, and that note is true of the model."""

from __future__ import annotations

import html

import pytest

from diplomacy_game.classroom.report import build_report, render_html, render_markdown
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.context import TurnContext
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy
from diplomacy_game.text.figures import revealed

PATIENCE = "The President's patience"


@pytest.fixture(scope="module")
def escalated():
    """A game of The Hawks' Table in which the President escalated again and again (six times
    in eleven turns, the first four in a row; the player answering hard-line): the trade war,
    with his patience ample."""
    ruleset = load_ruleset("hawks-table")
    state = play_through(ruleset, new_game(ruleset, 6), policy=get_policy("hardline"))
    postures = [r["us_posture"] for r in state.history]
    assert postures[:4] == ["escalate"] * 4 and postures.count("escalate") >= 5, postures
    assert state.ending is not None and state.ending["id"] == "trade_war"
    return ruleset, state


def test_the_reveal_says_why_patience_is_ample_after_escalations(escalated):
    ruleset, state = escalated
    row = next(r for r in revealed(ruleset, state) if r.label == PATIENCE)
    assert row.truth == "ample"
    assert "each escalation vents his frustration and restores it" in row.note
    assert "ample just after he has escalated" in row.note


def test_the_report_tells_the_note_beside_the_truth(escalated):
    ruleset, state = escalated
    data = build_report(ruleset, state, games_per_policy=0, with_counterfactual=False)
    patience = next(h for h in data["hidden"] if h["label"] == PATIENCE)
    assert patience["words"] == "ample" and "restores it" in patience["note"]
    assert f"- {PATIENCE}: ample. It measures how long he will wait" in render_markdown(data)
    assert f"{html.escape(PATIENCE)}: ample. It measures how long he will wait" in render_html(data)


@pytest.mark.parametrize("scenario", ["second-visit", "hawks-table", "review-sprint"])
def test_the_note_is_true_of_the_model(scenario):
    """Escalating raises his patience; holding and threatening lower it (each posture's own
    effects, from the same starting point)."""
    ruleset = load_ruleset(scenario)
    moved = {}
    for posture in ("escalate", "hold", "threaten"):
        state = new_game(ruleset, 1)
        state.values["us.patience"] = 50.0
        effects = ruleset.postures[posture].effects
        assert effects is not None
        effects(TurnContext(ruleset, state, None))
        moved[posture] = state.values["us.patience"] - 50.0
    assert moved["escalate"] > 0 > max(moved["hold"], moved["threaten"])
