"""Start-up: the UI's first frame, and whole commands, each against a baseline in the same run.

The UI: time to the first interactive frame, the game's title screen vs. a minimal Textual
app. Each measurement is a fresh interpreter (imports included, as a player sees it), started
by this script, which stops the clock when the child prints READY from its first frame and
exits. Runs alternate between the two apps; the medians and their ratio are reported.

The commands (``--commands``): ``scenarios``, ``verify`` of one finished game and
``class-summary`` of 30 finished games, each run to its end as a user runs it (what the
``diplomacy-game`` script does, for this checkout), against
``python -c "import numpy, pydantic"``; with the cache warm (content and verdicts
recorded), with the content cache warm but no verdict recorded yet (a fresh cache folder
holding only the content's records, each run: every save is replayed), and with the cache switched off (every run parses the content afresh). For the
two commands that replay, a run with no verdict recorded is also split into the content's
load (``load_ruleset_once``, from the cache's record), the replay of the saves themselves (the
rest of the time spent in ``verify_save``) and the rest: the interpreter, the imports, and
what comes before the first check and after the last. "All but the replay" is the whole run
less the replay: the command's start-up, if "start in" is read as everything a cache can
speed up. "Until the first replay" is the time from the command's launch to the first save's
replay, the content's load included: its start-up, read as what comes before the work on the
saves begins.

    python bench/startup.py            # 7 runs of each
    python bench/startup.py --runs 15 --json
    python bench/startup.py --commands [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
from diplomacy_game.cli import fewer_collections, quiet_dependencies
quiet_dependencies()  # as the entry point does before it starts the UI
fewer_collections()
from diplomacy_game.tui.launch import LaunchConfig, build_app

async def ready(pilot):
    await pilot.pause()
    print("READY", flush=True)
    pilot.app.exit()

build_app(LaunchConfig(saves_dir={saves!r})).run(headless=True, size=(80, 24), auto_pilot=ready)
"""


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a timed child, with bytecode writing allowed (any non-empty
    PYTHONDONTWRITEBYTECODE, "0" too, would stop the warm-up run from writing it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def measure(code: str) -> float:
    env = child_env()
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


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASELINE = ["-c", "import numpy, pydantic"]
CLASS_SIZE = 30


# The same command, with the time spent loading the content and replaying saves (inside
# ``verify_save``) reported on stderr, and the moment the first save's check began: what is left
# of the command's time is the interpreter, the imports and what comes before the first check
# and after the last. The checks are timed once their module is imported, when the command
# imports it (a module imported ahead of its time would change what the command does).
SPLIT = """
import importlib.util, sys, time
from diplomacy_game.cli import fewer_collections, quiet_dependencies, run
quiet_dependencies()  # as the entry point does before the command imports anything heavy
fewer_collections()
_spent = {"verify": 0.0, "load": 0.0, "first": 0.0}
def _timer(key, fn):
    def timed(*args, **kwargs):
        start = time.perf_counter()
        if key == "verify" and not _spent["first"]:
            _spent["first"] = start
        try:
            return fn(*args, **kwargs)
        finally:
            _spent[key] += time.perf_counter() - start
    return timed
class _TimeTheChecks:  # wraps the checks as their module is imported
    def find_spec(self, name, path=None, target=None):
        if name != "diplomacy_game.classroom.verify":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        execute = spec.loader.exec_module
        def exec_module(module):
            execute(module)
            module.verify_save = _timer("verify", module.verify_save)
            module.load_ruleset_once = _timer("load", module.load_ruleset_once)
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, _TimeTheChecks())
sys.argv = ["diplomacy-game", *ARGS]
try:
    code = run()
finally:
    sys.stderr.write(f"SPLIT {_spent['verify']:.6f} {_spent['load']:.6f} {_spent['first']:.6f}\\n")
sys.exit(code)
"""

# What the ``diplomacy-game`` script that pip installs does, for the checkout under test.
# (``python -m diplomacy_game`` gives the same result about 15 ms later on this machine.)
COMMAND = [
    "-c",
    "import sys; from diplomacy_game.cli import run; sys.argv[0] = 'diplomacy-game'; "
    "sys.exit(run())",
]


def split_run(args: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """(seconds in all, loading the content, replaying, until the first check began) for the
    command ``args``, run as SPLIT runs it (``time.perf_counter`` is the system's monotonic
    clock, the same in both processes)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", SPLIT.replace("ARGS", repr(args))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    elapsed = time.perf_counter() - start
    line = [x for x in done.stderr.decode().splitlines() if x.startswith("SPLIT ")]
    if done.returncode != 0 or not line:
        raise RuntimeError(f"{args} failed: {done.stderr.decode(errors='replace')[-500:]}")
    in_verify, load, first = (float(x) for x in line[-1].split()[1:])
    return elapsed, load, in_verify - load, first - start


def run_to_end(argv: list[str], env: dict[str, str]) -> float:
    """Seconds for a fresh interpreter to run ``argv`` to its end (output discarded)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed


def finished_games(folder: str, count: int) -> list[str]:
    """``count`` finished games of second-visit (the random strategy, seeds 1..count)."""
    sys.path.insert(0, REPO)
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.saves.store import save_game
    from diplomacy_game.sim.headless import play_through
    from diplomacy_game.sim.policies import REGISTRY

    ruleset = load_ruleset("second-visit")
    paths = []
    for seed in range(1, count + 1):
        state = play_through(ruleset, new_game(ruleset, seed), policy=REGISTRY["random"]())
        paths.append(
            str(save_game(os.path.join(folder, f"student-{seed:02d}.json"), ruleset, state))
        )
    return paths


def _content_records_only(warm: str, target: str) -> str:
    """A fresh cache folder holding the warm one's content records but no verdict."""
    shutil.rmtree(target, ignore_errors=True)
    os.mkdir(target)
    for name in os.listdir(warm):
        if not name.startswith("verdict-"):
            shutil.copy(os.path.join(warm, name), os.path.join(target, name))
    return target


def commands(runs: int) -> dict:
    """Median seconds of each command, warm cache and no cache, and of the baseline."""
    with tempfile.TemporaryDirectory() as work:
        saves = os.path.join(work, "class")
        os.mkdir(saves)
        paths = finished_games(saves, CLASS_SIZE)
        game = COMMAND
        cases = {
            "scenarios": [*game, "scenarios"],
            "verify 1 save": [*game, "verify", paths[0]],
            f"class-summary {CLASS_SIZE} saves": [*game, "class-summary", saves],
        }
        base_env = child_env(PYTHONPATH=REPO)
        warm_folder = os.path.join(work, "cache")
        warm = dict(base_env, ELBOWS_UP_CACHE=warm_folder)
        cold = dict(base_env, ELBOWS_UP_CACHE="off")
        for argv in cases.values():  # warm the file cache, the bytecode and the content cache
            run_to_end(argv, warm)
        content_only = os.path.join(work, "content-only")
        times: dict[str, list[float]] = {"baseline": []}
        for _ in range(runs):
            times["baseline"].append(run_to_end(BASELINE, base_env))
            for name, argv in cases.items():
                times.setdefault(f"{name}, cached", []).append(run_to_end(argv, warm))
                fresh = _content_records_only(warm_folder, content_only)
                unrecorded = dict(base_env, ELBOWS_UP_CACHE=fresh)
                times.setdefault(f"{name}, verdicts not recorded", []).append(
                    run_to_end(argv, unrecorded)
                )
                times.setdefault(f"{name}, no cache", []).append(run_to_end(argv, cold))
                if name != "scenarios":  # the same, split: content, replay, the rest
                    fresh = _content_records_only(warm_folder, content_only)
                    total, load, replay, first = split_run(
                        argv[2:], dict(base_env, ELBOWS_UP_CACHE=fresh)
                    )
                    parts = {
                        "the rest": total - load - replay,
                        "content": load,
                        "replay": replay,
                        "all but the replay": total - replay,  # the start-up, read one way
                        # the start-up read as all that comes before the first save's replay
                        "until the first replay": first + load,
                    }
                    for part, seconds in parts.items():
                        times.setdefault(f"{name}, not recorded: {part}", []).append(seconds)
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["baseline"]
    return {
        "runs": runs,
        "baseline_s": round(base, 4),
        "commands": {
            name: {"s": round(m, 4), "ratio": round(m / base, 2)}
            for name, m in medians.items()
            if name != "baseline"
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--commands", action="store_true", help="time whole commands instead")
    args = parser.parse_args()
    if args.commands:
        result = commands(args.runs)
        if args.json:
            print(json.dumps(result))
            return 0
        print(f'python -c "import numpy, pydantic": {result["baseline_s"] * 1000:.0f} ms')
        for name, figure in result["commands"].items():
            print(f"{name:<60} {figure['s'] * 1000:6.0f} ms  {figure['ratio']:.2f}x")
        print(f"(medians of {args.runs} runs; goal: each command under 2x the baseline)")
        return 0
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
