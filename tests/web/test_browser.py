"""The game in a real browser: Debian's chromium, headless, on a loopback address.

Locally without chromium these tests are skipped, with the command that installs it; in
CI (CI=true) a missing browser fails them instead.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from diplomacy_game.classroom.verify import verify_save
from diplomacy_game.content import load_ruleset
from diplomacy_game.saves.store import load_exact
from tests.web import browser
from tests.web.helpers import SCENARIO, Served, write_class


@pytest.fixture(scope="module")
def needs_browser() -> None:
    problem = browser.missing()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(problem)
        pytest.skip(problem)


def _class(folder: Path, hand_in: Path) -> list[str]:
    return ["--class", str(folder), "--hand-in", str(hand_in)]


def wait_for_file(path: Path, turn: int, timeout: float = 60.0):
    """The save once it holds ``turn`` turns (a save is replaced whole, never half-written)."""
    ruleset = load_ruleset(SCENARIO)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            state = load_exact(path, ruleset)
            if state.turn >= turn:
                return state
        time.sleep(0.1)
    raise AssertionError(f"{path} never reached turn {turn}")


def type_key(page, path: Path) -> None:
    """Answer the name box's question for the game's key, as the teacher finds it."""
    browser.wait_for_words(page, "game has a key")
    page.keyboard.type(path.read_text(encoding="ascii").strip())
    page.keyboard.press("Enter")


def end_the_turn(page) -> None:
    """Ctrl+E until the end of the turn opens, answering as highlighted an event that opens
    instead, as a student does: the events waiting since the last turn open one after the
    other, and on a busy machine the next can open after Ctrl+E was pressed, which it takes."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(10):
        browser.forget_screen(page)
        page.keyboard.press("Control+e")
        try:
            browser.wait_for_words(page, "End the turn", timeout=60)
            return
        except PlaywrightTimeout as error:
            if "Enter answers" not in str(error):
                raise
        page.keyboard.press("Enter")
    raise AssertionError("the end of the turn never opened")


def answer_the_events(page) -> None:
    """Answer as highlighted each event that opens, as many as the first one says there are
    ("event 1 of 3"; one when it says nothing): known, not waited out. Returns once the cabinet
    room is back (its footer's "End turn"): a key pressed while the last dialog is still open
    is that dialog's, and lost."""
    browser.wait_for_words(page, "Enter answers")
    found = re.search(r"event 1 of (\d+)", browser.drawn(page, most=10**6))
    count = int(found.group(1)) if found else 1
    for k in range(1, count + 1):
        if k > 1:
            browser.wait_for_words(page, f"event {k} of {count}")
        browser.forget_screen(page)
        page.keyboard.press("Enter")
    browser.wait_for_words(page, "End turn")


