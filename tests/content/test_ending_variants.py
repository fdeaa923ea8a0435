"""An ending explains itself by the state the game ends in: its first variant that holds."""

from __future__ import annotations

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.turn import resolve_turn
from diplomacy_game.model.decisions import Decision

ENDING_PACK = """
[[ending]]
id = "test_told_two_ways"
title = "Told two ways"
when = "any"
priority = 1000
condition = "true"
cusma_status = "under review"
explanation = "The default explanation."
[[ending.variants]]
when = "approval > 100"
text = "Never shown."
[[ending.variants]]
when = "approval >= 0"
text = "Approval was {approval:.0f}%."
[[ending.grades]]
grade = "C"
"""


def test_an_ending_explains_itself_by_its_first_variant_that_holds(tmp_path):
    pack = tmp_path / "ending.toml"
    pack.write_text(ENDING_PACK, encoding="utf-8")
    rs = load_ruleset("second-visit", extra=[pack])
    report = resolve_turn(rs, new_game(rs, 1), Decision(turn=1))[1]
    assert report.ending is not None and report.ending["id"] == "test_told_two_ways"
    assert report.ending["explanation"].startswith("Approval was ")


def test_an_ending_variant_may_not_draw(write_pack, capsys):
    from diplomacy_game.cli import main

    path = write_pack(ENDING_PACK.replace('"approval > 100"', '"chance(0.5)"'))
    assert main(["validate", "--with-builtin", str(path)]) != 0
    out = capsys.readouterr()
    assert "test_told_two_ways" in out.out + out.err
    assert "variants[0].when" in out.out + out.err


# Renewal's conditions (endings.toml) and what limbo's explanation says when each fails
WHY_NO_CONFIRMATION = [
    ("talks.stalled", lambda v: v["talks.stalled"] == 1, "with the talks broken off"),
    ("talks.progress", lambda v: v["talks.progress"] < 65, "had not produced a text"),
    ("us.escalation", lambda v: v["us.escalation"] >= 7, "no mood to confirm anything"),
    ("us.rapport", lambda v: v["us.rapport"] < 50, "had not warmed enough"),
    ("us.need_win", lambda v: v["us.need_win"] >= 60, "still wanted a win"),
]


def test_limbo_says_why_the_review_confirmed_nothing():
    """The Hawks' Table, seed 11: the talks 'near a text', the President's view of you warm,
    and the ending said only "The review came and went without a joint confirmation". It
    now names the first of renewal's conditions that failed (here: he still needed a win)."""
    from diplomacy_game.sim.headless import play_through
    from diplomacy_game.sim.policies import get_policy

    seen: set[str] = set()
    for scenario in ("second-visit", "hawks-table"):
        rs = load_ruleset(scenario)
        for policy in ("steady", "passive", "advisor"):
            for seed in range(1, 9):
                state = play_through(rs, new_game(rs, seed), policy=get_policy(policy))
                if state.ending is None or state.ending["id"] != "limbo":
                    continue
                told = state.ending["explanation"]
                failed = [(n, p) for n, holds, p in WHY_NO_CONFIRMATION if holds(state.values)]
                assert failed, (scenario, policy, seed)  # renewal would have held
                name, phrase = failed[0]
                assert phrase in told, (scenario, policy, seed, name, told)
                seen.add(name)
    assert len(seen) >= 2, seen
