"""The calibration table, one named test per target: the economy run alone over each schedule.

The schedules are in content/schedules/; the targets come from published forecasts and 2025
outcomes (Bank of Canada, Parliamentary Budget Officer, Department of Finance, bank economists).
"""

from __future__ import annotations

import pytest

from diplomacy_game.content import builtin_content_dir, load_content
from diplomacy_game.content.schedule import load_schedule
from diplomacy_game.engine.sandbox import run_schedule

SCHEDULES = builtin_content_dir() / "schedules"


@pytest.fixture(scope="module")
def sectors():
    cs = load_content()
    return sorted(cs.entities["sector"].values(), key=lambda s: s.id)


def run(sectors, name):
    return run_schedule(sectors, load_schedule(SCHEDULES / name))


def test_c0_october_2025_effective_tariffs(sectors):
    """C0: US effective tariff on Canada 4.5% to 7.5%; Canada's on the US 0.7% to 1.5%."""
    rows = run(sectors, "c0-october-2025.toml")
    for row in rows:
        assert 4.5 <= row["effective_us_tariff_pct"] <= 7.5
        assert 0.7 <= row["effective_ca_tariff_pct"] <= 1.5


def test_c1_full_tariffs_with_retaliation(sectors):
    """C1: GDP -2.0% to -3.5% after 4 quarters, -2.5% to -4.5% after 8; unemployment +1.0 to
    +2.0 pp at peak; inflation +0.5 to +1.3 pp in year 1."""
    rows = run(sectors, "c1-full-tariffs.toml")
    assert -3.5 <= rows[3]["gdp_gap_pct"] <= -2.0
    assert -4.5 <= rows[7]["gdp_gap_pct"] <= -2.5
    assert 1.0 <= max(r["unemployment_gap_pp"] for r in rows) <= 2.0
    year_one_inflation = sum(r["inflation_gap_pp"] for r in rows[:4]) / 4
    assert 0.5 <= year_one_inflation <= 1.3


def test_c2_no_retaliation_loses_less_and_lowers_prices(sectors):
    """C2: a GDP loss 25-35% smaller than C1; an inflation effect of zero or below."""
    with_retaliation = run(sectors, "c1-full-tariffs.toml")
    without = run(sectors, "c2-no-retaliation.toml")
    for q in (3, 7):
        smaller = 1 - without[q]["gdp_gap_pct"] / with_retaliation[q]["gdp_gap_pct"]
        assert 0.25 <= smaller <= 0.35, (q, smaller)
    assert all(r["inflation_gap_pp"] <= 0.0 for r in without)


def test_c3_the_actual_2025_26_path(sectors):
    """C3: GDP -1.0% to -2.0% by the end of 2026; unemployment +0.4 to +1.0 pp at peak;
    inflation within +/-0.4 pp; exports to the US -4% to -8% in 2025."""
    rows = run(sectors, "c3-actual-2025-26.toml")
    assert rows[-1]["ends"] == "2026-12-31"
    assert -2.0 <= rows[-1]["gdp_gap_pct"] <= -1.0
    assert 0.4 <= max(r["unemployment_gap_pp"] for r in rows) <= 1.0
    assert all(abs(r["inflation_gap_pp"]) <= 0.4 for r in rows)
    exports_2025 = sum(r["exports_us_change_pct"] for r in rows[:4]) / 4
    assert -8.0 <= exports_2025 <= -4.0


def test_c4_de_escalation(sectors):
    """C4: GDP -0.3% to -1.0% by the end of 2026, and no negative year (the level loss in any
    year stays below trend growth of about 1.5%)."""
    rows = run(sectors, "c4-de-escalation.toml")
    assert -1.0 <= rows[-1]["gdp_gap_pct"] <= -0.3
    assert rows[3]["gdp_gap_pct"] - 0.0 > -1.5
    assert rows[7]["gdp_gap_pct"] - rows[3]["gdp_gap_pct"] > -1.5


def test_harsher_schedules_hurt_more(sectors):
    """Not fitted to five points only: more tariff means more damage, monotonically."""
    from diplomacy_game.model.schedule import Schedule

    results = []
    for rate in (0, 10, 25, 50):
        schedule = Schedule.model_validate(
            {
                "title": f"{rate}%",
                "quarters": 4,
                "step": [{"at": 0, "ieepa_rate": {"all": rate}, "cusma_share": {"all": 0.0}}],
            }
        )
        results.append(run_schedule(sectors, schedule)[-1])
    gaps = [r["gdp_gap_pct"] for r in results]
    assert gaps[0] == 0.0
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < gaps[1]
    exports = [r["exports_us"] for r in results]
    assert exports == sorted(exports, reverse=True)


def test_a_sector_only_shock_stays_small(sectors):
    """Steel alone at 50%: a real loss in steel, a small one for the whole economy."""
    from diplomacy_game.model.schedule import Schedule

    schedule = Schedule.model_validate(
        {"title": "steel", "quarters": 4, "step": [{"at": 0, "us_tariff": {"steel": 50}}]}
    )
    row = run_schedule(sectors, schedule)[-1]
    assert -0.3 < row["gdp_gap_pct"] < 0.0
    assert row["jobs_lost_thousands"] > 0
