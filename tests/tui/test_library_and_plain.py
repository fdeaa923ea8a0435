"""The saves folder (names, listing, autosave) and the plain screen-reader mode."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from diplomacy_game.saves.library import SaveLibrary, safe_name, saves_dir
from tests.tui.conftest import SEED, saved_game


@pytest.mark.parametrize(
    "typed, stem",
    [
        ("My game", "My-game"),
        ("../../etc/passwd", "etc-passwd"),
        ("/abs/path.json", "abs-path"),
        ("CON", "CON-game"),
        ("lpt1", "lpt1-game"),
        ("", "game"),
        ("...", "game"),
        ("Québec été", "Quebec-ete"),
        ("Søren Kierkegaard-Jensen", "Soren-Kierkegaard-Jensen"),  # not "Sren-..."
        ("Łukasz Strauß", "Lukasz-Strauss"),
        ("Ægir Þórsson", "AEgir-Thorsson"),
        ("a" * 200, "a" * 60),
        ("C:\\\\Windows\\\\x", "C-Windows-x"),
    ],
)
def test_safe_names_stay_inside_the_folder(tmp_path: Path, typed: str, stem: str):
    assert safe_name(typed) == stem
    lib = SaveLibrary(tmp_path / "saves")
    path = lib.path_for(typed)
    assert path.parent.resolve() == (tmp_path / "saves").resolve()


def test_saves_dir_precedence(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("ELBOWS_UP_SAVES", raising=False)
    assert saves_dir(None) == Path("saves")
    monkeypatch.setenv("ELBOWS_UP_SAVES", str(tmp_path / "env"))
    assert saves_dir(None) == tmp_path / "env"
    assert saves_dir(tmp_path / "flag") == tmp_path / "flag"


def test_list_shows_facts_and_damage(play_dir: Path):
    saves = play_dir / "saves"
    saved_game(saves / "one.json", turns=2)
    (saves / "junk.json").write_text("{")
    lib = SaveLibrary(saves)
    infos = {i.name: i for i in lib.list()}
    one = infos["one"]
    assert one.ok and one.scenario == "second-visit" and one.turn == 2
    assert one.approval is not None and one.date is not None and one.saved_at is not None
    assert not infos["junk"].ok and "JSON" in infos["junk"].error
    assert lib.latest_autosave() is None
    saved_game(saves / f"autosave-second-visit-seed{SEED}.json", turns=1)
    assert lib.latest_autosave().turn == 1


def test_plain_mode_plays_and_saves(play_dir: Path):
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    config = LaunchConfig(mode="new", scenario="second-visit", seed=5, saves_dir=Path("saves"))
    # read the briefing, end turn 1 with a memo (answering any events with 1), save, quit
    script = "1\n7\n" + "1\n" * 6 + "because\n8\nplain-test\n9\n"
    out = io.StringIO()
    assert run_plain(config, io.StringIO(script), out) == 0
    text = out.getvalue()
    assert "Turn 1 of" in text and "Type a number" in text
    assert not any(ch in text for ch in "┃┏━│╭")  # no box drawing
    # a screen reader reads "±0" as "plus or minus zero": the figures say it in words
    figures = [line for line in text.splitlines() if "since last turn" in line]
    assert figures and not any("±0" in line or "≈0" in line for line in figures), figures
    assert len(list((play_dir / "saves").glob("autosave-second-visit-seed5-*.json"))) == 1


def test_plain_mode_tells_the_game_so_far(play_dir: Path):
    """The history screen's log had no item in plain mode: a screen-reader player could not
    hear what they had done two turns ago. It tells the same turns as the screen."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.saves.store import load_game
    from diplomacy_game.text.turns import past_turns
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    path = saved_game(play_dir / "saves" / "two.json", turns=2, policy="steady")
    config = LaunchConfig(mode="load", path=path, saves_dir=Path("saves"))
    out = io.StringIO()
    assert run_plain(config, io.StringIO("11\n9\n"), out) == 0
    text = out.getvalue()
    assert "11. Hear the game so far, turn by turn" in text
    ruleset = load_ruleset("second-visit")
    turns = past_turns(ruleset, load_game(path, ruleset))
    assert len(turns) == 2
    for past in turns:
        assert f"{past.heading}: {past.figures}." in text
        assert all(words in text for words, _ in past.lines)
    assert "You: " in text and "Washington " in text


