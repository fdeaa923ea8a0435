"""Many games at once: the turn of ``engine/turn.py`` over numpy arrays of games.

A batch holds N games of one scenario that advance in step (a finished game stays as it
ended). Values live in one array (variables x games), content expressions run through their
vector form (``engine/vexpr.py``) under a mask of the games concerned, and every game keeps
its own generator: a draw is made for a game exactly when the single-game engine would make
it, in the same order. The result is the single-game engine's game, bit for bit, and the
test suite compares them game by game (``tests/engine/test_batch.py``).

What stays per game, in plain Python lists: the events waiting for an answer, follow-ups
and delayed effects, and the logs of events and actions. The turn's order is the one
documented in ``engine/turn.py``; each step below names its number there. The rules of each
step are the single-game engine's own functions (the events phase is ``events.run_news`` and
``events.run_rest`` over ``_Phase``; answers ``turn.option_chosen``; delayed effects
``turn.delayed_effect``): what is written here is how many games hold their values, masks and
lists.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from diplomacy_game.engine import advisors, domestic, endings, events, us_model
from diplomacy_game.engine.batch.arith import MANY_GAMES
from diplomacy_game.engine.economy import SCALAR_INPUTS, SECTOR_INPUTS, SECTOR_OUTPUTS
from diplomacy_game.engine.events import (
    MAX_EVENTS_PER_TURN,
    cooling_down,
    split_due,
    used_up,
)
from diplomacy_game.engine.game import MAX_SEED, default_params
from diplomacy_game.engine.numeric import ONE_GAME, first_holding, pmax, seq_sum
from diplomacy_game.engine.state import new_generator
from diplomacy_game.engine.turn import (
    action_cost,
    apply_action,
    check_waiting,
    delayed_effect,
    option_chosen,
    options_open,
    over_budget,
    play_steps,
    resolve_params,
    turn_window,
    variant_key,
    waiting_entry,
)
from diplomacy_game.engine.vexpr import vector
from diplomacy_game.model.content import POSTURES
from diplomacy_game.model.decisions import ActionChoice, DecisionError

if TYPE_CHECKING:
    from diplomacy_game.engine.language import Compiled
    from diplomacy_game.engine.rules import CompiledAction, CompiledEvent, Ruleset

Mask = np.ndarray
NEVER = np.iinfo(np.int64).max  # the turn of nothing due


def _truth(x: Any, n: int) -> np.ndarray:
    """Python's truth of a condition's value, per game (NaN is true, as in Python)."""
    arr = np.asarray(x)
    if arr.shape != (n,):
        arr = np.broadcast_to(arr, (n,))
    return arr if arr.dtype == bool else arr != 0


class _NotStatic(Exception):
    pass


class _ChoiceOnly:
    """A context holding an action's parameters and nothing of the game: a cost that can be
    evaluated in it depends on the choice alone."""

    def __init__(self, params: dict[str, Any]):
        self.params = {k: float(v) for k, v in params.items() if isinstance(v, int | float)}

    def __getattr__(self, name: str) -> Any:
        raise _NotStatic(name)


def _static_cost(cost: Compiled, params: dict[str, Any]) -> float:
    """The cost ``turn.action_status`` computes, when it depends on the choice alone; NaN when
    it depends on the game."""
    try:
        return action_cost(float(cost.fn(_ChoiceOnly(params))), ONE_GAME)
    except (_NotStatic, KeyError, TypeError, ValueError):
        return float("nan")


def _number(x: Any, n: int) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    return arr if arr.shape == (n,) else np.broadcast_to(arr, (n,))


def _chance(gens: list[Any], games: Any, p: np.ndarray, mask: Mask) -> np.ndarray:
    """``chance(p)`` at each masked position j, drawn from game ``games[j]``'s generator."""
    out = np.zeros(len(p), dtype=bool)
    at = np.flatnonzero(mask)
    who = at if isinstance(games, range) else np.asarray(games)[at]
    draws = np.fromiter((gens[i].random() for i in who.tolist()), float, len(at))
    out[at] = draws < p[at]
    return out


def _uniform(gens: list[Any], games: Any, lo: np.ndarray, hi: np.ndarray, mask: Mask) -> np.ndarray:
    """``uniform(lo, hi)`` at each masked position j (``lo`` where ``hi <= lo``: no draw)."""
    out = lo.astype(float).copy()
    for j in np.flatnonzero(mask).tolist():
        if hi[j] > lo[j]:
            out[j] = float(gens[games[j]].uniform(lo[j], hi[j]))
    return out


class TurnPlan(Protocol):
    """What one game does this turn (``sim.policies.Plan`` is one): answers to the events
    waiting, and actions to try in order, up to ``limit`` taken."""

    answers: dict[str, str]
    candidates: Sequence[tuple[str, dict[str, Any]]]
    limit: int


