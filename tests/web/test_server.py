"""``diplomacy-game serve`` without a browser: the code, the tickets, the limits, and the
messages a teacher gets. Loopback addresses only."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from diplomacy_game.cli import main
from diplomacy_game.content import load_ruleset
from diplomacy_game.web.server import (
    WRONG_CODES_PER_MINUTE,
    ServeOptions,
    check_options,
    is_loopback,
    normal_code,
    shown_code,
)
from tests.web.helpers import SCENARIO, Served, play, write_class


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def ticket_of(page: str) -> str:
    marker = "/ws/"
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


async def open_game(base: str, ticket: str, wait_for_frame: bool = True):
    """A websocket as the page opens it; returns (session, socket)."""
    session = aiohttp.ClientSession()
    ws_url = base.replace("http://", "ws://") + f"/ws/{ticket}?width=100&height=30"
    try:
        socket = await session.ws_connect(ws_url, timeout=aiohttp.ClientWSTimeout(ws_close=30))
        if wait_for_frame:
            while True:
                message = await asyncio.wait_for(socket.receive(), 60)
                if message.type == aiohttp.WSMsgType.BINARY:
                    break
    except BaseException:  # refused, or no frame: nobody else will close the session
        await session.close()
        raise
    return session, socket


async def name_box(socket) -> bytes:
    """What a class's game draws until its name box is whole."""
    seen = b""
    while b"as it is on the class list" not in seen:
        message = await asyncio.wait_for(socket.receive(), 60)
        if message.type == aiohttp.WSMsgType.BINARY:
            seen += message.data
    return seen


def test_codes_are_read_as_a_person_types_them():
    assert normal_code(" abcd-efgh ") == "ABCDEFGH"
    assert shown_code("ABCDEFGH") == "ABCD-EFGH"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")


def test_options_are_checked_before_anything_starts():
    assert ServeOptions().host == "127.0.0.1"
    assert check_options(ServeOptions()) == ""
    assert "--max-players" in check_options(ServeOptions(max_players=0))
    assert "--idle" in check_options(ServeOptions(idle_minutes=0))
    assert "--warm" in check_options(ServeOptions(warm=-1))
    assert "--code" in check_options(ServeOptions(code="ab"))
    assert "--students needs --class" in check_options(ServeOptions(roster=Path("r.txt")))
    # the whole game, with this machine's saves folder, is never served beyond it
    assert "needs --class" in check_options(ServeOptions(host="0.0.0.0"))
    assert check_options(ServeOptions(host="0.0.0.0", assignment=Path("a"))) == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["--class", "nowhere"], "nowhere: no such file or folder"),
        (["--max-players", "0"], "--max-players must be at least 1"),
        (["--idle", "-1"], "--idle must be a number of minutes above 0"),
        (["--warm", "-2"], "--warm must be 0 or more"),
        (["--port", "70000"], "the port must be a number from 1 to 65535"),
    ],
)
def test_bad_options_are_one_line(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["serve", *args]) != 0
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_browser_without_the_code_gets_no_game(tmp_path: Path):
    folder = write_class(tmp_path)
    args = ["--class", str(folder), "--hand-in", str(tmp_path / "in"), "--warm", "0"]
    with Served(*args, cwd=tmp_path) as srv:
        assert srv.address.startswith("http://127.0.0.1:")
        assert "Civics 11B: The Review Sprint, 3 students" in srv.log
        status, page = get(srv.base + "/")
        assert status == 403 and "class code" in page and "/ws/" not in page
        status, page = get(srv.base + "/?code=WRONG-CODE")
        assert status == 403 and "not right" in page
        # the game's socket needs a ticket from a page served with the code
        status, _ = get(srv.base + "/ws/made-up-ticket")
        assert status == 403
        assert srv.children() == []
        assert "a game opened" not in srv.log
        # with the code, typed in lower case as a student might
        status, page = get(srv.base + "/?code=" + srv.code.lower())
        assert status == 200 and "/ws/" in page
        # a closed game's page tells the student the way back in: their name and key
        assert "type your name and your game&#39;s key" in page
        assert srv.children() == []  # a page is not a game until it opens its socket


