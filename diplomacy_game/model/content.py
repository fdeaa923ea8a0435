"""The content schema: what a TOML file in a content pack may hold.

Each top-level array in a content file is one kind of entity (``[[sector]]``, ``[[event]]``,
...). Unknown keys are refused so that a typo is reported, not silently ignored.
Expressions stay text here; ``diplomacy_game.content`` compiles them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=60)]
# An expression: text in the expression language, or a constant. A condition may be a
# boolean; a number (a cost, a weight, a utility, a score) may not: TOML's true is no number.
Expr = str | bool | int | float
NumExpr = str | int | float
Effects = list[str]

POSTURES = ("escalate", "threaten", "hold", "reward", "deal", "goalposts")

# Every number in content is at most this in size (the expression language's limit too), and
# finite: infinity and NaN are refused (TOML can write inf and nan).
MAX_NUMBER = 1e12


def digits_of(value: int) -> int:
    """How many digits a (huge) integer has, to within one, without printing it (Python
    refuses to print an integer of more than 4,300 digits)."""
    return int((max(abs(value).bit_length(), 1) - 1) * 0.30103) + 1


def _bad_number(value: object) -> str | None:
    """Why a number cannot be content (too big, infinite, NaN), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if abs(value) <= MAX_NUMBER:
            return None
        return (
            f"a number of about {digits_of(value)} digits is out of range (at most {MAX_NUMBER:g})"
        )
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return f"{value} is not allowed: numbers must be finite"
        if abs(value) > MAX_NUMBER:
            return f"{value:g} is out of range (at most {MAX_NUMBER:g})"
    return None


def _out_of_range(value: object) -> str | None:
    """The first number anywhere inside a field's value that cannot be content, or None."""
    stack = [value]
    while stack:  # a loop, not recursion: a value may be nested deeply
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif problem := _bad_number(item):
            return problem
    return None


class Entity(BaseModel):
    # Each model's validator is built when first used: a command that takes its content from
    # the cache (``content/record.py``) never validates, and does not pay for building them.
    # Strict: a value has the type TOML wrote, so that once = "off" or weight = true is an
    # error, not a value pydantic converts (to true, and to 1).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _numbers_in_range(cls, value: object) -> object:
        problem = _out_of_range(value)
        if problem:
            raise ValueError(problem)
        return value


class Sector(Entity):
    """A sector of the Canadian economy exposed to US trade."""

    id: Id
    name: str
    description: str = ""
    exports: float = Field(gt=0, description="Exports to the US before tariffs, C$ billion a year")
    us_imports: float = Field(
        0.0, ge=0, description="US goods in this sector a counter-tariff can hit, C$B/yr"
    )
    jobs: float = Field(gt=0, description="Direct jobs, thousands")
    us_share: float = Field(ge=0, le=1, description="Share of the sector's output sold to the US")
    value_added: float = Field(
        0.4, gt=0, le=1, description="Canadian value added per dollar exported"
    )
    elasticity: float = Field(3.8, gt=0, le=10, description="Long-run export price elasticity")
    adjustment: float = Field(
        0.12,
        gt=0,
        le=1,
        description="Share of the gap to the long-run export level closed per fortnight",
    )
    job_speed: float = Field(
        0.2,
        gt=0,
        le=1,
        description="Share of the gap to the jobs target closed per fortnight (labour hoarding)",
    )
    tariff_base: float = Field(
        1.0, gt=0, le=1, description="Share of export value the sector tariff applies to"
    )
    us_tariff: float = Field(0.0, ge=0, le=500, description="Sector-specific US tariff, %")
    ieepa_rate: float = Field(
        0.0, ge=0, le=500, description="Economy-wide US layer on non-CUSMA goods, %"
    )
    cusma_share: float = Field(0.9, ge=0, le=1, description="Share of exports claiming CUSMA")
    counter_tariff: float = Field(0.0, ge=0, le=500, description="Canadian counter-tariff, %")
    us_use_share: float = Field(
        0.0, ge=0, le=1, description="Share of US use of the good supplied from Canada"
    )
    us_exposure: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Political weight in Washington of the US buyers and exporters in this sector",
    )
    source: str = ""


