"""Plain mode (and the screens) with saves that went wrong: a damaged newest save falls back
to the one before and says so; what quitting says when the autosave could not be written;
saving over another game; answers and memos that are not what the prompt expects."""

from __future__ import annotations

import io
from pathlib import Path

from diplomacy_game.cli import main
from diplomacy_game.content import load_ruleset
from diplomacy_game.engine.game import new_game
from diplomacy_game.saves.store import save_game
from diplomacy_game.sim.headless import play_through
from diplomacy_game.sim.policies import get_policy
from diplomacy_game.tui.config import LaunchConfig
from diplomacy_game.tui.plain import run_plain
from tests.tui.conftest import SEED, wait_for

SCENARIO = "second-visit"
SIZE = (100, 30)


def two_generations(path: Path) -> Path:
    """A save of turn 2 at ``path`` and of turn 1 as NAME.1.json."""
    ruleset = load_ruleset(SCENARIO)
    state = new_game(ruleset, SEED)
    for turn in (1, 2):
        state = play_through(ruleset, state, policy=get_policy("passive"), max_turns=1)
        assert state.turn == turn
        save_game(path, ruleset, state)
    return path


def plain(config: LaunchConfig, script: str) -> str:
    out = io.StringIO()
    assert run_plain(config, io.StringIO(script), out) == 0
    return out.getvalue()


def test_a_save_cut_short_falls_back_to_the_one_before_and_says_so(play_dir: Path):
    save = two_generations(play_dir / "saves" / "g.json")
    save.write_bytes(save.read_bytes()[:500])  # cut short: not even JSON
    text = plain(LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves")), "9\n")
    assert "it was kept as g.damaged-" in text
    assert "Loaded the previous save g.1.json (after turn 1)." in text
    assert "g.1.json: " in text and "after turn 1." in text


def test_a_save_edited_falls_back_and_plain_mode_names_the_file_it_loaded(play_dir: Path):
    save = two_generations(play_dir / "saves" / "g.json")
    save.write_bytes(save.read_bytes().replace(b'"turn": 2', b'"turn": 1', 1))
    text = plain(LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves")), "9\n")
    assert f"Loaded {save.with_name('g.1.json')}: " in text
    assert "g.json could not be loaded (the save's checksum does not match" in text


def test_play_load_falls_back_and_says_so_on_stderr(play_dir: Path, capsys):
    save = two_generations(play_dir / "g.json")
    save.write_bytes(save.read_bytes()[:500])
    code = main(["play", "--load", str(save), "--policy", "passive", "--turns", "1", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "loaded the previous save g.1.json (after turn 1)" in err and '"turns_played"' in out


async def test_the_screens_tell_of_the_fallback(make_app, play_dir: Path):
    save = two_generations(play_dir / "saves" / "g.json")
    save.write_bytes(save.read_bytes()[:500])
    app = make_app("load", path=save)
    notes: list[str] = []
    shown = app.notify
    app.notify = lambda message, **kw: (notes.append(message), shown(message, **kw))[1]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session is not None and bool(notes))
        assert app.session.state.turn == 1
        assert any("Loaded the previous save g.1.json" in n for n in notes)


async def test_the_load_list_falls_back_too(make_app, play_dir: Path):
    """A damaged save with the one before it beside it (g.1.json) was listed as damaged and
    Enter only rang the bell: the list hides older generations, so the game could not be
    opened from the screens at all, though loading it by name falls back. The list now says
    Enter opens the save before it, and does."""
    from tests.tui.conftest import settled, text_of

    save = two_generations(play_dir / "saves" / "g.json")
    save.write_bytes(save.read_bytes()[:500])
    app = make_app()
    notes: list[str] = []
    shown = app.notify
    app.notify = lambda message, **kw: (notes.append(message), shown(message, **kw))[1]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, settled(app, "TitleScreen"))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: settled(app, "LoadScreen")() and len(app.screen.saves) == 1)
        assert app.screen.saves[0].error
        await pilot.pause()
        status = " ".join(text_of(app.screen.query_one("#load-status")).split())
        assert "Enter loads the save before it, g.1.json" in status, status
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.session is not None and bool(notes))
        assert app.session.state.turn == 1
        assert any("Loaded the previous save g.1.json" in n for n in notes)