class BatchGames:
    """N games of one ruleset played in step. Also the context content expressions see."""

    def __init__(self, ruleset: Ruleset, seeds: Sequence[int], logs: bool = True):
        """``logs``: keep each game's events and actions in order (``events_log``,
        ``actions_log``); the counts in ``fired_count`` and ``taken_count`` are kept anyway."""
        rs = ruleset
        self.logs = logs
        self.ruleset = rs
        self.seeds = [int(s) for s in seeds]
        self.n = n = len(self.seeds)
        for seed in self.seeds:
            if not 0 <= seed <= MAX_SEED:
                raise ValueError(f"the seed must be a whole number from 0 to {MAX_SEED}")
        sc = rs.scenario
        # Every game opens on the same values (``game.new_game``); only the draws differ.
        opening = {k: float(v) for k, v in rs.initial_values.items()}
        rs.economy.settle(opening)
        self.names = list(opening)
        self.index = {name: k for k, name in enumerate(self.names)}
        self.vals = np.repeat(np.array(list(opening.values()))[:, None], n, axis=1)
        self.gens = [new_generator(seed) for seed in self.seeds]
        self._random = [gen.random for gen in self.gens]  # each game's random(), bound once
        self._bounds = {
            name: (float(spec.lo), float(spec.hi)) for name, spec in rs.variables.items()
        }
        self.last_turn = sc.turns
        self.start = sc.start
        self.turn_days = sc.turn_days
        self.turn = 0  # turns played
        self.current_turn = 1  # the turn being resolved
        self.alive = np.ones(n, dtype=bool)
        self._flags: dict[str, np.ndarray] = {name: np.full(n, True) for name in sc.flags}
        self.event_ids = list(rs.events)
        self.event_row = {eid: k for k, eid in enumerate(self.event_ids)}
        self.fired_count = np.zeros((len(self.event_ids), n))
        self.fired_last = np.zeros((len(self.event_ids), n))
        self.action_ids = list(rs.actions)
        self.action_row = {aid: k for k, aid in enumerate(self.action_ids)}
        self.taken_count = np.zeros((len(self.action_ids), n))
        self.taken_last = np.zeros((len(self.action_ids), n))
        self.posture = np.full(n, -1)
        self.pending: list[list[str]] = [[] for _ in range(n)]
        self.scheduled: list[list[list[Any]]] = [[] for _ in range(n)]
        # The first turn each game has a follow-up or a delayed effect due (NEVER: none), so
        # that only the games with one due are looked at.
        self._scheduled_due = np.full(n, NEVER)
        self._delayed_due = np.full(n, NEVER)
        self.delayed: list[list[tuple[int, str, tuple[str, ...], int, dict[str, float]]]] = [
            [] for _ in range(n)
        ]
        self.due_now: dict[int, list[str]] = {}  # per game, follow-ups due at once
        self._due_games: set[int] = set()
        self.events_log: list[list[str]] = [[] for _ in range(n)]
        self.actions_log: list[list[str]] = [[] for _ in range(n)]
        self.posture_log: list[list[tuple[int, str]]] = [[] for _ in range(n)]
        self.endings: list[tuple[str, str] | None] = [None] * n
        self.ended_turn = np.zeros(n, dtype=int)
        self.params: dict[str, np.ndarray] = {}
        self._turn_fired = np.zeros(n, dtype=int)
        self._sector_rows = {
            fld: [self.index[f"sector.{sid}.{fld}"] for sid in rs.economy.ids]
            for fld in (*SECTOR_INPUTS, *SECTOR_OUTPUTS)
        }
        self._resolved: dict[Any, tuple[int, dict[str, Any], float] | None] = {}
        self._variants: list[tuple[str, tuple[str, ...]]] = []  # (action, variant) by number
        self._variant_numbers: dict[tuple[str, tuple[str, ...]], int] = {}
        self._menus: dict[int, Any] = {}
        self._pushes: dict[str, list[tuple[str, float]]] = {}
        self._pending_entries: dict[tuple[str, int], dict[str, Any]] = {}
        self._numbers: dict[int, list[str]] = {}  # numeric parameters of each variant
        self._blocked_cache: dict[str, np.ndarray] = {}
        # Advisors: the single-game engine's reads in its order, and each noisy read's error
        # in every game, carried from turn to turn as advisors.read_all carries it.
        self._reads, noisy = advisors.plan(rs)
        self._errors: list[np.ndarray | None] = [None] * noisy  # None: no reading yet
        self.estimates = {read.variable: np.zeros(n) for read in self._reads}
        self._option_open: dict[str, list[int]] = {}
        self._costs: dict[str, np.ndarray] = {}
        # The opening capital and the advisors' first readings, as new_game makes them.
        everyone = np.ones(n, dtype=bool)
        per_turn = self._num(rs.capital_per_turn, everyone)
        capital = self.vals[self.index["capital"]]
        self.vals[self.index["capital"]] = domestic.opening_capital(
            rs, capital, per_turn, MANY_GAMES
        )
        self._read_advisors(everyone)

    # --- the context content expressions see (engine/vexpr.py) ----------------------------
    def col(self, name: str) -> np.ndarray:
        return self.vals[self.index[name]]

    def assign(self, name: str, value: np.ndarray, mask: Mask) -> None:
        """Store a new value for the masked games, clamped as ``state.clamp_to`` does."""
        row = self.vals[self.index[name]]
        np.copyto(row, self._clamp(name, _number(value, self.n), row), where=mask)

    def _clamp(self, name: str, value: np.ndarray, old: np.ndarray) -> np.ndarray:
        bounds = self._bounds.get(name)
        if bounds is None:
            return np.where(np.isfinite(value), value, old)
        # NaN stays NaN through maximum/minimum; a NaN keeps the old value.
        new = np.minimum(np.maximum(value, bounds[0]), bounds[1])
        if math.isnan(np.add.reduce(new)):  # a NaN among them (or a false alarm: inf - inf)
            new = np.where(np.isnan(new), old, new)
        return new

    def flag(self, name: str) -> np.ndarray:
        return self._flags.get(name, np.zeros(self.n, dtype=bool))

    def set_flag(self, name: str, mask: Mask) -> None:
        self._flags.setdefault(name, np.zeros(self.n, dtype=bool))[mask] = True

    def clear_flag(self, name: str, mask: Mask) -> None:
        if name in self._flags:
            self._flags[name][mask] = False

    def event_record(self, event_id: str) -> tuple[np.ndarray, np.ndarray]:
        k = self.event_row[event_id]
        return self.fired_count[k], self.fired_last[k]

    def action_record(self, action_id: str) -> tuple[np.ndarray, np.ndarray]:
        k = self.action_row[action_id]
        return self.taken_count[k], self.taken_last[k]

    def posture_is(self, posture: str) -> np.ndarray:
        return self.posture == POSTURES.index(posture)

    def chance(self, p: np.ndarray, mask: Mask) -> np.ndarray:
        return _chance(self.gens, range(self.n), _number(p, self.n), mask)

    def uniform(self, lo: np.ndarray, hi: np.ndarray, mask: Mask) -> np.ndarray:
        return _uniform(self.gens, range(self.n), _number(lo, self.n), _number(hi, self.n), mask)

    def schedule(self, event_id: str, turns: np.ndarray, mask: Mask) -> None:
        games = np.flatnonzero(mask)
        delays = np.broadcast_to(np.asarray(turns), (self.n,))[games].astype(np.int64)
        for i, delay in zip(games.tolist(), delays.tolist(), strict=True):
            if delay <= 0:
                self.due_now.setdefault(i, []).append(event_id)
                self._due_games.add(i)
            else:
                self.scheduled[i].append([self.current_turn + delay, event_id])
        later = delays > 0
        if later.any():
            due, when = self._scheduled_due, self.current_turn + delays[later]
            due[games[later]] = np.minimum(due[games[later]], when)

    # --- helpers ---------------------------------------------------------------------------
    def _mask(self, games: Sequence[int] | np.ndarray) -> Mask:
        mask = np.zeros(self.n, dtype=bool)
        mask[np.asarray(games, dtype=np.intp)] = True
        return mask

    def _cond(self, compiled: Compiled, mask: Mask) -> np.ndarray:
        return _truth(vector(compiled)(self, mask), self.n)

    def _num(self, compiled: Compiled, mask: Mask) -> np.ndarray:
        return _number(vector(compiled)(self, mask), self.n)

    def _run(self, compiled: Compiled | None, mask: Mask) -> None:
        """Run effects for the masked games (alone, when they are few)."""
        if compiled is None:
            return
        games = np.flatnonzero(mask)
        if not len(games):
            return
        if len(games) * 4 < self.n:
            params = {k: v[games] for k, v in self.params.items()}
            sub = _Subset(self, games, params)
            vector(compiled)(sub, np.ones(len(games), dtype=bool))
            sub.flush()
        else:
            vector(compiled)(self, mask)

    def _params_for(self, members: list[int], params: list[dict[str, Any]]) -> None:
        """Set the per-game parameter arrays (numbers only, as ``with_params`` keeps)."""
        self.params = {}
        for i, p in zip(members, params, strict=True):
            for name, value in p.items():
                if isinstance(value, int | float):
                    self.params.setdefault(name, np.zeros(self.n))[i] = float(value)

    # --- what a policy sees at the start of a turn -----------------------------------------
    def begin_turn(self) -> None:
        """Work out what the players see before they decide: the options open on the events
        waiting for an answer (checked before any answer applies, as the engine does)."""
        self.current_turn = self.turn + 1
        self.params = {}
        self._costs = {}
        self._blocked_cache = {}
        self._option_open = {}
        waiting: dict[str, list[int]] = defaultdict(list)
        for i in np.flatnonzero(self.alive).tolist():
            for event_id in self.pending[i]:
                waiting[event_id].append(i)
        for event_id, members in waiting.items():
            event = self.ruleset.events.get(event_id)
            if event is None:
                continue
            mask = self._mask(members)
            code = options_open(event, lambda c, mask=mask: self._cond(c, mask), MANY_GAMES)
            self._option_open[event_id] = np.broadcast_to(code, (self.n,)).tolist()

    def pending_view(self, game: int) -> list[dict[str, Any]]:
        """``engine.game.pending_events`` for one game. Entries are shared between games that
        see the same thing: read them, never change them."""
        if not self.pending[game]:
            return []
        out = []
        option_open, known = self._option_open, self._pending_entries
        for event_id in self.pending[game]:
            codes = option_open.get(event_id)
            if codes is None:  # not an event of the ruleset
                continue
            code = codes[game]
            entry = known.get((event_id, code))
            if entry is None:
                entry = known[event_id, code] = waiting_entry(self.ruleset.events[event_id], code)
            out.append(entry)
        return out

    def default_cost(self, action_id: str) -> np.ndarray:
        """What ``check_action(..., {})`` reports as the cost now, for every game."""
        if action_id not in self._costs:
            action = self.ruleset.actions[action_id]
            params = default_params(self.ruleset, action_id)
            key = variant_key(action, params)
            blocked = self._blocked(action)
            mask = self.alive & ~blocked
            self.params = {
                k: np.full(self.n, float(v))
                for k, v in params.items()
                if isinstance(v, int | float)
            }
            cost = action_cost(self._num(action.variants[key].cost, mask), MANY_GAMES)
            self.params = {}
            self._costs[action_id] = np.where(blocked, 0.0, cost)
        return self._costs[action_id]

    # --- a turn ----------------------------------------------------------------------------
    def play_turn(self, plans: Sequence[TurnPlan | None]) -> None:
        """Resolve one turn for every game still playing (``plans[i]`` is game i's)."""
        rs = self.ruleset
        turn = self.current_turn
        alive = self.alive.copy()
        start, end = turn_window(self, rs.scenario.end, turn)  # type: ignore[arg-type]
        self._turn_fired[:] = 0
        self.due_now = {}  # follow-ups left over from the last turn lapse, as in the engine
        self._due_games = set()
        play_steps(TurnSteps(self, plans, alive), turn, start, end, self.last_turn)
        self.turn = turn

    # 1-2. Answers -----------------------------------------------------------------------------
    def _apply_answers(self, plans: Sequence[TurnPlan | None], alive: Mask) -> None:
        """Each game's answers, checked whole (``turn.option_chosen`` on the options open at
        the start of the turn), then applied in each game's order of the events waiting."""
        rs = self.ruleset
        turn = self.current_turn
        slots: list[dict[tuple[str, int], list[int]]] = []
        known: dict[tuple[str, str | None, int], int] = {}
        for i in np.flatnonzero(alive).tolist():
            plan = plans[i]
            answers = plan.answers if plan is not None else {}
            pending = self.pending[i]
            check_waiting(answers, pending, turn)
            slot = 0
            for event_id in pending:
                event = rs.events.get(event_id)
                if event is None:
                    continue
                code = self._option_open[event_id][i]
                answer = answers.get(event_id)
                choice = known.get((event_id, answer, code))
                if choice is None:  # the same for every game with the same answer and options
                    choice = known[event_id, answer, code] = option_chosen(
                        event, answer, lambda k, code=code: code >> k & 1, turn
                    )
                if choice < 0:
                    continue
                while len(slots) <= slot:
                    slots.append(defaultdict(list))
                slots[slot][(event_id, choice)].append(i)
                slot += 1
            self.pending[i] = []
        self.params = {}
        for slot_groups in slots:
            for (event_id, choice), members in slot_groups.items():
                self._run(rs.events[event_id].options[choice].effects, self._mask(members))

    # 3. Actions -------------------------------------------------------------------------------
    def _resolve(
        self, action_id: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any], float] | None:
        """(the action variant's number, its parameters, its cost when the cost depends on
        the choice alone, else NaN) as the engine resolves them, or None where the engine
        would refuse the choice (unknown action, bad parameters)."""
        try:
            key: Any = (action_id, tuple(params.items()))
            out = self._resolved.get(key, False)
        except TypeError:  # unhashable parameter values: resolve without the cache
            key, out = None, False
        if out is not False:
            return out
        action = self.ruleset.actions.get(action_id)
        out = None
        if action is not None:
            try:
                variant, resolved = resolve_params(
                    action, ActionChoice(id=action_id, params=params), self.current_turn
                )
            except (DecisionError, ValueError):
                pass
            else:
                number = self._variant_numbers.setdefault(
                    (action_id, variant), len(self._variant_numbers)
                )
                if number == len(self._variants):
                    self._variants.append((action_id, variant))
                out = (number, resolved, _static_cost(action.variants[variant].cost, resolved))
        if key is not None:
            self._resolved[key] = out
        return out

    def _menu(
        self, entries: list[tuple[str, dict[str, Any]]]
    ) -> tuple[np.ndarray, list[Any], list[float]]:
        """Variant numbers (-1: refused), resolved parameters and static costs of a menu of
        choices."""
        cached = self._menus.get(id(entries))
        if cached is None or cached[0] is not entries:
            numbers, resolved, costs = [], [], []
            for action_id, choice in entries:
                out = self._resolve(action_id, choice)
                numbers.append(out[0] if out is not None else -1)
                resolved.append(out[1] if out is not None else {})
                costs.append(out[2] if out is not None else np.nan)
            cached = (entries, np.array(numbers, dtype=int), resolved, costs)
            self._menus[id(entries)] = cached
        return cached[1], cached[2], cached[3]

    def _blocked(self, action: CompiledAction) -> np.ndarray:
        cached = self._blocked_cache.get(action.spec.id)
        if cached is None:
            cached = self._blocked_cache[action.spec.id] = self._blocked_now(action)
        return cached

    def _blocked_now(self, action: CompiledAction, games: Any = slice(None)) -> np.ndarray:
        """Whether the action is used up or cooling down, for ``games`` (all by default)."""
        spec = action.spec
        row = self.action_row[spec.id]
        count, last = self.taken_count[row, games], self.taken_last[row, games]
        blocked = np.zeros(len(count), dtype=bool)
        blocked |= used_up(count, spec.max_uses, MANY_GAMES)
        blocked |= cooling_down(count, last, self.current_turn, spec.cooldown, MANY_GAMES)
        return blocked

    def _take_actions(self, plans: Sequence[Any], alive: Mask) -> None:
        """Each game tries its candidates in order, as ``ActionPlanner`` does: one taken if it
        can be taken once the answers and the actions before it have applied, until the
        game's limit. The games that have reached the same action variant are checked
        together."""
        pool: list[dict[str, Any]] = []
        pool_cost: list[float] = []
        limit = np.zeros(self.n, dtype=int)
        length = np.zeros(self.n, dtype=int)
        menus: dict[int, tuple[Any, list[int], list[np.ndarray]]] = {}
        by_id: dict[int, tuple[Any, Any, int]] = {}
        slots_k: list[int] = []
        slots_i: list[int] = []
        numbers_: list[int] = []
        places: list[int] = []
        games: list[int] = []
        for i in np.flatnonzero(alive).tolist():
            plan = plans[i]
            if plan is None:
                continue
            candidates = plan.candidates
            count = len(candidates)
            if not count:
                continue
            games.append(i)
            limit[i] = plan.limit
            length[i] = count
            indices = getattr(candidates, "indices", None)
            if indices is not None:  # positions in a menu of choices (sim.policies.MenuPicks)
                entry = menus.get(id(candidates.entries))
                if entry is None:
                    entry = menus[id(candidates.entries)] = (candidates.entries, [], [])
                entry[1].append(i)
                entry[2].append(indices)
                continue
            for k, choice in enumerate(candidates):
                # Policies hand out the same tuple for the same choice (policies.candidate):
                # resolved once per turn, then found by identity.
                known = by_id.get(id(choice))
                if known is None or known[0] is not choice:
                    out = self._resolve(*choice)
                    known = by_id[id(choice)] = (choice, out, len(pool))
                    if out is not None:
                        pool.append(out[1])
                        pool_cost.append(out[2])
                if known[1] is not None:
                    slots_k.append(k)
                    slots_i.append(i)
                    numbers_.append(known[1][0])
                    places.append(known[2])
        if not games:
            return
        longest = int(length.max())
        table = np.full((longest, self.n), -1)  # variant number of each game's k-th candidate
        where = np.zeros((longest, self.n), dtype=int)  # its resolved parameters, in pool
        if slots_k:
            table[slots_k, slots_i] = numbers_
            where[slots_k, slots_i] = places
        for entries, menu_games, rows in menus.values():
            numbers, resolved, costs = self._menu(entries)
            lengths = length[menu_games]
            flat = np.concatenate(rows).astype(int)
            cols = np.repeat(menu_games, lengths)
            slots = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            table[slots, cols] = numbers[flat]
            where[slots, cols] = len(pool) + flat
            pool.extend(resolved)
            pool_cost.extend(costs)
        action_of = np.array([self.action_row[a] for a, _ in self._variants] + [0])
        static_cost = np.array(pool_cost + [np.nan])
        capital = self.col("capital")  # the row itself: takes change it as they happen
        # Games are independent of one another, so each needs only its own candidates in
        # order. Each game stands at its next candidate that needs a check (past the ones
        # refused, of an action it has taken this turn, or of a known cost over its capital
        # left), and each step checks the variant that most games stand at, for those.
        chosen = np.zeros(self.n, dtype=int)
        seen = np.zeros((len(self.action_ids), self.n), dtype=bool)
        at = np.zeros(self.n, dtype=int)  # each game's next candidate
        head = np.full(self.n, -1)  # its variant number; -1: the game is done
        slots = np.arange(longest)[:, None]

        def settle(gs: np.ndarray) -> np.ndarray:
            """Move games ``gs`` to their next candidate that needs a check; their heads."""
            numbers = table[:, gs]
            open_ = (numbers >= 0) & (slots >= at[gs])
            open_ &= ~seen[action_of[numbers], gs]
            open_ &= ~over_budget(static_cost[where[:, gs]], capital[gs])
            first = open_.argmax(axis=0)
            done = ~open_[first, np.arange(len(gs))] | (chosen[gs] >= limit[gs])
            at[gs] = first
            out = np.where(done, -1, numbers[first, np.arange(len(gs))])
            head[gs] = out
            return out

        variants = len(self._variants)
        waiting = np.bincount(settle(np.array(games)) + 1, minlength=variants + 1)[1:]
        while waiting.any():
            number = int(waiting.argmax())
            members = np.flatnonzero(head == number)
            entries = [pool[p] for p in where[at[members], members].tolist()]
            at[members] += 1
            took = self._take(number, members.tolist(), entries)
            if took is not None:
                chosen[took] += 1
                seen[action_of[number], took] = True
            waiting[number] -= len(members)
            waiting += np.bincount(settle(members) + 1, minlength=variants + 1)[1:]
        self.params = {}

    def _take(
        self, number: int, members: list[int], entries: list[dict[str, Any]]
    ) -> np.ndarray | None:
        """Check one action variant for some games and take it where it can be taken
        (``turn.take_action``); the games that took it, or None."""
        rs = self.ruleset
        action_id, key = self._variants[number]
        action = rs.actions[action_id]
        variant = action.variants[key]
        games = np.array(members)
        names = self._numbers.get(number)
        if names is None:
            names = self._numbers[number] = list(action.number_params)
        params = {name: np.array([e[name] for e in entries], dtype=float) for name in names}
        sub = _Subset(self, games, params)
        allowed = ~self._blocked(action)[games]
        if not allowed.any():
            return None
        m = sub.n
        cost = action_cost(_number(vector(variant.cost)(sub, allowed), m), MANY_GAMES)
        ok = allowed & _truth(vector(variant.condition)(sub, allowed), m)
        ok &= ~over_budget(cost, sub.col("capital"))
        if not ok.any():
            return None
        apply_action(
            rs,
            action,
            variant,
            cost,
            sub.col,
            lambda name, x: sub.assign(name, x, ok),
            lambda compiled: vector(compiled)(sub, ok),
            self._tag_push(action),
        )
        sub.flush()
        took = games[ok]
        row = self.action_row[action_id]
        self.taken_count[row, took] += 1
        self.taken_last[row, took] = self.current_turn
        blocked = self._blocked_cache.get(action_id)
        if blocked is not None:  # only the games that took it can have changed
            blocked[took] = self._blocked_now(action, took)
        if self.logs or variant.delayed:
            for j in np.flatnonzero(ok).tolist():
                i = members[j]
                if self.logs:
                    self.actions_log[i].append(action_id)
                for index, (after, _, _) in enumerate(variant.delayed):
                    self.delayed[i].append(
                        (self.current_turn + after, action_id, key, index, entries[j])
                    )
            if variant.delayed:
                first = self.current_turn + min(after for after, _, _ in variant.delayed)
                self._delayed_due[took] = np.minimum(self._delayed_due[took], first)
        return took

    def _tag_push(self, action: CompiledAction) -> list[tuple[str, float]]:
        """The pressure an action's tags put on each group at once (``domestic.tag_pushes``)."""
        out = self._pushes.get(action.spec.id)
        if out is None:
            out = self._pushes[action.spec.id] = domestic.tag_pushes(self.ruleset, action.spec.tags)
        return out

    # 4. Delayed effects -------------------------------------------------------------------------
    def _apply_delayed(self, alive: Mask) -> None:
        rs = self.ruleset
        turn = self.current_turn
        slots: list[dict[tuple[str, tuple[str, ...], int], list[tuple[int, dict]]]] = []
        for i in np.flatnonzero(alive & (self._delayed_due <= turn)).tolist():
            due, rest = split_due(self.delayed[i], turn)
            self.delayed[i] = rest
            self._delayed_due[i] = min(d[0] for d in rest) if rest else NEVER
            for slot, (_, action_id, key, index, params) in enumerate(due):
                while len(slots) <= slot:
                    slots.append(defaultdict(list))
                slots[slot][(action_id, key, index)].append((i, params))
        for slot_groups in slots:
            for (action_id, key, index), entries in slot_groups.items():
                delayed = delayed_effect(rs, action_id, key, index)
                if delayed is None:
                    continue
                members = [i for i, _ in entries]
                self._params_for(members, [p for _, p in entries])
                self._run(delayed[1], self._mask(members))
        self.params = {}

    # 5. Economy ---------------------------------------------------------------------------------
    def _economy(self, alive: Mask, dt_years: float) -> None:
        rows = self._sector_rows
        sector = {fld: np.ascontiguousarray(self.vals[rows[fld]].T) for fld in SECTOR_INPUTS}
        scalar = {name: self.vals[self.index[name]] for name in SCALAR_INPUTS}
        sector_out, scalar_out = self.ruleset.economy.advance(sector, scalar, dt_years)
        for fld, array in sector_out.items():
            block = self.vals[rows[fld]]
            self.vals[rows[fld]] = np.where(alive, array.T, block)
        for name, value in scalar_out.items():
            row = self.vals[self.index[name]]
            np.copyto(row, np.broadcast_to(value, (self.n,)), where=alive)

    def _count_jobs_lost(self, alive: Mask) -> None:
        """``Economy.count_jobs_lost`` for every game still playing."""
        jobs = np.ascontiguousarray(self.vals[self._sector_rows["jobs"]].T)
        lost = self.ruleset.economy.jobs_lost(jobs)
        row = self.vals[self.index["jobs_lost"]]
        np.copyto(row, lost, where=alive)

    # 6-7. The US memory fades (6), the US posture (7) ---------------------------------------------
    def _fade_memory(self, alive: Mask) -> None:
        us_model.fade_memory(self.col, lambda name, x: self.assign(name, x, alive), MANY_GAMES)

    def _choose_posture(self, alive: Mask) -> None:
        rs = self.ruleset
        idx = np.flatnonzero(alive)
        # Over the games still playing only, each drawing once from its own generator.
        utilities = [self._num(rs.postures[p].utility, alive).astype(float)[idx] for p in POSTURES]
        unpredictability = self.col("profile.unpredictability")[idx]
        with np.errstate(invalid="ignore", divide="ignore"):  # inf - inf: NaN, as in Python
            weights, total = us_model.posture_weights(utilities, unpredictability, MANY_GAMES)
            random = self._random
            draw = np.fromiter((random[i]() for i in idx.tolist()), float, len(idx))
            chosen = us_model.posture_drawn(weights, total, draw, MANY_GAMES)
        self.posture[idx] = chosen
        for i, k in zip(idx.tolist(), np.asarray(chosen).tolist(), strict=True):
            self.posture_log[i].append((self.current_turn, POSTURES[k]))
        for k, p in enumerate(POSTURES):
            self._run(rs.postures[p].effects, alive & (self.posture == k))

    # 6-7. Events: the turn's news, then (after the posture) the rest ----------------------------
    def _news(self, alive: Mask, start: Any, end: Any) -> _Phase:
        phase = _Phase(self, alive)
        with np.errstate(invalid="ignore"):  # a NaN weight counts as none, as in Python
            events.run_news(phase, self.ruleset.event_pools, start, end)
        return phase

    def _events(self, phase: _Phase, start: Any, end: Any, final: bool) -> None:
        with np.errstate(invalid="ignore"):  # a NaN weight counts as none, as in Python
            events.run_rest(
                phase,
                self.ruleset.event_pools,
                start,
                end,
                self.ruleset.scenario.random_events_per_turn,
                final,
            )

    def _fire(self, event: CompiledEvent, mask: Mask) -> None:
        if not mask.any():
            return
        spec = event.spec
        row = self.event_row[spec.id]
        self.fired_count[row, mask] += 1
        self.fired_last[row, mask] = self.current_turn
        self._run(event.effects, mask)
        self._turn_fired[mask] += 1
        if self.logs or event.options:
            games = np.flatnonzero(mask).tolist()
            if self.logs:
                for i in games:
                    self.events_log[i].append(spec.id)
            if event.options:
                for i in games:
                    self.pending[i].append(spec.id)

    # 8-9. Domestic politics, capital, advisors ------------------------------------------------
    def _domestic(self, alive: Mask) -> None:
        def put(name: str, value: np.ndarray) -> None:
            self.assign(name, value, alive)

        def max0(x: np.ndarray) -> np.ndarray:
            return pmax(0.0, x)

        domestic.advance(self.ruleset, self.col, put, max0)

    def _refill_capital(self, alive: Mask) -> None:
        per_turn = self._num(self.ruleset.capital_per_turn, alive).astype(float)
        put = lambda name, x: self.assign(name, x, alive)  # noqa: E731
        domestic.refill(self.ruleset, per_turn, self.col, put, MANY_GAMES)

    def _read_advisors(self, alive: Mask) -> None:
        idx = np.flatnonzero(alive).tolist()
        # One standard normal per noisy read and game, in the single-game engine's order.
        size = len(self._errors)
        z = np.zeros((self.n, size))
        if size:
            gens = self.gens
            for i in idx:
                gens[i].standard_normal(size, out=z[i])
        z = z.T
        sums: dict[str, list[np.ndarray]] = {}
        k = 0
        for read in self._reads:
            if read.noise > 0:
                previous = self._errors[k]
                error = advisors.carry_error(previous, z[k], read)
                if previous is not None:  # games that are over keep their last error
                    error = np.where(alive, error, previous)
                self._errors[k] = error
                drawn: Any = error
                k += 1
            else:
                drawn = 0.0
            value = advisors.estimate(
                read.spec, self.col(read.variable), read.bias, drawn, MANY_GAMES
            )
            sums.setdefault(read.variable, []).append(np.rint(value))
        for name, values in sums.items():
            mean = seq_sum(values) / len(values)
            self.estimates[name] = np.where(alive, mean, self.estimates[name])

    # 10. Endings --------------------------------------------------------------------------------
    def _check_endings(self, alive: Mask, final: bool) -> None:
        endings_now = endings.applicable(self.ruleset, final)
        tests = [lambda m, e=e: self._cond(e.condition, m) for e in endings_now]
        which = np.broadcast_to(first_holding(tests, alive.copy(), MANY_GAMES), (self.n,))
        for k, ending in enumerate(endings_now):
            hit = which == k
            if not hit.any():
                continue
            if ending.score is not None:  # the grades read it
                spec = self.ruleset.variables["score"]
                row = self.vals[self.index["score"]]
                row[hit] = np.clip(self._num(ending.score, hit), spec.lo, spec.hi)[hit]
            tests = [lambda m, c=c: self._cond(c.condition, m) for c in ending.grades]
            grade = np.broadcast_to(first_holding(tests, hit, MANY_GAMES), (self.n,))
            for i in np.flatnonzero(hit).tolist():
                self.endings[i] = (ending.spec.id, ending.grades[int(grade[i])].grade)
                self.ended_turn[i] = self.current_turn
                self.pending[i] = []
        remaining = alive & (which < 0)
        if final and remaining.any():
            raise AssertionError("the ruleset has no fallback final ending")
        self.alive &= remaining


