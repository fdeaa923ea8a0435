"""The US side of the economy: prices for US buyers, the US price level and GDP, and the relief
index that pushes ``us.pressure``; one body for one game and for many."""

from __future__ import annotations

import numpy as np
import pytest

from diplomacy_game.content import load_content, load_ruleset
from diplomacy_game.engine.economy import SCALAR_INPUTS, SECTOR_INPUTS, Economy
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.sandbox import baseline_values

DT = 14 / 365


@pytest.fixture(scope="module")
def sectors():
    cs = load_content()
    return sorted(cs.entities["sector"].values(), key=lambda s: s.id)


def one_turn(sectors, **changes):
    """One turn from the no-tariff path with ``sector.field`` or scalar values changed."""
    values = baseline_values(sectors)
    values.update(changes)
    Economy(sectors).step(values, DT)
    return values


def test_no_tariffs_no_us_effects(sectors):
    values = one_turn(sectors)
    assert values["us.price_level"] == 0.0
    assert values["us.gdp_gap"] == 0.0
    assert values["us.relief"] == 0.0
    assert values["us.pressure"] == 30.0  # nothing pushes it
    assert all(values[f"sector.{s.id}.us_price"] == 0.0 for s in sectors)


def test_us_price_of_a_good_follows_the_tariff_and_canadas_share(sectors):
    """Aluminum at 50%: Canada's ~60% of US use, passed through and priced up behind by US
    rivals, gives a price rise close to the Midwest premium's full pricing of the tariff."""
    values = one_turn(sectors, **{"sector.aluminum.us_tariff": 50.0})
    economy = Economy(sectors)
    p = economy.params
    share = next(s.us_use_share for s in sectors if s.id == "aluminum")
    expected = (1 + p.us_domestic_pricing) * p.us_price_pass_through * 0.5 * share * 100
    assert values["sector.aluminum.us_price"] == pytest.approx(expected)
    assert 30.0 <= values["sector.aluminum.us_price"] <= 50.0
    assert values["sector.steel.us_price"] == 0.0
    assert values["us.price_level"] > 0.0
    assert values["us.gdp_gap"] < 0.0


def test_relief_pushes_us_pressure_up_and_never_past_100(sectors):
    values = one_turn(sectors, **{"sector.aluminum.us_tariff": 50.0})
    assert values["us.relief"] > 0.0
    assert values["us.pressure"] > 30.0
    near_top = one_turn(sectors, **{"sector.aluminum.us_tariff": 50.0, "us.pressure": 99.9})
    assert 99.9 < near_top["us.pressure"] <= 100.0


def test_a_counter_tariff_on_a_swing_state_industry_counts_more(sectors):
    """The same 25% counter-tariff raises the relief index more on US autos (Michigan, Ohio)
    than on dairy; the rule reads each sector's us_exposure, not a flat number."""
    exposure = {s.id: s.us_exposure for s in sectors}
    assert exposure["autos"] > exposure["dairy"]
    autos = one_turn(sectors, **{"sector.autos.counter_tariff": 25.0})
    dairy = one_turn(sectors, **{"sector.dairy.counter_tariff": 25.0})
    assert autos["us.relief"] > dairy["us.relief"] > 0.0
    assert autos["us.pressure"] > dairy["us.pressure"] > 30.0
    # Counter-tariffs cut US exports: US GDP loses too.
    assert autos["us.gdp_gap"] < 0.0


def test_more_us_tariff_means_higher_us_prices_and_more_relief(sectors):
    levels = []
    for rate in (0, 10, 25, 50):
        values = one_turn(sectors, **{"sector.lumber.us_tariff": float(rate)})
        levels.append((values["us.price_level"], values["us.relief"]))
    assert levels == sorted(levels)
    assert levels[-1][1] > levels[0][1]


def test_one_body_for_one_game_and_many(sectors):
    """Three games in one array call give the same US numbers, bit for bit, as three calls."""
    economy = Economy(sectors)
    rng = np.random.default_rng(7)
    games = []
    for _ in range(3):
        values = baseline_values(sectors)
        for s in sectors:
            values[f"sector.{s.id}.us_tariff"] = float(rng.choice([0, 25, 50]))
            values[f"sector.{s.id}.counter_tariff"] = float(rng.choice([0, 10, 25]))
        values["us.pressure"] = float(rng.uniform(0, 100))
        values["us.price_level"] = float(rng.uniform(0, 0.5))
        games.append(values)
    ids = [s.id for s in sectors]
    sector = {
        f: np.array([[g[f"sector.{sid}.{f}"] for sid in ids] for g in games]) for f in SECTOR_INPUTS
    }
    scalar = {name: np.array([g[name] for g in games]) for name in SCALAR_INPUTS}
    many_sector, many_scalar = economy.advance(sector, scalar, DT)
    for i, values in enumerate(games):
        economy.step(values, DT)
        for name in ("us.price_level", "us.gdp_gap", "us.relief", "us.pressure"):
            assert values[name] == many_scalar[name][i], name
        for k, sid in enumerate(ids):
            assert values[f"sector.{sid}.us_price"] == many_sector["us_price"][i, k]
            assert values[f"sector.{sid}.us_cost"] == many_sector["us_cost"][i, k]


def test_the_game_opens_with_the_us_side_of_its_tariffs():
    state = new_game(load_ruleset("second-visit"), 1)
    values = state.values
    assert values["sector.aluminum.us_price"] > values["sector.steel.us_price"] > 0.0
    assert 0.0 < values["us.price_level"] < 0.5
    assert 20.0 < values["us.relief"] < 80.0
    assert values["us.pressure"] == 30.0  # the scenario's own opening value


def test_a_pack_without_us_exposure_leaves_us_pressure_alone(sectors):
    """Sectors that declare no US exposure (packs written before the US side) add no relief,
    so their games play as they did."""
    bare = [s.model_copy(update={"us_exposure": 0.0}) for s in sectors]
    values = one_turn(
        bare, **{"sector.aluminum.us_tariff": 50.0, "sector.autos.counter_tariff": 25.0}
    )
    assert values["us.price_level"] > 0.0
    assert values["us.relief"] == 0.0
    assert values["us.pressure"] == 30.0
