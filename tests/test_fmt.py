"""The one formatter: the same figure reads the same everywhere, and changes agree with it."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from diplomacy_game import fmt


def test_the_change_is_the_difference_of_the_values_shown():
    rng = random.Random(1)
    for _ in range(5000):
        name = rng.choice(["approval", "unemployment", "gdp_gap", "sector.autos.us_tariff"])
        a = rng.uniform(-5, 80)
        b = a + rng.choice([0.0, rng.uniform(-1.2, 1.2), rng.uniform(-0.06, 0.06)])
        spec = fmt.figure(name)
        shown_a, shown_b = fmt.rounded(a, spec.digits), fmt.rounded(b, spec.digits)
        text = fmt.change(name, a, b)
        if shown_a == shown_b:
            assert text == ""
        else:
            assert abs(float(text) - (shown_b - shown_a)) < 1e-9, (name, a, b, text)


def test_known_cases_from_play():
    # "Approval 50% 50% -1": the change must not show when the figure does not.
    assert fmt.shown("approval", 50.4) == "50%" and fmt.shown("approval", 49.6) == "50%"
    assert fmt.change("approval", 50.4, 49.6) == ""
    # "Autos US tariff 25% 18% -8" while the event said 17.5%.
    assert fmt.shown("sector.autos.us_tariff", 17.5) == "17.5%"
    assert fmt.change("sector.autos.us_tariff", 25.0, 17.5) == "-7.5"
    assert fmt.shown("sector.autos.us_tariff", 25.0) == "25%"
    # "Other manufacturing: US tariff 0% 0% ±0" is no change at all.
    assert fmt.change("sector.other.us_tariff", 0.0, 1e-12) == ""
    assert not fmt.moved("sector.other.us_tariff", 0.0, 1e-12)
    # "Political capital  4 → 3  -1.0" in the full ledger (one place finer), causes "-1"
    assert fmt.shown("capital", 3.0, finer=1) == "3"
    assert fmt.change("capital", 4.0, 3.0, finer=1) == "-1"
    assert fmt.change("capital", 3.0, 5.5, finer=1) == "+2.5"


def test_money_percent_dates_and_counts():
    assert fmt.shown("fiscal_room", 20.0) == "C$20.0B"
    assert fmt.shown("fiscal_room", 0.7) == "C$700M"
    assert fmt.money(-1.25) == "-C$1.3B"
    assert fmt.change("fiscal_room", 20.0, 18.75) == "-C$1.2B"  # 20.0 to 18.8
    # A figure shown to C$100M changes by C$100M steps: "C$16.0B -> C$15.7B -C$300M", not
    # "-C$348M"; an amount without a precision (an action's cost) is exact to the million.
    assert fmt.change("fiscal_room", 16.04, 15.692) == "-C$300M"
    assert fmt.money(0.348) == "C$348M" and fmt.money(0.348, 2) == "C$350M"
    assert fmt.shown("fiscal_room", 16.04, finer=1) == "C$16.04B"
    assert fmt.change("fiscal_room", 16.04, 15.692, finer=1) == "-C$350M"
    assert fmt.shown("approval", 50.34, finer=1) == "50.3%"
    assert fmt.percent(50.0) == "50%" and fmt.percent(2.25, 2) == "2.25%"
    assert fmt.date(dt.date(2025, 10, 7)) == "7 Oct 2025"
    assert fmt.days(1) == "1 day" and fmt.days(0) == "0 days" and fmt.days(14) == "14 days"
    assert fmt.signed(-0.04) == "±0" and fmt.signed(0.06) == "+0.1" and fmt.signed(-2) == "-2.0"
    assert fmt.rounded(2.5, 0) == 3.0 and fmt.rounded(-2.5, 0) == -3.0  # as people round
    assert fmt.shown("talks.progress", 40.2) == "40% of the way"


def test_labels_keep_their_capitals_in_a_sentence():
    assert fmt.in_sentence("The President's patience") == "the President's patience"
    assert fmt.in_sentence("US domestic pressure for relief") == "US domestic pressure for relief"
    assert (
        fmt.in_sentence("The hard-liners' influence (Lutnick, Navarro, Greer)")
        == "the hard-liners' influence (Lutnick, Navarro, Greer)"
    )
    assert (
        fmt.in_sentence("Grievances the White House is nursing")
        == "grievances the White House is nursing"
    )
    assert fmt.in_sentence("Canada's exports") == "Canada's exports"
    # the interest groups' names: proper names keep their capitals, common nouns do not
    assert fmt.in_sentence("Atlantic Canada") == "Atlantic Canada"
    assert fmt.in_sentence("Saskatchewan and Manitoba") == "Saskatchewan and Manitoba"
    assert fmt.in_sentence("Dairy Farmers of Canada") == "Dairy Farmers of Canada"
    assert fmt.in_sentence("Unions (Unifor, United Steelworkers)") == (
        "unions (Unifor, United Steelworkers)"
    )
    assert fmt.in_sentence("Softwood lumber") == "softwood lumber"
    assert fmt.in_sentence("Adds C$200M to fiscal room.") == "adds C$200M to fiscal room."
    assert fmt.in_sentence("CUSMA's future") == "CUSMA's future"


def test_content_names_replace_ids(ruleset):
    assert fmt.params_text(ruleset, "counter_tariff", {"sector": "steel", "level": 50}) in (
        "Steel, 50%",
        "Steel and aluminum, 50%",
    )
    dispute = fmt.params_text(ruleset, "file_dispute", {"forum": "cusma_ch10"})
    assert "cusma_ch10" not in dispute and "CUSMA" in dispute
    assert fmt.hidden_label(ruleset, "us.rapport") == "The President's view of the prime minister"
    assert fmt.band(ruleset, "us.rapport", 10.0) == "hostile"
    assert fmt.band(ruleset, "us.rapport", 71.0) == "warm"
    assert fmt.figure("sector.steel.us_tariff", ruleset).label.startswith("Steel")


def test_contribution_is_one_place_finer_than_the_figure() -> None:
    from diplomacy_game import fmt

    assert fmt.contribution("approval", -0.84) == "-0.8"
    assert fmt.contribution("approval", 1.5) == "+1.5"
    assert fmt.contribution("approval", 0.01) == "±0"
    assert fmt.contribution("fiscal_room", -0.25) == "-C$250M"
    assert fmt.contribution("sector.steel.us_tariff", -7.5) == "-7.5"


def test_a_score_never_reads_as_the_grade_above_it():
    """Grades start at whole scores (C at 55, A at 85): a score is cut, not rounded, so
    54.6 beside its D reads 54, and 84.99 beside its B reads 84."""
    from diplomacy_game.content import load_content

    assert fmt.shown("score", 54.6) == "54/100" and fmt.shown("score", 55.0) == "55/100"
    assert fmt.shown("score", 84.99) == "84/100" and fmt.shown("score", 100.0) == "100/100"
    assert fmt.shown("score", 0.4) == "0/100"
    thresholds = set()
    for ending in load_content().entities["ending"].values():
        for grade in ending.grades:
            if isinstance(grade.condition, str) and "score >=" in grade.condition:
                thresholds.add(float(grade.condition.split("score >=")[1].split()[0]))
    assert thresholds and all(t == int(t) for t in thresholds), thresholds


def test_a_change_that_only_crosses_a_rounding_line_is_shown_finer():
    """-1.36 to -1.34 shows as "-1.4% to -1.3%, +0.1" at the figure's precision, beside a
    cause of +0.02: the row is shown one place finer, so it agrees with its causes."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.text.turns import _change_row

    ruleset = load_ruleset("second-visit")
    assert fmt.change("gdp_gap", -1.36, -1.34, ruleset) == "+0.1"
    assert fmt.finer_for_change("gdp_gap", -1.36, -1.34, ruleset) == 1
    row = _change_row(ruleset, "gdp_gap", -1.36, -1.34, "The economy +0.02")
    assert (row.before, row.after, row.delta) == ("-1.36%", "-1.34%", "+0.02")
    # a change as large as the figure's own step keeps the figure's precision
    assert fmt.finer_for_change("gdp_gap", -1.42, -1.31, ruleset) == 0
    row = _change_row(ruleset, "gdp_gap", -1.42, -1.31, "")
    assert (row.before, row.after, row.delta) == ("-1.4%", "-1.3%", "+0.1")
    assert fmt.finer_for_change("gdp_gap", -1.31, -1.32, ruleset) == 0  # nothing visible moved


