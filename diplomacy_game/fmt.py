"""The one formatter: every number and label a player or a student reads goes through here.

The terminal UI, plain mode, headless output and the classroom reports all print figures, and
they must agree: the same rounding everywhere, a change that is the difference of the values
shown (never "50% 50% -1"), percentages with "%", money in Canadian dollars, proper nouns with
their capitals, and words instead of the model's internal 0-100 scales or variable names.

Nothing here imports the engine at run time or any UI toolkit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from diplomacy_game.engine.rules import Ruleset


@dataclass(frozen=True)
class Figure:
    """How one figure is shown: its label, its unit, the places it is rounded to, and which
    way is good (+1 up, -1 down, 0 neither)."""

    label: str
    unit: str  # "%", "C$B", "points", "" ...
    digits: int
    better: int
    help: str = ""


FIGURES: dict[str, Figure] = {
    "approval": Figure("Approval", "%", 0, 1, "share of Canadians who approve of you"),
    "gdp_gap": Figure("GDP gap", "%", 1, 1, "output against a Canada with no trade war"),
    "unemployment": Figure("Unemployment", "%", 1, -1, "share of the labour force out of work"),
    "inflation": Figure("Inflation", "%", 1, -1, "consumer prices, year over year"),
    "fiscal_room": Figure("Fiscal room", "C$B", 1, 1, "money left to spend this year"),
    "capital": Figure("Political capital", "capital", 0, 1, "what you can spend on actions"),
    "talks.progress": Figure(
        "The talks", "% of the way", 0, 1, "how far the technical talks are from a text"
    ),
    "us.ieepa_scale": Figure(  # IEEPA_SCALE
        "The IEEPA layer in force",
        "share",
        0,
        -1,
        "how much of the US tariff on goods not claiming CUSMA the courts leave standing (or "
        "a surcharge in its place)",
    ),
    "exports_us": Figure("Exports to the US", "C$B/yr", 1, 1, "at an annual rate"),
    "jobs_lost": Figure("Jobs lost", "thousand", 1, -1, "to the trade war so far"),
    "score": Figure(
        "Outcome score", "out of 100", 0, 1, "the ending sets the range, your record the place"
    ),
}
SECTOR_FIGURES: dict[str, Figure] = {
    "us_tariff": Figure("US tariff", "%", 1, -1, "the US tariff on the sector's goods"),
    "ieepa_rate": Figure(
        "tariff on goods not claiming CUSMA",
        "%",
        1,
        -1,
        "the IEEPA layer (or a surcharge in its place) on the sector's goods that do not "
        "claim CUSMA",
    ),
    "counter_tariff": Figure("counter-tariff", "%", 1, 0, "Canada's tariff on US goods"),
    "cusma_share": Figure(
        "share of exports claiming CUSMA",
        "share",
        0,
        1,
        "the part of the sector's exports that claims CUSMA and is spared the tariff on goods "
        "not claiming it",
    ),
    "jobs": Figure("jobs", "thousand", 1, 1, "people employed in the sector"),
}

# Words that keep their capital letter when a label starts a clause in mid-sentence.
PROPER_WORDS = frozenset(
    {
        "Alberta",
        "America",
        "American",
        "Atlantic",
        "Americans",
        "Beijing",
        "British",
        "Canada",
        "Canadian",
        "Canadians",
        "Carney",
        "China",
        "Congress",
        "Europe",
        "Ford",
        "Greer",
        "Lutnick",
        "Manitoba",
        "Mexico",
        "Navarro",
        "Ontario",
        "Ottawa",
        "Parliament",
        "Quebec",
        "Saskatchewan",
        "Sheinbaum",
        "Trump",
        "Washington",
    }
)


# The least range a plot of each figure spans, in its own unit, wherever it is drawn (the
# history screen, the report): a move of a point or two, or a drift of 0.05, does not fill its
# height.
PLOT_SPANS = {
    "approval": 10.0,
    "gdp_gap": 2.0,
    "unemployment": 2.0,
    "inflation": 2.0,
    "fiscal_room": 10.0,
    "capital": 6.0,
    "exports_us": 50.0,
    "jobs_lost": 50.0,
    "us.rapport": 20.0,
    "talks.progress": 20.0,
}


def axis_range(values: Sequence[float], min_span: float = 0.0) -> tuple[float, float]:
    """The range a plot shows: the data's, widened around its middle to at least
    ``min_span`` (so a small wobble does not fill the height), never empty."""
    lo, hi = min(values), max(values)
    floor = max(min_span, 1e-9)
    if hi - lo < floor:
        mid = (hi + lo) / 2
        lo, hi = mid - floor / 2, mid + floor / 2
    return lo, hi


def axis_digits(lo: float, hi: float, least: int = 0, most: int = 2) -> int:
    """The fewest decimals, from ``least``, at which the top and bottom labels of a plot's
    axis differ (at most ``most``)."""
    for digits in range(least, most + 1):
        if number(hi, digits) != number(lo, digits):
            return digits
    return most


def figure(name: str, ruleset: Ruleset | None = None) -> Figure:
    """The figure shown for a variable: its own spec, a sector's, or a plain fallback."""
    if name in FIGURES:
        return FIGURES[name]
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "sector" and parts[2] in SECTOR_FIGURES:
        spec = SECTOR_FIGURES[parts[2]]
        sector = sector_name(ruleset, parts[1])
        label = f"{sector}: {spec.label}"
        return Figure(label, spec.unit, spec.digits, spec.better, spec.help)
    return Figure(humanize(parts[-1]), "", 1, 0)