class _Phase:
    """The events phase of the games still playing (``events.Games``): masks of games, each
    game's lists of follow-ups, and each game's own draws."""

    ar = MANY_GAMES

    def __init__(self, batch: BatchGames, alive: Mask):
        self.batch = batch
        self.everyone = alive
        self.nobody = np.zeros(batch.n, dtype=bool)
        self.window: tuple[Any, Any] | None = None
        self.current_turn = batch.current_turn
        self.event_record = batch.event_record
        self.holds = batch._cond
        self.fire = batch._fire
        self._aside: dict[int, list[str]] = {}  # follow-ups with no delay waiting for the posture

    def set_aside(self) -> None:
        batch = self.batch
        self._aside, batch.due_now, batch._due_games = batch.due_now, {}, set()

    def bring_back(self) -> None:
        batch = self.batch
        for i, queue in self._aside.items():
            if queue:
                batch.due_now[i] = queue + batch.due_now.get(i, [])
                batch._due_games.add(i)
        self._aside = {}

    def pick(self, pool: Sequence[CompiledEvent], drawn: Sequence[Mask], go: Mask) -> Any:
        return events.pick(self, pool, drawn, go)

    def number(self, compiled: Compiled, among: Mask) -> np.ndarray:
        return self.batch._num(compiled, among).astype(float)

    def draw(self, has: Mask) -> np.ndarray:
        out = np.zeros(self.batch.n)
        games = np.flatnonzero(has)
        random = self.batch._random
        out[games] = np.fromiter((random[i]() for i in games.tolist()), float, len(games))
        return out

    def drain(self) -> None:
        """Follow-ups scheduled with no delay fire now, each game's in its own order."""
        batch = self.batch
        due_games, due_now = batch._due_games, batch.due_now
        while due_games:
            groups: dict[str, list[int]] = defaultdict(list)
            for i in sorted(due_games):
                queue = due_now.get(i)
                if not queue or batch._turn_fired[i] >= MAX_EVENTS_PER_TURN:
                    due_games.discard(i)
                    continue
                groups[queue.pop(0)].append(i)
            for event_id, members in groups.items():
                event = batch.ruleset.events.get(event_id)
                if event is not None:
                    self.fire(event, events.eligible(self, event, batch._mask(members)))

    def follow_ups_due(self) -> list[list[tuple[CompiledEvent, Mask]]]:
        batch = self.batch
        turn = self.current_turn
        slots: list[dict[str, list[int]]] = []
        for i in np.flatnonzero(self.everyone & (batch._scheduled_due <= turn)).tolist():
            due, rest = split_due(batch.scheduled[i], turn)
            batch.scheduled[i] = rest
            batch._scheduled_due[i] = min(e[0] for e in rest) if rest else NEVER
            for slot, (_, event_id) in enumerate(due):
                while len(slots) <= slot:
                    slots.append(defaultdict(list))
                slots[slot][event_id].append(i)
        known = batch.ruleset.events
        return [
            [(known[eid], batch._mask(members)) for eid, members in groups.items() if eid in known]
            for groups in slots
        ]

    def has_posture(self, posture: str) -> Mask:
        return self.everyone & self.batch.posture_is(posture)

    def room_left(self) -> Mask:
        return self.batch._turn_fired < MAX_EVENTS_PER_TURN

    def fire_drawn(self, pool: Sequence[CompiledEvent], picks: np.ndarray) -> None:
        """Fire each game's drawn event (each game draws at most one, so the order between
        events changes no game), then the follow-ups they schedule with no delay."""
        games = np.flatnonzero(picks >= 0)
        drawn = picks[games].astype(np.int64)
        order = np.argsort(drawn, kind="stable")
        games, drawn = games[order], drawn[order]
        cuts = np.flatnonzero(np.diff(drawn)) + 1
        for g, k in zip(np.split(games, cuts), np.split(drawn, cuts), strict=True):
            if len(g):
                self.fire(pool[int(k[0])], self.batch._mask(g))
        self.drain()


