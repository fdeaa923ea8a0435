"""Strategies written as rules in TOML, no Python needed: read, checked and played here.

The format, a worked example and every name a rule may read are in ``docs/strategies.md``
(a test runs that example). A strategy sees what a player sees; hidden values are refused
when the file is loaded, with the advisors' estimate (``advice.NAME``) suggested instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from diplomacy_game.content.issues import Issue, at_line
from diplomacy_game.content.loader import _pydantic_issues, parse_toml
from diplomacy_game.engine.expr import Compiled, ExprError, Namespace, compile_condition, suggest
from diplomacy_game.engine.game import default_params
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.variables import CORE
from diplomacy_game.safe_read import FileProblem, read_limited
from diplomacy_game.sim.policies import Plan, PlayerView, Policy

MAX_RULES = 100
MAX_FILE_BYTES = 1_000_000


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    action: str
    params: dict[str, str | float] = Field(default_factory=dict)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    when: str | bool = True
    do: list[Step] = Field(default_factory=list)
    stop: bool = False
    note: str = ""


class Header(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=60)
    description: str = ""
    author: str = ""
    answers: Literal["firm", "conciliatory", "neutral"] = "neutral"


class StrategyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    strategy: Header
    rule: list[Rule] = Field(default_factory=list, max_length=MAX_RULES)


class StrategyError(Exception):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


def visible_names(ruleset: Ruleset) -> list[str]:
    """What a player sees: every variable that is not hidden, plus the advisors' estimates."""
    names = [
        name
        for name, spec in ruleset.variables.items()
        if not spec.hidden and not name.startswith("profile.")
    ]
    names.remove("talks.progress")
    names += [f"advice.{var}" for var in sorted({v for a in ruleset.advisors for v in a.reads})]
    return names


class _Visible(Mapping[str, float]):
    """The values a strategy's rules read: public values, and ``advice.NAME`` for the
    advisors' mean estimate (50 for a value no advisor reads). The names a rule may use are
    checked when the file is loaded; hidden values are not among them."""

    def __init__(self, view: PlayerView):
        self._view = view
        self._advice: dict[str, float] | None = None

    def __getitem__(self, name: str) -> float:
        if name.startswith("advice."):
            if self._advice is None:
                self._advice = self._view.estimates()
            return self._advice.get(name[len("advice.") :], 50.0)
        return self._view.value(name)

    def __iter__(self) -> Iterator[str]:  # pragma: no cover - rules only look names up
        return iter(())

    def __len__(self) -> int:  # pragma: no cover
        return 0


class _RuleContext:
    """The evaluation context of a strategy's rules: what a player sees, and the policy's own
    generator for ``chance()``."""

    def __init__(self, view: PlayerView, rng: np.random.Generator):
        self.values = _Visible(view)
        self.params: dict[str, float] = {}
        self.flags: dict[str, bool] = {}
        self.current_turn = view.turn
        self._view = view
        self._rng = rng

    def chance(self, p: float) -> bool:
        return bool(self._rng.random() < p)

    def uniform(self, lo: float, hi: float) -> float:
        return float(self._rng.uniform(lo, hi)) if hi > lo else float(lo)

    def event_record(self, event_id: str) -> tuple[int, int]:
        return self._view.event_record(event_id)

    def action_record(self, action_id: str) -> tuple[int, int]:
        return self._view.action_record(action_id)

    def posture_is(self, posture: str) -> bool:
        return self._view.posture == posture

    def schedule(
        self, event_id: str, turns: int
    ) -> None:  # pragma: no cover - not reachable from conditions
        raise ExprError("strategies cannot schedule events")

    def clamp_value(self, name: str, value: float) -> float:  # pragma: no cover
        return value


@dataclass
class _CompiledRule:
    when: Compiled
    steps: list[tuple[str, dict[str, Any]]]
    stop: bool


class RuleStrategy(Policy):
    """A strategy read from a TOML file of rules."""

    deterministic: ClassVar[bool] = True

    def __init__(self, header: Header, rules: list[_CompiledRule], path: str, uses_chance: bool):
        self.name = header.name  # type: ignore[misc]
        self.idea = header.description  # type: ignore[misc]
        self.origin = f"{header.author or 'a student'} ({Path(path).name})"  # type: ignore[misc]
        self.deterministic = not uses_chance  # type: ignore[misc]
        self.answers = header.answers
        self.rules = rules
        self.path = path

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        context = _RuleContext(view, rng)
        candidates: list[tuple[str, dict[str, Any]]] = []
        for rule in self.rules:
            if rule.when.fn(context):
                candidates.extend(rule.steps)
                if rule.stop:
                    break
        prefer = {
            "firm": ("firm", "neutral", "conciliatory"),
            "conciliatory": ("conciliatory", "neutral", "firm"),
        }
        order = prefer.get(self.answers, ("neutral", "conciliatory", "firm"))
        return self.respond(ruleset, view, candidates, order)