def test_a_student_plays_a_turn_and_the_save_is_handed_in(needs_browser, tmp_path: Path):
    folder = write_class(tmp_path)
    hand_in = tmp_path / "handed-in"
    with (
        # one game started ahead: the student's first game is it, the next ones start fresh
        Served(*_class(folder, hand_in), "--warm", "1", cwd=tmp_path) as srv,
        browser.chromium() as page,
    ):
        srv.wait_for_log("1 game ready for the first browsers", timeout=120)
        page.goto(srv.address)
        browser.wait_for_words(page, "as it is on the class list")
        browser.focus_game(page)
        page.keyboard.type("amira haddad")
        page.keyboard.press("Enter")
        browser.wait_for_words(page, "Briefing")
        assert "a game opened (1 open, started ahead)" in srv.log
        save = hand_in / "Amira-Haddad.json"
        assert wait_for_file(save, 0).assignment["student"] == "Amira Haddad"

        browser.forget_screen(page)
        # the actions; Enter takes the one highlighted
        browser.press_until(page, "a", "Enter to add it to this turn")
        page.keyboard.press("Enter")
        # the details say it for as long as it is chosen; the "Chosen: …" note lasts 2 s, and
        # a note that runs out while a busy machine has not drawn it yet is never drawn
        browser.wait_for_words(page, "Chosen for this turn")
        page.keyboard.press("Control+e")
        browser.wait_for_words(page, "End the turn")
        page.keyboard.press("Enter")
        state = wait_for_file(save, 1)

        assert len(state.decisions) == 1 and len(state.decisions[0]["actions"]) == 1
        verdict = verify_save(save)
        assert verdict.ok, verdict.message
        assert sorted(p.name for p in hand_in.glob("*.json")) == ["Amira-Haddad.json"]

        # the tab is closed and opened again: the same name continues the same game
        browser.forget_screen(page)
        page.reload()
        srv.wait_for_log("a game closed (1 open)")
        browser.wait_for_words(page, "as it is on the class list")
        browser.focus_game(page)
        page.keyboard.type("Amira Haddad")
        page.keyboard.press("Enter")
        type_key(page, hand_in / ".Amira-Haddad.key")  # the key given when the game opened
        browser.wait_for_words(page, "Turn 2 of 9")

        # half a turn planned (the events answered, a memo begun), the tab closed: the plan
        # comes back (tests/tui and tests/saves also choose actions)
        answer_the_events(page)  # those waiting since turn 1
        end_the_turn(page)
        page.keyboard.type("Autos first")
        plan = hand_in / ".Amira-Haddad.plan"
        deadline = time.monotonic() + 30
        while "Autos first" not in (plan.read_text("utf-8") if plan.exists() else ""):
            assert time.monotonic() < deadline, "the plan was never kept"
            time.sleep(0.1)
        browser.forget_screen(page)
        page.reload()
        srv.wait_for_log("a game closed (1 open)", times=2)
        browser.wait_for_words(page, "as it is on the class list")
        browser.focus_game(page)
        page.keyboard.type("Amira Haddad")
        page.keyboard.press("Enter")
        type_key(page, hand_in / ".Amira-Haddad.key")
        browser.wait_for_words(page, "plan for this turn was kept")
        assert sorted(p.name for p in hand_in.glob("*.json")) == ["Amira-Haddad.json"]
        assert verify_save(save).ok


def sign_in_without_a_click(page, srv, name: str) -> None:
    """Open the class page and type a name at once, as a student does: no click first."""
    srv.wait_for_log("1 game ready for the first browsers", timeout=120)
    page.goto(srv.address)
    browser.wait_for_words(page, "as it is on the class list")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    browser.wait_for_words(page, "Briefing")


def test_a_name_typed_before_any_click_reaches_the_game(needs_browser, tmp_path: Path):
    """The page gives the terminal the keyboard: a student who types their name at once,
    without clicking first, is not typing into the page's body."""
    folder = write_class(tmp_path)
    with (
        Served(*_class(folder, tmp_path / "in"), "--warm", "1", cwd=tmp_path) as srv,
        browser.chromium() as page,
    ):
        sign_in_without_a_click(page, srv, "amira haddad")


@pytest.mark.parametrize(
    ("typed_from", "student"),
    [
        # the page loaded: the terminal has the keyboard, its connection is still opening
        ("load", "Amira Haddad"),
        # the page still loading: no terminal yet to take the keys
        ("domcontentloaded", "Ben O'Connor"),
    ],
)
def test_a_name_typed_as_the_page_opens_reaches_the_game_whole(
    needs_browser, tmp_path: Path, typed_from: str, student: str
):
    """A name typed the moment the page opens, as fast as a script types, loses no letter:
    keys sent while the game's connection was opening were thrown away by the browser ("Still
    in CONNECTING state"), and keys typed before the terminal existed went to the page."""
    folder = write_class(tmp_path)
    errors: list[str] = []
    with (
        Served(*_class(folder, tmp_path / "in"), "--warm", "1", cwd=tmp_path) as srv,
        browser.chromium() as page,
    ):
        page.on("pageerror", lambda error: errors.append(str(error)))
        srv.wait_for_log("1 game ready for the first browsers", timeout=120)
        page.goto(srv.address, wait_until=typed_from)
        page.keyboard.type(student)
        page.keyboard.press("Enter")
        browser.wait_for_words(page, "Briefing")
        srv.wait_for_log(f"{student}: signed in")
    assert errors == []


