"""A progress line on a terminal: `parkaudit build` says how far it is (parks validated, scored and
rendered; site pages built) on one line of stderr that it rewrites in place, and only when stderr
is a terminal. In CI logs, pipes and files it writes nothing, so logs hold only the summary."""

from __future__ import annotations

import sys
import time

CLEAR = "\r\033[K"  # back to the start of the line, erase it


class Progress:
    def __init__(self, stream=None, *, enabled: bool | None = None, interval: float = 0.1):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            try:
                enabled = self.stream.isatty()
            except (AttributeError, ValueError):  # no isatty, or a closed stream
                enabled = False
        self.enabled = enabled
        self.interval = interval
        self.last = 0.0
        self.shown = False

    def show(self, label: str, done: int, total: int | None = None) -> None:
        """`label`: what is counted, bilingual; `done` of `total` (None: total unknown). Updates more
        often than every `interval` seconds are skipped, except the last one."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < self.interval and done != total:
            return
        self.last = now
        count = f"{done}/{total}" if total is not None else f"{done}"
        self.stream.write(f"{CLEAR}{label}: {count}")
        self.stream.flush()
        self.shown = True

    def counter(self, label: str, total: int | None = None):
        """A callback done → show(label, done, total), for code that counts."""
        return lambda done: self.show(label, done, total)

    def clear(self) -> None:
        """Erase the line, so that what is printed next starts on a clean line."""
        if self.enabled and self.shown:
            self.stream.write(CLEAR)
            self.stream.flush()
            self.shown = False


QUIET = Progress(enabled=False)