def load_strategy(path: Path | str, ruleset: Ruleset) -> RuleStrategy:
    """Read and check a strategy file; StrategyError lists every problem found."""
    path = Path(path)
    label = path.name
    try:
        raw = read_limited(path, MAX_FILE_BYTES, "strategy file")
    except FileProblem as exc:
        raise StrategyError([Issue(label, "", "", exc.problem)]) from None
    try:
        return _checked(path, raw, ruleset)
    except StrategyError as exc:  # each problem at its line, as content problems are
        text = raw.decode("utf-8-sig", errors="replace")
        raise StrategyError([at_line(issue, text) for issue in exc.issues]) from None


def _checked(path: Path, raw: bytes, ruleset: Ruleset) -> RuleStrategy:
    label = path.name
    try:
        data = parse_toml(raw)
    except ValueError as exc:
        raise StrategyError([Issue(label, "", "", str(exc))]) from None
    try:
        spec = StrategyFile.model_validate(data)
    except RecursionError:
        raise StrategyError([Issue(label, "", "", "values nested too deeply")]) from None
    except ValidationError as exc:
        issues = []
        for issue in _pydantic_issues(label, "strategy", StrategyFile, exc):  # type: ignore[arg-type]
            entry = issue.field.split(".")[0] if issue.field.startswith("rule[") else "strategy"
            # the field within its entry ("rule[0]: when", not "rule[0]: rule[0].when")
            field = issue.field.removeprefix(f"{entry}.")
            issues.append(Issue(label, entry, field, issue.message))
        raise StrategyError(issues) from None
    names = visible_names(ruleset)
    hidden = [v.name for v in CORE if v.hidden] + ["talks.progress"]
    ns = Namespace(
        variables=names,
        ids={
            "event": list(ruleset.events),
            "action": list(ruleset.actions),
            "posture": ["escalate", "threaten", "hold", "reward", "deal", "goalposts"],
        },
    )
    issues: list[Issue] = []
    rules: list[_CompiledRule] = []
    uses_chance = False
    for index, rule in enumerate(spec.rule):
        entry = f"rule[{index}]"
        try:
            when = compile_condition(rule.when, ns)
            uses_chance = uses_chance or when.random
        except ExprError as exc:
            message = str(exc)
            for name in hidden:
                if f"'{name}'" in message:
                    message = f"'{name}' is hidden from players; use 'advice.{name}', the advisors' estimate"
            issues.append(Issue(label, entry, "when", message))
            when = None
        steps = []
        for k, step in enumerate(rule.do):
            action = ruleset.actions.get(step.action)
            if action is None:
                issues.append(
                    Issue(
                        label,
                        entry,
                        f"do[{k}].action",
                        f"unknown action '{step.action}'{suggest(step.action, ruleset.actions)}",
                    )
                )
                continue
            declared = {p.name: p for p in action.spec.params}
            for pname, value in step.params.items():
                p = declared.get(pname)
                if p is None:
                    issues.append(
                        Issue(
                            label,
                            entry,
                            f"do[{k}].params.{pname}",
                            f"'{step.action}' has no parameter '{pname}'{suggest(pname, declared)}",
                        )
                    )
                elif p.kind == "number" and (
                    isinstance(value, str) or float(value) not in [float(v) for v in p.values]
                ):
                    issues.append(
                        Issue(
                            label,
                            entry,
                            f"do[{k}].params.{pname}",
                            f"must be one of {', '.join(f'{v:g}' for v in p.values)}",
                        )
                    )
                elif p.kind != "number" and value not in p.choices:
                    issues.append(
                        Issue(
                            label,
                            entry,
                            f"do[{k}].params.{pname}",
                            f"must be one of {', '.join(p.choices)}{suggest(str(value), p.choices)}",
                        )
                    )
            params = {
                **default_params(ruleset, step.action),
                **{
                    k2: (float(v) if not isinstance(v, str) else v) for k2, v in step.params.items()
                },
            }
            steps.append((step.action, params))
        if when is not None:
            rules.append(_CompiledRule(when, steps, rule.stop))
    if not spec.rule:
        issues.append(
            Issue(label, "strategy", "rule", "the strategy has no [[rule]]; add at least one")
        )
    if issues:
        raise StrategyError(issues)
    return RuleStrategy(spec.strategy, rules, str(path), uses_chance)


_LOADED: dict[tuple[str, int], RuleStrategy] = {}


def resolve_policy(spec: str, ruleset: Ruleset) -> Policy:
    """A built-in policy by name, or a strategy file by path (anything ending in .toml)."""
    from diplomacy_game.sim.policies import REGISTRY, get_policy

    if spec in REGISTRY:
        return get_policy(spec)
    if spec.endswith(".toml") or Path(spec).is_file():
        key = (spec, id(ruleset))
        if key not in _LOADED:
            _LOADED[key] = load_strategy(spec, ruleset)
        return _LOADED[key]
    raise KeyError(spec)
