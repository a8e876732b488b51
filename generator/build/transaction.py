"""One commit for everything a build publishes: results/, the pages under docs/, site/ and the
incremental state, so that a failed, interrupted or killed build leaves either the previous build's
outputs or the new build's, never a mixture that a later build cannot repair.

The protocol, in .parkaudit-cache/txn/journal.json:

1. `prepare`: the build stages its new results/ tree and its site/ in folders beside the targets
   (same filesystem, so publishing is a rename), and writes pages in place under docs/ with an undo
   journal (the site engine reads docs/). The journal names every staging folder before it exists.
2. `commit`: once everything is staged, the journal lists the swaps (staging folder → target) and is
   replaced atomically; then the swaps are made, each target first renamed to a backup.
3. done: backups, staging folders and the journal are removed. Backups that are nearly all hard
   links to the files the new outputs keep (a rebuild's previous results when few parks were
   scored again, its previous site when most pages were linked from it; the build decides) are
   instead moved into .parkaudit-cache/retired/ and removed by the next build on the other core
   while it works (`sweep_retired`): removing some 11,000 links took ~0.1 s of a ~1.2 s one-park
   rebuild at 89 parks. Other backups are removed at once (they share no files with the new
   outputs, and would double their disk space until the next build). Once every swap is made the
   build is published: an interrupt while removing backups is finished by recover(), not undone.

`recover()` runs before anything else is written, by every command that writes outputs: a journal
left in `prepare` is rolled back (pages restored, staging removed), one left in `commit` is rolled
forward (every staged folder was complete before the journal said `commit`). Staging folders of
older versions of ParkAudit (`.parkaudit-incoming-*`, `.site-build-*`) are removed too.

A lock (fcntl, on .parkaudit-cache/build.lock) keeps a second build out of the same project.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import CACHE_DIR, UndoJournal, remove_tree

TXN_DIR = "txn"
RETIRED_DIR = "retired"
JOURNAL = "journal.json"
STAGING_PREFIX = ".parkaudit-stage-"
# staging folders of earlier ParkAudit versions, which a killed build could leave behind
LEGACY_PREFIXES = (".parkaudit-incoming-", ".site-build-")


class BuildLocked(Exception):
    """Another process is building this project."""


def cache_dir(repo: Path) -> Path:
    return Path(repo) / CACHE_DIR


def retired_dir(repo: Path) -> Path:
    """Where a commit retires what it replaced, for the next build to remove (sweep_retired)."""
    return cache_dir(repo) / RETIRED_DIR


@contextmanager
def build_lock(repo: Path):
    """Held for the whole of a build; a second build in the same project fails at once."""
    folder = cache_dir(repo)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "build.lock"
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            fh.seek(0)
            holder = fh.read().strip() or "?"
            raise BuildLocked(f"另一个构建正在此项目中运行（进程 {holder}），请等它结束后再试 / another build is running in this "
                              f"project (process {holder}); try again when it has finished") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass
class Swap:
    staged: Path
    target: Path

    @property
    def backup(self) -> Path:
        return self.staged.with_name(self.staged.name + ".old")

    def apply(self) -> None:
        """staged → target, the old target kept as the backup; safe to call again after a kill."""
        if not os.path.lexists(self.staged):
            return  # done already
        if os.path.lexists(self.target):
            if os.path.lexists(self.backup):
                _remove(self.backup)  # a backup whose target came back: the old one is stale
            os.replace(self.target, self.backup)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.staged, self.target)

    def undo(self) -> None:
        """target → staged, backup → target: the reverse of apply()."""
        if not os.path.lexists(self.staged) and os.path.lexists(self.target):
            os.replace(self.target, self.staged)
        if os.path.lexists(self.backup) and not os.path.lexists(self.target):
            os.replace(self.backup, self.target)

    def to_dict(self) -> dict:
        return {"staged": str(self.staged), "target": str(self.target)}


@dataclass
class Transaction:
    repo: Path
    stagings: list[Path] = field(default_factory=list)
    undo: UndoJournal | None = None
    committed: bool = False  # every swap made: published, whatever happens next

    @property
    def folder(self) -> Path:
        return cache_dir(self.repo) / TXN_DIR

    @property
    def journal_path(self) -> Path:
        return self.folder / JOURNAL

    def begin(self, pages_root: Path) -> Transaction:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.undo = UndoJournal(self.folder / "undo", pages_root)
        self._write({"phase": "prepare", "pages_root": str(pages_root), "stagings": []})
        return self

    def stage_beside(self, target: Path) -> Path:
        """A new empty folder beside `target`, recorded before it is made."""
        target = Path(target).absolute()
        target.parent.mkdir(parents=True, exist_ok=True)
        # (a kill between these two lines leaves a folder that recover() finds by its prefix)
        path = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}-", dir=target.parent))
        self.stagings.append(path)
        self._write({"phase": "prepare", "pages_root": str(self.undo.root), "stagings": [str(p) for p in self.stagings]})
        os.chmod(path, 0o755)  # not mkdtemp's 0700: published folders are read by web servers
        return path

    def commit(self, swaps: list[Swap], retire=()) -> None:
        """Publish: every staged folder (or file) replaces its target. A swap that fails (a
        read-only folder, a full disk) puts back the ones already made, and the error propagates
        to the build, which then aborts: nothing published changes. Once every swap is made the
        build is published (`committed`): what may fail or be interrupted after that, removing
        the replaced targets, is finished by the next command's recover(), never undone.
        `retire`: the targets whose replaced version is moved into the retired folder for the
        next build to remove (sweep_retired) rather than removed now."""
        prepare = {"phase": "prepare", "pages_root": str(self.undo.root), "stagings": [str(p) for p in self.stagings]}
        self._write({**prepare, "phase": "commit", "swaps": [s.to_dict() for s in swaps]})
        started = []
        try:
            for swap in swaps:
                started.append(swap)
                swap.apply()
        except BaseException:
            for swap in reversed(started):
                swap.undo()
            self._write(prepare)
            raise
        self.committed = True
        for swap in swaps:
            if swap.target in retire:
                _retire(swap.backup, retired_dir(self.repo))
            else:
                _remove(swap.backup)
        self._finish()

    def abort(self) -> None:
        """Undo the pages written and drop what was staged; nothing once the commit has made its
        swaps (the journal, still at `commit`, has the next command finish instead)."""
        if self.committed:
            return
        try:
            self.undo.rollback()
        finally:
            for path in self.stagings:
                _remove(path)
            self._finish()

    def _finish(self) -> None:
        if self.undo is not None:
            self.undo.close()
        for path in self.stagings:
            _remove(path)
            _remove(path.with_name(path.name + ".old"))
        shutil.rmtree(self.folder, ignore_errors=True)

    def _write(self, doc: dict) -> None:
        tmp = self.journal_path.with_name(JOURNAL + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.journal_path)


def _roll_forward(swaps: list[Swap]) -> None:
    for swap in swaps:
        swap.apply()
    for swap in swaps:
        _remove(swap.backup)


def _remove(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        remove_tree(path)  # a replaced national site: ~315,000 files, over several threads
    elif os.path.lexists(path):
        os.unlink(path)


def _retire(path: Path, folder: Path) -> None:
    """Move `path` into `folder` (a rename); removed now instead when it cannot be renamed there
    (another filesystem, a name taken)."""
    if not os.path.lexists(path):
        return
    dest = folder / path.name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(dest):
            raise FileExistsError(dest)
        os.rename(path, dest)
    except OSError:
        _remove(path)


@contextmanager
def sweep_retired(repo: Path):
    """Remove what earlier builds retired (Transaction.commit) while the block runs: `rm -rf` in
    a process of its own, so that it runs on another core (a thread would wait for the build's
    GIL after every unlink), waited for when the block ends. Only names found on entering are
    removed: what this build retires stays for the next one."""
    folder = retired_dir(repo)
    try:
        entries = sorted(str(p) for p in folder.iterdir()) if folder.is_dir() else []
    except OSError:
        entries = []  # unreadable: nothing to sweep (retiring there fails too, and removes at once)
    proc = None
    if entries:
        try:
            proc = subprocess.Popen(["rm", "-rf", "--", *entries], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
        except OSError:  # no rm: remove them here and now
            for entry in entries:
                _remove(Path(entry))
    try:
        yield
    finally:
        if proc is not None:
            _out, err = proc.communicate()
            if proc.returncode != 0:  # left for the next build, which tries again; said, so that it does not pile up unseen
                print(f"警告：未能删除以前换下的站点 / warning: could not remove a replaced site in {folder}: "
                      f"{err.decode('utf-8', 'replace').strip()[:300]}", file=sys.stderr)


def recover(repo: Path, leftovers_beside: list[Path] = ()) -> str | None:
    """Finish or undo what a killed build left; returns what was done ('rolled back', 'rolled
    forward') or None. Call with the build lock held."""
    txn = Transaction(Path(repo))
    done = None
    try:
        doc = json.loads(txn.journal_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        doc = None
    except ValueError:  # a journal cut short by the kill: its tmp file was never renamed in,
        doc = None      # so this cannot happen through _write; treat as nothing to do
    if doc is not None:
        txn.stagings = [Path(p) for p in doc.get("stagings", [])]
        if doc.get("phase") == "commit":
            _roll_forward([Swap(Path(s["staged"]), Path(s["target"])) for s in doc["swaps"]])
            done = "rolled forward"
        else:
            UndoJournal.reopen(txn.folder / "undo", Path(doc["pages_root"])).rollback()
            done = "rolled back"
        txn._finish()
    elif txn.folder.exists():
        shutil.rmtree(txn.folder, ignore_errors=True)  # killed before the first journal was written
    for folder in {Path(p).absolute().parent for p in leftovers_beside}:
        if folder.is_dir():
            for entry in sorted(folder.iterdir()):
                if entry.name.startswith((STAGING_PREFIX, *LEGACY_PREFIXES)):
                    _remove(entry)
                    done = done or "cleaned up"
    return done
