"""An event that needs an answer: its story, its options, and what the advisors expect."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from diplomacy_game.text.actions import taken_if_unanswered
from diplomacy_game.text.figures import CATEGORY_TITLES
from diplomacy_game.tui.mounted import find
from diplomacy_game.tui.screens.base import GameModal
from diplomacy_game.tui.widgets.footer import GameFooter
from diplomacy_game.tui.widgets.option_list import GameOptionList

# The dialog's first line, as it opens and once a click or a tap has shown an answer (in that
# line, not under the advisors' note: a line more there would push the note out of the box of
# a long event at 80x24).
KEYS_LINE = "Enter answers, Esc decides later"
TAP_AGAIN = "Click or tap again to answer"


class AnswerList(GameOptionList):
    """An event's options. A key answers with the highlighted one (Enter); a click or a tap
    first shows an option's facts and the advisors' note, and a second on the same option
    answers: on a phone or a tablet one tap answered before the note below could be read."""

    armed: int | None = None  # the option the last click or tap showed

    async def _on_click(self, event: events.Click) -> None:
        clicked = event.style.meta.get("option")
        if clicked is None or self._options[clicked].disabled:
            return
        if clicked == self.armed:
            return  # OptionList's own handler, after this one, answers
        event.prevent_default()  # so OptionList's own handler does not answer
        self.armed = clicked
        self.highlighted = clicked
        dialog = self.screen
        if isinstance(dialog, EventDialog):
            dialog.show_hint(self._options[clicked].id, armed=True)


class EventDialog(GameModal[str | None]):
    """Dismisses with the chosen option id, or None to decide later (Esc)."""

    BINDINGS = [
        Binding("escape", "later", "Decide later", id="event.later"),
        # ↑ ↓ choose the answer; the text of a long event scrolls with shift
        Binding("shift+down", "scroll_text(1)", "Read on", id="event.read_on"),
        Binding("shift+up", "scroll_text(-1)", "Read back", id="event.read_back", show=False),
    ]

    def __init__(
        self,
        event: dict[str, Any],
        text: str,
        category: str,
        chosen: str | None = None,
        position: str = "",
    ) -> None:
        super().__init__()
        self.event = event
        self.text = text
        self.category = category
        self.chosen = chosen
        self.position = position

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="event-box"):
            # at the top: a long event pushes the bottom of the box out of a short terminal
            yield Static(self._head(KEYS_LINE), id="event-head")
            yield Static(self.event["title"], classes="dialog-title", markup=False)
            with VerticalScroll(id="event-text"):
                yield Static(self.text, markup=False)
            options = []
            unanswered = taken_if_unanswered(self.event["options"])
            for o in self.event["options"]:
                label = Text(o["label"])
                if o["id"] == self.chosen:
                    label.append("  ✔ your answer", style="green")
                elif o["id"] == unanswered:
                    label.append("  (if you do not answer)", style="dim")
                if not o["available"]:
                    label.append("  — not open to you now", style="dim")
                options.append(Option(label, id=o["id"], disabled=not o["available"]))
            yield AnswerList(*options, id="event-options")
            yield Static("", id="event-hint")
        yield GameFooter()

    def _head(self, how: str) -> Text:
        head = Text(CATEGORY_TITLES.get(self.category, self.category), style="dim")
        if self.position:
            head.append(f"  ·  {self.position}", style="dim")
        head.append(f"  ·  {how}", style="dim" if how == KEYS_LINE else "bold")
        return head

    def action_scroll_text(self, lines: int) -> None:
        text = find(self, "#event-text", VerticalScroll)
        if text is not None:
            text.scroll_relative(y=lines * 3, animate=False)

    def on_mount(self) -> None:
        lst = find(self, "#event-options", OptionList)
        if lst is None:  # the app closed as the dialog was being built: its widgets are gone
            return
        lst.focus()
        # on the answer given, else on the one the event takes unanswered: a quick Enter
        # takes what doing nothing would, never the first answer listed
        ids = [o["id"] for o in self.event["options"]]
        start = self.chosen if self.chosen in ids else None
        if start is None:
            start = taken_if_unanswered(self.event["options"])
        if start is not None:
            lst.highlighted = ids.index(start)
        # the room for the notes from the first frame, not from the first resize (a dialog
        # opened over a screen already laid out may have none before a tap): nothing moves
        self.call_after_refresh(self._keep_the_options_still)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        answers = find(self, "#event-options", AnswerList)
        armed = answers is not None and answers.armed == event.option_index
        self.show_hint(event.option.id, armed=armed)

    @staticmethod
    def _hint(option: dict[str, Any] | None) -> Text:
        """What an option costs, before it is given, and what the advisors expect of it."""
        hint = Text()
        if option is not None:
            facts = " ".join(option.get("facts") or [])
            if facts:
                hint.append(facts + "\n", style="bold")
            hint.append("Advisors: ", style="bold magenta")
            hint.append(option.get("hint") or "they have no firm view on this one.")
        return hint

    def on_resize(self) -> None:
        self.call_after_refresh(self._keep_the_options_still)

    def _keep_the_options_still(self) -> None:
        """Keep room under the options for the longest of their notes, and above them for the
        longer first line: a box that shrank or grew with the highlighted option's note moved,
        centred, under the pointer, and a second tap at the same place landed on another
        answer."""
        hint_widget = find(self, "#event-hint", Static)
        width = hint_widget.content_region.width if hint_widget is not None else 0
        if hint_widget is None or width <= 0:
            return
        console = self.app.console
        most = max(len(self._hint(o).wrap(console, width)) for o in self.event["options"])
        hint_widget.styles.min_height = most
        # and the first line, which says "click or tap again" once a tap has shown an answer
        head = find(self, "#event-head", Static)
        if head is not None and head.content_region.width > 0:
            heads = (self._head(how) for how in (KEYS_LINE, TAP_AGAIN))
            most = max(len(h.wrap(console, head.content_region.width)) for h in heads)
            head.styles.min_height = most
        # the room kept may leave the list shorter than when its answer was highlighted (on a
        # phone, the answer taken if none is given was scrolled out of sight under the others)
        answers = find(self, "#event-options", OptionList)
        if answers is not None:
            self.call_after_refresh(answers.scroll_to_highlight)

    def show_hint(self, option_id: str | None, armed: bool = False) -> None:
        """What an option costs and what the advisors expect of it; ``armed``: shown by a
        click or a tap, which a second on the same option turns into the answer."""
        hint_widget = find(self, "#event-hint", Static)
        if hint_widget is None:
            return
        option = next((o for o in self.event["options"] if o["id"] == option_id), None)
        hint_widget.update(self._hint(option))
        head = find(self, "#event-head", Static)
        if head is not None:
            head.update(self._head(TAP_AGAIN if armed else KEYS_LINE))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_later(self) -> None:
        self.dismiss(None)
