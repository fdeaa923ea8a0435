"""A class in browsers on this machine: 30 games served at once by ``diplomacy-game serve``.

Each game is played over the same websocket a browser page opens (no browser: 30 headless
browsers would measure the browsers, not the server), on a loopback address:

- **first frame**: from asking for the page to the first frame of the game, for all the games
  opened at the same moment (a class arriving), against one game opened alone;
- **open the game**: from the student's name to the cabinet room (the game's content loads);
- **memory**: the server and its game processes, resident (RSS) and proportional (PSS: shared
  pages counted once), with every game in the cabinet room;
- **turn**: from confirming "End the turn" to the student's save holding the new turn, for
  games one after another while all are open, against the same with one game open, and for
  every game ending its turn at the same moment.

    python bench/serve.py              # 30 games
    python bench/serve.py --games 10 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from diplomacy_game.classroom.assign import write_assignments
from diplomacy_game.content import load_ruleset
from diplomacy_game.saves.store import read_header

import _common  # puts the project (and its test helpers) on the path

MAX_GAMES = 60
SCENARIO = "review-sprint"


class Player:
    """One browser's game, seen through its websocket: what it has drawn so far."""

    def __init__(self, served, name: str, hand_in: Path) -> None:
        self.served = served
        self.name = name
        self.save = hand_in / f"{name.replace(' ', '-')}.json"
        self.screen = ""
        self.session = None
        self.socket = None
        self.reader: asyncio.Task | None = None
        self.first_frame = asyncio.Event()

    async def open(self) -> float:
        """Ask for the page and open its game; seconds to the first frame."""
        import aiohttp

        start = time.perf_counter()
        self.session = aiohttp.ClientSession()
        async with self.session.get(self.served.address) as response:
            page = await response.text()
        ticket = page.split("/ws/", 1)[1].split('"', 1)[0]
        url = self.served.base.replace("http://", "ws://") + f"/ws/{ticket}?width=150&height=36"
        self.socket = await self.session.ws_connect(url, max_msg_size=0)
        self.reader = asyncio.create_task(self._read())
        await self.first_frame.wait()
        return time.perf_counter() - start

    async def _read(self) -> None:
        import aiohttp

        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen = (self.screen + message.data.decode("utf-8", "replace"))[-200_000:]
                self.first_frame.set()

    async def words(self, text: str) -> None:
        while text not in self.screen:
            await asyncio.sleep(0.02)

    async def keys(self, text: str) -> None:
        await self.socket.send_json(["stdin", text])

    async def enter_name(self) -> float:
        await self.words("as it is on the class list")
        start = time.perf_counter()
        self.screen = ""
        await self.keys(self.name + "\r")
        await self.words("Briefing")
        return time.perf_counter() - start

    async def end_turn(self) -> float:
        """Confirm the turn; seconds until the save holds it."""
        self.screen = ""
        await self.keys("\x05")  # Ctrl+E
        await self.words("End the turn")
        before = _turn(self.save)
        start = time.perf_counter()
        await self.keys("\r")
        while _turn(self.save) <= before:
            await asyncio.sleep(0.01)
        return time.perf_counter() - start

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()
        if self.session is not None:
            await self.session.close()


def _turn(path: Path) -> int:
    try:
        return int(read_header(path).get("turn", -1))
    except Exception:  # not written yet, or being replaced
        return -1


def memory_kb(pid: int) -> tuple[int, int, int]:
    """RSS and PSS (kB) of a process and all its descendants, and how many there are."""
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    rss = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss, len(pids)


async def _warm_games(served, count: int, timeout: float = 300.0) -> None:
    """Until ``count`` games started ahead are waiting (none open)."""
    deadline = time.monotonic() + timeout
    while len(served.children()) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{count} games were never started ahead:\n{served.log}")
        await asyncio.sleep(0.2)
    await asyncio.sleep(2.0)  # the last one's start-up finishes


