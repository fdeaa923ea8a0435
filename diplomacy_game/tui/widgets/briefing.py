"""The briefing: this turn's story, written as paragraphs."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from diplomacy_game.text.turns import briefing
from diplomacy_game.tui.mounted import find

if TYPE_CHECKING:
    from diplomacy_game.tui.session import GameSession


def briefing_renderable(session: GameSession) -> Group:
    parts: list[Text] = []
    answered = session.answers
    for p in briefing(session.ruleset, session.state, session.last_report()):
        if p.kind == "heading":
            parts.append(Text(p.text, style="bold underline"))
        elif p.kind == "you":
            parts.append(Text(p.text, style="italic cyan"))
        elif p.kind == "posture":
            parts.append(Text("Washington: ", style="bold magenta") + Text(p.text))
        elif p.kind in ("event", "await"):
            title = Text("■ " + p.title, style="bold yellow" if p.kind == "await" else "bold")
            parts.append(title)
            if p.text:
                parts.append(Text(p.text))
        else:
            parts.append(Text(p.text))
        parts.append(Text(""))
    pending = session.pending()
    if pending:
        parts.append(_answers_line(pending, answered))
    return Group(*parts)


def _answers_line(pending: list[dict[str, Any]], answered: Container[str]) -> Text:
    """Which of this turn's events still wait for an answer, and which are answered (an
    answer can be changed until the turn ends)."""
    waiting = [e["title"] for e in pending if e["id"] not in answered]
    done = [e["title"] for e in pending if e["id"] in answered]
    line = Text()
    if waiting:
        line.append("Awaiting your answer: ", style="bold yellow")
        line.append("; ".join(waiting))
    if done:
        line.append("  " if waiting else "")
        line.append("Answered: ", style="bold")
        line.append("; ".join(f"✔ {title}" for title in done))
    hint = "press r to answer" if waiting else "press r to change an answer"
    line.append(f"  — {hint}.", style="dim")
    return line


class BriefingPanel(VerticalScroll, can_focus=True):
    """A scrollable briefing (arrow keys and page keys scroll it)."""

    DEFAULT_CSS = """
    BriefingPanel { padding: 0 1; }
    BriefingPanel > Static { width: 1fr; }
    """

    def compose(self):
        yield Static("", id="briefing-text")

    def show(self, session: GameSession) -> None:
        text = find(self, "#briefing-text", Static)
        if text is not None:
            text.update(briefing_renderable(session))
