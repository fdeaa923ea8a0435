"""At 80x24 a dialog keeps what the player must see inside its box: an event's answers and the
advisors' line under them (a long event's text scrolls instead), and the end of a turn's
buttons."""

from __future__ import annotations

from diplomacy_game.content import load_content
from diplomacy_game.tui.screens.event_dialog import EventDialog
from tests.tui.conftest import cabinet_shows, wait_for

SMALL = (80, 24)


def _longest_events(count: int) -> list:
    events = [e for e in load_content().entities["event"].values() if e.options]

    def size(e) -> int:
        text = max([e.text, *(v.text for v in e.variants)], key=len)
        labels = sum(len(o.label) for o in e.options)
        return len(text) + labels + max(len(o.hint or "") for o in e.options)

    return sorted(events, key=size, reverse=True)[:count]


def _inside(widget, box) -> bool:
    inner, region = box.content_region, widget.region
    return region.height > 0 and inner.y <= region.y and region.bottom <= inner.bottom


async def test_an_events_answers_and_advice_stay_in_view(make_app):
    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        for event in _longest_events(4):
            entry = {
                "id": event.id,
                "title": event.title,
                "options": [
                    {
                        "id": o.id,
                        "label": o.label,
                        "hint": o.hint,
                        "available": True,
                        "default": k == 0,
                    }
                    for k, o in enumerate(event.options)
                ],
            }
            text = max([event.text, *(v.text for v in event.variants)], key=len)
            dialog = EventDialog(entry, text, event.category, None, "event 1 of 2")
            app.push_screen(dialog)
            await wait_for(pilot, lambda d=dialog: app.screen is d and d.is_mounted)
            options = dialog.query_one("#event-options")
            longest = max(range(len(event.options)), key=lambda k: len(event.options[k].hint or ""))
            options.highlighted = longest
            await pilot.pause()
            await pilot.pause()
            box = dialog.query_one("#event-box")
            assert _inside(options, box), event.id
            assert _inside(dialog.query_one("#event-hint"), box), event.id
            # shown by a click or a tap, with the line asking for a second one
            dialog.show_hint(event.options[longest].id, armed=True)
            await pilot.pause()
            await pilot.pause()
            assert _inside(options, box), event.id
            assert _inside(dialog.query_one("#event-hint"), box), event.id
            dialog.dismiss(None)
            await wait_for(pilot, lambda d=dialog: app.screen is not d)


async def test_the_end_of_a_turn_keeps_its_buttons_in_view(make_app):
    from diplomacy_game.tui.screens.end_turn import EndTurnDialog

    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session
        # a long plan: six actions (the dialog lists them whatever they cost)
        s.plan = {o.id: {} for o in s.options() if not o.params}
        s.plan = dict(list(s.plan.items())[:6])
        dialog = EndTurnDialog(s)
        app.push_screen(dialog)
        await wait_for(pilot, lambda: app.screen is dialog and dialog.is_mounted)
        await pilot.pause()
        box = dialog.query_one("#endturn-box")
        for button in ("#ok", "#back", "#endturn-memo"):
            assert _inside(dialog.query_one(button), box), button


async def test_the_last_turn_promises_no_refill(make_app):
    """On the last turn the box said "+3 at the end of the turn at today's approval, up to 6":
    the game ends with that turn and no refill comes. It now says what is left goes unused."""
    from diplomacy_game.tui.screens.end_turn import EndTurnDialog
    from tests.tui.conftest import text_of

    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session
        s.state.turn = s.state.last_turn - 1
        dialog = EndTurnDialog(s)
        app.push_screen(dialog)
        await wait_for(pilot, lambda: app.screen is dialog and dialog.is_mounted)
        summary = " ".join(
            text_of(w) for w in dialog.query("#endturn-summary Static, #endturn-capital")
        )
        summary = " ".join(summary.split())
        assert "at the end of the turn" not in summary, summary
        left = s.capital_left
        assert f"This is the last turn: the {left:g} political capital not spent" in summary


