"""Reading a file a user named: only regular files, only up to a limit, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from diplomacy_game.safe_read import FileProblem, read_limited


def test_a_regular_file_within_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "ok.toml"
    path.write_bytes(b"x = 1\n")
    assert read_limited(path, 100, "content file") == b"x = 1\n"
    assert read_limited(path, 6, "content file") == b"x = 1\n"


def test_a_file_over_the_limit_is_refused(tmp_path: Path):
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * 101)
    with pytest.raises(FileProblem, match=r"big\.toml: this content file is 101 bytes"):
        read_limited(path, 100, "content file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting(tmp_path: Path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    link = tmp_path / "link.toml"
    link.symlink_to(fifo)
    for path in (fifo, link):
        with pytest.raises(FileProblem, match="pipe"):
            read_limited(path, 100, "strategy file")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_behind_a_symlink_is_refused(tmp_path: Path):
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileProblem, match="zero.toml: is a device, not a save"):
        read_limited(link, 100, "save")


def test_missing_files_and_folders_are_named(tmp_path: Path):
    with pytest.raises(FileProblem, match="missing.toml: no such content file"):
        read_limited(tmp_path / "missing.toml", 100, "content file")
    (tmp_path / "dir.toml").mkdir()
    with pytest.raises(FileProblem, match="folder"):
        read_limited(tmp_path / "dir.toml", 100, "content file")
    dangling = tmp_path / "dangling.toml"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileProblem, match="no such"):
        read_limited(dangling, 100, "content file")