def cut(value: float, digits: int) -> float:
    """The value cut (not rounded) to ``digits`` places: a score shown never reads as the
    grade above it (54.96 is 54.9, and 54 to the whole number, beside its D)."""
    if not math.isfinite(value):
        return value
    # cut the value's shortest decimal form (repr), not its binary product with 10**digits:
    # 64.99 * 100 is 6498.999..., which a floor would cut to 64.98 (float() first: numpy's
    # repr of its own floats is "np.float64(64.99)", which is no number to Decimal)
    written = Decimal(repr(float(value)))
    return float(written.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_FLOOR))


def rounded(value: float, digits: int) -> float:
    """The value as shown: rounded half away from zero (as people round), never "-0"."""
    if not math.isfinite(value):
        return value
    scale = 10.0**digits
    out = math.floor(abs(value) * scale + 0.5 + 1e-9) / scale
    out = math.copysign(out, value)
    return 0.0 if out == 0 else out


def number(value: float, digits: int, trim: bool = False) -> str:
    """A number rounded to ``digits`` places; with ``trim``, "17.5" and "25" (not "25.0")."""
    text = f"{rounded(value, digits):,.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def percent(value: float, digits: int = 1, trim: bool = True) -> str:
    return f"{number(value, digits, trim)}%"


def money(billions: float, digits: int | None = None) -> str:
    """Canadian dollars from a figure in billions: "C$20.0B", "C$700M", "-C$1.2B".

    ``digits`` is the precision in billions a figure is shown at (1: to the nearest C$100M),
    so a change of a figure shown as "C$16.0B" is "C$300M", never "C$348M"; without it an
    amount is exact to the million (an action's cost)."""
    if digits is not None:
        billions = rounded(billions, digits)
    sign = "-" if rounded(billions, 3) < 0 else ""
    amount = abs(billions)
    if 0 < amount < 1 and rounded(amount * 1000, 0) < 1000:
        return f"{sign}C${number(amount * 1000, 0)}M"
    return f"{sign}C${number(amount, 1 if digits is None else max(digits, 1))}B"


def shown(name: str, value: float, ruleset: Ruleset | None = None, finer: int = 0) -> str:
    """A figure's value as every screen and report prints it (``finer`` places more where a
    screen shows the arithmetic, as the full ledger does)."""
    spec = figure(name, ruleset)
    digits = spec.digits + finer
    if spec.unit == "C$B":
        return money(value, digits)
    if spec.unit == "C$B/yr":
        return f"{money(value, digits)}/yr"
    if spec.unit == "%":
        return percent(value, digits, trim=_trims(name, spec))
    if spec.unit == "share":  # a fraction, shown as a percentage
        return percent(100 * value, digits, trim=_trims(name, spec))
    if spec.unit == "% of the way":
        return f"{number(value, digits)}% of the way"
    if spec.unit == "thousand":
        return f"{number(value, digits)}k"
    if spec.unit == "out of 100":
        # Cut, not rounded: the grades start at whole scores (C at 55), so 54.6 shows as 54
        # beside its D, never as a 55 that reads like a C.
        return f"{number(cut(value, digits), digits)}/100"
    return number(value, digits, trim=_trims(name, spec))


def change(
    name: str, before: float, after: float, ruleset: Ruleset | None = None, finer: int = 0
) -> str:
    """The change between two values as shown: the difference of the rounded values, so the
    column always agrees with the two figures beside it; "" when nothing visibly moved."""
    spec = figure(name, ruleset)
    scale = 100.0 if spec.unit == "share" else 1.0
    delta = rounded(shown_change(name, before, after, ruleset, finer) * scale, spec.digits + finer)
    if delta == 0:
        return ""
    return _signed_in(spec, delta, spec.digits + finer, trim=_trims(name, spec))


