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


def _loaded(argv: list[str]) -> list[str]:
    """The watched modules a fresh process has loaded after running the command."""
    code = (
        "import json, sys\n"
        "from diplomacy_game.cli import main\n"
        f"main({argv!r})\n"
        f"sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.startswith({WATCHED!r}))))\n"
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
