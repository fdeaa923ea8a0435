"""The turn result lists every public indicator the dashboard says moved: beside "Approval
49%, -1 since last turn" (49.4 to 48.5) the result said nothing of approval, because both
values round to 49%, while it listed a sector's forty jobs."""

from __future__ import annotations

import pytest

from diplomacy_game import fmt
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_game
from diplomacy_game.sim.policies import get_policy
from diplomacy_game.text.turns import SHOWN_FIGURES, biggest_changes


@pytest.mark.parametrize(("seed", "policy"), [(1, "hardline"), (2, "steady"), (3, "random")])
def test_an_indicator_the_dashboard_says_moved_is_in_the_result(seed: int, policy: str) -> None:
    ruleset = load_ruleset("review-sprint")
    before = new_game(ruleset, seed)
    for after, report in play_game(ruleset, before, policy=get_policy(policy)):
        rows = {row.label: row for row in biggest_changes(ruleset, before, after, report)}
        for name in SHOWN_FIGURES:
            a, b = float(before.values[name]), float(after.values[name])
            step = fmt.step(name, a, b, ruleset)
            if step == "±0":
                continue
            label = fmt.figure(name, ruleset).label
            assert label in rows, (after.turn, label, a, b, step)
            row = rows[label]
            if step == fmt.ABOUT_UNCHANGED:  # the rounded value moved, the change is tiny
                assert row.delta == step and row.before == row.after and not row.mood, row
                continue
            assert row.before != row.after and row.delta[0] == step[0], row
            if _shown_finer(ruleset, name, a, b):  # both finer: the same change, not -0.4/-0.5
                assert row.delta == step, (after.turn, label, a, b, row.delta, step)
        before = after


@pytest.mark.parametrize(
    ("scenario", "seed", "policy"),
    [("review-sprint", 1, "hardline"), ("second-visit", 2, "steady"), ("hawks-table", 3, "random")],
)
def test_the_dashboard_change_is_the_result_change(scenario: str, seed: int, policy: str) -> None:
    """Played in tmux: the dashboard read "Approval 53%, +1" beside the result's "Approval
    52.0% to 52.5%, +0.5" (inflation "-0.1" beside "2.20% to 2.14%, -0.06"): both true at
    their rounding, read as two changes. Every indicator's change on the dashboard is the
    result's, at its places; "±0" where the result has no row for it."""
    ruleset = load_ruleset(scenario)
    before = new_game(ruleset, seed)
    finer = 0
    for after, report in play_game(ruleset, before, policy=get_policy(policy)):
        rows = {row.label: row for row in biggest_changes(ruleset, before, after, report)}
        for name in SHOWN_FIGURES:
            a, b = float(before.values[name]), float(after.values[name])
            row = rows.get(fmt.figure(name, ruleset).label)
            step = fmt.step(name, a, b, ruleset)
            assert step == (row.delta if row else "±0"), (after.turn, name, a, b, row, step)
            finer += row is not None and not _shown_finer(ruleset, name, a, b) and "." in step
        before = after
    assert finer  # a change the figure's own places would round differently happens


def test_approval_beside_its_result_row() -> None:
    """The case reported: approval 51.98 to 52.51 shows "53%" on the dashboard; the result's
    row, beside its cause, is "52.0% to 52.5%, +0.5", and so is the dashboard's change."""
    from types import SimpleNamespace as Cause

    from diplomacy_game.text.turns import _change_row

    ruleset = load_ruleset("review-sprint")
    a, b = 51.98, 52.51
    row = _change_row(ruleset, "approval", a, b, [(Cause(label="The economy"), b - a)])
    assert row is not None and (row.before, row.after, row.delta) == ("52.0%", "52.5%", "+0.5")
    assert fmt.shown("approval", b, ruleset) == "53%"
    assert fmt.step("approval", a, b, ruleset) == "+0.5"  # was "+1"


def _shown_finer(ruleset, name: str, a: float, b: float) -> bool:
    """Whether the dashboard shows a figure's change finer than the figure itself: its change
    rounded as the figure is disagrees with the two values as shown."""
    spec = fmt.figure(name, ruleset)
    scale = 100.0 if spec.unit == "share" else 1.0
    d = spec.digits
    change = fmt.rounded((b - a) * scale, d)
    return change != fmt.rounded(fmt.rounded(b * scale, d) - fmt.rounded(a * scale, d), d)


def test_many_tariff_moves_do_not_push_a_moved_indicator_out_of_the_result() -> None:
    """The IEEPA ruling moves every sector's tariff on goods not claiming CUSMA: the tariffs
    come first in the result, and five rows (plain mode) or eight (the full screen) left no
    room for approval, while the dashboard said it moved."""
    from diplomacy_game.text.turns import headline_changes

    ruleset = load_ruleset("second-visit")
    crowded = 0
    for seed in range(6):
        before = new_game(ruleset, seed)
        for after, report in play_game(ruleset, before, policy=get_policy("steady")):
            rows = biggest_changes(ruleset, before, after, report)
            moved = [r for r in rows if r.rank == 1]
            for most in (5, 8):
                shown = headline_changes(rows, most)
                assert all(r in shown for r in moved), (after.turn, most)
                assert shown[: min(most, len(rows))] == rows[:most]
                crowded += any(r not in rows[:most] for r in moved)
            before = after
    assert crowded  # such a turn happens in these games


@pytest.mark.parametrize(("scenario", "seed", "policy"), [("review-sprint", 4, "hardline")])
def test_the_economy_tabs_change_of_jobs_is_the_results(scenario: str, seed: int, policy: str):
    """The Economy tab's "Δ jobs" was in thousands at one place: "±0" beside the result's
    "Steel: jobs 22.5k to 22.4k, -20". It is the result's change, "±0" where it has no row."""
    from diplomacy_game.text.figures import sector_rows

    ruleset = load_ruleset(scenario)
    before = new_game(ruleset, seed)
    small = 0
    for after, report in play_game(ruleset, before, policy=get_policy(policy)):
        rows = {row.label: row for row in biggest_changes(ruleset, before, after, report)}
        for sector in sector_rows(ruleset, after):
            name = f"sector.{sector.id}.jobs"
            row = rows.get(fmt.figure(name, ruleset).label)
            assert sector.change == (row.delta if row else "±0"), (after.turn, name, row, sector)
            assert sector.mood == (row.mood if row and row.delta != fmt.ABOUT_UNCHANGED else "")
            a, b = float(before.values[name]), float(after.values[name])
            small += row is not None and abs(b - a) < 0.05  # "±0" in thousands at one place
        before = after
    assert small  # a change under fifty jobs that the result shows happens
