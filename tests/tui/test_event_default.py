"""An event's dialog opens on the answer the event takes if the player gives none (marked "if
you do not answer"), so a quick Enter takes what doing nothing would: it opened on the first
answer listed, and a player who pressed Enter took, say, "Say Canada is ready for any outcome"
where the mark promised "Say nothing new" (The Review Sprint, seed 3, played in tmux)."""

from __future__ import annotations

import copy
from typing import Any

from textual.app import App

from diplomacy_game.tui.screens.event_dialog import EventDialog
from tests.tui.conftest import wait_for

UNANSWERED = "(if you do not answer)"

LAPSE: dict[str, Any] = {
    "id": "lapse",
    "title": "The President muses about letting CUSMA lapse",
    "options": [
        {"id": "ready", "label": "Say Canada is ready for any outcome", "available": True},
        {"id": "renew", "label": "Say Canada wants renewal", "available": True},
        {"id": "quiet", "label": "Say nothing new", "available": True, "default": True},
    ],
}


class _Host(App[None]):
    """An app that opens one event's dialog and keeps its answer."""

    answer: object = "unanswered"

    def __init__(self, dialog: EventDialog) -> None:
        super().__init__()
        self.dialog = dialog

    def on_mount(self) -> None:
        def done(answer: str | None) -> None:
            self.answer = answer

        self.push_screen(self.dialog, done)


async def _opened(event: dict[str, Any], chosen: str | None = None) -> tuple[int | None, str, Any]:
    """Where the dialog of ``event`` opens (the option highlighted), the option marked as taken
    unanswered, and what Enter then answers."""
    app = _Host(EventDialog(event, "He says it on camera.", "us", chosen=chosen))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, EventDialog))
        options = app.screen.query_one("#event-options")
        await pilot.pause()
        highlighted = options.highlighted
        marked = [
            options.get_option_at_index(k).id
            for k in range(options.option_count)
            if UNANSWERED in str(options.get_option_at_index(k).prompt)
        ]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.answer != "unanswered")
        return highlighted, ",".join(str(m) for m in marked), app.answer


async def test_the_dialog_opens_on_the_answer_taken_if_none_is_given():
    assert await _opened(LAPSE) == (2, "quiet", "quiet")


async def test_with_its_default_closed_it_opens_on_the_first_open_answer():
    """The turn takes the first open answer when the default is not open (``option_chosen``):
    that one is marked and highlighted, not the closed default."""
    event = copy.deepcopy(LAPSE)
    event["options"][2]["available"] = False
    event["options"][0]["available"] = False
    assert await _opened(event) == (1, "renew", "renew")


async def test_with_no_default_marked_it_opens_on_the_first_answer():
    event = copy.deepcopy(LAPSE)
    del event["options"][2]["default"]
    assert await _opened(event) == (0, "ready", "ready")


async def test_an_answer_already_given_is_where_it_opens():
    assert await _opened(LAPSE, chosen="renew") == (1, "quiet", "renew")


async def test_a_dialog_whose_options_are_gone_as_it_mounts_does_not_fail():
    """The app closing as an event's dialog was being built took its widgets away before its
    mount ran, which raised NoMatches (a class's app, closed as the game was played again)."""
    dialog = EventDialog(LAPSE, "He says it on camera.", "us")
    app = _Host(dialog)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, EventDialog))
        await dialog.query_one("#event-options").remove()
        dialog.on_mount()  # as the mount of a dialog emptied while it was built
        await pilot.pause()
        assert app.screen is dialog