class _Terminal(io.StringIO):
    """Output that says it is a terminal, as a player's is."""

    def isatty(self) -> bool:
        return True


def test_plain_mode_breaks_long_lines_between_words_in_a_terminal(play_dir: Path, monkeypatch):
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    monkeypatch.setenv("COLUMNS", "60")  # what shutil.get_terminal_size reads first
    config = LaunchConfig(mode="new", scenario="review-sprint", seed=7, saves_dir=Path("saves"))
    out, piped = _Terminal(), io.StringIO()
    # the list of diplomatic actions (long lines with numbers), then quit
    assert run_plain(config, io.StringIO("4\n3\n0\n9\n"), out) == 0
    assert run_plain(config, io.StringIO("4\n3\n0\n9\n"), piped) == 0
    # in a terminal the player's Enter ends the line a question is asked on
    enter = "Type a number and press Enter: "
    shown = out.getvalue().replace(enter, enter + "\n").splitlines()
    one_line_each = piped.getvalue().replace(enter, enter + "\n").splitlines()
    assert max(len(line) for line in shown) <= 60
    assert max(len(line) for line in one_line_each) > 60  # piped, a sentence stays whole
    # the same words in the same order: nothing cut, nothing split inside a word
    assert " ".join(out.getvalue().split()) == " ".join(piped.getvalue().split())
    # a numbered option's later lines go on under its text, not under its number
    first = next(i for i, line in enumerate(shown) if line.startswith("  2. Call the President"))
    assert shown[first + 1].startswith("     ") and not shown[first + 1].startswith("      ")


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("short", 10, "short"),
        ("one two three four", 9, "one two\nthree\nfour"),
        ("  3. alpha beta gamma", 12, "  3. alpha\n     beta\n     gamma"),
        ("  indented words here", 12, "  indented\n  words here"),
        ("a supercalifragilistic word", 8, "a\nsupercalifragilistic\nword"),
        ("first line\n\nsecond one is long", 10, "first line\n\nsecond one\nis long"),
    ],
)
def test_wrap_lines(text: str, width: int, expected: str):
    from diplomacy_game.tui.plain import wrap_lines

    assert wrap_lines(text, width) == expected


