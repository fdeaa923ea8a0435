"""No hostile file can crash or stall a command.

Content packs and strategy files written to break the game — huge format widths, numbers
that overflow, zero-delay cycles hidden behind arithmetic, nesting deep enough to exhaust the
parser, pipes and devices in place of files — get a one-line message naming the file, and
``validate`` exits with status 1. Whatever validates plays the same game in the turn engine
and in the batch engine: the two engines agree on every pack that validates.

The packs start from ``tests/data/minimal-pack``, the smallest pack that validates alone.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import os
import random
import re
import signal
import time
import tomllib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from diplomacy_game.cli import main
from diplomacy_game.content import load_content, validate
from diplomacy_game.content.compiler import build_ruleset
from diplomacy_game.content.issues import Issue
from diplomacy_game.engine.batch import BatchGames
from diplomacy_game.engine.game import new_game
from diplomacy_game.engine.rules import Ruleset
from diplomacy_game.sim.batch import game_seed, run_batch
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import Policy, get_policy
from diplomacy_game.sim.strategy_file import RuleStrategy, StrategyError, load_strategy
from tests.engine.test_batch import assert_same_game

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal-pack"
BASE_TEXT = (MINIMAL / "world.toml").read_text(encoding="utf-8")
SCENARIO = "tiny"
SEEDS = [game_seed(2026, i) for i in range(3)]

BIG = "((approval + 1) / 1e-300 / 1e-300)"  # infinite at run time (approval is 0 to 100)
CONST_BIG = "(1 / 1e-300 / 1e-300)"  # infinite, and known to be so when validating


# --- helpers -------------------------------------------------------------------------------


def write_pack(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "world.toml").write_text(text, encoding="utf-8")
    return folder


def event(effects: list[str], *, text: str = "Hostile.", extra: str = "") -> str:
    """An event that fires every turn (it outweighs the others), with the given effects."""
    return f"""
