"""The industrial chains/clusters: their shares of the park's totals and their intensities."""

from __future__ import annotations

import pandas as pd

from generator.render import charts
from generator.render.format import fmt, pct
from generator.render.model import ParkInput
from generator.render.pages import ParkPage

PAGE = ParkPage(slug="chains", label="产业链", position=40, template="park_chains.html.j2")


def context(park: ParkInput) -> dict:
    doc = park.doc
    rows, plot = [], []
    for c in doc["chains"]:
        s, i = c.get("shares", {}), c.get("intensities", {})
        rows.append({"name": c["chain"], "n": c["n_enterprises"], "va_share": pct(s.get("value_added_share")), "energy_share": pct(s.get("energy_tce_share")),
                     "water_share": pct(s.get("fresh_water_share")), "cod_share": pct(s.get("cod_share")), "so2_share": pct(s.get("so2_share")),
                     "nox_share": pct(s.get("nox_share")), "co2_share": pct(s.get("co2_share")),
                     "energy_intensity": fmt(i.get("energy_intensity"), 3), "co2_intensity": fmt(i.get("co2_intensity"), 3)})
        for key, label in (("value_added_share", "工业增加值"), ("energy_tce_share", "综合能耗"), ("co2_share", "CO₂")):
            if s.get(key) is not None:
                plot.append({"chain": c["chain"], "measure": label, "share": round(s[key] * 100, 2)})
    frame = pd.DataFrame(plot, columns=["chain", "measure", "share"])
    top = max(doc["chains"], key=lambda c: (c.get("shares", {}).get("energy_tce_share") or 0, c["chain"]), default=None)
    summary = (f"{top['chain']}占园区综合能耗的 {pct(top['shares'].get('energy_tce_share'))}，工业增加值的 {pct(top['shares'].get('value_added_share'))}。"
               if top else "园区没有产业链数据。")
    chart = charts.grouped_bar("chains-shares", "各产业链/集群占园区的比例", summary, frame, category="chain", value="share", series="measure",
                               columns={"chain": "产业链/集群", "measure": "项目", "share": "占园区 %"}, value_title="占园区 %")
    return {"chains": rows, "chart": chart}
