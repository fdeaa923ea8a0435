"""A phone held upright: in the browser its terminal is about 40 to 48 columns wide.

Every screen a student meets in a class game keeps what matters inside the screen's width:
no widget runs off the right edge (a tab's label, a key of the footer, a dialog's button),
the keys that play the game are in the footer, the sectors' table shows each sector's name
and its tariffs, and the revealed readings at the end are not squeezed into a word a line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.geometry import Region

from tests.tui.conftest import (
    answer_events,
    cabinet_shows,
    open_first_action_dialog,
    saved_game,
    settled,
    wait_for,
)

PHONES = [pytest.param((44, 40), id="44x40"), pytest.param((40, 30), id="40x30")]


def cut_off(screen) -> list[str]:
    """What on the screen runs past its left or right edge, and whether the screen itself
    scrolls (a part of it is then out of sight)."""
    width = screen.size.width
    out = []
    for widget in screen.walk_children(with_self=False):
        region = widget.region
        if not widget.display or region.width == 0 or region.height == 0:
            continue
        if region.x < 0 or region.right > width:
            out.append(f"{type(widget).__name__}#{widget.id} at {region}")
    if screen.scroll_offset.y or screen.virtual_size.height > screen.size.height:
        out.append(f"the screen scrolls: {screen.virtual_size} in {screen.size}")
    return out


def buttons_whole(dialog) -> None:
    """A dialog's buttons inside its box, each with its label whole."""
    box = dialog.query_one(".dialog").content_region
    for button in dialog.query("Button"):
        region = button.region
        assert region.height == 3 and box.contains_region(region), (button.label, region, box)
        assert region.width >= len(str(button.label)) + 2, button.label


