"""Debian's chromium, headless, driven by Playwright: how the browser tests and the
screenshots open the game. No browser is ever downloaded."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("ELBOWS_UP_CHROMIUM", "/usr/bin/chromium"))
HOW_TO_INSTALL = (
    "the browser tests need Debian's chromium and Playwright for Python: "
    "apt-get install chromium && pip install playwright"
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Keeps what the game sends to the terminal (text between escape codes), so a test can wait
# for a screen by its words: the terminal draws on a canvas that has no text to query.
RECORD_SCREEN = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.__screen = "";
  window.WebSocket = function (url, protocols) {
    const socket = new Native(url, protocols);
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        window.__screen += decoder.decode(event.data, { stream: true });
        if (window.__screen.length > 4000000) window.__screen = window.__screen.slice(-2000000);
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""


def missing() -> str:
    """Why the browser cannot run here ('' when it can)."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found: {HOW_TO_INSTALL}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"Playwright is not installed: {HOW_TO_INSTALL}"
    return ""


@contextmanager
def chromium(width: int = 1366, height: int = 768, touch: bool = False) -> Iterator[Any]:
    """A page in a fresh headless chromium (its own profile folder, removed afterwards)."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="elbows-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                args=ARGS,
                headless=True,
                viewport={"width": width, "height": height},
                has_touch=touch,
                accept_downloads=False,
            )
            try:
                page = context.new_page()
                page.add_init_script(RECORD_SCREEN)
                yield page
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def wait_for_words(page: Any, words: str, timeout: float = 60.0) -> None:
    """Wait until the game has drawn ``words``; when it never does, the timeout says what
    the game drew last (its words, the terminal's codes taken out)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "words => window.__screen.includes(words)", arg=words, timeout=timeout * 1000
        )
    except PlaywrightTimeout as error:
        raise PlaywrightTimeout(f"{error.message}\nNever drawn: {words!r}; {drawn(page)}") from None


def drawn(page: Any, most: int = 1500) -> str:
    """The words the game drew last (since ``forget_screen``), for a failure to show."""
    try:
        raw = page.evaluate("window.__screen")
    except Exception as error:  # the page itself is gone
        return f"the screen could not be read ({error})"
    text = re.sub(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)", " ", raw)
    text = re.sub(r"\s+", " ", text).strip()
    return f"drawn last: ...{text[-most:]}" if text else "nothing drawn since it was forgotten"


def again_until(page: Any, act: Callable[[], None], words: str, tries: int, each: float) -> None:
    """Do ``act`` until the game draws ``words``, at most ``tries`` times, ``each`` seconds
    apart: a key or a swipe that comes while a screen is still laying itself out can be
    dropped, and a person would do it again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        act()
        try:
            wait_for_words(page, words, timeout=each)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def press_until(page: Any, key: str, words: str, tries: int = 3, each: float = 20.0) -> None:
    """Press a key that is safe to repeat until the game draws ``words``."""
    again_until(page, lambda: page.keyboard.press(key), words, tries, each)


def swipe(page: Any, x: float, y0: float, y1: float, steps: int = 12) -> None:
    """A finger dragged from (x, y0) to (x, y1), as a phone sends it."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
    for k in range(1, steps + 1):
        y = y0 + (y1 - y0) * k / steps
        cdp.send(
            "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def swipe_until(
    page: Any, x: float, y0: float, y1: float, words: str, tries: int = 3, each: float = 20.0
) -> None:
    """Swipe until the game draws ``words``: on a busy machine a swipe that comes while the
    list is still laying itself out scrolls nothing."""

    def once() -> None:
        forget_screen(page)
        swipe(page, x, y0, y1)

    again_until(page, once, words, tries, each)


def forget_screen(page: Any) -> None:
    page.evaluate("window.__screen = ''")


def focus_game(page: Any) -> None:
    """Click in the terminal so that keys go to the game."""
    page.locator(".xterm-screen").click(position={"x": 5, "y": 5})
