"""Hashes that say whether an input changed: files by name and bytes, library versions.

Shared by the build state (generator/build) and the site engine's incremental plugin
(generator/site), which must not depend on each other.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from stat import S_ISREG
from pathlib import Path

CACHE_DIR = ".parkaudit-cache"  # build and site state; never committed, safe to delete


def hash_files(h, root: Path, files) -> None:
    for path in files:
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def walk_files(folder: str):
    """(path, os.stat) of every regular file under `folder`, as files_under finds them (links to
    files followed; broken links and symlinked folders not), in no set order; with os.walk and
    plain strings rather than pathlib's glob, which took 3× as long."""
    for top, _folders, names in os.walk(folder):
        for name in names:
            path = os.path.join(top, name)
            try:
                st = os.stat(path)
            except OSError:  # a broken link: not a file
                continue
            if S_ISREG(st.st_mode):
                yield path, st


def file_stats(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """The files files_under lists, in its order, each with its os.stat."""
    return sorted(((Path(path), st) for path, st in walk_files(str(folder))), key=lambda pair: pair[0])


def tree_digest(root: Path) -> str:
    """SHA-256 over every file under root: names and bytes."""
    h = hashlib.sha256()
    hash_files(h, root, files_under(root))
    return h.hexdigest()


def versions(names) -> bytes:
    """name==version lines of the installed distributions among names."""
    lines = []
    for name in names:
        try:
            lines.append(f"{name}=={metadata.version(name)}\n")
        except metadata.PackageNotFoundError:
            pass
    return "".join(lines).encode()


def compiled_templates(root: Path, depends_on: bytes):
    """A Jinja bytecode cache in root/<key>, for templates compiled once and kept between runs
    (under .parkaudit-cache/, which the build owns). Jinja keys a compiled template by its name
    and source only, so the folder is named after everything else the compiled code depends on:
    Jinja and Python, and `depends_on` (what configures the environment). Folders of other keys
    are removed. Processes may share it: Jinja writes each file by an atomic rename."""
    import shutil
    import sys

    from jinja2 import FileSystemBytecodeCache

    key = hashlib.sha256(versions(["jinja2"]) + sys.implementation.cache_tag.encode() + depends_on).hexdigest()[:16]
    for stale in (p for p in root.glob("*") if p.name != key):
        shutil.rmtree(stale, ignore_errors=True)
    (root / key).mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(root / key))
