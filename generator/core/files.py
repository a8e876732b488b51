"""Every write of ParkAudit's outputs goes through here: atomic replacement of a whole folder
(build the new one beside it, then swap), files written only when their bytes change, and an undo
journal for a series of writes that must succeed or fail together; and the one scratch folder a
stage needs (unpacked_archives: two git revisions' files, for the diff stage to score)."""

from __future__ import annotations

import errno
import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def link_files(source: str, target: str, rels) -> list[str]:
    """Hard-link each file `source`/rel to `target`/rel (on another file system, or without hard
    links, a copy keeps bytes and timestamps too), each folder made once: thousands of files, so
    plain os calls on strings. A target that exists already is left as it is (never written
    through: it may be a link itself); the rels of those are returned."""
    folders: set[str] = set()
    existing = []
    for rel in rels:
        to = os.path.join(target, rel)
        folder = os.path.dirname(to)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        try:
            os.link(os.path.join(source, rel), to)
        except FileExistsError:
            existing.append(rel)
        except OSError:
            shutil.copy2(os.path.join(source, rel), to)
    return existing


REMOVERS = 4  # threads of remove_tree
_UNITS = 64  # remove_tree splits a tree into at least this many parts (where it has them)


def remove_tree(path) -> None:
    """shutil.rmtree(path, ignore_errors=True), its parts over REMOVERS threads.

    Removing a replaced site or results tree (a full rebuild replaces ~345,000 files at 2,543
    parks) waits on the disk for each unlink, not on Python (the calls release the GIL), and the
    disk takes several at once: 100,000 files of 30 KB went in 8.2 s by one rmtree and 3.9 s over
    four threads here. The tree is split into its folders a level or two down (a site keeps most
    of its files under reports/). As rmtree does, every folder is opened once without following
    links and worked on through that handle (a folder swapped for a link meanwhile is not
    followed); files and links on the way are unlinked, never followed, and a path that is a link
    removes nothing."""
    path = os.fspath(path)
    try:
        top = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:  # a link, a file, missing, unreadable: rmtree's business (it removes nothing of a link)
        shutil.rmtree(path, ignore_errors=True)
        return
    handles = [top]
    try:
        parts = _split(top, handles)
        if parts:
            with ThreadPoolExecutor(REMOVERS) as pool:
                list(pool.map(_rmtree_at, parts))
    finally:
        for fd in handles:
            os.close(fd)
    shutil.rmtree(path, ignore_errors=True)  # the folders the split left empty, and what it could not open


def _split(top: int, handles: list[int]) -> list[tuple[int, str]]:
    """The folders (parent's handle, name) to remove one by one: the entries of `top`, split into
    theirs while there are fewer than _UNITS (three levels at most), the files met on the way
    unlinked. Every handle opened is appended to `handles` for the caller to close."""
    folders: list[int] = [top]
    unopened: list[tuple[int, str]] = []  # (a link by now): rmtree refuses it, as it refuses links
    for level in range(3):
        parts = []
        for fd in folders:
            try:
                with os.scandir(fd) as entries:
                    listed = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
            except OSError:
                continue  # unreadable: the final rmtree says nothing either way
            for name, is_dir in listed:
                if is_dir:
                    parts.append((fd, name))
                else:
                    try:
                        os.unlink(name, dir_fd=fd)
                    except OSError:
                        pass
        if len(parts) + len(unopened) >= _UNITS or level == 2:
            return parts + unopened
        folders = []
        for fd, name in parts:
            try:
                folders.append(os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd))
                handles.append(folders[-1])
            except OSError:
                unopened.append((fd, name))
    return unopened


def _rmtree_at(part: tuple[int, str]) -> None:
    shutil.rmtree(part[1], dir_fd=part[0], ignore_errors=True)


def replace_dir(new: Path, target: Path) -> None:
    """Move `new` to `target` (same filesystem); the old target is renamed away first and removed
    last, so at every moment `target` is either the whole old folder or the whole new one."""
    new, target = Path(new), Path(target)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:  # e.g. `new` on another filesystem: the old folder goes back
            os.replace(old, target)
        raise
    if old is not None:
        remove_tree(old)


