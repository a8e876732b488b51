"""Checks that run before any parser touches a file: where a resource points, and its bytes.

frictionless refuses '../', absolute and '~' paths itself, but fetches http(s) URLs and follows
symlinks out of the package, so we refuse those ourselves, and we do it first so that a bad path
gets one clear finding instead of a parser's stack of them. A path must also name a regular file:
a folder ended in an IsADirectoryError traceback, and a named pipe would block the reader.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from generator.validate.findings import Finding

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
BOM = b"\xef\xbb\xbf"


def check_resource_path(folder: Path, path, display: str) -> list[Finding]:
    """Findings for a resource `path` of the package in `folder`; empty when it is safe to read."""
    if not isinstance(path, str) or not path:
        return [Finding("frictionless", display, params={"detail": f"resource path must be one file name, got {path!r}"})]
    if _SCHEME.match(path) and not _WINDOWS_DRIVE.match(path):
        return [Finding("remote-path", display, params={"path": path})]
    if path.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(path):
        return [Finding("absolute-path", display, params={"path": path})]
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if ".." in parts or path.startswith("~"):
        return [Finding("parent-path", display, params={"path": path})]
    target = folder / path
    if not os.path.lexists(target):
        return [Finding("file-missing", display, params={"path": path})]
    real_folder = Path(os.path.realpath(folder))
    real_target = Path(os.path.realpath(target))
    if real_folder != real_target and real_folder not in real_target.parents:
        return [Finding("symlink-escape", display, params={"path": path})]
    if not real_target.is_file():  # a folder, or a FIFO or device that a reader would block on
        directory = real_target.is_dir()
        return [Finding("path-not-file", display, params={
            "path": path, "kind_zh": "文件夹" if directory else "特殊文件（管道、套接字或设备）",
            "kind": "a folder" if directory else "a special file (pipe, socket or device)"})]
    return []


def read_text(file: Path, display: str) -> tuple[str | None, list[Finding]]:
    """The file's text, UTF-8 without BOM, or None and one finding that says what the file is
    instead. The later checks of the package parse this text instead of reading the file again."""
    data = file.read_bytes()
    if data.startswith(BOM):
        return None, [Finding("byte-order-mark", display, row=1)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            return None, [Finding("encoding-invalid", display, row=row, params={"row": row})]
        return None, [Finding("encoding-gbk", display, row=row)]
