"""Plain mode: the same game as numbered prompts and sentences, for screen readers.

No box drawing, no colours, no cursor movement: every line is a sentence that makes sense on
its own, and every choice is a numbered list answered by typing a number. Never imports
Textual.
"""

from __future__ import annotations

import os
import random
import re
import shlex
import shutil
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from diplomacy_game import fmt
from diplomacy_game.model.decisions import MAX_MEMO
from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.saves.safe_json import one_line
from diplomacy_game.text.actions import (
    capital_overflow,
    cooling_text,
    last_turn_capital,
    taken_if_unanswered,
)
from diplomacy_game.text.figures import (
    FAMILY_TITLES,
    days_to_review,
    ieepa_note,
    indicator_rows,
    reading_views,
    reading_warnings,
    revealed,
    sector_rows,
    support_note,
)
from diplomacy_game.text.turns import (
    biggest_changes,
    briefing,
    ending_lines,
    headline_changes,
    key_decisions,
    ledger_entries,
    past_turns,
)
from diplomacy_game.tui.config import LaunchConfig

if TYPE_CHECKING:
    from diplomacy_game.engine.turn import TurnReport


class Quit(Exception):
    """The player asked to stop."""


# What a wrapped line's later lines are indented by: its own indent, and the number of a
# numbered option ("  4. Lead a trade mission ..." goes on under "Lead").
_HANGING = re.compile(r"\s*(?:\d+\.\s+)?")


