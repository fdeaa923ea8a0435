"""One game being played in the UI: the ruleset, the state, this turn's plan, and saving.

Plain Python (no Textual): the screens call it, workers run its slow methods. The state is
replaced whole after each turn, never changed in place.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplomacy_game import fmt
from diplomacy_game.content import ContentError, load_content, load_ruleset
from diplomacy_game.content.issues import shown_at
from diplomacy_game.engine.game import (
    ActionOption,
    ActionPlanner,
    check_action,
    default_params,
    list_actions,
    new_game,
    pending_events,
    preview_context,
)
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.engine.turn import (
    TurnReport,
    memo_required_by,
    resolve_params,
    resolve_turn,
    sets_of,
)
from diplomacy_game.model.decisions import MAX_MEMO, ActionChoice, Decision, DecisionError
from diplomacy_game.saves.library import (
    SaveLibrary,
    game_id_of,
    in_folder,
    is_autosave_of_a_game,
    new_game_id,
    suggested_name,
)
from diplomacy_game.saves.plan import KeptPlan, drop_plan, keep_plan, read_plan
from diplomacy_game.saves.store import SaveError, load_game_report, read_newest_header

__all__ = [
    "ContentError",
    "DecisionError",
    "GameSession",
    "SaveError",
    "TurnOutcome",
    "scenario_ends",
    "scenario_title",
    "scenarios",
]


def scenarios(extra: list[Path] | None = None, builtin: bool = True) -> list[Any]:
    """The scenarios, easiest first (then by title); raises ContentError if it does not load."""
    cs = load_content(extra or [], builtin=builtin)
    errors = [i for i in cs.issues if i.severity == "error"]
    if errors:
        raise ContentError(shown_at(errors, cs.shown))
    order = {"introductory": 0, "standard": 1, "hard": 2}
    return sorted(cs.scenarios.values(), key=lambda sc: (order.get(sc.difficulty, 9), sc.title))


def scenario_title(scenario_id: str, extra: list[Path] | None = None, builtin: bool = True) -> str:
    """A scenario's title as the new-game list shows it; its id when the content does not load
    (the game says why when it is opened)."""
    try:
        titles = {sc.id: sc.title for sc in scenarios(extra, builtin)}
    except (ContentError, OSError, ValueError):
        return scenario_id
    return titles.get(scenario_id, scenario_id)


def scenario_ends(extra: list[Path] | None = None, builtin: bool = True) -> dict[str, Any]:
    """Each scenario's end date, by id; empty when the content does not load."""
    try:
        return {sc.id: sc.end for sc in scenarios(extra, builtin)}
    except (ContentError, OSError, ValueError):
        return {}


def _ruleset_of_save(path: Path, extra: list[Path] | None, builtin: bool) -> Ruleset:
    """The ruleset of the scenario a save names (SaveError when the content cannot give it)."""
    header = read_newest_header(path)
    try:
        return load_ruleset(str(header["scenario"]), extra=extra or [], builtin=builtin)
    except ContentError as exc:
        raise SaveError(
            f"this save is a game of '{header['scenario']}', which the content cannot "
            f"provide: {exc}"
        ) from None


@dataclass
class TurnOutcome:
    """What a resolved turn hands back to the UI."""

    before: GameState
    state: GameState
    report: TurnReport
    autosave: Path | None = None
    autosave_error: str = ""


