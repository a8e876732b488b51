"""The portal (docs/reports/index.md): every park's row with its own latest final cycle, filters by
grade, level, zone type, province, prefecture and leading industry (docs/assets/javascripts/portal.js; without
JavaScript the whole list shows), the grade distribution and one chart comparing the parks'
composite index."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from generator.render import charts
from generator.render.compliance import compliance_label
from generator.render.model import ParkResults, SiteInput, chart_data_file, graded, page_charts, profile
from generator.render.pages import SitePage

PAGE = SitePage(templates=("portal.html.j2",))

# grade codes in the order a reader ranks them; anything else (a system with other codes) follows
GRADE_ORDER = ("I", "II", "III", "below")
# a zone approved by the State Council is national, by a province provincial (开发区审核公告目录)
APPROVAL_LEVEL_ZH = {"国务院": "国家级", "省政府": "省级"}
INDUSTRY_SPLIT = re.compile(r"[、，,；;/\s]+")


def row(park: ParkResults) -> dict:
    """The park's row on the portal, made with its pages (so that a reused park keeps its row).
    `cycle` is the park's own current cycle: the latest final one up to the site's cycle (drafts
    never reach render), which may be earlier than other parks'."""
    doc = park.doc
    g = graded(doc)
    p = doc["park"]["profile"]
    trend = "—"
    if park.previous is not None:
        before = graded(park.cycles[park.previous])["indices"]["III"]
        now = g["indices"]["III"]
        if before is not None and now is not None:
            delta = now - before
            trend = f"↑ +{delta:.2f}" if delta > 0 else (f"↓ {delta:.2f}" if delta < 0 else "→ 0.00")
    industries = [s for s in INDUSTRY_SPLIT.split(p.get("leading_industries") or "") if s]
    return {
        **profile(doc), "cycle": park.current, "grade": g["grade"]["grade"], "grade_label": g["grade"]["label"]["zh"],
        "y": g["indices_display"], "y_raw": g["indices"], "trend": trend, "hj274": compliance_label(doc),
        "n_key": doc["key_enterprises"]["count"],
        "level": APPROVAL_LEVEL_ZH.get(p.get("approval_level") or "", p.get("approval_level") or "—"),
        # prefecture (州市) is optional in park.csv: a province's portal fills it, a national one may not
        "prefecture": p.get("prefecture") or "", "province": p.get("province") or "",
        "industry_list": industries,
    }


def _order(codes) -> list[str]:
    return sorted(set(codes), key=lambda c: (GRADE_ORDER.index(c) if c in GRADE_ORDER else len(GRADE_ORDER), c))


def _choices(values) -> list[str]:
    return sorted({v for v in values if v and v != "—"}, key=lambda v: v.encode("gb18030"))  # pinyin-ish order for Chinese


def grade_counts(rows: list[dict]) -> list[dict]:
    """Parks per grade, in grade order, with the grade's Chinese label."""
    counts = Counter(r["grade"] for r in rows)
    labels = {r["grade"]: r["grade_label"] for r in rows}
    return [{"grade": g, "label": labels[g], "count": counts[g]} for g in _order(counts)]


def filters(rows: list[dict]) -> list[dict]:
    """The portal's filters, from the data."""
    grades = grade_counts(rows)
    found = [
        {"key": "grade", "label": "清洁生产等级", "options": [(g["grade"], g["label"]) for g in grades]},
        {"key": "level", "label": "园区级别", "options": [(v, v) for v in _choices(r["level"] for r in rows)]},
        {"key": "zone", "label": "开发区类型", "options": [(v, v) for v in _choices(r["zone_type"] for r in rows)]},
        # both: a national portal tells provinces apart, a province's portal its prefectures; a park
        # without a prefecture is then found under 全部 only
        {"key": "province", "label": "省份", "options": [(v, v) for v in _choices(r.get("province") for r in rows)]},
        {"key": "prefecture", "label": "州市", "options": [(v, v) for v in _choices(r.get("prefecture") for r in rows)]},
        {"key": "industry", "label": "主导产业", "options": [(v, v) for v in _choices(i for r in rows for i in r.get("industry_list", []))]},
    ]
    # the grade filter always shows (it is the portal's first question); the others only where they tell parks apart
    return [f for f in found if f["key"] == "grade" or len(f["options"]) > 1]


