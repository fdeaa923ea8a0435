"""Every number explained: the turn result's causes, the full ledger from the result and the
history, and the Washington line that follows what the tariffs did."""

from __future__ import annotations

from tests.tui.conftest import open_end_turn, settled, text_of, wait_for
from tests.tui.test_flows import SIZE, start_new


async def end_turn_to_result(app, pilot) -> None:
    await wait_for(pilot, settled(app, "CabinetScreen"))
    await open_end_turn(pilot)
    await pilot.press("enter")
    await wait_for(pilot, settled(app, "TurnResultScreen"))


async def test_turn_result_opens_every_cause(make_app):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        await start_new(app, pilot)
        await end_turn_to_result(app, pilot)
        story = text_of(app.screen.query_one("#result-story"))
        assert "the President" in story.split("Washington: ", 1)[1]
        line = story.split("Washington: ", 1)[1].split("What changed")[0]
        washington = " ".join(line.split())  # the paragraph, however it wraps
        assert "US tariffs moved" in washington or "tariffs did not change" in washington
        await pilot.press("c")
        await wait_for(pilot, settled(app, "LedgerScreen"))
        ledger = text_of(app.screen.query_one("#ledger-text"))
        assert "What moved each figure in turn 1" in ledger
        assert "Political capital" in ledger
        await pilot.press("escape")
        await wait_for(pilot, settled(app, "TurnResultScreen"))


async def test_history_steps_through_the_ledger_of_each_turn(make_app):
    app = make_app("new")
    async with app.run_test(size=SIZE) as pilot:
        s = await start_new(app, pilot)
        for _ in range(2):
            outcome = s.resolve()
            s.commit(outcome)
        await pilot.press("h")
        await wait_for(pilot, settled(app, "HistoryScreen"))
        await pilot.press("c")
        await wait_for(pilot, settled(app, "LedgerScreen"))
        ledger = app.screen.query_one("#ledger-text")
        assert "in turn 2" in text_of(ledger)
        await pilot.press("left")
        await wait_for(pilot, lambda: "in turn 1" in text_of(ledger))


async def test_the_advisors_panel_explains_a_patience_running_low(make_app):
    """The Review Sprint opens with the President's patience read as "thin": the advisors'
    panel says what that does and what moves it, not only the ending's note."""
    app = make_app("new", scenario="review-sprint", seed=7)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_new(app, pilot)
        panel = app.screen.query_one("#side-advisors")
        words = " ".join(text_of(panel).split())
        assert "Anand reads the President's patience as thin: the lower it runs" in words
