"""The chart shapes of the last builds, kept in .parkaudit-cache/ so that a one-park rebuild does
not build them with Altair again (generator/render/charts.py: a shape is a chart's spec without
its data; building the ~20 shapes a park's pages use took ~0.5 s of a one-park rebuild's ~1 s of
rendering).

A cache, not an output: a shape from the file is the text Altair built from the same key, with the
same code and libraries, so pages are the same bytes with or without it (tests/build/
test_chart_shapes.py builds both ways). The file is named by nothing and says which code made it:
the fingerprint of ParkAudit's code and the libraries it renders with (build/state.py); under
another fingerprint it is not read, and the next save replaces it. `parkaudit build --full` does
not read it (as the site's clean build trusts no recorded file), but saves what it built.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.build.state import code_fingerprint
from generator.core import CACHE_DIR
from generator.render import add_chart_shapes, chart_shape_keys, chart_shapes_since

FILE = "chart-shapes.json"


class ChartShapes:
    def __init__(self, repo: Path, *, reuse: bool = True):
        self.path = Path(repo) / CACHE_DIR / FILE
        self.fingerprint = code_fingerprint()
        self.known: dict[str, list[str]] = {}
        if reuse:
            try:
                doc = json.loads(self.path.read_text(encoding="utf-8"))
                if doc.get("fingerprint") == self.fingerprint and isinstance(doc.get("shapes"), dict):
                    self.known = doc["shapes"]
                    add_chart_shapes(self.known)
            except (OSError, ValueError, TypeError, AttributeError, SyntaxError):
                self.known = {}  # unreadable or not ours: every shape is built again, and the file replaced
        self.before = chart_shape_keys()  # what this process builds from now on (the portal's charts) is saved too

    def save(self, made: list[dict[str, list[str]]]) -> None:
        """Add the shapes the parks' workers built (ParkOutput.chart_shapes) and this process
        built, and write the file, by a rename, when there are new ones. Failing to write only
        costs the next build time."""
        shapes = dict(self.known)
        for new in made + [chart_shapes_since(self.before)]:
            shapes.update(new)
        if shapes == self.known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{FILE}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"fingerprint": self.fingerprint, "shapes": dict(sorted(shapes.items()))}, ensure_ascii=False),
                           encoding="utf-8")
            os.replace(tmp, self.path)
            self.known = shapes
        except OSError:
            pass
