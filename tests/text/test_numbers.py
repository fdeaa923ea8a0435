"""Every number a player reads, as the text module (shared by the terminal UI, plain mode and
headless play) writes it: the change column agrees with the values beside it, the US line
follows what the tariffs did, causes come from the ledger, actions state their costs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diplomacy_game import fmt
from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.text.actions import action_facts, capital_rule, cooling_text
from diplomacy_game.text.turns import (
    MORE_CAUSES,
    biggest_changes,
    cause_list,
    ledger_entries,
    turn_lines,
    washington_line,
)
from diplomacy_game.tui.session import GameSession


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory):
    """A game of twelve turns with a few actions, each turn's (before, after, report)."""
    folder: Path = tmp_path_factory.mktemp("saves")
    s = GameSession.new("second-visit", 42, SaveLibrary(folder))
    turns = []
    plan = ["second_tranche", "sector_support", "call_president", "worker_support"]
    while not s.over and len(turns) < 12:
        for action_id in plan:
            if action_id not in s.plan:
                s.choose(action_id, {})
        for event in s.unanswered():
            s.answers[event["id"]] = next(o["id"] for o in event["options"] if o["available"])
        before = s.state
        outcome = s.resolve()
        s.commit(outcome)
        turns.append((before, s.state, outcome.report))
    return s, turns


def test_the_change_column_is_the_difference_of_the_values_shown(played) -> None:
    s, turns = played
    for before, after, report in turns:
        for row in biggest_changes(s.ruleset, before, after, report):
            assert row.before != row.after, row  # "50% 50% -1" never
            if row.before.endswith("%") and row.after.endswith("%"):
                a, b = float(row.before[:-1]), float(row.after[:-1])
                assert float(row.delta) == pytest.approx(b - a, abs=1e-9), row


def test_the_us_line_says_what_the_tariffs_did(played) -> None:
    s, turns = played
    for before, after, report in turns:
        line = washington_line(s.ruleset, report)
        moved = [
            sector.name
            for sector in s.ruleset.sectors
            if fmt.moved(
                f"sector.{sector.id}.us_tariff",
                before.values[f"sector.{sector.id}.us_tariff"],
                after.values[f"sector.{sector.id}.us_tariff"],
            )
            or fmt.moved(f"sector.{sector.id}.ieepa_rate", *in_force(sector.id, before, after))
        ]
        assert "stay where they are" not in line
        if moved:
            assert "US tariffs moved" in line
            assert all(name in line for name in moved)
        else:
            assert "did not change" in line
        # Washington's own news of the turn is named, by its title
        for event in report.events:
            if event["category"] == "us":
                assert fmt.quoted(event["title"]) in line


def in_force(sector: str, *states) -> list[float]:
    """The IEEPA layer on a sector's goods not claiming CUSMA, as in force in
    each state: the rate ordered times the share the courts leave standing."""
    return [st.values[f"sector.{sector}.ieepa_rate"] * st.values["us.ieepa_scale"] for st in states]