def test_a_room_behind_one_address_is_not_locked_out_by_its_slips(tmp_path: Path):
    """A class behind one school address mistypes the code many times in a minute: each slip
    gets the form again, a right code still opens the page and clears the count, and only a
    flood of wrong codes (a script) makes the form wait."""
    folder = write_class(tmp_path)
    args = ["--class", str(folder), "--hand-in", str(tmp_path / "in"), "--warm", "0"]
    with Served(*args, cwd=tmp_path) as srv:
        for _ in range(WRONG_CODES_PER_MINUTE - 1):
            assert get(srv.base + "/?code=WRONG-CODE")[0] == 403
        assert get(srv.base + "/?code=" + srv.code)[0] == 200
        for _ in range(WRONG_CODES_PER_MINUTE):
            assert get(srv.base + "/?code=WRONG-CODE")[0] == 403
        status, page = get(srv.base + "/?code=" + srv.code)
        assert status == 429 and "Wait a minute" in page


def test_a_ticket_opens_one_game_and_the_seats_run_out(tmp_path: Path):
    folder = write_class(tmp_path)
    args = ["--class", str(folder), "--hand-in", str(tmp_path / "in"), "--max-players", "1"]
    args += ["--warm", "0"]
    with Served(*args, cwd=tmp_path) as srv:
        _, page = get(srv.address)
        ticket = ticket_of(page)

        async def play() -> None:
            session, socket = await open_game(srv.base, ticket)
            try:
                assert len(srv.children()) == 1
                status, full = get(srv.address)  # the one seat is taken
                assert status == 503 and "Every seat is taken" in full
                # the same ticket does not open a second game
                with pytest.raises(aiohttp.WSServerHandshakeError):
                    await open_game(srv.base, ticket, wait_for_frame=False)
            finally:
                await socket.close()
                await session.close()

        asyncio.run(play())
        srv.wait_for_log("a game closed (0 open)")
        status, _ = get(srv.address)
        assert status == 200


def test_the_teachers_window_tells_the_class_by_name(tmp_path: Path):
    """The students' hand-in files as their games write them, a damaged one, a student who
    signs in and leaves: each a line in the teacher's window, and the class's count at the
    end."""
    from diplomacy_game.web.lab import read_lab

    folder = write_class(tmp_path)
    hand_in = tmp_path / "in"
    lab = read_lab(folder, hand_in)
    ruleset = load_ruleset(SCENARIO)
    args = ["--class", str(folder), "--hand-in", str(hand_in), "--warm", "0"]
    with Served(*args, cwd=tmp_path) as srv:
        play(lab, ruleset, "Amira Haddad", 0)
        srv.wait_for_log("Amira Haddad: started The Review Sprint")
        play(lab, ruleset, "Amira Haddad", 2)
        srv.wait_for_log("Amira Haddad: ended turn 2 of 9")
        (hand_in / "Ben-O-Connor.json").write_text('{"format": "elbows-up-sa', encoding="utf-8")
        srv.wait_for_log("Ben O'Connor: Ben-O-Connor.json cannot be read: ")
        _, page = get(srv.address)

        async def sign_in() -> None:
            session, socket = await open_game(srv.base, ticket_of(page))
            try:
                await name_box(socket)
                await socket.send_json(["stdin", "chloe tremblay"])
                await socket.send_json(["stdin", "\r"])
                await asyncio.to_thread(srv.wait_for_log, "Chloé Tremblay: signed in")
                await asyncio.to_thread(srv.wait_for_log, "Chloé Tremblay: started")
            finally:
                await socket.close()
                await session.close()

        asyncio.run(sign_in())
        srv.wait_for_log("a game closed (0 open): Chloé Tremblay, no turn ended yet")
    assert srv.lines[-2].endswith(
        "Civics 11B: 2 of 3 students have a game, 0 finished; 1 file cannot be read"
    )
    assert "Traceback" not in srv.log


