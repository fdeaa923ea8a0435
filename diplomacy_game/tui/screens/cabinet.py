"""The cabinet room: the state of the country, the briefing, and this turn's choices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from diplomacy_game.tui.widgets.actions import ActionDetails, ActionList
from diplomacy_game.tui.widgets.briefing import BriefingPanel
from diplomacy_game.tui.widgets.dashboard import AdvisorsPanel, IndicatorsPanel, SectorsPanel
from diplomacy_game.tui.widgets.header import GameHeader

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession

WIDE = 110  # columns from which the dashboard sits beside the tabs
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
            with TabbedContent(id="cabinet-tabs", initial="briefing"):
                with TabPane("Briefing (b)", id="briefing"):
                    yield BriefingPanel(id="briefing-panel")
                with TabPane("Actions (a)", id="actions"), Horizontal(id="actions-body"):
                    yield ActionList(id="action-list")
                    with VerticalScroll(id="action-side"):
                        yield ActionDetails(id="action-details")
                with (
                    TabPane("Economy (s)", id="economy"),
                    VerticalScroll(id="economy-scroll", can_focus=True),
                ):
                    yield IndicatorsPanel(id="tab-indicators", classes="narrow-only")
                    yield Static(
                        "Sectors (exports C$B/yr, jobs in thousands)", classes="panel-title"
                    )
                    yield SectorsPanel(id="tab-sectors")
                with (
                    TabPane("Washington (w)", id="washington"),
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
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#briefing-panel").focus()
        self._layout(self.size.width)

    def on_resize(self) -> None:
        self._layout(self.size.width)

    def _layout(self, width: int) -> None:
        wide = width >= WIDE
        if wide == self.wide:
            return
        self.wide = wide
        self.set_class(wide, "-wide")
        tabs = self.query_one("#cabinet-tabs", TabbedContent)
        if wide:
            tabs.hide_tab("washington")
            if tabs.active == "washington":
                tabs.active = "briefing"
        else:
            tabs.show_tab("washington")

    def refresh_view(self) -> None:
        s = self.session
        self.query_one(GameHeader).show(s)
        for panel in self.query(IndicatorsPanel):
            panel.show(s)
        for panel in self.query(AdvisorsPanel):
            panel.show(s)
        self.query_one(SectorsPanel).show(s)
        self.query_one(BriefingPanel).show(s)
        actions = self.query_one(ActionList)
        actions.show(s)
        highlighted = actions.highlighted_option
        self.query_one(ActionDetails).show(s, highlighted.id if highlighted else None)

    def set_busy(self, busy: bool) -> None:
        self.set_class(busy, "-busy")

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one("#cabinet-tabs", TabbedContent)
        if tab == "washington" and self.wide:
            tab = "briefing"
        tabs.active = tab
        self.query_one(FOCUS[tab]).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        target = FOCUS.get(event.pane.id or "")
        if target and not self.query_one(target).has_focus:
            self.query_one(target).focus()

    # --- choosing actions -----------------------------------------------------------------

    def on_action_list_focused(self, event: ActionList.Focused) -> None:
        self.query_one(ActionDetails).show(self.session, event.action_id)

    def on_action_list_activated(self, event: ActionList.Activated) -> None:
        s = self.session
        action_id = event.action_id
        spec = s.ruleset.actions[action_id].spec
        if spec.params:
            from diplomacy_game.tui.screens.action_dialog import ActionDialog

            self.app.push_screen(ActionDialog(s, action_id), self._params_chosen(action_id))
            return
        if action_id in s.plan:
            s.drop(action_id)
            self.notify(f"Dropped: {spec.name}.")
        else:
            reason = s.choose(action_id, {})
            if reason:
                self.notify(f"{spec.name}: not now — {reason}.", severity="warning")
                self.app.bell()
            else:
                self.notify(f"Chosen: {spec.name}.")
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
        if event.action_id in self.session.plan:
            self.session.drop(event.action_id)
            self.notify(f"Dropped: {self.session.ruleset.actions[event.action_id].spec.name}.")
            self.refresh_view()
