"""Built-in strategies for headless play: small classes with a name, an idea and a plan().

A policy sees what a player sees, through a ``PlayerView``: the public values, the advisors'
estimates, the last US posture (announced in every briefing), the events waiting for an
answer and what actions cost now. ``plan()`` returns a ``Plan``: answers, and actions to try
in order; the ones that can be taken when their turn comes are taken, up to a limit.
``decide()`` turns a plan into a turn's ``Decision`` for one game; the batch engine takes
plans for thousands of games at once (``plan_many``), with the same result game by game.

A policy's randomness comes from its own stream, derived from the game's seed and moved to
the turn's block of it, so its choices never disturb the game's own generator, and a saved
game, or a game in a batch, continues exactly.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any, ClassVar, Protocol

import numpy as np

from diplomacy_game.engine.game import ActionPlanner, check_action, default_params, pending_events
from diplomacy_game.engine.numeric import seq_sum
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.engine.state import GameState
from diplomacy_game.model.decisions import ActionChoice, Decision

POLICY_STREAM = 0x5EED  # separates the policies' random streams from the game's


TURN_SPACING = 1 << 32  # draws reserved for a policy in one turn of its stream


@dataclass
class _Lookups:
    """What the policies derive from a ruleset on first use, kept while the ruleset lives."""

    actions: dict[tuple[str | None, str | None], list[str]] = field(default_factory=dict)
    candidates: dict[tuple[str, tuple[tuple[str, Any], ...]], tuple[str, dict[str, Any]]] = field(
        default_factory=dict
    )
    menu: ActionMenu | None = None


_LOOKUPS: weakref.WeakKeyDictionary[Ruleset, _Lookups] = weakref.WeakKeyDictionary()


def _lookups(ruleset: Ruleset) -> _Lookups:
    found = _LOOKUPS.get(ruleset)
    if found is None:
        found = _LOOKUPS[ruleset] = _Lookups()
    return found


def policy_rng(seed: int, turn: int) -> np.random.Generator:
    """The policy's generator for a turn: its own stream (from the game's seed), moved to the
    turn's block of it, so a resumed game and a batch of games draw exactly the same."""
    bit = np.random.PCG64(np.random.SeedSequence([seed, POLICY_STREAM]))
    bit.advance(turn * TURN_SPACING)
    return np.random.Generator(bit)


class PolicyStreams:
    """The policies' generators of many games at once, each reset to a turn's block in about
    a microsecond (``policy_rng`` builds one from scratch)."""

    def __init__(self, seeds: Iterable[int]):
        self._bits = [np.random.PCG64(np.random.SeedSequence([s, POLICY_STREAM])) for s in seeds]
        self._start = [bit.state for bit in self._bits]
        self._generators = [np.random.Generator(bit) for bit in self._bits]
        # Where each stream stands, in draws from its start, when this class drew last;
        # None once a generator was handed out (what its holder drew is not known).
        self._drawn: list[int | None] = [0] * len(self._bits)

    def at(self, game: int, turn: int) -> np.random.Generator:
        bit = self._bits[game]
        bit.state = self._start[game]
        bit.advance(turn * TURN_SPACING)
        self._drawn[game] = None
        return self._generators[game]

    def rows(self, games: Sequence[int], turn: int, counts: Sequence[int]) -> np.ndarray:
        """Row k: the first ``counts[k]`` numbers of ``at(games[k], turn).random(...)``
        (zeros after them), drawn without resetting each stream: it moves on from where it
        stands."""
        out = np.zeros((len(games), max(counts, default=0)))
        bits, generators, drawn = self._bits, self._generators, self._drawn
        target = turn * TURN_SPACING
        for k, (game, count) in enumerate(zip(games, counts, strict=True)):
            bit = bits[game]
            here = drawn[game]
            if here is None:
                bit.state = self._start[game]
                here = 0
            bit.advance(target - here)  # backwards too: the state wraps around
            generators[game].random(out=out[k, :count])
            drawn[game] = target + count
        return out


class TurnStreams(Sequence[np.random.Generator]):
    """The policy generators of some games at one turn (``rngs`` of ``plan_many``): each
    game's generator, or many rows of numbers at once (``random_rows``)."""

    def __init__(self, streams: PolicyStreams, games: Sequence[int], turn: int):
        self._streams = streams
        self._games = games
        self._turn = turn

    def __len__(self) -> int:
        return len(self._games)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self._streams.at(g, self._turn) for g in self._games[k]]
        return self._streams.at(self._games[k], self._turn)

    def random_rows(self, counts: Sequence[int]) -> np.ndarray:
        return self._streams.rows(self._games, self._turn, counts)


