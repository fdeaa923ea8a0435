"""The calibration table, one named test per target: the economy run alone over each schedule.

The schedules are in content/schedules/; the targets come from published forecasts and 2025
outcomes (Bank of Canada, Parliamentary Budget Officer, Department of Finance, bank economists,
the Budget Lab at Yale, Statistics Canada's trade and labour releases). Each source is in
content/SOURCES.md; docs/economy.md shows every target next to the model's value.
"""

from __future__ import annotations

import pytest

from diplomacy_game.content import builtin_content_dir, load_content
from diplomacy_game.content.schedule import load_schedule
from diplomacy_game.engine.sandbox import run_schedule

SCHEDULES = builtin_content_dir() / "schedules"
# The no-tariff unemployment rate C10 and C11 add the model's gap to: the Labour Force Survey's
# 6.6% of January 2025 (before the first tariffs, 4 March 2025), held flat through 2025. Held
# flat is a model choice: no published pre-tariff forecast found gives a quarterly path for 2025
# (content/SOURCES.md, C10 and C11; docs/economy.md, "The no-tariff baseline").
NO_TARIFF_UNEMPLOYMENT = 6.6


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


# --- The US side and the sectors (C5 onward) --------------------------------------------------
# C3's quarters run from 1 January 2025: rows[1] is Q2 2025 (April-June), rows[2] Q3 2025
# (July-September), rows[3] Q4 2025. Sector exports are the quarter's average, against the
# no-tariff path.


def test_c5_us_prices_and_gdp_under_tariffs_on_canada(sectors):
    """C5: 25% on Canadian goods (10% on energy) with Canada's retaliation raises US consumer
    prices 0.25% to 0.6% within a year and costs US real GDP 0.1% to 0.3% (Budget Lab at Yale,
    February 2025: prices +0.42%, GDP -0.2%); retaliation raises the US relief index and the US
    GDP loss."""
    with_retaliation = run(sectors, "c1-full-tariffs.toml")
    without = run(sectors, "c2-no-retaliation.toml")
    assert 0.25 <= with_retaliation[3]["us_price_level_pct"] <= 0.6
    assert -0.3 <= with_retaliation[3]["us_gdp_gap_pct"] <= -0.1
    assert with_retaliation[3]["us_gdp_gap_pct"] < without[3]["us_gdp_gap_pct"] < 0.0
    assert with_retaliation[3]["us_relief"] > without[3]["us_relief"] + 20


def test_c6_us_aluminum_price_under_the_50_percent_tariff(sectors):
    """C6: at 50% the price US buyers pay for aluminum rises 30% to 50% (the Midwest premium at a
    record US$0.77/lb on 6 October 2025, up 250% since January, "effectively fully pricing in"
    the tariff: Reuters, 17 October 2025)."""
    rows = run(sectors, "c0-october-2025.toml")
    assert all(30.0 <= r["sectors"]["aluminum"]["us_price_pct"] <= 50.0 for r in rows)


def test_c7_steel_exports_and_output_after_the_50_percent_tariff(sectors):
    """C7: Q3 2025 steel exports to the US 20% to 40% below the no-tariff path (Statistics Canada,
    September 2025: export volumes in July 25.5% (unwrought) and 34.4% (semi-finished) below
    February); steel output 5% to 25% below (iron and steel mills -24.8%, steel products from
    purchased steel +6.4%, July against February)."""
    steel = run(sectors, "c3-actual-2025-26.toml")[2]["sectors"]["steel"]
    assert -40.0 <= steel["exports_change_pct"] <= -20.0
    assert 75.0 <= steel["output_index"] <= 95.0


def test_c8_aluminum_exports_after_the_50_percent_tariff(sectors):
    """C8: Q3 2025 aluminum exports to the US 20% to 50% below the no-tariff path (unwrought
    aluminum to the US -22% year on year over January-August 2025, and August 51% below a
    front-loaded March: Trade Data Monitor via Reuters, 17 October 2025)."""
    aluminum = run(sectors, "c3-actual-2025-26.toml")[2]["sectors"]["aluminum"]
    assert -50.0 <= aluminum["exports_change_pct"] <= -20.0


