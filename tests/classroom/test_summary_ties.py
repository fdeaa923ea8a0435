"""Two students who play alike have one game between them: the class overview names both at a
high or a low, not whichever was listed first, and says once an approval every game shares
instead of a "highest" and a "lowest" that are the same student's."""

from __future__ import annotations

from pathlib import Path

from diplomacy_game.cli import main


def _class(tmp_path: Path, games: dict[str, str]) -> Path:
    """Each student's game played by a policy and handed in; the folder handed in."""
    roster = tmp_path / "roster.txt"
    roster.write_text("\n".join(games) + "\n", encoding="utf-8")
    out = tmp_path / "assignments"
    argv = ["assign", "--scenario", "review-sprint", "--seed", "2026", "--class", "Civics 11B"]
    assert main([*argv, "--students", str(roster), "-o", str(out)]) == 0
    handed = tmp_path / "handed-in"
    for student, policy in games.items():
        name = f"Civics-11B-{student.replace(' ', '-').replace(',', '')}.json"
        argv = ["play", "--load", str(out / name), "--policy", policy]
        assert main([*argv, "--save", str(handed / name)]) == 0
    return handed


def _overview(handed: Path, tmp_path: Path, capsys) -> list[str]:
    capsys.readouterr()
    assert main(["class-summary", str(handed), "-o", str(tmp_path / "class.csv")]) == 0
    return capsys.readouterr().out.splitlines()


def test_students_tied_at_a_high_or_a_low_are_named_together(tmp_path, capsys):
    handed = _class(tmp_path, {"Ann Lee": "steady", "Bo Chan": "steady", "Cy Dee": "hardline"})
    lines = _overview(handed, tmp_path, capsys)
    named = [line for line in lines if "Ann Lee" in line or "Bo Chan" in line]
    figures = [line for line in named if line.startswith(("- Highest", "- Lowest", "- Deepest"))]
    assert figures, lines  # the two alike games are at one end of something
    for line in figures:
        assert "Ann Lee and Bo Chan (" in line, line
    assert sum(line.startswith("- Highest approval") for line in lines) == 1
    assert sum(line.startswith("- Lowest approval") for line in lines) == 1


def test_an_approval_every_game_shares_is_said_once(tmp_path, capsys):
    handed = _class(tmp_path, {"Ann Lee": "steady", "Smith, John": "steady"})
    lines = _overview(handed, tmp_path, capsys)
    assert not any(line.startswith(("- Highest approval", "- Lowest approval")) for line in lines)
    approval = [line for line in lines if line.startswith("- Approval: ")]
    assert len(approval) == 1 and approval[0].endswith("% in both games."), lines
    deepest = next(line for line in lines if line.startswith("- Deepest recession: "))
    # a name with a comma of its own is set apart by a semicolon, as the class list does
    assert deepest.startswith("- Deepest recession: Ann Lee; Smith, John (GDP gap "), deepest
