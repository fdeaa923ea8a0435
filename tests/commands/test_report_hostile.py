"""``report`` on files that were tampered with: a save edited and sealed again, and cached
comparisons whose fields hold the wrong types. Never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplomacy_game.cli import main
from diplomacy_game.content.cache import cache_dir
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves import store
from diplomacy_game.saves.reading import parse
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy


def _save(folder: Path, ruleset, seed: int, turns: int | None = 2) -> Path:
    policy = get_policy("passive")
    state = play_through(ruleset, new_game(ruleset, seed), policy=policy, max_turns=turns)
    return store.save_game(folder / f"s{seed}.json", ruleset, state)


def test_an_unknown_us_posture_in_a_resealed_save_is_reported_not_verified(
    tmp_path, ruleset, capsys
):
    save = _save(tmp_path, ruleset, 11)
    doc = parse(save.read_bytes())
    doc["state"]["history"][0]["us_posture"] = "invented"
    save.write_bytes(store.seal(doc))
    out = tmp_path / "r.md"
    code = main(["report", str(save), "--games", "0", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "NOT VERIFIED" in err + out.read_text() and "Traceback" not in err
    assert "invented" in out.read_text()


BREAKS = [
    ("endings", None),
    ("grades", {"A": "1"}),
    ("scores", [None]),
    ("scores", []),
    ("first", None),
    ("first.score", None),
    ("first.ending", 3),
    ("extra", 1),
]


@pytest.mark.parametrize(("field", "value"), BREAKS)
def test_a_cached_comparison_that_does_not_fit_is_computed_again(
    tmp_path, ruleset, capsys, field, value
):
    save = _save(tmp_path, ruleset, 12, turns=None)  # a finished game is compared
    argv = ["report", str(save), "--games", "2", "-o", str(tmp_path / "r.md")]
    assert main(argv) == 0
    capsys.readouterr()
    folder = cache_dir()
    assert folder is not None
    cached = next((folder / "comparisons").glob("second-visit-12-2-*.json"))
    good = json.loads(cached.read_text())
    broken = json.loads(cached.read_text())
    policy = broken["policies"][next(iter(broken["policies"]))]
    if "." in field:
        outer, inner = field.split(".")
        policy[outer][inner] = value
    else:
        policy[field] = value
    cached.write_text(json.dumps(broken))
    assert main(argv) == 0, capsys.readouterr().err
    assert json.loads(cached.read_text()) == good  # rewritten