@pytest.mark.parametrize(
    ("seed", "event", "said"),
    [
        # "The extra 10% becomes an order": 35% to 45% on goods not claiming CUSMA
        (9, "plus_ten_order", "the tariff on goods not claiming CUSMA up from 35% to 45% for"),
        # the Supreme Court strikes the IEEPA tariffs down: the rates ordered stay, none is paid
        (4, "ieepa_struck_down", "the tariff on goods not claiming CUSMA down from 35% to 0% for"),
        # ... and a 10% Section 122 surcharge takes its place within the turn (energy exempt)
        (
            1,
            "section_122_surcharge",
            "the tariff on goods not claiming CUSMA down from 35% to 10% for Agri-food and "
            "seafood, Dairy, and Other manufacturing, and down from 10% to 0% for Energy",
        ),
    ],
)
def test_the_us_line_counts_the_emergency_tariff_among_the_tariffs(seed, event, said) -> None:
    """It said "The US tariffs did not change this turn" beside a new order raising the
    emergency tariff, and beside the ruling that ended it."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.sim.policies import get_policy

    ruleset = load_ruleset("second-visit")
    before = new_game(ruleset, seed)
    for after, report in play_game(ruleset, before, policy=get_policy("steady")):
        if any(e["id"] == event for e in report.events):
            break
        before = after
    else:
        pytest.fail(f"{event} did not fire in game {seed}: choose another seed")
    line = washington_line(ruleset, report)
    assert said in line and "did not change" not in line, line
    rows = [
        c
        for c in biggest_changes(ruleset, before, after, report)
        if "not claiming CUSMA" in c.label
    ]
    assert rows and all(c.causes and c.rank == 0 for c in rows)
    for row in rows:  # the causes' shares add up to the row's own change, in points of tariff
        shares = re.findall(r" ([+-][\d.]+)(?:,|$)", row.causes)
        assert sum(float(x) for x in shares) == pytest.approx(float(row.delta)), row
    if event == "section_122_surcharge":  # the ruling took the layer, the surcharge put some back
        assert all(
            "IEEPA tariffs struck down -" in row.causes
            and "A Section 122 surcharge +" in row.causes
            for row in rows
            if row.after == "10%"
        )


def test_causes_are_the_main_ones_then_other(played) -> None:
    s, turns = played
    for _, _, report in turns:
        for name, change in report.changes.items():
            causes = cause_list(s.ruleset, name, change.causes)
            assert len(causes) <= 3 + MORE_CAUSES + 1
            assert all(label != "other" for label, _ in causes[:-1])
            assert all(share != "±0" for _, share in causes)
            if len(causes) > 1 and causes[-1][0] == "other" and len(causes) < 4 + MORE_CAUSES:
                least = min(abs(_amount(share)) for _, share in causes[:-1])
                assert abs(_amount(causes[-1][1])) <= least + 1e-9, (name, causes)


def test_other_is_no_larger_than_a_cause_named_beside_it() -> None:
    """ "Main causes: ... -1.0, ... +1.0, ... -1.0, other +2.5": the three largest causes
    named, and five of +0.5 summed into an "other" larger than any of them. The next largest
    are named too, a few at most."""
    from types import SimpleNamespace

    from diplomacy_game.content import load_ruleset

    def cause(label: str, delta: float) -> tuple[SimpleNamespace, float]:
        return SimpleNamespace(label=label), delta

    ruleset = load_ruleset("second-visit")
    small = [cause(f"small {k}", 0.5) for k in range(5)]
    causes = [cause("A", -1.0), cause("B", 1.0), cause("C", -1.0), *small]
    listed = cause_list(ruleset, "approval", causes)
    assert listed[:3] == [("A", "-1.0"), ("B", "+1.0"), ("C", "-1.0")]
    assert listed[3:] == [
        ("small 0", "+0.5"),
        ("small 1", "+0.5"),
        ("small 2", "+0.5"),
        ("other", "+1.0"),
    ]
    few = [cause("A", -2.0), cause("B", 1.0), cause("C", -0.6), cause("D", 0.1), cause("E", 0.1)]
    assert cause_list(ruleset, "approval", few)[3:] == [("other", "+0.2")]


def test_the_ledger_leaves_out_what_only_the_advisors_see(played) -> None:
    s, turns = played
    for _, _, report in turns:
        labels = [entry.label for entry in ledger_entries(s.ruleset, report)]
        assert "The talks" not in labels
        for entry in ledger_entries(s.ruleset, report):
            before = entry.before.replace(",", "")
            whole = before.split(".")[0]  # a row shown finer: 7.124%
            # no raw model number: money and a sector's jobs (in thousands) are the large ones
            assert not re.search(r"\d{3,}", whole) or "C$" in before or before.endswith("k")


def _amount(text: str) -> float:
    """A shown change or share back to a number: "+0.5", "-C$348M", "+C$1.25B", "±0", "≈0"
    (about unchanged: none at the places shown)."""
    if text in ("±0", fmt.ABOUT_UNCHANGED):
        return 0.0
    sign = -1.0 if text.startswith("-") else 1.0
    body = text.lstrip("+-").replace("C$", "").replace(",", "")
    if body.endswith("M"):
        return sign * float(body[:-1]) / 1000
    return sign * float(body.rstrip("B"))


def test_the_ledger_shares_add_up_to_the_change_as_shown(played) -> None:
    """What the player reads adds up: the shares printed under a figure sum to its printed
    change, give or take half a last digit per number."""
    s, turns = played
    checked = 0
    for _, _, report in turns:
        for entry in ledger_entries(s.ruleset, report):
            if not entry.causes:
                continue
            name = next(n for n in report.changes if fmt.figure(n, s.ruleset).label == entry.label)
            spec = fmt.figure(name, s.ruleset)
            # jobs (in thousands) change in people: "-40", not "-0.04"
            step = 10.0 ** -(spec.digits + 1) * (1000 if spec.unit == "thousand" else 1)
            total = sum(_amount(share) for _, share in entry.causes)
            slack = (len(entry.causes) + 1) * step / 2 + 1e-9
            assert abs(total - _amount(entry.delta)) <= slack, (
                entry.label,
                entry.delta,
                entry.causes,
            )
            checked += 1
    assert checked > 10


def test_a_single_cause_in_the_ledger_reads_as_the_change(tmp_path: Path) -> None:
    """ "Approval  48.6% → 47.6%  -1.0" with "-1  Domestic politics" under it (seed 8, turn
    7): one cause is the whole change and now reads exactly as it does, as in the turn
    result."""
    s = GameSession.new("second-visit", 8, SaveLibrary(tmp_path))
    single = []
    while not s.over and s.state.turn < 8:
        for event in s.unanswered():
            s.answers[event["id"]] = next(o["id"] for o in event["options"] if o["available"])
        outcome = s.resolve()
        s.commit(outcome)
        single += [e for e in ledger_entries(s.ruleset, outcome.report) if len(e.causes) == 1]
    assert any(e.delta == "-1.0" for e in single)  # the case from play
    for entry in single:
        assert entry.causes[0][1] == entry.delta, (entry.label, entry.delta, entry.causes)


def test_actions_state_money_capital_and_rest(played) -> None:
    s, turns = played
    facts = action_facts(s.ruleset, s.state, "sector_support", {"sector": "steel"})
    assert any("C$2.0B" in f and "Steel" in f and "13 turns" in f for f in facts)
    assert any("rests 2 turns" in f for f in facts)
    facts = action_facts(s.ruleset, s.state, "border_security", {})
    assert any("Costs C$600M of fiscal room" in f for f in facts)
    assert cooling_text(s.state, 2) == f"back in 2 turns (turn {s.state.turn + 3})"
    assert cooling_text(s.state, 0) == ""


def test_an_actions_hint_names_the_groups_its_details_say_ease_at_once(played) -> None:
    """A steel package's details said pressure "eases from British Columbia and Quebec"
    while its hint promised only "the affected province calmer": the hint names them."""
    s, _ = played
    hint = s.ruleset.actions["sector_support"].spec.hint
    for sector in ("steel", "lumber", "agrifood"):
        facts = action_facts(s.ruleset, s.state, "sector_support", {"sector": sector})
        home = next(f for f in facts if f.startswith("Eases the pressure from "))
        eases = home.removeprefix("Eases the pressure from ").split(".")[0]
        for group in eases.replace(" and ", ", ").split(", "):
            assert group in hint, (sector, group, hint)


def test_capital_rule_reads_the_scenario(played) -> None:
    s, _ = played
    text = capital_rule(s.ruleset, s.state)
    assert "2 below 45% approval, 3 from 45%, 4 from 55%" in text
    assert "more than 6" in text


def test_approval_beside_the_capital_rule_is_on_the_right_side_of_its_steps(played) -> None:
    """44.8% shows as "45%", beside a rule of "3 from 45%" and a refill of 2: where the rule
    is told, and in the refill's cause, the approval is given to a tenth."""
    import dataclasses

    s, turns = played
    state = dataclasses.replace(s.state, values={**s.state.values, "approval": 44.8})
    assert "At 44.8% approval the refill is 2." in capital_rule(s.ruleset, state)
    from diplomacy_game.text.actions import approval_near_step

    assert approval_near_step(s.ruleset, state) == "44.8%"  # the header says it too
    state = dataclasses.replace(s.state, values={**s.state.values, "approval": 47.8})
    assert "At 48% approval the refill is 3." in capital_rule(s.ruleset, state)
    assert approval_near_step(s.ruleset, state) == ""
    _, after, report = turns[0]
    labels = [cause.label for cause, _ in report.changes["capital"].causes]
    assert f"Political capital refills at {after.values['approval']:.1f}% approval" in labels


