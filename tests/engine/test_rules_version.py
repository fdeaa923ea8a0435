"""``RULES_VERSION`` names the rules the engine plays by, and every content digest includes it.

A save records the digest of the content it was played with. When the rules change, the same
content, seed and decisions give another game, so a save played under the old rules must read
as another version (offered a replay), never as an edited file when a teacher verifies it. The
digest does that only if the version is raised with the rules: the fingerprint below is of
games played under the current rules with a fixed pack (the first save format's content, which
never changes), and it moves when a change of the rules reaches those games.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import diplomacy_game
from diplomacy_game import RULES_VERSION
from diplomacy_game.content import load_ruleset
from diplomacy_game.content.files import content_digest
from diplomacy_game.engine.game import new_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy

PACK = Path(__file__).parents[1] / "data" / "format-1" / "content"
# The fingerprint of the games below under each version of the rules (the current one is
# checked; the earlier ones are kept as a record).
FINGERPRINTS = {
    1: "2135c010a8e69c46",
    2: "29b8760c4ae2b3f9",  # the last turn draws no event that asks for an answer
    3: "badc74ef2a8bb4ef",  # the economy moves over a short last turn as far as its days
    # the last turn ends on the scenario's end date when the days divide into whole turns too
    # (it ended the day before, and an event dated on the end never fired); no game of this
    # pack has such a scenario, so the fingerprint stays
    4: "badc74ef2a8bb4ef",
}


def _shown(value: object) -> object:
    """A figure to three significant digits: what the rules decide, not the last bits a
    machine's arithmetic may differ in (numpy's SIMD paths differ by CPU)."""
    if isinstance(value, float):
        return float(f"{value:.3g}")
    if isinstance(value, dict):
        return {k: _shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shown(v) for v in value]
    return value


def fingerprint() -> str:
    ruleset = load_ruleset("second-visit", extra=[PACK], builtin=False)
    games = []
    for policy in ("random", "hardline", "appease", "steady"):
        for seed in range(6):
            state = play_through(ruleset, new_game(ruleset, seed), policy=get_policy(policy))
            games.append(
                {
                    "turn": state.turn,
                    "ending": (state.ending or {}).get("id"),
                    "fired": state.fired,
                    "taken": state.taken,
                    "history": [
                        {k: v for k, v in turn.items() if k not in ("decision_hash", "chain")}
                        for turn in state.history
                    ],
                }
            )
    text = json.dumps(_shown(games), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_the_games_of_a_fixed_pack_are_the_ones_this_version_of_the_rules_plays():
    found = fingerprint()
    assert FINGERPRINTS.get(RULES_VERSION) == found, (
        f"The games of {PACK.relative_to(PACK.parents[2])} play differently under these rules"
        f" (fingerprint {found}). If the change of rules is meant, raise RULES_VERSION in"
        f" {Path(diplomacy_game.__file__).name} to {RULES_VERSION + 1} and add"
        f" {RULES_VERSION + 1}: {found!r} to FINGERPRINTS: saves of the old rules will then"
        " read as another version, offered a replay, instead of failing verification."
    )


def test_the_rules_version_is_part_of_every_content_digest(monkeypatch):
    from diplomacy_game.content import files

    now = content_digest([PACK], builtin=False)
    monkeypatch.setattr(files, "RULES_VERSION", RULES_VERSION + 1)
    assert content_digest([PACK], builtin=False) not in ("", now)