class _Subset:
    """The expression context over some games of a batch (``games``, ascending): arrays as
    long as that list, read from the batch once and written back by ``flush``. Small groups
    (the games taking one action variant, firing one event) run much faster this way than
    over the whole batch. Nothing may read the batch's values between a change here and
    the ``flush`` that follows it."""

    def __init__(self, batch: BatchGames, games: np.ndarray, params: dict[str, np.ndarray]):
        self.b = batch
        self.games = games
        self.n = len(games)
        self.params = params
        self.current_turn = batch.current_turn
        self._cols: dict[str, np.ndarray] = {}
        self._changed: set[str] = set()

    def col(self, name: str) -> np.ndarray:
        column = self._cols.get(name)
        if column is None:
            column = self._cols[name] = self.b.vals[self.b.index[name], self.games]
        return column

    def assign(self, name: str, value: np.ndarray, mask: Mask) -> None:
        old = self.col(name)
        new = self.b._clamp(name, _number(value, self.n), old)
        self._cols[name] = np.where(mask, new, old)  # a new array: one read earlier stays
        self._changed.add(name)

    def flush(self) -> None:
        """Write the changed values back into the batch."""
        vals, index, games = self.b.vals, self.b.index, self.games
        for name in self._changed:
            vals[index[name], games] = self._cols[name]
        self._changed.clear()

    def flag(self, name: str) -> np.ndarray:
        flags = self.b._flags.get(name)
        return flags[self.games] if flags is not None else np.zeros(self.n, dtype=bool)

    def set_flag(self, name: str, mask: Mask) -> None:
        self.b.set_flag(name, self._whole(mask))

    def clear_flag(self, name: str, mask: Mask) -> None:
        self.b.clear_flag(name, self._whole(mask))

    def _whole(self, mask: Mask) -> Mask:
        out = np.zeros(self.b.n, dtype=bool)
        out[self.games[mask]] = True
        return out

    def event_record(self, event_id: str) -> tuple[np.ndarray, np.ndarray]:
        k = self.b.event_row[event_id]
        return self.b.fired_count[k, self.games], self.b.fired_last[k, self.games]

    def action_record(self, action_id: str) -> tuple[np.ndarray, np.ndarray]:
        k = self.b.action_row[action_id]
        return self.b.taken_count[k, self.games], self.b.taken_last[k, self.games]

    def posture_is(self, posture: str) -> np.ndarray:
        return self.b.posture[self.games] == POSTURES.index(posture)

    def chance(self, p: np.ndarray, mask: Mask) -> np.ndarray:
        return _chance(self.b.gens, self.games, _number(p, self.n), mask)

    def uniform(self, lo: np.ndarray, hi: np.ndarray, mask: Mask) -> np.ndarray:
        return _uniform(self.b.gens, self.games, _number(lo, self.n), _number(hi, self.n), mask)

    def schedule(self, event_id: str, turns: np.ndarray, mask: Mask) -> None:
        turns = np.broadcast_to(np.asarray(turns), (self.n,))
        whole = np.zeros(self.b.n, dtype=turns.dtype)
        whole[self.games] = turns
        self.b.schedule(event_id, whole, self._whole(mask))