# Units whose numbers keep their places ("2.0%", "C$1.50B", "45.0% of the way"); a
# sector's rates, shares ("90%") and the figures with no unit of their own (capital,
# resolve, a group's pressure) drop trailing zeros instead.
KEEP_PLACES = frozenset({"%", "% of the way", "thousand", "out of 100", "C$B", "C$B/yr"})


def _trims(name: str, spec: Figure) -> bool:
    """Whether the figure's numbers drop trailing zeros: its value (``shown``), its change
    (``change``, ``step``) and the causes listed under that (``contributions``) alike, so a
    row reads "25% → 50%  +25", capital "4 → 3  -1", resolve "61.5 → 62  +0.5", never a
    "+1.0" beside a "62"."""
    if spec.unit == "%":
        return name.startswith("sector.")
    return spec.unit not in KEEP_PLACES


def _signed_in(spec: Figure, delta: float, digits: int, trim: bool) -> str:
    """A change of a figure with its sign, in the figure's money unit when it has one."""
    if spec.unit == "C$B":
        return ("+" if delta > 0 else "-") + money(abs(delta), digits)
    if spec.unit == "thousand":  # a change of jobs in people: "-40", "+1,200", never "-0.04"
        text = number(rounded(delta, digits) * 1000, max(0, digits - 3))
        return text if text.startswith("-") else f"+{text}"
    text = number(delta, digits, trim=trim)
    return text if text.startswith("-") else f"+{text}"


# A change is shown at most this many places finer than its figure, where its causes are
# shown (``cause_places``): inflation to 0.01 beside the dashboard's 2.1%, approval to 0.1,
# money to C$10M. Finer than that, a change is too small to matter to a player: "2.154% to
# 2.150%, -0.004" read as noise.
FINEST = 1

# The change of a figure whose rounded value moved (2.2% to 2.1% on the dashboard) while even
# one place finer nothing did (2.154 to 2.149: "2.15% to 2.15%"): about unchanged, said as
# such rather than "±0", which beside 2.2% the turn before and 2.1% now reads as a
# contradiction, or as "-0.004", which is noise. The dashboard and the turn result say it alike.
ABOUT_UNCHANGED = "≈0"


def finer_for_change(
    name: str,
    before: float,
    after: float,
    ruleset: Ruleset | None = None,
    causes: bool = False,
    least: int = 0,
) -> int:
    """How many places finer than the figure's own a row of its change is shown: ``least``
    when the difference of its two shown values is the change itself rounded the same way,
    else one more (-1.36 to -1.34 is "-1.4% to -1.3%, +0.1" for a change of 0.02, approval
    51.46 to 49.50 "51% to 50%, -1" for -1.96: one place finer, "51.5% to 49.5%, -2.0"). With
    ``causes`` shown beside it (at ``cause_places``), also when the change at their precision
    is not the change at the row's: "C$20.0B to C$19.8B, -C$200M" beside causes adding up to
    -C$240M is shown as "C$20.00B to C$19.76B, -C$240M". Never more than ``FINEST`` places
    finer: there a change is the difference of its two values even where it rounds another
    way, and one with none is ``ABOUT_UNCHANGED`` (``row_change``). Either way the row's change
    is the difference of its two values, and its causes add up to that (``shown_change``,
    ``contributions``). Every list of changes with causes (the turn result, the full ledger,
    in every front end) and the dashboard (``step``) use this one rule."""
    spec = figure(name, ruleset)
    scale = 100.0 if spec.unit == "share" else 1.0
    a, b = before * scale, after * scale
    digits = spec.digits + least
    change = rounded(b - a, digits)
    finer = max(least, min(least + 1, FINEST))
    if rounded(rounded(b, digits) - rounded(a, digits), digits) != change:
        return finer
    if causes:
        # the causes' precision: the change there, and the difference of the two values there
        # (as the full ledger shows the row: 49.84 to 46.86 is "49.8% to 46.9%, -2.9" beside
        # its causes, so the turn result cannot say "50% to 47%, -3" beside causes adding up
        # to -3.0, each a tenth away from the ledger's)
        at = spec.digits + cause_places(least)
        if change != rounded(b - a, at) or change != rounded(rounded(b, at) - rounded(a, at), at):
            return finer
    return least


