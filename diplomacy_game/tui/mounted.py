"""Reaching widgets that may not be there (yet, or any more).

A key is handled by the app as soon as it arrives, even while the screen it is bound on is
still being built; a worker's answer or a dialog's callback can arrive after the screen that
asked has gone. Every such path goes through these helpers, which check first and do nothing
(returning None or False) instead of raising ``NoMatches`` or Textual's "No Tab with id".

A screen's own ``on_mount`` and ``on_resize`` may query its widgets directly: Textual builds
a screen's children before it sends the screen ``Mount``, a screen is never removed while it
is being built (``built`` below, and ``screens/base.py``), and a removed screen gets no events.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Concatenate, ParamSpec, TypeVar, overload

from textual.app import App
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import TabbedContent

W = TypeVar("W", bound=Widget)
S = TypeVar("S", bound=Screen)
P = ParamSpec("P")


def when_built(action: Callable[Concatenate[S, P], None]) -> Callable[Concatenate[S, P], None]:
    """For a screen's key actions: a key pressed while the screen is still being built (it is
    on top at once, built a moment later) acts as soon as it is built; if the screen is closed
    first, it never does."""

    @functools.wraps(action)
    def act(screen: S, *args: P.args, **kwargs: P.kwargs) -> None:
        if screen.is_mounted:
            action(screen, *args, **kwargs)
        else:  # queued behind the screen's own mount
            screen.call_later(act, screen, *args, **kwargs)

    act.waits_for_build = True  # type: ignore[attr-defined]
    return act


@overload
def find(node: DOMNode, selector: str) -> Widget | None: ...


@overload
def find(node: DOMNode, selector: type[W]) -> W | None: ...


@overload
def find(node: DOMNode, selector: str, expect_type: type[W]) -> W | None: ...


def find(
    node: DOMNode, selector: str | type[Widget], expect_type: type[Widget] | None = None
) -> Widget | None:
    """The one widget under ``node`` matching ``selector``, or None if it is not there."""
    try:
        if expect_type is None:
            return node.query_one(selector)  # type: ignore[arg-type]
        return node.query_one(selector, expect_type)  # type: ignore[arg-type]
    except NoMatches:
        return None


def focus(node: DOMNode, selector: str) -> bool:
    """Give the widget focus if it is there; False if it is not."""
    widget = find(node, selector)
    if widget is None:
        return False
    widget.focus()
    return True


def _tab_ready(tabs: TabbedContent, pane_id: str) -> bool:
    """Whether both halves of a tab, the title in the tab bar and its pane, are mounted."""
    if not tabs.is_mounted:
        return False
    try:
        tab = tabs.get_tab(pane_id)
        tabs.get_pane(pane_id)
    except NoMatches:
        return False
    return tab.is_mounted


def switch_tab(tabs: TabbedContent | None, pane_id: str) -> bool:
    """Show the pane ``pane_id`` if its tab is mounted and not hidden; False if it is not.

    Setting ``TabbedContent.active`` to a tab that is not (yet, or no longer) mounted raises
    "No Tab with id"; a hidden tab would be shown as active with nothing to say so.

    A widget of the pane left behind that has the focus is blurred first. Otherwise, as its
    pane is hidden, Textual hands the focus to the next widget that can take it, often in the
    same pane (the actions' details beside the list), and that pane's "focused" message, landing
    after the switch, takes the tabs back to it: a key that did nothing, in a real terminal.
    The caller focuses the new tab's widget after the refresh (``focus_shown_tab``).
    """
    if tabs is None or not _tab_ready(tabs, pane_id):
        return False
    if tabs.get_tab(pane_id).has_class("-hidden"):
        return False
    if tabs.active != pane_id:
        focused = tabs.screen.focused
        if focused is not None and tabs in focused.ancestors:
            tabs.screen.set_focus(None)
        tabs.active = pane_id
    return True


def focus_shown_tab(tabs: TabbedContent | None, targets: Mapping[str, str]) -> None:
    """Focus the widget of the tab shown now (``targets``: pane id -> selector).

    Called after a refresh, never straight from a key: keys pressed in quick succession each
    switch the tab, and a focus still on its way to an earlier tab's widget would pull the
    tabs back to that tab when it lands. For the same reason the focus is given here and now,
    not by ``Widget.focus()``, which only asks for it on the app's next turn: the room's mount
    and its tab bar's first activation each focus the briefing, and on a busy machine a tab key
    came between the first focus landing and the second, which then took the room back to the
    briefing.
    """
    if tabs is None:
        return
    selector = targets.get(tabs.active)
    widget = find(tabs, selector) if selector else None
    if widget is not None and tabs.screen.focused is not widget:  # (has_focus lags behind)
        tabs.screen.set_focus(widget)


def set_tab_shown(tabs: TabbedContent | None, pane_id: str, shown: bool) -> bool:
    """Show or hide a tab's title in the tab bar; False if the tab is not mounted."""
    if tabs is None or not _tab_ready(tabs, pane_id):
        return False
    if shown:
        tabs.show_tab(pane_id)
    else:
        tabs.hide_tab(pane_id)
    return True


def set_tab_label(tabs: TabbedContent | None, pane_id: str, label: str) -> bool:
    """Give a tab's title in the tab bar a new label; False if the tab is not mounted."""
    if tabs is None or not _tab_ready(tabs, pane_id):
        return False
    tab = tabs.get_tab(pane_id)
    if str(tab.label) != label:
        tab.label = label
    return True


async def built(screen: Screen) -> None:
    """Wait until a screen on the stack has been built (at once if it has): removing a screen
    while its widgets are still mounting breaks them."""
    if screen.is_attached and not screen.is_mounted:
        await AwaitMount(screen, [screen])


async def top_built(app: App) -> Screen:
    """Wait until the screen on top is built and still on top, and return it. While one screen
    is being waited for, another may come on top (a key's, a worker's), not yet built: the
    caller would then remove that one mid-build, and its ``on_mount`` find none of its own
    widgets."""
    while True:
        top = app.screen
        await built(top)
        if app.screen is top:
            return top