def test_an_idle_game_is_closed(tmp_path: Path):
    folder = write_class(tmp_path)
    args = ["--class", str(folder), "--hand-in", str(tmp_path / "in"), "--idle", "0.03"]
    args += ["--warm", "0"]
    with Served(*args, cwd=tmp_path) as srv:
        _, page = get(srv.address)

        async def wait_idle() -> None:
            session, socket = await open_game(srv.base, ticket_of(page))
            try:
                while not socket.closed:  # the frames come, then the server closes it
                    message = await asyncio.wait_for(socket.receive(), 60)
                    if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        break
            finally:
                await session.close()

        asyncio.run(wait_idle())
        srv.wait_for_log("a game closed after being idle (0 open)")
        assert srv.children() == []


def test_a_class_takes_games_started_ahead(tmp_path: Path):
    """With --warm 2, two games wait before any browser; the first browser takes one (its
    screen drawn at its own size), and another is started in its place once the class has
    stopped arriving."""
    folder = write_class(tmp_path)
    args = ["--class", str(folder), "--hand-in", str(tmp_path / "in"), "--warm", "2"]
    with Served(*args, cwd=tmp_path) as srv:
        srv.wait_for_log("2 games ready for the first browsers", timeout=120)
        assert "3 students" in srv.log  # (--warm 2: fewer than the class list's default)
        assert len(srv.children()) == 2
        _, page = get(srv.address)

        async def play() -> str:
            session, socket = await open_game(srv.base, ticket_of(page))
            try:
                return (await name_box(socket)).decode("utf-8", "replace")
            finally:
                await socket.close()
                await session.close()

        screen = asyncio.run(play())
        assert "\x1b[?1049h" in screen or "\x1b[?1000h" in screen  # the terminal's set-up came too
        srv.wait_for_log("a game opened (1 open, started ahead)")
        srv.wait_for_log("a game closed (0 open)")
        deadline = time.monotonic() + 60
        while len(srv.children()) < 2:  # the one taken is replaced
            assert time.monotonic() < deadline, srv.log
            time.sleep(0.2)


def test_a_class_gets_one_game_ahead_per_student_by_default(tmp_path: Path):
    folder = write_class(tmp_path)
    with Served("--class", str(folder), "--hand-in", str(tmp_path / "in"), cwd=tmp_path) as srv:
        assert "Starting 3 games ahead, so that the class waits for none (about 150 MB" in srv.log
        srv.wait_for_log("3 games ready for the first browsers", timeout=120)
        assert len(srv.children()) == 3


def test_without_a_class_the_game_is_the_whole_game(tmp_path: Path):
    with Served("--saves-dir", str(tmp_path / "saves"), cwd=tmp_path) as srv:
        assert srv.address.startswith("http://127.0.0.1:")
        status, page = get(srv.address)
        assert status == 200 and json.dumps("Elbows Up")[1:-1] in page
        assert "from the title screen" in page and "your game&#39;s key" not in page
        time.sleep(2.0)  # a class server has started its first game ahead well within this
        assert srv.children() == []  # none ahead: a title shows the saves of its start


