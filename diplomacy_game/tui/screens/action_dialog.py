"""Choosing an action's settings (a sector, a level) with the arrow keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from diplomacy_game import fmt
from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.screens.base import GameModal
from diplomacy_game.tui.widgets.footer import GameFooter
from diplomacy_game.tui.widgets.option_list import GameOptionList

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession


class ActionDialog(GameModal[dict | None]):
    """↑ ↓ pick a value, Tab the next setting, Enter confirms; returns the params or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="params.cancel"),
        Binding("ctrl+d,delete", "drop", "Drop action", id="params.drop"),
        Binding("left", "app.focus_previous", "Previous setting", show=False),
        Binding("right", "app.focus_next", "Next setting", show=False),
    ]

    def __init__(self, session: GameSession, action_id: str) -> None:
        super().__init__()
        self.session = session
        self.action_id = action_id
        self.spec = session.ruleset.actions[action_id].spec
        self.params: dict[str, Any] = session.opening_params(action_id)

    def compose(self) -> ComposeResult:
        rs = self.session.ruleset
        with Vertical(classes="dialog wide-dialog", id="params-box"):
            yield Static(self.spec.name, classes="dialog-title", markup=False)
            yield Static(self.spec.hint, classes="dialog-hint", markup=False)
            with Horizontal(id="params-lists"):
                for p in self.spec.params:
                    with Vertical(classes="param-box"):
                        yield Label(p.label or p.name.replace("_", " ").capitalize())
                        if p.kind == "number":
                            values = list(p.values)
                            options = [
                                Option(
                                    fmt.param_value(rs, self.action_id, p.name, float(v)),
                                    id=f"{v!r}",
                                )
                                for v in values
                            ]
                        else:
                            values = list(p.choices)
                            options = [
                                Option(fmt.param_value(rs, self.action_id, p.name, c), id=c)
                                for c in values
                            ]
                        yield GameOptionList(*options, id=f"param-{p.name}", classes="param-list")
            with VerticalScroll(id="params-scroll"):
                yield Static("", id="params-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Choose", id="ok", variant="primary")
                if self.action_id in self.session.plan:
                    yield Button("Drop it", id="drop", variant="warning")
                yield Button("Cancel", id="cancel")
        yield GameFooter()

    def on_mount(self) -> None:
        for p in self.spec.params:
            lst = self.query_one(f"#param-{p.name}", OptionList)
            current = self.params.get(p.name)
            key = f"{float(current)!r}" if p.kind == "number" else str(current)
            try:
                lst.highlighted = lst.get_option_index(key)
            except Exception:
                lst.highlighted = 0
        first = self.spec.params[0].name if self.spec.params else None
        if first:
            self.query_one(f"#param-{first}", OptionList).focus()
        self._status()

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        hint = find(self, ".dialog-hint", Static)
        if hint is not None:
            hint.remove_class("-squeezed")  # a taller window may have room for it again
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The effects scroll in the rows the window leaves them, so that the buttons stay in
        the box; in a window too short even for that (60x20), the hint goes (the cabinet
        room shows it under the action the player chose)."""
        room = self.fit_to_window(
            find(self, "#params-box", Vertical), find(self, "#params-scroll", VerticalScroll)
        )
        hint = find(self, ".dialog-hint", Static)
        if hint is None or not hint.display or hint.has_class("-squeezed"):
            return  # nothing left to take out
        if room is not None and room < 3:
            hint.add_class("-squeezed")
            self.call_after_refresh(self._fit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "Drop action" only for an action chosen this turn: the footer offered it for any,
        # and for one not chosen it only closed the dialog
        if action == "drop" and self.action_id not in self.session.plan:
            return False
        return super().check_action(action, parameters)

    def _value(self, name: str, option_id: str) -> Any:
        p = next(x for x in self.spec.params if x.name == name)
        return float(option_id) if p.kind == "number" else option_id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        name = (event.option_list.id or "").removeprefix("param-")
        if event.option.id is not None:
            self.params[name] = self._value(name, event.option.id)
        self._status()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_confirm()

    def _status(self) -> None:
        status = find(self, "#params-status", Static)
        if status is None:
            return
        cost, reason = self.session.check(self.action_id, self.params)
        text = Text()
        text.append(
            fmt.params_text(self.session.ruleset, self.action_id, self.params) or "—",
            style="bold cyan",
        )
        left = fmt.capital(self.session.capital_left)
        text.append(f"  ·  cost {fmt.capital(cost)} of {left} left", style="yellow")
        if self.action_id in self.session.plan:
            text.append("  (already chosen)", style="dim")
        for fact in self.session.action_facts(self.action_id, self.params):
            text.append(f"\n• {fact}")
        if reason:
            text.append(f"\nNot possible: {fmt.in_sentence(reason.rstrip('.'))}.", style="red")
        else:
            text.append("\nEnter to choose · Tab for the next setting · Esc to cancel", style="dim")
        status.update(text)
        self.call_after_refresh(self._fit)  # the effects of another value take other rows

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self.action_confirm()
        elif event.button.id == "drop":
            self.action_drop()
        else:
            self.action_cancel()

    def action_confirm(self) -> None:
        _, reason = self.session.check(self.action_id, self.params)
        if reason:
            self.app.bell()
            self.notify(f"Not possible: {fmt.in_sentence(reason.rstrip('.'))}.", severity="warning")
            return
        self.dismiss(dict(self.params))

    def action_drop(self) -> None:
        if self.action_id in self.session.plan:
            self.dismiss({"__drop__": True})
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
