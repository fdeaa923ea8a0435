"""Screens whose keys act only once they are built, and that are dismissed only once.

A screen is on top as soon as it is pushed and built a moment later: a key bound on it that
arrives meanwhile would find none of its widgets, so it does nothing (unless its action
waits for the build itself, ``mounted.when_built``). A fast typist (or the random-key test)
can press Enter twice before a dialog has gone; a second ``dismiss`` would pop the screen
underneath it. And a screen closed while it is being built has its widgets pulled out from
under their own mounting (Textual's tabs raise "No Tab with id"), so it closes as soon as it
is built instead.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.phone import is_narrow
from diplomacy_game.tui.widgets.footer import GameFooter


class _Once:
    _dismissed = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.is_mounted:  # type: ignore[attr-defined]
            return True
        act = getattr(self, f"action_{action}", None)
        return bool(getattr(act, "waits_for_build", False))

    def _on_mount(self) -> None:
        # the footer was drawn while the keys were still off: show them
        self.refresh_bindings()  # type: ignore[attr-defined]

    def dismiss(self, result: Any = None):  # type: ignore[no-untyped-def]
        # Only from the top of the stack: Textual's dismiss pops the screen on top, and a screen
        # seen behind a dialog counts as "current". Asked to close from under another (a key
        # pressed as it was built, acting once it is), it would pop that one instead, unseen,
        # and stay for good, every later Escape ignored as a second dismissal.
        if self._dismissed or not self.is_active:  # type: ignore[attr-defined]
            return AwaitComplete.nothing()
        self._dismissed = True
        if not self.is_mounted:  # type: ignore[attr-defined]
            # runs after the screen's own mount, which comes first in its queue
            self.call_later(self._dismiss_built, result)  # type: ignore[attr-defined]
            return AwaitComplete.nothing()
        return super().dismiss(result)  # type: ignore[misc]

    def _dismiss_built(self, result: Any) -> None:
        if self.is_active:  # type: ignore[attr-defined]
            super().dismiss(result)  # type: ignore[misc]
        else:  # another screen came on top meanwhile: this one stays, and can be closed later
            self._dismissed = False


R = TypeVar("R")


class GameModal(_Once, ModalScreen[R], Generic[R]):
    """A modal dialog dismissed at most once. In a terminal of fewer than ``SHORT`` rows it has
    the class ``-short``, which its styles use to tighten their spacing: 24 rows cannot hold a
    long dialog at full spacing, and what is cut off is its bottom, where the buttons and the
    advisors' line are. On a phone held upright (``phone.NARROW``) the text wraps to twice
    as many lines: there the dialog is tightened under ``SHORT_ON_A_PHONE`` rows."""

    SHORT = 30
    SHORT_ON_A_PHONE = 45

    def _on_mount(self) -> None:
        super()._on_mount()
        self.set_class(self._short(*self.app.size), "-short")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(self._short(*event.size), "-short")

    def _short(self, width: int, height: int) -> bool:
        return height < (self.SHORT_ON_A_PHONE if is_narrow(width) else self.SHORT)

    def fit_to_window(self, box: Widget | None, part: Widget | None, least: int = 3) -> int | None:
        """Give ``part`` (a scrolling part of the dialog's ``box``) the rows the window leaves
        it, and at least ``least``; returns the rows it was left (less than ``least`` where
        the window is too short for the rest of the box; None before the box is laid out).
        A fixed most cut the box's end (its buttons) off in a short window, or left rows of
        a tall one unused."""
        if box is None or part is None or not box.region.height:
            return None
        # all but the part: from the top of the box's first child to the bottom of its last
        # (laid out in full even where the box cuts them off), and its border and padding
        shown = [child.region for child in box.children if child.display and child.region]
        if not shown:  # (the box is being taken down: a key ended the dialog meanwhile)
            return None
        span = max(r.bottom for r in shown) - min(r.y for r in shown)
        rest = span - part.region.height + box.styles.gutter.height
        # the box is at most 95% of what the footer leaves of the window
        footer = find(self, GameFooter)
        below = footer.outer_size.height if footer is not None and footer.display else 0
        room = int((self.size.height - below) * 0.95) - rest
        part.styles.max_height = max(least, room)
        return room


class GameScreen(_Once, Screen[R], Generic[R]):
    """A pushed screen dismissed at most once."""
