"""Time to the first interactive frame: the game's title screen vs. a minimal Textual app.

Each measurement is a fresh interpreter (imports included, as a player sees it), started by
this script, which stops the clock when the child prints READY from its first frame and
exits. Runs alternate between the two apps; the medians and their ratio are reported.

    python bench/startup.py            # 7 runs of each
    python bench/startup.py --runs 15 --json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

MINIMAL = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("Hello")

async def ready(pilot):
    await pilot.pause()
    print("READY", flush=True)
    pilot.app.exit()

Minimal().run(headless=True, size=(80, 24), auto_pilot=ready)
"""

GAME = """
from diplomacy_game.tui.launch import LaunchConfig, build_app

async def ready(pilot):
    await pilot.pause()
    print("READY", flush=True)
    pilot.app.exit()

build_app(LaunchConfig(saves_dir={saves!r})).run(headless=True, size=(80, 24), auto_pilot=ready)
"""


def measure(code: str) -> float:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError(
            "the app never became ready:\n" + (proc.stderr.read() if proc.stderr else "")
        )
    proc.wait(timeout=30)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as saves:
        game_code = GAME.format(saves=saves)
        measure(MINIMAL), measure(game_code)  # warm the file cache and bytecode
        minimal, game = [], []
        for _ in range(args.runs):
            minimal.append(measure(MINIMAL))
            game.append(measure(game_code))
    m, g = statistics.median(minimal), statistics.median(game)
    result = {
        "runs": args.runs,
        "minimal_s": round(m, 4),
        "game_s": round(g, 4),
        "ratio": round(g / m, 3),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"minimal Textual app: {m * 1000:.0f} ms (median of {args.runs})")
        print(f"Elbows Up title:     {g * 1000:.0f} ms")
        print(f"ratio: {g / m:.2f}x (goal: under 1.3x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
