"""The actions of a turn, grouped by family, with their cost, availability and hint."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from diplomacy_game import fmt
from diplomacy_game.engine.game import default_params
from diplomacy_game.text.actions import cooling_text, rests_past_the_end
from diplomacy_game.text.figures import FAMILY_TITLES
from diplomacy_game.tui.widgets.option_list import GameOptionList

if TYPE_CHECKING:
    from diplomacy_game.engine.game import ActionOption
    from diplomacy_game.tui.session import GameSession


class ActionList(GameOptionList):
    """Enter or space chooses an action (or sets its parameters); delete drops it."""

    BINDINGS = [
        Binding("space", "activate", "Choose", id="action.choose", show=False),
        Binding("delete,backspace,x", "drop", "Drop action", id="action.drop"),
    ]

    # the actions in the plan, as of the last show(): the footer offers "Drop action" for them
    _chosen: frozenset[str] = frozenset()

    class Activated(Message):
        def __init__(self, action_id: str) -> None:
            super().__init__()
            self.action_id = action_id

    class Dropped(Message):
        def __init__(self, action_id: str) -> None:
            super().__init__()
            self.action_id = action_id

    class Focused(Message):
        def __init__(self, action_id: str | None) -> None:
            super().__init__()
            self.action_id = action_id

    def show(self, session: GameSession) -> None:
        keep = self.highlighted_option.id if self.highlighted_option else None
        self.clear_options()
        options = session.options()
        self._chosen = frozenset(session.plan)
        self.refresh_bindings()
        families = list(FAMILY_TITLES)
        families += sorted({o.family for o in options} - set(families))
        prompts: list[Option] = []
        for family in families:
            members = [o for o in options if o.family == family]
            if not members:
                continue
            title = Text(f"── {FAMILY_TITLES.get(family, family.title())} ", style="bold")
            title.append("─" * 60, style="dim")
            heading = Table.grid(expand=True)
            heading.add_column(ratio=1, no_wrap=True, overflow="crop")
            heading.add_row(title)
            prompts.append(Option(heading, id=f"family:{family}", disabled=True))
            for option in members:
                prompts.append(Option(self._prompt(session, option), id=option.id))
        self.add_options(prompts)
        target = keep if keep and keep in session.ruleset.actions else None
        if target is None:
            target = next((o.id for o in options if o.id in session.plan), None)
        if target is None:
            target = next((p.id for p in prompts if p.id and not p.disabled), None)
        if target is not None:
            with contextlib.suppress(OptionDoesNotExist):
                self.highlighted = self.get_option_index(target)

    @staticmethod
    def _prompt(session: GameSession, option: ActionOption) -> Table:
        chosen = option.id in session.plan
        mark = Text()
        if chosen:
            mark.append("[✔]", style="bold green")
        elif option.available:
            mark.append("[ ]")
        else:
            mark.append(" ✗ ", style="red")
        style = "bold" if chosen else ("" if option.available else "dim")
        name = Text(option.name, style=style)
        if chosen and session.plan[option.id]:
            detail = fmt.params_text(session.ruleset, option.id, session.plan[option.id])
            if detail:
                name.append(f" ({detail})", style="cyan")
        elif option.params:
            name.append(" …", style="dim")
        resting = cooling_text(session.state, option.wait)
        if rests_past_the_end(session.state, option.wait):
            cost = Text("used", style="dim")  # resting past the last turn
        elif resting:
            # an action resting after use costs nothing now only because it cannot be taken
            cost = Text(f"wait {option.wait}", style="dim")
        elif option.used_up:
            cost = Text("used", style="dim")
        else:
            cost = Text(
                f"{fmt.capital(option.cost)}◆",
                style="yellow" if option.available or chosen else "dim",
            )
        grid = Table.grid(expand=True, padding=(0, 1, 0, 0))
        grid.add_column(width=3, no_wrap=True)
        # a long name wraps onto a second line rather than losing its end
        grid.add_column(ratio=1, overflow="fold")
        grid.add_column(justify="right", no_wrap=True, width=6)
        grid.add_row(mark, name, cost)
        return grid

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Drop is offered only for a chosen action. For any other the key passes on to the
        cabinet room, which says there is nothing to drop."""
        if action == "drop":
            option = self.highlighted_option
            return option is not None and option.id in self._chosen
        return super().check_action(action, parameters)

    def action_activate(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id and not option.id.startswith("family:"):
            self.post_message(self.Activated(option.id))

    def action_drop(self) -> None:
        option = self.highlighted_option
        if option is not None and option.id and not option.id.startswith("family:"):
            self.post_message(self.Dropped(option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and not event.option.id.startswith("family:"):
            self.post_message(self.Activated(event.option.id))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.refresh_bindings()
        self.post_message(self.Focused(event.option.id))


class ActionDetails(Static):
    """The highlighted action: what it does, what the advisors expect, why it is unavailable."""

    DEFAULT_CSS = """
    ActionDetails { height: auto; padding: 0 1; }
    """

    def show(self, session: GameSession, action_id: str | None) -> None:
        self.update(details_text(session, action_id))


def details_text(session: GameSession, action_id: str | None) -> Text:
    """What the details pane shows of an action."""
    if not action_id or action_id not in session.ruleset.actions:
        return Text("Choose an action with ↑ ↓ and Enter.", style="dim")
    spec = session.ruleset.actions[action_id].spec
    option = next((o for o in session.options() if o.id == action_id), None)
    text = Text()
    text.append(spec.name, style="bold")
    text.append(f"  ·  {FAMILY_TITLES.get(spec.family, spec.family)}\n", style="dim")
    resting = cooling_text(session.state, option.wait) if option is not None else ""
    if resting:
        text.append(f"Resting after use: {resting}.\n", style="yellow")
    elif option is not None and not option.used_up:
        # (an action used as often as allowed has no cost to show: "Not now" below says why)
        cost = fmt.capital(option.cost)
        text.append(f"Cost: {cost} political capital", style="yellow")
        left = fmt.capital(session.capital_left)
        text.append(f"  (you have {left} left)\n", style="dim")
    params = session.plan.get(action_id) or default_params(session.ruleset, action_id)
    for fact in session.action_facts(action_id, params):
        text.append("• " + fact + "\n")
    if action_id in session.plan:
        detail = fmt.params_text(session.ruleset, action_id, session.plan[action_id])
        if detail:  # the setting said as the end of the sentence, not dropped into it
            text.append("Chosen for this turn: ", style="bold green")
            text.append(detail.rstrip("."), style="cyan")
            text.append(". ", style="bold green")
        else:
            text.append("Chosen for this turn. ", style="bold green")
        # (Enter on a chosen action without settings drops it: there is nothing to change)
        again = "Enter to change, x to drop." if spec.params else "Enter or x to drop it."
        text.append(again + "\n", style="dim")
    elif option is not None and not option.available:
        if not resting:  # (a resting action's line above says when it is back)
            # a content author's reason opens a sentence of its own ("The surcharge is
            # already in force."); after "Not now:" it reads as the engine's ("costs 3 ...")
            reason = fmt.in_sentence(option.reason.rstrip("."))
            text.append(f"Not now: {reason}.\n", style="red")
    elif spec.params:
        text.append("Enter to choose its settings.\n", style="dim")
    else:
        text.append("Enter to add it to this turn.\n", style="dim")
    if spec.description:
        text.append("\n" + spec.description.strip() + "\n")
    if spec.hint:
        text.append("\nAdvisors: ", style="bold magenta")
        text.append(spec.hint.strip())
    return text
