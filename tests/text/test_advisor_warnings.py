"""The President's patience, explained while the game is played: when an advisor reads it as
running low, what it means and what moves it is said beside the reading (the advisors' panel,
the plain list and a turn's start in plain mode), not only in the note at the game's end."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest

from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.text.figures import reading_warnings

PATIENCE = "us.patience"


def _read_as(state, band: str):
    readings = [{**r, "band": band} if r["variable"] == PATIENCE else r for r in state.readings]
    return dataclasses.replace(state, readings=readings)


def test_the_patience_is_explained_only_while_it_reads_low() -> None:
    ruleset = load_ruleset("review-sprint")
    state = new_game(ruleset, 7)  # the Review Sprint opens with his patience at 40: "thin"
    warnings = reading_warnings(ruleset, state)
    assert len(warnings) == 1, warnings
    text = warnings[0]
    assert text.startswith("Anand reads the President's patience as thin: "), text
    assert "escalat" in text and "call" in text.lower(), text  # what it does, what moves it
    assert reading_warnings(ruleset, _read_as(state, "exhausted"))[0].startswith(
        "Anand reads the President's patience as exhausted: "
    )
    assert reading_warnings(ruleset, _read_as(state, "holding")) == []
    assert reading_warnings(ruleset, _read_as(state, "ample")) == []


def test_a_warning_names_bands_the_reading_has() -> None:
    from pydantic import ValidationError

    from diplomacy_game.model.content import Reading

    reading = {
        "variable": PATIENCE,
        "label": "The President's patience",
        "bands": [[0, "exhausted"], [25, "thin"], [50, "holding"]],
    }
    with pytest.raises(ValidationError, match="'gone' is not one of its bands"):
        Reading.model_validate({**reading, "warn_bands": ["gone"], "warning": "Careful."})
    with pytest.raises(ValidationError, match="needs a 'warning' to say"):
        Reading.model_validate({**reading, "warn_bands": ["thin"]})
    Reading.model_validate({**reading, "warn_bands": ["thin"], "warning": "Careful."})


def test_plain_mode_says_it_with_the_advisors_and_when_their_word_changes(tmp_path: Path) -> None:
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    config = LaunchConfig(mode="new", scenario="review-sprint", seed=7, saves_dir=tmp_path)
    out = io.StringIO()
    # hear the advisors, then play three turns (no memo), answering events with option 1
    script = "2\n" + "7\n\n6\n1\n1\n1\n1\n0\n" * 3 + "9\n"
    assert run_plain(config, io.StringIO(script), out) == 0
    starts = re.split(r"\nTurn \d of 9\. ", out.getvalue())[1:]
    thin = "Anand reads the President's patience as thin: "
    exhausted = "Anand reads the President's patience as exhausted: "
    # said as the game starts, and again in the advisors' list
    assert starts[0].count(thin) == 2, starts[0]
    # at a turn's start when the advisor's word has changed: exhausted, then thin, then not
    # again while it stays thin (it is always in the advisors' list)
    assert exhausted in starts[1] and thin not in starts[1]
    assert thin in starts[2]
    assert thin not in starts[3] and exhausted not in starts[3]


def test_an_all_out_escalation_warns_of_the_full_trade_war() -> None:
    """A retaliator in The Hawks' Table read 'Escalation of the US measures: all-out' for seven
    turns and then met 'Full trade war', an early ending with an F, unannounced. The reading
    now says, while it is all-out, what is near and what eases it, with the ending's own
    threshold of the average US tariff."""
    ruleset = load_ruleset("hawks-table")
    state = new_game(ruleset, 11)

    def read_as(band: str):
        readings = [
            {**r, "band": band} if r["variable"] == "us.escalation" else r for r in state.readings
        ]
        return dataclasses.replace(state, readings=readings)

    said = [w for w in reading_warnings(ruleset, read_as("all-out")) if "as all-out" in w]
    assert len(said) == 1, said
    text = said[0]
    assert "reads escalation of the US measures as all-out: " in text, text
    assert "trade war" in text and "game ends" in text, text
    ending = next(e for e in ruleset.endings if e.spec.id == "trade_war").spec
    threshold = re.search(r"effective_us_tariff >= (\d+)", ending.condition)
    assert threshold is not None and f"averaging {threshold.group(1)}% or more" in text, text
    assert "counter-tariff" in text, text  # what eases it
    assert not [w for w in reading_warnings(ruleset, read_as("severe")) if "measures as" in w]