[[event]]
id = "hostile"
title = "Hostile"
category = "world"
once = false
weight = 1000
text = {json.dumps(text)}
effects = {json.dumps(effects)}
{extra}
"""


def issues_of(pack: Path) -> list[Issue]:
    issues = validate(load_content([pack], builtin=False))
    for issue in issues:
        assert issue.file and issue.message, issue
        assert "\n" not in str(issue), f"a message of more than one line: {issue!s}"
    return issues


def errors_of(pack: Path) -> list[Issue]:
    return [i for i in issues_of(pack) if i.severity == "error"]


def same(a: float, b: float) -> bool:
    return (a != a and b != b) or a == b


def assert_engines_agree(ruleset: Ruleset, policy: Policy, seeds: list[int] = SEEDS) -> None:
    """Both engines play the seeds; the whole final state of each game must be the same
    (as ``tests/engine/test_batch.py`` compares them)."""
    batch: BatchGames = run_batch(ruleset, policy, seeds)
    for i, seed in enumerate(seeds):
        state = play_through(ruleset, new_game(ruleset, seed), policy=policy)
        where = f"game {i} (seed {seed})"
        assert_same_game(batch, i, state, where, same)
        assert batch.events_log[i] == [e for r in state.history for e in r["events"]], where
        assert batch.actions_log[i] == [a for r in state.history for a in r["actions"]], where
        assert batch.endings[i] == (state.ending["id"], state.ending["grade"]), where
        assert batch.gens[i].bit_generator.state == state.rng_state, where
        scheduled = sorted(tuple(x) for x in state.scheduled)
        assert sorted(tuple(x) for x in batch.scheduled[i]) == scheduled, where


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail (rather than hang the suite) when the block runs longer than ``seconds``."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    if not hasattr(signal, "setitimer"):  # pragma: no cover - not on this platform
        yield
        return
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_minimal_pack_validates_and_plays_alike():
    assert issues_of(MINIMAL) == []
    ruleset = build_ruleset(load_content([MINIMAL], builtin=False), SCENARIO)
    assert_engines_agree(ruleset, get_policy("random"))


# --- 4. texts: bounded format specs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{approval:999999999999f}", ":999999999999f"),
        ("{approval:.999999999f}", ":.999999999f"),
        ("{approval:41.1f}", ":41.1f"),
        ("{approval:.13f}", ":.13f"),
        ("{approval:" + "9" * 5000 + "f}", ":99999999999999999..."),
        ("{approval:1.2.3f}", ":1.2.3f"),
    ],
    ids=["width", "precision", "width-41", "precision-13", "width-5000-digits", "malformed"],
)
def test_a_text_with_an_unbounded_format_is_refused(tmp_path: Path, text: str, shown: str):
    pack = write_pack(tmp_path / "p", BASE_TEXT + event([], text=f"Approval {text}."))
    errors = errors_of(pack)
    assert len(errors) == 1, errors
    assert errors[0].file == "p/world.toml" and errors[0].entry == "hostile"
    assert errors[0].field == "text" and shown in errors[0].message


def test_formats_within_the_limits_still_work(tmp_path: Path):
    text = "{approval:40.12f} {approval:+,.2f} {approval:05.0f} {approval:.0%} {approval:e}"
    pack = write_pack(tmp_path / "p", BASE_TEXT + event([], text=text))
    assert errors_of(pack) == []


def test_validate_exits_1_with_one_line_per_problem(tmp_path: Path, capsys):
    pack = write_pack(
        tmp_path / "p", BASE_TEXT + event([f"approval = round({CONST_BIG})"], text="{x:99999f}")
    )
    assert main(["validate", str(pack)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    lines = [line for line in out.out.splitlines() if line.startswith(f"{pack}/world.toml")]
    assert len(lines) == 2 and all(": hostile: " in line for line in lines)


# --- 5. infinity and NaN ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "effect",
    [
        f"approval = round({CONST_BIG})",
        f"approval = round({CONST_BIG} - {CONST_BIG})",
        "schedule('follow_up', 1e12 / 1e-300)",
        "approval = uniform(-1e12 / 1e-300, 1)",
        "approval = -(1e12 / 1e-300) // 3",
    ],
)
def test_a_calculation_known_to_overflow_is_refused(tmp_path: Path, effect: str):
    pack = write_pack(tmp_path / "p", BASE_TEXT + event([effect]))
    errors = errors_of(pack)
    assert len(errors) == 1 and errors[0].entry == "hostile", errors
    assert "overflows" in errors[0].message


# Reached only while playing (through a variable): the result is defined, the same in both
# engines, and the turn never stops half applied.
RUNTIME_NON_FINITE = [
    [f"approval = round({BIG})", f"us.rapport = round(-{BIG})"],
    [f"approval = round({BIG} - {BIG})", "us.rapport += 1"],
    [f"resolve = {BIG} - {BIG}", f"opposition *= {BIG}"],
    [f"schedule('follow_up', {BIG})", f"schedule('follow_up', -{BIG})"],
    [f"schedule('follow_up', {BIG} - {BIG})", "schedule('follow_up', 1e12)"],
    [f"approval = uniform(-{BIG}, {BIG})", f"us.rapport = uniform({BIG} - {BIG}, 3)"],
    [f"us.patience = uniform(3, {BIG} - {BIG})", f"us.hawks = clamp({BIG} - {BIG}, 0, 9)"],
    [f"if chance({BIG} - {BIG}): approval += 1", f"if chance({BIG}): approval -= 1"],
    [f"approval = max({BIG} - {BIG}, 3)", f"us.rapport = min(3, {BIG} - {BIG}, -{BIG})"],
    [f"approval = approval / ({BIG})", f"us.rapport = ({BIG}) // 7 + ({BIG}) % 7"],
    [f"approval = 7 % ({BIG}) + (-7) % ({BIG}) + 7 // -({BIG})"],
    ["approval = approval / 1e-12 / 1e-12 / 1e-12 / 1e-12 / 1e-12 / 1e-12 / 1e-12 / 1e-12"],
]


@pytest.mark.parametrize("effects", RUNTIME_NON_FINITE, ids=range(len(RUNTIME_NON_FINITE)))
def test_non_finite_values_at_run_time_play_alike_in_both_engines(tmp_path: Path, effects):
    shown = "Approval {approval:.1f}, {" + BIG + ":.2e} {" + BIG + "}."
    text = BASE_TEXT + event(effects, text=shown)
    pack = write_pack(tmp_path / "p", text)
    assert errors_of(pack) == []
    ruleset = build_ruleset(load_content([pack], builtin=False), SCENARIO)
    assert_engines_agree(ruleset, get_policy("random"))


@pytest.mark.parametrize(
    ("weight", "utility", "capital"),
    [
        (f"{BIG} - {BIG}", f"{BIG}", f"{BIG} - {BIG}"),
        (f"{BIG}", f"{BIG} - {BIG}", f"{BIG}"),
        (f"-{BIG}", f"-{BIG}", f"-{BIG}"),
    ],
)
def test_non_finite_weights_utilities_and_capital_play_alike(tmp_path, weight, utility, capital):
    text = BASE_TEXT.replace('utility = "1.5"', f'utility = "{utility}"')
    text = text.replace('per_turn = "2 + (approval >= 50)"', f'per_turn = "{capital}"')
    text = text.replace('weight = "1 + tiny.pulse / 10"', f'weight = "{weight}"')
    text = text.replace(
        'cost = 1\neffects = ["us.rapport += 3"]', f'cost = "{weight}"\neffects = []'
    )
    pack = write_pack(tmp_path / "p", text)
    assert errors_of(pack) == []
    ruleset = build_ruleset(load_content([pack], builtin=False), SCENARIO)
    assert_engines_agree(ruleset, get_policy("random"))


def test_huge_counts_are_the_same_number_in_both_engines(tmp_path: Path):
    """Integers (counts, booleans) past 2**53 are rounded as the batch engine's floats are."""
    product = "*".join(["(fired('hostile') + 1000)"] * 6)  # past 2**53 from the first turn
    effects = [f"approval = clamp(({product} + 1 - {product}) * 50, 0, 100)"]
    pack = write_pack(tmp_path / "p", BASE_TEXT + event(effects))
    assert errors_of(pack) == []
    ruleset = build_ruleset(load_content([pack], builtin=False), SCENARIO)
    assert_engines_agree(ruleset, get_policy("passive"))


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("exports = inf", "must be finite"),
        ("exports = nan", "got nan"),
        ("exports = 1e300", "out of range"),
        ("exports = " + "9" * 400, "got a number of about 400 digits"),
        ("jobs = -inf", "got -inf"),
        ("us_imports = inf", "must be finite"),
    ],
    ids=["inf", "nan", "1e300", "400-digits", "minus-inf", "inf-ge-0"],
)
def test_numbers_in_content_are_finite_and_bounded(tmp_path: Path, line: str, fragment: str):
    key = line.split(" = ")[0]
    text = re.sub(rf"^{key} = .*$", line, BASE_TEXT, count=1, flags=re.M)
    errors = errors_of(write_pack(tmp_path / "p", text))
    assert errors[0].entry == "steel" and errors[0].field == key, errors
    assert fragment in errors[0].message, errors[0]


