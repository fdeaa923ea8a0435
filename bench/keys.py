"""Keys: how long the game takes to answer a key in the cabinet room, against a minimal app.

A player moves through the actions list with the arrow keys and switches tabs with their
letters; in the browser every answer travels to the student's screen too. Both apps run
headless at 120x40 in this process, each key pressed as Textual's pilot presses it (it waits
until the app has handled the key and is idle again, the screen updated), and the figure is
milliseconds per key. The baseline is a minimal Textual app with the same shape: four tabs, a
list of as many options as the game's actions with a details panel that changes with the
highlight, and Textual's own footer. Rounds alternate between the two apps; the medians and
their ratio are reported.

    python bench/keys.py             # 3 rounds
    python bench/keys.py --rounds 5 --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import _common

SIZE = (120, 40)
DOWN = 40  # arrow keys in the actions list, per round
TABS = ["b", "a", "s", "w"] * 6  # tab switches, per round
GOAL = 1.5  # the game's time per key, under this many times the minimal app's


def minimal_app(options: int):
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal
    from textual.widgets import Footer, OptionList, Static, TabbedContent, TabPane

    class Minimal(App):
        CSS = "#list, #details { width: 1fr; height: 1fr; }"
        BINDINGS = [
            Binding(key, f"show('{tab}')", tab.title())
            for key, tab in (("b", "briefing"), ("a", "actions"), ("s", "economy"), ("w", "us"))
        ]

        def compose(self) -> ComposeResult:
            with TabbedContent(initial="actions"):
                for tab in ("briefing", "actions", "economy", "us"):
                    with TabPane(tab.title(), id=tab):
                        if tab == "actions":
                            with Horizontal():
                                yield OptionList(
                                    *[f"Action {k}: something to do" for k in range(options)],
                                    id="list",
                                )
                                yield Static("", id="details")
                        else:
                            yield Static(f"The {tab} tab. " * 200)
            yield Footer()

        def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
            self.query_one("#details", Static).update(
                f"Details of option {event.option_index}\n" * 12
            )

        def action_show(self, tab: str) -> None:
            self.query_one(TabbedContent).active = tab
            if tab == "actions":
                self.query_one("#list").focus()

    return Minimal()


def game_app():
    from diplomacy_game.tui.launch import LaunchConfig, build_app

    app = build_app(
        LaunchConfig(
            mode="new", scenario="review-sprint", seed=3, saves_dir=Path("saves"), blink=False
        )
    )
    app.animation_level = "none"
    return app


async def _settled(app, pilot, name: str) -> None:
    while type(app.screen).__name__ != name or any(not w.is_finished for w in app.workers):
        await pilot.pause()


async def _per_key(app, is_game: bool) -> tuple[float, float]:
    """Milliseconds per key: arrows in the list, then tab switches."""
    async with app.run_test(size=SIZE) as pilot:
        if is_game:
            await _settled(app, pilot, "CabinetScreen")
            await pilot.press("a")
        else:
            await pilot.pause()
            app.query_one("#list").focus()
        await pilot.pause(0.3)
        t = time.perf_counter()
        for key in ["down"] * DOWN:
            await pilot.press(key)
        await pilot.pause()
        down = (time.perf_counter() - t) / DOWN * 1000
        t = time.perf_counter()
        for key in TABS:
            await pilot.press(key)
        await pilot.pause()
        tabs = (time.perf_counter() - t) / len(TABS) * 1000
    return down, tabs


def measure(rounds: int = 3) -> dict:
    from diplomacy_game.content import load_ruleset

    options = len(load_ruleset("review-sprint").actions)
    game: list[tuple[float, float]] = []
    base: list[tuple[float, float]] = []
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="elbows-up-keys-") as folder:
        os.chdir(folder)  # where the game would save; left and removed afterwards
        try:
            for _ in range(rounds):
                base.append(asyncio.run(_per_key(minimal_app(options), False)))
                game.append(asyncio.run(_per_key(game_app(), True)))
        finally:
            os.chdir(here)
    out: dict = {"machine": _common.machine(), "rounds": rounds, "options": options}
    for k, what in enumerate(("down", "tabs")):
        g = statistics.median(r[k] for r in game)
        b = statistics.median(r[k] for r in base)
        out[what] = {"game_ms": round(g, 1), "baseline_ms": round(b, 1), "ratio": round(g / b, 2)}
    out["goal_met"] = all(out[w]["ratio"] < GOAL for w in ("down", "tabs"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = measure(args.rounds)
    if args.json:
        print(json.dumps(r, indent=2))
        return
    print(f"{r['machine']}; {r['rounds']} rounds, {r['options']} actions in the list")
    for what, label in (("down", "an arrow in the actions list"), ("tabs", "a tab's letter")):
        f = r[what]
        print(
            f"{label}: {f['game_ms']} ms a key against {f['baseline_ms']} ms for a minimal "
            f"Textual app: {f['ratio']}x (goal: under {GOAL:g}x)"
        )


if __name__ == "__main__":
    main()