def test_a_saves_folder_that_is_a_file_is_said_at_once_and_quitting_says_what_is_lost(
    play_dir: Path,
):
    (play_dir / "afile").write_text("not a folder")
    config = LaunchConfig(mode="new", scenario=SCENARIO, seed=5, saves_dir=Path("afile"))
    # end turn 1 (answering events with 1), then quit: asked, quit anyway
    text = plain(config, "7\n" + "1\n" * 6 + "why\n9\n1\n")
    start = text.index("The saves folder afile is a file, not a folder")
    assert start < text.index("Turn 1 of")
    assert "The autosave failed" in text and "turn 1 is NOT saved" in text
    assert "Quit anyway?" in text
    goodbye = text[text.rindex("Goodbye.") :]
    assert "turn 1 is NOT saved" in goodbye and "autosave holds" not in goodbye
    # one turn lost is "it", not "them": "turn 1 is NOT saved. ... To keep them, save"
    assert "To keep it, save the game" in goodbye, goodbye


def test_quitting_after_a_load_never_claims_an_autosave_that_is_not_there(play_dir: Path):
    save = two_generations(play_dir / "saves" / "g.json")
    text = plain(LaunchConfig(mode="load", path=str(save), saves_dir=Path("saves")), "9\n")
    assert f"Goodbye. Your save holds the start of turn 3: {save}." in text


def test_serve_refuses_a_saves_folder_that_is_a_file(play_dir: Path, capsys):
    (play_dir / "afile").write_text("x")
    assert main(["serve", "--saves-dir", "afile", "--port", "0"]) == 2
    assert "afile is a file, not a folder" in capsys.readouterr().err


def test_saving_over_another_games_save_asks_first(play_dir: Path):
    other = two_generations(play_dir / "saves" / "theirs.json")
    before = other.read_bytes()
    config = LaunchConfig(mode="new", scenario=SCENARIO, seed=5, saves_dir=Path("saves"))
    text = plain(config, "8\ntheirs\n\n8\ntheirs.json\ny\n9\n")
    assert "theirs.json already exists (a save of second-visit, seed" in text
    assert text.count("Replace it?") == 2 and "Not saved." in text
    assert f"Saved to {Path('saves') / 'theirs.json'}." in text
    assert other.read_bytes() != before


def test_a_name_that_had_to_be_changed_is_said(play_dir: Path):
    config = LaunchConfig(mode="new", scenario=SCENARIO, seed=5, saves_dir=Path("saves"))
    text = plain(config, "8\n日本\n8\n..\n9\n")
    assert "'日本' cannot be a file name as it is: the save will be named game.json." in text
    assert "'..' cannot be a file name as it is" in text
    assert "already exists" not in text  # the second goes to the game's own save: not asked


def test_digits_that_are_not_numbers_are_asked_again(play_dir: Path):
    config = LaunchConfig(mode="new", scenario=SCENARIO, seed=5, saves_dir=Path("saves"))
    text = plain(config, "³\n②\n²\n9\n")
    assert text.count("Please type a number from 1 to") == 3


def test_a_memo_too_long_is_cut_and_said(play_dir: Path):
    config = LaunchConfig(mode="new", scenario=SCENARIO, seed=5, saves_dir=Path("saves"))
    from diplomacy_game.engine.game import pending_events

    events = len(pending_events(load_ruleset(SCENARIO), new_game(load_ruleset(SCENARIO), 5)))
    answers = "7\n" + "1\n" * events
    text = plain(config, answers + "x" * 5000 + "\n9\n")
    assert "Your memo has 5,000 characters; a memo holds at most 4,000" in text
    assert "Turn 1 is over." in text


def test_the_report_command_names_the_file_that_holds_the_game_now(play_dir: Path):
    """Loaded from a save by name at turn 2 and played on, the game is in its autosave: the
    ending's report command must name that, not the save of turn 2 (its report would stop
    there)."""
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.tui.session import GameSession

    save = two_generations(play_dir / "saves" / "mid-game.json")
    session = GameSession.load(save, SaveLibrary(Path("saves")))
    assert session.holding_file() == save
    session.commit(session.resolve())
    assert session.state.turn == 3
    assert session.holding_file() == session.autosave_path != save