def test_c9_auto_exports_after_the_section_232_tariff(sectors):
    """C9: Q2 2025 exports of vehicles and parts 5% to 20% below the no-tariff path (Statistics
    Canada: -17.4% in April 2025 after three months of front-loading, -4.2% more in June)."""
    autos = run(sectors, "c3-actual-2025-26.toml")[1]["sectors"]["autos"]
    assert -20.0 <= autos["exports_change_pct"] <= -5.0


def test_c10_unemployment_on_the_2025_path(sectors):
    """C10: from 6.6% in January 2025, unemployment 6.9% to 7.3% by the end of Q3 (Labour Force
    Survey: 7.1% in August and September 2025), and no more than 6.8% in Q1. The level is the
    model's gap added to NO_TARIFF_UNEMPLOYMENT."""
    rows = run(sectors, "c3-actual-2025-26.toml")
    base = NO_TARIFF_UNEMPLOYMENT
    assert base + rows[0]["unemployment_gap_pp"] <= 6.8
    assert 6.9 <= base + rows[2]["unemployment_gap_pp"] <= 7.3


@pytest.mark.xfail(
    strict=True,
    reason="known miss: the record's unemployment fell in Q4 2025 while its real GDP fell too "
    "(-0.6% annualized): the fall came from a slower-growing labour force, not from output, and "
    "the flat no-tariff rate the level is read against cannot carry it; no published pre-tariff "
    "forecast found gives a no-tariff path for 2025, Okun's law cannot turn unemployment down "
    "while the model's gap widens, and a participation response lagging the hiring gap, at any "
    "size or speed, only rescales and delays it; docs/economy.md lists what was tried",
)
def test_c11_unemployment_eases_by_the_end_of_2025(sectors):
    """C11: 6.5% to 6.9% in Q4 2025 (Labour Force Survey: 6.9% October, 6.5% November, 6.8%
    December 2025). The level is the model's gap added to NO_TARIFF_UNEMPLOYMENT."""
    rows = run(sectors, "c3-actual-2025-26.toml")
    assert 6.5 <= NO_TARIFF_UNEMPLOYMENT + rows[3]["unemployment_gap_pp"] <= 6.9


def test_c12_steel_jobs_held_through_the_summer(sectors):
    """C12: steel jobs within 5% of the no-tariff path in Q3 2025 (Statistics Canada, Survey of
    Employment, Payrolls and Hours: iron and steel mills little changed July against February,
    steel products from purchased steel -2.5%)."""
    steel = run(sectors, "c3-actual-2025-26.toml")[2]["sectors"]["steel"]
    assert steel["jobs_change_pct"] >= -5.0


def test_c13_lumber_exports_through_august_2025(sectors):
    """C13: softwood lumber exports to the US over January-August 2025 0% to 10% below the
    no-tariff path. Madison's Lumber Reporter from Statistics Canada's trade data (11 December
    2025): C$5,150 million January-August 2025 against C$5,060 million in 2024, +1.8% in value,
    while Canadian lumber production fell almost 4% in volume and sales rose 3.9% in value
    (prices about 8% higher). The model's exports are valued at pre-tariff prices, a volume: a
    value up 1.8% at prices up about 8% (up to about 12% in Canadian dollars) is a volume 6% to
    10% lower, part of it weak US housing, so the tariffs' share lies between 0% and -10%.
    January-August is read as three quarters' weights 3, 3 and 2 (Q3's average counts for July
    and August)."""
    rows = run(sectors, "c3-actual-2025-26.toml")
    lumber = [r["sectors"]["lumber"]["exports_change_pct"] for r in rows[:3]]
    january_august = (3 * lumber[0] + 3 * lumber[1] + 2 * lumber[2]) / 8
    assert -10.0 <= january_august <= 0.0


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