# --- 6. zero-delay cycles -------------------------------------------------------------------


def cycle(delay: str) -> str:
    return BASE_TEXT.replace(
        """text = "Reporters follow up."
effects = ["approval -= uniform(0, 1)"]""",
        f"""text = "Reporters follow up."
effects = ["approval -= uniform(0, 1)", "schedule('tariff_talk', {delay})"]""",
    ).replace("schedule('follow_up', 1)", "schedule('follow_up', 0)")


@pytest.mark.parametrize(
    "delay",
    [
        "0",
        "turn - turn",
        "0 * approval",
        "-1",
        "0.5",
        "approval",
        "uniform(0, 2)",
        f"max({BIG} - {BIG}, 1)",  # NaN first is kept: max(nan, 1) is nan, a delay of 0
        "1 - chance(0.5)",
        "round(0.4)",
        "1 if flag('x') else 0",
        f"1 + ({BIG} - {BIG})",
    ],
)
def test_every_cycle_that_can_run_without_delay_is_found(tmp_path: Path, delay: str):
    errors = errors_of(write_pack(tmp_path / "p", cycle(delay)))
    assert len(errors) == 1 and "cycle" in errors[0].message, errors
    assert "follow_up -> tariff_talk -> follow_up" in errors[0].message


@pytest.mark.parametrize(
    "delay",
    [
        "1",
        "1.5",
        "1 + round(uniform(0, 2))",
        "max(1, approval)",
        "max(approval, 1)",  # a game variable is never NaN
        f"max(1, {BIG} - {BIG})",  # a later NaN is passed over
        "clamp(approval, 1, 3)",
        "2 if flag('x') else 1",
        "1 + abs(approval)",
        "1 + fired('tariff_talk')",
        "1e12",
    ],
)
def test_a_cycle_with_a_delay_of_at_least_one_is_allowed(tmp_path: Path, delay: str):
    assert errors_of(write_pack(tmp_path / "p", cycle(delay))) == []


