"""Tabbed content that stays on the tab the player chose last."""

from __future__ import annotations

from textual.widgets import TabbedContent, Tabs


class GameTabs(TabbedContent):
    """Textual's tabbed content, except that a tab bar's activation overtaken by a later
    choice is dropped.

    As the tab bar is mounted it activates its first tab, and that message reaches the
    tabbed content through the message queues; a key that chooses another tab in the meantime
    (a student typing "a" as the cabinet room first shows, on a busy machine) would be undone
    when it lands, for good. The bar knows which tab is active now: a message about another
    one is old news.
    """

    def _on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if self._is_associated_tabs(event.tabs) and event.tab.id != event.tabs.active:
            event.stop()
            event.prevent_default()  # TabbedContent's own handler would show the old tab
