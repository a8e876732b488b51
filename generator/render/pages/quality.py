"""Data quality: the package's validation warnings (as the caller validated it) and the indicators
that are missing or not applicable."""

from __future__ import annotations

from generator.render.compliance import indicators_without_value
from generator.render.model import ParkInput
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="quality", label="数据质量", position=80, template="park_quality.html.j2")


def context(park: ParkInput) -> dict:
    gaps = indicators_without_value(park.doc)
    rows = [{**w, "row": w.get("row") or "", "field": w.get("field") or ""} for w in park.warnings]
    return {"warnings": rows, "gaps": gaps}
