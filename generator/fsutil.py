"""Atomic replacement of a whole folder: build the new one beside it, then swap."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def replace_dir(new: Path, target: Path) -> None:
    """Move `new` to `target` (same filesystem); the old target is renamed away first and removed
    last, so at every moment `target` is either the whole old folder or the whole new one."""
    new, target = Path(new), Path(target)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class UndoJournal:
    """Makes a series of file writes and removals undoable, so that a build failing at its last
    step (the site) can leave the pages it had already written as they were. Before a file is
    replaced or removed, its old version is kept by a hard link in `backup` (no copy, same bytes
    and timestamps); files that did not exist are remembered, to be removed again."""

    def __init__(self, backup: Path):
        self.backup = Path(backup)
        self.backup.mkdir(parents=True, exist_ok=True)
        self.saved: list[tuple[Path, Path]] = []  # (file, its old version)
        self.created: list[Path] = []

    def keep_old(self, path: Path) -> None:
        """Call before `path` is written or removed."""
        path = Path(path)
        if not path.is_file():
            self.created.append(path)
            return
        old = self.backup / str(len(self.saved))
        try:
            os.link(path, old)
        except OSError:  # another filesystem, or no hard links: a copy keeps bytes and timestamps too
            shutil.copy2(path, old)
        self.saved.append((path, old))

    def rollback(self) -> None:
        for path in reversed(self.created):
            path.unlink(missing_ok=True)
            _remove_empty_parents(path)
        for path, old in reversed(self.saved):
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, path)
        self.saved, self.created = [], []


def _remove_empty_parents(path: Path) -> None:
    for parent in path.parents:
        try:
            parent.rmdir()  # only succeeds while empty
        except OSError:
            return
