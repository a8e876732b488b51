"""The site stage: mkdocs build into a temporary folder, then swap it into place.

This is the only module that knows about MkDocs; everything before it works without it. A failed
build leaves the previous site untouched. SOURCE_DATE_EPOCH pins the sitemap dates so the same
inputs give the same bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .fsutil import replace_dir

DEFAULT_EPOCH = "1700000000"  # used only when neither the caller nor git gives a date


class SiteBuildError(Exception):
    pass


def source_date_epoch(repo: Path) -> str:
    """The commit time of HEAD, so a rebuild of the same commit gives the same sitemap."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo, capture_output=True, text=True, check=True)
        return out.stdout.strip() or DEFAULT_EPOCH
    except (OSError, subprocess.CalledProcessError):
        return DEFAULT_EPOCH


def build_site(repo: Path, out: Path, config: str = "mkdocs.yml") -> Path:
    repo, out = Path(repo).resolve(), Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(repo))
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean", "-f", str(repo / config), "-d", str(staging)]
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise SiteBuildError(f"mkdocs build 失败 / failed:\n{proc.stderr.strip()}")
    replace_dir(staging, out)
    return out