def random_rows(rngs: Sequence[np.random.Generator], counts: Sequence[int]) -> np.ndarray:
    """Row k: ``rngs[k].random(counts[k])``, then zeros (up to the longest row). Many games'
    streams (``TurnStreams``) draw them without handing out a generator per game."""
    bulk = getattr(rngs, "random_rows", None)
    if bulk is not None:
        return bulk(counts)
    out = np.zeros((len(rngs), max(counts, default=0)))
    for k, (rng, count) in enumerate(zip(rngs, counts, strict=True)):
        rng.random(out=out[k, :count])
    return out


@dataclass
class Plan:
    """What a policy wants this turn: answers, then actions to try in order (those that are
    legal and affordable when their turn comes are taken, up to ``limit``)."""

    answers: dict[str, str] = field(default_factory=dict)
    candidates: Sequence[tuple[str, dict[str, Any]]] = field(default_factory=list)
    limit: int = 10


class MenuPicks(Sequence[tuple[str, dict[str, Any]]]):
    """Candidates given as positions in the menu of every (action, parameters) choice: a
    sequence like any other, which the batch engine reads as one integer array."""

    def __init__(self, entries: list[tuple[str, dict[str, Any]]], indices: np.ndarray):
        self.entries = entries
        self.indices = indices

    def __len__(self) -> int:
        return len(self.indices)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self.entries[i] for i in self.indices[k].tolist()]
        return self.entries[int(self.indices[k])]


class PlayerView(Protocol):
    """What a player sees at the start of a turn; all a policy may look at."""

    turn: int  # the turn about to be played (1-based)
    posture: str  # the US posture announced in the last briefing

    def value(self, name: str) -> float: ...
    def past_postures(self) -> list[tuple[int, str]]: ...
    def estimates(self) -> dict[str, float]: ...
    def pending(self) -> list[dict[str, Any]]: ...
    def cost(self, action_id: str) -> float: ...
    def event_record(self, event_id: str) -> tuple[int, int]: ...
    def action_record(self, action_id: str) -> tuple[int, int]: ...


class StateView:
    """A player's view of one game state."""

    def __init__(self, ruleset: Ruleset, state: GameState):
        self.ruleset = ruleset
        self.state = state
        self.turn = state.turn + 1
        self.posture = state.posture
        self._pending: list[dict[str, Any]] | None = None

    def value(self, name: str) -> float:
        return self.state.values[name]

    def past_postures(self) -> list[tuple[int, str]]:
        return [(r["turn"], r["us_posture"]) for r in self.state.history]

    def estimates(self) -> dict[str, float]:
        return advisor_estimates(self.state)

    def pending(self) -> list[dict[str, Any]]:
        if self._pending is None:
            self._pending = pending_events(self.ruleset, self.state)
        return self._pending

    def cost(self, action_id: str) -> float:
        return check_action(self.ruleset, self.state, action_id, {})[0]

    def event_record(self, event_id: str) -> tuple[int, int]:
        """(times fired, the turn it last did): what ``fired()``/``turns_since()`` read."""
        return self.state.fired.get(event_id, (0, 0))

    def action_record(self, action_id: str) -> tuple[int, int]:
        return self.state.taken.get(action_id, (0, 0))