def test_a_finger_dragged_over_the_game_scrolls_it(needs_browser, tmp_path: Path):
    """On a phone the actions below the screen could not be reached: a swipe now scrolls the
    list as a mouse wheel does."""
    folder = write_class(tmp_path)
    with (
        Served(*_class(folder, tmp_path / "in"), "--warm", "1", cwd=tmp_path) as srv,
        browser.chromium(390, 844, touch=True) as page,
    ):
        sign_in_without_a_click(page, srv, "amira haddad")
        browser.press_until(page, "a", "Tighten")
        time.sleep(1)  # the list laid out
        browser.swipe_until(page, 120, 600, 200, "Fund a sector package")


# The size the page gives the terminal, as it tells the game (["resize", {width, height}]).
RECORD_SIZE = """
(() => {
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === "string" && data.startsWith('["resize"')) {
      window.__size = JSON.parse(data)[1];
    }
    return send.call(this, data);
  };
})();
"""


def cell_of(page, words: str) -> tuple[int, int]:
    """Where the game last drew ``words``: its row and column, read from the cursor move that
    starts the line it was drawn on and the text drawn between."""
    import re

    screen = page.evaluate("window.__screen")
    at = screen.rindex(words)
    move = list(re.finditer(r"\x1b\[(\d+);(\d+)H", screen[:at]))[-1]
    between = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen[move.end() : at])
    return int(move.group(1)) - 1, int(move.group(2)) - 1 + len(between)


def test_a_phone_reaches_the_footers_keys_with_a_tap(needs_browser, tmp_path: Path):
    """Upright, a phone gives the game about 50 columns: the footer's keys ran off its right
    edge, and a student without a keyboard could not tap "Help". They now wrap onto a second
    line, and a tap on one works as its key."""
    folder = write_class(tmp_path)
    with (
        Served(*_class(folder, tmp_path / "in"), "--warm", "1", cwd=tmp_path) as srv,
        browser.chromium(390, 844, touch=True) as page,
    ):
        page.add_init_script(RECORD_SIZE)
        sign_in_without_a_click(page, srv, "amira haddad")
        time.sleep(1)  # the cabinet room laid out for the width
        size = page.evaluate("window.__size")
        assert size["width"] < 60, size  # a phone's width, laid out as one
        box = page.locator(".xterm-screen").bounding_box()
        width, height = box["width"] / size["width"], box["height"] / size["height"]
        row, column = cell_of(page, "Help")
        assert column + len("Help") <= size["width"]
        browser.forget_screen(page)
        page.touchscreen.tap(box["x"] + (column + 1.5) * width, box["y"] + (row + 0.5) * height)
        browser.wait_for_words(page, "How to play Elbows Up", timeout=30)


def test_a_browser_without_the_code_is_refused(needs_browser, tmp_path: Path):
    folder = write_class(tmp_path)
    with (
        Served(*_class(folder, tmp_path / "in"), "--warm", "0", cwd=tmp_path) as srv,
        browser.chromium() as page,
    ):
        response = page.goto(srv.base + "/")
        assert response is not None and response.status == 403
        assert "class code" in page.inner_text("body")
        page.fill("input[name=code]", "WRONG-CODE")
        page.click("button[type=submit]")
        page.wait_for_selector(".wrong")
        assert srv.children() == []
        assert "a game opened" not in srv.log
        # the code typed into the form opens the game
        page.fill("input[name=code]", srv.code.lower())
        page.click("button[type=submit]")
        browser.wait_for_words(page, "as it is on the class list")
        assert len(srv.children()) == 1
