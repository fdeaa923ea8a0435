"""Screens that can be dismissed only once, and only once they are built.

A fast typist (or the random-key test) can press Enter twice before a dialog has gone; a
second ``dismiss`` would pop the screen underneath it. A key can also close a screen that
is still being built: removing it then pulls its widgets out from under their own mounting
(Textual's tabs raise "No Tab with id"), so it closes as soon as it is built instead.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen


class _Once:
    _dismissed = False

    def dismiss(self, result: Any = None):  # type: ignore[no-untyped-def]
        if self._dismissed or not self.is_current:  # type: ignore[attr-defined]
            return AwaitComplete.nothing()
        self._dismissed = True
        if not self.is_mounted:  # type: ignore[attr-defined]
            # runs after the screen's own mount, which comes first in its queue
            self.call_later(self._dismiss_built, result)  # type: ignore[attr-defined]
            return AwaitComplete.nothing()
        return super().dismiss(result)  # type: ignore[misc]

    def _dismiss_built(self, result: Any) -> None:
        if self.is_current:  # type: ignore[attr-defined]
            super().dismiss(result)  # type: ignore[misc]
        else:  # another screen came on top meanwhile: this one stays, and can be closed later
            self._dismissed = False


R = TypeVar("R")


class GameModal(_Once, ModalScreen[R], Generic[R]):
    """A modal dialog dismissed at most once."""


class GameScreen(_Once, Screen[R], Generic[R]):
    """A pushed screen dismissed at most once."""
