"""The report's charts: small Vega-Lite specs with their data inline, drawn by vl-convert as SVG
(vector, for the PDF) or PNG (for the .docx, which has no portable SVG). The font is set when a
chart is drawn, to the CJK family the report uses (fonts.py), so the labels have real glyphs.

The specs are fixed-size (print has no container to fill) and have no interaction."""

from __future__ import annotations

import copy

from generator.render import MEASURE_STATUS_COLOURS

WIDTH = 520  # px at 96 dpi: about 138 mm, inside the 160 mm text block with the axis labels
LEVEL_COLOURS = ["#1b5e20", "#43a047", "#c49000"]  # Y_I, Y_II, Y_III: as the site's level colours
STATUS_COLOURS = MEASURE_STATUS_COLOURS  # the site's: done green, under way blue, planned grey, overdue and cancelled red


def _base(title: str, rows: list[dict], height: int) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "width": WIDTH,
        "height": height,
        "data": {"values": rows},
        "background": "white",
    }


def grouped_bar(title: str, rows: list[dict], *, category: str, value: str, series: str, category_title: str, value_title: str,
                series_title: str, colours: list[str] | None = None, domain: list[str] | None = None) -> dict:
    """Horizontal bars, one group per category, one bar per series."""
    n = len({r[category] for r in rows}) or 1
    spec = _base(title, rows, max(90, 36 * n))
    colour = {"field": series, "type": "nominal", "title": series_title}
    if colours:
        colour["scale"] = {"range": colours, **({"domain": domain} if domain else {})}
    spec.update(mark={"type": "bar"}, encoding={
        "y": {"field": category, "type": "nominal", "title": category_title, "sort": None, "axis": {"labelLimit": 200}},
        "yOffset": {"field": series, "type": "nominal", **({"sort": domain} if domain else {})},
        "x": {"field": value, "type": "quantitative", "title": value_title},
        "color": colour,
    })
    return spec


def stacked_bar(title: str, rows: list[dict], *, category: str, value: str, series: str, category_title: str, value_title: str,
                series_title: str, colours: dict[str, str]) -> dict:
    n = len({r[category] for r in rows}) or 1
    spec = _base(title, rows, max(80, 30 * n))
    spec.update(mark={"type": "bar"}, encoding={
        "y": {"field": category, "type": "nominal", "title": category_title, "sort": None},
        "x": {"field": value, "type": "quantitative", "title": value_title, "stack": "zero"},
        "color": {"field": series, "type": "nominal", "title": series_title,
                  "scale": {"domain": list(colours), "range": list(colours.values())}, "sort": list(colours)},
        "order": {"field": "order", "type": "quantitative"},
    })
    return spec


def trend(title: str, rows: list[dict], *, x: str, y: str, series: str, x_title: str, y_title: str, series_title: str,
          domain: list[float] | None = None) -> dict:
    spec = _base(title, rows, 200)
    spec.update(mark={"type": "line", "point": True}, encoding={
        "x": {"field": x, "type": "ordinal", "title": x_title, "axis": {"labelAngle": 0}},
        "y": {"field": y, "type": "quantitative", "title": y_title, **({"scale": {"domain": domain}} if domain else {})},
        "color": {"field": series, "type": "nominal", "title": series_title, "scale": {"range": LEVEL_COLOURS}},
    })
    return spec


def pareto(title: str, rows: list[dict], *, threshold: float = 80.0) -> dict:
    """Bars of each enterprise's share (rows: name, share, cumulative, key), the cumulative line and the 80 % rule."""
    spec = _base(title, rows, 200)
    x = {"field": "name", "type": "nominal", "title": "企业", "sort": None, "axis": {"labelAngle": -50, "labelLimit": 110}}
    spec["layer"] = [
        {"mark": {"type": "bar"}, "encoding": {
            "x": x, "y": {"field": "share", "type": "quantitative", "title": "占园区合计 %", "scale": {"domain": [0, 100]}},
            "color": {"field": "key", "type": "nominal", "title": "重点企业", "scale": {"domain": ["是", "否"], "range": ["#00695c", "#b0bec5"]}}}},
        {"mark": {"type": "line", "point": True, "color": "#37474f"}, "encoding": {
            "x": x, "y": {"field": "cumulative", "type": "quantitative"}}},
        {"mark": {"type": "rule", "strokeDash": [4, 4], "color": "#b71c1c"}, "encoding": {"y": {"datum": threshold, "type": "quantitative"}}},
    ]
    return spec


def with_font(spec: dict, family: str) -> dict:
    """The spec with every text in `family`."""
    spec = copy.deepcopy(spec)
    spec["config"] = {"font": family, "axis": {"labelFont": family, "titleFont": family}, "legend": {"labelFont": family, "titleFont": family},
                      "title": {"font": family}, "view": {"stroke": "#cfd8dc"}}
    return spec


def svg(spec: dict, family: str) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(with_font(spec, family))


def png(spec: dict, family: str) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(with_font(spec, family), scale=2)
