"""Tabbed content that stays on the tab the player chose last."""

from __future__ import annotations

from textual.widgets import TabbedContent, TabPane, Tabs


class GameTabs(TabbedContent):
    """Textual's tabbed content, except that news of a tab overtaken by a later choice is
    dropped.

    Textual shows the tab its tab bar activated, and the tab of the widget focused. Both are
    told by messages that travel through the widgets' queues, and a tab key can act before
    one of them lands: as the tab bar is mounted it activates its first tab, and a student
    typing "a" as the cabinet room first shows (in the browser, on a busy machine) saw the
    actions and then the briefing again, for good; a key pressed just after a widget was
    focused was undone by that focus's message the same way. Each message is checked against
    what is true when it lands: the tab the bar has active now, the widget focused now.
    """

    def _on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if self._is_associated_tabs(event.tabs) and event.tab.id != event.tabs.active:
            event.stop()
            event.prevent_default()  # TabbedContent's own handler would show the old tab

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.stop()
            event.prevent_default()  # the focus has moved on (or away) since
