"""The Elbows Up app: screens, global keys, and the flow of a turn.

The screens live in ``screens/``; the game itself is a ``GameSession`` loaded in a worker,
so that the first frame appears before the engine, numpy and the content are imported.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, ScreenStackError, SystemCommand, UnknownModeError
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import WorkerCancelled, WorkerFailed, get_current_worker

from diplomacy_game.saves.library import SaveLibrary
from diplomacy_game.tui.commands import game_commands
from diplomacy_game.tui.config import LaunchConfig
from diplomacy_game.tui.paths import path_note
from diplomacy_game.tui.phone import NARROW
from diplomacy_game.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, MessageDialog
from diplomacy_game.tui.screens.title import TitleScreen
from diplomacy_game.tui.view import unsaved_words

if TYPE_CHECKING:
    from textual.message import Message
    from textual.widget import Widget

    from diplomacy_game.tui.session import GameSession, TurnOutcome

# How many times the game lets the app go round its queue, at most, for the keys still on their
# way before it opens a screen of its own (a key that never comes back must not hold it forever).
KEY_ROUNDS = 500


class ElbowsUpApp(App[int]):
    TITLE = "Elbows Up"
    SUB_TITLE = "Canada-US trade diplomacy, 2025-26"
    CSS_PATH = "elbows.tcss"
    # every screen has the class -narrow under NARROW columns (a phone held upright, in the
    # browser), which elbows.tcss uses to lay it out for 40 to 60 columns
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-normal")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("ctrl+o", "load", "Load", id="load"),
        Binding("ctrl+q", "request_quit", "Quit", id="quit", priority=True),
        Binding("ctrl+c", "request_quit", "Quit", id="quit.ctrl_c", show=False, priority=True),
    ]

    def __init__(self, config: LaunchConfig | None = None) -> None:
        super().__init__()
        self.config = config or LaunchConfig()
        self.library = SaveLibrary(self.config.saves_dir)
        self.session: GameSession | None = None
        self.blink = self.config.blink
        # The flow (a chain of dialogs) in progress, if any: a token, so that a flow that was
        # cancelled cannot, as it finishes, clear the mark of the one that replaced it.
        self._flow: object | None = None
        # A cabinet key (end the turn, answer the events, save) pressed while a flow was
        # finishing behind the cabinet room, with the count of screens opened when it was: it
        # acts once the flow is over if no screen opened since (see _when_flow_ends).
        self._after_flow: tuple[Callable[[], None], int] | None = None
        self._screens_opened = 0
        self._resetting = asyncio.Lock()
        # Keys handed to a widget whose bindings have not been looked up yet (see _after_the_keys):
        # each with the screen it was pressed on and the widget it was handed to.
        self._keys_on_their_way: list[tuple[events.Key, Screen, Widget]] = []
        self._keys_queued = 0  # keys in the app's own queue, on their way in or back up

    # --- start ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        c = self.config
        if c.mode in ("new", "load"):
            from diplomacy_game.tui.screens.loading import LoadingScreen

            what = "Opening the saved game…" if c.mode == "load" else "Preparing the cabinet room…"
            self.push_screen(LoadingScreen(what))
            if c.mode == "new":
                seed = c.seed if c.seed is not None else random.randrange(1, 100_000)
                self.start_game(c.scenario or "", seed)
            else:
                self.open_save(Path(c.path or ""))
        else:
            self.push_screen(TitleScreen())

    def post_message(self, message: Message) -> bool:
        posted = super().post_message(message)
        if posted and isinstance(message, events.Key):
            self._keys_queued += 1
        return posted

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        # (never below 0: a key handed to on_event without being posted, as a test may)
        self._keys_queued = max(0, self._keys_queued - 1)
        try:
            screen = self.screen
        except (ScreenStackError, UnknownModeError):
            # no screen to act on: the app is still starting or already closing (a key typed
            # as Quit was chosen); Textual's own handling of a key would raise for the same
            self._keys_on_their_way = [k for k in self._keys_on_their_way if k[0] is not event]
            return
        if event.is_forwarded:  # back up from the widgets: its bindings are looked up now
            try:
                await super().on_event(event)
            finally:
                self._keys_on_their_way = [k for k in self._keys_on_their_way if k[0] is not event]
            return
        target = self.focused or screen
        await super().on_event(event)
        if event.is_forwarded:  # handed to the focused widget, to bubble back up later
            self._keys_on_their_way = [k for k in self._keys_on_their_way if self._on_its_way(*k)]
            self._keys_on_their_way.append((event, screen, target))

    def _on_its_way(self, key: events.Key, screen: Screen, target: Widget) -> bool:
        """Whether a key handed to a widget may still come back up to the app: not if a widget
        stopped it (or the screen passed it up: it is then in the app's queue), nor if the
        screen it was pressed on, or the widget, has gone."""
        return not key._stop_propagation and screen in self.screen_stack and target.is_attached

    async def _round_trip(self) -> None:
        """Wait until the app has handled every message sent to it before this one."""
        done = asyncio.get_running_loop().create_future()
        if self.call_later(lambda: done.done() or done.set_result(None)):
            await done  # (not sent if the app is closing)

    async def _after_the_keys(self) -> None:
        """Let the keys pressed so far act on the screens they were pressed on before the game
        opens a screen of its own (the turn's result, an event, an ending).

        Textual hands a key to the focused widget and looks up its bindings only once it has
        bubbled back up to the app, against the screen on top by then. A screen pushed by a
        worker in between would take keys meant for the one below: an Escape pressed to close
        the help would close the turn's result instead, unseen, and a "?" would open the help
        over it. So the game waits until no key is in the app's queue (on its way in, or passed
        back up by a widget: its bindings not yet looked up) and none is with a widget; keys
        typed after that act on the screen the game opens. Only for workers (the app's own
        queue must keep running meanwhile).
        """
        for _ in range(KEY_ROUNDS):
            if not self._keys_pending():
                return
            await self._round_trip()  # keys waiting in the app's queue are handed on

    def _keys_pending(self) -> bool:
        """Whether a key's bindings are still to be looked up: a key is in the app's queue (on
        its way in, or passed back up by a widget) or with a widget. Keys no longer on their
        way are forgotten."""
        self._keys_on_their_way = [k for k in self._keys_on_their_way if self._on_its_way(*k)]
        return bool(self._keys_queued or self._keys_on_their_way)

    def _on_key(self, event: events.Key) -> None:
        """A key still bubbling up from a widget as the app closes finds no screen: it is
        dropped before Textual's own handler (which runs next) looks for the screen's keys."""
        try:
            self.screen  # noqa: B018
        except (ScreenStackError, UnknownModeError):
            event.prevent_default()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        ours = list(game_commands(self))
        yield from ours
        titles = {command.title for command in ours}
        # Textual's own "Quit" and "Screenshot" would be listed a second time beside ours
        yield from (c for c in super().get_system_commands(screen) if c.title not in titles)

    # --- opening a game (workers) ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="game")
    def start_game(self, scenario_id: str, seed: int) -> None:
        from diplomacy_game.tui.session import ContentError, GameSession

        c = self.config
        try:
            session = GameSession.new(scenario_id, seed, self.library, c.content, c.builtin)
        except ContentError as exc:
            self.call_from_thread(self._cannot_open, "The game cannot start", str(exc))
            return
        except ValueError as exc:
            self.call_from_thread(self._cannot_open, "The game cannot start", str(exc))
            return
        if not get_current_worker().is_cancelled:  # another game was asked for meanwhile
            self.call_from_thread(self._enter_game, session)

    @work(thread=True, exclusive=True, group="game")
    def open_save(self, path: Path, on_error: Callable[[str], None] | None = None) -> None:
        from diplomacy_game import fmt
        from diplomacy_game.saves.carry import offer_words
        from diplomacy_game.saves.reading import ContentVersionError
        from diplomacy_game.tui.session import GameSession, SaveError

        c = self.config
        try:
            session = GameSession.load(Path(path), self.library, c.content, c.builtin)
        except ContentVersionError:
            words = offer_words(Path(path))
            self.call_from_thread(self._offer_carry_over, Path(path), words, on_error)
            return
        except SaveError as exc:
            message = fmt.sentence_end(f"{Path(path).name} cannot be loaded: {exc}")
            self.call_from_thread(self._load_failed, message, on_error)
            return
        if not get_current_worker().is_cancelled:  # another game was asked for meanwhile
            self.call_from_thread(self._enter_game, session, session.resume_plan())

    def _offer_carry_over(
        self, path: Path, words: str, on_error: Callable[[str], None] | None
    ) -> None:
        """A save of another version of the content: offer to play its choices again."""

        def answer(yes: bool | None) -> None:
            if yes:
                self.carry_over_save(path, on_error)
            else:  # the player's own choice, not a failure: no error's title or colour
                left = f"{path.name} was left as it is: it was not played again."
                self._load_failed(left, on_error, "The game was not played again", error=False)

        self.push_screen(
            ConfirmDialog(
                "A game of another version",
                words,
                yes="Play it again",
                no="Back",
            ),
            answer,
        )

    @work(thread=True, exclusive=True, group="game")
    def carry_over_save(self, path: Path, on_error: Callable[[str], None] | None = None) -> None:
        from diplomacy_game.tui.session import GameSession, SaveError

        c = self.config
        try:
            session = GameSession.carry_over(path, self.library, c.content, c.builtin)
        except SaveError as exc:
            message = f"{path.name} cannot be played again: {exc}"
            self.call_from_thread(self._load_failed, message, on_error)
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._enter_game, session)

    def _load_failed(
        self,
        message: str,
        on_error: Callable[[str], None] | None,
        title: str = "The save cannot be loaded",
        error: bool = True,
    ) -> None:
        """Tell the screen that asked (the load list), or, if it has gone, show a dialog."""
        asked_from = getattr(on_error, "__self__", None)
        if on_error is not None and getattr(asked_from, "is_attached", True):
            on_error(message)
        else:
            self._cannot_open(title, message, error)

    def _cannot_open(self, title: str, message: str, error: bool = True) -> None:
        def back(_: Any = None) -> None:
            if self.session is None and not isinstance(self.screen, TitleScreen):
                self.call_later(self._reset_to, TitleScreen())

        self.push_screen(MessageDialog(title, message, error=error), back)

    async def _reset_to(self, screen: Screen) -> None:
        """Leave every screen and dialog for ``screen`` (one reset at a time: two games
        opened in quick succession must not pop each other's screens)."""
        from diplomacy_game.tui.mounted import top_built

        async with self._resetting:
            # a screen is removed only once built; one may come on top while another is waited
            # for (a key's, a worker's), so the stack is looked at again after every wait
            await top_built(self)
            while len(self.screen_stack) > 2:
                await self.pop_screen()
                await top_built(self)
            if len(self.screen_stack) == 2:
                await self.switch_screen(screen)
            else:
                await self.push_screen(screen)

    def _end_flows(self) -> None:
        """Stop the dialogs of a game that was left: their screens are gone, so nobody will
        answer them, and the new game must not wait for them."""
        self.workers.cancel_group(self, "flow")
        self._flow = None
        self._after_flow = None

    async def _enter_game(self, session: GameSession, note: str = "") -> None:
        """Open the cabinet room of ``session``; ``note``: what to tell the player as it opens
        (the plan of the turn in progress, taken up again)."""
        from diplomacy_game.tui.screens.cabinet import CabinetScreen

        await self._after_the_keys()  # keys pressed on the title or the list act there first
        self.session = session
        self._end_flows()  # first: a dialog of the game left must not come up while it goes
        await self._reset_to(CabinetScreen(session))
        for notice in session.notices:  # a save fallen back from, a saves folder unusable
            self.notify(notice, title="Note", severity="warning", timeout=20)
        if note:
            self.notify(note, title="Your plan", timeout=10)
        if session.over:
            self._show_ending()
        elif session.unanswered():
            self.answer_flow()

    # --- the turn -------------------------------------------------------------------------

    def _cabinet(self):
        from diplomacy_game.tui.screens.cabinet import CabinetScreen

        return self.screen if isinstance(self.screen, CabinetScreen) else None

    def action_end_turn(self) -> None:
        if self.session is None or self.session.over or self._cabinet() is None:
            return
        if self._flow:
            self._when_flow_ends(self.action_end_turn, "end the next one")
            return
        self.end_turn_flow()

    def _when_flow_ends(self, act: Callable[[], None], what: str) -> None:
        """A cabinet key pressed while a flow of dialogs is still running behind the cabinet
        room: the game is being saved, the last event was just answered (its flow ends a moment
        later), or the turn is being played.

        It used to be dropped without a word: Ctrl+E pressed while the game was being saved
        left the player in the cabinet room with no end-of-turn box. Now it acts once the flow
        is over, unless a screen opened first (the turn's result, another event): the key was
        pressed before that screen was there to be read. While the turn is played the player is
        told to wait. Over a dialog of the flow the key is not kept: it is that dialog's.
        """
        cabinet = self._cabinet()
        if cabinet is None or cabinet.turn_in_play(what):
            return
        self._after_flow = (act, self._screens_opened)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        self._screens_opened += 1  # a cabinet key kept for the end of a flow is not for it
        return super().push_screen(*args, **kwargs)

    def _flow_ended(self, flow: object) -> None:
        """The end of a flow (its ``finally``): unless another has replaced it, the app is free
        for the next, and the cabinet key kept for this moment acts if no screen opened since
        it was pressed."""
        if self._flow is not flow:
            return
        self._flow = None
        kept, self._after_flow = self._after_flow, None
        if kept is not None and kept[1] == self._screens_opened:
            self.call_later(kept[0])

    def action_answer_events(self) -> None:
        if self.session is None or self.session.over or self._cabinet() is None:
            return
        if self._flow:
            self._when_flow_ends(self.action_answer_events, "answer the events")
            return
        if not self.session.pending():
            self.notify("No event is waiting for your answer.")
            return
        self.answer_flow(everything=True)

    async def _ask_events(self, everything: bool) -> bool:
        """Open each waiting event; False if the player put one off."""
        from diplomacy_game.tui.screens.event_dialog import EventDialog

        s = self.session
        assert s is not None
        events = s.pending() if everything else s.unanswered()
        for i, event in enumerate(events):
            category = s.ruleset.events[event["id"]].spec.category
            position = f"event {i + 1} of {len(events)}" if len(events) > 1 else ""
            await self._after_the_keys()
            answer = await self.push_screen_wait(
                EventDialog(
                    event, s.event_text(event["id"]), category, s.answers.get(event["id"]), position
                )
            )
            if answer is None:
                return False
            s.answer(event["id"], answer)
        cabinet = self._cabinet()
        if cabinet is not None:
            cabinet.refresh_view()
        return True

    @work(exclusive=True, group="flow")
    async def answer_flow(self, everything: bool = False) -> None:
        self._flow = flow = object()
        try:
            await self._ask_events(everything)
        finally:
            self._flow_ended(flow)

    @work(exclusive=True, group="flow")
    async def end_turn_flow(self) -> None:
        from diplomacy_game.engine.events import RunawayEvents
        from diplomacy_game.tui.screens.end_turn import EndTurnDialog
        from diplomacy_game.tui.session import DecisionError

        s = self.session
        assert s is not None
        self._flow = flow = object()
        try:
            if s.unanswered() and not await self._ask_events(False):
                self.notify("Answer the waiting events to end the turn (r).", severity="warning")
                return
            memo = await self.push_screen_wait(EndTurnDialog(s))
            if memo is None:
                return
            s.set_memo(memo)
            cabinet = self._cabinet()
            if cabinet is not None:
                cabinet.set_busy(True)
            worker = self.run_worker(s.resolve, thread=True, group="turn", exit_on_error=False)
            try:
                outcome = await worker.wait()
            except WorkerCancelled:
                return  # the app is closing while the turn was played
            except WorkerFailed as failed:
                error = failed.error
                if isinstance(error, DecisionError):
                    await self._after_the_keys()
                    await self.push_screen_wait(
                        MessageDialog(
                            "This turn cannot be played",
                            f"{s.decision_problem(error)}. Nothing was applied; change your "
                            "choices and try again.",
                            error=True,
                        )
                    )
                    return
                if isinstance(error, RunawayEvents):  # content that runs away with a turn
                    from diplomacy_game.commands.content import validate_command

                    told = error.told(validate_command(self.config.content))
                    await self._after_the_keys()
                    await self.push_screen_wait(
                        MessageDialog(
                            "This turn cannot be played",
                            f"{told}. Nothing was applied; the game is as it was before the turn.",
                            error=True,
                        )
                    )
                    return
                raise error from None
            finally:
                if cabinet is not None:
                    cabinet.set_busy(False)
            await self._after_the_keys()  # the keys pressed while the turn was played
            if self.session is not s:
                return  # the player left this game while the turn was being played
            s.commit(outcome)
            if cabinet is not None:
                cabinet.refresh_view()
            await self.push_screen_wait(self.turn_result_screen(s, outcome))
            if s.over:
                await self._after_the_keys()
                self._show_ending()
            elif s.unanswered():
                await self._ask_events(False)
        finally:
            self._flow_ended(flow)

    def turn_result_screen(self, session: GameSession, outcome: TurnOutcome) -> Screen[None]:
        """The screen that shows what a turn changed (a class's game shows its own)."""
        from diplomacy_game.tui.screens.turn_result import TurnResultScreen

        return TurnResultScreen(session, outcome)

    def _show_ending(self) -> None:
        from diplomacy_game.tui.screens.ending import EndingScreen

        if self.session is not None:
            self.push_screen(EndingScreen(self.session))

    # --- global actions -------------------------------------------------------------------

    def action_help(self) -> None:
        from diplomacy_game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        from diplomacy_game.tui.screens.history import HistoryScreen

        if self.session is not None and not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.session))

    def action_new_game(self) -> None:
        from diplomacy_game.tui.screens.new_game import NewGameScreen

        if isinstance(self.screen, NewGameScreen):
            return
        self._leave_game_then(lambda: self.push_screen(NewGameScreen(self.config.seed)))

    def action_load(self) -> None:
        from diplomacy_game.tui.screens.load_screen import LoadScreen

        if isinstance(self.screen, LoadScreen):
            return
        self._leave_game_then(lambda: self.push_screen(LoadScreen()))

    def action_to_title(self) -> None:
        def go() -> None:
            self.session = None
            self._end_flows()
            self.call_later(self._reset_to, TitleScreen())

        self._leave_game_then(go)

    def _leave_game_then(self, then: Callable[[], Any]) -> None:
        if self.session is None or not self.session.unsaved:
            then()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                then()

        self.push_screen(
            ConfirmDialog(
                "Leave this game?",
                self._unsaved_words(),
                yes="Leave it",
                no="Stay",
            ),
            answer,
        )

    def _unsaved_words(self) -> str:
        """What leaving the game in play would lose, and what its files keep."""
        s = self.session
        assert s is not None
        return unsaved_words(
            s.saved_turn,
            s.state.turn,
            s.plan_kept,
            s.saved_by_name,
            s.kept_words(where=False),
            planned=s.planned,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # no "Save" in the footer before there is a game (the title and new-game screens)
        return not (action == "save" and self.session is None)

    def action_save(self) -> None:
        if self.session is None:
            self.notify("There is no game to save yet.", severity="warning")
            return
        if self._flow:
            self._when_flow_ends(self.action_save, "save the game")
            return
        self.save_flow()

    @work(exclusive=True, group="flow")
    async def save_flow(self, then_quit: bool = False) -> None:
        from diplomacy_game.tui.screens.save_dialog import SaveDialog

        s = self.session
        assert s is not None
        self._flow = flow = object()
        try:
            name = await self.push_screen_wait(SaveDialog(self.library, s.suggested_name()))
            if name is None:
                return
            worker = self.run_worker(
                lambda: s.save(name), thread=True, group="save", exit_on_error=False
            )
            try:
                path = await worker.wait()
            except WorkerCancelled:
                return  # the app is closing while the game was saved
            except WorkerFailed as failed:
                await self.push_screen_wait(
                    MessageDialog("The game was not saved", str(failed.error), error=True)
                )
                return
            self.notify(
                path_note("Saved to", path, self.size.width, "."), title="Saved", markup=False
            )
            if then_quit:
                self.exit(0)
        finally:
            self._flow_ended(flow)

    def action_request_quit(self) -> None:
        if self.session is None or not self.session.unsaved:
            self.exit(0)
            return
        if isinstance(self.screen, ChoiceDialog):
            return

        def answer(choice: str | None) -> None:
            if choice == "quit":
                self.exit(0)
            elif choice == "save":
                self._flow = None
                self.save_flow(then_quit=True)

        self.push_screen(
            ChoiceDialog(
                "Quit Elbows Up?",
                self._unsaved_words(),
                [("save", "Save and quit"), ("quit", "Quit"), ("cancel", "Cancel")],
                focus=2,
            ),
            answer,
        )

    def action_screenshot(self) -> None:
        path = self.save_screenshot(path=str(self.library.folder.parent or "."))
        self.notify(path_note("Screenshot saved to", path, self.size.width, "."), markup=False)