# --- 8. nesting, huge numbers, long expressions ------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("\nx = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("\nx = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n", "nested too deeply"),
        ("\nx = " + "9" * 5000 + "\n", "4300 digits"),
        ("\n[[variable]]\nid = 'big'\ninitial = " + "9" * 4000 + "\n", "about 4000 digits"),
        (event(["approval = " + "(" * 10_000 + "1" + ")" * 10_000]), "limit is 1000"),
        (event(["approval = " + "+".join(["1"] * 100_000)]), "limit is 1000"),
        (event(["approval = " + "(" * 25 + "1" + ")" * 25]), "nested too deeply"),
        (event(["approval = " + "9" * 400]), "out of range"),
        (event([]).replace("weight = 1000", "weight = " + "9" * 4000), "out of range"),
    ],
    ids=[
        "deep-arrays",
        "deep-tables",
        "integer-5000-digits",
        "integer-4000-digits",
        "parentheses-10000",
        "sum-100000",
        "parentheses-25",
        "integer-in-expression",
        "integer-weight",
    ],
)
def test_hostile_toml_and_expressions_get_one_line(tmp_path: Path, extra: str, fragment: str):
    pack = write_pack(tmp_path / "p", BASE_TEXT + extra)
    with time_limit(20):
        errors = errors_of(pack)
    assert len(errors) == 1 and fragment in errors[0].message, errors
    assert errors[0].file == "p/world.toml"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_pipes_devices_and_dangling_links_in_a_pack_are_named(tmp_path: Path, capsys):
    pack = write_pack(tmp_path / "p", BASE_TEXT)
    os.mkfifo(pack / "pipe.toml")
    (pack / "zero.toml").symlink_to("/dev/zero")
    (pack / "gone.toml").symlink_to(tmp_path / "nowhere.toml")
    (pack / "big.toml").write_bytes(b"# " + b"x" * 2_000_000)
    with time_limit(20):
        errors = errors_of(pack)
    by_file = {e.file: e.message for e in errors}
    assert "pipe" in by_file["p/pipe.toml"] and "device" in by_file["p/zero.toml"]
    assert "no such" in by_file["p/gone.toml"] and "limit" in by_file["p/big.toml"]
    fifo = tmp_path / "direct.toml"
    os.mkfifo(fifo)
    with time_limit(20):
        assert main(["validate", str(fifo)]) == 1
    assert "pipe" in capsys.readouterr().out


# --- strategy files ----------------------------------------------------------------------------

STRATEGY = """[strategy]
name = "probe"
description = "Answers escalation, calls otherwise."
answers = "firm"

[[rule]]
when = "posture('escalate') and approval > 45"
do = [{ action = "hit_back", params = { sector = "steel", level = 25 } }]

[[rule]]
when = "advice.us.rapport < 50 or chance(0.3)"
do = [{ action = "call" }]
stop = true
"""


@pytest.fixture(scope="module")
def tiny() -> Ruleset:
    return build_ruleset(load_content([MINIMAL], builtin=False), SCENARIO)


