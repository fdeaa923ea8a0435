"""Screens that can be dismissed only once.

A fast typist (or the random-key test) can press Enter twice before a dialog has gone; a
second ``dismiss`` would pop the screen underneath it.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.screen import ModalScreen, Screen


class _Once:
    _dismissed = False

    def dismiss(self, result: Any = None):  # type: ignore[no-untyped-def]
        if self._dismissed or not self.is_current:  # type: ignore[attr-defined]
            from textual.await_complete import AwaitComplete

            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[misc]


R = TypeVar("R")


class GameModal(_Once, ModalScreen[R], Generic[R]):
    """A modal dialog dismissed at most once."""


class GameScreen(_Once, Screen[R], Generic[R]):
    """A pushed screen dismissed at most once."""