def row_change(
    name: str, before: float, after: float, ruleset: Ruleset | None = None, finer: int = 0
) -> str:
    """The change a row shown ``finer`` places finer than its figure says: the difference of
    its two values (``change``); ``ABOUT_UNCHANGED`` where that is none while the figure's
    own rounded value moved (2.154 to 2.149, at two places "2.15% to 2.15%", is 2.2% to 2.1%
    on the dashboard); "" where nothing moved."""
    return change(name, before, after, ruleset, finer) or (
        ABOUT_UNCHANGED if change(name, before, after, ruleset) else ""
    )


def listed_change(name: str, before: float, after: float, ruleset: Ruleset | None = None) -> str:
    """The change a turn result lists for a figure shown at its own places at the least, with
    its causes beside it ("-20" jobs for 22.46k to 22.44k, "22.5k to 22.4k" there); "±0"
    where the result has no row for it, no change showing at the figure's places (122.93k to
    122.88k, both 122.9k). Where only the new value is shown beside it (the sectors' jobs on
    the Economy tab) this is its change, never one the result does not list."""
    if not change(name, before, after, ruleset):
        return "±0"
    finer = finer_for_change(name, before, after, ruleset, True)
    return row_change(name, before, after, ruleset, finer)


def shown_change(
    name: str, before: float, after: float, ruleset: Ruleset | None = None, finer: int = 0
) -> float:
    """The change a row shows, as a number in the figure's own terms (a share as a fraction):
    the difference of its two values rounded as shown, which its causes add up to."""
    spec = figure(name, ruleset)
    scale = 100.0 if spec.unit == "share" else 1.0
    digits = spec.digits + finer
    delta = rounded(rounded(after * scale, digits) - rounded(before * scale, digits), digits)
    return delta / scale


def cause_places(finer: int) -> int:
    """The places finer than its figure at which a cause is shown beside a row shown
    ``finer`` places finer: one at least (so "-0.8" of approval shows), the row's own when
    it is finer still."""
    return max(1, finer)


def step(name: str, before: float, after: float, ruleset: Ruleset | None = None) -> str:
    """A figure's change over a turn where only its new value is shown beside it ("Approval
    49%, -1 since last turn"): the change the turn's result shows for it, beside its causes
    (``finer_for_change``), so the dashboard and the result never read as two changes. At
    the figure's own places when the result's row is ("-1" for 49.44 to 48.44, "49% to 48%,
    -1" there), else at the row's: 51.98 to 52.51 is "+0.5" here as in "52.0% to 52.5%,
    +0.5", never "+1" beside it (though both are true rounded); C$20.00B to C$20.11B is
    "+C$110M", never "+C$100M" beside the result's "+C$110M"; 47.94 to 47.47 is "-0.4", never
    "-0.5". Where the two values as they were shown round alike ("-1" beside 49% the turn
    before and 49% now, for 49.4 to 48.5; "±0" from 2.3% to 2.4%), it is shown finer, up to
    ``FINEST`` places: "-0.9", "+0.02"; ``ABOUT_UNCHANGED`` where even then it shows none
    (2.154 to 2.149, 2.2% the turn before and 2.1% now: "≈0", not "-0.004"); "±0" where
    neither moved (49.77 to 49.82: "50%, ±0", not "+0.05" beside a result with no row for
    it)."""
    spec = figure(name, ruleset)
    scale = 100.0 if spec.unit == "share" else 1.0
    seen = rounded(after * scale, spec.digits) - rounded(before * scale, spec.digits)
    digits = spec.digits
    delta = rounded((after - before) * scale, digits)
    # (finer_for_change is 0 only where the change rounded is the difference of the two
    # values shown, ``seen``, and the same at one place finer, where causes are shown.) A
    # change that rounds away beside two values shown alike is none: the result has no row.
    if (delta or seen) and finer_for_change(name, before, after, ruleset, True):
        # the result's row, finer (one place finer says the values are not whole)
        least = 0 if rounded(seen, digits) else 1
        finer = finer_for_change(name, before, after, ruleset, True, least)
        delta = shown_change(name, before, after, ruleset, finer) * scale
        digits = spec.digits + finer
        if delta == 0:  # nothing at FINEST places, where the figure's value moved
            return ABOUT_UNCHANGED if rounded(seen, spec.digits) else "±0"
    if delta == 0:
        return "±0"
    return _signed_in(spec, delta, digits, trim=digits == spec.digits and _trims(name, spec))


