"""The economy: numpy arrays over sectors, one step per turn.

Per sector, the US tariff moves exports toward a long-run level ``X0 * (1 + pt * tau) ** -e``
with partial adjustment each turn; output follows, and jobs follow output more slowly (labour
hoarding: work-sharing and held payrolls carry a short shock); the sector losses roll up, with a
domestic multiplier and an uncertainty channel (investment held back), into the real-GDP
gap. Unemployment follows the gap (Okun's law) with a lag. Canadian counter-tariffs raise
prices (pass-through of about 0.75 over six quarters) and collect revenue; support paid to
sectors saves jobs and costs fiscal room.

The US side reads the same arrays: a US tariff passed through to US buyers raises the price of
each good by the tariff times Canada's share of US use of it, and the duties they pay raise the
US price level; Canada's counter-tariffs cut US exports. Prices and hit industries, weighted by
each sector's political exposure in Washington, make a relief index (``us.relief``) that pushes
the US pressure for relief (``us.pressure``) up every turn. Parameters and their sources:
docs/economy.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from diplomacy_game.engine.numeric import pmax, pmin
from diplomacy_game.model.content import Sector

Num = float | np.ndarray

# ``ndarray.sum`` itself, without the Python-level wrapper it goes through (the same sums).
_sum = np.add.reduce

# The step the speeds are given for: a share of a gap closed "per turn" is per fortnight, the
# turn of the built-in scenarios and of the calibration runs (docs/economy.md).
FORTNIGHT = 14 / 365.0


def closed(speed: Num, dt_years: float) -> Num:
    """The share of a gap closed over ``dt_years`` by a ``speed`` given per fortnight: the
    speed itself over a fortnight, compounded over a longer or shorter step, so a last turn of
    two days moves exports, jobs and prices as far as two days do, not a whole fortnight."""
    if dt_years == FORTNIGHT:
        return speed
    return 1.0 - (1.0 - speed) ** (dt_years / FORTNIGHT)


# What one turn of the model reads: per-sector fields and economy-wide values.
SECTOR_INPUTS = (
    "us_tariff",
    "ieepa_rate",
    "cusma_share",
    "counter_tariff",
    "support",
    "exports",
    "jobs",
)
SCALAR_INPUTS = (
    "us.ieepa_scale",
    "econ.investment",
    "uncertainty",
    "econ.price_level",
    "econ.price_lag",
    "unemployment_gap",
    "fiscal_room",
    "base_unemployment",
    "base_inflation",
    "us.price_level",
    "us.pressure",
)
# What it writes per sector besides exports and jobs.
SECTOR_OUTPUTS = ("output", "jobs_change", "effective_tariff", "us_price", "us_cost")


@dataclass(frozen=True)
class EconomyParams:
    gdp: float = 3000.0  # nominal GDP, C$ billion (Statistics Canada, 2024: about C$3.0 trillion)
    consumption: float = 1700.0  # household spending the CPI basket stands for, C$ billion
    us_imports_total: float = 480.0  # imports from the US, C$ billion a year
    us_price_pass_through: float = 0.95  # share of a US tariff passed into US import prices
    ca_price_pass_through: float = 0.75  # share of a counter-tariff passed into Canadian prices
    price_speed: float = 0.08  # per turn: most of the effect within six quarters
    multiplier: float = 0.9  # domestic multiplier on lost export value added
    uncertainty_drag: float = 1.0  # investment drag at uncertainty 100, % of GDP
    investment_speed: float = 0.08  # per turn
    okun: float = 0.5  # unemployment gap per point of GDP gap
    okun_speed: float = 0.15  # per turn
    job_elasticity: float = 0.8  # jobs lost per unit of output lost
    support_jobs_per_billion: float = 6.0  # thousand jobs kept per C$1B a year of support
    support_stimulus: float = 0.5  # GDP effect of support spending, per dollar
    stabilizers: float = 0.3  # fiscal cost per point of negative GDP gap, share of GDP's 1%
    disinflation: float = 0.03  # inflation effect per point of GDP gap
    import_elasticity: float = 1.0  # how far US imports fall under a counter-tariff
    retaliation_drag: float = 0.8  # GDP cost per point of the price level raised by counter-tariffs
    # The US side (sources and model choices: docs/economy.md, content/SOURCES.md).
    us_consumption: float = 27000.0  # US personal consumption, C$ billion (US$19.8T, 2024)
    us_gdp: float = 40000.0  # US GDP, C$ billion (US$29.2T, 2024)
    us_domestic_pricing: float = 0.6  # US rivals' price rises, per dollar of duty paid
    us_cost_drag: float = 0.9  # US GDP lost per dollar of tariff paid by US buyers
    us_export_va: float = 0.5  # US value added per dollar of exports lost to counter-tariffs
    us_price_speed: float = 0.08  # per turn: US prices catch up with the tariffs over months
    relief_sector_weight: float = 0.4  # relief index points per exposed point of sector pain
    relief_cpi_weight: float = 125.0  # relief index points per 1% on the US price level
    relief_gain: float = 40.0  # a year, at relief 100: how fast relief pressure builds


class Economy:
    """The economy model for a fixed list of sectors."""

    def __init__(self, sectors: Sequence[Sector], params: EconomyParams | None = None):
        self.params = params or EconomyParams()
        self.ids = [s.id for s in sectors]
        self.x0 = np.array([s.exports for s in sectors], dtype=float)
        self.m0 = np.array([s.us_imports for s in sectors], dtype=float)
        self.j0 = np.array([s.jobs for s in sectors], dtype=float)
        self.us_share = np.array([s.us_share for s in sectors], dtype=float)
        self.va = np.array([s.value_added for s in sectors], dtype=float)
        self.elasticity = np.array([s.elasticity for s in sectors], dtype=float)
        self.adjustment = np.array([s.adjustment for s in sectors], dtype=float)
        self.job_speed = np.array([s.job_speed for s in sectors], dtype=float)
        self.tariff_base = np.array([s.tariff_base for s in sectors], dtype=float)
        self.us_use_share = np.array([s.us_use_share for s in sectors], dtype=float)
        self.us_exposure = np.array([s.us_exposure for s in sectors], dtype=float)
        self._keys = {
            fld: [f"sector.{sid}.{fld}" for sid in self.ids]
            for fld in (*SECTOR_INPUTS, *SECTOR_OUTPUTS)
        }
        self._input_keys = [k for fld in SECTOR_INPUTS for k in self._keys[fld]]

    def _get(self, values: dict[str, float], fld: str) -> np.ndarray:
        return np.array([values[k] for k in self._keys[fld]], dtype=float)

    def _put(self, values: dict[str, float], fld: str, array: np.ndarray) -> None:
        values.update(zip(self._keys[fld], array.tolist(), strict=True))

    def effective_tariffs(self, values: dict[str, float]) -> np.ndarray:
        """Effective US tariff per sector, as a fraction."""
        sector = {f: self._get(values, f) for f in ("us_tariff", "ieepa_rate", "cusma_share")}
        return self._tariffs(sector, values["us.ieepa_scale"])

    def _tariffs(self, sector: Mapping[str, np.ndarray], ieepa_scale: Num) -> np.ndarray:
        sector_rate = sector["us_tariff"] * self.tariff_base
        scale = np.asarray(ieepa_scale)[..., None]  # one per game, against [..., sectors]
        layer = sector["ieepa_rate"] * scale * (1.0 - sector["cusma_share"])
        return (sector_rate + layer) / 100.0

    def _us_side(
        self, tau: np.ndarray, ct: np.ndarray, exports: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, Num, Num, Callable[[Num], Num]]:
        """What the tariffs do to the United States, over ``[..., sectors]``.

        Returns the price rise of each good for US buyers (%), the duties US buyers pay per
        sector (C$ billion a year), the US price-level target (%), the US GDP gap (%), and the
        relief index (0-100) as a function of the US price level (which moves after)."""
        p = self.params
        # Canada's share of US use, plus US rivals pricing up behind the tariff.
        us_price = (
            (1.0 + p.us_domestic_pricing)
            * p.us_price_pass_through
            * tau
            * self.us_use_share
            * 100.0
        )
        us_cost = p.us_price_pass_through * tau * exports
        cost_total = _sum(us_cost, axis=-1)
        # US producers of competing goods price up behind the tariff too.
        price_target = (1.0 + p.us_domestic_pricing) * cost_total / p.us_consumption * 100.0
        # Share of each sector's US sales to Canada lost to the counter-tariff.
        lost_share = 1.0 - (1.0 + ct) ** (-p.import_elasticity)
        export_loss = _sum(self.m0 * lost_share, axis=-1)
        us_gdp_gap = (
            -(p.us_cost_drag * cost_total + p.us_export_va * export_loss) / p.us_gdp * 100.0
        )
        pain = _sum(self.us_exposure * (us_price + lost_share * 100.0), axis=-1)
        # The US price level counts by the exposure of the sectors whose duties make it.
        exposed = _sum(self.us_exposure * us_cost, axis=-1) / pmax(cost_total, 1e-9)

        def relief(us_price_level: Num) -> Num:
            return pmin(
                100.0,
                p.relief_sector_weight * pain
                + p.relief_cpi_weight * exposed * pmax(0.0, us_price_level),
            )

        return us_price, us_cost, price_target, us_gdp_gap, relief

    def step(self, values: dict[str, float], dt_years: float) -> None:
        """Advance the economy by one turn, reading and writing the game's values."""
        # every sector input read into one array (a row per field), written back the same way
        table = np.array([values[k] for k in self._input_keys], dtype=float)
        sector = dict(zip(SECTOR_INPUTS, table.reshape(len(SECTOR_INPUTS), -1), strict=True))
        scalar = {name: values[name] for name in SCALAR_INPUTS}
        sector_out, scalar_out = self.advance(sector, scalar, dt_years)
        out = np.concatenate(list(sector_out.values())).tolist()
        keys = [k for fld in sector_out for k in self._keys[fld]]
        values.update(zip(keys, out, strict=True))
        for name, value in scalar_out.items():
            values[name] = float(value)

    def fiscal_parts(self, values: dict[str, float], dt_years: float) -> list[tuple[str, float]]:
        """What a turn just stepped (``step``) moved the fiscal room by, for the reasons a
        player can act on: ("support", the support paid to sectors, a cost) and
        ("counter_tariffs", the revenue of Canada's counter-tariffs). The rest of the move is
        the slowdown's (lower revenue, higher spending: ``stabilizers``)."""
        duty = values["effective_ca_tariff"] * self.params.us_imports_total / 100.0
        return [("support", -values["econ.support_cost"]), ("counter_tariffs", duty * dt_years)]

    def advance(
        self, sector: Mapping[str, np.ndarray], scalar: Mapping[str, Num], dt_years: float
    ) -> tuple[dict[str, np.ndarray], dict[str, Num]]:
        """One turn of the model over arrays shaped ``[..., sectors]``: one game (``[S]``,
        numbers for the economy-wide values) or many (``[N, S]``, arrays of ``N``). The two
        give the same numbers bit for bit: sums run over the last axis, and ``max``/``min``
        follow Python's rule (numeric.pmax/pmin)."""
        p = self.params
        tau = self._tariffs(sector, scalar["us.ieepa_scale"])
        ct = sector["counter_tariff"] / 100.0
        support = sector["support"]
        exports = sector["exports"]
        jobs = sector["jobs"]

        target = self.x0 * (1.0 + p.us_price_pass_through * tau) ** (-self.elasticity)
        exports = exports + closed(self.adjustment, dt_years) * (target - exports)
        shortfall = 1.0 - exports / self.x0
        output = 1.0 - self.us_share * shortfall
        lost = self.j0 * p.job_elasticity * (1.0 - output)
        saved = np.minimum(lost, support * p.support_jobs_per_billion)
        job_target = self.j0 - lost + saved
        # Labour hoarding: jobs close a sector's share ``job_speed`` of the gap a fortnight.
        new_jobs = jobs + closed(self.job_speed, dt_years) * (job_target - jobs)
        support_total = _sum(support, axis=-1)

        # GDP: lost export value added times the multiplier, the uncertainty channel, support.
        direct = -_sum(self.va * (self.x0 - exports), axis=-1) * p.multiplier / p.gdp * 100.0
        inv = scalar["econ.investment"]
        inv = inv + closed(p.investment_speed, dt_years) * (
            -p.uncertainty_drag * scalar["uncertainty"] / 100.0 - inv
        )
        stimulus = support_total * p.support_stimulus / p.gdp * 100.0
        # Retaliation taxes Canadian buyers: dearer inputs and lower real incomes.
        drag = -p.retaliation_drag * pmax(0.0, scalar["econ.price_level"])
        gdp_gap = direct + inv + stimulus + drag

        u_gap = scalar["unemployment_gap"]
        u_gap = u_gap + closed(p.okun_speed, dt_years) * (-p.okun * gdp_gap - u_gap)

        # Prices: counter-tariffs on US goods still bought (imports fall as the duty bites).
        imports = self.m0 * (1.0 + ct) ** (-p.import_elasticity)
        duty = _sum(imports * ct, axis=-1)
        price_target = p.ca_price_pass_through * duty / p.consumption * 100.0
        price = scalar["econ.price_level"]
        price = price + closed(p.price_speed, dt_years) * (price_target - price)
        lag = scalar["econ.price_lag"]
        lag = lag + min(1.0, dt_years) * (price - lag)
        inflation_gap = (price - lag) + p.disinflation * pmin(0.0, gdp_gap)

        fiscal = scalar["fiscal_room"]
        fiscal = (
            fiscal
            + (duty - support_total - p.stabilizers * pmax(0.0, -gdp_gap) * p.gdp / 100.0)
            * dt_years
        )
        exports_total = _sum(exports, axis=-1)

        # The US side: prices, output and the pressure for relief they build in Washington.
        us_level = scalar["us.price_level"]
        us_price, us_cost, us_target, us_gdp_gap, relief_at = self._us_side(tau, ct, exports)
        us_level = us_level + closed(p.us_price_speed, dt_years) * (us_target - us_level)
        relief = relief_at(us_level)
        pressure = scalar["us.pressure"]
        pressure = pressure + p.relief_gain * dt_years * relief / 100.0 * (100.0 - pressure) / 100.0

        sector_out = {
            "exports": exports,
            "output": output * 100.0,
            "jobs": new_jobs,
            "jobs_change": new_jobs - jobs,
            "effective_tariff": tau * 100.0,
            "us_price": us_price,
            "us_cost": us_cost,
        }
        scalar_out = {
            "econ.investment": inv,
            "econ.price_level": price,
            "econ.price_lag": lag,
            "econ.support_cost": support_total * dt_years,
            "gdp_gap": gdp_gap,
            "unemployment_gap": u_gap,
            "unemployment": scalar["base_unemployment"] + u_gap,
            "inflation_gap": inflation_gap,
            "inflation": scalar["base_inflation"] + inflation_gap,
            "fiscal_room": fiscal,
            "exports_us": exports_total,
            "jobs_lost": self.jobs_lost(new_jobs),
            "effective_us_tariff": _sum(exports * tau, axis=-1) / pmax(exports_total, 1e-9) * 100.0,
            "effective_ca_tariff": duty / p.us_imports_total * 100.0,
            "us.price_level": us_level,
            "us.gdp_gap": us_gdp_gap,
            "us.relief": relief,
            "us.pressure": pressure,
        }
        return sector_out, scalar_out

    def jobs_lost(self, jobs: np.ndarray) -> Num:
        """Direct jobs lost against the no-tariff path, thousands, from the sectors' jobs
        (``[S]`` for one game, ``[N, S]`` for many)."""
        return _sum(self.j0 - jobs, axis=-1)

    def count_jobs_lost(self, values: dict[str, float]) -> None:
        """Count the jobs lost again as a turn ends: news of layoffs may have moved a sector's
        jobs since the economy's step (``sector.ID.jobs`` is writable)."""
        values["jobs_lost"] = float(self.jobs_lost(self._get(values, "jobs")))

    def settle(self, values: dict[str, float]) -> None:
        """Put exports, output and jobs at a steady state of the starting tariffs.

        The game opens months into the conflict, so the start is not the no-tariff path: run
        the sector block to rest (without moving the indicators the scenario sets) first.
        """
        tau = self.effective_tariffs(values)
        exports = self.x0 * (1.0 + self.params.us_price_pass_through * tau) ** (-self.elasticity)
        # Opening levels: part of the way to the long run, as the 2025 data showed.
        exports = self.x0 + 0.6 * (exports - self.x0)
        output = 1.0 - self.us_share * (1.0 - exports / self.x0)
        support = self._get(values, "support")
        lost = self.j0 * self.params.job_elasticity * (1.0 - output)
        jobs = self.j0 - lost + np.minimum(lost, support * self.params.support_jobs_per_billion)
        self._put(values, "exports", exports)
        self._put(values, "output", output * 100.0)
        self._put(values, "jobs", jobs)
        self._put(values, "jobs_change", np.zeros_like(jobs))
        self._put(values, "effective_tariff", tau * 100.0)
        values["exports_us"] = float(exports.sum())
        values["jobs_lost"] = float(self.jobs_lost(jobs))
        values["effective_us_tariff"] = float(
            (exports * tau).sum() / max(exports.sum(), 1e-9) * 100.0
        )
        ct = self._get(values, "counter_tariff") / 100.0
        imports = self.m0 * (1.0 + ct) ** (-self.params.import_elasticity)
        values["effective_ca_tariff"] = float(
            (imports * ct).sum() / self.params.us_imports_total * 100.0
        )
        # The US side at the opening tariffs; the pressure itself is the scenario's.
        us_price, us_cost, us_target, us_gdp_gap, relief_at = self._us_side(tau, ct, exports)
        # US prices too are part of the way to the tariffs' full effect.
        values["us.price_level"] = float(0.6 * us_target)
        relief = relief_at(values["us.price_level"])
        self._put(values, "us_price", us_price)
        self._put(values, "us_cost", us_cost)
        values["us.gdp_gap"] = float(us_gdp_gap)
        values["us.relief"] = float(relief)
        # The opening GDP gap follows from the same equation as every turn's.
        p = self.params
        direct = -(self.va * (self.x0 - exports)).sum() * p.multiplier / p.gdp * 100.0
        stimulus = support.sum() * p.support_stimulus / p.gdp * 100.0
        drag = -p.retaliation_drag * max(0.0, values["econ.price_level"])
        values["gdp_gap"] = float(direct + values["econ.investment"] + stimulus + drag)
