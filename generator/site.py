"""The site stage: mkdocs build into a temporary folder, then swap it into place.

This is the only module that knows about MkDocs; everything before it works without it. A failed
build leaves the previous site untouched. SOURCE_DATE_EPOCH pins the sitemap dates so the same
inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .buildcache import CACHE_DIR
from .fsutil import replace_dir
from .site_incremental import ENV_PREVIOUS, ENV_STATE, ENV_STATE_OUT

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


def state_path(repo: Path, out: Path) -> Path:
    """The incremental-build manifest of the site at `out` (one per output folder)."""
    key = hashlib.sha256(str(Path(out).absolute()).encode()).hexdigest()[:16]
    return Path(repo) / CACHE_DIR / f"site-{key}.json"


def build_site(repo: Path, out: Path, config: str = "mkdocs.yml", *, incremental: bool = True) -> Path:
    repo, out = Path(repo).resolve(), Path(out).absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=out.parent))
    state, state_new = state_path(repo, out), staging.with_name(staging.name + ".manifest.json")
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(repo), **{ENV_STATE_OUT: str(state_new)})
    for name in (ENV_PREVIOUS, ENV_STATE):
        env.pop(name, None)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(repo / config), "-d", str(staging)]
    if incremental and out.is_dir() and state.is_file():
        env.update({ENV_PREVIOUS: str(out), ENV_STATE: str(state)})
        cmd.append("--dirty")  # the staging folder is empty; the plugin links unchanged files in
    else:
        cmd.append("--clean")
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        state_new.unlink(missing_ok=True)
        raise SiteBuildError(f"mkdocs build 失败 / failed:\n{proc.stderr.strip()}")
    replace_dir(staging, out)
    if state_new.is_file():
        state.parent.mkdir(parents=True, exist_ok=True)
        os.replace(state_new, state)
    return out
