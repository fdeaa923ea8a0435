"""Batch simulation: reproducible, independent of the number of workers, and honest counts."""

from __future__ import annotations

import json

from diplomacy_game.cli import main
from diplomacy_game.sim.batch import game_seed, simulate


def test_game_seeds_are_stable_and_distinct():
    seeds = [game_seed(7, i) for i in range(200)]
    assert len(set(seeds)) == 200
    assert seeds[:3] == [game_seed(7, 0), game_seed(7, 1), game_seed(7, 2)]
    assert game_seed(7, 0) != game_seed(8, 0)


def test_summary_does_not_depend_on_workers(ruleset):
    one = simulate(ruleset, "random", 16, 3, workers=1).to_json(ruleset)
    two = simulate(ruleset, "random", 16, 3, workers=2).to_json(ruleset)
    assert one == two
    assert sum(one["endings"].values()) == 16 == sum(one["grades"].values())


def test_summary_counts_what_happened(ruleset):
    data = simulate(ruleset, "passive", 10, 1).to_json(ruleset)
    assert data["action_uses"] == {}
    assert set(data["actions_never_used"]) == set(ruleset.actions)
    fired = set(data["event_games"])
    assert fired and fired.isdisjoint(data["events_never_fired"])
    assert fired | set(data["events_never_fired"]) == set(ruleset.events)


def test_simulate_command_json(capsys):
    code = main(
        ["simulate", "--scenario", "second-visit", "--policy", "hardline", "--games", "5", "--json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["games"] == 5 and data["policy"] == "hardline"
    assert set(data["final"]) == {
        "approval",
        "gdp_gap_pct",
        "unemployment_pct",
        "inflation_pct",
        "us_rapport",
        "score",
    }
    # every game ended, so every game has an outcome score inside its 0-100 range
    score = data["final"]["score"]
    assert 0 <= score["p10"] <= score["p90"] <= 100 and 0 <= score["mean"] <= 100


def test_simulate_rejects_unknown_policy(capsys):
    assert main(["simulate", "--scenario", "second-visit", "--policy", "bold"]) == 2
    assert "unknown policy" in capsys.readouterr().err


def test_events_dated_outside_the_scenario_are_told_apart_from_those_that_did_not_happen():
    """In the Review Sprint (March to July 2026) news of October 2025 cannot fire: listing it
    among the events that never fired hid the ones a strategy could have met."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.sim.batch import format_summary

    sprint = load_ruleset("review-sprint")
    data = simulate(sprint, "passive", 6, 1).to_json(sprint)
    outside = set(data["events_dated_outside"])
    assert outside <= set(data["events_never_fired"])
    start, end = sprint.scenario.start, sprint.scenario.end
    for eid in outside:
        spec = sprint.events[eid].spec
        dates = [d for d in (spec.date, spec.after, spec.until) if d is not None]
        assert dates and (max(dates) < start or min(dates) >= end), eid
    assert "reagan_ad_airs" in outside  # October 2025
    line = next(x for x in format_summary(data, sprint).splitlines() if "never fired" in x)
    assert "reagan_ad_airs" not in line
    assert f"(and {len(outside)} dated outside this scenario's weeks)" in line


def test_the_summary_names_the_scenario_and_the_endings_as_players_read_them():
    """The text summary said "endings: limbo 17 (34%), withdrawal_notice 16 (32%)" and
    "gdp_gap_pct", where the tournament's table gives the endings' titles: the ids stay in the
    JSON, the text says what a teacher reads in the game."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.sim.batch import format_summary

    sprint = load_ruleset("review-sprint")
    data = simulate(sprint, "random", 12, 1).to_json(sprint)
    text = format_summary(data, sprint)
    assert text.startswith("random on The Review Sprint (review-sprint): 12 games from seed 1")
    endings = next(x for x in text.splitlines() if x.strip().startswith("endings:"))
    titles = {e.spec.id: e.spec.title for e in sprint.endings}
    assert data["endings"]
    for ending, count in data["endings"].items():
        assert f"{titles[ending]} {count} (" in endings, endings
    assert "withdrawal_notice" not in text and ": limbo " not in endings, endings
    assert "  GDP gap %  " in text and "gdp_gap_pct" not in text
