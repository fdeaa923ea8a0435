"""The files of a set of content packs and their digest, without parsing or checking them:
what the caches need to know which content they are looking at (``content/cache.py``), and
the first step of ``loader.load_packs``."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_game.safe_read import FileProblem, read_limited

MAX_FILE_BYTES = 2_000_000
# Folders of a pack that hold other kinds of TOML file: tariff schedules for the economy
# sandbox and strategy files for tournaments. The content loader leaves them alone.
NOT_CONTENT = ("schedules", "strategies")


def builtin_content_dir() -> Path:
    """The built-in content: inside the installed package, or the repository's content/."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_content"
    if packaged.is_dir():
        return packaged
    return here.parent / "content"


@dataclass
class PackFiles:
    """The content files of some packs as read: each one's name and bytes, the problems met
    (file, message) in the order met, every file's name, and the SHA-256 of them all."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    digest: str = ""


def read_pack_files(paths: Sequence[Path | str]) -> PackFiles:
    """Every TOML file under the given packs, read (never raises for a content mistake)."""
    out = PackFiles()
    digest = hashlib.sha256()
    for pack in paths:
        root = Path(pack)
        if not root.exists():
            out.problems.append((str(root), "no such file or folder"))
            continue
        found = toml_files(root)
        if not found:
            out.problems.append((str(root), "no .toml files found in this content pack"))
        base = root if root.is_dir() else root.parent
        for file in found:
            rel = display_path(file, base, root)
            out.names.append(rel)
            try:
                data = read_limited(file, MAX_FILE_BYTES, "content file")
            except FileProblem as exc:
                out.problems.append((rel, exc.problem))
                continue
            digest.update(rel.replace("\\", "/").encode() + b"\0" + data + b"\0")
            out.files.append((rel, data))
    out.digest = digest.hexdigest()
    return out


def content_digest(extra: Sequence[Path | str] = (), builtin: bool = True) -> str:
    """The digest of the content ``load_content(extra, builtin)`` reads (the one saves
    record); "" when a file cannot be read (nothing is then recorded or trusted for it)."""
    paths: list[Path | str] = [builtin_content_dir()] if builtin else []
    paths.extend(extra)
    read = read_pack_files(paths)
    return "" if read.problems or not read.files else read.digest


def toml_files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]  # a file, or something that is not one: reading it says which
    # Anything named *.toml that is not a folder is listed, so that a pipe, a device or a
    # dangling link among the files is reported rather than silently skipped.
    return sorted(
        p
        for p in path.rglob("*.toml")
        if not p.is_dir() and not set(p.relative_to(path).parts[:-1]) & set(NOT_CONTENT)
    )


def display_path(file: Path, base: Path, root: Path) -> str:
    try:
        rel = file.relative_to(base)
    except ValueError:
        return str(file)
    if not root.is_dir():
        return file.name
    # The built-in pack reads as content/ wherever it is installed, so that its digest (and the
    # saves that record it) is the same for an editable install and a wheel.
    name = "content" if root.resolve() == builtin_content_dir().resolve() else root.name
    return (Path(name) / rel).as_posix()


def openable_path(rel: str, packs: Sequence[Path | str]) -> str:
    """A content file's name as problems show it (``display_path``: the pack folder's name
    and the file within), made one the reader can open from where they ran the command: the
    pack as they gave it (``my/packs/extra/events.toml``), or a path relative to the current
    folder, or for the built-in content installed elsewhere, where it is. Unchanged when none
    fits (a pack given by an absolute path outside the current folder)."""
    head, _, rest = rel.partition("/")
    for pack in packs:
        root = Path(pack)
        builtin = root.is_dir() and root.resolve() == builtin_content_dir().resolve()
        if root.is_dir():
            name = "content" if builtin else root.name
            if head != name or not rest or not (root / rest).exists():
                continue
            target = root / rest
        elif rel == root.name:
            target = root
        else:
            continue
        if not target.is_absolute():
            return target.as_posix()
        if _under_cwd(target):
            return Path(os.path.relpath(target)).as_posix()
        # The built-in content, installed elsewhere: where it is.
        return target.resolve().as_posix() if builtin else rel
    return rel


def _under_cwd(path: Path) -> bool:
    try:
        os.path.relpath(path)  # ValueError on another drive
        path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return False
    return True