def test_a_change_beside_its_causes_is_shown_at_their_precision():
    """Fiscal room C$20.0B to C$19.8B, "-C$200M", beside causes of -C$450M, +C$270M and
    -C$60M: the causes add up to -C$240M, so the row is shown one place finer, as they are."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.text.turns import _change_row

    ruleset = load_ruleset("second-visit")
    assert fmt.finer_for_change("fiscal_room", 20.0, 19.76, ruleset) == 0
    assert fmt.finer_for_change("fiscal_room", 20.0, 19.76, ruleset, causes=True) == 1
    causes = "The economy -C$450M, Counter-tariff revenue +C$270M, Support paid to sectors -C$60M"
    row = _change_row(ruleset, "fiscal_room", 20.0, 19.76, causes)
    assert (row.before, row.after, row.delta) == ("C$20.00B", "C$19.76B", "-C$240M")
    # a change exact at the figure's precision keeps it
    row = _change_row(ruleset, "fiscal_room", 20.0, 19.8, "The economy -C$200M")
    assert (row.before, row.after, row.delta) == ("C$20.0B", "C$19.8B", "-C$200M")


def test_a_change_shown_as_a_difference_of_rounded_values_never_disagrees_with_itself():
    """Approval 51.46 to 49.50 shows as "51% to 50%, -1" for a change of -1.96 (its causes add
    to -2.0): shown finer, one place ("189.65k to 189.65k" with no change was a row; now a
    change that shows none even there is said as about unchanged, "≈0", and one finer
    still, "-1.351% to -1.349%, +0.002", read as noise). A change that moves no value as
    shown is no row at all. Where only the new value is shown, the change is
    the result's ("-2.1" for 50.2 to 48.1, as its row beside its causes "50.2% to 48.1%,
    -2.1"), and finer where the change rounded would disagree with the two values as shown:
    "Approval 49%, -1 since last turn" after 49% (49.4 to 48.5) read as a change nobody could
    see; it is "-0.9"."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.text.turns import _change_row

    ruleset = load_ruleset("second-visit")
    assert fmt.change("approval", 51.46, 49.50, ruleset) == "-1"
    row = _change_row(ruleset, "approval", 51.46, 49.50, "")
    assert (row.before, row.after, row.delta) == ("51.5%", "49.5%", "-2.0")
    # -1.4% to -1.3% on the dashboard: one place finer nothing moved, about unchanged (not
    # "-1.351% to -1.349%, +0.002", finer still)
    row = _change_row(ruleset, "gdp_gap", -1.351, -1.349, "")
    assert (row.before, row.after, row.delta) == ("-1.35%", "-1.35%", fmt.ABOUT_UNCHANGED)
    assert _change_row(ruleset, "gdp_gap", -1.351, -1.352, "") is None  # -1.4% both times
    assert fmt.step("approval", 50.2, 48.1, ruleset) == "-2.1"  # the result's, beside causes
    assert fmt.step("approval", 50.0, 48.0, ruleset) == "-2"
    assert fmt.step("approval", 49.4, 48.5, ruleset) == "-0.9"  # 49% and 49%
    assert fmt.step("approval", 51.46, 49.50, ruleset) == "-2.0"  # 51% and 50%
    assert fmt.step("approval", 51.5, 51.46, ruleset) == fmt.ABOUT_UNCHANGED  # 52% and 51%
    assert fmt.step("approval", 51.2, 51.24, ruleset) == "±0"  # 51% and 51%
    assert fmt.step("inflation", 2.34, 2.36, ruleset) == "+0.02"  # 2.3% and 2.4%
    assert fmt.step("fiscal_room", 13.0, 12.0, ruleset) == "-C$1.0B"
    assert fmt.step("fiscal_room", 13.66, 13.13, ruleset) == "-C$530M"  # C$13.7B and C$13.1B