class TurnSteps:
    """One turn's steps (``turn.Steps``) for the games still playing (``alive``): each step
    runs over them as masked groups; ``turn.play_steps`` gives the order."""

    def __init__(self, games: BatchGames, plans: Sequence[TurnPlan | None], alive: Mask) -> None:
        self.games = games
        self.plans = plans
        self.alive = alive
        self._phase: _Phase | None = None  # the events phase, from the news on

    def answers(self) -> None:
        self.games._apply_answers(self.plans, self.alive)

    def actions(self) -> None:
        self.games._take_actions(self.plans, self.alive)

    def delayed(self) -> None:
        self.games._apply_delayed(self.alive)

    def economy(self, years: float) -> None:
        self.games._economy(self.alive, years)

    def drift(self) -> None:
        self.games._run(self.games.ruleset.every_turn, self.alive)
        self.games._fade_memory(self.alive)

    def news(self, start: Any, end: Any) -> None:
        self._phase = self.games._news(self.alive, start, end)

    def posture(self) -> None:
        self.games._choose_posture(self.alive)

    def events(self, start: Any, end: Any, final: bool) -> None:
        assert self._phase is not None, "the news step comes first (play_steps)"
        self.games._events(self._phase, start, end, final)

    def domestic(self) -> None:
        self.games._domestic(self.alive)

    def clock(self, turn: int) -> None:
        g, alive = self.games, self.alive
        g.vals[g.index["turn"], alive] = float(turn)
        g.vals[g.index["turns_left"], alive] = float(max(0, g.last_turn - turn))
        g._count_jobs_lost(alive)
        g._refill_capital(alive)
        g._read_advisors(alive)

    def endings(self, final: bool) -> None:
        self.games._check_endings(self.alive, final=final)