async def test_the_end_of_a_turn_shows_every_choice_at_80x24(make_app):
    """One action and three answered events (The Hawks' Table, seed 11, turn 2) were cut off at
    six rows: the last answer ended mid-sentence ("Hold the line: Canada's measures") and the
    political capital line was out of sight, with four rows of the window unused and no sign
    that more followed. The list takes the rows the window leaves it, and the capital line
    stays in view under it."""
    from diplomacy_game.tui.screens.end_turn import EndTurnDialog
    from tests.tui.conftest import text_of

    app = make_app("new", scenario="hawks-table", seed=11)
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session
        assert s.choose("counter_tariff", {"sector": "steel", "level": 50}) == ""
        assert s.choose("pull_us_alcohol", {}) == ""
        s.commit(s.resolve())
        events = s.pending()
        assert len(events) == 3
        for event in events:  # the longest answer of each
            s.answers[event["id"]] = max(event["options"], key=lambda o: len(o["label"]))["id"]
        dialog = EndTurnDialog(s)
        app.push_screen(dialog)
        await wait_for(pilot, lambda: app.screen is dialog and dialog.is_mounted)
        summary = dialog.query_one("#endturn-summary")
        await wait_for(pilot, lambda: summary.virtual_size.height <= summary.region.height)
        box = dialog.query_one("#endturn-box")
        for part in ("#endturn-summary", "#endturn-capital", "#ok", "#back", "#endturn-memo"):
            assert _inside(dialog.query_one(part), box), part
        assert "Political capital:" in text_of(dialog.query_one("#endturn-capital"))


async def test_a_long_end_of_turn_scrolls_with_its_capital_line_in_view(make_app):
    """A list longer than the window scrolls; the capital line under it and the buttons stay."""
    from diplomacy_game.tui.screens.end_turn import EndTurnDialog

    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session
        s.plan = {o.id: {} for o in s.options() if not o.params}
        assert len(s.plan) > 12
        dialog = EndTurnDialog(s)
        app.push_screen(dialog)
        await wait_for(pilot, lambda: app.screen is dialog and dialog.is_mounted)
        await pilot.pause()
        await pilot.pause()
        summary = dialog.query_one("#endturn-summary")
        assert summary.virtual_size.height > summary.region.height  # it scrolls
        box = dialog.query_one("#endturn-box")
        for part in ("#endturn-summary", "#endturn-capital", "#ok", "#back", "#endturn-memo"):
            assert _inside(dialog.query_one(part), box), part


async def test_an_actions_settings_keep_their_buttons_in_view_in_a_short_window(make_app):
    """Every action with settings, at 80x24 and at 60x20: the Choose and Cancel buttons stay in
    the box (at 60x20 they were below it, out of reach of a mouse). The effects scroll in the
    rows left; where even that is too little the hint goes, and comes back in a taller window."""
    from diplomacy_game.tui.screens.action_dialog import ActionDialog

    app = make_app("new")
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        s = app.session
        with_settings = [o.id for o in s.options() if o.params]
        assert with_settings
        for size in (SMALL, (60, 20), (120, 40)):
            await pilot.resize_terminal(*size)
            hints = []
            for action_id in with_settings:
                dialog = ActionDialog(s, action_id)
                app.push_screen(dialog)
                await wait_for(pilot, lambda d=dialog: app.screen is d and d.is_mounted)
                await pilot.pause()
                await pilot.pause()
                box = dialog.query_one("#params-box")
                for button in ("#ok", "#cancel"):
                    assert _inside(dialog.query_one(button), box), (size, action_id, button)
                hints.append(dialog.query_one(".dialog-hint").display)
                dialog.dismiss(None)
                await wait_for(pilot, lambda d=dialog: app.screen is not d)
            if size == (120, 40):
                assert all(hints), "a tall window has room for every hint"
        # squeezed at 60x20, then the window grows with the dialog open: the hint comes back
        await pilot.resize_terminal(60, 20)
        dialog = ActionDialog(s, with_settings[0])
        app.push_screen(dialog)
        await wait_for(pilot, lambda: app.screen is dialog and dialog.is_mounted)
        hint = dialog.query_one(".dialog-hint")
        await wait_for(pilot, lambda: not hint.display)
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: hint.display)
        await pilot.pause()
        assert _inside(dialog.query_one("#ok"), dialog.query_one("#params-box"))
