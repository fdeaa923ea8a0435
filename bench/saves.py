"""Save and load of a finished game, against plain json.dumps/json.loads and a file write/read
of the same data, measured in the same run. Goal: under 3x.

The save does more than the baseline on purpose: it checks the game loads back before writing,
writes a temporary file, fsyncs it, keeps the older generations and renames atomically; loading
verifies a checksum and every field against the scenario.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves.store import load_game, save_game, to_document
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

import _common  # noqa: F401


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure(repeat: int = 60) -> dict:
    ruleset = load_ruleset("second-visit")
    state = play_through(ruleset, new_game(ruleset, 7), policy=get_policy("random"))
    doc = to_document(ruleset, state)
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain.json"
        ours = Path(folder) / "game.json"

        def baseline() -> None:
            plain.write_text(json.dumps(doc), encoding="utf-8")
            json.loads(plain.read_text(encoding="utf-8"))

        def save_and_load() -> None:
            save_game(ours, ruleset, state)
            load_game(ours, ruleset)

        baseline()
        save_and_load()
        # Alternate the two, so that both see the same disk and machine load, and take the
        # median of each and of the ratio within each pair (a slow fsync now and then is
        # the disk's, not the format's).
        pairs = [(_timed(baseline), _timed(save_and_load)) for _ in range(repeat)]
        size = ours.stat().st_size
    base = _common.percentile([b for b, _ in pairs], 50)
    game = _common.percentile([g for _, g in pairs], 50)
    ratio = _common.percentile([g / b for b, g in pairs], 50)
    return {
        "bytes": size,
        "baseline_ms": round(base * 1000, 3),
        "save_load_ms": round(game * 1000, 3),
        "ratio": round(ratio, 2),
        "goal_met": ratio < 3.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = measure(args.repeat)
    if args.json:
        print(json.dumps(r))
        return
    print(f"saves: a finished game, {r['bytes']} bytes ({_common.machine()})")
    print(
        f"  save + load {r['save_load_ms']} ms; json.dumps/loads + write/read {r['baseline_ms']} ms; ratio {r['ratio']}x (goal: under 3x)"
    )


if __name__ == "__main__":
    main()