def test_the_dashboard_change_shown_finer_is_the_one_the_turn_result_shows():
    """Played (The Hawks' Table, seed 9, turn 2): the turn result read "Approval: 47.9% to
    47.5%, -0.4" and, on the same screen, the dashboard "Approval 47%, -0.5 since last turn"
    (47.94 to 47.47); fiscal room "C$3.62B to C$3.07B, -C$550M" beside "-C$560M since last
    turn"; GDP gap "-1.29% to -1.24%, +0.05" beside "+0.04". Shown finer than the figure, the
    dashboard's change is the result's; and money, which reads as exact, is always the
    result's ("+C$100M" beside "+C$110M" was)."""
    from types import SimpleNamespace as Cause

    from diplomacy_game.content import load_ruleset
    from diplomacy_game.text.turns import _change_row

    ruleset = load_ruleset("hawks-table")
    cases = [
        ("approval", 47.940581879696964, 47.47033450611381, "-0.4"),
        ("fiscal_room", 3.6209140876566592, 3.065125018674162, "-C$550M"),
        ("gdp_gap", -1.2850809801998822, -1.2433572236397734, "+0.05"),
        # C$20.0B to C$20.1B: "+C$100M" on the dashboard read as exact beside the result's
        # "C$20.00B to C$20.11B, +C$110M" (The Second Visit, played by hand)
        ("fiscal_room", 20.0, 20.11, "+C$110M"),
    ]
    for name, a, b, expected in cases:
        row = _change_row(ruleset, name, a, b, [(Cause(label="The economy"), b - a)])
        assert row is not None and row.delta == expected, (name, row)
        assert fmt.step(name, a, b, ruleset) == expected, name