def contribution(name: str, value: float, ruleset: Ruleset | None = None, finer: int = 1) -> str:
    """One cause's share of a figure's change, ``finer`` places finer than the figure itself
    (so "-0.8" of approval shows), with the figure's money unit; "±0" when it rounds away."""
    spec = figure(name, ruleset)
    digits = spec.digits + finer
    if spec.unit == "share":
        value = 100 * value
    if rounded(value, digits) == 0:
        return "±0"
    return _signed_in(spec, value, digits, trim=True)


def apportion(values: Sequence[float], digits: int, total: float | None = None) -> list[float]:
    """``values`` rounded to ``digits`` places so that they add up to their ``total`` (their
    sum unless given) rounded the same way: largest-remainder rounding. The parts are rounded
    down, and the steps left over go to the parts with the largest remainders (the largest
    parts first on a tie). With a total less than one step from the parts' sum, each part is
    its own value rounded down or up, never further off.

    This is how causes beside a change are shown. Rounding each cause on its own can make
    them disagree with the change they explain (-C$470M, +C$270M, -C$120M beside -C$310M);
    rounding the total from the rounded parts instead would make the change disagree with
    the two values shown beside it. So the change stays the difference of the two values
    shown (less than one step from the true change), and the causes are apportioned to it."""
    step = 10.0**-digits
    units = []
    for value in values:
        u = value / step
        units.append(round(u) if abs(u - round(u)) < 1e-6 else u)
    floors = [math.floor(u) for u in units]
    whole = sum(values) if total is None else total
    target = round(rounded(whole, digits) / step)
    left = target - sum(floors)
    order = sorted(range(len(units)), key=lambda i: (-(units[i] - floors[i]), -abs(units[i]), i))
    out = list(floors)
    for i in order[: max(0, left)]:
        out[i] += 1
    for i in order[::-1][: max(0, -left)]:  # a given total below the parts' sum
        out[i] -= 1
    return [rounded(u * step, digits) for u in out]


def contributions(
    name: str,
    values: Sequence[float],
    ruleset: Ruleset | None = None,
    finer: int = 1,
    total: float | None = None,
) -> list[str]:
    """Causes' shares of a figure's change, apportioned (``apportion``) so that they add up
    to the change (``total``, else their sum) rounded as they are; "±0" for a share that
    rounds away. They are written as the change beside them is (``change``): at the same
    places, the trailing zeros kept or dropped alike ("-0.050" beside "-0.050", not
    "-0.05")."""
    spec = figure(name, ruleset)
    digits = spec.digits + finer
    scale = 100.0 if spec.unit == "share" else 1.0
    whole = None if total is None else total * scale
    parts = apportion([v * scale for v in values], digits, whole)
    return ["±0" if p == 0 else _signed_in(spec, p, digits, trim=_trims(name, spec)) for p in parts]


def moved(name: str, before: float, after: float, ruleset: Ruleset | None = None) -> bool:
    """Whether a player could see the figure move at the precision it is shown."""
    return change(name, before, after, ruleset) != ""


def mood(name: str, before: float, after: float, ruleset: Ruleset | None = None) -> str:
    """ "good", "bad" or "" for a visible change, by which way is better for the figure."""
    spec = figure(name, ruleset)
    if not spec.better or not moved(name, before, after, ruleset):
        return ""
    return "good" if (after - before) * spec.better > 0 else "bad"


def signed(value: float, digits: int = 1) -> str:
    """+1.5 / -0.3 / ±0, as shown at ``digits`` places."""
    value = rounded(value, digits)
    if value == 0:
        return "±0"
    return f"{value:+,.{digits}f}"


def capital(amount: float) -> str:
    """Political capital as costs and balances show it: 2, 2.5."""
    return number(amount, 1, trim=True)


QUOTES = "'\"‘’“”"


def quoted(title: str) -> str:
    """A title in quotation marks, once: “Elbows up”, and “'They want a car company'” never
    doubles up when the title is itself a quotation."""
    inner = title.strip()
    if len(inner) >= 2 and inner[0] in QUOTES and inner[-1] in QUOTES:
        inner = inner[1:-1]
    return f"“{inner}”"


def date(day: dt.date) -> str:
    """7 Oct 2025."""
    return f"{day.day} {day.strftime('%b %Y')}"


