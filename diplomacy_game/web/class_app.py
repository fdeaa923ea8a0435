"""The game as a class plays it in the browser: the student's own game and nothing else.

The same app as in the terminal, with what a student's browser may not do taken away: no
title screen, no new game, no loading or saving under another name, no file written
anywhere but the student's hand-in file. The report and screenshots go to the browser as
downloads instead of into the teacher's folder.
"""

from __future__ import annotations

import io
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from diplomacy_game.tui import app as tui_app
from diplomacy_game.tui.app import ElbowsUpApp
from diplomacy_game.tui.launch import LaunchConfig
from diplomacy_game.tui.screens.ending import EndingScreen
from diplomacy_game.tui.screens.help import HelpScreen
from diplomacy_game.tui.screens.student_name import StudentNameScreen
from diplomacy_game.tui.screens.turn_result import TurnResultScreen
from diplomacy_game.tui.session import GameSession, TurnOutcome
from diplomacy_game.web import SIGNED_IN

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.web.lab import HandInLibrary, Lab, Student, StudentLock

# Commands of the palette a student's game does not offer.
NOT_IN_CLASS = {"New game", "Load a game", "Title screen"}
NOT_IN_CLASS_ACTIONS = {"new_game", "load", "to_title"}
# The palette's words for what a command does in a student's game, where it differs.
IN_CLASS_HELP = {
    "Save the game": "Save now, for your teacher (Ctrl+S); it is also saved every turn",
    "Screenshot": "A picture of the screen (SVG), to your browser's downloads",
    "Quit": "Close the game; it is saved at the last turn you ended (Ctrl+Q)",
}


class HandInSession(GameSession):
    """A student's game: every turn is saved to the hand-in file, so a turn that was saved
    leaves nothing unsaved."""

    def commit(self, outcome: TurnOutcome) -> None:
        super().commit(outcome)
        if outcome.autosave is not None and not outcome.autosave_error:
            self.saved_turn = self.state.turn


class ClassTurnResultScreen(TurnResultScreen):
    """What a turn changed, in a class: the turn is saved for the teacher, on the teacher's
    computer, so the student is told that in words, never a path there they cannot open."""

    def saved_line(self) -> RenderableType | None:
        o = self.outcome
        if o.autosave is not None:
            return Text("Saved for your teacher.", style="dim")
        if o.autosave_error:
            return Text(
                "This turn could not be saved for your teacher. Tell your teacher now, and "
                "keep this tab open: your game is saved again at the end of the next turn, if "
                f"it can be. (The teacher's computer said: {o.autosave_error})",
                style="red",
            )
        return None


class ClassEndingScreen(EndingScreen):
    KEYS_LINE = "h: the history of your game · r: download the report · Ctrl+Q: close"
    BINDINGS = [
        Binding("r", "write_report", "Download the report", id="ending.report"),
        Binding("h", "app.history", "History", id="ending.history"),
    ]

    def on_mount(self) -> None:
        super().on_mount()
        s = self.session
        if isinstance(s, HandInSession) and s.saved_turn == s.state.turn:
            # a student at the end looks for how to hand the game in: it is done already
            self.notify(
                "Your game is handed in: your teacher has it as it ended. Nothing more to "
                "send. Press r for your report, to read or to keep.",
                title="Handed in",
                timeout=60,
            )

    @work(thread=True, exclusive=True, group="report")
    def write_report(self) -> None:
        """The debrief as one HTML page, sent to the student's browser."""
        from diplomacy_game.classroom.report import build_report, render_html

        s = self.session
        html = render_html(build_report(s.ruleset, s.state, games_per_policy=100))
        name = f"{s.autosave_path.stem if s.autosave_path else 'game'}-report.html"
        self.app.call_from_thread(self._deliver, html, name)

    def _deliver(self, html: str, name: str) -> None:
        self.app.deliver_text(io.StringIO(html), save_filename=name, mime_type="text/html")
        self.notify(f"{name} is on its way to your browser's downloads.", title="Report")