def lines_of(widget) -> list[str]:
    """The lines a widget draws, all of them (a widget in a scroll shows only some)."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.size))]


def assert_fits(app, where: str) -> None:
    problems = cut_off(app.screen)
    assert not problems, f"{where} ({app.size.width}x{app.size.height}): {problems}"


async def opened(pilot, key: str, screen: str, what: str) -> None:
    """Open a screen with its key, and check it fits."""
    await pilot.press(key)
    await wait_for(pilot, settled(pilot.app, screen))
    await pilot.pause()
    assert_fits(pilot.app, what)


async def closed(pilot) -> None:
    """Back to the cabinet room."""
    await pilot.press("escape")
    await wait_for(pilot, settled(pilot.app, "CabinetScreen"))


@pytest.mark.parametrize("size", PHONES)
async def test_the_cabinet_room_and_a_turn_fit_a_phone(make_app, size):
    app = make_app("new")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        assert_fits(app, "the briefing")
        for key, tab in (("a", "actions"), ("s", "economy"), ("w", "washington")):
            await pilot.press(key)
            await wait_for(pilot, cabinet_shows(app, tab))
            assert_fits(app, tab)
        await open_first_action_dialog(pilot)
        await pilot.pause()
        assert_fits(app, "an action's settings")
        buttons_whole(app.screen)
        await closed(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, settled(app, "EndTurnDialog"))
        assert_fits(app, "the end of the turn")
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "TurnResultScreen"))
        await pilot.pause()
        assert_fits(app, "the turn's result")
        await pilot.press("enter")
        await wait_for(pilot, settled(app, "EventDialog"))
        await pilot.pause()
        assert_fits(app, "an event")
        await answer_events(pilot)
        await opened(pilot, "h", "HistoryScreen", "the history")
        await pilot.press("l")
        await pilot.pause()
        assert_fits(app, "the history's log")
        await closed(pilot)
        await opened(pilot, "question_mark", "HelpScreen", "the help")
        await closed(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, settled(app, "ChoiceDialog"))
        await pilot.pause()
        assert_fits(app, "quitting")
        buttons_whole(app.screen)


@pytest.mark.parametrize("size", PHONES)
async def test_the_title_fits_a_phone(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.pause()
        assert_fits(app, "the title")
        tagline = " ".join(" ".join(lines_of(app.screen.query_one("#title-tagline"))).split())
        assert "October 2025 to the CUSMA review" in tagline


@pytest.mark.parametrize("size", PHONES)
async def test_the_students_name_box_fits_a_phone(tmp_path: Path, size):
    from diplomacy_game.web.class_app import ClassroomApp
    from diplomacy_game.web.lab import read_lab
    from tests.web.helpers import write_class

    lab = read_lab(write_class(tmp_path), tmp_path / "handed-in")
    lab.hand_in.mkdir(exist_ok=True)
    app = ClassroomApp(lab, blink=False)
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, settled(app, "StudentNameScreen"))
        await pilot.pause()
        assert_fits(app, "the name box")
        await pilot.press(*"amira haddad", "enter")
        await wait_for(pilot, settled(app, "CabinetScreen"))
        await pilot.pause()
        assert_fits(app, "a student's cabinet room")


@pytest.mark.parametrize("size", PHONES)
async def test_the_footer_keeps_the_keys_that_play_the_game(make_app, size):
    app = make_app("new")
    wanted = ("End turn", "Answer events", "History", "Help", "Save", "palette")

    def shown() -> list[str]:
        width = app.size.width
        return sorted(
            key.description
            for key in app.screen.query("FooterKey")
            if key.region.width and key.region.right <= width
        )

    def all_shown() -> bool:
        return all(description in shown() for description in wanted)

    all_shown.why = lambda: f"the footer shows {shown()}, not all of {list(wanted)}"  # type: ignore[attr-defined]
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        # on a busy machine the footer is laid out a moment after the room shows
        await wait_for(pilot, all_shown)


@pytest.mark.parametrize("size", PHONES)
async def test_the_sectors_table_fits_a_phone(make_app, size):
    app = make_app("new")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await pilot.press("s")
        await wait_for(pilot, cabinet_shows(app, "economy"))
        await pilot.pause()
        panel = app.screen.query_one("#tab-sectors")
        lines = lines_of(panel)
        assert all(len(line.rstrip()) <= panel.size.width for line in lines)
        # the first column, a name on two lines joined (its second line has nothing beside it)
        names: list[str] = []
        for line in lines[1 : lines.index(next(x for x in lines if not x.strip()))]:
            cells = re.split(r"\s{2,}", line.strip())
            if len(cells) == 1 and names:
                names[-1] += " " + cells[0]
            else:
                names.append(cells[0])
        for sector in app.session.ruleset.sectors:
            assert sector.name in names, (sector.name, names)
        header = lines[0].split()
        assert header[:3] == ["Sector", "US", "Ours"], header
        title = lines_of(app.screen.query_one("#sectors-title"))[0]
        assert "exports" not in title  # the exports are not shown: the title does not name them


@pytest.mark.parametrize("size", PHONES)
async def test_the_ending_fits_a_phone(make_app, play_dir, size):
    from diplomacy_game.text.figures import revealed

    path = saved_game(play_dir / "saves" / "done.json", turns=0)
    app = make_app("load", path=path)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, settled(app, "EndingScreen"))
        await pilot.pause()
        assert_fits(app, "the ending")
        lines = [" ".join(line.split()) for line in lines_of(app.screen.query_one("#ending-text"))]
        # each reading's label on a line of its own, not a word a line in a narrow column
        for label, *_ in revealed(app.session.ruleset, app.session.state):
            if len(label) < size[0] - 4:
                assert label in lines, label


@pytest.mark.parametrize("size", [(80, 24), (44, 40)], ids=["80x24", "44x40"])
@pytest.mark.parametrize("screen", ["HelpScreen", "HistoryScreen"])
async def test_help_and_history_show_their_titles(make_app, size, screen):
    """Their tabs took a line more than the screen had: the screen scrolled by one line,
    and the title at its top was never seen."""
    app = make_app("new")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await pilot.press("question_mark" if screen == "HelpScreen" else "h")
        await wait_for(pilot, settled(app, screen))
        await pilot.pause()
        title = app.screen.query_one("#help-title, #history-title")
        assert title.region.y == 0 and title.region.height == 1
        assert not app.screen.scroll_offset.y


async def test_a_wider_window_brings_the_full_layout_back(make_app):
    app = make_app("new")
    async with app.run_test(size=(44, 40)) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await pilot.press("s")
        await wait_for(pilot, cabinet_shows(app, "economy"))
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert app.screen.query_one("GameFooter").size.height > 1
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert not screen.has_class("-narrow")
        assert screen.query_one("GameFooter").size.height == 1
        tabs = screen.query_one("#cabinet-tabs")
        assert str(tabs.get_tab("economy").label) == "Economy (s)"
        assert lines_of(screen.query_one("#tab-sectors"))[0].split()[:2] == ["Sector", "Exports"]


@pytest.mark.parametrize("size", PHONES)
async def test_a_notice_leaves_the_footers_keys_in_sight(make_app, size):
    """A notice sat one line above the bottom, over the footer's upper lines: the game's key,
    shown for a long while as a student starts, hid "History" and "Help" on a phone."""
    app = make_app("new")
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        app.notify(
            "Your game's key is NT9F. Write it down: to come back to this game you will "
            "type your name and this key.",
            title="Amira Haddad: your key",
            timeout=30,
        )
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        await pilot.pause()
        toast = app.screen.query_one("Toast").region
        keys = [key.region for key in app.screen.query("FooterKey")]
        assert keys and not any(toast.overlaps(key) for key in keys), (toast, keys)
        assert toast.width > app.size.width // 2  # not a column of three words a line


@pytest.mark.parametrize("size", PHONES)
async def test_a_dialogs_footer_has_no_cabinet_keys_above_it(make_app, size):
    """On a phone the cabinet room's keys take two or three rows; a dialog's footer takes
    one. Seen dimmed through the dialog's backdrop, the cabinet's upper rows were keys that do
    nothing while the dialog is open. They step aside under a dialog and come back after it."""
    app = make_app("new")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        await pilot.press("a")  # the tab the action's dialog opens from
        await wait_for(pilot, cabinet_shows(app, "actions"))
        await pilot.pause()
        cabinet = app.screen
        rows = cabinet.query_one("GameFooter").size.height
        assert rows >= 2
        cabinet_keys = {key.description for key in cabinet.query("FooterKey") if key.description}
        await open_first_action_dialog(pilot)
        await pilot.pause()
        dialog_keys = {k.description for k in app.screen.query("FooterKey") if k.description}
        only_the_cabinets = cabinet_keys - dialog_keys
        assert only_the_cabinets
        bottom = "\n".join(_shown_lines(app)[-(rows + 1) :])
        assert not [k for k in only_the_cabinets if k in bottom], bottom
        await closed(pilot)
        await pilot.pause()
        assert cabinet.query_one("GameFooter").size.height == rows
        bottom = "\n".join(_shown_lines(app)[-rows:])
        assert all(k in bottom for k in only_the_cabinets), bottom


def _shown_lines(app) -> list[str]:
    """The terminal's lines as the student sees them, screens under a dialog included."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


