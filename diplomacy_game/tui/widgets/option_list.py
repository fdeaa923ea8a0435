"""OptionList that survives page keys pressed before it has been drawn.

Textual 8.2.8's ``OptionList._move_page`` reads a line map that is only built when the list is
rendered; a PageUp/PageDown arriving between ``clear_options``/``add_options`` and the next
render raises KeyError. Building the map first avoids it (found by the random-key test).
"""

from __future__ import annotations

from textual.widgets import OptionList


class GameOptionList(OptionList):
    def _move_page(self, direction) -> None:  # type: ignore[no-untyped-def]
        try:
            super()._move_page(direction)
        except (KeyError, IndexError):
            self._update_lines()
            try:
                super()._move_page(direction)
            except (KeyError, IndexError):
                self.action_first() if direction < 0 else self.action_last()