def wrap_lines(text: str, width: int) -> str:
    """``text`` with every line longer than ``width`` broken between words, its later lines
    indented under the first one's text; words longer than the width are left whole."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        numbered = _HANGING.match(line)
        hang = " " * min(numbered.end() if numbered else 0, width // 2)
        out.extend(
            textwrap.wrap(
                line,
                width,
                subsequent_indent=hang,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [line]
        )
    return "\n".join(out)


class Prompter:
    """Says sentences and asks questions. In a terminal, a sentence longer than the terminal
    is wide is broken between words (the terminal itself would break it inside one); piped or
    written to a file, every sentence stays one line, as screen readers and scripts want it."""

    def __init__(self, inp: TextIO, out: TextIO, width: int | None = None) -> None:
        self.inp, self.out = inp, out
        self.width = width

    def _width(self) -> int | None:
        if self.width is not None:
            return self.width
        try:
            if not self.out.isatty():
                return None
        except (AttributeError, ValueError):  # a closed or unusual stream
            return None
        return max(20, shutil.get_terminal_size().columns)  # read each time: a resize counts

    def say(self, text: str = "") -> None:
        width = self._width()
        if width:
            text = wrap_lines(text, width)
        self.out.write(text + "\n")
        self.out.flush()

    def ask(self, question: str) -> str:
        width = self._width()
        if width:  # the answer is typed after the question's last line
            question = wrap_lines(question, width - 1)
        self.out.write(question + " ")
        self.out.flush()
        line = self.inp.readline()
        if not line:  # end of input: stop cleanly
            self.out.write("\n(no more input: stopping)\n")
            raise Quit
        return line.strip()

    def choose(
        self, question: str, options: list[str], allow_back: bool = True, heard: bool = False
    ) -> int | None:
        """A numbered list; returns the 0-based index, or None for 'back' (0). After an
        answer that is not one of the numbers only the question is asked again (a screen reader
        does not read the whole list out once more); an empty answer shows the list again.
        ``heard``: the player has heard this very list already; only the question is asked,
        with the way to hear the list."""
        listed = heard
        if heard:
            low = 0 if allow_back else 1
            self.say(f"{question} ({low} to {len(options)}; Enter alone lists them.)")
        while True:
            if not listed:
                self.say(question)
                for i, label in enumerate(options, start=1):
                    self.say(f"  {i}. {label}")
                if allow_back:
                    self.say("  0. Back")
                listed = True
            answer = self.ask("Type a number and press Enter:")
            if answer.lower() in ("q", "quit", "exit"):
                raise Quit
            if answer.isdecimal():  # not isdigit: '³' or '①' is a digit int() cannot read
                n = int(answer)
                if n == 0 and allow_back:
                    return None
                if 1 <= n <= len(options):
                    return n - 1
            if not answer:
                listed = False
                continue
            self.say(
                f"Please type a number from {0 if allow_back else 1} to {len(options)}"
                " (Enter alone lists them again)."
            )


def run_plain(config: LaunchConfig, inp: TextIO | None = None, out: TextIO | None = None) -> int:
    """Play at numbered prompts a new game (of ``config.scenario``, or one the player
    chooses) or the saved game at ``config.path`` (mode "load"); returns the exit code."""
    p = Prompter(inp or sys.stdin, out or sys.stdout)
    from diplomacy_game.tui.session import ContentError, GameSession, SaveError

    library = SaveLibrary(config.saves_dir)
    extra = list(config.content)
    load = config.path if config.mode == "load" else None
    try:
        if config.mode == "title":  # as the title screen: a game to continue comes first
            load = _continue_or_new(p, library, extra)
        if load:
            session = _open_save(p, Path(load), library, extra)
            for notice in session.notices:
                p.say(notice)
            if session.replayed:
                kept = session.kept_words()  # where the replayed game is autosaved
                p.say(
                    f"Playing the replayed game: {session.ruleset.scenario.title}, after turn "
                    f"{session.state.turn}. {kept}"
                )
            else:
                p.say(
                    f"Loaded {session.loaded_from or load}: {session.ruleset.scenario.title}, "
                    f"after turn {session.state.turn}."
                )
            note = session.resume_plan()
            if note:
                p.say(note)
        else:
            scenario = config.scenario
            if not scenario:
                from diplomacy_game.tui.session import scenarios

                found = scenarios(extra)
                if len(found) == 1:
                    scenario = found[0].id
                else:
                    i = p.choose(
                        "Choose a scenario.",
                        [f"{s.title} ({s.turns} turns, {s.difficulty})" for s in found],
                        False,
                    )
                    scenario = found[i or 0].id
            seed = config.seed
            if seed is None:
                seed = random.randrange(1, 100_000)
            session = GameSession.new(scenario, int(seed), library, extra)
            p.say(
                f"{session.ruleset.scenario.title}. Seed {seed}: the same seed gives the same game."
            )
            for notice in session.notices:  # a saves folder that cannot be written
                p.say(notice)
            p.say(session.ruleset.scenario.description.strip())
    except (ContentError, SaveError, ValueError) as exc:
        sys.stderr.write(f"diplomacy-game: {exc}\n")
        return 1
    except Quit:
        return 0
    try:
        return PlainGame(session, p, extra).run()
    except Quit:
        p.say(goodbye(session))
        return 0


def _continue_or_new(p: Prompter, library: SaveLibrary, extra: list[Path]) -> Path | None:
    """The latest game not over, when there is one, offered before a new game (as the title
    screen's Continue): its file if the player takes it up, else None."""
    from diplomacy_game.tui.view import latest_unfinished

    latest = latest_unfinished(library.list())
    if latest is None:
        return None
    from diplomacy_game.tui.session import scenario_title

    title = scenario_title(latest.scenario, extra)
    turn = min(latest.turn + 1, latest.last_turn)
    i = p.choose(
        "Continue your game, or start a new one?",
        [f"Continue {title}, at turn {turn} of {latest.last_turn} ({latest.name})", "New game"],
        False,
    )
    return Path(latest.path) if i == 0 else None


def _open_save(p: Prompter, path: Path, library: SaveLibrary, extra: list[Path]) -> Any:
    """The saved game at ``path``; a save of another version of the content is played again
    under this one if the player says so (else SaveError, the file unchanged)."""
    from diplomacy_game.saves.carry import offer_words
    from diplomacy_game.saves.reading import ContentVersionError
    from diplomacy_game.tui.session import GameSession

    try:
        return GameSession.load(path, library, extra)
    except ContentVersionError as exc:
        p.say(offer_words(path))
        answer = p.ask("Play it again under this version? Type y to do so, Enter to leave it:")
        if answer.lower() not in ("y", "yes"):
            raise exc from None
    return GameSession.carry_over(path, library, extra)


def goodbye(session: Any) -> str:
    """What the player is told on quitting: what there is to continue from, as it is."""
    if session.over:
        return "Goodbye."
    words = session.kept_words()
    if session.plan_kept and session.planned:
        words += " This turn's choices are kept, and come back when you continue."
    return f"Goodbye. {words}"


def action_label(s: Any, o: Any) -> str:
    """An action as the list of its kind offers it: its name, its cost or rest, whether it can
    be taken, what it does and what the advisors expect. A resting action says so once ("back
    in 2 turns (turn 9)"), not again as the reason it cannot be taken."""
    resting = cooling_text(s.state, o.wait)
    if o.id in s.plan:
        state = "chosen"
    elif o.available:
        state = "available"
    elif resting:
        state = ""
    else:
        state = f"not now: {fmt.in_sentence(o.reason.rstrip('.'))}"
    if resting:
        cost = resting
    elif o.used_up:  # no cost to pay: "not now" says why
        cost = ""
    else:
        cost = f"costs {fmt.capital(o.cost)}"
    said = ", ".join(part for part in (o.name, cost, state) if part)
    # with the settings chosen, else those its choice opens on (as the full-screen game)
    facts = " ".join(s.action_facts(o.id, s.opening_params(o.id)))
    facts = f" {facts}" if facts else ""
    return f"{said}.{facts} Advisors: {o.hint}"


class PlainGame:
    def __init__(self, session: Any, prompter: Prompter, content: list[Path] | None = None):
        self.s = session
        self.p = prompter
        self.content = list(content or [])  # the packs played with, for the messages
        self._overflow_said: tuple[int, str] | None = None  # said once a turn, while it holds
        self._menu_heard: tuple[int, list[str]] | None = None  # the turn menu last listed
        self._warned: list[str] = []  # the advisors' warnings said at the last turn's start

    def run(self) -> int:
        while not self.s.over:
            self.status()
            if not self.turn_menu():
                return 0
        self.ending()
        return 0

    # --- what the player hears -------------------------------------------------------------

    def status(self) -> None:
        s, say = self.s, self.p.say
        st = s.state
        say("")
        say(
            f"Turn {st.turn + 1} of {st.last_turn}. {fmt.date(st.date)}. "
            f"{fmt.days(days_to_review(st, s.ruleset))} to the CUSMA review. "
            f"Political capital: {fmt.capital(s.capital_left)} left of "
            f"{fmt.capital(s.capital)} this turn (at most "
            f"{fmt.capital(s.ruleset.scenario.capital.max)})."
        )
        parts = []
        for row in indicator_rows(st, opening=s.opening):
            # in words where a screen reader would read the sign ("plus or minus zero")
            said = {"±0": "unchanged", fmt.ABOUT_UNCHANGED: "about unchanged"}.get(row.change)
            change = f", {said or row.change} since last turn" if row.change else ""
            parts.append(f"{row.label} {row.value}{change}")
        say(". ".join(parts) + ".")
        # a value the advisors read as running low, said when it first does and when their
        # word changes (always in the advisors' list), not at every turn
        warnings = reading_warnings(s.ruleset, st)
        for warning in warnings:
            if warning not in self._warned:
                say(warning)
        self._warned = warnings

    def advisors(self) -> None:
        for view in reading_views(self.s.ruleset, self.s.state):
            self.p.say(f"{view.label}: {view.summary()}.")
        for warning in reading_warnings(self.s.ruleset, self.s.state):
            self.p.say(warning)

    def sectors(self) -> None:
        for row in sector_rows(self.s.ruleset, self.s.state):
            # the change the turn's result listed, in jobs ("-220 jobs since last turn" beside 53.7
            # thousand that were 53.9); nothing where it listed none
            moved = row.change not in ("", "±0", fmt.ABOUT_UNCHANGED)
            change = f", {row.change} jobs since last turn" if moved else ""
            self.p.say(
                f"{row.name}: exports {row.exports} billion dollars a year, US tariff "
                f"{row.us_tariff}, our counter-tariff {row.counter_tariff}, "
                f"{row.jobs} thousand jobs{change}."
            )
        for note in (
            ieepa_note(self.s.ruleset, self.s.state),
            support_note(self.s.ruleset, self.s.state),
        ):
            if note:
                self.p.say(note)

    def last_report(self) -> TurnReport | None:
        """The report of the turn last played (``GameSession.last_report``): plain mode has no
        history screen to tell the story of that turn and its causes."""
        return self.s.last_report()

    def briefing(self) -> None:
        for par in briefing(self.s.ruleset, self.s.state, self.last_report()):
            if par.kind in ("event", "await"):
                self.p.say(f"Event: {par.title}. {par.text}")
                if par.kind == "await":
                    self.p.say(self._answer_said(par.event))
            elif par.kind == "posture":
                self.p.say(f"Washington: {par.text}")
            else:
                self.p.say(par.text)

    def _answer_said(self, event_id: str) -> str:
        """Whether an event of the briefing still waits for the player's answer, or which
        answer was given to it."""
        chosen = self.s.answers.get(event_id)
        event = next((e for e in self.s.pending() if e["id"] == event_id), None)
        label = next(
            (o["label"] for o in (event or {}).get("options", []) if o["id"] == chosen), None
        )
        if label is None:
            return "This event waits for your answer."
        return f"You answered it: {label}."

    def ledger(self) -> None:
        report = self.last_report()
        if report is None:
            self.p.say("No turn has been played yet in this session.")
            return
        for entry in ledger_entries(self.s.ruleset, report):
            causes = "; ".join(f"{label} {share}" for label, share in entry.causes)
            self.p.say(
                f"{entry.label}: {entry.before} to {entry.after}, {entry.delta}. Causes: {causes}."
            )
        self.p.say("The technical talks are known only through your advisors' estimates.")

    def history(self) -> None:
        turns = past_turns(self.s.ruleset, self.s.state)
        if not turns:
            self.p.say("No turn has been played yet.")
            return
        for past in turns:
            self.p.say(f"{past.heading}: {past.figures}.")
            for words, _ in past.lines:
                self.p.say(f"  {fmt.sentence_end(words)}")

    # --- the turn ------------------------------------------------------------------------

    def turn_menu(self) -> bool:
        while True:
            s = self.s
            plan = "; ".join(
                s.ruleset.actions[a].spec.name
                + (f" ({t})" if (t := fmt.params_text(s.ruleset, a, pr)) else "")
                for a, pr in s.plan.items()
            )
            self.p.say(
                f"Chosen this turn: {plan or 'nothing yet'}. Capital left: {fmt.capital(s.capital_left)}."
            )
            overflow = capital_overflow(s.ruleset, s.state, s.capital_left)
            overflow = overflow or last_turn_capital(s.state, s.capital_left)
            if overflow and self._overflow_said != (s.state.turn, overflow):
                self.p.say(overflow)  # not again at every return to this menu
            self._overflow_said = (s.state.turn, overflow)
            waiting = s.unanswered()
            items: list[tuple[str, Callable[[], Any]]] = [
                ("Read the briefing", self.briefing),
                ("Hear the advisors' estimates of Washington", self.advisors),
                ("Hear the sectors", self.sectors),
                ("Choose an action", self.choose_action),
                ("Drop a chosen action", self.drop_action),
                (f"Answer events ({len(waiting)} waiting)", self.answer_events),
                ("End the turn", self.end_turn),
                ("Save the game", self.save),
                ("Quit", self.quit),
                # after Quit, so the numbers players and scripts know stay the same
                ("Hear what moved each figure last turn, cause by cause", self.ledger),
                ("Hear the game so far, turn by turn", self.history),
            ]
            labels = [label for label, _ in items]
            # listed in full once a turn, and again when an item changes (an event arrives)
            heard = self._menu_heard == (s.state.turn, labels)
            self._menu_heard = (s.state.turn, labels)
            i = self.p.choose("What now?", labels, allow_back=False, heard=heard)
            label, fn = items[i or 0]
            result = fn()
            if label == "End the turn" and result:
                return True

    def choose_action(self) -> None:
        s = self.s
        families = [f for f in FAMILY_TITLES if any(o.family == f for o in s.options())]
        i = self.p.choose("Which kind of action?", [FAMILY_TITLES[f] for f in families])
        if i is None:
            return
        options = [o for o in s.options() if o.family == families[i]]
        labels = [action_label(s, o) for o in options]
        j = self.p.choose("Which action?", labels)
        if j is None:
            return
        option = options[j]
        params: dict[str, Any] = {}
        specs = s.ruleset.actions[option.id].spec.params
        for n, prm in enumerate(specs, 1):
            values = [float(v) for v in prm.values] if prm.kind == "number" else list(prm.choices)
            labels = []
            for v in values:
                label = fmt.param_value(s.ruleset, option.id, prm.name, v)
                if n == len(specs):  # the last setting: each choice with what it costs now
                    cost, reason = s.check(option.id, {**params, prm.name: v})
                    why = fmt.in_sentence(reason)
                    said = f"not possible: {why}" if reason else f"costs {fmt.capital(cost)}"
                    label += f" ({said})"
                labels.append(label)
            k = self.p.choose(f"{prm.label or prm.name}?", labels)
            if k is None:
                return
            params[prm.name] = values[k]
        before = s.plan.get(option.id)
        reason = s.choose(option.id, params)
        if reason:
            why = fmt.in_sentence(reason.rstrip("."))
            self.p.say(f"{option.name} cannot be taken now: {why}.")
        elif before is not None:  # chosen again: its settings replace the ones chosen before
            was = fmt.params_text(s.ruleset, option.id, before)
            now = fmt.params_text(s.ruleset, option.id, params)
            self.p.say(
                f"Changed: {option.name}, now {now} instead of {was}."
                if was and now and was != now
                else f"{option.name} was already chosen; it stays chosen once."
            )
        else:
            self.p.say(f"Added: {option.name}.")  # the turn menu says the capital left

    def drop_action(self) -> None:
        s = self.s
        ids = list(s.plan)
        if not ids:
            self.p.say("No action is chosen yet.")
            return
        i = self.p.choose("Drop which action?", [s.ruleset.actions[a].spec.name for a in ids])
        if i is not None:
            s.drop(ids[i])
            self.p.say(f"Dropped. Capital left: {fmt.capital(s.capital_left)}.")

    def answer_events(self, everything: bool = True) -> bool:
        """Ask each waiting event (``everything``: those answered too, to change an answer;
        else only those not answered yet, as ending the turn asks them)."""
        s = self.s
        for event in s.pending() if everything else s.unanswered():
            self.p.say(f"Event: {event['title']}. {s.event_text(event['id'])}")
            options = event["options"]
            # the answer given, or the one the turn takes if none is, as the dialog marks them
            chosen = s.answers.get(event["id"])
            unanswered = taken_if_unanswered(options)
            labels = []
            for o in options:
                extra = "" if o["available"] else " (not open to you now)"
                if o["id"] == chosen:
                    extra = " (your answer)"
                elif chosen is None and o["id"] == unanswered:
                    extra = " (if you do not answer)"
                facts = "".join(f" {f}" for f in o.get("facts") or [])
                labels.append(
                    f"{o['label']}{extra}.{facts} Advisors: {o.get('hint') or 'no firm view'}"
                )
            while True:
                i = self.p.choose("Your answer?", labels)
                if i is None:
                    return False
                if options[i]["available"]:
                    s.answer(event["id"], options[i]["id"])
                    self.p.say(f"Answer noted: {options[i]['label']}.")
                    break
                self.p.say("That option is not open to you now.")
        if not s.pending():
            self.p.say("No event is waiting for your answer.")
        return True

    def end_turn(self) -> bool:
        from diplomacy_game.engine.events import RunawayEvents
        from diplomacy_game.tui.session import DecisionError

        s = self.s
        if s.unanswered() and not self.answer_events(everything=False):
            self.p.say("The turn cannot end before the waiting events are answered.")
            return False
        need = " (required)" if s.memo_required else " (optional, press Enter to skip)"
        begun = s.memo.strip()
        if begun:  # a memo kept from before the game was closed
            need = f" (press Enter to keep: {one_line(begun, 200)})"
        while True:
            memo = self.p.ask(f"Memo: why did you decide this{need}?") or begun
            if len(memo) > MAX_MEMO:
                self.p.say(
                    f"Your memo has {len(memo):,} characters; a memo holds at most"
                    f" {MAX_MEMO:,}, so it was cut after the first {MAX_MEMO:,}."
                )
                memo = memo[:MAX_MEMO]
            if memo or not s.memo_required:
                break
            self.p.say(f"{fmt.sentence_start(s.memo_required_by)} asks for a memo every turn.")
        s.set_memo(memo)
        before = s.state
        try:
            outcome = s.resolve()
        except DecisionError as exc:
            self.p.say(
                f"This turn cannot be played: {s.decision_problem(exc)}. Nothing was applied."
            )
            return False
        except RunawayEvents as exc:
            from diplomacy_game.commands.content import validate_command

            told = exc.told(validate_command(self.content))
            self.p.say(f"This turn cannot be played: {told}. Nothing was applied.")
            return False
        s.commit(outcome)
        self.p.say(f"Turn {outcome.report.turn} is over.")
        self.briefing()
        changes = biggest_changes(s.ruleset, before, s.state, outcome.report)
        for change in headline_changes(changes, 5):
            why = f" Main causes: {change.causes}." if change.causes else ""
            self.p.say(f"{change.label}: {change.before} to {change.after}, {change.delta}.{why}")
        if outcome.autosave is not None:
            self.p.say(f"Autosaved to {outcome.autosave}.")
        elif outcome.autosave_error:
            self.p.say(f"The autosave failed: {outcome.autosave_error}")
            self.p.say(s.lost_words())
        return True

    def save(self) -> None:
        from diplomacy_game.tui.session import SaveError

        suggested = self.s.suggested_name()
        name = self.p.ask(f"Save under which name? (Enter: {suggested}; '-' to cancel)")
        if name == "-":
            self.p.say("Not saved.")
            return
        name = name or suggested
        if not self._may_save_as(name):
            self.p.say("Not saved.")
            return
        try:
            path = self.s.save(name)
        except (SaveError, ValueError) as exc:
            self.p.say(f"Not saved: {exc}")
            return
        self.p.say(f"Saved to {path}.")

    def _may_save_as(self, name: str) -> bool:
        """Say the file a typed name becomes when it had to be changed, and ask before
        replacing a file that is not this game's own save."""
        from diplomacy_game.saves.library import SUFFIX, describe

        path = self.s.library.path_for(name)
        typed = name[: -len(SUFFIX)] if name.lower().endswith(SUFFIX) else name
        if typed != path.stem:
            self.p.say(
                f"{one_line(repr(name), 80)} cannot be a file name as it is: the save will be"
                f" named {path.name}."
            )
        if not os.path.lexists(path) or self._own_save(path):
            return True
        info = describe(path)
        if info.ok:
            what = f"a save of {info.scenario}, seed {info.seed}, after turn {info.turn}"
        else:
            what = "a file that is not a save of this game"
        answer = self.p.ask(
            f"{path.name} already exists ({what}). Replace it? Type y to replace it, Enter to"
            " keep it:"
        )
        return answer.lower() in ("y", "yes")

    def _own_save(self, path: Path) -> bool:
        """Whether ``path`` is the file this game was saved to (or loaded from) by name."""
        own = self.s.save_path
        try:
            return own is not None and own.resolve() == path.resolve()
        except (OSError, RuntimeError):
            return False

    def quit(self) -> None:
        lost = self.s.lost_words()
        if lost:  # the autosave failed: quitting would lose turns
            self.p.say(lost)
            if self.p.choose("Quit anyway?", ["Quit, losing them", "Stay in the game"], False):
                return
        raise Quit

    def ending(self) -> None:
        s = self.s
        for line in ending_lines(s.state, width=None):
            self.p.say(line)
        # now that the game is over: what the advisors said beside the truth (as the full
        # screen's ending shows it), in the advisors' words, never the model's numbers
        self.p.say("What Washington was really thinking:")
        for label, said, truth, note in revealed(s.ruleset, s.state):
            line = f"{label}: your advisors said {said}; it was {truth}."
            self.p.say(f"{line} {note}" if note else line)
        decisions = key_decisions(self.s.ruleset, self.s.state)
        if decisions:
            self.p.say("The decisions that led here:")
            for line in decisions:
                self.p.say(line)
        where = s.holding_file()  # not a save by name of an earlier turn
        if where is not None and where.exists():
            # the command on a line of its own: a terminal folds a long path wherever the
            # line ends, and a reader copies the line whole
            self.p.say(
                "The after-action report (plots, every turn, the decision that mattered most)"
                " is written by this command:"
            )
            self.p.say(f"diplomacy-game report {shlex.quote(str(where))} -o report.html")
