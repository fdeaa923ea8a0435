"""The student handout of the actions: every action, its costs and limits in words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from diplomacy_game.classroom.handout import (
    build_handout,
    render_html,
    render_markdown,
    render_text,
)
from diplomacy_game.cli import main
from diplomacy_game.content import load_ruleset

SCENARIOS = ("second-visit", "review-sprint", "hawks-table")
# What a student must never read: expressions, variables, flags, internal ids.
INTERNAL = re.compile(r"param\.|sector\.[a-z]|flag\(|\$[a-z]|==|>=|<=|\bus\.[a-z]|talks\.")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_action_is_in_the_handout_in_words(scenario):
    ruleset = load_ruleset(scenario)
    handout = build_handout(ruleset)
    names = [e.name for _, entries in handout.families for e in entries]
    assert sorted(names) == sorted(a.spec.name for a in ruleset.actions.values())
    printed = render_text(handout)
    assert all(f"\n{name}\n" in printed for name in names)
    text = render_markdown(handout)  # the words of every format, without the text's rules
    assert not INTERNAL.search(text), INTERNAL.search(text)
    ids = [a for a in ruleset.actions if "_" in a]
    assert not [a for a in ids if a in text]
    for _, entries in handout.families:
        for e in entries:
            assert e.capital and e.fiscal and e.limits and (e.what or e.advice)
            conditional = next(
                a.spec for a in ruleset.actions.values() if a.spec.name == e.name
            ).condition not in (True, "true")
            assert bool(e.not_when) == conditional


def test_costs_limits_and_conditions_read_as_the_content_sets_them():
    handout = build_handout(load_ruleset("review-sprint"))
    by = {e.name: e for _, entries in handout.families for e in entries}
    # cost = "1 + (param.level >= 50)": the setting that decides the cost is named.
    assert by["Raise a counter-tariff"].capital == "1 at 10% or 25%; 2 at 50%"
    assert by["Raise a counter-tariff"].effects == [
        "Sets the counter-tariff on the chosen sector to the level you choose.",
        "Raises the pressure from business and eases it from Ontario and unions. Pressure at "
        "home weighs on approval at the end of each turn.",
    ]
    assert by["Go to the White House"].capital == "3"
    support = by["Fund a sector package"]
    assert support.fiscal == [
        "Support a year, paid from fiscal room: the chosen sector C$2.0B for 13 turns (182 days)."
    ]
    assert by["Step up border and fentanyl measures"].fiscal == ["Costs C$600M of fiscal room."]
    assert by["Call the President"].limits == ["After it is taken, it rests 1 turn."]
    assert (
        by["Back an electricity export surcharge"].not_when == "The surcharge is already in force."
    )
    assert "refills by 2 below 45% approval, 3 from 45%, 4 from 55%" in handout.capital_rule


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in ("src", "href") and v]


def test_html_and_markdown_are_self_contained(tmp_path, capsys):
    page = tmp_path / "actions.html"
    assert main(["actions", "--scenario", "second-visit", "-o", str(page)]) == 0
    assert "Wrote" in capsys.readouterr().out
    text = page.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    assert parser.tags.count("section") == len(load_ruleset("second-visit").actions)
    assert parser.links == [] and "script" not in parser.tags  # nothing fetched, nothing run
    assert 'name="viewport"' in text  # readable on a phone
    md = tmp_path / "actions.md"
    assert main(["actions", "--scenario", "second-visit", "--format", "md", "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# The Second Visit: the actions")
    assert main(["actions", "--scenario", "review-sprint"]) == 0
    assert "== Retaliation ==" in capsys.readouterr().out


def test_content_text_cannot_inject_markup():
    handout = build_handout(load_ruleset("review-sprint"))
    entry = handout.families[0][1][0]
    entry.what = "<script>alert(1)</script> *bold* [link](http://x)"
    assert "<script>" not in render_html(handout)
    md = render_markdown(handout)
    assert "<script>" not in md and "[link](" not in md


def test_an_unknown_scenario_is_one_line(capsys):
    assert main(["actions", "--scenario", "nope"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "unknown scenario 'nope'" in err


def test_revenue_is_not_called_a_cost():
    handout = build_handout(load_ruleset("review-sprint"))
    by = {e.name: e for _, entries in handout.families for e in entries}
    assert by["Back an electricity export surcharge"].fiscal == [
        "None.",
        "It adds C$200M to fiscal room.",
    ]
    # said once, under the fiscal cost, not again under "Also"
    assert not any("fiscal room" in f for f in by["Back an electricity export surcharge"].effects)


def test_each_concession_says_whether_the_outcome_score_counts_it():
    """The handout groups an offer such as a critical-minerals pact with the concessions, yet
    the score does not count it as given away: each concession says which it is, in every
    format, and the score's own accounting (a game that takes it) agrees."""
    from diplomacy_game.classroom.handout import COUNTED, NOT_COUNTED
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.engine.turn import resolve_turn
    from diplomacy_game.model.decisions import ActionChoice, Decision

    ruleset = load_ruleset("second-visit")
    handout = build_handout(ruleset)
    said = {e.name: e.score for _, entries in handout.families for e in entries}
    by_name = {a.spec.name: a for a in ruleset.actions.values()}
    concessions = [n for n, a in by_name.items() if a.spec.family == "concession"]
    assert {said[n] for n in concessions} == {COUNTED, NOT_COUNTED}
    uncounted = sorted(n for n in concessions if said[n] == NOT_COUNTED)
    assert uncounted == [
        "Accelerate defence spending",
        "Offer a critical-minerals pact",
        "Step up border and fentanyl measures",
    ]
    assert all(said[n] in ("", COUNTED) for n in by_name if n not in concessions)
    for text in (render_text(handout), render_markdown(handout), render_html(handout)):
        assert text.count("Outcome score") == len(concessions)
    # played: a counted concession raises what the score counts as given away, the others not
    for name in ("Offer a critical-minerals pact", "Reform dairy quota administration"):
        state = new_game(ruleset, 1)
        action = by_name[name]
        after, _ = resolve_turn(ruleset, state, Decision(actions=[ActionChoice(id=action.spec.id)]))
        rose = after.values["conceded"] > state.values["conceded"]
        assert rose == (said[name] == COUNTED), name


# An author's action whose support follows a level the student chooses (its sum is arithmetic
# of the setting, not a number written out).
PROCUREMENT = """[[action]]
id = "cls_buy_canadian"
name = "Buy Canadian in federal procurement"
family = "domestic"
hint = "Steel towns will like it."
cost = 1
effects = ["sector.$material.support += param.share / 50"]
[[action.params]]
name = "material"
label = "Which material?"
kind = "sector"
choices = ["steel", "aluminum"]
default = "steel"
[[action.params]]
name = "share"
label = "How much of the contract value?"
kind = "number"
values = [10, 25, 50]
default = 25
"""


def test_a_cost_that_follows_the_level_chosen_is_said_at_each_level(write_pack):
    """It read "Fiscal cost: None." (the sum, 'param.share / 50', was not a number written
    out), while the game paid it from fiscal room."""
    handout = build_handout(load_ruleset("review-sprint", extra=[write_pack(PROCUREMENT)]))
    by = {e.name: e for _, entries in handout.families for e in entries}
    support = "Support a year, paid from fiscal room: the chosen material"
    assert by["Buy Canadian in federal procurement"].fiscal == [
        f"At 10: {support} C$200M.",
        f"At 25: {support} C$500M.",
        f"At 50: {support} C$1.0B.",
    ]
