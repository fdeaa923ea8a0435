"""``diplomacy-game serve``: the game in a browser, one game process per browser.

Built on ``textual-serve`` (the Textual project's own server: an aiohttp application that
starts one process per browser connection and relays its screen over a websocket). What we
add around it, for a class:

- **A code.** The page is served only to an address that carries the code (the printed
  address does); a browser without it gets a form asking for it, and no game process starts
  for it. A page served with the code holds a single-use ticket; the websocket that starts a
  game must present one, so the game's socket cannot be opened without the page.
- **A fixed command.** The game process's argument list is made once, at start, from the
  teacher's options, and run without a shell; nothing a browser sends reaches it.
- **Limits.** At most ``max_players`` games at once; a game with no key or click for
  ``idle_minutes`` is closed (it was saved at its last turn, and the student continues it by
  opening the page again and typing the same name).
- **Loopback by default.** The server binds 127.0.0.1 unless a host is given.
- **Games kept warm for a class.** With ``--class``, ``warm`` game processes (by default one
  for each student on the class list, at most ``max_players``: the memory the class will use
  anyway, used before it arrives) are started before anyone asks (Python, Textual and the
  game loaded, the name box drawn), and a browser that arrives takes one at once; another is
  started in its place once the class has stopped arriving. A class arriving in the same
  minute then waits for no process to start. Without ``--class`` every game starts when
  its browser arrives (a game's title screen shows the saves of the moment it starts).
- **The class by name in the teacher's window.** With ``--class``, who signed in, how far
  each student's game is, and whose game closed (``progress.py``); without it, no names. Each
  game that ends is replayed in a helper process before its ending is said, with the verdict
  (``replay.py``); Enter in the window prints the class's count (``console.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import hmac
import ipaddress
import json
import mimetypes
import secrets
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from diplomacy_game import fmt
from diplomacy_game.web import GAME_MB, SIGNED_IN, WARM_GAMES
from diplomacy_game.web.console import EnterKey
from diplomacy_game.web.progress import POLL_SECONDS, SUMMARY_MINUTES, ClassProgress, Ending
from diplomacy_game.web.replay import Replayer, ReplayError, replay_command

TEMPLATES = Path(__file__).resolve().parent / "templates"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a board
CODE_LENGTH = 8
TICKET_SECONDS = 300.0  # a page must open its game within five minutes
MAX_TICKETS = 2000
# Wrong class codes per address in a minute before the form waits a minute. A whole room
# behind one school address (a class of 30, each mistyping a few times) stays under it, and a
# right code from the address clears its count; a script trying codes would still need
# thousands of years (32**8 codes).
WRONG_CODES_PER_MINUTE = 200
STOP_SECONDS = 10.0  # a game that does not close when asked is ended after this
WARM_PACE = 0.5  # seconds between two games started ahead
WARM_QUIET = 5.0  # none is started ahead while browsers keep arriving (they need the cores)
WARM_CHECK_SECONDS = 30.0
MAX_HELD_BYTES = 1_000_000  # a game kept warm this long is started afresh
LAST_REPLAYS_SECONDS = 15.0  # at stop, endings still waiting for their replay get this long
# What the page says when its game has closed (the tab slept, the network dropped, the game
# was idle or quit): in a class, the student's way back in.
CLOSED_TEXT = (
    "The game has closed. Everything up to the last turn you ended is saved, and so is the "
    "turn you were planning. Press Continue, then type your name and your game's key, to "
    "carry on."
)
CLOSED_TEXT_ALONE = (
    "The game has closed. Everything up to the last turn you ended is saved (its autosave). "
    "Press Continue, then continue the game from the title screen."
)


class ServeError(Exception):
    """A problem starting the server, in one line."""


@dataclass
class ServeOptions:
    """What the teacher chose on the command line."""

    host: str = "127.0.0.1"
    port: int = 8000
    assignment: Path | None = None  # --class: the assignment (folder or file)
    roster: Path | None = None  # --students
    hand_in: Path | None = None
    saves_dir: Path | None = None
    content: list[Path] = field(default_factory=list)
    max_players: int = 40
    idle_minutes: float = 20.0
    code: str | None = None
    warm: int | None = None  # games started ahead for a class (None: the class list's size)


def normal_code(text: str) -> str:
    """A code as typed: case, spaces and dashes do not matter."""
    return "".join(c for c in text.upper() if c.isalnum())


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code: str) -> str:
    """The code as written on the board: in groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def check_options(options: ServeOptions) -> str:
    """Why these options cannot serve ('' if they can)."""
    if not 0 <= options.port <= 65535:
        return "the port must be a number from 1 to 65535"
    if options.max_players < 1:
        return "--max-players must be at least 1"
    if options.warm is not None and options.warm < 0:
        return "--warm must be 0 or more"
    if not options.idle_minutes > 0:
        return "--idle must be a number of minutes above 0"
    if options.code is not None:
        code = normal_code(options.code)
        if not 6 <= len(code) <= 32 or not code.isascii():
            return "--code must be 6 to 32 letters and digits"
    if options.roster is not None and options.assignment is None:
        return "--students needs --class (the assignment the students play)"
    if options.assignment is None and not is_loopback(options.host):
        return (
            "--host opens the game to the network, which needs --class: without it every "
            "browser would share this machine's saves folder"
        )
    return ""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def board_host(host: str) -> str:
    """The host to write in the address: for a server open on every interface, this
    machine's address on the local network."""
    if host in ("0.0.0.0", "::", ""):
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # a documentation address: no packet is sent
            return s.getsockname()[0]
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


