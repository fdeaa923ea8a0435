"""The footer is built again only when the keys it shows change.

Textual's footer composes itself again at every move of the focus or of a list's highlight,
a few dozen widgets built and styled each time: in the browser and on a slow terminal every
arrow key in the actions list paid for it.
"""

from __future__ import annotations

from tests.tui.conftest import cabinet_shows, wait_for


def footer_keys(app) -> list:
    from textual.widgets._footer import FooterKey

    return list(app.screen.query(FooterKey))


async def test_the_footer_stays_while_its_keys_stay_and_changes_with_them(make_app):
    app = make_app("new")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await pilot.press("a")
        await wait_for(pilot, cabinet_shows(app, "actions"))
        actions = app.screen.query_one("#action-list")
        s = app.session
        free = [o.id for o in s.options() if o.available and o.id not in s.plan]
        actions.highlighted = actions.get_option_index(free[0])
        await pilot.pause()
        await wait_for(pilot, lambda: bool(footer_keys(app)))
        before = footer_keys(app)
        words = [k.description for k in before]
        # the highlight moves over actions not chosen: the same keys, the same widgets
        for action in free[1:4]:
            actions.highlighted = actions.get_option_index(action)
            await pilot.pause()
        await pilot.press("down", "up", "down")
        await pilot.pause()
        assert [k.description for k in footer_keys(app)] == words
        assert all(a is b for a, b in zip(footer_keys(app), before, strict=True))
        # an action chosen: "Drop action" joins the keys, so the footer is built again
        actions.highlighted = actions.get_option_index(free[0])
        await pilot.press("enter")
        await wait_for(pilot, lambda: free[0] in s.plan)
        await wait_for(pilot, lambda: "Drop action" in [k.description for k in footer_keys(app)])
        assert not any(k in before for k in footer_keys(app))
