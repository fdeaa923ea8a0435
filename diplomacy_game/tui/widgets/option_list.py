"""OptionList that survives page keys pressed before it has been drawn, and measures its
options at the width they are drawn at.

Textual 8.2.8's ``OptionList._move_page`` reads a line map that is only built when the list is
rendered; a PageUp/PageDown arriving between ``clear_options``/``add_options`` and the next
render raises KeyError. Building the map first avoids it (found by the random-key test).

Its line map also keeps each option's height as measured when the option was added. When the
list is refilled and grows a scrollbar, the content narrows by the scrollbar's width without a
resize, and an option that fitted one line at the old width is drawn on two with room for one:
its second line is lost. The map is rebuilt whenever the width changes.
"""

from __future__ import annotations

from textual.widgets import OptionList


class GameOptionList(OptionList):
    _measured_width: int | None = None

    def _update_lines(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._measured_width:
            if self._measured_width is not None:
                self._option_render_cache.clear()
                self._line_cache.clear()
            self._measured_width = width
        super()._update_lines()

    def _move_page(self, direction) -> None:  # type: ignore[no-untyped-def]
        try:
            super()._move_page(direction)
        except (KeyError, IndexError):
            self._update_lines()
            try:
                super()._move_page(direction)
            except (KeyError, IndexError):
                self.action_first() if direction < 0 else self.action_last()