def test_plain_mode_lists_a_chosen_action_with_its_chosen_settings(play_dir: Path):
    """After choosing aluminum at 50%, the list of actions said 'Sets the counter-tariff on
    agri-food and seafood to 25%' (the content's default), not what was chosen."""
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.tui.plain import FAMILY_TITLES, PlainGame, Prompter
    from diplomacy_game.tui.session import GameSession

    session = GameSession.new(SCENARIO, SEED, SaveLibrary(Path("saves")))
    assert session.choose("counter_tariff", {"sector": "aluminum", "level": 50.0}) == ""
    families = [f for f in FAMILY_TITLES if any(o.family == f for o in session.options())]
    out = io.StringIO()
    script = io.StringIO(f"{families.index('retaliation') + 1}\n0\n")
    PlainGame(session, Prompter(script, out)).choose_action()
    listed = next(line for line in out.getvalue().splitlines() if "Raise a counter-tariff" in line)
    assert "Sets the counter-tariff on aluminum to 50%" in listed, listed


def test_an_answer_that_costs_money_says_so_before_it_is_given(play_dir: Path):
    """Loan guarantees to the mills raised lumber support by C$1.0B a year with no word before
    the answer; each option now lists what it does to the figures, as an action does."""
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.tui.plain import PlainGame, Prompter
    from diplomacy_game.tui.session import GameSession

    session = GameSession.new("review-sprint", SEED, SaveLibrary(Path("saves")))
    session.state.pending = ["dom_sawmills"]
    option = next(o for o in session.pending()[0]["options"] if o["id"] == "loan_guarantees")
    assert option["facts"] == ["Support a year, paid from fiscal room: Softwood lumber C$1.0B."]
    out = io.StringIO()
    PlainGame(session, Prompter(io.StringIO("0\n"), out)).answer_events()
    assert "Softwood lumber C$1.0B. Advisors:" in out.getvalue()


def test_plain_mode_marks_the_answer_taken_if_none_is_given_and_then_the_answer(play_dir: Path):
    """The dialog marks the answer an event takes when the turn ends unanswered, and the one
    given; plain mode listed the answers alike, so a player there could not tell what doing
    nothing would choose."""
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.tui.plain import PlainGame, Prompter
    from diplomacy_game.tui.session import GameSession

    session = GameSession.new("review-sprint", SEED, SaveLibrary(Path("saves")))
    session.state.pending = ["dom_sawmills"]
    out = io.StringIO()
    PlainGame(session, Prompter(io.StringIO("0\n"), out)).answer_events()
    listed = [line for line in out.getvalue().splitlines() if line.startswith("  ")]
    marked = [line for line in listed if "(if you do not answer)" in line]
    assert len(marked) == 1 and marked[0].startswith("  1. Extend loan guarantees"), listed

    out = io.StringIO()
    PlainGame(session, Prompter(io.StringIO("2\n0\n"), out)).answer_events()
    assert session.answers == {"dom_sawmills": "softwood_quota"}
    out = io.StringIO()
    PlainGame(session, Prompter(io.StringIO("0\n"), out)).answer_events()
    listed = [line for line in out.getvalue().splitlines() if line.startswith("  ")]
    assert [line[:5] for line in listed if "(your answer)" in line] == ["  2. "], listed
    assert not any("(if you do not answer)" in line for line in listed), listed


def test_plain_mode_says_a_sectors_change_of_jobs_in_jobs(play_dir: Path):
    """ "53.4 thousand jobs, -20 since last turn" read as twenty thousand: the change, in jobs
    as the turn result lists it, says so."""
    from diplomacy_game.saves.library import SaveLibrary
    from diplomacy_game.text.figures import sector_rows
    from diplomacy_game.tui.plain import PlainGame, Prompter
    from diplomacy_game.tui.session import GameSession

    session = GameSession.new("review-sprint", 1, SaveLibrary(Path("saves")))
    session.commit(session.resolve())
    out = io.StringIO()
    PlainGame(session, Prompter(io.StringIO(""), out)).sectors()
    moved = [r for r in sector_rows(session.ruleset, session.state) if r.change != "±0"]
    assert moved  # a sector's jobs moved in the first turn
    for row in moved:
        line = next(line for line in out.getvalue().splitlines() if line.startswith(row.name))
        assert line.endswith(f"thousand jobs, {row.change} jobs since last turn."), line
