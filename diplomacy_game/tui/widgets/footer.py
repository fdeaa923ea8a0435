"""The footer of every screen: Textual's, which in a narrow terminal (a phone held upright)
lays its keys out on as many lines as they need instead of running them off the right edge.

In the browser a key of the footer is also a button: on a phone without a keyboard, a key cut
off is a command the student cannot reach.

It is built again only when the keys it shows change. Textual's footer rebuilds itself whenever
the bindings may have changed, at every move of the focus or of a list's highlight: that was
about 40% of the time the cabinet room took to answer an arrow key in the actions list, and
about two thirds for a tab's letter (``bench/keys.py``).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported: Textual is pinned exactly

from diplomacy_game.tui.phone import is_narrow


class GameFooter(Footer):
    """Textual's footer from ``NARROW`` columns; under it, compact keys in rows, the command
    palette's key among them (in the browser it is how a phone reaches every command)."""

    DEFAULT_CSS = """
    GameFooter.-rows { layout: vertical; height: auto; max-height: 4; }
    GameFooter .footer-row { width: 100%; height: 1; }
    GameFooter .footer-row FooterKey { margin-right: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._laid_for = 0  # the width the rows were laid out for (0: one line, as Textual's)
        self._shown: tuple | None = None  # the keys the footer was last composed with

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _keys_shown(self) -> tuple:
        """What the footer shows of the screen's bindings: each key, its words, whether it is
        enabled and its tooltip (two compositions with the same keys draw the same footer)."""
        if not self._bindings_ready:
            return ()
        return tuple(
            (
                key,
                binding.action,
                binding.description,
                binding.group,
                self.app.get_key_display(binding),
                enabled,
                tooltip,
            )
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen) -> None:
        """Textual's footer composes itself again whenever the bindings may have changed,
        which is at each move of the focus: a few dozen widgets to build and style. This one
        does so only when the keys it shows did change."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys_shown() != self._shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
        width = self._width()
        narrow = is_narrow(width)
        self._laid_for = width if narrow else 0
        self.set_class(narrow, "-rows")
        if not narrow:
            yield from super().compose()
            return
        if not self._bindings_ready:
            return
        keys = [
            FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            )
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ]
        # one key for each action, as Textual's footer shows them (ctrl+c and ctrl+q both quit)
        seen: set[str] = set()
        keys = [k for k in keys if not (k.action in seen or seen.add(k.action))]
        palette = self.app.COMMAND_PALETTE_BINDING
        bound = self.screen.active_bindings.get(palette)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and bound is not None:
            _, binding, enabled, tooltip = bound
            if binding.action not in seen:
                key = FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )
                keys.append(key)
        for row in _rows(keys, width):
            yield HorizontalGroup(*row, classes="footer-row")

    def on_mount(self) -> None:
        super().on_mount()
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def on_unmount(self) -> None:
        super().on_unmount()
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, top: Screen) -> None:
        """Under a dialog, the rows of keys step aside: the dialog's own footer is one row,
        and the rows above it, seen dimmed through the dialog's backdrop, would be keys of a
        screen the student cannot reach while the dialog is open."""
        self.display = top is self.screen or not self.has_class("-rows")

    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        narrow = is_narrow(width)
        if (width if narrow else 0) != self._laid_for:
            self.call_after_refresh(self.recompose)


def key_width(key: FooterKey) -> int:
    """The cells a compact key takes in a row: "^e End turn" and the space after it."""
    return len(key.key_display) + (1 + len(key.description) if key.description else 0) + 1


def _rows(keys: list[FooterKey], width: int) -> list[list[FooterKey]]:
    """The keys in order, as many to a row as fit in ``width``."""
    rows: list[list[FooterKey]] = [[]]
    used = 0
    for key in keys:
        need = key_width(key)
        if rows[-1] and used + need - 1 > width:  # the last key's space may fall off the edge
            rows.append([])
            used = 0
        rows[-1].append(key)
        used += need
    return rows
