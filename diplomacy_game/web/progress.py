"""The teacher's window during a class: who signed in, how far each student is, who finished.

Two things tell it. Each student's game tells the server whose game it is once the student
has signed in (``class_app`` sends it on the game's own output, which no browser writes to;
only a name of the roster is taken), so the server can say whose game closed. And every few
seconds the server looks at the students' hand-in files and says a line when one appears or
changes. A file is read only when its size or time has changed, with the game's own save
reading; a file that is damaged, edited, or someone else's gives one line, once, and never
stops the server. Only roster names are printed, and of a file only its turn, and the ending
and grade when they are this scenario's. With ``check_endings`` (the server sets it when it
can replay games: ``replay.py``), a game that ends is not said at once: it waits in
``waiting`` for its replay, and is said with its verdict (``ending_checked``).

No Textual here (the server never loads the game).
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplomacy_game import fmt
from diplomacy_game.saves.safe_json import one_line
from diplomacy_game.saves.store import MAX_TURNS, SaveError, read_header_checked

if TYPE_CHECKING:
    from diplomacy_game.engine.rules import Ruleset
    from diplomacy_game.web.lab import Lab, Student

POLL_SECONDS = 3.0  # how often the hand-in files are looked at (a stat each)
SUMMARY_MINUTES = 10.0  # how often the class's count is said, when it has changed
MOST_NAMED = 5  # students named in the count as not started, at most
UNREADABLE = "unreadable"
# The count's words for the files that hold no game of their student's, in its order.
PROBLEMS = {
    UNREADABLE: "cannot be read",
    "changed": "changed outside the game",
    "foreign": "not the student's own game",
}


@dataclass(frozen=True)
class Seen:
    """A student's hand-in file as it was last read."""

    stamp: tuple[int, int, int] | None = None  # (time, size, inode); None: no file
    said: str = ""  # what the teacher is told of it ('' for no file)
    turn: int | None = None  # turns ended; None: no game that can be read
    finished: bool = False
    # why a file holds no game of the student's: "unreadable", "changed" (outside the game)
    # or "foreign" (another game); '' for none
    problem: str = ""

    @property
    def unreadable(self) -> bool:
        return self.stamp is not None and self.turn is None


@dataclass(frozen=True)
class Ending:
    """A student's game that ended, waiting for its replay before the teacher is told."""

    stem: str
    path: Path
    said: str  # the ending as the save says it ("finished: ... (grade C, score 55/100)")