def test_the_base_strategy_loads_and_plays_alike(tmp_path: Path, tiny: Ruleset):
    path = tmp_path / "probe.toml"
    path.write_text(STRATEGY, encoding="utf-8")
    assert_engines_agree(tiny, load_strategy(path, tiny))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("x = " + "[" * 5000 + "]" * 5000, "nested too deeply"),
        ("x = " + "9" * 5000, "4300 digits"),
        (STRATEGY.replace("approval > 45", CONST_BIG), "overflows"),
        (STRATEGY.replace("approval > 45", "(" * 10_000 + ")" * 10_000), "limit is 1000"),
        (STRATEGY.replace("level = 25", "level = inf"), "must be one of"),
        (STRATEGY.replace("level = 25", "level = " + "9" * 4000), "number"),
        (b"\xff\xfe".decode("latin-1"), "UTF-8"),
    ],
)
def test_hostile_strategy_files_get_a_message(
    tmp_path: Path, tiny: Ruleset, text: str, fragment: str
):
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8" if "\xff" not in text else "latin-1")
    with pytest.raises(StrategyError) as caught:
        load_strategy(path, tiny)
    assert any(fragment in i.message for i in caught.value.issues), caught.value.issues
    assert all(i.file == "hostile.toml" and "\n" not in str(i) for i in caught.value.issues)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_strategy_that_is_a_pipe_or_a_device_is_refused_at_once(tmp_path: Path, tiny):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")
    for path, fragment in ((fifo, "pipe"), (zero, "device")):
        with time_limit(10), pytest.raises(StrategyError, match=fragment):
            load_strategy(path, tiny)


def test_strategy_rules_meeting_infinity_play_alike(tmp_path: Path, tiny: Ruleset):
    rules = STRATEGY.replace("approval > 45", f"round({BIG} - {BIG}) > 0 or round({BIG}) > 0")
    path = tmp_path / "probe.toml"
    path.write_text(rules, encoding="utf-8")
    assert_engines_agree(tiny, load_strategy(path, tiny))


# --- fuzzing -----------------------------------------------------------------------------------


class Raw(str):
    """TOML text written as it is (a value the serializer could not build: deep nesting, an
    integer too long for Python to print)."""


def toml_value(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def toml_document(doc: dict[str, Any]) -> str:
    return "\n".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in doc.items()) + "\n"


EXPRESSIONS = [
    CONST_BIG,
    f"round({CONST_BIG})",
    f"round({BIG})",
    f"round({BIG} - {BIG})",
    f"{BIG} - {BIG}",
    "approval / 1e-300",
    "approval // 1e-300",
    "1 / 0",
    "uniform(-1e12, 1e12) * 1e12 * 1e12",
    "(" * 30 + "1" + ")" * 30,
    "(" * 3000 + "1" + ")" * 3000,
    "+".join(["1"] * 2000),
    "9" * 400,
    "__import__('os')",
    "approval ** 2",
    "chance(0.5)",
    "uniform(0, 1)",
    "fired('nope')",
    "taken('call') * fired('tariff_talk') * fired('town_hall')",
    "flag('x') + true + true",
    "approval = 3",
    "x.y.z",
    "",
    " ",
    "1 if",
    "min()",
    "max(approval, 1e12 * 1e12 * 1e12)",
    "'text'",
    "turn - turn",
    "0.5",
    "-1",
]
EFFECTS = [
    f"approval = round({BIG})",
    f"approval = {BIG} - {BIG}",
    f"schedule('tariff_talk', {BIG})",
    f"schedule('follow_up', {BIG} - {BIG})",
    "schedule('tariff_talk', 0)",
    "schedule('town_hall', turn - turn)",
    "schedule('follow_up', 0 * approval)",
    "schedule('hostile_nowhere', 1)",
    f"approval = uniform(-{BIG}, {BIG})",
    "if chance(0.5): set_flag('x')\nelse: clear_flag('x')",
    "approval *= 1e12; us.rapport /= 0",
    "turn = 3",
    "import os",
]
TEXTS = [
    "{approval:999999999f}",
    "{approval:.99999999f}",
    "{approval:40.12f}",
    "{approval",
    "approval}",
    "{{approval}}",
    "{chance(0.5)}",
    "{" + BIG + ":.2e}",
    "\x00\x7f\u202e",
    "x" * 20_000,
]
NUMBERS: list[Any] = [
    0,
    -1,
    0.5,
    1e12,
    -1e12,
    1e13,
    1e-300,
    1e300,
    float("inf"),
    float("-inf"),
    float("nan"),
    10**30,
    Raw("9" * 5000),
    Raw("9" * 4000),
    True,
]
STRUCTURES: list[Any] = [
    [],
    {},
    [[[[1]]]],
    {"a": {"b": {"c": 1}}},
    Raw("[" * 50 + "]" * 50),
    Raw("[" * 3000 + "]" * 3000),
    Raw("{a = " * 3000 + "1" + "}" * 3000),
    ["a", 1, True],
    dt.date(2025, 10, 7),
]
EXPRESSION_KEYS = {"condition", "weight", "utility", "cost", "per_turn", "when"}