class Group(Entity):
    """A domestic constituency whose pressure moves approval."""

    id: Id
    name: str
    kind: Literal["province", "region", "interest", "party"] = "interest"
    description: str = ""
    weight: float = Field(gt=0, le=1, description="Weight of its pressure in national approval")
    initial_pressure: float = Field(30.0, ge=0, le=100)
    sectors: dict[Id, float] = Field(
        default_factory=dict, description="Sector id -> sensitivity to job losses"
    )
    tags: dict[str, float] = Field(
        default_factory=dict, description="Action tag -> pressure change when taken"
    )
    prices: float = Field(
        0.0, ge=0, description="Sensitivity to inflation caused by counter-tariffs"
    )


class ActionParam(Entity):
    name: Id
    label: str = ""
    kind: Literal["sector", "choice", "number"]
    choices: list[Id] = Field(
        default_factory=list, description="Ids for 'sector' and 'choice' parameters"
    )
    labels: list[str] = Field(
        default_factory=list, description="How each choice reads (default: the id)"
    )
    values: list[float] = Field(
        default_factory=list, description="Allowed values of a 'number' parameter"
    )
    default: str | float | None = None

    @model_validator(mode="after")
    def _choices_present(self) -> ActionParam:
        if self.kind in ("sector", "choice") and not self.choices:
            raise ValueError(f"a '{self.kind}' parameter needs a non-empty 'choices' list")
        if self.kind == "number" and not self.values:
            raise ValueError("a 'number' parameter needs a non-empty 'values' list")
        if self.labels and len(self.labels) != len(self.choices):
            raise ValueError(f"'labels' needs one label per choice ({len(self.choices)})")
        return self

    def label_of(self, choice: str) -> str:
        if choice in self.choices and self.labels:
            return self.labels[self.choices.index(choice)]
        return choice


class Delayed(Entity):
    after: int = Field(ge=1, le=52, description="Turns after the action")
    effects: Effects
    text: str = ""


class Action(Entity):
    """Something the prime minister can do in a turn."""

    id: Id
    name: str
    family: Literal["retaliation", "concession", "diplomacy", "domestic"]
    description: str = ""
    hint: str = Field(description="What the advisors expect it to do, without exact numbers")
    cost: NumExpr = Field(1, description="Political capital it takes: a number or an expression")
    condition: Expr = True
    unavailable_text: str = ""
    cooldown: int = Field(0, ge=0, le=52)
    max_uses: int = Field(0, ge=0, description="0 means unlimited")
    tags: list[str] = Field(default_factory=list)
    params: list[ActionParam] = Field(default_factory=list)
    effects: Effects = Field(default_factory=list)
    delayed: list[Delayed] = Field(default_factory=list)
    text: str = ""
    source: str = ""

    @field_validator("cost")
    @classmethod
    def _cost_not_negative(cls, cost: NumExpr) -> NumExpr:
        if not isinstance(cost, str) and cost < 0:
            raise ValueError(f"a cost cannot be negative (got {cost:g}); write 0 for a free action")
        return cost


class EventOption(Entity):
    id: Id
    label: str
    condition: Expr = True
    effects: Effects = Field(default_factory=list)
    hint: str = ""
    text: str = ""
    default: bool = False
    stance: Literal["firm", "conciliatory", "neutral"] = Field(
        "neutral", description="How the option reads: strategies use it to choose"
    )


class TextVariant(Entity):
    """Another way to tell an event (or to explain an ending), for the games where its
    condition holds: the first variant whose condition holds is shown; the event's own
    ``text`` (the ending's ``explanation``) is the default."""

    when: Expr = Field(
        description="Condition on the state after the event's effects (for an ending: the"
        " state the game ends in)"
    )
    text: str


