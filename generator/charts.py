"""Charts as Vega-Lite specs built with Altair. A chart is its data (also offered as CSV), its
spec, and a one-sentence summary; the page shows the summary and the data as a table, so every
chart has a text alternative. No chart loads anything from the network: data is inlined."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import altair as alt
import pandas as pd

# Altair warns about columns of an empty frame (a park with no data yet for a chart); the page
# then shows an empty chart with its (empty) data table, which is the truth, so stay quiet.
warnings.filterwarnings("ignore", category=UserWarning, module=r"altair(\.|$)")

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
LEVEL_COLOURS = {"I": "#1b5e20", "II": "#43a047", "III": "#c49000", "below": "#b71c1c"}


@dataclass
class Chart:
    chart_id: str
    title: str
    summary: str
    frame: pd.DataFrame  # exactly what is plotted; written as <chart_id>.csv
    columns: dict  # column -> Chinese header, for the text-alternative table
    spec: dict

    def csv(self) -> str:
        return self.frame.to_csv(index=False, lineterminator="\n")


def _finish(chart: alt.Chart, title: str) -> dict:
    spec = (
        chart.properties(title=title, width="container")
        .configure(font=FONT)
        .configure_axis(labelFont=FONT, titleFont=FONT, labelLimit=220)
        .configure_legend(labelFont=FONT, titleFont=FONT)
        .configure_title(font=FONT, anchor="start")
        .to_dict(validate=False)  # the builders are fixed and tested; validation costs ~40 ms a chart
    )
    return spec


def bar(chart_id, title, summary, frame, category, value, *, category_title, value_title, columns, colour=None, sort="-x"):
    enc = dict(
        y=alt.Y(f"{category}:N", title=category_title, sort=sort),
        x=alt.X(f"{value}:Q", title=value_title),
        tooltip=[alt.Tooltip(c, title=t) for c, t in columns.items()],
    )
    if colour:
        enc["color"] = alt.Color(f"{colour}:N", title=columns.get(colour, colour))
    height = max(120, 22 * len(frame))
    spec = _finish(alt.Chart(frame).mark_bar().encode(**enc).properties(height=height), title)
    return Chart(chart_id, title, summary, frame, columns, spec)


def pareto(chart_id, title, summary, frame, *, columns, threshold=80.0):
    """Bars of each enterprise's share, a line of the cumulative share, a rule at the 80 % cut."""
    base = alt.Chart(frame).encode(x=alt.X("name:N", title="企业", sort=None, axis=alt.Axis(labelAngle=-50, labelLimit=120)))
    bars = base.mark_bar().encode(
        y=alt.Y("share:Q", title="占园区合计 %"),
        color=alt.Color("key:N", title="重点企业", scale=alt.Scale(domain=["是", "否"], range=["#00695c", "#b0bec5"])),
        tooltip=[alt.Tooltip(c, title=t) for c, t in columns.items()],
    )
    line = base.mark_line(point=True, color="#37474f").encode(y=alt.Y("cumulative:Q", title="累计占比 %"))
    rule = alt.Chart(pd.DataFrame({"threshold": [threshold]})).mark_rule(strokeDash=[4, 4], color="#b71c1c").encode(y="threshold:Q")
    spec = _finish(alt.layer(bars, line, rule).properties(height=260), title)
    return Chart(chart_id, title, summary, frame, columns, spec)


def trend(chart_id, title, summary, frame, *, x, y, series, columns, y_title, domain=None):
    scale = alt.Scale(domain=domain) if domain else alt.Undefined
    chart = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X(f"{x}:O", title="审核年度"),
        y=alt.Y(f"{y}:Q", title=y_title, scale=scale),
        color=alt.Color(f"{series}:N", title=columns.get(series, series)),
        tooltip=[alt.Tooltip(c, title=t) for c, t in columns.items()],
    )
    spec = _finish(chart.properties(height=220), title)
    return Chart(chart_id, title, summary, frame, columns, spec)


def grouped_bar(chart_id, title, summary, frame, *, category, value, series, columns, value_title):
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", title=columns.get(category, category)),
        x=alt.X(f"{value}:Q", title=value_title),
        yOffset=alt.YOffset(f"{series}:N"),
        color=alt.Color(f"{series}:N", title=columns.get(series, series)),
        tooltip=[alt.Tooltip(c, title=t) for c, t in columns.items()],
    )
    spec = _finish(chart.properties(height=max(120, 40 * frame[category].nunique())), title)
    return Chart(chart_id, title, summary, frame, columns, spec)