def test_capital_the_cap_would_waste_is_said_before_the_turn_ends():
    """Unspent capital plus the refill beyond the most a player can hold is lost: the player
    is told how much before ending the turn, and nothing when it all fits."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.text.actions import capital_overflow, capital_refill

    ruleset = load_ruleset("review-sprint")
    state = new_game(ruleset, 3)
    most, refill = ruleset.scenario.capital.max, capital_refill(ruleset, state)
    assert refill > 0 and most > refill
    fits = most - refill
    assert capital_overflow(ruleset, state, fits) == ""
    text = capital_overflow(ruleset, state, fits + 1)
    assert text.startswith(f"Of the +{fmt.capital(refill)} at the end of the turn, 1 would be")
    assert f"({fmt.capital(most)})" in text
    assert f"turn, {fmt.capital(refill)} would be" in capital_overflow(ruleset, state, most)


def test_the_last_turn_says_no_refill_follows():
    """No refill comes after the last turn: the cap wastes nothing then, and unspent capital
    is said to go unused (plain mode's turn menu and the end-turn box say it)."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.text.actions import capital_overflow, last_turn_capital

    ruleset = load_ruleset("review-sprint")
    state = new_game(ruleset, 3)
    assert last_turn_capital(state, 2) == ""
    state.turn = state.last_turn - 1
    most = ruleset.scenario.capital.max
    assert capital_overflow(ruleset, state, most) == ""
    assert last_turn_capital(state, 2) == (
        "This is the last turn: the 2 political capital not spent now goes unused."
    )
    assert "no refill" in last_turn_capital(state, 0)


def test_the_sectors_say_what_goods_not_claiming_cusma_pay() -> None:
    """The sectors' "US tariff" column is the Section 232 tariffs: 0% on other manufacturing,
    whose goods not claiming CUSMA paid 35% (IEEPA) in October 2025 and 10% (the Section 122
    surcharge, energy exempt) in March 2026. A note under the table says so."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.text.figures import ieepa_note

    visit = load_ruleset("second-visit")
    assert ieepa_note(visit, new_game(visit, 1)) == (
        "Goods that do not claim CUSMA also pay a US tariff: 35% on Agri-food and seafood, "
        "Dairy, and Other manufacturing; 10% on Energy. Most trade claims CUSMA and does not "
        "pay it."
    )
    sprint = load_ruleset("review-sprint")
    state = new_game(sprint, 1)
    assert "a US tariff: 10% on Agri-food and seafood, Dairy, and Other manufacturing." in (
        ieepa_note(sprint, state)
    )
    state.values["us.ieepa_scale"] = 0.0  # struck down, nothing in its place
    assert ieepa_note(sprint, state) == ""


def test_the_us_line_says_when_fewer_goods_are_spared_under_cusma() -> None:
    """ "The CUSMA exemption is narrowed" moves no tariff rate: it moves the share of exports
    that claim CUSMA, and with it what the tariff on goods not claiming CUSMA hits."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.sim.policies import get_policy

    ruleset = load_ruleset("hawks-table")
    narrowed = 0
    for _, report in play_game(ruleset, new_game(ruleset, 3), policy=get_policy("hardline")):
        moved = [
            n
            for n, c in report.changes.items()
            if n.endswith(".cusma_share") and fmt.moved(n, c.start, c.end, ruleset)
        ]
        line = washington_line(ruleset, report)
        assert ("the share of exports claiming CUSMA" in line) == bool(moved), line
        narrowed += bool(moved)
    assert narrowed  # the hard line meets it in this game
    name = "sector.manufacturing.cusma_share"
    assert fmt.shown(name, 0.9) == "90%" and fmt.change(name, 0.9, 0.87) == "-3"
    assert fmt.contribution(name, -0.2) == "-20"


def test_talks_broken_off_are_read_as_broken_off(played) -> None:
    """While Washington has broken off the talks their progress is kept (they resume where
    they stopped), but no advisor reads them as "moving", and the ending's true value is not
    "moving" beside "there is not even a table to go back to"."""
    import dataclasses

    from diplomacy_game import fmt
    from diplomacy_game.text.figures import reading_views, talks_estimate

    s, _ = played
    off = dataclasses.replace(s.state, values={**s.state.values, "talks.stalled": 1.0})
    talks = next(v for v in reading_views(s.ruleset, off) if v.variable == "talks.progress")
    assert {word for _, word, _ in talks.views} == {"broken off"}
    assert talks_estimate(off)[0] == "broken off"
    assert fmt.hidden_words(s.ruleset, "talks.progress", 50.0, off.values) == "broken off"
    on = dataclasses.replace(s.state, values={**s.state.values, "talks.stalled": 0.0})
    assert "broken off" not in {w for v in reading_views(s.ruleset, on) for _, w, _ in v.views}


def test_the_us_line_tells_washington_s_news_in_the_order_the_turn_made_it() -> None:
    """The Reagan advertisement ends the talks on 23 October 2025; the rules draw the
    President's posture after the turn's news, so what he then did (his posture's own event)
    comes after the termination in the line, and so does his posture when it made no news."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.sim.policies import get_policy

    ruleset = load_ruleset("second-visit")
    for _, report in play_game(ruleset, new_game(ruleset, 3), policy=get_policy("steady")):
        ids = [e["id"] for e in report.events]
        if "reagan_ad_crisis" in ids:
            break
    name = ruleset.postures[report.posture].spec.name
    own = [e for e in report.events if e["posture"] == report.posture]
    assert own and ids.index("reagan_ad_crisis") < report.news <= ids.index(own[0]["id"])
    line = washington_line(ruleset, report)
    assert line.startswith("“All negotiations are terminated”"), line
    assert line.index("terminated") < line.index(f"Then the President {name}: “"), line
    # with no news of its own, the posture still follows the news it was drawn after
    quiet = [e for e in report.events if e["posture"] != report.posture]
    line = fmt.posture_line(ruleset, report.posture, report.changes, quiet, report.news)
    assert line.startswith("“All negotiations are terminated”"), line
    claim = ruleset.postures[report.posture].spec.description.strip()
    assert f"Then the President {name}. {claim}" in line, line
    # and with no news before it, it opens the fortnight, saying what it was beside the news
    # ("offers a deal" alone, before a phone call, read as an offer that never came)
    hold = ruleset.postures["hold"].spec.description.strip()
    line = fmt.posture_line(ruleset, "hold", report.changes, quiet, 0)
    assert line.startswith(f"The President holds. {hold} Then in Washington: “All negot"), line
    deal = ruleset.postures["deal"].spec.description.strip()
    assert "without a new offer" in deal
    line = fmt.posture_line(ruleset, "deal", report.changes, quiet, 0)
    assert line.startswith(f"The President offers a deal. {deal} Then in Washington: "), line


def test_a_tariff_move_made_by_news_outside_washington_s_says_which() -> None:
    """The Supreme Court's IEEPA ruling (20 February 2026) ends the tariff on goods not claiming
    CUSMA; the US line, listing only Washington's news and then "the President rewards: Warm
    words", read as if his warm words had cut the tariff. The move now names the ruling; a move
    made by news the line names (a Section 232 order) is not told twice."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.sim.policies import get_policy

    ruleset = load_ruleset("second-visit")
    seen = {"ruling": 0, "washington": 0}
    for seed in (23, 3, 7):
        for _, report in play_game(ruleset, new_game(ruleset, seed), policy=get_policy("steady")):
            line = washington_line(ruleset, report)
            ids = [e["id"] for e in report.events]
            if "ieepa_struck_down" in ids:
                seen["ruling"] += 1
                assert "after “IEEPA tariffs struck down”, the tariff on goods not claiming" in line
            if "lumber_232" in ids:
                seen["washington"] += 1
                assert "US tariffs moved: Softwood lumber up" in line, line
            assert line.count("after “") <= 1, line
    assert seen["ruling"] >= 2 and seen["washington"] >= 2, seen


def test_a_sector_s_jobs_have_their_causes_in_the_result_and_the_ledger(played) -> None:
    """A row "Softwood lumber: jobs 51.87k to 51.85k" had no cause, and the full ledger,
    which promises every figure, left the sectors' jobs out."""
    s, turns = played
    rows = [
        row
        for before, after, report in turns
        for row in biggest_changes(s.ruleset, before, after, report)
        if row.label.endswith(": jobs")
    ]
    assert rows and all(row.causes for row in rows), rows
    # the one cause is the whole change, and reads as the row's change does
    assert all(row.causes == f"The economy {row.delta}" for row in rows), rows
    entries = [e for _, _, report in turns for e in ledger_entries(s.ruleset, report)]
    assert any(e.label.endswith(": jobs") and e.causes for e in entries)


def test_support_in_place_is_shown_beside_the_sectors(tmp_path: Path) -> None:
    """The fiscal room fell by "Support paid to sectors" from the first turn of a game in
    which no support had been chosen: the Second Visit opens with support to autos and steel
    in place, which the sectors' table now states."""
    from diplomacy_game.text.figures import support_note

    s = GameSession.new("second-visit", 42, SaveLibrary(tmp_path))
    note = support_note(s.ruleset, s.state)
    assert "Autos and parts C$1.0B" in note and "Steel C$500M" in note, note
    s.state.values = {
        **s.state.values,
        **{f"sector.{x.id}.support": 0.0 for x in s.ruleset.sectors},
    }
    assert support_note(s.ruleset, s.state) == ""


def test_an_action_states_its_cost_in_approval_before_it_is_taken(tmp_path: Path) -> None:
    """Gains in approval were listed before the choice and costs were not: praising the
    President cost 1.9 points of approval (its tag's reaction, at today's resolve) with nothing
    said beforehand. The fact now gives the figure the turn's ledger then shows."""
    s = GameSession.new("second-visit", 23, SaveLibrary(tmp_path))
    facts = action_facts(s.ruleset, s.state, "flatter_president", {})
    said = [f for f in facts if f.startswith("Approval ") and f.endswith(" at once.")]
    assert said, facts
    assert s.choose("flatter_president", {}) == ""
    report = s.resolve().report
    taken = [d for c, d in report.changes["approval"].causes if c.id == "flatter_president"]
    assert said[0] == f"Approval {fmt.contribution('approval', sum(taken), s.ruleset)} at once."
    facts = action_facts(s.ruleset, s.state, "drop_counter_tariffs", {})
    assert "Raises the pressure from Ontario and unions." in " ".join(facts), facts


def test_an_action_names_the_groups_its_own_effects_move(tmp_path: Path) -> None:
    """The pipeline deal raises British Columbia's pressure by 6 (its tag eases it by 1), and
    the box said "Pressure at home eases from Alberta and British Columbia": only the tags
    were read. Convening the premiers eased six provinces and said nothing. The groups an
    action names are now the ones its effects and its tags together move, each way."""
    s = GameSession.new("second-visit", 42, SaveLibrary(tmp_path))
    facts = " ".join(action_facts(s.ruleset, s.state, "pipeline_mou", {}))
    assert "Raises the pressure from British Columbia and eases it from Alberta." in facts, facts
    facts = " ".join(action_facts(s.ruleset, s.state, "first_ministers_meeting", {}))
    assert "Eases the pressure from Alberta, Atlantic Canada, British Columbia" in facts
    facts = " ".join(action_facts(s.ruleset, s.state, "china_canola_deal", {}))
    assert "Raises the pressure from Ontario and unions and eases it from" in facts, facts


def test_the_end_turn_box_says_when_the_refill_is_at_risk(tmp_path: Path) -> None:
    """The box said "+3 at the end of the turn at today's approval" at 46%; the turn's own
    moves took approval under 45% and the refill was +2. It now says what lies below."""
    from diplomacy_game.text.actions import capital_refill, refill_at_risk

    s = GameSession.new("second-visit", 42, SaveLibrary(tmp_path))
    s.state.values = {**s.state.values, "approval": 46.3}
    assert capital_refill(s.ruleset, s.state) == 3
    assert refill_at_risk(s.ruleset, s.state) == "+2 if approval ends the turn below 45%"
    s.state.values = {**s.state.values, "approval": 50.0}
    assert refill_at_risk(s.ruleset, s.state) == ""
    s.state.values = {**s.state.values, "approval": 56.0}
    assert refill_at_risk(s.ruleset, s.state) == "+3 if approval ends the turn below 55%"


def _cause_sum(entry_causes: list[tuple[str, str]]) -> float:
    return sum(_amount(share) for _, share in entry_causes)


def test_a_ledger_row_that_shows_a_change_shows_its_causes(played) -> None:
    """ "Aluminum: jobs: 7.71k to 7.70k, -10. Causes: none.": a move of a few people across a
    rounding step. A row whose change shows has causes that show; the row is shown finer
    where it must be (as the turn result does), and a change that rounds away is not listed."""
    s, turns = played
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.sim.policies import get_policy

    sprint = load_ruleset("review-sprint")
    reports = [(s.ruleset, r) for _, _, r in turns]
    reports += [
        (sprint, r) for _, r in play_game(sprint, new_game(sprint, 7), policy=get_policy("passive"))
    ]
    checked = 0
    for ruleset, report in reports:
        for entry in ledger_entries(ruleset, report):
            assert entry.delta in ("±0", fmt.ABOUT_UNCHANGED) or entry.causes, entry
            checked += 1
    assert checked > 50
    report = reports[len(turns)][1]  # the Review Sprint's first turn, seed 7
    aluminum = [e for e in ledger_entries(sprint, report) if e.label == "Aluminum: jobs"]
    assert all(e.causes for e in aluminum), aluminum


def test_plain_mode_never_lists_a_change_without_its_causes(tmp_path: Path) -> None:
    import io

    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    config = LaunchConfig(mode="new", scenario="review-sprint", seed=7, saves_dir=tmp_path)
    out = io.StringIO()
    assert run_plain(config, io.StringIO("7\n\n10\n9\n"), out) == 0
    text = out.getvalue()
    assert "cause by cause" in text and "Political capital: 4 to 6" in text
    assert "Causes: none" not in text, text


def test_the_causes_shown_add_up_to_the_change_shown(played) -> None:
    """ "Fiscal room: C$16.00B to C$15.69B, -C$310M" beside causes of -C$470M, +C$270M and
    -C$120M (-C$320M): each cause rounded on its own. The shares are now apportioned (largest
    remainder) so that they add up to the change shown, in the result and in the ledger."""
    s, turns = played
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.sim.policies import get_policy

    games = [(s.ruleset, [(b, a, r) for b, a, r in turns])]
    for scenario, seed, policy in (
        ("review-sprint", 7, "passive"),
        ("review-sprint", 3, "steady"),
        ("second-visit", 11, "hardline"),
        ("hawks-table", 5, "random"),
    ):
        ruleset = load_ruleset(scenario)
        before, rows = new_game(ruleset, seed), []
        for after, report in play_game(ruleset, before, policy=get_policy(policy)):
            rows.append((before, after, report))
            before = after
        games.append((ruleset, rows))
    checked = 0
    for ruleset, rows in games:
        for before, after, report in rows:
            for row in biggest_changes(ruleset, before, after, report):
                if not row.causes:
                    continue
                shares = re.findall(r" ([+-](?:C\$)?[\d.,]+[MBk]?|±0)(?:,|$)", row.causes)
                total = sum(_amount(x) for x in shares)
                assert total == pytest.approx(_amount(row.delta), abs=1e-9), row
                checked += 1
            for entry in ledger_entries(ruleset, report):
                if entry.causes:
                    total = _cause_sum(entry.causes)
                    assert total == pytest.approx(_amount(entry.delta), abs=1e-9), entry
                    checked += 1
    assert checked > 200


def test_a_sector_s_us_tariff_row_says_what_goods_not_claiming_cusma_pay_on_top() -> None:
    """ "The deadline: tariffs go up" said manufactured goods that do not qualify "now pay
    15%" beside a row "Other manufacturing: US tariff 0% → 5%": the row is the sector's own
    tariff, which the model levies on all its goods, and the 10% Section 122 surcharge is
    paid on top by the goods not claiming CUSMA. The row now says so."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.sim.policies import get_policy

    ruleset = load_ruleset("review-sprint")
    before = new_game(ruleset, 3)
    for after, report in play_game(ruleset, before, policy=get_policy("steady")):
        news = [e for e in report.events if e["id"] == "tariff_hike_deadline"]
        if news:
            break
        before = after
    else:
        pytest.fail("the deadline did not pass in this game: choose another seed")
    rows = {row.label: row for row in biggest_changes(ruleset, before, after, report)}
    label = "Other manufacturing: US tariff (goods not claiming CUSMA pay 10% on top)"
    assert label in rows, list(rows)
    row = rows[label]
    assert (row.before, row.after) == ("0%", "5%")
    # 5% on all its goods, CUSMA or not, and 10% on top for those that do not claim it
    assert "now pay 5% even when they claim CUSMA, and 15% when they do not" in news[0]["text"]
    # and so does the US line of the turn, in every front end's words (briefing, turn lines)
    moved = "Other manufacturing up from 0% to 5% (goods not claiming CUSMA pay 10% on top)"
    assert moved in washington_line(ruleset, report, after.values)
    assert any(moved in line for line in turn_lines(ruleset, after, report))
    assert "5% (goods" not in washington_line(ruleset, report)  # the values unknown: no claim
    # a sector whose goods pay no tariff on top keeps the plain label
    steel = dict(after.values, **{"sector.steel.us_tariff": 60.0})
    after.values = steel
    labels = [row.label for row in biggest_changes(ruleset, before, after, report)]
    assert "Steel: US tariff" in labels, labels


def test_the_review_on_the_last_day_is_told_after_the_fortnight_before_it(tmp_path: Path) -> None:
    """The last turn (23 June to 1 July 2026) told "The CUSMA joint review" first and then
    Commerce floating a deal outline, as if it came after the review: the rules fire dated
    news first, and the briefing now tells the news of the turn's last day last."""
    from diplomacy_game.text.turns import briefing

    s = GameSession.new("review-sprint", 90398, SaveLibrary(tmp_path))
    while not s.over:
        for event in s.unanswered():
            s.answers[event["id"]] = next(o["id"] for o in event["options"] if o["available"])
        outcome = s.resolve()
        s.commit(outcome)
    fired = [e["title"] for e in outcome.report.events]
    told = [p.title for p in briefing(s.ruleset, s.state, outcome.report) if p.kind == "event"]
    assert "The CUSMA joint review" in fired and len(fired) > 1
    assert fired[0] == "The CUSMA joint review"  # the rules' order: dated news first
    assert told[-1] == "The CUSMA joint review" and sorted(told) == sorted(fired)


def test_a_concessions_cost_in_approval_follows_what_the_turn_does_before_it(
    tmp_path: Path,
) -> None:
    """Buy-Canadian procurement (resolve +2) then the F-35 order: the F-35's details said
    "Approval -2.3 at once", worked out at the start of the turn's resolve, and the turn's
    ledger then showed -2.4. The details now work it out after the answers and the actions
    planned before it, as the turn does; an action planned after it changes nothing."""
    s = GameSession.new("hawks-table", 7, SaveLibrary(tmp_path))

    def said(action_id: str) -> str:
        facts = s.action_facts(action_id, {})
        return next(f for f in facts if f.startswith("Approval ") and f.endswith(" at once."))

    alone = said("confirm_f35")
    assert s.choose("buy_canadian_procurement", {}) == ""
    assert s.choose("confirm_f35", {}) == ""
    after_procurement = said("confirm_f35")
    assert after_procurement != alone, alone
    report = s.resolve().report
    taken = [d for c, d in report.changes["approval"].causes if c.id == "confirm_f35"]
    assert after_procurement == (
        f"Approval {fmt.contribution('approval', sum(taken), s.ruleset)} at once."
    )
    # planned first, the F-35 is worked out before the procurement moves resolve
    s2 = GameSession.new("hawks-table", 7, SaveLibrary(tmp_path / "b"))
    assert s2.choose("confirm_f35", {}) == ""
    assert s2.choose("buy_canadian_procurement", {}) == ""
    first = next(f for f in s2.action_facts("confirm_f35", {}) if f.endswith(" at once."))
    assert first == alone


def test_an_answer_that_moves_a_tariff_says_from_what_to_what(tmp_path: Path) -> None:
    """Taking Commerce's outline on the metals cuts their US tariffs by 15 points: the answer
    said only "Changes the US tariff on steel." It now says from what to what, today."""
    from diplomacy_game.text.actions import option_facts

    s = GameSession.new("hawks-table", 3, SaveLibrary(tmp_path))
    facts = option_facts(s.ruleset, s.state, "deal_steel_offer", "take_it")
    assert "Lowers the US tariff on steel from 50% to 35%." in facts, facts
    assert "Lowers the US tariff on aluminum from 50% to 35%." in facts, facts
    assert not [f for f in facts if f.startswith("Changes the")], facts


def test_dropping_the_counter_tariffs_names_only_those_in_force(tmp_path: Path) -> None:
    """ "Drop all remaining counter-tariffs" said "Sets the counter-tariff on agri-food and
    seafood to 0%" (and on other manufacturing) where none was in force: it read as if Canada
    still taxed US food. It names only the counter-tariffs it lowers; a setting chosen that
    moves nothing says so."""
    s = GameSession.new("second-visit", 5, SaveLibrary(tmp_path))
    values = s.state.values
    assert values["sector.agrifood.counter_tariff"] == 0 < values["sector.steel.counter_tariff"]
    facts = s.action_facts("drop_counter_tariffs", {})
    assert "Sets the counter-tariff on steel to 0%." in facts, facts
    assert not [f for f in facts if "agri-food" in f or "other manufacturing" in f], facts
    at = fmt.shown("sector.steel.counter_tariff", values["sector.steel.counter_tariff"])
    level = float(values["sector.steel.counter_tariff"])
    facts = s.action_facts("counter_tariff", {"sector": "steel", "level": level})
    assert f"Leaves the counter-tariff on steel at {at}, where it is now." in facts, facts


def test_a_cost_beyond_the_fiscal_room_says_where_the_room_goes(tmp_path: Path) -> None:
    """With C$3.7B of fiscal room left, "Accelerate defence spending" said only "Costs C$5.0B
    of fiscal room." and the room went to -C$2.3B unannounced. A cost beyond the room left
    (after the actions planned before it) says so."""
    s = GameSession.new("second-visit", 5, SaveLibrary(tmp_path))
    s.state.values = {**s.state.values, "fiscal_room": 3.7}
    facts = s.action_facts("defence_spending", {})
    assert (
        "Costs C$5.0B of fiscal room, more than the C$3.7B left: the room goes below zero, "
        "to -C$1.3B." in facts
    ), facts
    s.state.values = {**s.state.values, "fiscal_room": 5.4}
    assert "Costs C$5.0B of fiscal room." in s.action_facts("defence_spending", {})
    assert s.choose("border_security", {}) == ""  # C$600M first: C$4.8B left
    facts = s.action_facts("defence_spending", {})
    assert any("more than the C$4.8B left" in f for f in facts), facts


def test_a_turn_read_back_from_a_save_says_what_a_posture_was_without_news_of_its_own() -> None:
    """A game loaded from its save tells the last turn from its history: "The President offers
    a deal." was said whether or not the turn brought his offer; without one, what the posture
    was follows, as in the turn's own US line."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.text.turns import posture_words

    ruleset = load_ruleset("second-visit")
    deal = ruleset.postures["deal"].spec.description.strip()
    offer = next(i for i, e in ruleset.events.items() if e.spec.posture == "deal")
    other = next(i for i, e in ruleset.events.items() if e.spec.posture is None)
    assert posture_words(ruleset, "deal", [other]) == f"The President offers a deal. {deal}"
    assert posture_words(ruleset, "deal", [other, offer]) == "The President offers a deal."
    assert posture_words(ruleset, "nobody") == "Washington's intentions are unclear."