def test_one_cause_left_over_is_named_not_called_other():
    from types import SimpleNamespace as Cause

    from diplomacy_game.content import load_ruleset
    from diplomacy_game.text.turns import cause_list

    ruleset = load_ruleset("second-visit")
    causes = [(Cause(label=k), v) for k, v in (("A", -0.9), ("B", 0.5), ("C", -0.4), ("D", -0.27))]
    assert cause_list(ruleset, "fiscal_room", causes)[-1] == ("D", "-C$270M")
    causes.append((Cause(label="E"), -0.1))
    assert cause_list(ruleset, "fiscal_room", causes)[-1] == ("other", "-C$370M")


def test_apportioned_parts_add_up_to_their_total_each_within_a_step():
    """Largest-remainder rounding: the parts shown add up to the total rounded as they are,
    and each is its own value rounded down or up. -0.4724, +0.2731, -0.1151 (-0.3144) were
    shown as -0.47, +0.27, -0.12 (-0.32) beside a change of -0.31."""
    from hypothesis import given
    from hypothesis import strategies as st

    assert fmt.apportion([-0.4724, 0.2731, -0.1151], 2) == [-0.47, 0.27, -0.11]
    assert fmt.contributions("fiscal_room", [-0.4724, 0.2731, -0.1151]) == [
        "-C$470M",
        "+C$270M",
        "-C$110M",
    ]

    @given(
        st.lists(st.floats(-50, 50, allow_nan=False, allow_infinity=False), min_size=1, max_size=8),
        st.integers(0, 3),
        st.booleans(),
    )
    def check(values: list[float], digits: int, up: bool) -> None:
        step = 10.0**-digits
        # the change shown beside causes (a difference of two values rounded to ``digits``)
        # is a whole number of steps less than one step from their sum
        shown = (math.floor(sum(values) / step) + up) * step
        for total in (None, shown):
            parts = fmt.apportion(values, digits, total)
            whole = sum(values) if total is None else total
            assert fmt.rounded(sum(parts), digits) == fmt.rounded(whole, digits)
            for part, value in zip(parts, values, strict=True):
                assert abs(part - value) < step + 1e-9, (part, value, total)
                assert fmt.rounded(part, digits) == part

    check()


def test_causes_are_written_as_the_change_beside_them():
    """A ledger row shown three places finer read "-0.050" beside its one cause "-0.05": the
    causes keep or drop trailing zeros as the row's change does."""
    row = fmt.change("gdp_gap", -1.40, -1.45, finer=2)
    assert row == "-0.050"
    assert fmt.contributions("gdp_gap", [-0.05], finer=2, total=-0.05) == [row]
    assert fmt.contributions("gdp_gap", [-0.07, 0.02], finer=2, total=-0.05) == [
        "-0.070",
        "+0.020",
    ]
    # a sector's rates drop them in both
    assert fmt.change("sector.steel.us_tariff", 25, 50) == "+25"
    assert fmt.contributions("sector.steel.us_tariff", [25.0], finer=0) == ["+25"]