def test_plain_mode_never_imports_textual():
    code = (
        "import sys, io\n"
        "from diplomacy_game.tui.config import LaunchConfig\n"
        "from diplomacy_game.tui.plain import run_plain\n"
        "config = LaunchConfig(mode='new', scenario='second-visit', seed=1)\n"
        "run_plain(config, io.StringIO('9\\n'), io.StringIO())\n"
        "assert 'textual' not in sys.modules, 'plain mode imported textual'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_launch_imports_no_engine_before_the_first_screen():
    code = (
        "import sys\n"
        "import diplomacy_game.tui.launch, diplomacy_game.tui.app\n"
        "bad = [m for m in ('numpy', 'diplomacy_game.engine', 'diplomacy_game.content')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_plain_mode_takes_up_a_kept_plan(play_dir: Path):
    """A plan kept beside the autosave (begun in the terminal UI or a browser) is taken up by
    plain mode: it says so, and Enter at the memo prompt keeps the memo begun."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import pending_events
    from diplomacy_game.saves.plan import KeptPlan, keep_plan, plan_path
    from diplomacy_game.saves.store import load_game
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    ruleset = load_ruleset("second-visit")
    save = saved_game(play_dir / "saves" / f"autosave-second-visit-seed{SEED}-00000a.json")
    before = load_game(save, ruleset)
    keep_plan(save, before, KeptPlan(memo="Autos first"))
    config = LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves"))
    out = io.StringIO()
    # end the turn, answering the events with 1, and press Enter at the memo prompt; quit
    events = len(pending_events(ruleset, before))
    assert run_plain(config, io.StringIO("7\n" + "1\n" * events + "\n9\n"), out) == 0
    text = out.getvalue()
    assert "Your plan for this turn was kept: your memo." in text
    assert "press Enter to keep: Autos first" in text
    state = load_game(save, ruleset)
    assert state.turn == 3 and state.decisions[-1]["memo"] == "Autos first"
    assert not plan_path(save).exists()


def test_plain_mode_asks_again_without_the_list_and_says_what_quitting_keeps(play_dir: Path):
    """A wrong answer re-asks only the question (a screen reader does not hear the list again);
    Enter alone lists it again. Quitting says what there is to continue from: nothing before a
    turn is played, the autosave after one, and this turn's choices when they are kept."""
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    config = LaunchConfig(mode="new", scenario="review-sprint", seed=5, saves_dir=Path("saves"))
    out = io.StringIO()
    assert run_plain(config, io.StringIO("99\nabc\n\n9\n"), out) == 0
    text = out.getvalue()
    assert text.count("What now?") == 2 and text.count("Please type a number from 1 to") == 2
    assert text.rstrip().endswith(
        "Goodbye. No turn has been played yet, so there is no autosave of this game."
    )
    # Turn 1 ended (the first action, memo skipped); on turn 2 an action is chosen, then quit.
    config = LaunchConfig(mode="new", scenario="review-sprint", seed=5, saves_dir=Path("saves"))
    out = io.StringIO()
    script = "4\n1\n1\n7\n" + "1\n" * 6 + "\n4\n1\n6\n9\n"
    assert run_plain(config, io.StringIO(script), out) == 0
    last = out.getvalue().rstrip().splitlines()[-1]
    assert "The autosave holds the start of turn 2: " in last and "autosave-review-sprint" in last
    assert last.endswith("This turn's choices are kept, and come back when you continue.")


def test_plain_mode_says_what_the_cap_would_waste_once_a_turn(play_dir: Path):
    """Capital the cap would waste is said when the turn menu first shows it, not again at each
    return to the menu (read the briefing, hear the advisors), while it stays the same."""
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    config = LaunchConfig(mode="new", scenario="review-sprint", seed=4, saves_dir=Path("saves"))
    out = io.StringIO()
    assert run_plain(config, io.StringIO("1\n2\n3\n9\n"), out) == 0
    text = out.getvalue()
    assert text.count("What now?") == 4
    assert text.count("would be lost above the most you can hold") == 1


def test_plain_mode_lists_the_turn_menu_once_a_turn_and_when_it_changes(play_dir: Path):
    """The turn menu is read in full when a turn starts; back at it (after the briefing, an
    action) only the question is asked, with its range and the way to hear the list. A new
    turn, Enter alone, or an item that changes lists it in full again."""
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    config = LaunchConfig(mode="new", scenario="review-sprint", seed=4, saves_dir=Path("saves"))
    out = io.StringIO()
    # turn 1: the briefing, the advisors, Enter alone, an action, the end of the turn (no
    # memo); turn 2: an action, then quit
    script = "1\n2\n\n4\n1\n1\n7\n\n4\n1\n6\n9\n"
    assert run_plain(config, io.StringIO(script), out) == 0
    text = out.getvalue()
    full = "  11. Hear the game so far, turn by turn"
    short = "What now? (1 to 11; Enter alone lists them.)"
    first_turn, turn_2, later = text.partition("Turn 2 of 9")
    assert turn_2
    # turn 1: listed at its start and after Enter alone; asked short after the briefing, the
    # advisors and the action
    assert first_turn.count(full) == 2 and first_turn.count(short) == 3
    # turn 2: listed in full at its start, then asked short after the action
    assert later.count(full) == 1 and later.count(short) == 1
    assert later.index(full) < later.index(short)


def test_plain_mode_says_what_each_setting_costs_and_what_the_ending_reveals(play_dir: Path):
    """The last setting of an action is offered with its cost ('50% (costs 2)', where the list
    said 'costs 1'); the ending tells what Washington was really thinking, as the full screen
    does, and how to write the report."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import pending_events
    from diplomacy_game.saves.store import load_game
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    config = LaunchConfig(mode="new", scenario="second-visit", seed=4, saves_dir=Path("saves"))
    out = io.StringIO()
    # actions: retaliation, a counter-tariff, on steel; back at the level; quit
    assert run_plain(config, io.StringIO("4\n1\n2\n1\n0\n9\n"), out) == 0
    text = out.getvalue()
    assert "3. 50% (costs 2)" in text
    assert "1. 10% (not possible: the counter-tariff is already at or above that level" in text

    ruleset = load_ruleset("second-visit")
    save = saved_game(play_dir / "saves" / "late.json", turns=19)
    events = len(pending_events(ruleset, load_game(save, ruleset)))
    config = LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves"))
    out = io.StringIO()
    run_plain(config, io.StringIO("7\n" + "1\n" * events + "\n9\n"), out)
    text = out.getvalue()
    assert "What Washington was really thinking:" in text
    assert "The technical talks: your advisors said " in text
    # a value whose word could mislead comes with what it measures
    assert "each escalation vents his frustration and restores it" in text
    # the command on a line of its own: a terminal folds a long path wherever the line ends
    command = [line for line in text.splitlines() if line.startswith("diplomacy-game report ")]
    assert len(command) == 1 and command[0].endswith(" -o report.html")


def test_plain_mode_tells_a_loaded_games_last_turn_and_its_causes(play_dir: Path):
    """A game loaded in plain mode: the briefing listed the last turn's events by title only
    and sent the player to "the history (h)", which plain mode does not have; the causes of
    the last turn were "No turn has been played yet". Both are now the last turn's, rebuilt
    from the game's log."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import turn_reports
    from diplomacy_game.saves.store import load_game
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    save = saved_game(play_dir / "saves" / "two-turns.json")
    ruleset = load_ruleset("second-visit")
    state = load_game(save, ruleset)
    _, last = turn_reports(ruleset, state)[-1]
    config = LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves"))
    out = io.StringIO()
    assert run_plain(config, io.StringIO("1\n10\n9\n"), out) == 0
    text = " ".join(out.getvalue().split())
    assert "history (h)" not in text
    assert "No turn has been played yet" not in text
    for event in last.events:
        assert " ".join(str(event["text"]).split())[:60] in text, event["id"]
    assert "Approval:" in text or "Causes:" in text


def test_plain_mode_says_once_why_an_action_rests(tmp_path: Path):
    """An action resting after use said its rest twice: "Call the President, back in 2 turns
    (turn 4), not now: can be taken again in 2 turns"; past the last turn, "not again in this
    game" twice. Now once, and a reason keeps the capitals of a name ("Canada already ...")."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.engine.turn import resolve_turn
    from diplomacy_game.model.decisions import ActionChoice, Decision
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.tui.plain import action_label
    from diplomacy_game.tui.session import GameSession

    ruleset = load_ruleset("review-sprint")
    state = new_game(ruleset, 7)
    taken = Decision(actions=[ActionChoice(id="call_president")])
    state, _ = resolve_turn(ruleset, state, taken)
    session = GameSession(ruleset, state, SaveLibrary(tmp_path))
    call = next(o for o in session.options() if o.id == "call_president")
    assert not call.available and call.wait
    label = action_label(session, call)
    assert label.startswith("Call the President, back in "), label
    assert "not now" not in label and "can be taken again" not in label, label
    for _ in range(state.last_turn - 3):
        state, _ = resolve_turn(ruleset, state, Decision())
    state, _ = resolve_turn(ruleset, state, Decision(actions=[ActionChoice(id="call_president")]))
    assert not state.over
    session = GameSession(ruleset, state, SaveLibrary(tmp_path))
    call = next(o for o in session.options() if o.id == "call_president")
    label = action_label(session, call)
    assert label.count("not again in this game") == 1, label


def test_a_loaded_game_tells_its_last_turn_as_it_was_played(tmp_path: Path):
    """A game opened from its save told its last turn in titles alone ("Turn 3 of 9 is behind
    you", the events without their text), where the game played on tells the whole story; the
    turn is rebuilt from the save's log, as plain mode did, for the full-screen game too."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import new_game
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.sim.headless import play_game
    from diplomacy_game.sim.policies import get_policy
    from diplomacy_game.text.turns import briefing
    from diplomacy_game.tui.session import GameSession

    ruleset = load_ruleset("review-sprint")
    played = list(play_game(ruleset, new_game(ruleset, 5), policy=get_policy("steady")))
    state, report = played[2]
    told = briefing(ruleset, state, report)
    session = GameSession(ruleset, state, SaveLibrary(tmp_path))
    assert session.report is None
    assert [(p.kind, p.text) for p in briefing(ruleset, state, session.last_report())] == [
        (p.kind, p.text) for p in told
    ]
    assert any(p.kind == "event" and p.text for p in told)


def test_plain_mode_offers_the_game_to_continue_first(play_dir: Path):
    """`diplomacy-game --plain` went straight to the list of scenarios: a game quit the day
    before was found only by typing its file's path."""
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    saved_game(play_dir / "saves" / f"autosave-second-visit-seed{SEED}-00000a.json", turns=2)
    out = io.StringIO()
    assert run_plain(LaunchConfig(saves_dir=Path("saves")), io.StringIO("1\n9\n"), out) == 0
    text = out.getvalue()
    assert "Continue The Second Visit, at turn 3 of 20 (autosave-second-visit-seed" in text
    assert "after turn 2." in text and "Choose a scenario." not in text
    out = io.StringIO()  # or a new game
    assert run_plain(LaunchConfig(saves_dir=Path("saves")), io.StringIO("2\n1\n9\n"), out) == 0
    assert "Choose a scenario." in out.getvalue()


def test_plain_mode_says_an_answered_event_is_answered_and_asks_only_the_others(
    play_dir: Path,
):
    """The briefing said "This event waits for your answer" of events answered, and ending
    the turn asked every event again, the answered ones first."""
    from diplomacy_game.content import load_ruleset
    from diplomacy_game.engine.game import pending_events
    from diplomacy_game.saves.store import load_game
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain

    ruleset = load_ruleset("second-visit")
    save = saved_game(play_dir / "saves" / f"autosave-second-visit-seed{SEED}-00000a.json")
    waiting = pending_events(ruleset, load_game(save, ruleset))
    assert len(waiting) >= 2, "the test needs two events waiting"
    first, second = waiting[0], waiting[1]
    # answer the first event only (6, 1, then 0 at the second), read the briefing, end the turn
    script = "6\n1\n0\n1\n7\n" + "1\n" * (len(waiting) - 1) + "\n9\n"
    out = io.StringIO()
    config = LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves"))
    assert run_plain(config, io.StringIO(script), out) == 0
    text = out.getvalue()
    briefing = text.split("Type a number and press Enter: ")[4]  # after 6, 1, 0 and 1
    label = first["options"][0]["label"]
    assert f"Event: {first['title']}." in briefing
    assert f"You answered it: {label}." in briefing
    assert briefing.count("This event waits for your answer.") == len(waiting) - 1
    ended = text.split("Memo: why did you decide this")[0].rsplit("Type a number", 1)[0]
    asked = ended.split("Chosen this turn")[-1]
    assert f"Event: {second['title']}." in asked and f"Event: {first['title']}." not in asked
    assert load_game(save, ruleset).turn == 3


def test_plain_mode_says_when_an_action_chosen_again_changes_its_settings(play_dir: Path):
    from diplomacy_game.tui.config import LaunchConfig
    from diplomacy_game.tui.plain import run_plain
    from diplomacy_game.tui.session import GameSession

    session = GameSession.new("second-visit", SEED, SaveLibrary(play_dir / "saves"))
    families = [f for f in ("retaliation",) if any(o.family == f for o in session.options())]
    assert families, "the test needs the retaliation actions"
    retaliation = [o for o in session.options() if o.family == "retaliation"]
    raise_it = next(i for i, o in enumerate(retaliation, 1) if o.id == "counter_tariff")
    spec = session.ruleset.actions["counter_tariff"].spec
    sectors, levels = spec.params[0].choices, spec.params[1].values
    steel, aluminum = sectors.index("steel") + 1, sectors.index("aluminum") + 1
    top = len(levels)  # the highest level
    pick = f"4\n1\n{raise_it}\n{{}}\n{top}\n"
    script = pick.format(steel) + pick.format(aluminum) + "9\n"
    out = io.StringIO()
    config = LaunchConfig(mode="new", scenario="second-visit", seed=SEED, saves_dir=Path("saves"))
    assert run_plain(config, io.StringIO(script), out) == 0
    text = out.getvalue()
    assert "Added: Raise a counter-tariff." in text
    assert "Changed: Raise a counter-tariff, now Aluminum, 50% instead of Steel, 50%." in text


def test_a_long_question_is_broken_between_words_too():
    """Questions were written as they were ("Type y to repl / ace it" at the edge)."""
    from diplomacy_game.tui.plain import Prompter

    out = io.StringIO()
    question = (
        "g.json holds a save of The Second Visit, after turn 1. Replace it? Type y to replace it."
    )
    assert Prompter(io.StringIO("y\n"), out, width=40).ask(question) == "y"
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 40 and lines[-1].endswith("replace it. ")
    assert " ".join(out.getvalue().split()) == question
