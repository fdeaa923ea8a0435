"""The engine, the content loader, the models and headless play never load the UI."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "diplomacy_game.engine.turn",
        "diplomacy_game.content",
        "diplomacy_game.model.content",
        "diplomacy_game.sim.headless",
        "diplomacy_game.saves.store",
        "diplomacy_game.text.turns",
        "diplomacy_game.text.actions",
        "diplomacy_game.commands.play",
        "diplomacy_game.commands.classroom",
    ],
)
def test_core_modules_do_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_headless_play_does_not_import_textual():
    code = (
        "import sys; from diplomacy_game.cli import main; "
        "main(['play', '--scenario', 'second-visit', '--policy', 'passive', '--turns', '2', '--json']); "
        "sys.stderr.write(str('textual' in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().endswith("False")


def test_the_entry_point_settles_its_dependencies_before_importing_them():
    """``cli.run`` asks for one OpenBLAS thread and no pydantic plugins; numpy and pydantic
    read those when they load, so importing the entry point must load neither; and a user's
    own choice stands."""
    code = (
        "import os, sys; os.environ.pop('OPENBLAS_NUM_THREADS', None); "
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = 'mine'; "
        "from diplomacy_game import cli; loaded = 'numpy' in sys.modules; "
        "loaded = loaded or 'pydantic.plugin._loader' in sys.modules; cli.quiet_dependencies(); "
        "print(loaded, os.environ['OPENBLAS_NUM_THREADS'], os.environ['PYDANTIC_DISABLE_PLUGINS'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "1", "mine"]


def test_engine_source_never_uses_eval_exec_or_pickle():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "diplomacy_game"
    # the builtins eval( and exec(, not a name that ends in them (create_subprocess_exec)
    builtin = re.compile(r"(?<!\w)(eval|exec)\(")
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = builtin.search(text)
        assert found is None, f"{path.name} uses {found.group(0) if found else ''}"
        for word in ("pickle", "__import__"):
            assert word not in text, f"{path.name} uses {word}"