async def measure(games: int, turns: int, folder: Path, warm: int = 0) -> dict:
    from tests.web.helpers import Served  # the server as the tests start it

    names = [f"Student {i:02d}" for i in range(games + 1)]  # 00 plays alone first
    assignments = folder / "assignments"
    write_assignments(load_ruleset(SCENARIO), "Bench", 2026, names, assignments, True)
    hand_in = folder / "handed-in"
    args = ["--class", str(assignments), "--hand-in", str(hand_in)]
    args += ["--max-players", str(games + 1), "--warm", str(warm)]
    with Served(*args, cwd=folder) as served:
        # one game alone: the baseline (a game started ahead, with --warm)
        await _warm_games(served, min(warm, games + 1))
        alone = Player(served, names[0], hand_in)
        alone_first = await alone.open()
        alone_open = await alone.enter_name()
        alone_turn = await alone.end_turn()
        await alone.close()
        served.wait_for_log("a game closed (0 open)")
        await _warm_games(served, min(warm, games + 1))  # the one taken is replaced
        idle_rss, idle_pss, _ = memory_kb(served.process.pid)

        # the class arrives at once
        players = [Player(served, name, hand_in) for name in names[1:]]
        firsts = await asyncio.gather(*(p.open() for p in players))
        opens = await asyncio.gather(*(p.enter_name() for p in players))
        await asyncio.sleep(1.0)  # let the last frames settle before reading memory
        rss, pss, processes = memory_kb(served.process.pid)

        # turns one after another while every game is open, then all at once
        sequential = [await players[i].end_turn() for i in range(turns)]
        together_start = time.perf_counter()
        rest = players[turns:]
        together = await asyncio.gather(*(p.end_turn() for p in rest))
        together_wall = time.perf_counter() - together_start
        await asyncio.gather(*(p.close() for p in players))
    return {
        "games": games,
        "warm": warm,
        "machine": _common.machine(),
        "first_frame_alone_s": alone_first,
        "first_frame_median_s": statistics.median(firsts),
        "first_frame_max_s": max(firsts),
        "open_game_alone_s": alone_open,
        "open_game_median_s": statistics.median(opens),
        "open_game_max_s": max(opens),
        "server_idle_rss_mb": idle_rss / 1024,
        "server_idle_pss_mb": idle_pss / 1024,
        "rss_mb": rss / 1024,
        "pss_mb": pss / 1024,
        "pss_per_game_mb": (pss - idle_pss) / 1024 / games,
        "processes": processes,
        "turn_alone_s": alone_turn,
        "turn_while_open_median_s": statistics.median(sequential),
        "turn_while_open_max_s": max(sequential),
        "turns_together": len(together),
        "turn_together_median_s": statistics.median(together) if together else 0.0,
        "turn_together_wall_s": together_wall,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--games", type=int, default=30, help="games open at once (default 30)")
    parser.add_argument("--turns", type=int, default=5, help="turns timed one by one (default 5)")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after (s)")
    parser.add_argument(
        "--warm", type=int, default=0, help="games the server starts ahead (serve --warm)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.games <= MAX_GAMES:
        sys.stderr.write(f"--games must be from 1 to {MAX_GAMES}\n")
        return 2
    turns = max(1, min(args.turns, args.games))
    with tempfile.TemporaryDirectory() as tmp:
        try:
            result = asyncio.run(
                asyncio.wait_for(measure(args.games, turns, Path(tmp), args.warm), args.timeout)
            )
        except TimeoutError:
            sys.stderr.write(f"the bench did not finish in {args.timeout:g} s\n")
            return 1
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    r = result
    print(
        f"{r['games']} games served at once, {r['warm']} started ahead ({r['machine']}; "
        f"{r['processes']} processes)"
    )
    print(
        f"first frame: median {r['first_frame_median_s']:.2f} s, slowest "
        f"{r['first_frame_max_s']:.2f} s (one game alone: {r['first_frame_alone_s']:.2f} s)"
    )
    print(
        f"name to cabinet room: median {r['open_game_median_s']:.2f} s, slowest "
        f"{r['open_game_max_s']:.2f} s (alone: {r['open_game_alone_s']:.2f} s)"
    )
    print(
        f"memory with every game open: {r['pss_mb']:.0f} MB PSS ({r['rss_mb']:.0f} MB RSS); "
        f"{r['pss_per_game_mb']:.0f} MB per game; the server alone {r['server_idle_pss_mb']:.0f} MB"
    )
    print(
        f"turn while all are open: median {r['turn_while_open_median_s']:.2f} s, slowest "
        f"{r['turn_while_open_max_s']:.2f} s (alone: {r['turn_alone_s']:.2f} s)"
    )
    print(
        f"{r['turns_together']} turns ended at the same moment: median "
        f"{r['turn_together_median_s']:.2f} s each, all done in {r['turn_together_wall_s']:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
