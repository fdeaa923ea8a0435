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
