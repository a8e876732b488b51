"""Data quality: the package's validation warnings (as the caller validated it) and the indicators
that are missing or not applicable."""

from __future__ import annotations

from generator.render.format import STATE_ZH
from generator.render.model import ParkInput, graded
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="quality", label="数据质量", position=80, template="park_quality.html.j2")


def context(park: ParkInput) -> dict:
    doc = park.doc
    gaps = []
    for c in graded(doc)["categories"]:
        for gi in c["indicators"]:
            ind = doc["indicators"][gi["indicator"]]
            if ind["state"] != "value":
                gaps.append({"id": gi["indicator"], "name": ind["name"]["zh"], "state": STATE_ZH[ind["state"]], "reason": ind.get("reason") or "—"})
    rows = [{**w, "row": w.get("row") or "", "field": w.get("field") or ""} for w in park.warnings]
    return {"warnings": rows, "gaps": gaps}
