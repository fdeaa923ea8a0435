"""The cabinet room: the state of the country, the briefing, and this turn's choices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TabbedContent, TabPane

from diplomacy_game.tui.mounted import (
    find,
    focus_shown_tab,
    set_tab_label,
    set_tab_shown,
    switch_tab,
    when_built,
)
from diplomacy_game.tui.phone import is_narrow
from diplomacy_game.tui.widgets.actions import ActionDetails, ActionList
from diplomacy_game.tui.widgets.briefing import BriefingPanel
from diplomacy_game.tui.widgets.dashboard import AdvisorsPanel, IndicatorsPanel, SectorsPanel
from diplomacy_game.tui.widgets.footer import GameFooter
from diplomacy_game.tui.widgets.header import GameHeader
from diplomacy_game.tui.widgets.tabs import GameTabs

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession

WIDE = 110  # columns from which the dashboard sits beside the tabs
# The tabs' labels: with their keys; on a phone, without them, or shorter still (from the
# widest that fits; the keys still work, and a tap on a tab needs none)
TAB_LABELS = {
    "briefing": ("Briefing (b)", "Briefing", "Briefing"),
    "actions": ("Actions (a)", "Actions", "Actions"),
    "economy": ("Economy (s)", "Economy", "Economy"),
    "washington": ("Washington (w)", "Washington", "US"),
}
# (a change of jobs is in jobs, as the turn result says it: "-20" beside 53.4 thousand)
SECTORS_TITLE = "Sectors (exports C$B/yr; jobs in thousands, their change in jobs)"
FOCUS = {
    "briefing": "#briefing-panel",
    "actions": "#action-list",
    "economy": "#economy-scroll",
    "washington": "#washington-scroll",
}


class CabinetScreen(Screen):
    BINDINGS = [
        Binding("ctrl+e", "app.end_turn", "End turn", id="end_turn", priority=True),
        Binding("b", "tab('briefing')", "Briefing", id="tab.briefing", show=False, priority=True),
        Binding("a", "tab('actions')", "Actions", id="tab.actions", show=False, priority=True),
        Binding("s", "tab('economy')", "Economy", id="tab.economy", show=False, priority=True),
        Binding(
            "w", "tab('washington')", "Washington", id="tab.washington", show=False, priority=True
        ),
        Binding("r", "app.answer_events", "Answer events", id="answer", priority=True),
        Binding("h", "app.history", "History", id="history", priority=True),
        # the action's details say "Enter to add it to this turn" and "x to drop": they do so
        # wherever the focus is on the Actions tab (the details pane clicked to scroll it, a
        # key that came before the list's focus landed), not only on the list
        Binding("enter,space", "highlighted('activate')", "Choose", id="tab.choose", show=False),
        Binding("x,delete,backspace", "highlighted('drop')", "Drop", id="tab.drop", show=False),
    ]

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        self.session = session
        self.wide: bool | None = None

    def compose(self) -> ComposeResult:
        yield GameHeader(id="cabinet-header")
        with Horizontal(id="cabinet-body"):
            with VerticalScroll(id="cabinet-side"):
                yield Static("The country", classes="panel-title")
                yield IndicatorsPanel(id="side-indicators")
                yield Static("Advisors' estimates of Washington", classes="panel-title")
                yield AdvisorsPanel(id="side-advisors")
            with GameTabs(id="cabinet-tabs"):  # the first tab opens (see help.py)
                with TabPane(TAB_LABELS["briefing"][0], id="briefing"):
                    yield BriefingPanel(id="briefing-panel")
                with (
                    TabPane(TAB_LABELS["actions"][0], id="actions"),
                    Horizontal(id="actions-body"),
                ):
                    yield ActionList(id="action-list")
                    with VerticalScroll(id="action-side"):
                        yield ActionDetails(id="action-details")
                with (
                    TabPane(TAB_LABELS["economy"][0], id="economy"),
                    VerticalScroll(id="economy-scroll", can_focus=True),
                ):
                    yield IndicatorsPanel(id="tab-indicators", classes="narrow-only")
                    yield Static(SECTORS_TITLE, id="sectors-title", classes="panel-title")
                    yield SectorsPanel(id="tab-sectors")
                with (
                    TabPane(TAB_LABELS["washington"][0], id="washington"),
                    VerticalScroll(id="washington-scroll", can_focus=True),
                ):
                    yield Static(
                        "What your advisors read of the White House. They may disagree, "
                        "and they may be wrong.",
                        classes="panel-note",
                    )
                    yield AdvisorsPanel(detailed=True, id="tab-advisors")
        with Vertical(id="cabinet-busy"):
            yield Static("The cabinet deliberates; the world moves…", id="busy-text")
        yield GameFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self._layout(self.size.width)
        # after the tab keys pressed while the screen was built, if any, have switched tabs
        self.call_after_refresh(focus_shown_tab, self.query_one(TabbedContent), FOCUS)

    def on_resize(self) -> None:
        self._layout(self.size.width)

    def _layout(self, width: int) -> None:
        """Beside the tabs (wide) or in them (narrow): the advisors' panel moves, and with it
        the Washington tab. Under 70 columns (a phone held upright) an action's details go
        under the list instead of beside it, where they had 11 columns, and under 60 the tabs'
        labels shorten."""
        self.set_class(width < 70, "-tall")
        self._label_tabs(width)
        wide = width >= WIDE
        if wide == self.wide:
            return
        tabs = find(self, "#cabinet-tabs", TabbedContent)
        if not set_tab_shown(tabs, "washington", not wide):
            return  # not built yet: the next resize (or the mount) lays it out
        self.wide = wide
        self.set_class(wide, "-wide")
        if wide and tabs is not None and tabs.active == "washington":
            switch_tab(tabs, "briefing")

    def _label_tabs(self, width: int) -> None:
        """The tabs' labels for the width: with their keys from ``NARROW`` columns (as they
        always were), else the widest set that fits, so no tab is cut off at the right."""
        tabs = find(self, "#cabinet-tabs", TabbedContent)
        if tabs is None:
            return
        shown = [pane for pane in TAB_LABELS if pane != "washington" or width < WIDE]
        chosen = 0
        if is_narrow(width):
            # a tab is its label and a cell on each side; two cells to spare for the edges
            chosen = 1 if sum(len(TAB_LABELS[p][1]) + 2 for p in shown) <= width - 2 else 2
        for pane in shown:
            set_tab_label(tabs, pane, TAB_LABELS[pane][chosen])
        title = find(self, "#sectors-title", Static)
        if title is not None:
            narrow = "Sectors (jobs in thousands, Δ in jobs)"
            title.update(narrow if is_narrow(width) else SECTORS_TITLE)

    def refresh_view(self) -> None:
        """Show the session as it is now; nothing to show before the screen is built or once
        it has gone (a turn can end after the player has left for another screen)."""
        s = self.session
        for header in self.query(GameHeader):
            header.show(s)
        for panel in self.query(IndicatorsPanel):
            panel.show(s)
        for panel in self.query(AdvisorsPanel):
            panel.show(s)
        for sectors in self.query(SectorsPanel):
            sectors.show(s)
        for briefing in self.query(BriefingPanel):
            briefing.show(s)
        actions = find(self, ActionList)
        if actions is None:
            return
        actions.show(s)
        highlighted = actions.highlighted_option
        self._show_details(highlighted.id if highlighted else None)

    def _show_details(self, action_id: str | None) -> None:
        for details in self.query(ActionDetails):
            details.show(self.session, action_id)

    def set_busy(self, busy: bool) -> None:
        self.set_class(busy, "-busy")

    @when_built
    def action_tab(self, tab: str) -> None:
        """b, a, s, w (Washington is the briefing when the window is wide)."""
        if tab == "washington" and self.wide:
            tab = "briefing"
        tabs = find(self, "#cabinet-tabs", TabbedContent)
        if switch_tab(tabs, tab):
            self.call_after_refresh(focus_shown_tab, tabs, FOCUS)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(focus_shown_tab, event.tabbed_content, FOCUS)

    # --- choosing actions -----------------------------------------------------------------

    def on_action_list_focused(self, event: ActionList.Focused) -> None:
        self._show_details(event.action_id)

    def action_highlighted(self, what: str) -> None:
        """Enter or x with the Actions tab shown and its list not focused: the list's own
        key, for the action highlighted there."""
        tabs = find(self, "#cabinet-tabs", TabbedContent)
        actions = find(self, "#action-list", ActionList)
        if tabs is None or actions is None or tabs.active != "actions":
            return
        actions.focus()
        if what == "activate":
            actions.action_activate()
        else:
            actions.action_drop()

    def turn_in_play(self, what: str = "choose for the next one") -> bool:
        """Whether the turn is being played, saying so if it is: the plan it took is set, and an
        action chosen or dropped now would be shown as chosen and then lost as the turn comes
        back; ``what`` the player may do once it is over."""
        if self.has_class("-busy"):
            self.notify(f"The turn is being played: {what} once it is over.")
            return True
        return False

    def on_action_list_activated(self, event: ActionList.Activated) -> None:
        if self.turn_in_play():
            return
        s = self.session
        action_id = event.action_id
        spec = s.ruleset.actions[action_id].spec
        if spec.params:
            from diplomacy_game.tui.screens.action_dialog import ActionDialog

            self.app.push_screen(ActionDialog(s, action_id), self._params_chosen(action_id))
            return
        if action_id in s.plan:
            s.drop(action_id)
            self.notify(f"Dropped: {spec.name}.", timeout=2)
        else:
            reason = s.choose(action_id, {})
            if reason:
                self.notify(f"{spec.name}: not now — {reason}.", severity="warning")
                self.app.bell()
            else:
                self.notify(f"Chosen: {spec.name}.", timeout=2)
        self.refresh_view()

    def _params_chosen(self, action_id: str):
        def done(result: dict | None) -> None:
            s = self.session
            if result is None:
                return
            if result.get("__drop__"):
                s.drop(action_id)
            else:
                reason = s.choose(action_id, result)
                if reason:
                    self.notify(f"Not now — {reason}.", severity="warning")
            self.refresh_view()

        return done

    def on_action_list_dropped(self, event: ActionList.Dropped) -> None:
        if self.turn_in_play():
            return
        name = self.session.ruleset.actions[event.action_id].spec.name
        if event.action_id in self.session.plan:
            self.session.drop(event.action_id)
            self.notify(f"Dropped: {name}.", timeout=2)
            self.refresh_view()
        else:  # the key is not silent: the action under the cursor was never chosen
            self.notify(f"{name} is not chosen this turn: nothing to drop.", timeout=2)
