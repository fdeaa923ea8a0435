"""The cabinet room's header: date, turn, days to the review, political capital."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from diplomacy_game import fmt
from diplomacy_game.text.actions import approval_near_step, capital_refill
from diplomacy_game.text.figures import days_to_review

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession


class GameHeader(Static):
    DEFAULT_CSS = """
    GameHeader {
        height: 1;
        background: $primary-darken-2;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._session: GameSession | None = None

    def show(self, session: GameSession) -> None:
        self._session = session
        self.refresh()
        self.update(self._line())

    def on_resize(self) -> None:
        if self._session is not None:
            self.update(self._line())

    def _line(self) -> Text:
        """The long line when it fits (from 100 columns), else the short one, else (a phone
        held upright) the tight one: the capital left is never what gets cut off."""
        if self.size.width >= 100:
            line = self._words(wide=True)
            if line.cell_len <= self.size.width:
                return line
        line = self._words(wide=False)
        if line.cell_len <= self.size.width or not self.size.width:
            return line
        return self._words(wide=False, tight=True)

    def _words(self, wide: bool, tight: bool = False) -> Text:
        s = self._session
        if s is None:
            return Text("")
        state = s.state
        text = Text()
        text.append("ELBOWS UP  " if wide else "", style="bold")
        if state.over:
            # the last turn's window can run past the review; the game ends on it at the latest
            text.append(
                f"Game over · {fmt.date(min(state.date, s.ruleset.scenario.end))}", style="bold"
            )
            return text
        turn = state.turn + 1
        days = days_to_review(state, s.ruleset)
        if tight:  # "T5/9 · 28 Apr · 64d · Cap 1/2"
            text.append(f"T{turn}/{state.last_turn}", style="bold")
            text.append(f" · {state.date.day} {state.date.strftime('%b')} · ")
            text.append(f"{days}d", style="bold")
            text.append(f" · Cap {fmt.capital(s.capital_left)}/{fmt.capital(s.capital)}")
            return text
        text.append(f"Turn {turn} of {state.last_turn}", style="bold")
        text.append(" · ")
        text.append(fmt.date(state.date))
        text.append(" · ")
        text.append(
            f"{fmt.days(days)} to the review" if wide else f"{days}d to review", style="bold"
        )
        text.append(" · ")
        total = s.capital
        left = s.capital_left
        text.append("Capital " if wide else "Cap ")
        pips = int(round(total))
        used = int(round(total - left))
        if pips <= 12:
            text.append("●" * max(0, pips - used), style="bold green")
            text.append("○" * max(0, used), style="dim")
            text.append(" ")
        text.append(f"{fmt.capital(left)}/{fmt.capital(total)}", style="bold")
        if wide:
            refill = fmt.capital(capital_refill(s.ruleset, state))
            cap = fmt.capital(s.ruleset.scenario.capital.max)
            near = approval_near_step(s.ruleset, state)  # "45%" shown, 44.9 read
            at = f" at {near} approval" if near else ""
            text.append(f" (+{refill} a turn{at}, max {cap})", style="dim")
        if wide and s.plan:
            # after the capital's own brackets, not a second pair beside them
            text.append(f" · {len(s.plan)} planned")
        return text
