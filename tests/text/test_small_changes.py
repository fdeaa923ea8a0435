"""A change too small to matter to a player is said as about unchanged ("≈0"), alike on the
dashboard, in the turn result and in the ledger: "Inflation 2.154% to 2.150%, -0.004" read
as noise. No change is shown more than one place finer than its figure is on the dashboard
(``fmt.FINEST``); one that shows nothing there, while the figure's rounded value moved (2.2%
the turn before, 2.1% now), is "≈0", never hidden and never "±0"."""

from __future__ import annotations

import re
from types import SimpleNamespace as Cause

import pytest

from diplomacy_game import fmt
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_game
from diplomacy_game.sim.policies import get_policy
from diplomacy_game.text.turns import SHOWN_FIGURES, _change_row, biggest_changes, ledger_entries


def test_a_change_of_inflation_across_a_rounding_line_is_about_unchanged() -> None:
    ruleset = load_ruleset("review-sprint")
    a, b = 2.154, 2.1496  # 2.2% and 2.1% on the dashboard
    assert (fmt.shown("inflation", a), fmt.shown("inflation", b)) == ("2.2%", "2.1%")
    assert fmt.step("inflation", a, b, ruleset) == "≈0"  # was "-0.004"
    row = _change_row(ruleset, "inflation", a, b, [(Cause(label="The economy"), b - a)])
    assert row is not None  # the dashboard's value moved: the result says how much
    assert (row.before, row.after, row.delta, row.mood) == ("2.15%", "2.15%", "≈0", "")
    assert row.causes == ""  # a cause of -0.004 shows as nothing at 0.01
    # a change that shows one place finer keeps its number, at that place
    assert fmt.step("inflation", 2.34, 2.36, ruleset) == "+0.02"
    row = _change_row(ruleset, "inflation", 2.34, 2.36, [(Cause(label="The economy"), 0.02)])
    assert row is not None and (row.before, row.after, row.delta) == ("2.34%", "2.36%", "+0.02")
    # nothing moved at all: "±0" and no row
    assert fmt.step("inflation", 2.12, 2.11, ruleset) == "±0"
    assert _change_row(ruleset, "inflation", 2.12, 2.11, []) is None


def test_approval_is_never_shown_to_hundredths() -> None:
    """Approval 51.50 to 51.46 (52% and 51%) was "-0.04"; 53.375 to 52.827 was "53.38% to
    52.83%, -0.55"."""
    ruleset = load_ruleset("second-visit")
    assert fmt.step("approval", 51.5, 51.46, ruleset) == "≈0"
    cause = [(Cause(label="The economy"), 52.827 - 53.375)]
    row = _change_row(ruleset, "approval", 53.375, 52.827, cause, least=1)
    assert row is not None and (row.before, row.after, row.delta) == ("53.4%", "52.8%", "-0.6")


def test_a_cause_reads_the_same_in_the_turn_result_and_in_the_ledger() -> None:
    """Approval 49.84 to 46.86: the turn result said "50% to 47%, -3" beside an F-35 order
    of -2.5 (its causes made to add up to -3.0), while the ledger said "49.8% to 46.9%, -2.9"
    beside -2.4 for the same cause. At the causes' tenths the two values differ by 2.9, so the
    result shows the row at tenths too, and both say -2.4."""
    ruleset = load_ruleset("review-sprint")
    causes = [(Cause(label="Confirm the full F-35 order"), -2.44), (Cause(label="Answer"), -0.54)]
    row = _change_row(ruleset, "approval", 49.84, 46.86, causes)
    ledger = _change_row(ruleset, "approval", 49.84, 46.86, causes, least=1)
    assert row is not None and ledger is not None
    assert (row.before, row.after, row.delta) == ("49.8%", "46.9%", "-2.9")
    assert row.causes == ledger.causes == "Confirm the full F-35 order -2.4, Answer -0.5"
    assert fmt.step("approval", 49.84, 46.86, ruleset) == "-2.9"  # the dashboard, alike


def _places(text: str) -> int:
    """The decimals of a value as shown: "2.15%" 2, "-1.4%" 1, "53%" 0, "7.70k" 2."""
    match = re.search(r"\.(\d+)", text)
    return len(match.group(1)) if match else 0


@pytest.mark.parametrize(
    ("scenario", "seed", "policy"),
    [("review-sprint", 4, "steady"), ("second-visit", 5, "hardline"), ("hawks-table", 6, "random")],
)
def test_no_change_is_shown_finer_than_one_place_below_its_figure(
    scenario: str, seed: int, policy: str
) -> None:
    ruleset = load_ruleset(scenario)
    before = new_game(ruleset, seed)
    rows = 0
    for after, report in play_game(ruleset, before, policy=get_policy(policy)):
        changes = [
            (r.label, r.before, r.after, r.delta)
            for r in biggest_changes(ruleset, before, after, report)
        ]
        changes += [(e.label, e.before, e.after, e.delta) for e in ledger_entries(ruleset, report)]
        for label, was, now, delta in changes:
            name = next(
                (n for n in report.changes if fmt.figure(n, ruleset).label == label.split(" (")[0]),
                None,
            )
            if name is None or fmt.figure(name, ruleset).unit not in ("%", "thousand", ""):
                continue
            most = fmt.figure(name, ruleset).digits + fmt.FINEST
            assert max(_places(was), _places(now)) <= most, (label, was, now, delta)
            rows += 1
        for name in SHOWN_FIGURES:
            step = fmt.step(name, float(before.values[name]), float(after.values[name]), ruleset)
            if step not in ("±0", "≈0") and "C$" not in step:
                assert _places(step) <= fmt.figure(name, ruleset).digits + fmt.FINEST, step
        before = after
    assert rows > 20