def move_dir(new: Path, target: Path) -> None:
    """replace_dir, also when `new` is on another filesystem (then copied beside `target` first)."""
    new, target = Path(new), Path(target)
    try:
        replace_dir(new, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        beside = target.with_name(f".{target.name}.new-{os.getpid()}")
        shutil.rmtree(beside, ignore_errors=True)
        shutil.copytree(new, beside)
        replace_dir(beside, target)


class UndoJournal:
    """Makes a series of file writes and removals under `root` undoable, so that a build failing
    at its last step (the site) can leave the pages it had already written as they were. Before a
    file is replaced or removed, its old version is kept by a hard link in `backup` (no copy, same
    bytes and timestamps); files that did not exist are remembered, to be removed again.

    Every entry is appended to `backup/journal.tsv` before the write it protects, so a process
    killed half-way can be undone by the next one: `UndoJournal.reopen(backup, root).rollback()`.
    (Each entry is handed to the operating system before that write, which is what a killed
    process needs; the file stays open between entries: opening it for each of a national
    build's ~300,000 files cost more than writing them.)

    A file is journalled once, at its first write or removal: what it held before the build is
    what a rollback restores, however often the build writes it afterwards."""

    LOG = "journal.tsv"

    def __init__(self, backup: Path, root: Path):
        self.backup = Path(backup)
        self.backup.mkdir(parents=True, exist_ok=True)
        self.root = Path(root)
        self.saved: list[tuple[Path, Path]] = []  # (file, its old version)
        self.created: list[Path] = []
        self._log = self.backup / self.LOG
        self._kept: set[str] = set()  # the files journalled so far
        self._out = None  # the log, open for appending

    @classmethod
    def reopen(cls, backup: Path, root: Path) -> UndoJournal:
        """The journal a killed process left in `backup`, ready to roll back."""
        journal = cls(backup, root)
        try:
            lines = journal._log.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            lines = []
        for line in lines:
            kind, _, rest = line.partition("\t")
            if kind == "created":
                journal.created.append(Path(rest))
            elif kind == "saved":
                path, _, old = rest.partition("\t")
                if Path(old).is_file():  # otherwise killed before the link: the file was never touched
                    journal.saved.append((Path(path), Path(old)))
        return journal

    def _record(self, *fields) -> None:
        if self._out is None:
            self._out = open(self._log, "a", encoding="utf-8")
        self._out.write("\t".join(str(f) for f in fields) + "\n")
        self._out.flush()

    def close(self) -> None:
        """Close the log (a rollback and the end of a build do)."""
        if self._out is not None:
            self._out.close()
            self._out = None

    def keep_old(self, path: Path) -> None:
        """Call before `path` is written or removed."""
        path = Path(path)
        key = str(path)
        if key in self._kept:
            return
        self._kept.add(key)
        if not path.is_file():
            self._record("created", path)
            self.created.append(path)
            return
        old = self.backup / str(len(self.saved))
        self._record("saved", path, old)
        try:
            os.link(path, old)
        except OSError:  # another filesystem, or no hard links: a copy keeps bytes and timestamps too
            shutil.copy2(path, old)
        self.saved.append((path, old))

    def rollback(self) -> None:
        for path in reversed(self.created):
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".tmp").unlink(missing_ok=True)  # a write killed half-way
            self._remove_empty_parents(path)
        for path, old in reversed(self.saved):
            path.with_name(path.name + ".tmp").unlink(missing_ok=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.replace(old, path)
            except OSError:  # the backup is on another filesystem: a copy keeps bytes and timestamps
                shutil.copy2(old, path)
        self.saved, self.created, self._kept = [], [], set()
        self.close()
        self._log.unlink(missing_ok=True)

    def _remove_empty_parents(self, path: Path) -> None:
        """Folders the writes created, up to (not including) root."""
        for parent in path.parents:
            if parent == self.root or self.root not in parent.parents:
                return
            try:
                parent.rmdir()  # only succeeds while empty
            except OSError:
                return


def write_if_changed(path: Path, data: bytes | str, journal: UndoJournal | None = None) -> bool:
    """Write `data` to `path` (by a rename, so a reader never sees half a file) unless it already
    holds those bytes; an unchanged file keeps its timestamp, which keeps rebuilds incremental."""
    path = Path(path)
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == data:
        return False
    if journal is not None:
        journal.keep_old(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


@dataclass
class SyncReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def sync_tree(target: Path, files: dict[str, bytes], keep=(), journal: UndoJournal | None = None) -> SyncReport:
    """Make `target` hold exactly `files` (relative path → bytes), plus the top-level folders named
    in `keep`: write what changed, leave the rest untouched, remove what is no longer produced.
    `journal` keeps what is replaced or removed."""
    target = Path(target)
    report = SyncReport()
    target.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(files.items()):
        if write_if_changed(target / rel, data, journal):
            report.written.append(rel)
        else:
            report.unchanged += 1
    # the kept folders are not even walked: on a national rebuild they hold nearly every file
    walked = [p for top in target.iterdir() if top.name not in keep for p in [top, *(top.rglob("*") if top.is_dir() else ())]]
    for path in sorted(walked, reverse=True):
        rel = path.relative_to(target).as_posix()
        if path.is_file() and rel not in files:
            if journal is not None:
                journal.keep_old(path)
            path.unlink()
            report.removed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report


def write_folder(files: dict[str, str], target: Path) -> Path:
    """Make the folder `target` hold exactly `files` (name → text), atomically: written into a
    temporary folder beside it, then swapped in (replace_dir)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        os.chmod(tmp, 0o755)
        for name, text in files.items():
            with open(tmp / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


@contextmanager
def unpacked_archives(archives: dict[str, bytes | None], prefix: str) -> Iterator[Path]:
    """A temporary folder with each tar archive of `archives` (name → bytes; None: nothing)
    unpacked into a subfolder of that name, removed on leaving. tarfile's 'data' filter refuses
    links that leave the folder and absolute paths."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        for name, data in archives.items():
            dest = Path(tmp) / name
            dest.mkdir(parents=True, exist_ok=True)
            if data is not None:
                with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                    tar.extractall(dest, filter="data")
        yield Path(tmp)


class UnsafeOutput(ValueError):
    """An output folder that ParkAudit must not replace (exit status 2)."""


def check_output_folder(path: Path, repo: Path, *, option: str, protected: list[Path], made_by_us=None) -> Path:
    """Refuse an output folder whose replacement would destroy what ParkAudit did not make: the
    project itself or any folder above it, a protected folder (data/, docs/, ...), anything inside
    one or above one, a file, or a folder with content that `made_by_us(path)` does not recognise
    as an earlier output. Symbolic links are followed first. Returns the resolved path."""
    raw = str(path)
    p = Path(path).resolve()
    root = Path(repo).resolve()

    def refuse(zh: str, en: str):
        raise UnsafeOutput(f"{option} {raw}：{zh}；未写入任何内容 / {option} {raw}: {en}; nothing was written")

    if p == root or p in root.parents:
        refuse("是项目文件夹本身或其上级文件夹，替换它会删除整个项目", "is the project folder or a folder above it, and replacing it would delete the project")
    for q in (Path(x).resolve() for x in protected):
        if p == q or p in q.parents:
            refuse(f"是或包含 {q.relative_to(root) if root in q.parents else q}，其中是不能删除的源文件",
                   f"is or contains {q.relative_to(root) if root in q.parents else q}, which holds sources that must not be deleted")
        if q in p.parents:
            refuse(f"位于 {q.relative_to(root) if root in q.parents else q} 之内；请选择项目源文件之外的文件夹",
                   f"is inside {q.relative_to(root) if root in q.parents else q}; choose a folder outside the project's sources")
    if p.exists() and not p.is_dir():
        refuse("是一个文件，不是文件夹", "is a file, not a folder")
    if p.is_dir() and any(p.iterdir()) and not (made_by_us and made_by_us(p)):
        refuse("不是空文件夹，也不是 ParkAudit 以前生成的输出；请指定新的或空的文件夹",
               "is not empty and not an earlier ParkAudit output; name a new or empty folder")
    return p