def test_the_server_does_not_load_the_game():
    """The server relays screens; the games, and Textual, run in their own processes."""
    import subprocess
    import sys

    code = (
        "import sys, diplomacy_game.web.server, diplomacy_game.web.lab; "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False"], result.stderr


async def test_a_download_the_browser_cancels_ends_quietly():
    """A student who cancels the report's download (or closes the tab meanwhile) leaves no
    traceback in the teacher's window, and the download is forgotten."""
    from unittest import mock

    from aiohttp.client_exceptions import ClientConnectionResetError
    from aiohttp.test_utils import make_mocked_request

    from diplomacy_game.web.server import LabServer

    server = LabServer(ServeOptions(), ["true"], say=lambda line: None)
    manager = server.download_manager

    class Game:  # a game that sends a chunk of the report each time one is asked for
        async def send_meta(self, data: dict) -> bool:
            await manager.chunk_received(data["key"], b"<html>" * 1000)
            return True

    await manager.create_download(
        app_service=Game(),
        delivery_key="k1",
        file_name="Amira-Haddad-report.html",
        open_method="download",
        mime_type="text/html",
        encoding="utf-8",
    )
    writer = mock.Mock()
    writer.write_headers = mock.AsyncMock()
    writer.write = mock.AsyncMock(side_effect=ClientConnectionResetError("closing transport"))
    writer.write_eof = mock.AsyncMock()
    request = make_mocked_request("GET", "/download/k1", match_info={"key": "k1"}, writer=writer)
    response = await server.handle_download(request)
    assert response.headers["Content-Disposition"].endswith("Amira-Haddad-report.html")
    with pytest.raises(KeyError):
        await manager.get_download_metadata("k1")


def test_the_pages_script_and_font_come_compressed_and_once(tmp_path: Path):
    """A class's browsers fetch the page's files at once over the room's Wi-Fi: gzipped for
    a browser that takes it (the script is 514 kB as it is, 124 kB so), 304 for one that has
    them, and nothing outside the page's own files."""
    import gzip

    import textual_serve

    script = (Path(textual_serve.__file__).parent / "static/js/textual.js").read_bytes()

    def fetch(path: str, **headers: str):
        request = urllib.request.Request(srv.base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), b""

    with Served(cwd=tmp_path) as srv:
        status, headers, body = fetch("/static/js/textual.js", **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert len(body) < len(script) / 3 and gzip.decompress(body) == script
        status, headers, body = fetch("/static/js/textual.js")
        assert status == 200 and "Content-Encoding" not in headers and body == script
        assert fetch("/static/js/textual.js", **{"If-None-Match": headers["ETag"]})[0] == 304
        assert fetch("/static/../server.py")[0] == 404
        assert fetch("/static/%2e%2e/server.py")[0] == 404


def test_the_memory_of_a_game_is_one_figure_everywhere(capsys):
    """``serve --help`` and the line serve prints when it starts games ahead say the same."""
    from diplomacy_game.web import GAME_MB

    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert f"about {GAME_MB} MB each" in " ".join(capsys.readouterr().out.split())
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"about {GAME_MB} MB each" in " ".join(readme.split())


def test_a_port_in_use_is_one_line_and_no_count_of_a_class_never_served(
    tmp_path, capsys, monkeypatch
):
    """The class's count at stop is for a server that ran: one that could not start says
    only why, not "Civics 11B: 1 of 3 students have a game" above the error. Nor does it
    start the replay helper (which loads the whole game, and was left running)."""
    import socket

    from diplomacy_game.web.replay import Replayer

    helpers: list[Replayer] = []
    start = Replayer.start

    async def started(replayer: Replayer) -> None:
        helpers.append(replayer)
        await start(replayer)

    monkeypatch.setattr(Replayer, "start", started)

    folder = write_class(tmp_path)
    hand_in = tmp_path / "in"
    hand_in.mkdir()
    # a game handed in at an earlier lesson, which the count would name
    (hand_in / "Amira-Haddad.json").write_bytes(next(folder.glob("*Amira*")).read_bytes())
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = str(taken.getsockname()[1])
        args = ["serve", "--class", str(folder), "--hand-in", str(hand_in), "--warm", "0"]
        assert main([*args, "--port", port]) == 1
    finally:
        taken.close()
    out, err = capsys.readouterr()
    assert (
        err == f"diplomacy-game: port {port} is in use on 127.0.0.1; choose another with --port\n"
    )
    assert out == ""
    assert helpers == []