# --- one game process -------------------------------------------------------------------------


class GameProcess(AppService):
    """textual-serve's process for one browser, started from a fixed argument list without a
    shell, and ended for sure when it is stopped."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.last_input = time.monotonic()
        self.idle_closed = False
        self._stopping: asyncio.Future[None] | None = None
        # A game started before its browser (kept warm) holds what it draws until one comes.
        self._held: list[tuple[bool, Any]] | None = None
        self.held_bytes = 0
        # Told when the game says which student signed in to it (a class's game does).
        self.on_signed_in: Callable[[GameProcess, Any], None] | None = None

    @classmethod
    def warm(cls, argv: list[str], download_manager: Any) -> GameProcess:
        """A game for a browser that has not come yet: what it draws is held (see attach)."""
        game = cls(
            argv,
            write_bytes=_nowhere,
            write_str=_nowhere,
            close=_no_browser,
            download_manager=download_manager,
        )
        game._held = []
        game.remote_write_bytes = game._hold_bytes
        game.remote_write_str = game._hold_str
        return game

    async def _hold_bytes(self, data: bytes) -> None:
        self._hold(True, data)

    async def _hold_str(self, data: str) -> None:
        self._hold(False, data)

    def _hold(self, is_bytes: bool, data: Any) -> None:
        if self._held is None:  # attached meanwhile: only the run loop's old reference
            return
        self._held.append((is_bytes, data))
        self.held_bytes += len(data)

    @property
    def ended(self) -> bool:
        """The game's process has ended."""
        return self._process is not None and self._process.returncode is not None

    @property
    def ready_for_a_browser(self) -> bool:
        """A warm game still running and not grown stale (a cursor blinking for hours)."""
        return (
            self._held is not None
            and self._process is not None
            and not self.ended
            and self.held_bytes <= MAX_HELD_BYTES
        )

    async def attach(self, websocket: web.WebSocketResponse, width: int, height: int) -> None:
        """Give a warm game to a browser: what it drew so far, in order (the terminal's set-up
        first), then everything as it comes, then the browser's size (it repaints)."""
        held = self._held or []
        while held:  # output that arrives meanwhile joins the end of the list
            is_bytes, data = held.pop(0)
            await (websocket.send_bytes(data) if is_bytes else websocket.send_str(data))
        # no await between the last look at the list and the switch: nothing is lost
        self.remote_write_bytes = websocket.send_bytes
        self.remote_write_str = websocket.send_str
        self.remote_close = websocket.close
        self._held = None
        self.last_input = time.monotonic()
        await self.set_terminal_size(width, height)

    async def on_meta(self, data: bytes) -> None:
        """The game's own messages; the one saying who signed in is the server's, never
        passed on (textual-serve would log it as unknown)."""
        try:
            meta = json.loads(data)
        except ValueError:
            meta = None
        if isinstance(meta, dict) and meta.get("type") == SIGNED_IN:
            if self.on_signed_in is not None:
                self.on_signed_in(self, meta.get("student"))
            return
        await super().on_meta(data)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,  # a Ctrl+C at the teacher's console goes to the server
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the game to quit; end its process if it has not within STOP_SECONDS. Every
        caller waits until the process is gone, however many ask."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        task = self._task
        process = self._process
        if task is not None:
            with contextlib.suppress(Exception):
                await self._download_manager.cancel_app_downloads(
                    app_service_id=self.app_service_id
                )
            await self.send_meta({"type": "quit"})
            try:
                await asyncio.wait_for(asyncio.shield(task), STOP_SECONDS)
            except TimeoutError:
                if process is not None and process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
                with contextlib.suppress(Exception):
                    await task
        if process is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(process.wait(), STOP_SECONDS)