def test_a_change_of_capital_and_its_causes_drop_trailing_zeros_alike():
    row = fmt.change("capital", 4.0, 3.0, finer=1)
    assert row == "-1"
    assert fmt.contributions("capital", [-1.5, 0.5], finer=1, total=-1.0) == ["-1.5", "+0.5"]
    assert fmt.contributions("capital", [-1.0], finer=1, total=-1.0) == [row]


def test_every_figure_writes_its_value_and_its_change_with_the_same_places(ruleset):
    """One rule (``fmt._trims``) for a value, its change and the causes under it: resolve
    read "61 → 62  +1.0" when only capital and a sector's rates dropped zeros in a change."""
    # (money and jobs change in their own terms: "-C$240M", "+1,000" people)
    names = [n for n in ruleset.variables if fmt.figure(n, ruleset).unit not in ("C$B", "thousand")]
    assert "resolve" in names and "group.ontario.pressure" in names
    for name in names:
        spec = fmt.figure(name, ruleset)
        scale = 0.01 if spec.unit == "share" else 1.0
        value = fmt.shown(name, 62 * scale, ruleset, finer=1)
        row = fmt.change(name, 61 * scale, 62 * scale, ruleset, finer=1)
        (cause,) = fmt.contributions(name, [1 * scale], ruleset, finer=1, total=1 * scale)
        kept = "." in value  # "62.0%", "62.0k": the unit keeps its places
        assert ("." in row) == kept and cause == row, (name, value, row, cause)


def test_a_list_with_an_and_in_a_name_keeps_the_names_apart():
    assert fmt.listed(["Ontario"]) == "Ontario"
    assert fmt.listed(["Ontario", "unions"]) == "Ontario and unions"
    assert fmt.listed(["Ontario", "Quebec", "unions"]) == "Ontario, Quebec and unions"
    assert (
        fmt.listed(["Ontario", "Saskatchewan and Manitoba", "unions"])
        == "Ontario, Saskatchewan and Manitoba, and unions"
    )
    assert fmt.listed(["Saskatchewan and Manitoba", "unions"]) == (
        "Saskatchewan and Manitoba, and unions"
    )


def test_the_hidden_values_the_debrief_reveals_are_named_in_a_students_words(ruleset):
    """The report's "what Washington was really thinking" names each hidden value by its
    label: a few plain words (the relief index read "What US prices and hit US industries,
    weighted by their pull in Washington, add to the pressure for relief"; the concessions
    Washington keeps were "banked")."""
    hidden = [n for n, s in ruleset.variables.items() if s.hidden and n.startswith("us.")]
    labels = {n: fmt.hidden_label(ruleset, n) for n in hidden}
    assert all(len(label) <= 70 for label in labels.values()), labels
    assert not [label for label in labels.values() if "banked" in label.lower()]


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        ("Ben.json cannot be loaded: the file was damaged or edited", "… edited."),
        ("It was renamed (set aside, so that the next save does not write over it)", "…it)."),
        ("Nothing was applied.", "…applied."),
        ("Is it yours?", "…yours?"),
        ("a note (see the README.)", "…README.)"),
    ],
)
def test_sentence_end_adds_one_full_stop(text, ended):
    out = fmt.sentence_end(text)
    assert out.endswith(ended.removeprefix("…")) and not out.endswith("..")


def test_cut_cuts_the_number_as_written_never_a_hundredth_below_it():
    """64.99 cut to two places read 64.98: 64.99 * 100 is 6498.999... in binary, and the floor
    of that is 6498. A score shown cut must read as the score written, and still never as the
    whole number above it."""
    assert fmt.cut(64.99, 2) == 64.99
    assert fmt.cut(0.29, 2) == 0.29
    assert fmt.cut(54.96, 1) == 54.9
    assert fmt.cut(84.9999999999999, 0) == 84
    assert fmt.cut(85.0, 0) == 85
    # a numpy float (a score worked out over arrays) is cut as the same number
    import numpy as np

    assert fmt.cut(np.float64(64.99), 2) == 64.99
    for hundredths in range(0, 10001, 7):
        value = hundredths / 100
        assert fmt.cut(value, 2) == value, value
        assert fmt.cut(value, 0) == hundredths // 100, value
