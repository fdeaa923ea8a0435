"""Peak memory of a 10,000-game tournament (results stream into running summaries, they do
not pile up), measured in a fresh process, against the same process after loading the game
and before playing (the baseline). Goal: under 300 MB.

Also the terminal UI after a full game of second-visit played through it with the keyboard
(headless, driven by Textual's Pilot), against the same app on its title screen. Goal: under
150 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

import _common  # noqa: F401

HERE = Path(__file__).resolve().parent

PEAK_KB = r"""
def peak_kb():
    # The high-water mark of this process's memory since it started (VmHWM). ru_maxrss is
    # not used: on Linux it keeps the parent's peak across exec.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

CHILD = r"""
import resource, sys, json
sys.path.insert(0, {root!r})

{peak_kb}from diplomacy_game.content import load_ruleset
from diplomacy_game.sim.tournament import run_tournament
ruleset = load_ruleset("second-visit")
base = peak_kb()
run_tournament(ruleset, {policies!r}, {games}, 1, workers=1)
peak = peak_kb()
print(json.dumps({{"baseline_kb": base, "peak_kb": peak}}))
"""


UI_CHILD = r"""
import asyncio, json, os, resource, sys, tempfile, time
sys.path.insert(0, {root!r})

{peak_kb}os.chdir(tempfile.mkdtemp())
from pathlib import Path
from diplomacy_game.tui.launch import LaunchConfig, build_app

def name(app):
    return type(app.screen).__name__

async def until(pilot, app, names, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        await pilot.pause()
        if name(app) in names:
            return
    raise SystemExit(f"stuck on {{name(app)}}")

async def main():
    app = build_app(LaunchConfig(mode="new", scenario="second-visit", seed=7, saves_dir=Path("saves"), blink=False))
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, app, ("CabinetScreen", "EventDialog"))
        base = peak_kb()
        turns = 0
        while name(app) != "EndingScreen":
            if name(app) == "EventDialog":
                await pilot.press("enter")
                await pilot.pause()
                continue
            await pilot.press("ctrl+e")
            await until(pilot, app, ("EndTurnDialog", "EventDialog"))
            if name(app) == "EventDialog":
                continue
            await pilot.press("enter")
            await until(pilot, app, ("TurnResultScreen", "EndingScreen"))
            if name(app) == "TurnResultScreen":
                await pilot.press("enter")
                await until(pilot, app, ("CabinetScreen", "EventDialog", "EndingScreen"))
            turns += 1
        peak = peak_kb()
    print(json.dumps({{"baseline_kb": base, "peak_kb": peak, "turns": turns}}))

asyncio.run(main())
"""


def measure_ui() -> dict:
    code = UI_CHILD.format(root=str(HERE.parent), peak_kb=PEAK_KB)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    peak_mb, base_mb = data["peak_kb"] / 1024, data["baseline_kb"] / 1024
    return {
        "turns": data["turns"],
        "baseline_mb": round(base_mb, 1),
        "peak_mb": round(peak_mb, 1),
        "goal_met": peak_mb < 150,
    }


def measure(games: int, policies: list[str]) -> dict:
    code = CHILD.format(
        root=str(HERE.parent), peak_kb=PEAK_KB, policies=policies, games=games // len(policies)
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    peak_mb = data["peak_kb"] / 1024
    base_mb = data["baseline_kb"] / 1024
    return {
        "games": games,
        "baseline_mb": round(base_mb, 1),
        "peak_mb": round(peak_mb, 1),
        "growth_mb": round(peak_mb - base_mb, 1),
        "goal_met": peak_mb < 300,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = measure(args.games, ["passive", "steady", "hardline", "random"])
    ui = measure_ui()
    if args.json:
        print(json.dumps({"tournament": r, "ui": ui}))
        return
    print(f"memory: tournament of {r['games']} games, one process ({_common.machine()})")
    print(
        f"  peak {r['peak_mb']} MB (goal: under 300 MB); after loading, before playing: {r['baseline_mb']} MB; growth {r['growth_mb']} MB"
    )
    print(f"memory: the terminal UI after a full game ({ui['turns']} turns through the keyboard)")
    print(
        f"  peak {ui['peak_mb']} MB (goal: under 150 MB); at the first turn: {ui['baseline_mb']} MB"
    )


if __name__ == "__main__":
    resource.getrusage(resource.RUSAGE_SELF)
    main()
