"""An event's answer by mouse or touch: a first click or tap on an option shows what it costs
and what the advisors expect, a second on the same option answers (on a phone one tap answered
before the note under the options could be read). Keys answer as before."""

from __future__ import annotations

from textual.app import App

from diplomacy_game.tui.screens.event_dialog import TAP_AGAIN, EventDialog
from tests.tui.conftest import wait_for

EVENT = {
    "id": "ford_demands_retaliation",
    "title": "Doug Ford wants retaliation",
    "options": [
        {
            "id": "meet",
            "label": "Meet the premiers",
            "hint": "They feel heard.",
            "available": True,
            "default": True,
        },
        {"id": "firm", "label": "Promise firmness", "hint": "Ontario cheers.", "available": True},
        {
            "id": "wait",
            "label": "Defend patience",
            "hint": "Ford is not pleased.",
            "available": True,
        },
    ],
}


class _Host(App[None]):
    answer: object = "unanswered"

    def on_mount(self) -> None:
        def done(answer: str | None) -> None:
            self.answer = answer

        self.push_screen(EventDialog(EVENT, "Ford says it loud.", "domestic"), done)


async def _click(pilot, options, index: int) -> None:
    """A click on the row an option is drawn on, in the screen's coordinates."""
    inner = options.content_region
    row = options._index_to_line[index] - int(options.scroll_y)
    await pilot.click(offset=(inner.x + 3, inner.y + row))
    await pilot.pause()


async def test_a_click_shows_the_option_and_a_second_click_answers():
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, EventDialog))
        dialog = app.screen
        options = dialog.query_one("#event-options")
        hint = dialog.query_one("#event-hint")
        await _click(pilot, options, 1)
        assert app.screen is dialog and app.answer == "unanswered"
        assert options.highlighted == 1
        assert "Ontario cheers." in str(hint.render())
        assert TAP_AGAIN in str(dialog.query_one("#event-head").render())
        # the first option, highlighted when the dialog opened, also asks a second tap
        await _click(pilot, options, 0)
        assert app.screen is dialog and "They feel heard." in str(hint.render())
        await _click(pilot, options, 0)
        await wait_for(pilot, lambda: app.answer != "unanswered")
        assert app.answer == "meet"


async def test_keys_answer_at_once():
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, EventDialog))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.answer != "unanswered")
        assert app.answer == "firm"