def count(n: int, thing: str) -> str:
    """1 action, 2 actions (``thing`` singular, made plural with an s)."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def days(n: int) -> str:
    return count(n, "day")


def turns(n: int) -> str:
    return count(n, "turn")


def minutes(n: float) -> str:
    """20 minutes, 1 minute, 0.5 minutes (at most one decimal)."""
    text = number(n, 1, trim=True)
    return f"{text} minute" if text == "1" else f"{text} minutes"


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "The President's patience" becomes "the
    President's patience", while "US domestic pressure" and "Canada's exports" keep their
    capitals. Only the first letter ever changes."""
    if not label:
        return label
    first = label.split()[0]
    core = first.rstrip(",.:;").removesuffix("'s").removesuffix("’s")
    letters = [c for c in core if c.isalpha()]
    acronym = len(letters) > 1 and all(c.isupper() for c in letters)
    if acronym or core in PROPER_WORDS or not label[0].isupper():
        return label
    # A name of two capitalised words ("Atlantic Canada", "Dairy Farmers of Canada", "White
    # House") is a proper name; "The President's patience" is not.
    words = label.split()
    if len(words) > 1 and re.match(r"[A-Z][a-z]", words[1]) and first not in ("The", "A", "An"):
        return label
    return label[0].lower() + label[1:]


def sentence_end(text: str) -> str:
    """Text ended as a sentence: a full stop added unless it ends with one already (or with
    "!", "?" or a closing bracket or quote after one)."""
    stripped = text.rstrip()
    return stripped if stripped.rstrip(")”’\"'").endswith((".", "!", "?")) else f"{stripped}."


def sentence_start(text: str) -> str:
    """Text as it reads at the start of a sentence: "your assignment" becomes "Your
    assignment". Only the first letter ever changes."""
    return text[:1].upper() + text[1:]


def tariff_moves(
    ruleset: Ruleset,
    changes: dict[str, Any],
    named: Iterable[str] = (),
    values: Mapping[str, float] | None = None,
) -> str:
    """What the US tariffs did in a turn, from the turn's ledger (``TurnReport.changes``):
    "US tariffs moved: Autos down from 25% to 17.5%." or that they did not change. A move
    made by news the line has not named (``named``: the titles it gave, such as Washington's
    news) says which: "after “IEEPA tariffs struck down”, the tariff on goods ... down", so
    that no move reads as the work of the President's answer before it. With the values at
    the turn's end, a sector's move says what its goods not claiming CUSMA pay on top
    (``on_top``), as the sector's row does, so that "up from 0% to 5%" agrees with news that
    such goods "now pay 15%"."""
    told = set(named)
    parts = []
    for sector in ruleset.sectors:
        name = f"sector.{sector.id}.us_tariff"
        entry = changes.get(name)
        if entry is None or not moved(name, entry.start, entry.end, ruleset):
            continue
        way = "up" if entry.end > entry.start else "down"
        extra = on_top(values, sector.id, ruleset) if values is not None else ""
        parts.append(
            _after(
                [entry],
                told,
                f"{sector.name} {way} from {shown(name, entry.start, ruleset)} "
                f"to {shown(name, entry.end, ruleset)}{extra}",
            )
        )
    # (the figure, its words, its scale at the turn's start and end, the figures that move it)
    for field, what, scale, also in (
        ("ieepa_rate", "the tariff on goods not claiming CUSMA", _in_force(changes), IEEPA_SCALE),
        ("cusma_share", "the share of exports claiming CUSMA", (1.0, 1.0), None),
    ):
        names = [f"sector.{s.id}.{field}" for s in ruleset.sectors] + ([also] if also else [])
        entries = [changes[n] for n in names if n in changes]
        parts += [
            _after(entries, told, m) for m in _alike_moves(ruleset, changes, field, what, scale)
        ]
    if not parts:
        return "The US tariffs did not change this turn."
    return "US tariffs moved: " + "; ".join(parts) + "."


def _after(entries: list[Any], told: set[str], move: str) -> str:
    """A move, led by the news that made it when the line has not named that news."""
    untold = [
        cause.label
        for entry in entries
        for cause, delta in entry.causes
        if delta and cause.kind in ("event", "delayed") and cause.label not in told
    ]
    untold = list(dict.fromkeys(untold))
    if not untold:
        return move
    return f"after {listed([quoted(label) for label in untold])}, {move}"


def _alike_moves(
    ruleset: Ruleset,
    changes: dict[str, Any],
    field: str,
    what: str,
    scale: tuple[float, float] = (1.0, 1.0),
) -> list[str]:
    """How a sector figure moved (times ``scale`` at the start and the end of the turn),
    sectors that moved alike said together: "WHAT down from 90% to 70% for A and B"."""
    alike: dict[tuple[float, float], list[str]] = {}
    for sector in ruleset.sectors:
        name = f"sector.{sector.id}.{field}"
        entry = changes.get(name)
        if entry is None:
            continue
        before, after = entry.start * scale[0], entry.end * scale[1]
        if moved(name, before, after, ruleset):
            alike.setdefault((before, after), []).append(sector.name)
    if not alike:
        return []
    name = f"sector.{ruleset.sectors[0].id}.{field}"
    moves = [
        f"{'up' if after > before else 'down'} from {shown(name, before, ruleset)} to "
        f"{shown(name, after, ruleset)} for {listed(names)}"
        for (before, after), names in alike.items()
    ]
    return [f"{what} " + ", and ".join(moves)]


