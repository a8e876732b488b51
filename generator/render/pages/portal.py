"""The portal (docs/reports/index.md): every park's row, and their composite indices in one chart."""

from __future__ import annotations

import pandas as pd

from generator.render import charts
from generator.render.model import ParkResults, SiteInput, chart_files, graded, hj274_label, profile
from generator.render.pages import SitePage

PAGE = SitePage(templates=("portal.md.j2",))

MAX_CHART_PARKS = 60  # beyond this many parks the chart is unreadable; the sortable table stays


def row(park: ParkResults) -> dict:
    """The park's row on the portal, made with its pages (so that a reused park keeps its row)."""
    doc = park.doc
    g = graded(doc)
    trend = "—"
    if park.previous is not None:
        before = graded(park.cycles[park.previous])["indices"]["III"]
        now = g["indices"]["III"]
        if before is not None and now is not None:
            delta = now - before
            trend = f"↑ +{delta:.2f}" if delta > 0 else (f"↓ {delta:.2f}" if delta < 0 else "→ 0.00")
    return {
        **profile(doc), "cycle": park.current, "grade_label": g["grade"]["label"]["zh"], "y": g["indices_display"], "y_raw": g["indices"],
        "trend": trend, "hj274": hj274_label(doc), "n_key": doc["key_enterprises"]["count"],
    }


def files(site: SiteInput, render) -> dict[str, str]:
    rows = site.rows
    graded_system = next(s for s in site.config.systems.values() if s.method == "graded")
    chart = None
    if 0 < len(rows) <= MAX_CHART_PARKS:
        frame = pd.DataFrame([{"park": r["name"], "level": f"{lv} 级指数", "index": float(r["y_raw"][lv])} for r in rows for lv in ("I", "II", "III") if r["y_raw"].get(lv) is not None])
        if len(frame):
            best = max(rows, key=lambda r: r["y_raw"]["III"] or 0)
            chart = charts.grouped_bar(
                "portal-indices", "各园区综合评价指数", f"{len(rows)} 个园区中，{best['name']} 的 III 级综合评价指数最高，为 {best['y']['III']}。",
                frame, category="park", value="index", series="level",
                columns={"park": "园区", "level": "指数", "index": "综合评价指数"}, value_title="综合评价指数")
    out = {"index.md": render("portal.md.j2", parks=rows, cycle=site.cycle, system={"name": graded_system.name}, chart=chart)}
    if chart:
        out.update(chart_files(chart, "charts"))
    return out