def hostile_value(rng: random.Random, key: str) -> Any:
    roll = rng.random()
    if key in EXPRESSION_KEYS and roll < 0.6:
        return rng.choice(EXPRESSIONS)
    if key in ("effects", "every_turn", "do") and roll < 0.6:
        return [rng.choice(EFFECTS) for _ in range(rng.randint(0, 3))]
    if key in ("text", "explanation", "description", "label", "name") and roll < 0.6:
        return rng.choice(TEXTS)
    pool = rng.choice((NUMBERS, STRUCTURES, EXPRESSIONS, TEXTS))
    return rng.choice(pool)


def containers(value: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key or index) inside a parsed document, outermost first."""
    stack: list[Any] = [value]
    while stack:
        current = stack.pop()
        keys = list(current) if isinstance(current, dict) else range(len(current))
        for k in keys:
            yield current, k
            if isinstance(current[k], dict | list) and current[k]:
                stack.append(current[k])


def mutate_document(doc: dict[str, Any], rng: random.Random) -> None:
    """One structural edit: remove, replace, retype, duplicate or re-link a part."""
    spots = list(containers(doc))
    parent, key = rng.choice(spots)
    kind = rng.randrange(9)
    if kind == 0:  # remove
        del parent[key]
    elif kind == 1:  # a hostile value where this one was
        parent[key] = hostile_value(rng, str(key))
    elif kind == 2 and isinstance(parent, dict):  # an unknown key
        parent[rng.choice(["costt", "efects", "id ", "x" * 70, "overrides", "__class__"])] = (
            hostile_value(rng, "x")
        )
    elif kind == 3 and isinstance(parent, list):  # a duplicate (same id, same everything)
        parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(parent[key]))
    elif kind == 4:  # a value of another type
        value = parent[key]
        parent[key] = (
            [value] if not isinstance(value, list) else (value[0] if value else {"a": value})
        )
    elif kind == 5:  # a zero-delay cycle, perhaps hidden behind arithmetic
        events = [e for e in doc.get("event", []) if isinstance(e, dict)]
        if len(events) >= 2:
            a, b = rng.sample(events, 2)
            delay = rng.choice(["0", "turn - turn", "0 * approval", "-1", "0.5", "1", "2"])
            a["effects"] = [f"schedule('{b.get('id')}', {delay})"]
            b["effects"] = [f"schedule('{a.get('id')}', {rng.choice(['0', 'approval', '1'])})"]
            a["triggered_only"] = rng.random() < 0.5
    elif kind == 6 and isinstance(parent, dict) and "id" in parent:  # ids: clash or break
        parent["id"] = rng.choice(["tiny", "steel", "call", "tariff_talk", "Bad Id", "", "a" * 80])
    elif kind == 7:  # a hostile expression or text in a field that holds one
        exprs = [(p, k) for p, k in spots if isinstance(p, dict) and k in EXPRESSION_KEYS]
        texts = [(p, k) for p, k in spots if isinstance(p, dict) and k in ("text", "explanation")]
        p, k = rng.choice(exprs + texts or spots)
        p[k] = hostile_value(rng, str(k))
    else:  # a number replaced by a hostile number
        numbers = [(p, k) for p, k in spots if isinstance(p[k], int | float)]
        p, k = rng.choice(numbers or spots)
        p[k] = rng.choice(NUMBERS)


def mutate_text(text: str, rng: random.Random) -> str:
    """Damage to the text itself: lines lost, repeated or cut, characters changed."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        kind = rng.randrange(4)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind == 2 and lines[i]:
            j = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:j] + rng.choice("=[]{}\"'#0x.-_ az\\\x00") + lines[i][j + 1 :]
        else:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    return "\n".join(lines)


