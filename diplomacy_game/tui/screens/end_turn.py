"""End the turn: the chosen actions and answers, and a memo of why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from diplomacy_game import fmt
from diplomacy_game.model.decisions import MAX_MEMO
from diplomacy_game.text.actions import (
    capital_overflow,
    capital_refill,
    last_turn_capital,
    refill_at_risk,
)
from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.screens.base import GameModal
from diplomacy_game.tui.widgets.footer import GameFooter
from diplomacy_game.tui.widgets.inputs import GameInput

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession


class EndTurnDialog(GameModal[str | None]):
    """Dismisses with the memo (possibly empty) to end the turn, or None to go back."""

    BINDINGS = [Binding("escape", "back", "Back", id="endturn.back")]

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        summary = Text()
        if s.plan:
            for action_id, params in s.plan.items():
                spec = s.ruleset.actions[action_id].spec
                cost, _ = s.check(action_id, params)
                detail = fmt.params_text(s.ruleset, action_id, params)
                summary.append(f"• {spec.name}", style="bold")
                if detail:
                    summary.append(f" ({detail})", style="cyan")
                summary.append(f"  {fmt.capital(cost)}◆\n", style="yellow")
        else:
            summary.append("• No action this turn: you watch and wait.\n", style="italic")
        for event in s.pending():
            chosen = s.answers.get(event["id"])
            label = next((o["label"] for o in event["options"] if o["id"] == chosen), None)
            summary.append(f"• {event['title']}: ", style="bold")
            summary.append(label or "the default answer", style="" if label else "dim")
            summary.append("\n")
        capital_line = Text()
        capital = (
            f"Political capital: {fmt.capital(s.spent())} spent, {fmt.capital(s.capital_left)} kept"
        )
        overflow = capital_overflow(s.ruleset, s.state, s.capital_left)
        last = last_turn_capital(s.state, s.capital_left)
        if last:  # the game ends with this turn: no refill to promise
            left = fmt.capital(s.capital_left)
            capital_line.append(
                f"Political capital: {fmt.capital(s.spent())} spent, {left} left. ", style="dim"
            )
            capital_line.append(last, style="yellow" if s.capital_left > 0 else "dim")
        elif overflow:  # it says the refill and the most itself
            capital_line.append(f"{capital}.", style="dim")
            capital_line.append(f" {overflow}", style="yellow")
        else:
            refill = fmt.capital(capital_refill(s.ruleset, s.state))
            most = fmt.capital(s.ruleset.scenario.capital.max)
            risk = refill_at_risk(s.ruleset, s.state)
            capital_line.append(
                f"{capital}; +{refill} at the end of the turn at today's approval, up to {most}"
                + (f" ({risk})." if risk else "."),
                style="dim",
            )
        with Vertical(classes="dialog wide-dialog", id="endturn-box"):
            yield Static(
                f"End turn {s.state.turn + 1} of {s.state.last_turn}?", classes="dialog-title"
            )
            with VerticalScroll(id="endturn-summary"):
                summary.rstrip()
                yield Static(summary)
            # under the list, not at its end: a long list scrolls, and this line (which can warn
            # that capital will be lost) stays in view
            yield Static(capital_line, id="endturn-capital")
            required = f" (required by {s.memo_required_by})" if s.memo_required else " (optional)"
            # wraps on a narrow screen (a Label was cut: "(required by your ass")
            yield Static(f"Memo: why I decided this{required}", id="endturn-memo-label")
            yield GameInput(
                s.memo,
                placeholder="A sentence or two for the record…",
                id="endturn-memo",
                max_length=MAX_MEMO,
                select_on_focus=False,  # a memo kept from before goes on; a key must not replace it
            )
            yield Static("", id="endturn-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("End the turn", id="ok", variant="primary")
                yield Button("Back", id="back")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#endturn-memo", GameInput).focus()
        self.call_after_refresh(self._fit_summary)

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self.call_after_refresh(self._fit_summary)

    def _fit_summary(self) -> None:
        """The list of choices takes the rows the window leaves it, and scrolls beyond them.

        At a fixed most of six rows at 80x24, one action and three answered events were cut
        off mid-answer with four rows of the window unused and no sign that more followed.
        """
        self.fit_to_window(
            find(self, "#endturn-box", Vertical), find(self, "#endturn-summary", VerticalScroll)
        )

    def on_input_changed(self, event: GameInput.Changed) -> None:
        """The memo is kept as it is written (with the turn's plan, beside the game's file),
        so that a game closed mid-sentence finds it again."""
        event.stop()
        self.session.set_memo(event.value)

    def on_input_submitted(self, event: GameInput.Submitted) -> None:
        event.stop()
        self._confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._confirm()
        else:
            self.action_back()

    def _confirm(self) -> None:
        memo_input = find(self, "#endturn-memo", GameInput)
        if memo_input is None:
            return
        memo = memo_input.value.strip()
        if self.session.memo_required and not memo:
            error = find(self, "#endturn-error", Static)
            if error is not None:
                error.update(
                    Text(
                        f"{fmt.sentence_start(self.session.memo_required_by)} asks for a memo"
                        " every turn: say why you decided this.",
                        style="red",
                    )
                )
                self.call_after_refresh(self._fit_summary)  # the message takes rows too
            memo_input.focus()
            return
        self.dismiss(memo)

    def action_back(self) -> None:
        """Esc keeps the memo written so far (none if the dialog was not built yet)."""
        memo_input = find(self, "#endturn-memo", GameInput)
        if memo_input is not None:
            self.session.set_memo(memo_input.value)
        self.dismiss(None)
