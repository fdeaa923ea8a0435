"""The game variables the engine itself defines: names, ranges, who may change them.

Content reads these by name in expressions (``us.rapport``, ``sector.steel.us_tariff``) and
may declare more with ``[[variable]]``. Values computed by the engine's models are read-only
to content; hidden values (the US side, the economy's internals) never appear as exact
numbers in a briefing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VarSpec:
    name: str
    lo: float
    hi: float
    initial: float
    writable: bool = True
    hidden: bool = False
    description: str = ""


def _v(
    name: str,
    lo: float,
    hi: float,
    initial: float,
    desc: str,
    *,
    writable: bool = True,
    hidden: bool = False,
) -> VarSpec:
    return VarSpec(name, lo, hi, initial, writable, hidden, desc)


CORE: tuple[VarSpec, ...] = (
    _v(
        "turn",
        0,
        1000,
        0,
        "Turns played so far (0 during the first turn's decisions)",
        writable=False,
    ),
    _v("turns_left", 0, 1000, 0, "Turns left before the scenario's last turn", writable=False),
    _v("approval", 0, 100, 50, "Approval of the prime minister, %"),
    _v("resolve", 0, 100, 60, "Public resolve ('elbows up'): how much Canadians want firmness"),
    _v(
        "opposition", 0, 100, 40, "Strength and appetite of the opposition in a minority Parliament"
    ),
    _v("capital", 0, 50, 3, "Political capital available this turn"),
    _v("fiscal_room", -200, 200, 20, "Fiscal room left for new measures, C$ billion"),
    _v("uncertainty", 0, 100, 50, "Trade-policy uncertainty index: holds back investment"),
    _v("talks.progress", 0, 100, 20, "Progress of the CUSMA technical talks"),
    _v("talks.stalled", 0, 1, 0, "1 when the US has broken off the talks"),
    _v("mexico.alignment", 0, 100, 50, "How closely Mexico coordinates with Canada"),
    _v("gdp_gap", -30, 10, 0, "Real GDP level versus the no-tariff path, %", writable=False),
    _v("unemployment", 0, 30, 7.1, "Unemployment rate, %", writable=False),
    _v(
        "unemployment_gap",
        -10,
        20,
        0,
        "Unemployment versus the no-tariff path, percentage points",
        writable=False,
    ),
    _v("inflation", -10, 20, 2.0, "CPI inflation, %", writable=False),
    _v(
        "inflation_gap",
        -10,
        20,
        0,
        "Inflation versus the no-tariff path, percentage points",
        writable=False,
    ),
    _v(
        "exports_us",
        0,
        2000,
        0,
        "Exports to the US in the modelled sectors, C$ billion a year",
        writable=False,
    ),
    _v(
        "effective_us_tariff",
        0,
        500,
        0,
        "Trade-weighted US tariff on Canadian goods, %",
        writable=False,
    ),
    _v(
        "effective_ca_tariff",
        0,
        500,
        0,
        "Trade-weighted Canadian tariff on US goods, %",
        writable=False,
    ),
    _v(
        "jobs_lost",
        -1000,
        5000,
        0,
        "Direct jobs lost to the tariffs in the modelled sectors since they began (2025), thousands",
        writable=False,
    ),
    _v("base_unemployment", 0, 30, 6.6, "Unemployment on the no-tariff path, %"),
    _v("base_inflation", -5, 20, 2.0, "Inflation on the no-tariff path, %"),
    # The US side: hidden from the player, read by advisors with noise.
    _v(
        "us.rapport",
        0,
        100,
        50,
        "The President's personal rapport with the prime minister",
        hidden=True,
    ),
    _v(
        "us.patience",
        0,
        100,
        60,
        "How long the President will wait before forcing the issue",
        hidden=True,
    ),
    _v("us.need_win", 0, 100, 40, "How badly the President needs a public win", hidden=True),
    _v(
        "us.pressure",
        0,
        100,
        30,
        "US domestic pressure for relief: industry, prices, farm states, midterms",
        hidden=True,
    ),
    _v("us.hawks", 0, 100, 50, "Influence of the hard-line negotiators", hidden=True),
    _v("us.escalation", 0, 10, 3, "Escalation level of the US measures", hidden=True),
    _v(
        "us.affront",
        0,
        100,
        0,
        "Remembered affronts (retaliation, public attacks); fades over time",
        hidden=True,
    ),
    _v(
        "us.banked",
        0,
        100,
        0,
        "What Canada has given Washington lately: it raises rapport, and the appetite for more",
        hidden=True,
    ),
    _v(
        "us.ieepa_scale",
        0,
        3,
        1,
        "Multiplier on the US tariff layer on goods not claiming CUSMA: IEEPA, 0 once struck "
        "down, 1 again under a surcharge in its place",
        hidden=False,
    ),
    # The US economy: what the tariffs on Canada and Canada's counter-tariffs do there.
    _v(
        "us.price_level",
        -50,
        50,
        0,
        "US consumer prices versus the no-tariff path, from the tariffs on Canadian goods, %",
        writable=False,
    ),
    _v(
        "us.gdp_gap",
        -30,
        10,
        0,
        "US real GDP versus the no-tariff path, from the tariffs on Canada and Canada's, %",
        writable=False,
    ),
    _v(
        "us.relief",
        0,
        100,
        0,
        "The push for relief from US prices and hurt US industries: each counted by its pull"
        " in Washington",
        writable=False,
        hidden=True,
    ),
    # Economy internals.
    _v(
        "econ.price_level",
        -50,
        50,
        0,
        "Price level versus the no-tariff path, %",
        writable=False,
        hidden=True,
    ),
    _v(
        "econ.price_lag",
        -50,
        50,
        0,
        "Price level a year earlier (smoothed), %",
        writable=False,
        hidden=True,
    ),
    _v(
        "econ.investment",
        -50,
        10,
        0,
        "Investment drag from uncertainty, % of GDP",
        writable=False,
        hidden=True,
    ),
    _v(
        "econ.support_cost",
        0,
        500,
        0,
        "Support paid to sectors and workers this turn, C$ billion",
        writable=False,
        hidden=True,
    ),
)

SECTOR_FIELDS: tuple[tuple[str, float, float, bool, str], ...] = (
    # field, lo, hi, writable, description
    ("us_tariff", 0, 500, True, "US sector tariff, %"),
    ("ieepa_rate", 0, 500, True, "US IEEPA-layer rate on non-CUSMA goods, %"),
    ("cusma_share", 0, 1, True, "Share of exports claiming CUSMA"),
    ("counter_tariff", 0, 500, True, "Canadian counter-tariff, %"),
    ("support", 0, 100, True, "Support to the sector and its workers, C$ billion a year"),
    ("exports", 0, 2000, False, "Exports to the US, C$ billion a year"),
    ("output", 0, 200, False, "Output index (100 = no-tariff path)"),
    # Writable so that news of layoffs (or hiring) moves them at once; the economy then moves
    # them toward the level output and support imply, at the sector's job_speed.
    ("jobs", 0, 5000, True, "Direct jobs, thousands"),
    # Writable with ``jobs``: news of layoffs moves both, so that the month's jobs news counts
    # them (``validate`` warns of an effect that moves one without the other).
    ("jobs_change", -5000, 5000, True, "Change in jobs over the last turn, thousands"),
    ("effective_tariff", 0, 500, False, "Effective US tariff on the sector's exports, %"),
    ("us_price", 0, 500, False, "Price rise for US buyers of the good from the US tariff, %"),
    (
        "us_cost",
        0,
        2000,
        False,
        "Tariff paid by US buyers on the sector's goods, C$ billion a year",
    ),
)

GROUP_FIELDS: tuple[tuple[str, float, float, bool, str], ...] = (
    ("pressure", 0, 100, True, "Pressure on the government from this group"),
)

PROFILE_TRAITS = (
    "friendliness",
    "imitation",
    "vindictiveness",
    "ego",
    "patience",
    "hawks",
    "unpredictability",
)