def fuzz_case(base: dict[str, Any], base_text: str, rng: random.Random) -> str:
    if rng.random() < 0.15:
        return mutate_text(base_text, rng)
    doc = copy.deepcopy(base)
    for _ in range(rng.randint(1, 3)):
        if doc:
            mutate_document(doc, rng)
    try:
        return toml_document(doc)
    except (TypeError, ValueError):  # pragma: no cover - a value the writer cannot write
        return base_text


CASES = 2000


def test_fuzzed_content_never_crashes_validate_and_plays_alike(tmp_path: Path, capsys):
    """2,000 damaged packs: validate always answers with issues (one line each, no exception,
    no hang); each pack that validates plays the same games in both engines."""
    rng = random.Random(20261130)
    base = tomllib.loads(BASE_TEXT)
    base_text = toml_document(base)
    pack = tmp_path / "fuzz"
    policy = get_policy("random")
    counts: Counter[str] = Counter()
    slowest = 0.0
    started = time.perf_counter()
    for case in range(CASES):
        text = fuzz_case(base, base_text, rng)
        write_pack(pack, text)
        begun = time.perf_counter()
        with time_limit(10):
            try:
                cs = load_content([pack], builtin=False)
                issues = validate(cs)
            except Exception as exc:  # pragma: no cover - the failure this test looks for
                raise AssertionError(f"case {case}: {exc!r}\n{text[:2000]}") from exc
            for issue in issues:
                assert issue.file and issue.message and "\n" not in str(issue), (case, issue)
            if any(i.severity == "error" for i in issues):
                counts["refused"] += 1
            elif SCENARIO in cs.scenarios:
                ruleset = build_ruleset(cs, SCENARIO)
                try:
                    assert_engines_agree(ruleset, policy, SEEDS[:2])
                except Exception as exc:  # pragma: no cover
                    raise AssertionError(f"case {case}: {exc!r}\n{text[:4000]}") from exc
                counts["played"] += 1
            else:
                counts["valid, no scenario"] += 1
        slowest = max(slowest, time.perf_counter() - begun)
        if case % 100 == 0:  # now and then through the command, as a user runs it
            errors = any(i.severity == "error" for i in issues)
            assert main(["validate", str(pack)]) == (1 if errors else 0)
            assert "Traceback" not in capsys.readouterr().err
    elapsed = time.perf_counter() - started
    print(f"\n{CASES} packs in {elapsed:.1f} s (slowest {slowest:.2f} s): {dict(counts)}")
    assert counts["refused"] > CASES // 3 and counts["played"] > CASES // 10, counts


def test_fuzzed_strategy_files_never_crash_the_loader(tmp_path: Path, tiny: Ruleset):
    """2,000 damaged strategy files: a StrategyError or a strategy, never another exception
    or a hang; a strategy that loads plays a game, the same in both engines."""
    rng = random.Random(1130)
    base = tomllib.loads(STRATEGY)
    base_text = toml_document(base)
    path = tmp_path / "fuzz.toml"
    counts: Counter[str] = Counter()
    slowest = 0.0
    started = time.perf_counter()
    for case in range(CASES):
        text = fuzz_case(base, base_text, rng)
        path.write_text(text, encoding="utf-8")
        begun = time.perf_counter()
        with time_limit(10):
            try:
                strategy = load_strategy(path, tiny)
            except StrategyError as exc:
                assert exc.issues and all("\n" not in str(i) for i in exc.issues), case
                counts["refused"] += 1
            except Exception as exc:  # pragma: no cover - the failure this test looks for
                raise AssertionError(f"case {case}: {exc!r}\n{text[:2000]}") from exc
            else:
                assert isinstance(strategy, RuleStrategy)
                try:
                    assert_engines_agree(tiny, strategy, SEEDS[:1])
                except Exception as exc:  # pragma: no cover
                    raise AssertionError(f"case {case}: {exc!r}\n{text[:2000]}") from exc
                counts["loaded and played"] += 1
        slowest = max(slowest, time.perf_counter() - begun)
    elapsed = time.perf_counter() - started
    print(f"\n{CASES} strategies in {elapsed:.1f} s (slowest {slowest:.2f} s): {dict(counts)}")
    assert counts["refused"] > CASES // 3 and counts["loaded and played"] > CASES // 10, counts