# The share of the tariff on goods not claiming CUSMA in force: the IEEPA layer, none once
# the courts strike it down, or a surcharge in its place.
IEEPA_SCALE = "us.ieepa_scale"


def in_force(values: Mapping[str, float], sector_id: str) -> float:
    """The US tariff on a sector's goods not claiming CUSMA as they pay it: the rate ordered
    (``ieepa_rate``) times the share in force (``IEEPA_SCALE``)."""
    rate = float(values.get(f"sector.{sector_id}.ieepa_rate", 0.0))
    return rate * float(values.get(IEEPA_SCALE, 1.0))


def on_top(values: Mapping[str, float], sector_id: str, ruleset: Ruleset | None = None) -> str:
    """What a sector's goods not claiming CUSMA pay on top of its "US tariff" (which the
    model levies whether or not they claim CUSMA), as a label's ending: " (goods not claiming CUSMA pay 10%
    on top)" beside "Other manufacturing: US tariff 0% → 5%", so the row agrees with news
    that such goods "now pay 15%"; "" when they pay nothing more."""
    name = f"sector.{sector_id}.ieepa_rate"
    rate = in_force(values, sector_id)
    if not moved(name, 0.0, rate, ruleset):
        return ""
    return f" (goods not claiming CUSMA pay {shown(name, rate, ruleset)} on top)"


def _in_force(changes: dict[str, Any]) -> tuple[float, float]:
    """``IEEPA_SCALE`` at the start and the end of the turn, from its ledger."""
    scale = changes.get(IEEPA_SCALE)
    return (scale.start, scale.end) if scale is not None else (1.0, 1.0)


def listed(names: list[str]) -> str:
    """Names in a sentence: "A", "A and B", "A, B and C"; with a comma before the last "and"
    when a name has one of its own ("Ontario, Saskatchewan and Manitoba, and unions", not
    "... Saskatchewan and Manitoba and unions")."""
    if len(names) == 1:
        return names[0]
    last = ", and " if any(" and " in name for name in names) else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def posture_line(
    ruleset: Ruleset,
    posture: str,
    changes: dict[str, Any],
    events: list[dict[str, Any]] | None = None,
    news: int = 0,
    values: Mapping[str, float] | None = None,
) -> str:
    """The US line of a turn: the President's posture by name with the news it made, and
    Washington's other news (a measure announced earlier taking effect, a shutdown), in the
    order the turn made it, then what the tariffs actually did. The rules draw the posture after
    the turn's news (the first ``news`` of ``events``: dated events and follow-ups falling due)
    and run the posture's own event after it, so "talks are terminated" comes before what the
    President then did. The line follows a "Washington: " label wherever it is shown.
    When the posture made no news of its own its description follows its name, beside any other
    US news ("offers a deal" alone, before a phone call the player asked for, reads as an offer
    that never came), and never one that speaks of tariffs or relief ("the tariffs stay where
    they are"): it could contradict the figures."""
    us = [(i, e) for i, e in enumerate(events or ()) if e.get("category") == "us"]
    mine = [k for k, (_, e) in enumerate(us) if e.get("posture") == posture]
    own = [quoted(us[k][1]["title"]) for k in mine]
    # with no news of its own, the posture comes after the turn's news
    first = mine[0] if mine else sum(1 for i, _ in us if i < news)
    earlier = [quoted(e["title"]) for _, e in us[:first]]
    later = [quoted(e["title"]) for k, (_, e) in enumerate(us[first:], first) if k not in mine]
    p = ruleset.postures.get(posture)
    if p is None:
        head = "Washington's intentions are unclear."
        earlier, later = [], earlier + later
    else:
        president = f"{', '.join(earlier)}. Then the President" if earlier else "The President"
        if own:
            head = f"{president} {p.spec.name}: {', '.join(own)}."
        else:
            head = " ".join(filter(None, (f"{president} {p.spec.name}.", posture_claim(p))))
    if later:  # with no news before it nor of its own, the posture opens the fortnight
        then = "Then" if p is not None and not own and not earlier else "Also"
        head += f" {then} in Washington: {', '.join(later)}."
    return f"{head} {tariff_moves(ruleset, changes, (e['title'] for _, e in us), values)}"


