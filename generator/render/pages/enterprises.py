"""Enterprises ranked within their industry by output intensity of energy and pollutants."""

from __future__ import annotations

from generator.render.format import fmt
from generator.render.industry import division_heading
from generator.render.model import ParkInput
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="enterprises", label="企业", position=50, template="park_enterprises.html.j2")


def context(park: ParkInput) -> dict:
    doc = park.doc
    key_ids = {e["enterprise_id"] for e in doc["key_enterprises"]["enterprises"]}
    groups = []
    for g in doc.get("rankings", []):
        ents = sorted(g["enterprises"], key=lambda e: (e["ranks"].get("energy_intensity") is None, e["ranks"].get("energy_intensity") or 0, e["enterprise_id"]))
        rows = [{"rank": e["ranks"].get("energy_intensity") or "—", "name": e["enterprise_name"], "code": e["industry_code"], "output": fmt(e.get("output_value"), 1),
                 "energy": fmt(e["intensities"].get("energy_intensity"), 3), "cod": fmt(e["intensities"].get("cod_intensity"), 3),
                 "so2": fmt(e["intensities"].get("so2_intensity"), 3), "nox": fmt(e["intensities"].get("nox_intensity"), 3),
                 "key": "是" if e["enterprise_id"] in key_ids else "否"} for e in ents]
        heading, sub_classes = division_heading(g["industry"], g.get("industry_names", []))
        groups.append({"heading": heading, "sub_classes": sub_classes, "n": g["n_enterprises"], "enterprises": rows})
    return {"groups": groups}
