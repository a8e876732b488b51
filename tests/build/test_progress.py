"""`parkaudit build` shows how far it is on a terminal (one line of stderr rewritten in place) and
writes nothing of it where stderr is not a terminal (CI logs, pipes)."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys

from generator.build import build
from generator.core import Progress, by_park, discover_packages, split_drafts
from generator.core.progress import CLEAR

from ..sitebuild import copy_project


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_writes_only_to_a_terminal():
    tty, pipe = FakeTerminal(), io.StringIO()
    for stream in (tty, pipe):
        p = Progress(stream, interval=0)
        for n in range(1, 4):
            p.show("园区 / parks", n, 3)
        p.clear()
    assert pipe.getvalue() == ""
    assert tty.getvalue() == "".join(f"{CLEAR}园区 / parks: {n}/3" for n in range(1, 4)) + CLEAR


def test_a_build_writes_no_progress_where_stderr_is_not_a_terminal(tmp_path, capfd):
    project = copy_project(tmp_path / "project")
    build(project, with_site=False)
    out, err = capfd.readouterr()
    assert "\r" not in out + err and "parks validated" not in out + err


def test_parkaudit_build_on_a_terminal_shows_parks_and_pages(tmp_path):
    project = copy_project(tmp_path / "project")
    master, slave = pty.openpty()
    env = dict(os.environ, PARKAUDIT_REPORTS="0")
    env.pop("CI", None)
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "--repo", str(project)], cwd=project, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other side is closed: the build has ended
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    stdout = proc.communicate(timeout=600)[0].decode("utf-8")
    os.close(master)
    assert proc.returncode == 0, seen.decode("utf-8", "replace")
    text = seen.decode("utf-8")
    parks = len(by_park(split_drafts(discover_packages(project / "data"))[0]))
    assert f"parks validated, scored, rendered: {parks}/{parks}" in text, text
    assert "site pages built: " in text
    built, total = text.rsplit("site pages built: ", 1)[1].split("\r")[0].split("\x1b")[0].split("/")
    assert built == total and int(total) > 30
    assert text.endswith(CLEAR)  # the line is erased before the summary is printed
    assert "\r" not in stdout and "parks rebuilt" in stdout  # the summary itself, on stdout, is plain
