"""Data quality: the package's validation warnings (as the caller validated it) and the indicators
that are missing or not applicable."""

from __future__ import annotations

from generator.render.compliance import compliance_rows
from generator.render.format import STATE_ZH
from generator.render.model import ParkInput, graded
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="quality", label="数据质量", position=80, template="park_quality.html.j2")


def context(park: ParkInput) -> dict:
    doc = park.doc
    # the graded system's indicators (each has its section on the indicators page), then the
    # compliance system's others (its table there): a gap in either is a gap in the disclosure
    graded_ids = [gi["indicator"] for c in graded(doc)["categories"] for gi in c["indicators"]]
    others = [r["indicator"] for r in compliance_rows(doc) if r["indicator"] not in set(graded_ids)]
    gaps = []
    for iid in graded_ids + others:
        ind = doc["indicators"][iid]
        if ind["state"] != "value":
            gaps.append({"id": iid, "anchor": iid if iid in graded_ids else "hj274", "name": ind["name"]["zh"], "state": STATE_ZH[ind["state"]],
                         "reason": ind.get("reason") or "—"})
    rows = [{**w, "row": w.get("row") or "", "field": w.get("field") or ""} for w in park.warnings]
    return {"warnings": rows, "gaps": gaps}
