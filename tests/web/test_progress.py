"""The teacher's window during a class, line by line: the students' hand-in files as their
games write them, a damaged or foreign file, who signed in and whose game closed."""

from __future__ import annotations

from diplomacy_game.web.lab import Lab
from diplomacy_game.web.progress import ClassProgress, Seen
from tests.web.helpers import play


def news(progress: ClassProgress) -> list[str]:
    return progress.take(progress.read_changed())


def test_each_students_game_is_a_line_when_it_starts_moves_and_ends(lab: Lab, review_sprint):
    progress = ClassProgress(lab, review_sprint)
    assert news(progress) == []
    play(lab, review_sprint, "Amira Haddad", 0)
    assert news(progress) == ["Amira Haddad: started The Review Sprint"]
    assert news(progress) == []  # nothing changed: nothing said (and nothing read)
    play(lab, review_sprint, "Amira Haddad", 3)
    assert news(progress) == ["Amira Haddad: ended turn 3 of 9"]
    play(lab, review_sprint, "Ben O'Connor", 99)
    [line] = news(progress)
    ending = (lab.hand_in / "Ben-O-Connor.json").read_text(encoding="utf-8")
    assert line.startswith("Ben O'Connor: finished: ") and " (grade " in line
    assert ", score " in line and "/100)" in line
    title = line.split("finished: ", 1)[1].split(" (grade")[0]
    assert title in ending
    assert progress.summary() == (
        "Civics 11B: 2 of 3 students have a game, 1 finished; 0 signed in now; "
        "not started: Chloé Tremblay"
    )
    # a save with nothing new (the student pressed Ctrl+S) is not news
    play(lab, review_sprint, "Amira Haddad", 3)
    assert news(progress) == []


def test_games_there_when_the_server_starts_are_counted_not_announced(lab, review_sprint):
    play(lab, review_sprint, "Amira Haddad", 2)
    progress = ClassProgress(lab, review_sprint)
    assert progress.take(progress.read_changed(), quiet=True) == []
    assert progress.any_game
    assert progress.summary(now=False) == (
        "Civics 11B: 1 of 3 students have a game, 0 finished; "
        "not started: Ben O'Connor, Chloé Tremblay"
    )