def posture_claim(posture: Any) -> str:
    """What a posture that made no news of its own was (its description), or "" when that
    speaks of tariffs or relief ("the tariffs stay where they are"): the figures say those."""
    claim = posture.spec.description.strip()
    return "" if any(w in claim.lower() for w in ("tariff", "relief")) else claim


def humanize(identifier: str) -> str:
    """A last resort for an id with no name in the content: "latin_america" -> "Latin
    america". Callers look up the content's own name first (sectors, choices, readings)."""
    text = identifier.replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:]


def sector_name(ruleset: Ruleset | None, sector_id: str) -> str:
    if ruleset is not None:
        for sector in ruleset.sectors:
            if sector.id == sector_id:
                return sector.name
    return humanize(sector_id)


def band(ruleset: Ruleset, variable: str, value: float) -> str:
    """The advisors' word for a hidden value ("cold", "strong"), from the content's bands."""
    for reading in ruleset.readings:
        if reading.variable == variable:
            word = reading.bands[0][1]
            for low, name in reading.bands:
                if value >= low:
                    word = name
            return word
    return ""


SCALE_WORDS = ("very low", "low", "moderate", "high", "very high")


def scale_word(value: float, lo: float, hi: float) -> str:
    """Where a value sits in its range, in words (for a value no advisor has bands for)."""
    if hi <= lo:
        return SCALE_WORDS[2]
    share = min(1.0, max(0.0, (value - lo) / (hi - lo)))
    return SCALE_WORDS[min(len(SCALE_WORDS) - 1, int(share * len(SCALE_WORDS)))]


# The talks' progress is kept while Washington has broken them off (so they resume where they
# stopped), but while they are off no reading of it is true: they are "broken off".
BROKEN_OFF = "broken off"


def talks_off(variable: str, values: Mapping[str, float] | None) -> bool:
    """Whether ``variable`` is the talks' progress and the talks are broken off."""
    return variable == "talks.progress" and bool(values) and values.get("talks.stalled", 0) >= 1


def hidden_words(
    ruleset: Ruleset, variable: str, value: float, values: Mapping[str, float] | None = None
) -> str:
    """A hidden value in words: the advisors' band, else where it sits in its range; with the
    game's ``values``, the talks are "broken off" while they are."""
    if talks_off(variable, values):
        return BROKEN_OFF
    word = band(ruleset, variable, value)
    if word:
        return word
    spec = ruleset.variables.get(variable)
    if spec is None:
        return ""
    return scale_word(value, float(spec.lo), float(spec.hi))


def hidden_label(ruleset: Ruleset, variable: str) -> str:
    """The words for a hidden variable (the advisors' label), never its name."""
    for reading in ruleset.readings:
        if reading.variable == variable:
            return reading.label
    spec = ruleset.variables.get(variable)
    description = getattr(spec, "description", "") if spec is not None else ""
    # A description may go on after a colon ("What Canada has given Washington lately: it
    # raises ...").
    return description.split(":")[0].strip() or humanize(variable.split(".")[-1])


def hidden_note(ruleset: Ruleset, variable: str) -> str:
    """What a hidden value measures and what moves it, as the content tells it beside the true
    value at the end ("" when it says nothing more than the label)."""
    for reading in ruleset.readings:
        if reading.variable == variable:
            return reading.note
    return ""


def param_value(ruleset: Ruleset, action_id: str, name: str, value: Any) -> str:
    """One parameter of an action in words: a sector's name, "50%", a choice's label."""
    action = ruleset.actions.get(action_id)
    param = next((p for p in action.spec.params if p.name == name), None) if action else None
    if param is None:
        return str(value)
    if param.kind == "sector":
        return sector_name(ruleset, str(value))
    if param.kind == "number" and isinstance(value, int | float):
        label = param.label or param.name
        if "%" in label or "rate" in label.lower() or "tariff" in label.lower():
            return percent(float(value), 1)
        return number(float(value), 1, trim=True)
    label = param.label_of(str(value))
    return label if label != str(value) else humanize(str(value))


def params_text(ruleset: Ruleset, action_id: str, params: dict[str, Any]) -> str:
    """ "Steel, 50%" — the parameters of an action in words, in the action's order."""
    action = ruleset.actions.get(action_id)
    if action is None or not params:
        return ""
    parts = [
        param_value(ruleset, action_id, p.name, params[p.name])
        for p in action.spec.params
        if p.name in params
    ]
    return ", ".join(parts)