class ClassHelpScreen(HelpScreen):
    """The help of a student's game: saving is to their own file, and there is no loading."""

    KEYS = [
        (key, "save the game now (it is also saved every turn)")
        if key == "Ctrl+S"
        else (key, "close the game (it is saved at the last turn you ended)")
        if key == "Ctrl+Q"
        else (key, what)
        for key, what in HelpScreen.KEYS
        if key != "Ctrl+O"
    ]
    TURN = HelpScreen.TURN.replace(
        '("Continue" on the title screen)',
        "for your teacher; to come back, open the class address and type your name and your "
        "game's key",
    )


class ClassroomApp(ElbowsUpApp):
    """One student's game of a class served in browsers."""

    CSS_PATH = str(Path(tui_app.__file__).with_name("elbows.tcss"))
    # In a browser Ctrl+C is the copy key: it never closes the student's game (Ctrl+Q does).
    BINDINGS = [
        Binding("ctrl+c", "copy_key", "Copy", id="quit.ctrl_c", show=False, priority=True),
    ]

    def __init__(self, lab: Lab, blink: bool = True) -> None:
        super().__init__(LaunchConfig(mode="class", content=lab.content, blink=blink))
        self.lab = lab
        self.student: Student | None = None
        self._lock: StudentLock | None = None
        self._ruleset: Ruleset | None = None
        self._loading = threading.Lock()

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # Textual would run the title screen's on_mount next
        self.push_screen(StudentNameScreen(self.lab))
        self.prepare()

    @work(thread=True, exclusive=True, group="prepare")
    def prepare(self) -> None:
        """Load the scenario while the student types their name."""
        from diplomacy_game.content import ContentError

        try:
            ruleset = self._load_ruleset()
        except ContentError:
            return  # opening the game will say what is wrong
        self.call_from_thread(self._show_title, ruleset.scenario.title)

    def _show_title(self, title: str) -> None:
        if isinstance(self.screen, StudentNameScreen):
            self.screen.show_scenario(title)

    def _load_ruleset(self) -> Ruleset:
        from diplomacy_game.content import load_ruleset

        with self._loading:
            if self._ruleset is None:
                self._ruleset = load_ruleset(self.lab.scenario, extra=self.lab.content)
            return self._ruleset

    # --- opening the student's game --------------------------------------------------------

    @work(thread=True, exclusive=True, group="game")
    def open_student(self, student: Student) -> None:
        """Continue the student's game from their hand-in file, or start it there."""
        message = self._open(student)
        if message:
            self.call_from_thread(self._refused, student, message)

    def _carry_over(self, own: Path, ruleset: Ruleset, library: HandInLibrary) -> HandInSession:
        """The student's game of a version of the content before this one (the game was
        updated between lessons), played again under this one: the file as it was is kept
        hidden beside it (out of the teacher's listing), and the replayed game takes its
        place."""
        from diplomacy_game.saves.carry import carry_over
        from diplomacy_game.saves.store import save_game

        carried = carry_over(own, ruleset)
        kept = own.with_name(f".{own.stem}.content-{carried.digest}{own.suffix}")
        shutil.copy2(own, kept)
        save_game(own, ruleset, carried.state, generations=1)
        session = HandInSession(ruleset, carried.state, library, save_path=own)
        session.notices.extend(carried.notes(kept_as=Path(kept.name)))
        return session

    def _open(self, student: Student) -> str:
        from diplomacy_game.content import ContentError
        from diplomacy_game.saves.reading import ContentVersionError
        from diplomacy_game.saves.store import SaveError, save_game

        lock = self.lab.hold(student)
        if lock is None:
            return (
                f"{student.name}'s game is open in another browser. Close it there first; "
                "a tab closed without quitting frees the game within half a minute."
            )
        try:
            ruleset = self._load_ruleset()
            library = self.lab.library(student)
            own = self.lab.hand_in_path(student)
            if own.exists():
                try:
                    session = HandInSession.load(own, library, self.lab.content)
                except ContentVersionError:
                    session = self._carry_over(own, ruleset, library)
                problem = self.lab.check_own(session.state, student)
                if problem:
                    raise SaveError(f"{problem}; ask your teacher")
            else:
                state = self.lab.new_state(ruleset, student)
                save_game(own, ruleset, state, generations=1)
                session = HandInSession(ruleset, state, library, save_path=own)
            session.save_path = own
            session.autosave_path = own
            session.saved_turn = session.state.turn
        except (SaveError, ContentError, ValueError, OSError) as exc:
            lock.release()
            return f"Your game cannot be opened: {exc}"
        self._lock, self.student = lock, student
        note = session.resume_plan()
        key = ""
        if not self.lab.key_of(student):  # the first time the game is opened: its key
            try:
                key = self.lab.issue_key(student)
            except OSError:
                key = ""  # the game is kept all the same; a key is asked for only once kept
        self.call_from_thread(self._enter_game, session, note)
        self.call_from_thread(self._tell_server, student)
        if key:
            self.call_from_thread(self._tell_key, student, key)
        return ""

    def _tell_server(self, student: Student) -> None:
        """Tell the server whose game this is, for the teacher's window: a meta message on the
        game's own output, which only the web driver has (no browser writes there)."""
        write_meta = getattr(self._driver, "write_meta", None)
        if callable(write_meta):
            write_meta({"type": SIGNED_IN, "student": student.stem})

    def _tell_key(self, student: Student, key: str) -> None:
        self.notify(
            f"Your game's key is {key}. Write it down: to come back to this game you will "
            f"type your name and this key. It stays at the top of the help (?), and your"
            f" teacher can find it too. A click closes this note.",
            title=f"{student.name}: your key",
            timeout=90,
        )

    def _refused(self, student: Student, message: str) -> None:
        if isinstance(self.screen, StudentNameScreen):
            self.screen.refused(student, message)

    # --- what a student's browser does not do ----------------------------------------------

    def action_copy_key(self) -> None:
        self.notify(
            "Ctrl+C does not close your game. To close it, press Ctrl+Q: it is saved every "
            "turn, and the turn you are planning is kept.",
            timeout=6,
        )

    def _not_in_class(self) -> None:
        self.notify(
            "In class you play the game your teacher assigned; it is saved every turn.",
            severity="warning",
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NOT_IN_CLASS_ACTIONS:
            return False  # neither shown in the footer nor run
        return super().check_action(action, parameters)

    def action_new_game(self) -> None:
        self._not_in_class()

    def action_load(self) -> None:
        self._not_in_class()

    def action_to_title(self) -> None:
        self._not_in_class()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            screen = ClassHelpScreen()
            key = self.lab.key_of(self.student) if self.student is not None else ""
            if key:  # shown once when the game opened: here it can be found again, on top
                screen.NOTE = f"Your game's key is {key}: with your name, it opens this game again."
            self.push_screen(screen)

    def action_screenshot(self) -> None:
        svg = self.export_screenshot()
        self.deliver_text(
            io.StringIO(svg), save_filename="elbows-up.svg", mime_type="image/svg+xml"
        )
        self.notify("The screenshot is on its way to your browser's downloads.")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in NOT_IN_CLASS:
                yield command._replace(help=IN_CLASS_HELP.get(command.title, command.help))

    def _show_ending(self) -> None:
        if self.session is not None:
            self.push_screen(ClassEndingScreen(self.session))

    def turn_result_screen(self, session: GameSession, outcome: TurnOutcome) -> Screen[None]:
        return ClassTurnResultScreen(session, outcome)

    @work(exclusive=True, group="flow")
    async def save_flow(self, then_quit: bool = False) -> None:
        """Save now, to the student's own file (there is no other name to choose)."""
        from textual.worker import WorkerCancelled, WorkerFailed

        from diplomacy_game.tui.screens.dialogs import MessageDialog

        s = self.session
        if s is None:
            return
        self._flow = flow = object()
        try:
            worker = self.run_worker(
                lambda: s.save(""), thread=True, group="save", exit_on_error=False
            )
            try:
                path = await worker.wait()
            except WorkerCancelled:
                return
            except WorkerFailed as failed:
                await self.push_screen_wait(
                    MessageDialog("The game was not saved", str(failed.error), error=True)
                )
                return
            self.notify(f"Saved for your teacher as {path.name}.", title="Saved")
            if then_quit:
                self.exit(0)
        finally:
            if self._flow is flow:
                self._flow = None