async def _nowhere(data: Any) -> None:
    """Where a game kept warm would write, were its output not held (it is)."""


async def _no_browser() -> None:
    """A game kept warm that ends before any browser took it closes no browser."""


# --- the server ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StaticFile:
    """One file of the page, read once: as it is, and gzipped when that is smaller."""

    raw: bytes
    gzipped: bytes | None
    content_type: str
    digest: str


def read_statics(folder: Path) -> dict[str, StaticFile]:
    """Every file under ``folder``, by its path from there (only these are served)."""
    found: dict[str, StaticFile] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        found[path.relative_to(folder).as_posix()] = StaticFile(
            raw=raw,
            gzipped=packed if len(packed) < 0.9 * len(raw) else None,
            content_type=content_type,
            digest=hashlib.sha256(raw).hexdigest()[:20],
        )
    return found


class LabServer(Server):
    def __init__(
        self,
        options: ServeOptions,
        argv: list[str],
        say: Callable[[str], None],
        progress: ClassProgress | None = None,
        replayer: Replayer | None = None,
    ):
        super().__init__(
            command=argv[0],
            host=options.host,
            port=options.port,
            title="Elbows Up",
            templates_path=TEMPLATES,
            statics_path="./static",
        )
        self.options = options
        self.argv = argv
        self.say = say
        self.statics = read_statics(Path(self.statics_path))
        self.code = normal_code(options.code) if options.code else new_code()
        self.tickets: dict[str, float] = {}
        self.games: dict[str, GameProcess] = {}
        self.wrong: dict[str, list[float]] = {}
        self.started = 0  # games started since the server started
        self._watch: asyncio.Task[None] | None = None
        # Games kept warm for a class (see the module's notes); none without --class.
        self.warm = 0
        if options.assignment is not None:
            wanted = WARM_GAMES if options.warm is None else options.warm
            self.warm = min(wanted, options.max_players)
        self.spares: list[GameProcess] = []
        self.last_opened = -WARM_QUIET  # when a browser last opened a game (monotonic)
        self._want_spares = asyncio.Event()
        self._keeper: asyncio.Task[None] | None = None
        # The class's progress by name, for the teacher's window (--class only: without it
        # there are no names to say).
        self.progress = progress
        self._follower: asyncio.Task[None] | None = None
        self._hand_in_problem = ""
        self._looking = asyncio.Lock()  # one look at the hand-in files at a time
        self._counting: asyncio.Task[None] | None = None  # the count Enter asked for
        # Each game that ends is replayed before its ending is said (a class only).
        self.replayer: Replayer | None = None
        if progress is not None:
            self.replayer = replayer or Replayer(
                replay_command(progress.lab.scenario, options.content)
            )
            progress.check_endings = True
        self._endings: asyncio.Queue[Ending] = asyncio.Queue()
        self._checker: asyncio.Task[None] | None = None
        self._checking: Ending | None = None
        self._warming: asyncio.Task[None] | None = None
        # Set once the address is open: a server that could not start (its port taken) has
        # no class's count to give as it stops.
        self.serving = False

    # --- the aiohttp application -----------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{ticket}", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get("/static/{path:.+}", self.handle_static, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    def begin(self) -> None:
        """The server's own work, once its port is its own (``run_server``): a server that
        cannot start starts no game ahead and no replay helper."""
        self._watch = asyncio.create_task(self._close_idle_games())
        if self.warm:
            self._keeper = asyncio.create_task(self._keep_warm())
        if self.progress is not None:
            self._follower = asyncio.create_task(self._follow_class(self.progress))
            if self.replayer is not None:
                self._checker = asyncio.create_task(self._check_endings(self.progress))
                self._warming = asyncio.create_task(self.replayer.start())

    async def on_shutdown(self, app: web.Application) -> None:
        for task in (self._watch, self._keeper, self._follower, self._counting, self._warming):
            if task is not None:
                task.cancel()
        games = list(self.games.values())
        if games:
            self.say(f"closing {fmt.count(len(games), 'game')}; each was saved at its last turn")
        spares, self.spares = self.spares, []
        await asyncio.gather(*(g.stop() for g in [*games, *spares]), return_exceptions=True)
        if self.progress is not None and self.serving:  # the class's last count, as it stands
            await self._look_at_hand_ins(self.progress)
            await self._last_replays(self.progress)
            self.say(self.progress.summary(now=False))
        if self._warming is not None:  # a helper cut off as it started is ended with its start
            await asyncio.wait([self._warming])
        if self.replayer is not None:
            await self.replayer.close()  # (again, if the last replays closed it)

    async def _last_replays(self, progress: ClassProgress) -> None:
        """Endings still waiting for their replay at stop: a little time, then said without."""
        if self._checker is None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._endings.join()), LAST_REPLAYS_SECONDS)
        left = [self._checking] if self._checking is not None else []  # its replay is ended
        self._checker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._checker
        while not self._endings.empty():
            left.append(self._endings.get_nowait())
        for ending in left:
            self.say(progress.ending_checked(ending, None, "the server stopped before its replay"))
        if self.replayer is not None:
            await self.replayer.close()

    async def _check_endings(self, progress: ClassProgress) -> None:
        """Each game that ended, replayed in turn by the helper; its line said with the
        verdict. The event loop only waits for the helper's answer."""
        assert self.replayer is not None
        while True:
            ending = await self._endings.get()
            self._checking = ending
            try:
                line = await self._checked(progress, self.replayer, ending)
            finally:
                self._checking = None
                self._endings.task_done()
            self.say(line)

    async def _checked(self, progress: ClassProgress, replayer: Replayer, ending: Ending) -> str:
        try:
            verdict = await replayer.verdict(ending.path)
        except ReplayError as exc:
            if replayer.given_up and progress.check_endings:
                progress.check_endings = False  # the next endings are said as the saves say
                self.say(
                    f"finished games are not replayed here any more ({exc}); their endings are "
                    "said as the saves give them, and 'verify' checks them"
                )
            return progress.ending_checked(ending, None, str(exc))
        return progress.ending_checked(ending, verdict)

    def count_now(self) -> None:
        """The class's count at once (the teacher pressed Enter): the hand-in files looked at
        first. One at a time: a key held down does not queue a count per repeat."""
        if self.progress is None or self._counting is not None:
            return
        self._counting = asyncio.create_task(self._say_count(self.progress))

    async def _say_count(self, progress: ClassProgress) -> None:
        try:
            await self._look_at_hand_ins(progress)
            self.say(progress.summary())
        finally:
            self._counting = None

    async def _follow_class(self, progress: ClassProgress) -> None:
        """Every few seconds, a line for each student whose hand-in file appeared or changed;
        every SUMMARY_MINUTES, the class's count when it has changed. Whatever the files
        hold, this never stops."""
        said = ""
        last = time.monotonic()
        while True:
            await asyncio.sleep(POLL_SECONDS)
            await self._look_at_hand_ins(progress)
            if time.monotonic() - last >= SUMMARY_MINUTES * 60:
                last = time.monotonic()
                line = progress.summary()
                if line != said:
                    self.say(line)
                    said = line

    async def _look_at_hand_ins(self, progress: ClassProgress) -> None:
        async with self._looking:
            try:
                changed = await asyncio.to_thread(progress.read_changed)
            except OSError as exc:  # the folder itself went away (a network drive dropped)
                line = f"the hand-in folder cannot be read: {exc.strerror or exc}"
                if line != self._hand_in_problem:
                    self.say(line)
                    self._hand_in_problem = line
                return
            self._hand_in_problem = ""
            for line in progress.take(changed):
                self.say(line)
            for ending in progress.take_waiting():  # said once replayed
                self._endings.put_nowait(ending)

    def _signed_in(self, game: GameProcess, student: Any) -> None:
        if self.progress is not None and game.app_service_id in self.games:
            line = self.progress.sign_in(game.app_service_id, student)
            if line:
                self.say(line)

    async def _keep_warm(self) -> None:
        """Keep ``warm`` games started ahead, one started at a time, within the seats left."""
        announced = False
        ended = 0  # games started ahead that ended by themselves, one after another
        while True:
            for stale in [g for g in self.spares if not g.ready_for_a_browser]:
                self.spares.remove(stale)
                asyncio.create_task(stale.stop())
                ended = ended + 1 if stale.ended else 0
            if ended >= 3:  # something stops them (memory?): do not start them in a loop
                self.say("games started ahead keep ending by themselves; games start on demand")
                return
            seats = self.options.max_players - len(self.games)
            quiet = time.monotonic() - self.last_opened >= WARM_QUIET
            if not quiet and len(self.spares) < min(self.warm, seats):
                await asyncio.sleep(WARM_QUIET)  # a class arriving: its games go first
                continue
            if len(self.spares) < min(self.warm, seats):
                spare = GameProcess.warm(self.argv, self.download_manager)
                try:
                    await spare.start(80, 24)
                except OSError as exc:
                    self.say(f"a game could not be started ahead ({exc}); games start on demand")
                    return
                self.spares.append(spare)
                await asyncio.sleep(WARM_PACE)  # its start-up is under way: then the next
                continue
            if not announced and self.spares:
                self.say(f"{fmt.count(len(self.spares), 'game')} ready for the first browsers")
                announced = True
            self._want_spares.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._want_spares.wait(), WARM_CHECK_SECONDS)

    def _take_spare(self) -> GameProcess | None:
        while self.spares:
            spare = self.spares.pop(0)
            self._want_spares.set()  # another in its place
            if spare.ready_for_a_browser:
                return spare
            asyncio.create_task(spare.stop())
        return None

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file a game sends to its browser (the report, a screenshot), streamed from the
        game. A browser that cancels the download, or closes meanwhile, ends it quietly: the
        teacher's window gets no traceback, and the download is forgotten."""
        key = request.match_info["key"]
        manager = self.download_manager
        try:
            meta = await manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(
                text="This download is over: ask the game for it again."
            ) from None
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = f"{disposition}; filename={meta.file_name}"
        chunks = manager.download(key)
        try:
            await response.prepare(request)
            async for chunk in chunks:
                await response.write(chunk)
            await response.write_eof()
        except ConnectionError:  # the browser went away: nothing more to send it
            manager._active_downloads.pop(key, None)
        finally:
            await chunks.aclose()
        return response

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        """The page's script, styles, font and image, compressed for a browser that takes
        gzip: a class's browsers all fetch them at once over the room's Wi-Fi (about 760 kB
        each as they are, under 300 kB compressed). A browser that has them is told so (304)."""
        found = self.statics.get(request.match_info["path"])
        if found is None:
            raise web.HTTPNotFound()
        etag = f'"{found.digest}"'
        headers = {"Cache-Control": "no-cache", "ETag": etag, "Vary": "Accept-Encoding"}
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
        body = found.raw
        if found.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", ""):
            body = found.gzipped
            headers["Content-Encoding"] = "gzip"
        return web.Response(body=body, content_type=found.content_type, headers=headers)

    # --- the page --------------------------------------------------------------------------

    def _code_ok(self, given: str) -> bool:
        return hmac.compare_digest(normal_code(given).encode(), self.code.encode())

    def _too_many_wrong(self, peer: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self.wrong.get(peer, []) if now - t < 60]
        self.wrong[peer] = recent
        if len(self.wrong) > 10_000:  # forget the oldest addresses
            self.wrong = {peer: recent}
        return len(recent) >= WRONG_CODES_PER_MINUTE

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        peer = request.remote or "?"
        given = request.query.get("code", "")
        if self._too_many_wrong(peer):
            return _page(429, "Too many wrong codes", "Wait a minute, then try again.")
        if not given or not self._code_ok(given):
            if given:
                self.wrong.setdefault(peer, []).append(time.monotonic())
            return _code_form(wrong=bool(given))
        self.wrong.pop(peer, None)  # the room has the code: its slips no longer count
        if len(self.games) >= self.options.max_players:
            return _page(
                503,
                "Every seat is taken",
                f"All {self.options.max_players} games this server allows are open. "
                "Ask your teacher; try again when someone has finished.",
            )
        ticket = self._issue_ticket()
        scheme = "wss" if request.secure else "ws"
        context = {
            "font_size": _whole(request.query.get("fontsize", "16"), 16, 8, 40),
            "narrow_font_size": 13,
            "app_websocket_url": f"{scheme}://{request.host}/ws/{ticket}",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
            "closed_text": CLOSED_TEXT if self.options.assignment else CLOSED_TEXT_ALONE,
        }
        response = aiohttp_jinja2.render_template("index.html", request, context)
        _no_store(response)
        return response

    def _issue_ticket(self) -> str:
        now = time.monotonic()
        self.tickets = {t: until for t, until in self.tickets.items() if until > now}
        if len(self.tickets) >= MAX_TICKETS:  # pages opened and never played: oldest go
            for old in sorted(self.tickets, key=self.tickets.__getitem__)[: MAX_TICKETS // 2]:
                del self.tickets[old]
        ticket = secrets.token_urlsafe(18)
        self.tickets[ticket] = now + TICKET_SECONDS
        return ticket

    # --- the game --------------------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        until = self.tickets.pop(request.match_info["ticket"], None)
        if until is None or until < time.monotonic():
            raise web.HTTPForbidden(text="Open the class address (with its code) to play.")
        origin = request.headers.get("Origin")
        if origin and origin.split("://", 1)[-1] != request.host:
            raise web.HTTPForbidden(text="This game is played from its own page only.")
        if len(self.games) >= self.options.max_players:
            raise web.HTTPServiceUnavailable(text="Every seat is taken.")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        width = _whole(request.query.get("width", "80"), 80, 20, 400)
        height = _whole(request.query.get("height", "24"), 24, 8, 200)
        await websocket.prepare(request)
        spare = self._take_spare()
        game = spare or GameProcess(
            self.argv,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        game.on_signed_in = self._signed_in
        self.games[game.app_service_id] = game
        self.started += 1
        self.last_opened = time.monotonic()
        self.say(f"a game opened ({len(self.games)} open{', started ahead' if spare else ''})")
        ended: asyncio.Task[None] | None = None
        try:
            if spare is not None:
                await spare.attach(websocket, width, height)
            else:
                await game.start(width, height)
            ended = asyncio.create_task(_close_when_ended(game, websocket))
            await self._relay(websocket, game)
        except (asyncio.CancelledError, ConnectionError):
            pass
        finally:
            if ended is not None:
                ended.cancel()
            await game.stop()
            self.games.pop(game.app_service_id, None)
            why = " after being idle" if game.idle_closed else ""
            if self.progress is not None:
                self.say(self.progress.closed(game.app_service_id, why, len(self.games)))
            else:
                self.say(f"a game closed{why} ({len(self.games)} open)")
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, game: GameProcess) -> None:
        """The browser's keys, clicks and size to the game; anything malformed is dropped."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind = envelope[0]
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                game.last_input = time.monotonic()
                await game.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await game.set_terminal_size(
                    _whole(data.get("width"), 80, 20, 400), _whole(data.get("height"), 24, 8, 200)
                )
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:32]])
            elif kind == "blur":
                await game.blur()
            elif kind == "focus":
                await game.focus()

    async def _close_idle_games(self) -> None:
        idle = self.options.idle_minutes * 60
        every = max(0.2, min(30.0, idle / 4))
        while True:
            await asyncio.sleep(every)
            now = time.monotonic()
            for game in list(self.games.values()):
                if not game.idle_closed and now - game.last_input > idle:
                    game.idle_closed = True
                    asyncio.create_task(game.stop())


async def _close_when_ended(game: GameProcess, websocket: web.WebSocketResponse) -> None:
    """When the game ends by itself (the student quit, or it failed), the browser is told."""
    task = game._task
    if task is not None:
        with contextlib.suppress(Exception):
            await asyncio.shield(task)
    await websocket.close()


def _whole(value: Any, default: int, lo: int, hi: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return max(lo, min(hi, number))


def _no_store(response: web.StreamResponse) -> None:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Elbows Up</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ background: #0c181f; color: #eee; font: 18px/1.5 system-ui, sans-serif;
  display: flex; align-items: center; justify-content: center; min-height: 90vh; margin: 0; }}
main {{ background: #12232d; padding: 2em; max-width: 30em; margin: 1em; }}
h1 {{ font-size: 1.4em; margin-top: 0; }} .wrong {{ color: #ff8a80; }}
input, button {{ font: inherit; padding: .4em .6em; }}
input {{ text-transform: uppercase; letter-spacing: .1em; width: 10em; }}
button {{ background: #5e0ba7; color: #fff; border: none; cursor: pointer; }}
</style></head><body><main>{body}</main></body></html>
"""


def _page(status: int, title: str, text: str) -> web.Response:
    body = f"<h1>{escape(title)}</h1><p>{escape(text)}</p>"
    response = web.Response(status=status, text=PAGE.format(body=body), content_type="text/html")
    _no_store(response)
    return response


def _code_form(wrong: bool) -> web.Response:
    note = (
        '<p class="wrong">That code is not right. Check it on the board.</p>'
        if wrong
        else "<p>Type the class code your teacher wrote on the board.</p>"
    )
    body = (
        "<h1>Elbows Up</h1>"
        f"{note}"
        '<form method="get" action="/"><label>Class code '
        '<input name="code" autocomplete="off" autofocus required maxlength="40"></label> '
        '<button type="submit">Play</button></form>'
    )
    response = web.Response(status=403, text=PAGE.format(body=body), content_type="text/html")
    _no_store(response)
    return response


# --- running it ---------------------------------------------------------------------------


def game_argv(options: ServeOptions) -> list[str]:
    from diplomacy_game.web.game import game_command

    return game_command(
        options.hand_in, options.assignment, options.roster, options.saves_dir, options.content
    )


async def run_server(server: LabServer, ready: Callable[[str], None], stop: asyncio.Event) -> None:
    """Serve until ``stop`` is set; ``ready`` gets the address to open (code included)."""
    app = await server._make_app()
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, server.options.host, server.options.port, reuse_address=True)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        if exc.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
            raise ServeError(
                f"port {server.options.port} is in use on {server.options.host}; "
                "choose another with --port"
            ) from None
        raise ServeError(
            f"cannot serve on {server.options.host}:{server.options.port}: {exc.strerror or exc}"
        ) from None
    sockets = site._server.sockets if site._server is not None else []  # type: ignore[union-attr]
    port = sockets[0].getsockname()[1] if sockets else server.options.port
    server.serving = True
    server.begin()
    ready(f"http://{board_host(server.options.host)}:{port}/?code={shown_code(server.code)}")
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def serve(options: ServeOptions, out: Any = None) -> int:
    """Run ``diplomacy-game serve`` until Ctrl+C; returns the exit code. Problems with the
    options or the class's files are one line on stderr."""
    out = out or sys.stdout

    def say(line: str) -> None:
        out.write(f"{time.strftime('%H:%M:%S')}  {line}\n")
        out.flush()

    problem = check_options(options)
    if problem:
        sys.stderr.write(f"diplomacy-game: {problem}\n")
        return 2
    lab_line = ""
    progress: ClassProgress | None = None
    if options.assignment is not None:
        from diplomacy_game.content import ContentError, load_ruleset
        from diplomacy_game.saves.library import safe_name
        from diplomacy_game.web.lab import LabError, prepare_hand_in, read_lab

        try:
            lab = read_lab(options.assignment, Path("."), options.roster, options.content)
            options.hand_in = options.hand_in or Path("handed-in") / safe_name(lab.class_name)
            prepare_hand_in(options.hand_in)
            # as each game reads it: the file names of the hand-in folder that is there
            lab = read_lab(options.assignment, options.hand_in, options.roster, options.content)
            ruleset = load_ruleset(lab.scenario, extra=options.content)
        except (LabError, ContentError) as exc:
            sys.stderr.write(f"diplomacy-game: {exc}\n")
            return 1
        if options.warm is None:  # the class's own games, started before it arrives
            options.warm = len(lab.students) or WARM_GAMES
        unkeyed = lab.games_without_key()
        if unkeyed:
            lab.notes.append(
                f"{fmt.count(len(unkeyed), 'game')} in the hand-in folder "
                f"{'has' if len(unkeyed) == 1 else 'have'} no key yet ({', '.join(unkeyed[:5])}"
                f"{', ...' if len(unkeyed) > 5 else ''}): the next person to type the name opens "
                "it and is given its key"
            )
        lab_line = "".join(f"Note: {note}\n" for note in lab.notes) + (
            f"{lab.class_name}: {ruleset.scenario.title}, {fmt.count(len(lab.students), 'student')}; "
            f"their games are saved in {options.hand_in}/"
        )
        progress = ClassProgress(lab, ruleset)
        with contextlib.suppress(OSError):  # the games there already: the class's past, not news
            progress.take(progress.read_changed(), quiet=True)
        if progress.any_game:
            lab_line += f"\n{progress.summary(now=False)}"
    else:
        from diplomacy_game.saves.library import saves_dir

        options.saves_dir = saves_dir(options.saves_dir)
    server = LabServer(options, game_argv(options), say, progress)
    enter = EnterKey(sys.stdin, server.count_now)

    def ready(address: str) -> None:
        # Enter for the count: a class's, in a terminal (not under nohup, a pipe, a test)
        keys = progress is not None and enter.start()
        if lab_line:
            out.write(lab_line + "\n")
        if server.warm:
            out.write(
                f"Starting {fmt.count(server.warm, 'game')} ahead, so that the class waits for "
                f"none (about {server.warm * GAME_MB} MB; --warm 0 for none).\n"
            )
        if not is_loopback(options.host):
            out.write(
                "Open to the local network: anyone with the address and code below can play.\n"
            )
        out.write(f"Open in a browser:  {address}\n")
        out.write(
            f"{'Class code' if lab_line else 'Code'}: {shown_code(server.code)}   At most {options.max_players} games; "
            f"an idle game closes after {fmt.minutes(options.idle_minutes)}."
            + (
                "\nPress Enter for the class's count at any time; Ctrl+C stops.\n"
                if keys
                else " Ctrl+C stops.\n"
            )
        )
        out.flush()

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        try:
            await run_server(server, ready, stop)
        finally:
            enter.stop()

    try:
        asyncio.run(main())
    except ServeError as exc:
        sys.stderr.write(f"diplomacy-game: {exc}\n")
        return 1
    except KeyboardInterrupt:
        pass
    out.write("The server has stopped.\n")
    return 0