class Policy:
    name: ClassVar[str] = ""
    idea: ClassVar[str] = ""
    origin: ClassVar[str] = ""
    deterministic: ClassVar[bool] = True

    def decide(self, ruleset: Ruleset, state: GameState, rng: np.random.Generator) -> Decision:
        """This turn's decision: the plan, with the candidates that can be taken."""
        plan = self.plan(ruleset, StateView(ruleset, state), rng)
        actions = self.take_while_affordable(
            ruleset, state, plan.candidates, limit=plan.limit, answers=plan.answers
        )
        return Decision(actions=actions, answers=plan.answers)

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        raise NotImplementedError

    def plan_many(
        self,
        ruleset: Ruleset,
        views: Sequence[PlayerView],
        rngs: Sequence[np.random.Generator],
    ) -> list[Plan]:
        """Plans for many games at once (the batch engine's entry); the same as ``plan``
        game by game. A policy may override it to work over all the games together."""
        return [self.plan(ruleset, v, r) for v, r in zip(views, rngs, strict=True)]

    # Helpers shared by the strategies ------------------------------------------------------
    @staticmethod
    def answer_by_stance(
        ruleset: Ruleset, view: PlayerView, prefer: Iterable[str]
    ) -> dict[str, str]:
        order = list(prefer)
        answers = {}
        for event in view.pending():
            spec = ruleset.events[event["id"]].spec
            stance = {o.id: o.stance for o in spec.options}
            open_options = [o for o in event["options"] if o["available"]]
            for wanted in order:
                match = next((o for o in open_options if stance[o["id"]] == wanted), None)
                if match is not None:
                    answers[event["id"]] = match["id"]
                    break
        return answers

    @classmethod
    def respond(
        cls,
        ruleset: Ruleset,
        view: PlayerView,
        candidates: Iterable[tuple[str, dict[str, Any]]],
        stance: Iterable[str],
        limit: int = 10,
    ) -> Plan:
        """Answer the waiting events by stance, then try the candidates."""
        return Plan(cls.answer_by_stance(ruleset, view, stance), list(candidates), limit)

    @staticmethod
    def take_while_affordable(
        ruleset: Ruleset,
        state: GameState,
        candidates: Iterable[tuple[str, dict[str, Any]]],
        limit: int = 10,
        answers: dict[str, str] | None = None,
    ) -> list[ActionChoice]:
        """The candidates that can be taken, in order, each checked after the answers and the
        actions before it have taken effect."""
        planner = ActionPlanner(ruleset, state, answers)
        for action_id, params in candidates:
            if len(planner.chosen) >= limit:
                break
            planner.try_add(action_id, params)
        return planner.chosen


def _actions(ruleset: Ruleset, family: str | None = None, tag: str | None = None) -> list[str]:
    cache = _lookups(ruleset).actions
    key = (family, tag)
    if key not in cache:
        cache[key] = _find_actions(ruleset, family, tag)
    return cache[key]


def _tagged(ruleset: Ruleset, *tags: str) -> list[str]:
    """The actions with each tag, tag by tag (an action with two of the tags comes twice)."""
    return [a for tag in tags for a in _actions(ruleset, tag=tag)]


def _find_actions(ruleset: Ruleset, family: str | None, tag: str | None) -> list[str]:
    out = []
    for action_id, action in ruleset.actions.items():
        if family is not None and action.spec.family != family:
            continue
        if tag is not None and tag not in action.spec.tags:
            continue
        out.append(action_id)
    return out


def _cheapest_first(view: PlayerView, ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda a: (view.cost(a), a))


class Passive(Policy):
    name = "passive"
    idea = "Do nothing: take no action and give every event its default answer."
    origin = "The baseline: what waiting costs."

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        return Plan()


ESCALATIONS = ("escalate", "threaten", "goalposts")


class Hardline(Policy):
    name = "hardline"
    idea = "Match every US escalation with retaliation; otherwise shore up the sectors at home."
    origin = "'Elbows up': the public mood of spring 2025, and Ontario's electricity surcharge."

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        candidates: list[tuple[str, dict[str, Any]]] = []
        if view.posture in ESCALATIONS:
            for action_id in _actions(ruleset, family="retaliation"):
                candidates.extend(self._raise(ruleset, view, action_id))
        for action_id in _actions(ruleset, family="domestic"):
            candidates.append(candidate(ruleset, action_id))
        return self.respond(ruleset, view, candidates, ("firm", "neutral", "conciliatory"))

    @staticmethod
    def _raise(
        ruleset: Ruleset, view: PlayerView, action_id: str
    ) -> list[tuple[str, dict[str, Any]]]:
        """Parameter choices that raise the stakes: the highest level, the hardest-hit sector first."""
        spec = ruleset.actions[action_id].spec
        highest = {p.name: float(max(p.values)) for p in spec.params if p.kind == "number"}
        sector_params = [p for p in spec.params if p.kind == "sector"]
        if not sector_params:
            return [candidate(ruleset, action_id, **highest)]
        p = sector_params[0]
        ranked = sorted(p.choices, key=lambda s: (-view.value(f"sector.{s}.us_tariff"), s))
        return [candidate(ruleset, action_id, **highest, **{p.name: s}) for s in ranked]


class Appease(Policy):
    name = "appease"
    idea = "Concede what is asked, cheapest first, and flatter the President."
    origin = (
        "The 2025 rollbacks: the digital services tax (June) and most counter-tariffs (September)."
    )

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        ids = _cheapest_first(view, _actions(ruleset, family="concession"))
        ids += _actions(ruleset, tag="deference")
        candidates = [candidate(ruleset, a) for a in ids]
        return self.respond(ruleset, view, candidates, ("conciliatory", "neutral", "firm"))