BANKS_TEXT = (
    "A new item appears on Washington's list: better access for US banks, card networks and"
    " payment companies to Canadian customers, and a say in Canada's open-banking rules."
    " Canada's big banks quietly warn Ottawa off."
)
# "Banks and payments" (content/events/us_hold_reward_deal.toml), as a game asks it: three
# answers of two lines each on a phone, the last the one taken if none is given.
BANKS = {
    "id": "gp_banking",
    "title": "Banks and payments",
    "options": [
        {
            "id": "open_banking",
            "label": "Offer access in the new open-banking framework",
            "available": True,
            "hint": "A concession that costs the public little; Bay Street will not be happy.",
        },
        {
            "id": "refuse_banks",
            "label": "Refuse: financial regulation is not on the table",
            "available": True,
            "hint": "Firm, and a little less to bargain with.",
        },
        {
            "id": "study_it",
            "label": "Agree to study it",
            "available": True,
            "default": True,
            "hint": "Buys time.",
        },
    ],
}


@pytest.mark.parametrize("size", PHONES)
async def test_the_answer_taken_if_none_is_given_stays_in_sight_on_a_phone(make_app, size):
    """In the browser a phone's page is laid out wide first, then at its own size: the list
    of answers shrank under the highlighted one, the answer taken if none is given (which a
    quick Enter gives) scrolled out of sight, while the advisors' line below spoke of it."""
    from diplomacy_game.tui.screens.event_dialog import EventDialog

    app = make_app("new")
    async with app.run_test(size=(100, 50)) as pilot:
        await wait_for(pilot, cabinet_shows(app, "briefing"))
        app.push_screen(EventDialog(BANKS, BANKS_TEXT, "us", None, "event 1 of 2"))
        await wait_for(pilot, settled(app, "EventDialog"))
        for _ in range(3):
            await pilot.pause()
        await pilot.resize_terminal(*size)

        def default_in_sight() -> bool:
            answers = app.screen.query_one("#event-options")
            shown = " ".join(lines_of_region(answers))
            # the whole answer, to the end of its note: "(if you do not answer)"
            return "Agree to study it" in shown and "answer)" in shown

        await wait_for(pilot, default_in_sight)


def lines_of_region(widget) -> list[str]:
    """The lines a widget shows on the screen (a scrolled list: the ones in sight)."""
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]
