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
    """An app that opens one event's dialog and keeps its answer."""

    answer: object = "unanswered"

    def __init__(self, dialog: EventDialog | None = None) -> None:
        super().__init__()
        self.dialog = dialog or EventDialog(EVENT, "Ford says it loud.", "domestic")

    def on_mount(self) -> None:
        def done(answer: str | None) -> None:
            self.answer = answer

        self.push_screen(self.dialog, done)


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


UNEVEN = {
    "id": "thr_autos_home",
    "title": "'They want a car company and I want a car company'",
    "options": [
        {
            "id": "fight",
            "label": "Promise to fight for every Canadian plant",
            "facts": ["Approval +1."],
            "hint": "Ontario and Unifor will stand with you; it sharpens the 'natural conflict'"
            " he sees.",
            "available": True,
        },
        {
            "id": "coproduce",
            "label": "Talk up co-production and US content",
            "hint": "Speaks his language.",
            "available": True,
        },
        {
            "id": "numbers",
            "label": "Answer with the integrated supply chain's numbers",
            "hint": "Facts.",
            "available": True,
            "default": True,
        },
    ],
}


async def test_the_options_stay_where_they_are_whichever_is_shown():
    """Seen in a browser: the first option's note ran to three lines, the second's to one, so
    the box, centred, moved down a line when a tap showed the second, and the second tap, at
    the same place, landed on the first. Room is kept for the longest note."""
    for size in ((80, 24), (120, 40), (62, 30), (44, 40)):
        await _tap_twice_in_place(size)


async def _tap_twice_in_place(size: tuple[int, int]) -> None:
    app = _Host(
        EventDialog(UNEVEN, "The President tells automakers.", "us", position="event 1 of 3")
    )
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, EventDialog))
        dialog = app.screen
        options = dialog.query_one("#event-options")
        await pilot.pause()
        head = dialog.query_one("#event-head")
        where = set()
        for _ in range(3):
            where.add((options.region.x, options.region.y, head.region.height))
            await pilot.press("down")
            await pilot.pause()
        assert len(where) == 1, (size, where)
        # two taps at the same place answer with the option tapped
        options.highlighted = 0
        await pilot.pause()
        await _click(pilot, options, 1)
        await pilot.pause()
        # the first line now says "Click or tap again to answer", shorter than the keys' line
        after = (options.region.x, options.region.y, head.region.height)
        assert {after} == where, (size, "after a tap")
        await _click(pilot, options, 1)
        await wait_for(pilot, lambda: app.answer != "unanswered")
        assert app.answer == "coproduce", size