class RandomPolicy(Policy):
    name = "random"
    idea = "Legal random choices: a random set of affordable actions with random parameters, random answers."
    origin = "The control group of every tournament since Axelrod's."
    deterministic = False
    SHARE = 0.35  # chance that an action is among the turn's candidates

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        return self.plan_many(ruleset, [view], [rng])[0]

    def plan_many(
        self,
        ruleset: Ruleset,
        views: Sequence[PlayerView],
        rngs: Sequence[np.random.Generator],
    ) -> list[Plan]:
        # Each game draws one block a turn: the order of the actions, which of them are
        # candidates, their parameters, then one number per event waiting for an answer.
        menu = action_menu(ruleset)
        count, width = len(menu.ids), menu.width
        size = count * (2 + width)
        many = getattr(views, "pending_lists", None)
        waiting = many() if many is not None else [view.pending() for view in views]
        block = random_rows(rngs, [size + len(w) for w in waiting])
        table = block[:, :size].reshape(len(waiting), 2 + width, count)
        order = np.argsort(table[:, 0], axis=1, kind="stable")
        picked = table[:, 1] < self.SHARE  # the k-th action in that order is a candidate
        draws = table[:, 2:].transpose(0, 2, 1)  # [games, actions, parameters]
        # Parameter j of an action takes value floor(u * number of values).
        chosen = np.minimum(menu.sizes - 1, (draws * menu.sizes).astype(np.int64))
        entry = menu.offsets + (chosen * menu.strides).sum(axis=2)
        ordered = np.take_along_axis(entry, order, axis=1)
        flat = ordered[picked]  # every game's candidates, game after game
        ends = np.cumsum(picked.sum(axis=1)).tolist()
        rest = block[:, size:].tolist() if block.shape[1] > size else []
        plans = []
        start = 0
        opened: dict[int, list[str]] = {}  # open options of each entry (entries are shared)
        entries = menu.entries
        for g, pending in enumerate(waiting):
            answers = {}
            if pending:
                for event, u in zip(pending, rest[g], strict=False):
                    ids = opened.get(id(event))
                    if ids is None:
                        ids = [o["id"] for o in event["options"] if o["available"]]
                        opened[id(event)] = ids
                    if ids:
                        answers[event["id"]] = ids[_index(u, len(ids))]
            end = ends[g]
            plans.append(Plan(answers, MenuPicks(entries, flat[start:end]), limit=3))
            start = end
        return plans


@dataclass(frozen=True)
class ActionMenu:
    """Every (action, parameters) choice of a ruleset, action by action, with the sizes and
    strides that turn one draw per parameter into a choice (what the random policy picks
    from)."""

    ids: list[str]
    entries: list[tuple[str, dict[str, Any]]]
    offsets: np.ndarray  # [actions]: where each action's choices start in entries
    sizes: np.ndarray  # [actions, most parameters]: values per parameter (1 where none)
    strides: np.ndarray
    width: int


def action_menu(ruleset: Ruleset) -> ActionMenu:
    lookups = _lookups(ruleset)
    menu = lookups.menu
    if menu is None:
        ids = list(ruleset.actions)
        width = max((len(ruleset.actions[a].spec.params) for a in ids), default=0)
        sizes = np.ones((len(ids), width), dtype=np.int64)
        strides = np.zeros((len(ids), width), dtype=np.int64)
        offsets = np.zeros(len(ids), dtype=np.int64)
        entries: list[tuple[str, dict[str, Any]]] = []
        for a, action_id in enumerate(ids):
            params = ruleset.actions[action_id].spec.params
            values = [
                [float(v) for v in p.values] if p.kind == "number" else list(p.choices)
                for p in params
            ]
            stride = 1
            for j in reversed(range(len(values))):
                sizes[a, j] = len(values[j])
                strides[a, j] = stride
                stride *= len(values[j])
            offsets[a] = len(entries)
            names = [p.name for p in params]
            entries.extend(
                (action_id, dict(zip(names, pick, strict=True))) for pick in product(*values)
            )
        menu = ActionMenu(ids, entries, offsets, sizes, strides, width)
        lookups.menu = menu
    return menu


def _index(u: float, n: int) -> int:
    """A uniform draw in [0, 1) as an index below n."""
    return min(n - 1, int(u * n))


