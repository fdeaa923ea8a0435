"""Help: the keys, how a turn works, and the glossary."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from diplomacy_game.text.actions import capital_rule
from diplomacy_game.tui.mounted import find, focus_shown_tab, switch_tab, when_built
from diplomacy_game.tui.screens.base import GameScreen
from diplomacy_game.tui.widgets.footer import GameFooter
from diplomacy_game.tui.widgets.tabs import GameTabs

KEYS = [
    ("Anywhere", ""),
    ("?", "this help"),
    ("Ctrl+S", "save the game under a name"),
    ("Ctrl+O", "load a saved game"),
    ("Ctrl+P", "command palette: every command by name"),
    ("Ctrl+Q", "quit (asks first if the game is not saved)"),
    ("Tab / Shift+Tab", "move between parts of a screen"),
    ("Esc", "close a dialog or go back"),
    ("The cabinet room", ""),
    ("b  a  s  w", "briefing, actions, economy, Washington (advisors)"),
    ("↑ ↓  Enter", "in the actions: move, choose (or set its sector, level…)"),
    ("x or Delete", "drop a chosen action"),
    ("r", "answer the events waiting for you"),
    ("Shift+↓ ↑", "in an event: read on in a long text"),
    ("h", "history: plots and the log of the game"),
    ("c", "after a turn or in the history: every cause of every change"),
    ("Ctrl+E", "end the turn (you confirm and may write a memo)"),
    ("Choosing settings", ""),
    ("↑ ↓", "pick a value (the cost updates as you go)"),
    ("Tab  ← →", "next or previous setting"),
    ("Enter", "confirm"),
]


_STEP = re.compile(r"\s*(\d+)\. (.*)")  # a numbered step: " 7. The President picks ..."


def reflow(text: str) -> str:
    """Lines of a paragraph or of a numbered step joined into one, so the screen wraps them at
    its own width (a text broken at 96 columns reads ragged at 80)."""
    out: list[str] = []
    for line in text.splitlines():
        starts = not line.strip() or _STEP.match(line)
        if out and out[-1].strip() and not starts:
            out[-1] += " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out) + "\n"


TURN = """\
Each turn is two weeks. You read the briefing, then spend political capital on actions:
retaliation, concessions, diplomacy, and measures at home. Each action shows its cost, whether
you can take it now (and why not), and what your advisors expect of it.

When you end the turn (Ctrl+E), in order:
 1. Your decision is checked whole; an illegal one changes nothing.
 2. Your answers to last turn's events take effect (an unanswered event takes its default).
 3. Your actions apply; Washington and the groups at home react to them.
 4. Delayed effects of earlier actions land.
 5. The economy moves two weeks: exports, jobs, prices, the budget.
 6. The news of the fortnight: dated milestones, and what follows from earlier events.
 7. The President picks a posture in the light of that news: escalate, threaten, hold,
    reward, offer a deal, or move the goalposts. You never see his mind, only your
    advisors' estimates, which can disagree and can be wrong. Then your call or visit, his
    move, and the news of the day (on the last turn, none of it asks for an answer).
 8. Politics at home: pressure from provinces and groups, approval, resolve, the opposition.
 9. Political capital refills; your advisors read Washington again.
10. The game may end: the government falls, a deal, a trade war, or the CUSMA review on
    1 July 2026.

After a turn, the result shows each change with its main causes; c opens every cause of
every figure (also from the history, turn by turn). A change is shown at most one place finer
than the figure itself; ≈0 means about unchanged: a change too small to show there, which
still took the figure across a rounding line (2.2% the turn before, 2.1% now).