def test_a_damaged_edited_or_foreign_file_is_one_line_once(lab: Lab, review_sprint):
    progress = ClassProgress(lab, review_sprint)
    play(lab, review_sprint, "Amira Haddad", 2)
    news(progress)
    own = lab.hand_in / "Amira-Haddad.json"
    whole = own.read_bytes()
    own.write_bytes(whole[: len(whole) // 2])  # cut short
    [line] = news(progress)
    assert line.startswith("Amira Haddad: Amira-Haddad.json cannot be read: ")
    assert "damaged or cut short" in line and "\n" not in line
    own.write_bytes(whole[: len(whole) // 3])  # damaged again, the same way: said once
    assert news(progress) == []
    own.write_bytes(whole.replace(b'"turn": 2', b'"turn": 8'))  # edited by hand
    assert news(progress) == [
        "Amira Haddad: Amira-Haddad.json was changed outside the game (its checksum does not "
        "match); 'verify' says more"
    ]
    own.write_bytes(whole)  # put back: the game is news again
    assert news(progress) == ["Amira Haddad: ended turn 2 of 9"]
    # a classmate's game copied into a student's file: named as verify names it
    (lab.hand_in / "Ben-O-Connor.json").write_bytes(whole)
    assert news(progress) == [
        "Ben O'Connor: Ben-O-Connor.json holds Amira Haddad's game, not Ben O'Connor's: the "
        "assignment record in it names Amira Haddad"
    ]
    # a sound game of the class for someone not on the roster: no name the roster does not
    # have is printed
    from diplomacy_game.saves.store import save_game

    stranger = lab.new_state(review_sprint, lab.find("Amira Haddad"))
    stranger.assignment = dict(stranger.assignment, student="Zed Stranger")
    save_game(lab.hand_in / "Ben-O-Connor.json", review_sprint, stranger, generations=1)
    assert news(progress) == [
        "Ben O'Connor: Ben-O-Connor.json is not this student's game of Civics 11B"
    ]
    (lab.hand_in / "Ben-O-Connor.json").write_bytes(whole)
    assert news(progress)[0].startswith("Ben O'Connor: Ben-O-Connor.json holds Amira Haddad's")
    (lab.hand_in / "Chloe-Tremblay.json").write_bytes(b"\x1b[2J" * 10)
    [line] = news(progress)
    assert "\x1b" not in line and "cannot be read" in line
    own.unlink()
    assert news(progress) == ["Amira Haddad: Amira-Haddad.json is no longer in the hand-in folder"]
    # the count tells a file that cannot be read from a classmate's game, and from an edit
    assert progress.summary().endswith(
        "; 1 file cannot be read, 1 not the student's own game; not started: Amira Haddad"
    )
    (lab.hand_in / "Chloe-Tremblay.json").write_bytes(whole.replace(b'"turn": 2', b'"turn": 8'))
    news(progress)
    assert progress.summary().endswith(
        "; 1 file changed outside the game, 1 not the student's own game; not started: Amira Haddad"
    )


def test_an_ending_is_shown_only_as_this_scenario_has_it(lab: Lab, review_sprint):
    """A file whose checksum holds but whose ending is not this scenario's (another version
    of the content, or an edit sealed again): "finished", with nothing the file made up."""
    progress = ClassProgress(lab, review_sprint)
    play(lab, review_sprint, "Ben O'Connor", 99)
    news(progress)
    progress.endings = {}
    progress.seen["Ben-O-Connor"] = Seen()  # read again
    assert news(progress) == ["Ben O'Connor: finished"]


def test_whose_game_closed_is_said_only_when_its_student_signed_in(lab: Lab, review_sprint):
    progress = ClassProgress(lab, review_sprint)
    play(lab, review_sprint, "Amira Haddad", 4)
    news(progress)
    assert progress.sign_in("g1", "Amira-Haddad") == "Amira Haddad: signed in (4 of 9 turns ended)"
    assert progress.sign_in("g2", "Chloe-Tremblay") == "Chloé Tremblay: signed in"
    assert progress.sign_in("g3", "../etc/passwd") == ""  # not a name of the roster
    assert progress.sign_in("g3", ["Amira-Haddad"]) == ""
    assert progress.summary().startswith("Civics 11B: 1 of 3 students have a game, 0 finished; 2 ")
    assert (
        progress.closed("g1", "", 2) == "a game closed (2 open): Amira Haddad, 4 of 9 turns ended"
    )
    assert progress.closed("g2", " after being idle", 1) == (
        "a game closed after being idle (1 open): Chloé Tremblay"
    )
    assert progress.closed("g3", "", 0) == "a game closed (0 open)"  # nobody signed in to it


async def test_a_games_word_on_who_signed_in_is_said_only_in_a_class(lab: Lab, review_sprint):
    """The message a class's game sends when its student signs in: a line in a class, and
    nothing at all from a server without one (plain ``serve`` has no names)."""
    import json

    from diplomacy_game.web import SIGNED_IN
    from diplomacy_game.web.server import GameProcess, LabServer, ServeOptions

    async def nowhere(*args: object) -> None:
        pass

    word = json.dumps({"type": SIGNED_IN, "student": "Amira-Haddad"}).encode()
    for progress, said in ((None, []), (ClassProgress(lab, review_sprint), ["signed in"])):
        lines: list[str] = []
        server = LabServer(ServeOptions(), ["true"], say=lines.append, progress=progress)
        game = GameProcess(
            ["true"],
            write_bytes=nowhere,
            write_str=nowhere,
            close=nowhere,
            download_manager=server.download_manager,
        )
        game.on_signed_in = server._signed_in
        server.games[game.app_service_id] = game
        await game.on_meta(word)
        assert [line.split(": ", 1)[-1] for line in lines] == said


def test_an_ending_waits_for_its_replay_and_is_said_with_the_verdict(lab: Lab, review_sprint):
    """With endings checked (the server replays them), a game that ends is handed over once,
    not said; its line then carries the verdict, and the class's count the failures."""
    progress = ClassProgress(lab, review_sprint)
    progress.check_endings = True
    play(lab, review_sprint, "Ben O'Connor", 99)
    play(lab, review_sprint, "Amira Haddad", 99)
    play(lab, review_sprint, "Chloé Tremblay", 2)
    assert news(progress) == ["Chloé Tremblay: ended turn 2 of 9"]
    ben, amira = sorted(progress.take_waiting(), key=lambda e: e.stem)[::-1]
    assert progress.take_waiting() == []  # handed over once
    assert ben.path == lab.hand_in / "Ben-O-Connor.json"
    assert ben.said.startswith("finished: ") and "(grade " in ben.said
    play(lab, review_sprint, "Ben O'Connor", 99)  # saved again at its end: not a new ending
    assert news(progress) == [] and progress.take_waiting() == []

    assert progress.ending_checked(ben, {"ok": True, "kind": "consistent", "message": "x"}) == (
        f"Ben O'Connor: {ben.said}, verified"
    )
    edited = {
        "ok": False,
        "kind": "altered",
        "message": "turn 7: 'approval' is 71.5 in the save but 47.7 in the replay",
        "turn": 7,
    }
    assert progress.ending_checked(amira, edited) == (
        f"Amira Haddad: {amira.said}, but it does not replay: turn 7: 'approval' is 71.5 in "
        "the save but 47.7 in the replay"
    )
    assert progress.summary().startswith(
        "Civics 11B: 3 of 3 students have a game, 2 finished (1 not verified); "
    )
    line = progress.ending_checked(ben, None, "the replay stopped unexpectedly")
    assert line == (
        f"Ben O'Connor: {ben.said} (not verified: the replay stopped unexpectedly; "
        "'verify' checks it)"
    )
    machine = progress.ending_checked(ben, {"ok": False, "kind": "machine", "message": "..."})
    assert "not confirmed: this machine's arithmetic differs" in machine
    assigned = {"ok": False, "kind": "altered", "where": "assignment", "message": "assigned seed 1"}
    assert progress.ending_checked(ben, assigned).endswith("(not verified: assigned seed 1)")
    content = {"ok": False, "kind": "content", "message": "played with another version\nof it"}
    assert progress.ending_checked(ben, content).endswith(
        "(not verified: played with another version\\nof it)"
    )
