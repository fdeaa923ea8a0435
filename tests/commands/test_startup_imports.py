"""What the short commands load: with the content cache warm, listing the scenarios reads no
TOML and loads no engine; none of the short commands loads the UI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves.store import save_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import REGISTRY

WATCHED = ("diplomacy_game.engine", "diplomacy_game.content.compiler", "tomllib", "textual")


def _loaded(argv: list[str], watched: tuple[str, ...] = WATCHED) -> list[str]:
    """The watched modules a fresh process has loaded after running the command."""
    code = (
        "import json, sys\n"
        "from diplomacy_game.cli import main\n"
        f"main({argv!r})\n"
        f"sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.startswith({watched!r}))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_listing_scenarios_with_a_warm_cache_loads_no_parser_no_engine_no_ui():
    _loaded(["scenarios"])  # warms the cache (the tests' own, see conftest)
    assert _loaded(["scenarios"]) == []


def test_verifying_a_save_loads_no_ui(tmp_path: Path):
    ruleset = load_ruleset("second-visit")
    state = play_through(ruleset, new_game(ruleset, 5), policy=REGISTRY["passive"](), max_turns=3)
    path = save_game(tmp_path / "game.json", ruleset, state)
    loaded = _loaded(["verify", str(path)])
    assert "diplomacy_game.engine.turn" in loaded
    assert not [m for m in loaded if m.startswith(("textual", "tomllib"))]


def test_a_class_checked_before_is_summed_up_again_without_the_engine(tmp_path: Path):
    ruleset = load_ruleset("second-visit")
    folder = tmp_path / "class"
    folder.mkdir()
    for seed in (7, 8):
        state = play_through(
            ruleset, new_game(ruleset, seed), policy=REGISTRY["passive"](), max_turns=3
        )
        save_game(folder / f"student{seed}.json", ruleset, state)
    assert "diplomacy_game.engine.turn" in _loaded(["class-summary", str(folder)])
    # Every verdict is recorded now: neither command replays, loads the engine or the models.
    heavy = (*WATCHED, "diplomacy_game.model", "diplomacy_game.saves.store", "pydantic.main")
    assert _loaded(["class-summary", str(folder)], heavy) == []
    assert _loaded(["verify", str(folder)], heavy) == []