@dataclass
class GameSession:
    ruleset: Ruleset
    state: GameState
    library: SaveLibrary
    report: TurnReport | None = None
    previous: GameState | None = None
    save_path: Path | None = None
    saved_turn: int | None = None  # the turn at which the game was last saved (or opened)
    saved_by_name: bool = True  # False while the last save is the autosave it continued from
    plan: dict[str, dict[str, Any]] = field(default_factory=dict)  # action id -> params
    answers: dict[str, str] = field(default_factory=dict)
    memo: str = ""
    talks_seen: dict[int, float] = field(default_factory=dict)  # turn -> advisors' mean estimate
    autosave_path: Path | None = None  # this game's own autosave; named when first needed
    game_id: str = ""  # names its autosave and its saves; drawn when the game is opened
    autosaved_turn: int | None = None  # the turn this game's autosave holds, when written
    loaded_from: Path | None = None  # the file the game was loaded from (maybe NAME.1.json)
    notices: list[str] = field(default_factory=list)  # to tell the player as the game opens
    replayed: bool = False  # played again from a save of another version of the content
    _opening: GameState | None = field(default=None, repr=False)
    _resuming: bool = field(default=False, repr=False)
    _replayed: tuple[int, TurnReport | None] | None = field(default=None, repr=False)
    _answered: tuple[tuple[Any, ...], GameState] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.game_id:
            self.game_id = new_game_id()

    def last_report(self) -> TurnReport | None:
        """The report of the turn last played: this session's, else, in a game loaded from a
        file, rebuilt from its log (saves keep no reports), so that the briefing tells that
        turn's story as it did when it was played; None before the first turn, or for a log
        that does not replay (the briefing then tells the events' titles)."""
        if self.report is not None or not self.state.history:
            return self.report
        if self._replayed is None or self._replayed[0] != self.state.turn:
            from diplomacy_game.engine.game import turn_reports

            try:
                reports = turn_reports(self.ruleset, self.state)
            except DecisionError:
                reports = []
            self._replayed = (self.state.turn, reports[-1][1] if reports else None)
        return self._replayed[1]

    @property
    def opening_state(self) -> GameState:
        """The game as it opened (the same for every game of a scenario and seed)."""
        if self._opening is None:
            self._opening = new_game(self.ruleset, self.state.seed)
        return self._opening

    @property
    def opening(self) -> dict[str, float]:
        """The values the game opened with, so that the first turn's changes can be shown too."""
        return self.opening_state.values

    # --- starting -------------------------------------------------------------------------

    @classmethod
    def new(
        cls,
        scenario_id: str,
        seed: int,
        library: SaveLibrary,
        extra: list[Path] | None = None,
        builtin: bool = True,
    ) -> GameSession:
        ruleset = load_ruleset(scenario_id, extra=extra or [], builtin=builtin)
        state = new_game(ruleset, seed)
        game_id = new_game_id()
        session = cls(
            ruleset,
            state,
            library,
            autosave_path=library.autosave_path(state, game_id),
            game_id=game_id,
        )
        session.check_folder()
        return session

    @classmethod
    def load(
        cls, path: Path, library: SaveLibrary, extra: list[Path] | None = None, builtin: bool = True
    ) -> GameSession:
        ruleset = _ruleset_of_save(path, extra, builtin)
        loaded = load_game_report(path, ruleset, folder=library.folder)
        state = loaded.state
        session = cls(ruleset, state, library, save_path=Path(path), saved_turn=state.turn)
        session.loaded_from = loaded.path
        # an older generation taken, a damaged file set aside: said to the player as it opens
        session.notices.extend(
            (f"L{n[1:]}." if n.startswith("loaded") else f"{n}.") for n in loaded.notes
        )
        # Continuing from a game's autosave keeps writing to it, and so does a game continued
        # from a save by name that its autosave still holds (one game, one autosave); a save
        # by name the autosave has gone past, or an assignment, starts an autosave of its own.
        if is_autosave_of_a_game(Path(path), library.folder):
            session.autosave_path = Path(path)
            session.saved_by_name = False
            session.game_id = game_id_of(Path(path)) or session.game_id
            session.autosaved_turn = state.turn
        elif (same := library.autosave_holding(ruleset, state)) is not None:
            session.autosave_path = same
            session.game_id = game_id_of(same) or session.game_id
            session.autosaved_turn = state.turn
        else:
            session.autosave_path = library.autosave_path(state, session.game_id)
        if not state.over:
            session.check_folder()
        return session

    @classmethod
    def carry_over(
        cls, path: Path, library: SaveLibrary, extra: list[Path] | None = None, builtin: bool = True
    ) -> GameSession:
        """A saved game of another version of the content, played again from its first turn
        under this one (``saves.carry``): a game of its own, autosaved at once, its notices
        saying what was left out. The old file is not changed."""
        from diplomacy_game.saves.carry import carry_over

        ruleset = _ruleset_of_save(path, extra, builtin)
        carried = carry_over(path, ruleset)
        state = carried.state
        game_id = new_game_id()
        session = cls(ruleset, state, library, game_id=game_id, replayed=True)
        session.autosave_path = library.autosave_path(state, game_id)
        session.notices.extend(carried.notes())
        if state.turn > 0:
            try:
                library.autosave(ruleset, state, session.autosave_path)
                session.autosaved_turn = state.turn
            except (SaveError, OSError, ValueError) as exc:
                session.notices.append(f"The replayed game could not be autosaved: {exc}")
        if not state.over:
            session.check_folder()
        return session

    def check_folder(self) -> None:
        """Tell the player at once when the saves folder cannot take this game's saves."""
        problem = self.library.folder_problem()
        if problem:
            self.notices.append(problem)

    # --- the plan of this turn ------------------------------------------------------------

    @property
    def over(self) -> bool:
        return self.state.over

    @property
    def capital(self) -> float:
        return float(self.state.values.get("capital", 0.0))

    def spent(self, without: str | None = None) -> float:
        total = 0.0
        for action_id, params in self.plan.items():
            if action_id == without:
                continue
            cost, _ = check_action(self.ruleset, self.state, action_id, params, 0.0)
            total += cost
        return total

    @property
    def capital_left(self) -> float:
        return self.capital - self.spent()

    def action_facts(self, action_id: str, params: dict[str, Any]) -> list[str]:
        """An action's facts (``text.actions.action_facts``) as this turn's plan and answers
        leave the game when it is taken: a concession's cost in approval follows the resolve
        the answers and the actions before it leave."""
        from diplomacy_game.text.actions import action_facts

        return action_facts(self.ruleset, self.state, action_id, params, self.plan, self.answers)

    def options(self) -> list[ActionOption]:
        """Every action with its cost and availability given what is already planned: with
        its chosen settings, else the settings its dialog opens on (an action is open when
        any of its settings is, not only the content's default)."""
        spent = self.spent()
        out = []
        for option in list_actions(self.ruleset, self.state, spent):
            if option.id in self.plan or (option.params and not option.used_up and not option.wait):
                option.cost, option.reason = self.check(option.id, self.opening_params(option.id))
            elif option.available:
                option.reason = self._sets_twice(option.id, self.default_params(option.id))
            out.append(option)
        return out

    def default_params(self, action_id: str) -> dict[str, Any]:
        return dict(self.plan.get(action_id) or default_params(self.ruleset, action_id))

    def opening_params(self, action_id: str) -> dict[str, Any]:
        """The settings an action's dialog opens on: those chosen, else the content's defaults
        when they can be taken now, else the nearest that can (one setting changed, then any),
        so the dialog does not open on "not possible" while a choice is open."""
        params = self.default_params(action_id)
        if action_id in self.plan or not self.check(action_id, params)[1]:
            return params
        spec = self.ruleset.actions[action_id].spec
        values = {
            p.name: [float(v) for v in p.values] if p.kind == "number" else list(p.choices)
            for p in spec.params
        }

        def nearest() -> Iterator[dict[str, Any]]:
            yield from ({**params, name: v} for name in values for v in values[name])
            for combo in itertools.product(*values.values()):
                yield dict(zip(values, combo, strict=True))

        for candidate in nearest():
            if not self.check(action_id, candidate)[1]:
                return candidate
        # none can be taken now: open on one that only wants more capital, so the reason said
        # is the capital ("costs 2, 1 left"), not the default's ("already at that level")
        for candidate in nearest():
            if not self.check(action_id, candidate, capital_aside=True)[1]:
                return candidate
        return params

    def check(
        self, action_id: str, params: dict[str, Any], capital_aside: bool = False
    ) -> tuple[float, str]:
        """The action's cost with these settings, and why it cannot be taken with the rest of
        the plan ('' when it can); ``capital_aside``: whatever the capital left."""
        spent = -math.inf if capital_aside else self.spent(without=action_id)
        cost, reason = check_action(self.ruleset, self.answered(), action_id, params, spent)
        return cost, reason or self._sets_twice(action_id, params)

    def answered(self) -> GameState:
        """The game as this turn's answers leave it: the turn applies the answers to events
        before the actions, so an action is checked against that. An answer that sets the
        aluminum counter-tariff to 0% closes lowering it to 0%; checked against the game before
        the answers, the plan was refused only once the turn was played."""
        key = (id(self.state), self.state.turn, tuple(sorted(self.answers.items())))
        if self._answered is None or self._answered[0] != key:
            state = self.state
            if self.answers:
                with contextlib.suppress(DecisionError):  # (the turn itself says what is wrong)
                    state = ActionPlanner(self.ruleset, self.state, dict(self.answers)).ctx.state
            self._answered = (key, state)
        return self._answered[1]

    def decision_problem(self, error: DecisionError) -> str:
        """What a turn that cannot be played refused, in the game's words: the action by its
        name and settings (not "action 'remove_counter_tariff'"), and, where this turn's
        answers closed it, that they did."""
        what, reason = error.what, error.reason
        action = re.fullmatch(r"action '(.+)'", what)
        answer = re.fullmatch(r"answer to '(.+)'", what)
        if action and action.group(1) in self.ruleset.actions:
            action_id = action.group(1)
            params = self.plan.get(action_id, {})
            what = fmt.quoted(self.ruleset.actions[action_id].spec.name)
            detail = fmt.params_text(self.ruleset, action_id, params) if params else ""
            if detail:
                what += f" ({detail.rstrip('.')})"
            reason = fmt.in_sentence(reason)
            if self.answers and not check_action(self.ruleset, self.state, action_id, params)[1]:
                reason += " once this turn's answers to events have taken effect"
        elif answer and answer.group(1) in self.ruleset.events:
            title = self.ruleset.events[answer.group(1)].spec.title
            what = f"your answer to {fmt.quoted(title)}"
        return f"{what}: {reason}"

    def choose(self, action_id: str, params: dict[str, Any] | None = None) -> str:
        """Add (or update) an action in the plan; returns why it cannot be, or ''."""
        params = dict(params if params is not None else self.default_params(action_id))
        reason = self._params_problem(action_id, params)
        if not reason:
            _, reason = self.check(action_id, params)
        if reason:
            return reason
        self.plan[action_id] = params
        self.keep_plan()
        return ""

    def _sets_twice(self, action_id: str, params: dict[str, Any]) -> str:
        """Why an action would undo another of the plan (both set the same value), or ''."""
        mine = sets_of(self.ruleset, action_id, params)
        for other_id, other_params in self.plan.items():
            both = (
                mine & sets_of(self.ruleset, other_id, other_params)
                if other_id != action_id
                else None
            )
            if both:
                other = self.ruleset.actions[other_id].spec.name
                parts = min(both).split(".")
                if len(parts) == 3 and parts[0] == "sector" and parts[2] in fmt.SECTOR_FIGURES:
                    sector = fmt.in_sentence(fmt.sector_name(self.ruleset, parts[1]))
                    what = f"the {fmt.SECTOR_FIGURES[parts[2]].label} on {sector}"
                else:
                    what = fmt.in_sentence(fmt.figure(min(both), self.ruleset).label)
                return (
                    f"{fmt.quoted(other)} already sets {what} this turn; take it out of the "
                    "plan first"
                )
        return ""

    def _params_problem(self, action_id: str, params: dict[str, Any]) -> str:
        """Why the turn would refuse these parameters (names, kinds, values), or ''."""
        action = self.ruleset.actions.get(action_id)
        if action is None:
            return "not in this game"
        try:
            choice = ActionChoice(id=action_id, params=params)
            resolve_params(action, choice, self.state.turn + 1)
        except DecisionError as exc:
            return exc.reason
        except ValueError:  # pydantic's ValidationError: not text or numbers at all
            return "its settings are damaged"
        return ""

    def drop(self, action_id: str) -> None:
        self.plan.pop(action_id, None)
        self.keep_plan()

    def answer(self, event_id: str, option_id: str) -> None:
        self.answers[event_id] = option_id
        self.keep_plan()

    def set_memo(self, memo: str) -> None:
        if memo != self.memo:
            self.memo = memo
            self.keep_plan()

    # --- the plan kept beside the game's file (saves/plan.py) ------------------------------

    @property
    def plan_kept(self) -> bool:
        """Whether this turn's plan is kept as it is made: the game has a file to be continued
        from (its autosave, or a student's hand-in file), and is not over."""
        return self.autosave_path is not None and not self.over and self.autosave_path.exists()

    def keep_plan(self) -> None:
        """Keep this turn's plan beside the game's file, so that a game closed mid-turn finds
        it again; quietly nothing when it cannot be written (the game itself is unaffected)."""
        if self._resuming or not self.plan_kept:
            return
        assert self.autosave_path is not None
        with contextlib.suppress(OSError, ValueError, TypeError):
            keep_plan(self.autosave_path, self.state, self._plan_so_far())

    def _plan_so_far(self) -> KeptPlan:
        return KeptPlan(dict(self.plan), dict(self.answers), self.memo)

    @property
    def planned(self) -> bool:
        """Whether anything is planned for this turn: an action, an answer or a memo."""
        return not self._plan_so_far().empty

    def resume_plan(self) -> str:
        """Take up the plan kept for this turn of this game, if any, checking each part as if
        chosen now; returns what to tell the player ('' when there was none)."""
        if self.autosave_path is None or self.over:
            return ""
        # A game loaded from a save by name takes the plan saved with it (``save``) first: its
        # autosave may be shared with the game that went on from the same point.
        kept, problem = None, ""
        for path in dict.fromkeys(p for p in (self.save_path, self.autosave_path) if p):
            kept, problem = read_plan(path, self.state)
            if kept is not None or problem:
                break
        if kept is None:
            return f"{problem[0].upper()}{problem[1:]}; it was left out." if problem else ""
        restored: list[str] = []
        left_out: list[str] = []
        self._resuming = True  # the file keeps the whole plan until it is taken up whole
        try:
            for action_id, params in kept.actions.items():
                compiled = self.ruleset.actions.get(action_id)
                reason = self.choose(action_id, params)
                name = compiled.spec.name if compiled else action_id
                (left_out if reason else restored).append(f"{name} ({reason})" if reason else name)
        finally:
            self._resuming = False
        waiting = {
            e["id"]: {o["id"] for o in e["options"] if o["available"]} for e in self.pending()
        }
        answers = {e: o for e, o in kept.answers.items() if o in waiting.get(e, ())}
        self.answers.update(answers)
        self.memo = kept.memo[:MAX_MEMO]
        parts = [f"{fmt.count(len(restored), 'action')}: {', '.join(restored)}"] if restored else []
        if answers:
            parts.append(fmt.count(len(answers), "answer"))
        if self.memo.strip():
            parts.append("your memo")
        if not parts and not left_out:
            return ""
        text = f"Your plan for this turn was kept: {'; '.join(parts) or 'nothing of it fits now'}."
        if left_out:
            text += f" Not taken up: {'; '.join(left_out)}."
        self.keep_plan()  # as taken up: what could not be is not offered again
        return text

    def pending(self) -> list[dict[str, Any]]:
        """The events waiting for an answer, each option with what it does to the figures a
        player sees ("facts": money out of fiscal room, support), as an action says it."""
        from diplomacy_game.text.actions import option_facts

        events = pending_events(self.ruleset, self.state) if not self.over else []
        for event in events:
            for option in event["options"]:
                option["facts"] = option_facts(self.ruleset, self.state, event["id"], option["id"])
        return events

    def unanswered(self) -> list[dict[str, Any]]:
        return [e for e in self.pending() if e["id"] not in self.answers]

    def event_text(self, event_id: str) -> str:
        """The text of a pending event as it was shown, or rendered now after a load."""
        if self.report is not None:
            for event in self.report.events:
                if event["id"] == event_id:
                    return str(event["text"])
        event = self.ruleset.events.get(event_id)
        if event is None:
            return ""
        try:
            return event.render(preview_context(self.ruleset, self.state))
        except Exception:  # a template that needs the turn's own context: show its source
            return event.spec.text

    def decision(self) -> Decision:
        return Decision(
            actions=[ActionChoice(id=a, params=p) for a, p in self.plan.items()],
            answers=dict(self.answers),
            memo=self.memo.strip(),
        )

    @property
    def memo_required_by(self) -> str:
        """Who asks for a memo every turn ('this scenario', 'your assignment'), or '': the
        same rule the turn engine applies."""
        return memo_required_by(self.ruleset, self.state)

    @property
    def memo_required(self) -> bool:
        return bool(self.memo_required_by)

    def suggested_name(self) -> str:
        """The name the save dialog offers: the name this game was saved under, else one made
        of its student or its own id (never an autosave's or an assignment file's name)."""
        path, folder = self.save_path, self.library.folder
        if path is not None and not is_autosave_of_a_game(path, folder) and in_folder(path, folder):
            # a name the game suggested ("...-turn4") follows the game to the turn it is on
            offered = suggested_name(self.state, self.game_id)
            return re.sub(r"-turn\d+$", offered[offered.rindex("-turn") :], path.stem)
        return suggested_name(self.state, self.game_id)

    @property
    def unsaved(self) -> bool:
        """True when a game in progress has moved on since it was last saved by name."""
        return not self.over and (
            self.saved_turn != self.state.turn or (self.planned and not self.plan_kept)
        )

    # --- playing (slow: run in a worker) --------------------------------------------------

    def resolve(self) -> TurnOutcome:
        """Play the planned turn and autosave; raises DecisionError with nothing applied."""
        before = self.state
        new_state, report = resolve_turn(self.ruleset, before, self.decision())
        outcome = TurnOutcome(before, new_state, report)
        try:
            if self.autosave_path is None:
                self.autosave_path = self.library.autosave_path(new_state, self.game_id)
            outcome.autosave = self.library.autosave(self.ruleset, new_state, self.autosave_path)
        except (SaveError, OSError, ValueError) as exc:
            outcome.autosave_error = str(exc)
        return outcome

    def commit(self, outcome: TurnOutcome) -> None:
        """Take a resolved turn (on the UI thread)."""
        self.previous = outcome.before
        self.state = outcome.state
        self.report = outcome.report
        self.plan = {}
        self.answers = {}
        self.memo = ""
        if outcome.autosave is not None:
            self.autosaved_turn = outcome.state.turn
        if self.autosave_path is not None:
            drop_plan(self.autosave_path)  # its turn is played

    def holding_file(self) -> Path | None:
        """The file that holds the game as it is now: its autosave, else its save by name
        (never a save by name of an earlier turn); None when neither does."""
        turn = self.state.turn
        if self.autosaved_turn == turn and self.autosave_path is not None:
            return self.autosave_path
        if self.saved_turn == turn and self.save_path is not None:
            return self.save_path
        return None

    def kept_words(self, where: bool = True) -> str:
        """What there is to continue this game from, as it is written (not as it should be):
        the autosave, the save by name, or the turns that no file holds and how to keep them.
        ``where``: the file named."""
        turn = self.state.turn
        if turn <= 0:
            return "No turn has been played yet, so there is no autosave of this game."
        if self.autosaved_turn == turn:
            named = f": {self.autosave_path}" if where else ""
            return f"The autosave holds the start of turn {turn + 1}{named}."
        if self.saved_turn == turn and self.save_path is not None:
            named = f": {self.save_path}" if where else ""
            return f"Your save holds the start of turn {turn + 1}{named}."
        return self.lost_words()

    def lost_words(self) -> str:
        """The turns played that no save of this game holds, and what to do ('' if none)."""
        turn = self.state.turn
        held = max((t for t in (self.autosaved_turn, self.saved_turn) if t is not None), default=0)
        if self.over or held >= turn:
            return ""
        lost = f"turn {turn} is" if held + 1 == turn else f"turns {held + 1}–{turn} are"
        where = (
            f"Your last save holds the start of turn {held + 1}."
            if held
            else "No file holds this game."
        )
        them = "it" if held + 1 == turn else "them"
        return (
            f"The autosave could not be written: {lost} NOT saved. {where} To keep {them}, save"
            " the game under a name (ctrl+s, or 'Save the game' at the prompts); if the saves"
            " folder cannot be written, that fails too: start the next game with --saves-dir"
            " FOLDER, a folder you can write to."
        )

    def save(self, name: str) -> Path:
        """Save the game under ``name``, with this turn's plan beside it (``.NAME.plan``), so
        that loading it takes the turn up where it was; a plan that cannot be written is left
        out quietly, as when it is kept beside the autosave."""
        path = self.library.save(name, self.ruleset, self.state)
        with contextlib.suppress(OSError, ValueError, TypeError):
            keep_plan(path, self.state, self._plan_so_far())
        self.save_path = path
        self.saved_turn = self.state.turn
        self.saved_by_name = True
        return path