class Event(Entity):
    """Something that happens: a US response, domestic pressure, world news, a milestone."""

    id: Id
    title: str
    category: Literal["us", "domestic", "world", "media", "milestone"]
    posture: Literal["escalate", "threaten", "hold", "reward", "deal", "goalposts"] | None = None
    date: dt.date | None = None
    after: dt.date | None = Field(
        None, description="News of a period: fires only in a turn that ends after this date"
    )
    until: dt.date | None = Field(
        None, description="News of a period: fires only in a turn that starts by this date"
    )
    condition: Expr = True
    weight: NumExpr = 1.0
    once: bool = True
    cooldown: int = Field(0, ge=0, le=52)
    triggered_only: bool = Field(
        False, description="Fires only when scheduled by another event or action"
    )
    text: str
    variants: list[TextVariant] = Field(
        default_factory=list,
        max_length=12,
        description="Texts chosen by the state; the first whose 'when' holds, else 'text'",
    )
    effects: Effects = Field(default_factory=list)
    options: list[EventOption] = Field(default_factory=list, max_length=12)  # all read by a player
    source: str = ""

    @field_validator("after", "until")
    @classmethod
    def _window(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if value is None:
            return value
        if info.data.get("date") is not None:
            raise ValueError("a dated event fires on its date: give 'date' or a window, not both")
        after = info.data.get("after")
        if info.field_name == "until" and after is not None and after > value:
            raise ValueError(f"'after' ({after}) is later than 'until' ({value})")
        return value

    @field_validator("options")
    @classmethod
    def _one_default(cls, options: list[EventOption]) -> list[EventOption]:
        problems = []
        ids = [o.id for o in options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"option ids must be unique, repeated: {', '.join(dupes)}")
        defaults = [f"options[{i}]" for i, o in enumerate(options) if o.default]
        if len(defaults) > 1:
            problems.append(f"only one option may be the default, found {', '.join(defaults)}")
        if problems:
            raise ValueError("; ".join(problems))
        return options


class Grade(Entity):
    grade: str = Field(min_length=1, max_length=3)
    condition: Expr = True
    text: str = ""


class Ending(Entity):
    """How the game ends, with an explanation and a grade."""

    id: Id
    title: str
    when: Literal["any", "final"] = "any"
    priority: int = 0
    condition: Expr = True
    cusma_status: str
    explanation: str
    variants: list[TextVariant] = Field(
        default_factory=list,
        max_length=12,
        description="Explanations chosen by the state the game ends in; the first whose"
        " 'when' holds, else 'explanation'",
    )
    score: NumExpr | None = Field(
        None,
        description="The outcome score (0-100) when the game ends this way; the grade "
        "conditions read it as 'score'",
    )
    grades: list[Grade] = Field(min_length=1)


class AdvisorRead(Entity):
    bias: float = 0.0
    noise: float = Field(5.0, ge=0, le=50)


class Advisor(Entity):
    id: Id
    name: str
    role: str
    description: str = ""
    reads: dict[str, AdvisorRead] = Field(default_factory=dict)
    persistence: float = Field(
        0.0,
        ge=0,
        le=0.99,
        description="How much of last turn's error an advisor keeps in this turn's reading "
        "(0: a fresh error every turn); the error's spread stays each read's noise",
    )


class Reading(Entity):
    """How an advisor puts a hidden value into words: bands of a variable."""

    variable: str
    label: str
    bands: list[tuple[float, str]] = Field(min_length=1)
    margin: float = Field(
        0.0,
        ge=0,
        le=50,
        description="How far past a band's edge an estimate must go before an advisor changes "
        "the word they use (0: at the edge)",
    )
    note: str = Field(
        "",
        description="What the value measures and what moves it, told beside the true value "
        "when the game is over",
    )
    warn_bands: list[str] = Field(
        default_factory=list,
        description="The bands in which an advisor's reading comes with the 'warning' during "
        "the game (the President's patience: 'exhausted' and 'thin')",
    )
    warning: str = Field(
        "",
        description="Said beside an advisor's reading in one of 'warn_bands', while the game "
        "is played: what the value does to the game and what moves it",
    )

    @model_validator(mode="after")
    def _warning_bands(self) -> Reading:
        names = [name for _, name in self.bands]
        for band in self.warn_bands:
            if band not in names:
                raise ValueError(
                    f"warn_bands: '{band}' is not one of its bands ({', '.join(names)})"
                )
        if self.warn_bands and not self.warning.strip():
            raise ValueError("warn_bands needs a 'warning' to say in those bands")
        return self

    @field_validator("bands", mode="before")
    @classmethod
    def _pairs(cls, bands: object) -> object:
        """TOML writes a pair as an array: read it as the pair it is."""
        if isinstance(bands, list):
            return [tuple(b) if isinstance(b, list) else b for b in bands]
        return bands

    @field_validator("bands")
    @classmethod
    def _ascending(cls, bands: list[tuple[float, str]]) -> list[tuple[float, str]]:
        lows = [b[0] for b in bands]
        if lows != sorted(lows):
            raise ValueError("bands must be in ascending order of their lower bound")
        return bands


class GlossaryEntry(Entity):
    id: Id
    term: str
    text: str
    source: str = ""


class Posture(Entity):
    """A US posture: its utility (an expression) and what choosing it does by itself."""

    id: Literal["escalate", "threaten", "hold", "reward", "deal", "goalposts"]
    name: str
    description: str = ""
    utility: NumExpr
    effects: Effects = Field(default_factory=list)


class Reaction(Entity):
    """What taking an action with this tag does, beyond the action's own effects."""

    tag: str
    effects: Effects
    description: str = ""


class Variable(Entity):
    """A content-defined variable (a counter, a track) for events to read and change."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
    initial: float = 0.0
    min: float = 0.0
    max: float = 100.0
    description: str = ""


class Formula(Entity):
    """A named expression that other expressions use by its name (``[[formula]]``): the
    compiler puts the expression in place of the name, so a rule written once (the outcome
    score's measure of how the country stands, say) is changed in one place. It may use game
    variables and other formulas, never itself; an effect cannot set it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)
    expr: str = Field(min_length=1)
    description: str = ""


class Capital(Entity):
    per_turn: NumExpr = 3
    max: float = Field(6, ge=1, le=50)


class UsProfile(Entity):
    """Readable traits of the US president (0..1 unless noted)."""

    friendliness: float = Field(0.5, ge=0, le=1)
    imitation: float = Field(0.5, ge=0, le=1)
    vindictiveness: float = Field(
        4.0, ge=0.5, le=26, description="Turns an affront takes to fade by two-thirds"
    )
    ego: float = Field(0.5, ge=0, le=1)
    patience: float = Field(0.5, ge=0, le=1)
    hawks: float = Field(0.5, ge=0, le=1)
    unpredictability: float = Field(
        1.0, gt=0, le=10, description="Softmax temperature of the posture choice"
    )


class Scenario(Entity):
    id: Id
    title: str
    description: str
    start: dt.date
    end: dt.date
    turn_days: int = Field(14, ge=1, le=92)
    difficulty: Literal["introductory", "standard", "hard"] = "standard"
    memo_required: bool = False
    initial: dict[str, float] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)
    exclude_actions: list[Id] = Field(default_factory=list)
    exclude_events: list[Id] = Field(default_factory=list)
    exclude_endings: list[Id] = Field(default_factory=list)
    random_events_per_turn: int = Field(2, ge=0, le=10)
    every_turn: Effects = Field(
        default_factory=list, description="Effects applied each turn before the US moves"
    )
    capital: Capital = Capital.model_construct()  # not built at import
    us_profile: UsProfile = UsProfile.model_construct()
    overrides: dict[str, dict[str, dict[str, object]]] = Field(default_factory=dict)
    discussion: list[str] = Field(default_factory=list)
    source: str = ""

    @model_validator(mode="after")
    def _dates(self) -> Scenario:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must come after start ({self.start})")
        if (self.end - self.start).days > 3 * 365:
            raise ValueError("a scenario may last at most three years")
        return self

    @property
    def turns(self) -> int:
        days = (self.end - self.start).days
        return max(1, -(-days // self.turn_days))


# Top-level keys of a content file and the entity each holds.
KINDS: dict[str, type[Entity]] = {
    "scenario": Scenario,
    "sector": Sector,
    "group": Group,
    "action": Action,
    "event": Event,
    "ending": Ending,
    "advisor": Advisor,
    "reading": Reading,
    "glossary": GlossaryEntry,
    "posture": Posture,
    "reaction": Reaction,
    "variable": Variable,
    "formula": Formula,
}


def entity_models() -> dict[str, type[Entity]]:
    """Every content model by class name, nested ones included (``Capital``, ``Grade``...)."""
    found: dict[str, type[Entity]] = {}
    stack: list[type[Entity]] = [Entity]
    while stack:
        model = stack.pop()
        found[model.__name__] = model
        stack.extend(model.__subclasses__())
    return found
