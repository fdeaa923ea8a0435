"""The terminal UI with a hostile saves folder: the load screen lists thousands of edited,
damaged and special files in a few openings, and the save dialog meets a link and a pipe.
The app stays up, the game in play stays intact, and no file is lost."""

from __future__ import annotations

import asyncio
import copy
import os
import random
import time
from pathlib import Path

from diplomacy_game.tui.launch import LaunchConfig, build_app
from tests.hostile_cases import (
    contents,
    genuine_saves,
    hostile_saves,
    limits,
    seal_edited,
    special_files,
)
from tests.tui.conftest import on, settled, text_of, wait_for

SIZE = (120, 40)
OPENINGS = 4
PER_OPENING = 500  # the load list shows the 500 newest files of a folder
LIST_SECONDS_PER_FILE = 0.05


def _app(saves: Path, mode: str = "title", **kwargs):
    app = build_app(LaunchConfig(mode=mode, saves_dir=saves, blink=False, **kwargs))
    app.animation_level = "none"
    return app


def test_fuzz_load_screen(tmp_path: Path):
    asyncio.run(_fuzz_load_screen(tmp_path))


async def _fuzz_load_screen(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    done = tmp_path / "listed"
    done.mkdir()
    genuine = genuine_saves()
    cases = list(hostile_saves(genuine, random.Random(6), OPENINGS * PER_OPENING))
    # Whether any random edit survives every check depends on the content (one more variable
    # in a save changes every edit drawn after it): the last opening also lists a genuine
    # save, the newest, so that the way a game comes up from the list is always walked.
    newest = copy.deepcopy(genuine.docs[0])
    newest["saved_at"] = "2099-01-01T00:00:00+00:00"
    cases[-PER_OPENING] = seal_edited(newest, {})
    app = _app(saves)
    listed = loaded = 0
    with limits():
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, on(app, "TitleScreen"))
            for opening in range(OPENINGS):
                batch = cases[opening * PER_OPENING : (opening + 1) * PER_OPENING]
                for i, data in enumerate(batch):
                    (saves / f"case-{opening}-{i:03d}.json").write_bytes(data)
                if opening == 0:
                    special_files(saves)
                before = contents(saves)
                started = time.monotonic()
                await pilot.press("ctrl+o")
                await wait_for(
                    pilot,
                    lambda: on(app, "LoadScreen")() and len(app.screen.saves) == PER_OPENING,
                    timeout=PER_OPENING * LIST_SECONDS_PER_FILE,
                )
                screen = app.screen
                assert screen.query_one("#load-table").row_count == PER_OPENING
                listed += len(screen.saves)
                # walk the list, and ask to load a few of the files that cannot be loaded
                for _ in range(20):
                    await pilot.press("down")
                bad = [k for k, info in enumerate(screen.saves) if info.error][:3]
                for row in bad:
                    screen.query_one("#load-table").move_cursor(row=row)
                    await pilot.press("enter")
                    await pilot.pause()
                    assert app.screen is screen and app.is_running
                # open the edited saves whose header looks good: each is refused with a
                # message in the list, or the game comes up
                status = screen.query_one("#load-status")
                for row in [k for k, info in enumerate(screen.saves) if not info.error][:5]:
                    screen.query_one("#load-table").move_cursor(row=row)
                    await pilot.press("enter")
                    await wait_for(
                        pilot,
                        lambda s=screen, st=status: (
                            app.screen is not s or "cannot be loaded" in text_of(st)
                        ),
                        timeout=15,
                    )
                    if app.screen is not screen:
                        await wait_for(
                            pilot,
                            lambda: (
                                type(app.screen).__name__
                                in ("CabinetScreen", "EndingScreen", "EventDialog", "ConfirmDialog")
                            ),
                        )
                        if type(app.screen).__name__ == "ConfirmDialog":
                            # a sound save of another version of the content (an edited digest,
                            # sealed again): offered to be played again; declined, the list stays
                            await pilot.press("escape")
                            await wait_for(
                                pilot,
                                lambda s=screen, st=status: (
                                    app.screen is s and "left as it is" in text_of(st)
                                ),
                            )
                            continue
                        loaded += app.session is not None
                        break
                else:
                    await pilot.press("escape")
                await pilot.pause()
                assert app.is_running
                assert time.monotonic() - started < 60
                assert contents(saves) <= before | contents(saves)  # nothing lost ...
                assert before <= contents(saves)  # ... every file's bytes are still there
                for path in saves.iterdir():  # make room for the next opening's files
                    if path.is_file() and not path.is_symlink():
                        path.rename(done / f"{opening}-{path.name}")
                    else:
                        path.unlink() if not path.is_dir() else os.rmdir(path)
                if type(app.screen).__name__ == "EventDialog":
                    await pilot.press("escape")
    assert listed >= OPENINGS * PER_OPENING and loaded >= 1


def test_a_link_or_a_pipe_in_the_saves_folder_never_ends_the_game(tmp_path: Path):
    asyncio.run(_save_dialog_with_links(tmp_path))


async def _save_dialog_with_links(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    outside = tmp_path / "outside.json"
    outside.write_text("precious", encoding="utf-8")
    (saves / "evil.json").symlink_to(outside)
    (saves / "loop.json").symlink_to(saves / "loop.json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(saves / "pipe.json")
    app = _app(saves, mode="new", scenario="second-visit", seed=42)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, on(app, "CabinetScreen"))
        session, state = app.session, app.session.state
        for name in ("evil", "loop", "pipe"):
            await pilot.press("ctrl+s")
            await wait_for(pilot, settled(app, "SaveDialog"))  # built: its name box is there
            field = app.screen.query_one("#save-name")
            field.value = ""
            await pilot.press(*name)  # every keystroke looks the name up
            await pilot.press("enter")
            await pilot.pause()
            assert on(app, "SaveDialog")() and app.is_running
            await pilot.press("escape")
            await wait_for(pilot, on(app, "CabinetScreen"))
        assert app.session is session and app.session.state is state
    assert outside.read_text(encoding="utf-8") == "precious"
    assert (saves / "evil.json").is_symlink()