class TitForTat(Policy):
    name = "tit-for-tat"
    idea = "Mirror the last US move: retaliate after an escalation, reach out after a reward, hold otherwise."
    origin = "Anatol Rapoport's winning entry in Axelrod's 1980 tournaments."

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        hostile = view.posture in ESCALATIONS
        candidates: list[tuple[str, dict[str, Any]]] = []
        if hostile:
            # the hardest-hit sector first; once its counter-tariff is at the top, the next
            # (one counter-tariff a turn: the rest are refused as the same action)
            candidates.extend(
                Hardline._raise(ruleset, view, "counter_tariff")
                if "counter_tariff" in ruleset.actions
                else []
            )
        elif view.posture in ("reward", "deal"):
            candidates.extend(candidate(ruleset, a) for a in _tagged(ruleset, "talks", "private"))
        stance = (
            ("firm", "neutral", "conciliatory") if hostile else ("conciliatory", "neutral", "firm")
        )
        return self.respond(ruleset, view, candidates, stance, limit=2)


class Steady(Policy):
    name = "steady"
    idea = (
        "Keep talking, quietly: push the technical talks, work Washington's own interests, "
        "shield the workers and sectors at home, answer escalation with a measured counter-tariff, "
        "and concede nothing that angers the home front."
    )
    origin = "The course the government's advisors argued for in autumn 2025: firm, patient, busy at home."

    PRIORITY = (
        "talks",
        "lobbying",
        "worker_support",
        "sector_support",
        "private",
        "diversify",
        "internal_trade",
    )

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        candidates: list[tuple[str, dict[str, Any]]] = []
        if view.posture == "escalate" and "counter_tariff" in ruleset.actions:
            raised = Hardline._raise(ruleset, view, "counter_tariff")
            candidates.extend((a, {**p, "level": 25.0}) for a, p in raised[:2])
        for action_id in _tagged(ruleset, *self.PRIORITY):
            spec = ruleset.actions[action_id].spec
            if "concession" in spec.tags or "public_affront" in spec.tags:
                continue
            candidates.append(self._params(ruleset, view, action_id))
        return self.respond(ruleset, view, candidates, ("neutral", "conciliatory", "firm"), limit=3)

    @staticmethod
    def _params(ruleset: Ruleset, view: PlayerView, action_id: str) -> tuple[str, dict[str, Any]]:
        """The action, with the sector that has lost the most jobs for a sector choice."""
        spec = ruleset.actions[action_id].spec
        sector = next((p for p in spec.params if p.kind == "sector"), None)
        if sector is None:
            return candidate(ruleset, action_id)
        lost = jobs_lost(ruleset, view)
        pick = max(sector.choices, key=lambda s: (lost[s], s))
        return candidate(ruleset, action_id, **{sector.name: pick})


def jobs_lost(ruleset: Ruleset, view: PlayerView) -> dict[str, float]:
    """Jobs lost per sector since the no-tariff path (what the sector briefings show)."""
    return {s.id: s.jobs - view.value(f"sector.{s.id}.jobs") for s in ruleset.sectors}


def candidate(ruleset: Ruleset, action_id: str, **params: Any) -> tuple[str, dict[str, Any]]:
    """An action with its default parameters, changed by ``params``. The same tuple object
    comes back for the same choice, so the batch engine resolves it once; never modify it."""
    cache = _lookups(ruleset).candidates
    key = (action_id, tuple(sorted(params.items())))
    out = cache.get(key)
    if out is None:
        out = cache[key] = (action_id, {**default_params(ruleset, action_id), **params})
    return out


def _seen_posture(view: PlayerView, postures: Iterable[str]) -> bool:
    wanted = set(postures)
    return view.posture in wanted or any(p in wanted for _, p in view.past_postures())


class GenerousTitForTat(TitForTat):
    name = "generous-tit-for-tat"
    idea = "Mirror the last US move, but let an escalation go unanswered one time in three."
    origin = "Nowak and Sigmund (1992): generosity beats plain tit-for-tat when moves are misread."
    deterministic = False
    FORGIVENESS = 1 / 3

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        if view.posture in ESCALATIONS and rng.random() < self.FORGIVENESS:
            answers = self.answer_by_stance(ruleset, view, ("neutral", "conciliatory", "firm"))
            candidates = [candidate(ruleset, a) for a in _actions(ruleset, tag="talks")]
            return Plan(answers, candidates, limit=1)
        return super().plan(ruleset, view, rng)