def comparison_chart(rows: list[dict]) -> charts.Chart | None:
    frame = pd.DataFrame(
        [{"park": r["name"], "grade": r["grade_label"], "cycle": f"{r['cycle']} 年度", "index": float(r["y_raw"]["III"])}
         for r in rows if r["y_raw"].get("III") is not None],
        columns=["park", "grade", "cycle", "index"])
    if not len(frame):
        return None
    frame = frame.sort_values(["index", "park"], ascending=[False, True], kind="stable").reset_index(drop=True)
    top, bottom = frame.iloc[0], frame.iloc[-1]
    summary = (f"{len(frame)} 个园区中，{top['park']} 的 III 级综合评价指数最高，为 {top['index']:.2f}；"
               f"{bottom['park']} 最低，为 {bottom['index']:.2f}。III 级指数达到 100 且限定性指标全部满足即为 III 级。")
    if _ranks_disagree(rows):  # 杨林 (II, III index 86) below 昆明高新 (III, 100): a reader asks why
        summary += "等级自 I 级起逐级判定，满足的第一级即为等级，因此较高等级园区的 III 级指数可能低于较低等级的园区（理由见各园区概览的“等级判定”）。"
    grades = [c["label"] for c in grade_counts(rows)]
    colours = {r["grade_label"]: charts.LEVEL_COLOURS.get(r["grade"], "#546e7a") for r in rows}
    return charts.portal_comparison(
        "portal-indices", "各园区 III 级综合评价指数（由高到低）", summary, frame,
        columns={"park": "园区", "grade": "清洁生产等级", "cycle": "审核年度", "index": "III 级综合评价指数"},
        grades=grades, colours=[colours[g] for g in grades])


def _ranks_disagree(rows: list[dict]) -> bool:
    """Some park of a better grade has a lower III index than a park of a worse grade."""
    low: dict[int, float] = {}
    high: dict[int, float] = {}
    for r in rows:
        if r["grade"] in GRADE_ORDER and r["y_raw"].get("III") is not None:
            rank, y = GRADE_ORDER.index(r["grade"]), float(r["y_raw"]["III"])
            low[rank], high[rank] = min(low.get(rank, y), y), max(high.get(rank, y), y)
    return any(a < b and low[a] < high[b] for a in low for b in high)


def distribution_chart(counts: list[dict], total: int) -> charts.Chart | None:
    if not counts:
        return None
    frame = pd.DataFrame([{"grade": c["label"], "count": c["count"]} for c in counts], columns=["grade", "count"])
    summary = f"{total} 个园区中，" + "，".join(f"{c['label']} {c['count']} 个" for c in counts) + "。"
    return charts.grade_distribution("portal-grades", "各清洁生产等级的园区数", summary, frame,
                                     columns={"grade": "清洁生产等级", "count": "园区数（个）"},
                                     colours=[charts.LEVEL_COLOURS.get(c["grade"], "#546e7a") for c in counts])


def _list_order(r: dict) -> tuple:
    """Best grade first, then the higher composite index, then the name: a ranking a reader expects."""
    rank = GRADE_ORDER.index(r["grade"]) if r["grade"] in GRADE_ORDER else len(GRADE_ORDER)
    y = r["y_raw"].get("III")
    return (rank, -y if y is not None else float("inf"), r["name"], r["id"])


def files(site: SiteInput, render) -> dict[str, str]:
    rows = site.rows
    graded_system = next(s for s in site.config.systems.values() if s.method == "graded")
    counts = grade_counts(rows)
    cycles = Counter(r["cycle"] for r in rows)
    comparison, distribution = comparison_chart(rows), distribution_chart(counts, len(rows))
    listed = sorted(rows, key=_list_order)
    out = page_charts({"charts": [c for c in (comparison, distribution) if c]}, "index")
    out["index.md"] = render("portal.html.j2", chart_data=chart_data_file("index"), parks=listed, cycle=site.cycle, cycles=sorted(cycles.items(), reverse=True),
                             system={"name": graded_system.name}, counts=counts, filters=filters(rows),
                             comparison=comparison, distribution=distribution)
    return out