The game is saved automatically at the end of every turn ("Continue" on the title screen).
The same scenario and seed always give the same game: a class can all play seed 42.
"""
TURN = reflow(TURN)


def with_steps(text: str) -> Group:
    """Reflowed text with its numbered steps in a column of their own, so that a step's
    wrapped lines line up under its first word instead of under its number."""
    parts: list[Text | Table] = []
    steps: Table | None = None
    for line in text.split("\n"):  # a text ending in a newline ends in a blank line
        step = _STEP.match(line)
        if step is None:
            steps = None
            parts.append(Text(line))
            continue
        if steps is None:
            steps = Table.grid(padding=(0, 1))
            steps.add_column(justify="right", no_wrap=True)
            steps.add_column()
            parts.append(steps)
        steps.add_row(f"{step.group(1)}.", step.group(2))
    return Group(*parts)


FOCUS = {"keys": "#help-keys", "turn": "#help-turn", "glossary": "#help-glossary"}


class HelpScreen(GameScreen[None]):
    KEYS = KEYS  # what another way of playing (a class in the browser) says differently
    TURN = TURN
    NOTE = ""  # a line above the tabs, whichever is shown (a class game's key)
    BINDINGS = [
        Binding("escape,question_mark", "close", "Back", id="help.back"),
        Binding("k", "tab('keys')", "Keys", id="help.keys"),
        Binding("t", "tab('turn')", "A turn", id="help.turn"),
        Binding("g", "tab('glossary')", "Glossary", id="help.glossary"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("How to play Elbows Up", id="help-title")
        if self.NOTE:
            yield Static(self.NOTE, id="help-note", markup=False)
        # No ``initial``: the first tab (Keys) opens anyway, and a named one is looked up as
        # the tabs mount, which raised "No Tab with id '--content-tab-keys'" when help was
        # closed or replaced while it was being built on a busy machine.
        with GameTabs(id="help-tabs"):
            with TabPane("Keys", id="keys"), VerticalScroll(id="help-keys", can_focus=True):
                yield Static(self._keys())
            with TabPane("A turn", id="turn"), VerticalScroll(id="help-turn", can_focus=True):
                yield Static(with_steps(self.TURN))
                yield Static(self._capital(), id="help-capital", markup=False)
            with (
                TabPane("Glossary", id="glossary"),
                VerticalScroll(id="help-glossary", can_focus=True),
            ):
                yield Static("Loading the glossary…", id="glossary-text")
        yield GameFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(focus_shown_tab, self.query_one(TabbedContent), FOCUS)
        session = getattr(self.app, "session", None)
        if session is not None:
            self._show_glossary(list(session.ruleset.glossary))
        else:
            self.load_glossary()

    @work(thread=True, exclusive=True, group="glossary")
    def load_glossary(self) -> None:
        from diplomacy_game.content import load_content

        config = self.app.config  # type: ignore[attr-defined]
        try:
            cs = load_content(config.content, builtin=config.builtin)
            entries = list(cs.entities.get("glossary", {}).values())
        except Exception:  # the glossary is a nicety; a broken pack must not break help
            entries = []
        self.app.call_from_thread(self._show_glossary, entries)

    def _show_glossary(self, entries: list[Any]) -> None:
        glossary = find(self, "#glossary-text", Static)
        if glossary is None:
            return  # help was closed before the glossary was read
        text = Text()
        for entry in sorted(entries, key=lambda e: e.term.lower()):
            text.append(entry.term, style="bold")
            text.append("\n" + entry.text.strip() + "\n\n")
        if not entries:
            text.append("The glossary is empty.", style="dim")
        glossary.update(text)

    def _capital(self) -> str:
        session = getattr(self.app, "session", None)
        if session is None:
            return (
                "Political capital (◆) pays for actions. It refills at the end of every turn, "
                "by more when approval is higher, up to the scenario's maximum; what you do "
                "not spend is kept. A game's help gives the exact amounts."
            )
        return capital_rule(session.ruleset, session.state)

    @classmethod
    def _keys(cls) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in cls.KEYS:
            if not what:
                table.add_row(Text(key, style="bold underline"), "")
            else:
                table.add_row(key, what)
        return table

    @when_built
    def action_tab(self, tab: str) -> None:
        """k, t, g: the keys, a turn, the glossary."""
        tabs = find(self, "#help-tabs", TabbedContent)
        if switch_tab(tabs, tab):
            self.call_after_refresh(focus_shown_tab, tabs, FOCUS)

    def action_close(self) -> None:
        self.dismiss(None)