class ClassProgress:
    """What the teacher's window says of a class: lines made here, said by the server."""

    def __init__(self, lab: Lab, ruleset: Ruleset) -> None:
        self.lab = lab
        self.title = ruleset.scenario.title
        self.turns = ruleset.scenario.turns
        # ending id -> (title, its grades): a file's ending is shown only when it is one of these
        self.endings = {
            e.spec.id: (e.spec.title, {g.grade for g in e.grades}) for e in ruleset.endings
        }
        self.seen: dict[str, Seen] = {s.stem: Seen() for s in lab.students}
        self.signed_in: dict[str, Student] = {}  # game -> the student who signed in to it
        self._by_stem = {s.stem: s for s in lab.students}
        self._names = {s.name for s in lab.students}  # only the roster's names are printed
        self.check_endings = False  # endings wait for their replay (the server's to say)
        self.waiting: list[Ending] = []
        self.not_verified: set[str] = set()  # whose last ending failed its replay

    # --- the hand-in files ---------------------------------------------------------------

    def read_changed(self) -> dict[str, Seen]:
        """The files that changed since they were last read, read again (a stat for each of the
        others). Touches nothing here: the server runs it in a thread and then ``take``s it.
        Raises OSError when the folder itself cannot be read (a network drive dropped)."""
        os.stat(self.lab.hand_in)
        changed: dict[str, Seen] = {}
        for student in self.lab.students:
            now = self._read(student, self.seen[student.stem])
            if now != self.seen[student.stem]:
                changed[student.stem] = now
        return changed

    def take(self, changed: dict[str, Seen], quiet: bool = False) -> list[str]:
        """Keep what was read; the lines to say (none when ``quiet``: the files found when the
        server starts are the class's past, not news). With ``check_endings``, a game that
        ended goes to ``waiting`` instead of being said."""
        lines: list[str] = []
        for stem, now in changed.items():
            before = self.seen.get(stem)
            if before is None:
                continue
            self.seen[stem] = now
            if not now.finished:
                self.not_verified.discard(stem)
            if not quiet and now.said and now.said != before.said:
                if now.finished and self.check_endings:
                    path = self.lab.hand_in_path(self._by_stem[stem])
                    self.waiting.append(Ending(stem, path, now.said))
                    continue
                lines.append(f"{self._name(stem)}: {now.said}")
            elif not quiet and now.stamp is None and before.stamp is not None:
                name = self.lab.hand_in_path(self._by_stem[stem]).name
                lines.append(f"{self._name(stem)}: {name} is no longer in the hand-in folder")
        return lines

    def _read(self, student: Student, before: Seen) -> Seen:
        path = self.lab.hand_in_path(student)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return Seen()
        except OSError as exc:
            return Seen(
                (0, 0, 0), f"{path.name} cannot be read: {exc.strerror or exc}", problem=UNREADABLE
            )
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        if stamp == before.stamp:
            return before
        try:
            doc, sound = read_header_checked(path)
        except SaveError as exc:
            return Seen(
                stamp,
                f"{path.name} cannot be read: {one_line(exc.without_name(path))}",
                problem=UNREADABLE,
            )
        if not sound:
            return Seen(
                stamp,
                f"{path.name} was changed outside the game (its checksum does not match); "
                "'verify' says more",
                problem="changed",
            )
        try:
            return self._facts(student, path, stamp, doc)
        except (TypeError, ValueError, KeyError, AttributeError):
            return Seen(
                stamp, f"{path.name} cannot be read: its header is malformed", problem=UNREADABLE
            )

    def _facts(
        self, student: Student, path: Path, stamp: tuple[int, int, int], doc: dict[str, Any]
    ) -> Seen:
        state = doc["state"]
        record = state.get("assignment") or {}
        if (
            record.get("student") != student.name
            or record.get("class") != self.lab.class_name
            or doc.get("scenario") != self.lab.scenario
            or doc.get("seed") != student.seed
        ):
            owner = record.get("student")
            if record.get("class") == self.lab.class_name and owner in self._names:
                # a classmate's game under this student's name: said as verify says it
                said = (
                    f"{path.name} holds {owner}'s game, not {student.name}'s: the assignment"
                    f" record in it names {owner}"
                )
            else:
                said = f"{path.name} is not this student's game of {self.lab.class_name}"
            return Seen(stamp, said, problem="foreign")
        turn = doc.get("turn")
        if not isinstance(turn, int) or isinstance(turn, bool) or not 0 <= turn <= MAX_TURNS:
            raise ValueError("no turn")
        if turn > self.turns:
            raise ValueError("a turn past the scenario's last")
        ending = state.get("ending")
        if ending is not None:
            return Seen(stamp, self._ending(ending), turn, finished=True)
        if turn == 0:
            return Seen(stamp, f"started {self.title}", turn)
        return Seen(stamp, f"ended turn {turn} of {self.turns}", turn)

    def take_waiting(self) -> list[Ending]:
        """The endings waiting for their replay, handed over (the list is emptied)."""
        waiting, self.waiting = self.waiting, []
        return waiting

    def ending_checked(
        self, ending: Ending, verdict: dict[str, Any] | None, problem: str = ""
    ) -> str:
        """The line for an ending with its replay's verdict (``replay.brief``), or with why
        there is none (``problem``)."""
        line = f"{self._name(ending.stem)}: {ending.said}"
        if verdict is None:
            return f"{line} (not verified: {one_line(problem, 300)}; 'verify' checks it)"
        if verdict.get("ok") is True:
            self.not_verified.discard(ending.stem)
            return f"{line}, verified"
        self.not_verified.add(ending.stem)
        message = one_line(verdict.get("message") or "no reason given", 300)
        kind = verdict.get("kind")
        if kind == "altered" and verdict.get("where") != "assignment":
            return f"{line}, but it does not replay: {message}"
        if kind == "machine":
            return (
                f"{line}, not confirmed: this machine's arithmetic differs from the one it was "
                "played on; 'verify' says more"
            )
        return f"{line} (not verified: {message})"

    def _ending(self, ending: Any) -> str:
        """The ending as the teacher reads it: its title and grade only when they are this
        scenario's, and the score as every score is shown."""
        known = self.endings.get(ending.get("id")) if isinstance(ending, dict) else None
        if known is None:
            return "finished"
        title, grades = known
        parts = []
        grade = ending.get("grade")
        if isinstance(grade, str) and grade in grades:
            parts.append(f"grade {grade}")
        score = ending.get("score")
        if isinstance(score, int | float) and not isinstance(score, bool) and math.isfinite(score):
            parts.append(f"score {fmt.shown('score', float(score))}")
        return f"finished: {title}" + (f" ({', '.join(parts)})" if parts else "")

    # --- who is in -----------------------------------------------------------------------

    def sign_in(self, game: str, stem: Any) -> str:
        """A game says its student signed in; the line to say ('' for a name not on the
        roster, which no game of this class sends)."""
        student = self._by_stem.get(stem) if isinstance(stem, str) else None
        if student is None:
            return ""
        self.signed_in[game] = student
        where = self._progress(student.stem)
        return f"{self._name(student.stem)}: signed in" + (f" ({where})" if where else "")

    def closed(self, game: str, why: str, games_open: int) -> str:
        """The line for a game that closed: whose it was, when its student had signed in."""
        line = f"a game closed{why} ({games_open} open)"
        student = self.signed_in.pop(game, None)
        if student is None:
            return line
        where = self._progress(student.stem)
        return f"{line}: {self._name(student.stem)}" + (f", {where}" if where else "")

    def _progress(self, stem: str) -> str:
        """How far the student's game is, as last read ('' when there is none to read)."""
        seen = self.seen[stem]
        if seen.turn is None:
            return ""
        if seen.finished:
            return "finished"
        if seen.turn == 0:
            return "no turn ended yet"
        return f"{seen.turn} of {fmt.turns(self.turns)} ended"

    # --- the class at a glance -----------------------------------------------------------

    def summary(self, now: bool = True) -> str:
        """The class in one line: who has a game, who finished, who is in (``now``: while
        the server serves), who has not started (named when they are a few)."""
        seen = [(s, self.seen[s.stem]) for s in self.lab.students]
        games = sum(v.turn is not None for _, v in seen)
        finished = sum(v.finished for _, v in seen)
        # the files that hold no game of their student's, by why: "2 files cannot be read"
        # is said only of files that cannot be, never of an edited or a classmate's game
        problems = Counter(v.problem or UNREADABLE for _, v in seen if v.unreadable)
        waiting = [self._name(s.stem) for s, v in seen if v.stamp is None]
        failed = sum(v.finished and s.stem in self.not_verified for s, v in seen)
        line = (
            f"{self.lab.class_name}: {games} of {fmt.count(len(seen), 'student')} have a game, "
            f"{finished} finished" + (f" ({failed} not verified)" if failed else "")
        )
        if now:
            line += f"; {len(self.signed_in)} signed in now"
        kinds = [kind for kind in PROBLEMS if problems[kind]]
        if kinds:  # "1 file cannot be read, 1 changed outside the game"
            parts = [f"{problems[kind]} {PROBLEMS[kind]}" for kind in kinds]
            parts[0] = f"{fmt.count(problems[kinds[0]], 'file')} {PROBLEMS[kinds[0]]}"
            line += "; " + ", ".join(parts)
        if waiting and len(waiting) <= MOST_NAMED:
            line += f"; not started: {', '.join(waiting)}"
        return line

    @property
    def any_game(self) -> bool:
        return any(v.stamp is not None for v in self.seen.values())

    def _name(self, stem: str) -> str:
        return one_line(self._by_stem[stem].name)