class Grim(Policy):
    name = "grim"
    idea = "Cooperate until the first US escalation, then retaliate every turn for the rest of the game."
    origin = "The 'grim trigger' of repeated-game theory (Friedman, 1971)."

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        if _seen_posture(view, ("escalate",)):
            candidates: list[tuple[str, dict[str, Any]]] = []
            for action_id in _actions(ruleset, family="retaliation"):
                candidates.extend(Hardline._raise(ruleset, view, action_id))
            return self.respond(
                ruleset, view, candidates, ("firm", "neutral", "conciliatory"), limit=2
            )
        candidates = [candidate(ruleset, a) for a in _tagged(ruleset, "talks", "private")]
        return self.respond(ruleset, view, candidates, ("conciliatory", "neutral", "firm"), limit=2)


class FlatterThenFirm(Policy):
    name = "flatter-then-firm"
    idea = "Flatter and engage the President; once he moves the goalposts or escalates anyway, turn firm."
    origin = (
        "The 2025 sequence: deference in the Oval Office, then 'elbows up' when it bought nothing."
    )

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        betrayed = any(
            posture in ("goalposts", "escalate") and turn > 2
            for turn, posture in view.past_postures()
        )
        if betrayed:
            candidates: list[tuple[str, dict[str, Any]]] = []
            if view.posture in ESCALATIONS and "counter_tariff" in ruleset.actions:
                candidates.extend(Hardline._raise(ruleset, view, "counter_tariff")[:1])
            shield = _tagged(ruleset, "worker_support", "sector_support", "talks", "lobbying")
            candidates.extend(Steady._params(ruleset, view, a) for a in shield)
            stance = ("firm", "neutral", "conciliatory")
        else:
            candidates = [
                candidate(ruleset, a) for a in _tagged(ruleset, "deference", "private", "talks")
            ]
            stance = ("conciliatory", "neutral", "firm")
        return self.respond(ruleset, view, candidates, stance, limit=3)


class Diversify(Policy):
    name = "diversify"
    idea = "Spend on other markets and on resilience at home; leave Washington to its own devices."
    origin = (
        "The trade-diversification push of 2025: Europe, Asia, internal trade and major projects."
    )

    TAGS = (
        "diversify",
        "internal_trade",
        "major_projects",
        "worker_support",
        "sector_support",
        "buy_canadian",
    )

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        candidates = [Steady._params(ruleset, view, a) for a in _tagged(ruleset, *self.TAGS)]
        return self.respond(ruleset, view, candidates, ("neutral", "firm", "conciliatory"), limit=3)


class Advisor(Policy):
    name = "advisor"
    idea = (
        "Do what the advisors' readings suggest: push the talks when they move, give the President "
        "a win when he needs one, calm things when grievances run high, shield jobs otherwise."
    )
    origin = (
        "A cabinet that follows its briefing notes: only the advisors' estimates, never the truth."
    )

    def plan(self, ruleset: Ruleset, view: PlayerView, rng: np.random.Generator) -> Plan:
        estimate = view.estimates()
        wanted: list[str] = []
        if estimate.get("us.affront", 0) >= 35 or estimate.get("us.rapport", 50) < 40:
            wanted += ["private", "deference"]
        if estimate.get("us.need_win", 0) >= 55:
            wanted += ["deference", "energy_offer"]
        if estimate.get("talks.progress", 0) >= 40:
            wanted += ["talks"]
        if estimate.get("us.pressure", 0) >= 40:
            wanted += ["lobbying"]
        wanted += ["talks", "worker_support", "sector_support", "lobbying"]
        candidates = [
            Steady._params(ruleset, view, a)
            for a in _tagged(ruleset, *wanted)
            if "public_affront" not in ruleset.actions[a].spec.tags
        ]
        return self.respond(ruleset, view, candidates, ("neutral", "conciliatory", "firm"), limit=3)


def advisor_estimates(state: GameState) -> dict[str, float]:
    """The mean of the advisors' latest estimates of each variable they read."""
    sums: dict[str, list[float]] = {}
    for reading in state.readings:
        sums.setdefault(reading["variable"], []).append(float(reading["estimate"]))
    return {name: seq_sum(v) / len(v) for name, v in sums.items()}


REGISTRY: dict[str, Callable[[], Policy]] = {
    cls.name: cls
    for cls in (
        Passive,
        Hardline,
        Appease,
        RandomPolicy,
        TitForTat,
        GenerousTitForTat,
        Grim,
        FlatterThenFirm,
        Diversify,
        Advisor,
        Steady,
    )
}


def get_policy(name: str) -> Policy:
    factory = REGISTRY.get(name)
    if factory is None:
        raise KeyError(name)
    return factory()
