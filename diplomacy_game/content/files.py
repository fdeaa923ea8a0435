"""The files of a set of content packs and their digest, without parsing or checking them:
what the caches need to know which content they are looking at (``content/cache.py``), and
the first step of ``loader.load_packs``."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from diplomacy_game import RULES_VERSION
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
    (file, message) in the order met, every file's name, the SHA-256 of them all and of the
    engine's ``RULES_VERSION`` (the same files played by other rules are another version),
    and where each named file is as the reader can open it (``shown``)."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    digest: str = ""
    shown: dict[str, str] = field(default_factory=dict)


def read_pack_files(paths: Sequence[Path | str]) -> PackFiles:
    """Every TOML file under the given packs, read (never raises for a content mistake).

    A file is named by its pack folder's name and its place within (``my-pack/events.toml``,
    what the digest and the caches know it by), made unique when two packs share a name
    (``my-pack~2/events.toml``); ``shown`` gives each name the path the reader can open."""
    out = PackFiles()
    digest = hashlib.sha256()
    if RULES_VERSION > 1:  # the first rules' digests were of the files alone
        digest.update(f"rules {RULES_VERSION}\0".encode())
    builtin = builtin_content_dir().resolve()
    for pack in paths:
        root = Path(pack)
        if not root.exists():
            out.problems.append((str(root), "no such file or folder"))
            continue
        found = toml_files(root)
        if not found:
            out.problems.append((str(root), "no .toml files found in this content pack"))
        is_builtin = root.is_dir() and root.resolve() == builtin
        named = _unique_names(found, root, is_builtin, set(out.names))
        for file, rel in zip(found, named, strict=True):
            out.names.append(rel)
            out.shown[rel] = shown_path(file, is_builtin)
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


def _unique_names(files: list[Path], root: Path, builtin: bool, taken: set[str]) -> list[str]:
    """The names of a pack's files: the pack folder's name and the file's place within (the
    built-in pack reads as content/ wherever it is installed, so that its digest, and the saves
    that record it, are the same for an editable install and a wheel), or a file's own name;
    with '~2' (or '~3', ...) after the first part when an earlier pack has one of those names."""
    if root.is_dir():
        name = "content" if builtin else root.name
        rels = [file.relative_to(root).as_posix() for file in files]
    else:
        name, rels = root.name, [""]
    for k in range(1, len(taken) + 2):
        label = name if k == 1 else f"{name}~{k}"
        names = [f"{label}/{rel}" if rel else label for rel in rels]
        if not taken.intersection(names):
            return names
    raise AssertionError("unreachable: fewer names are taken than tried")


def shown_path(file: Path, builtin: bool = False) -> str:
    """A content file's path as the reader can open it from where they ran the command: as
    they gave it (``my/packs/extra/events.toml``, ``../extra/events.toml``), relative to the
    current folder when it is inside it, else in full (the built-in content installed
    elsewhere, or a pack given by an absolute path outside the current folder)."""
    if not file.is_absolute():
        return file.as_posix()
    if _under_cwd(file):
        return Path(os.path.relpath(file)).as_posix()
    return (file.resolve() if builtin else file).as_posix()


def _under_cwd(path: Path) -> bool:
    try:
        os.path.relpath(path)  # ValueError on another drive
        path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return False
    return True
