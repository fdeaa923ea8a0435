"""Run every benchmark with settings that finish in under two minutes, and print one table.

For the full figures run each script on its own (for example `python bench/simulate.py
--games 10000`); bench/README.md explains each figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import keys
import report

import _common
import memory
import saves
import simulate
import turn

HERE = Path(__file__).resolve().parent


def main() -> int:
    t0 = time.perf_counter()
    rows = []
    r = turn.measure(games=60)
    rows.append(
        _common.row(
            "turn",
            f"median {r['median_ms']:.3f} ms, p99 {r['p99_ms']:.3f} ms",
            "median < 1 ms, p99 < 5 ms",
            r["goal_met"],
        )
    )
    r = simulate.measure(games=10_000, policies=("random",))
    p = r["policies"]["random"]
    rows.append(
        _common.row(
            "simulate",
            f"random: {p['batch_games_per_s_all_cores']} games/s on {r['cores']} cores, "
            f"10,000 in {p['seconds_all_cores']} s ({p['speedup_1_worker']}x the "
            "single-game engine on one worker)",
            "10,000 games < 10 s",
            r["goal_met"],
        )
    )
    r = saves.measure(repeat=60)
    rows.append(
        _common.row(
            "saves",
            f"{r['ratio']}x plain JSON + file ({r['save_load_ms']} vs {r['baseline_ms']} ms)",
            "< 3x",
            r["goal_met"],
        )
    )
    r = memory.measure(10_000, ["passive", "steady", "hardline", "random"])
    rows.append(
        _common.row(
            "memory",
            f"peak {r['peak_mb']} MB for 10,000 games (+{r['growth_mb']} MB while playing)",
            "10,000 games < 300 MB",
            r["goal_met"],
        )
    )
    r = memory.measure_ui()
    rows.append(
        _common.row(
            "ui memory",
            f"peak {r['peak_mb']} MB after a {r['turns']}-turn game",
            "< 150 MB",
            r["goal_met"],
        )
    )
    startup = HERE / "startup.py"
    if startup.exists():
        out = subprocess.run(
            [sys.executable, str(startup), "--json"], capture_output=True, text=True
        )
        try:
            s = json.loads(out.stdout.strip().splitlines()[-1])
            ratio = s.get("ratio")
            rows.append(
                _common.row(
                    "startup",
                    f"{ratio}x a minimal Textual app",
                    "< 1.3x",
                    ratio is not None and ratio < 1.3,
                )
            )
        except (ValueError, IndexError):
            rows.append(
                _common.row(
                    "startup",
                    "failed: " + (out.stderr.strip().splitlines() or ["no output"])[-1],
                    "< 1.3x",
                    False,
                )
            )
    # In its own interpreter: it loads Textual and works in a folder of its own.
    out = subprocess.run(
        [sys.executable, str(HERE / "keys.py"), "--rounds", "2", "--json"],
        capture_output=True,
        text=True,
    )
    try:
        k = json.loads(out.stdout)
        rows.append(
            _common.row(
                "keys",
                f"{k['down']['ratio']}x a minimal Textual app for an arrow in the actions "
                f"list ({k['down']['game_ms']} ms), {k['tabs']['ratio']}x for a tab's letter "
                f"({k['tabs']['game_ms']} ms)",
                f"< {keys.GOAL:g}x",
                k["goal_met"],
            )
        )
    except (ValueError, KeyError):
        failed = (out.stderr.strip().splitlines() or ["no output"])[-1]
        rows.append(_common.row("keys", f"failed: {failed}", f"< {keys.GOAL:g}x", False))
    rows.extend(report.summary(report.measure()))
    width = max(len(row["figure"]) for row in rows)
    print(f"Elbows Up benchmarks — {_common.machine()} — {time.strftime('%Y-%m-%d')}")
    print(f"{'bench':<12} {'figure':<{width}}  {'goal':<22} verdict")
    for row in rows:
        print(f"{row['bench']:<12} {row['figure']:<{width}}  {row['goal']:<22} {row['verdict']}")
    print(f"(ran in {time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
