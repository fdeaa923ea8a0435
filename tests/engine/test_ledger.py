"""The ledger of causes: every visible figure's change over a turn, booked to what made it."""

from __future__ import annotations

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.ledger import Ledger, figures_of
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import Decision
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

SCENARIOS = ("second-visit", "review-sprint", "hawks-table")
POLICIES = ("random", "hardline", "appease", "passive")


def _turns(ruleset, seed: int, policy_name: str):
    """Every (state before, report) of one game played by a built-in strategy."""
    policy = get_policy(policy_name)
    state = new_game(ruleset, seed)
    finished = play_through(ruleset, state, policy=policy)
    replay = new_game(ruleset, seed)
    for logged in finished.decisions:
        before = replay
        replay, report = resolve_turn(ruleset, replay, Decision.model_validate(logged))
        yield before, replay, report


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_causes_add_up_to_every_change_of_every_visible_figure(scenario):
    ruleset = load_ruleset(scenario)
    figures = figures_of(ruleset.sector_ids)
    assert {"approval", "fiscal_room", "capital", "sector.steel.us_tariff"} <= set(figures)
    turns = booked = 0
    for policy in POLICIES:
        for seed in range(5):
            for before, after, report in _turns(ruleset, seed, policy):
                turns += 1
                for name in figures:
                    change = report.changes.get(name)
                    moved = after.values[name] - before.values[name]
                    if change is None:
                        assert moved == 0.0, f"{name} moved by {moved} with no entry"
                        continue
                    assert change.start == before.values[name]
                    assert change.end == after.values[name]
                    total = sum(delta for _, delta in change.causes)
                    assert abs(total - moved) <= 1e-6, (name, change.causes, moved)
                    assert all(c.label for c, _ in change.causes)
                    booked += len(change.causes)
    assert turns > 100 and booked > turns * 3


def test_an_action_and_the_economy_are_named_as_causes(ruleset):
    kinds: set[str] = set()
    for _, _, report in _turns(ruleset, 7, "hardline"):
        for change in report.changes.values():
            kinds.update(c.kind for c, _ in change.causes)
    assert {"action", "economy", "domestic"} <= kinds


def test_the_ledger_books_each_step_and_skips_still_figures():
    values = {"approval": 50.0, "capital": 3.0, "other": 1.0}
    ledger = Ledger(values, ("approval", "capital", "missing"))
    values["approval"] = 48.5
    values["other"] = 9.0
    ledger.mark("action", "retaliate", "Counter-tariffs on steel")
    values["approval"] += 0.25
    ledger.mark("economy", "", "The economy")
    ledger.mark("domestic", "", "Domestic politics")  # nothing moved: nothing booked
    changes = ledger.changes()
    assert set(changes) == {"approval"}
    approval = changes["approval"]
    assert [(c.label, d) for c, d in approval.causes] == [
        ("Counter-tariffs on steel", -1.5),
        ("The economy", 0.25),
    ]
    assert approval.as_dict()["causes"][0]["cause"] == "Counter-tariffs on steel"
    assert approval.delta == -1.25


def test_a_step_can_book_parts_of_a_change_to_causes_of_their_own():
    values = {"fiscal_room": 20.0}
    ledger = Ledger(values, ("fiscal_room",))
    values["fiscal_room"] = 19.5
    ledger.part("fiscal_room", "economy", "support", "Support paid to sectors", -0.125)
    ledger.part("fiscal_room", "economy", "nothing", "Nothing", 0.0)  # not booked
    ledger.mark("economy", "", "The economy")
    causes = [(c.label, d) for c, d in ledger.changes()["fiscal_room"].causes]
    assert causes == [("The economy", -0.375), ("Support paid to sectors", -0.125)]


def test_the_fiscal_room_names_the_support_the_player_pays(ruleset):
    # Support for sectors is paid out of the fiscal room by the economy's step; the ledger
    # names it, and the counter-tariffs' revenue, rather than "The economy" for all of it.
    state = new_game(ruleset, 11)
    choice = Decision.model_validate({"actions": [{"id": "sector_support"}]})
    paid, _ = resolve_turn(ruleset, state, choice)
    _, report = resolve_turn(ruleset, paid, Decision())
    causes = {c.label: d for c, d in report.changes["fiscal_room"].causes}
    assert causes["Support paid to sectors"] < -0.05  # C$2B a year for 14 days, and more
    assert causes["Counter-tariff revenue"] > 0
    assert sum(causes.values()) == pytest.approx(report.changes["fiscal_room"].delta)


def test_play_json_tells_each_turn_what_changed_and_why(capsys):
    import json

    from diplomacy_game.cli import main

    checked = 0
    for scenario, seed, policy in (
        ("second-visit", 1, "random"),
        ("review-sprint", 2, "hardline"),
        ("hawks-table", 3, "appease"),
    ):
        args = ["play", "--scenario", scenario, "--seed", str(seed), "--policy", policy, "--json"]
        assert main(args) == 0
        game = json.loads(capsys.readouterr().out)
        ruleset = load_ruleset(scenario)
        for turn in game["history"]:
            assert set(turn["changes"]) == set(figures_of(ruleset.sector_ids))
            for name, change in turn["changes"].items():
                total = sum(c["delta"] for c in change["causes"])
                assert abs(total - (change["to"] - change["from"])) <= 1e-6, (name, change)
                assert all(c["cause"] and c["kind"] for c in change["causes"])
                checked += 1
            assert set(turn["us_tariffs"]) == set(ruleset.sector_ids)
            assert turn["events"] and all(
                e["id"] and e["title"] and e["text"] for e in turn["events"]
            )
            assert "chain" not in turn and "unrounded" not in turn
    assert checked > 500
