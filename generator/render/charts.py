"""Charts as Vega-Lite specs built with Altair. A chart is its data (also offered as CSV), its
spec, and a one-sentence summary; the page shows the summary and the data as a table, so every
chart has a text alternative. No chart loads anything from the network: each page's specs, data
inlined, are a script beside the page (model.page_charts), which charts.js loads when a chart
comes into view."""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import warnings
from dataclasses import dataclass, field

import altair as alt
import numpy as np
import orjson
import pandas as pd
from pandas.api.types import infer_dtype

from generator.render.spreadsheet import csv_text

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
    data: pd.DataFrame | Columns  # exactly what is plotted; written as <chart_id>.csv
    columns: dict  # column -> Chinese header, for the text-alternative table
    spec: dict
    # the data's columns as Series (or Columns' own columns; _series), taken once by the builder:
    # frame[c] costs ~40 µs a time, and a chart reads each column four times (tooltip types, spec
    # data, CSV, table rows)
    series: dict | None = field(default=None, repr=False, compare=False)

    @property
    def frame(self) -> pd.DataFrame:
        """The data as a DataFrame: made only when asked for (by pandas' own rules for a kind of
        column the fast paths leave to it, or by a reader that wants a frame)."""
        return self.data if isinstance(self.data, pd.DataFrame) else self.data.frame()

    def _column(self, c: str) -> pd.Series:
        return self.series[c] if self.series is not None else self.frame[c]

    def csv(self) -> str:
        """The chart's data for people, who open it in Excel: Chinese headers (with their units, as
        the data table under the chart), and a UTF-8 byte order mark, without which Chinese Excel
        reads the file as GBK and garbles it. Columns without a Chinese header keep their name.
        Written with the csv module, the bytes pandas' to_csv wrote (a test compares them), in a
        fifth of the time; a column of another kind (dates, categories) is left to pandas."""
        names = list(self.data.columns)
        headers = [self.columns.get(c, c) for c in names]
        columns = [_csv_column(self._column(c)) for c in names] if names and all(type(c) is str for c in names) else [None]
        if any(col is None for col in columns):
            return self._pandas_csv(headers)
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(zip(*columns))
        return out.getvalue()

    def records(self) -> list[dict]:
        """The rows of the chart's data table: `frame.to_dict("records")`, which pandas makes a
        cell at a time (a tenth of a park's render); numbers, text and missing values are taken a
        column at a time, the values pandas gives (a test compares), anything else by pandas."""
        data = self.data
        columns = [c for c in data.columns]
        if _unique_names(data) and all(type(c) is str for c in columns):
            values = [_record_column(self._column(c)) for c in columns]
            if all(v is not None for v in values):
                return [dict(zip(columns, row)) for row in zip(*values)] if columns else [{} for _ in range(len(data))]
        return self.frame.to_dict("records")

    def _pandas_csv(self, headers: list[str]) -> str:
        # a name like =HYPERLINK(...) from data must not become a live formula (spreadsheet.csv_text)
        frame = self.frame.apply(lambda col: col.map(csv_text) if col.dtype == object or isinstance(col.dtype, pd.StringDtype) else col)
        return "\ufeff" + frame.set_axis(headers, axis=1).to_csv(index=False, lineterminator="\n")


class Columns:
    """A chart's data as lists of Python values, a column each, with the dtype pandas gives such a
    list in a DataFrame: what a page hands a chart without building a DataFrame (~1 ms a chart,
    and a park has ~40 charts). Made by `table`, which leaves to pandas any column whose dtype it
    does not know for certain; the DataFrame (`frame`) is made only for Altair (once per chart
    shape) or for a reader that asks for it. tests/render/test_chart_table.py compares the two."""

    __slots__ = ("columns", "dtypes", "dtype_names", "_columns", "_frame")

    def __init__(self, columns: dict[str, _Column]):
        self.columns = list(columns)
        self.dtypes = [col.dtype for col in columns.values()]
        self.dtype_names = tuple(_DTYPE_NAMES[t] for t in self.dtypes)  # str(dtype), part of a shape's key
        self._columns = columns
        self._frame = None

    def __len__(self) -> int:
        return len(next(iter(self._columns.values())).values)

    def __getitem__(self, name: str) -> _Column:
        return self._columns[name]

    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = pd.DataFrame({c: pd.Series(col.values, dtype=col.dtype) for c, col in self._columns.items()})
        return self._frame


class _Column:
    """One column of a Columns: what the chart's readers take from a Series (dtype, tolist)."""

    __slots__ = ("values", "dtype")

    def __init__(self, values: list, dtype):
        self.values = values
        self.dtype = dtype

    def tolist(self) -> list:
        return self.values


def table(data: dict[str, list], floats=()) -> Columns | pd.DataFrame:
    """`pd.DataFrame(data)` (with the columns named in `floats` as `pd.Series(..., dtype=float)`),
    or the same data as Columns when every column is of a kind whose pandas dtype and values are
    known here: text (missing: None, which pandas makes NaN), numbers (int64 if all are ints,
    else float64 with None as NaN) or bools. Anything else, and a table without rows or columns,
    is pandas' to decide."""
    columns, rows = {}, None
    for name, values in data.items():
        values = list(values)
        if rows is None:
            rows = len(values)
        col = _column(values, name in floats) if type(name) is str and len(values) == rows else None
        if col is None:
            break
        columns[name] = col
    else:
        if columns and rows:
            return Columns(columns)
    return pd.DataFrame({c: pd.Series(v, dtype=float) if c in floats else v for c, v in data.items()})


def records_table(rows: list[dict]) -> Columns | pd.DataFrame:
    """`pd.DataFrame(rows)` for rows that are dicts with the same keys in the same order, as
    `table` makes it; other rows (none, or keys that differ) are pandas' to read."""
    keys = list(rows[0]) if rows else None
    if keys is None or any(list(r) != keys for r in rows):
        return pd.DataFrame(rows)
    return table({k: [r[k] for r in rows] for k in keys})


_NAN = float("nan")
_INT64 = (-(2 ** 63), 2 ** 63 - 1)


def _column(values: list, as_float: bool) -> _Column | None:
    kinds = set(map(type, values))
    gaps = type(None) in kinds
    kinds.discard(type(None))
    if as_float or (kinds and kinds <= {int, float} and (gaps or float in kinds)):
        if not kinds <= {int, float}:
            return None
        return _Column([_NAN if v is None else float(v) for v in values], _dtype(1.0))
    if kinds == {int} and not gaps:
        return _Column(values, _dtype(1)) if _INT64[0] <= min(values) and max(values) <= _INT64[1] else None
    if kinds == {str}:
        return _Column([_NAN if v is None else v for v in values] if gaps else values, _dtype(""))
    if kinds == {bool} and not gaps:
        return _Column(values, _dtype(True))
    return None


_DTYPES: dict[type, object] = {}


def _dtype(sample):
    """The dtype pandas gives a DataFrame column of values like `sample` (pandas 3: "str" for text)."""
    kind = type(sample)
    if kind not in _DTYPES:
        dtype = _DTYPES[kind] = pd.DataFrame({"c": [sample]}).dtypes.iloc[0]
        _DTYPE_NAMES[dtype] = str(dtype)
    return _DTYPES[kind]


_DTYPE_NAMES: dict = {}


def _unique_names(data) -> bool:
    return True if isinstance(data, Columns) else data.columns.is_unique


def _record_column(col: pd.Series) -> list | None:
    """A column's values as to_dict("records") gives them (numpy numbers as Python's), or None."""
    kind = col.dtype.kind if isinstance(col.dtype, np.dtype) else ""
    if kind in ("f", "i", "u", "b"):
        return col.tolist()
    if col.dtype == object or (isinstance(col.dtype, pd.StringDtype) and col.dtype.na_value is not pd.NA):
        # pandas' text columns ("str", missing is NaN: what pandas 3 makes of text) give their values as they are
        values = col.tolist()
        return values if all(type(v) in _PLAIN for v in values) else None
    return None


def _csv_column(col: pd.Series) -> list[str] | None:
    """A column's CSV fields as pandas' to_csv writes them (missing values empty, numbers as
    their shortest repr, True/False), text neutralised for spreadsheets (spreadsheet.csv_text);
    None for a kind of column left to pandas."""
    kind = col.dtype.kind if isinstance(col.dtype, np.dtype) else ""
    if kind == "f":
        return ["" if v != v else repr(v) for v in col.tolist()]
    if kind in ("i", "u", "b"):
        return [str(v) for v in col.tolist()]
    if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
        values = col.tolist()
        if not all(type(v) in _PLAIN for v in values):
            return None  # pd.NA, numpy scalars, dates, …: pandas' own rules
        return ["" if v is None or v != v else csv_text(v) if type(v) is str else repr(v) if type(v) is float else str(v) for v in values]
    return None


def _finish(chart: alt.Chart, title: str) -> dict:
    """The look every chart shares (issue 13: legible at a laptop's and a phone's width): as wide
    as the page's column (the figure's CSS gives it that width), axis titles written horizontally
    (the vertical axis's above its labels, never turned sideways), horizontal category labels
    that are dropped rather than drawn over each other, and legends above the plot, where they do
    not take the plot's width on a phone (an entry a line)."""
    spec = (
        chart.properties(title=title, width="container")
        .configure(font=FONT, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure_axis(labelFont=FONT, titleFont=FONT, labelLimit=220, labelFontSize=12, titleFontSize=12, titleFontWeight="normal", titleColor="#333",
                        labelOverlap="greedy")
        .configure_axisY(titleAngle=0, titleAlign="left", titleAnchor="end", titleBaseline="bottom", titleY=-8)
        .configure_axisX(labelAngle=0)
        # above the vertical axis's title, which sits just above the plot; one entry a line, since a
        # row of entries starts where the plot starts and runs off a phone's screen
        .configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=12, orient="top", direction="vertical",
                          labelLimit=260, offset=26)
        .configure_title(font=FONT, anchor="start")
        .to_dict(validate=False)  # the builders are fixed and tested; validation costs ~40 ms a chart
    )
    return spec


# Altair takes ~50 ms to build a spec, and a national site draws tens of thousands of charts that
# differ only in their data. So each chart shape (the builder and every argument except the data)
# is built by Altair once, from the frame's empty slice with the same columns and types, and each
# chart then gets that spec with its own inline dataset, named as Altair names it (a hash of the
# values). The result is the spec Altair would build; tests/test_charts.py compares the two.
_SHAPES: dict[tuple, tuple[str, str]] = {}


# A process that renders one park (a one-park rebuild) would build each of its ~20 shapes with
# Altair again: ~0.5 s of its ~1 s. So `parkaudit build` keeps the shapes between runs
# (generator/build/chart_shapes.py); these three are its way in. A shape is stored under its key's
# repr, and only when that text reads back as the same key (literal_eval), so a key holding
# anything but plain values (str, numbers, None, bools, tuples of them) stays in memory only.
def shape_keys() -> set:
    """The keys of the shapes built or loaded so far, to pass to `shapes_since` later."""
    return set(_SHAPES)


def shapes_since(before: set) -> dict[str, list[str]]:
    """The shapes built since `shape_keys()` returned `before`, as text: repr(key) → [spec JSON,
    placeholder dataset name]."""
    out = {}
    for key, shape in _SHAPES.items():
        if key not in before:
            text = repr(key)
            try:
                same = ast.literal_eval(text) == key
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                same = False
            if same:
                out[text] = list(shape)
    return out


def add_shapes(shapes: dict[str, list[str]]) -> None:
    """Shapes from `shapes_since` (of another process or run) into this process's cache. The
    caller vouches that they were built by the same code and libraries."""
    for text, (spec, placeholder) in shapes.items():
        _SHAPES.setdefault(ast.literal_eval(text), (spec, placeholder))


def _values(frame: pd.DataFrame | Columns, series: dict | None = None) -> list:
    """The inline dataset Altair's default data transformer makes of `frame`: its records after
    sanitize_pandas_dataframe. That costs ~8 ms a chart (a copy of the frame, a pass per column);
    the columns charts are made of are converted here directly, anything else goes to Altair."""
    columnar = isinstance(frame, Columns)  # its index is the rows' numbers, as a RangeIndex
    if len(frame) <= _MAX_ROWS and (columnar or isinstance(frame.index, pd.RangeIndex)) and all(type(c) is str for c in frame.columns):
        columns = [_column_values(series[c] if series is not None else frame[c]) for c in frame.columns]
        if all(col is not None for col in columns):
            return [dict(zip(frame.columns, row)) for row in zip(*columns)] if columns else [{} for _ in range(len(frame))]
    return alt.data_transformers.get()(frame.frame() if columnar else frame)["values"]


_MAX_ROWS = 5000  # the default transformer's limit: beyond it Altair raises its own error
_PLAIN = (str, int, float, bool, type(None))


def _column_values(col: pd.Series) -> list | None:
    """A column as sanitize_pandas_dataframe leaves it, or None for a kind left to Altair."""
    kind = col.dtype.kind if isinstance(col.dtype, np.dtype) else ""  # not pandas' nullable Int64, Float64, boolean
    if kind == "f":
        return [None if v != v or v in (math.inf, -math.inf) else v for v in col.tolist()]
    if kind in ("i", "u", "b"):  # numpy integers and bools: to Python objects, as astype(object)
        return col.tolist()
    if isinstance(col.dtype, pd.StringDtype):  # pandas' text columns ("str", "string"): missing is NaN or NA
        return [None if v is pd.NA or v != v else v for v in col.tolist()]
    if col.dtype == object:
        values = col.tolist()
        if not all(type(v) in _PLAIN for v in values) or not any(type(v) is str for v in values):
            # arrays, pd.NA, timestamps, …; and a column of numbers only, which Altair's .apply
            # turns into floats: Altair's own rules
            return None
        return [None if v != v else v for v in values]  # NaN (a float) is null, as col.notnull() says
    return None


def _spec(key: tuple | None, make, frame: pd.DataFrame | Columns, title: str, series: dict | None = None) -> dict:
    from altair.vegalite.v6.api import _dataset_name

    if key is None:
        return _finish(make(_frame(frame)), title)
    key = key + (tuple(frame.columns), frame.dtype_names if isinstance(frame, Columns) else tuple(str(t) for t in frame.dtypes))
    shape = _SHAPES.get(key)
    if shape is None:
        placeholder = _frame(frame).iloc[0:0]
        shape = _SHAPES[key] = (json.dumps(_finish(make(placeholder), _TITLE)), _dataset_name(_values(placeholder)))
    text, placeholder_name = shape
    values = _values(frame, series)
    name = _dataset_name(values)
    # orjson reads the shape's JSON (json's own text) back as json.loads does, in a fifth of the time
    spec = orjson.loads(text.replace(f'"{placeholder_name}"', f'"{name}"'))
    spec["datasets"][name] = values
    spec["title"] = title  # the one place _finish puts it
    return spec


def _largest_total(data: pd.DataFrame | Columns, category: str, value: str):
    """frame.groupby(category)[value].sum().max(): the largest total of `value` over a category.
    Counts (int64) of Columns are summed here, exactly; anything else by pandas, whose sums of
    floats are compensated and may differ from a plain sum in the last digit."""
    if isinstance(data, Columns) and str(data[value].dtype) == "int64":
        totals: dict = {}
        for c, v in zip(data[category].values, data[value].values):
            if c == c:  # pandas leaves out a missing category (NaN)
                totals[c] = totals.get(c, 0) + v
        if totals:
            return max(totals.values())
    return _frame(data).groupby(category)[value].sum().max()


def _distinct(data: pd.DataFrame | Columns, column: str) -> int:
    """frame[column].nunique(): distinct values, missing ones (NaN) not counted."""
    if isinstance(data, Columns):
        return len({v for v in data[column].values if v == v})
    return data[column].nunique()


def _frame(data: pd.DataFrame | Columns) -> pd.DataFrame:
    return data.frame() if isinstance(data, Columns) else data


_TITLE = "\u2063title\u2063"  # stands for the title in a cached shape (one shape serves every metric)


def _tooltip_types(columns: dict, frame: pd.DataFrame, series: dict | None = None) -> tuple:
    """The type Altair infers for each tooltip column from the whole column: stated explicitly,
    so that a shape built from an empty slice carries the types of the real data (an object
    column of numbers is quantitative, of text nominal), and part of the shape's key."""
    from altair.utils.core import parse_shorthand

    types = []
    for c in columns:
        # Altair's answer depends only on the shorthand and on pandas' inferred kind of the column
        # (for a categorical, also on its categories: not cached)
        col = (series.get(c) if series is not None else frame[c] if c in frame.columns else None)
        key = None if col is None or str(col.dtype) == "category" else (c, _inferred(col))
        attrs = _SHORTHANDS.get(key) if key else None
        if attrs is None:
            attrs = parse_shorthand(c, data=_frame(frame))
            if key:
                _SHORTHANDS[key] = attrs
        if set(attrs) - {"field", "type"}:
            return None  # e.g. an ordered categorical also gets a sort order: Altair builds this one
        types.append(attrs.get("type"))
    return tuple(types)


_SHORTHANDS: dict[tuple, dict] = {}


def _inferred(col: pd.Series | _Column) -> str:
    """pandas' infer_dtype of the column, skipna=False. A Columns' column has a dtype that is not
    object, and for those pandas answers from the dtype alone, so from an empty Series of it."""
    if isinstance(col, _Column):
        if col.dtype not in _INFERRED:
            _INFERRED[col.dtype] = infer_dtype(pd.Series([], dtype=col.dtype), skipna=False)
        return _INFERRED[col.dtype]
    return infer_dtype(col, skipna=False)


_INFERRED: dict = {}


def _series(frame: pd.DataFrame | Columns) -> dict | None:
    """frame's columns as Series, once; None for a frame whose column names are not all distinct
    strings (each reader then takes frame[c] itself, as before)."""
    if isinstance(frame, Columns):
        return {c: frame[c] for c in frame.columns}
    if not frame.columns.is_unique or not all(type(c) is str for c in frame.columns):
        return None
    return {c: frame[c] for c in frame.columns}


def _tooltips(columns: dict, types: tuple | None) -> list:
    if types is None:
        return [alt.Tooltip(c, title=t) for c, t in columns.items()]
    return [alt.Tooltip(c, title=t, type=ty) if ty else alt.Tooltip(c, title=t) for (c, t), ty in zip(columns.items(), types)]


def bar(chart_id, title, summary, frame, category, value, *, category_title, value_title, columns, colour=None, sort="-x"):
    height = max(120, 22 * len(frame))
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)

    def make(data):
        enc = dict(
            y=alt.Y(f"{category}:N", title=category_title, sort=sort),
            x=alt.X(f"{value}:Q", title=value_title),
            tooltip=_tooltips(columns, types),
        )
        if colour:
            enc["color"] = alt.Color(f"{colour}:N", title=columns.get(colour, colour))
        return alt.Chart(data).mark_bar().encode(**enc).properties(height=height)

    key = None if types is None else ("bar", category, value, category_title, value_title, tuple(columns.items()), colour, sort, height, types)
    return Chart(chart_id, title, summary, frame, columns, _spec(key, make, frame, title, snapshot), snapshot)


def pareto(chart_id, title, summary, frame, *, columns, threshold=80.0):
    """Bars of each enterprise's share, a line of the cumulative share, a rule at the 80 % cut."""
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)

    def make(data):
        base = alt.Chart(data).encode(x=alt.X("name:N", title="企业", sort=None, axis=alt.Axis(labelAngle=-50, labelLimit=120)))
        bars = base.mark_bar().encode(
            y=alt.Y("share:Q", title="占园区合计 %"),
            color=alt.Color("key:N", title="重点企业", scale=alt.Scale(domain=["是", "否"], range=["#00695c", "#b0bec5"])),
            tooltip=_tooltips(columns, types),
        )
        line = base.mark_line(point=True, color="#37474f").encode(y=alt.Y("cumulative:Q", title="累计占比 %"))
        cut = pd.DataFrame({"threshold": [threshold], "label": [f"{threshold:g}% 截止线"]})
        rule = alt.Chart(cut).mark_rule(strokeDash=[4, 4], color="#b71c1c").encode(y="threshold:Q")
        label = alt.Chart(cut).mark_text(align="right", baseline="bottom", dx=-2, dy=-3, color="#b71c1c", x="width").encode(
            y="threshold:Q", text="label:N")
        return alt.layer(bars, line, rule, label).properties(height=260)

    key = None if types is None else ("pareto", tuple(columns.items()), threshold, types)
    return Chart(chart_id, title, summary, frame, columns, _spec(key, make, frame, title, snapshot), snapshot)


def trend(chart_id, title, summary, frame, *, x, y, series, columns, y_title, domain=None):
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)

    def make(data):
        scale = alt.Scale(domain=domain) if domain else alt.Undefined
        return alt.Chart(data).mark_line(point=True).encode(
            x=alt.X(f"{x}:O", title="审核年度"),
            y=alt.Y(f"{y}:Q", title=y_title, scale=scale),
            color=alt.Color(f"{series}:N", title=columns.get(series, series)),
            tooltip=_tooltips(columns, types),
        ).properties(height=220)

    key = None if types is None else ("trend", x, y, series, tuple(columns.items()), y_title, tuple(domain) if domain else None, types)
    return Chart(chart_id, title, summary, frame, columns, _spec(key, make, frame, title, snapshot), snapshot)


def grouped_bar(chart_id, title, summary, frame, *, category, value, series, columns, value_title):
    height = max(120, 40 * _distinct(frame, category))
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)

    def make(data):
        return alt.Chart(data).mark_bar().encode(
            y=alt.Y(f"{category}:N", title=columns.get(category, category)),
            x=alt.X(f"{value}:Q", title=value_title),
            yOffset=alt.YOffset(f"{series}:N"),
            color=alt.Color(f"{series}:N", title=columns.get(series, series)),
            tooltip=_tooltips(columns, types),
        ).properties(height=height)

    key = None if types is None else ("grouped_bar", category, value, series, tuple(columns.items()), value_title, height, types)
    return Chart(chart_id, title, summary, frame, columns, _spec(key, make, frame, title, snapshot), snapshot)


# The reader's names of the levels, and the order in which a level chart stacks them (best on top).
LEVEL_NAMES = {"I": "I 级", "II": "II 级", "III": "III 级", "below": "未达 III 级"}


def indicator_history(chart_id, title, summary, frame, *, columns, value_title, value_format=""):
    """One indicator of a park over its cycles: its published value as a line with labelled points,
    and a horizontal rule at each benchmark (columns I, II, III) of the latest cycle, labelled
    "III 级基准 0.5"; levels with the same benchmark share one rule ("I、II、III 级基准 100") so
    that no two labels are drawn on top of each other. `frame`: one row per cycle, columns
    cycle, value, level (in words), I, II, III; a missing value leaves a gap in the line.
    `value_format`: the d3 format of the point labels, the indicator's published precision (".2f")."""
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)

    def make(data):
        base = alt.Chart(data)
        x = alt.X("cycle:O", title="审核年度", axis=alt.Axis(labelAngle=0))
        y = alt.Y("value:Q", title=value_title)
        line = base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True, color="#00695c"), color="#00695c", strokeWidth=2.5).encode(
            x=x, y=y, tooltip=_tooltips(columns, types))
        labels = base.mark_text(dy=-11, color="#004d40", fontWeight="bold").encode(x=x, y=y, text=alt.Text("value:Q", format=value_format))
        latest = (base.transform_window(rank="row_number()", sort=[alt.SortField("cycle", order="descending")])
                  .transform_filter("datum.rank == 1")
                  .transform_fold(["I", "II", "III"], as_=["level_key", "bench"])
                  .transform_filter("isValid(datum.bench)")
                  .transform_aggregate(group="values(level_key)", groupby=["bench"])
                  .transform_calculate(top="datum.group[0].level_key",
                                       label="join(pluck(datum.group, 'level_key'), '、') + ' 级基准 ' + datum.bench")
                  .transform_calculate(colour=f"{{'I': '{LEVEL_COLOURS['I']}', 'II': '{LEVEL_COLOURS['II']}', 'III': '{LEVEL_COLOURS['III']}'}}[datum.top]",
                                       order="indexof(['I', 'II', 'III'], datum.top)"))
        # the labels go in a legend, not beside the rules: benchmarks close together (0.3, 0.45, 0.6
        # under a value of 3.8) would draw their labels on top of each other
        colour = alt.Color("label:N", title=None, scale=alt.Scale(range=alt.FieldRange("colour")),
                           sort=alt.EncodingSortField("order", op="min"), legend=alt.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=2, symbolDash=[6, 4]))
        rules = latest.mark_rule(strokeDash=[6, 4], strokeWidth=1.5).encode(y="bench:Q", color=colour, tooltip=[alt.Tooltip("label:N", title="基准")])
        return alt.layer(rules, line, labels).properties(height=240)

    key = None if types is None else ("indicator_history", tuple(columns.items()), value_title, value_format, types)
    return Chart(chart_id, title, summary, frame, columns, _spec(key, make, frame, title, snapshot), snapshot)


def indicator_levels(chart_id, title, summary, frame, *, columns):
    """A qualitative indicator over a park's cycles: the level reached each cycle (column `level`,
    in words), on an axis of the levels themselves, best on top; its benchmarks are conditions
    (in words on the page), not numbers to draw."""
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)
    domain = [LEVEL_NAMES[lv] for lv in ("I", "II", "III", "below")]

    def make(data):
        return (alt.Chart(data).transform_filter(alt.FieldOneOfPredicate(field="level", oneOf=domain))
                .mark_line(point=alt.OverlayMarkDef(size=70, filled=True, color="#00695c"), color="#00695c", strokeWidth=2.5)
                .encode(x=alt.X("cycle:O", title="审核年度", axis=alt.Axis(labelAngle=0)),
                        y=alt.Y("level:O", title="达到的等级", scale=alt.Scale(domain=domain)),
                        tooltip=_tooltips(columns, types))
                .properties(height=200))

    key = None if types is None else ("indicator_levels", tuple(columns.items()), types)
    return Chart(chart_id, title, summary, frame, columns, _spec(key, make, frame, title, snapshot), snapshot)


def stacked_bar(chart_id, title, summary, frame, *, category, value, series, columns, value_title, colours: dict[str, str], counts=False):
    """Horizontal bars of `value` per `category`, stacked by `series` with a fixed colour per series
    value (`colours`, in stacking and legend order): for parts of a whole whose colours carry a
    meaning, such as the measures' statuses (done green, overdue red). `counts`: the values are
    counts, and the axis shows whole numbers."""
    height = max(120, 44 * _distinct(frame, category))
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)
    order = list(colours)
    largest = _largest_total(frame, category, value) if counts and len(frame) else 0
    axis = _count_axis(largest) if counts else alt.Undefined

    def make(data):
        return alt.Chart(data).mark_bar().transform_calculate(
            # the stack follows the colours' order, not the alphabetical order of the series values
            stack_rank=f"indexof({json.dumps(order, ensure_ascii=False)}, datum[{json.dumps(series)}])"
        ).encode(
            # no title beside the categories: they name themselves (园区, 企业), and a sideways title is hard to read
            y=alt.Y(f"{category}:N", title=None, sort=None),
            x=alt.X(f"{value}:Q", title=value_title, stack="zero", axis=axis),
            color=alt.Color(f"{series}:N", title=columns.get(series, series), sort=order,
                            scale=alt.Scale(domain=order, range=[colours[s] for s in order])),
            order=alt.Order("stack_rank:Q"),
            tooltip=_tooltips(columns, types),
        ).properties(height=height)

    ticks = min(int(largest), SMALL_COUNT + 1) if counts else None  # the axis's shape: its listed ticks, or none listed
    key = None if types is None else ("stacked_bar", category, value, series, tuple(columns.items()), value_title, tuple(colours.items()), height, types, ticks)
    return Chart(chart_id, title, summary, frame, columns, _spec(key, make, frame, title, snapshot), snapshot)


def portal_comparison(chart_id, title, summary, frame, *, columns, grades, colours):
    """The portal's comparison: one horizontal bar per park (full width, names readable), sorted
    by the composite index, coloured by grade, with the rule at 100 that level III needs."""
    height = max(120, 18 * len(frame))
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)

    def make(data):
        bars = alt.Chart(data).mark_bar().encode(
            y=alt.Y("park:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
            x=alt.X("index:Q", title=columns["index"], axis=alt.Axis(orient="top")),
            color=alt.Color("grade:N", title=columns["grade"], scale=alt.Scale(domain=list(grades), range=list(colours)),
                            legend=alt.Legend(orient="top")),
            tooltip=_tooltips(columns, types),
        )
        rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 4], color="#37474f").encode(x="x:Q")
        return alt.layer(bars, rule).properties(height=height)

    key = None if types is None else ("portal_comparison", tuple(columns.items()), tuple(grades), tuple(colours), height, types)
    return Chart(chart_id, title, summary, frame, columns, _spec(key, make, frame, title, snapshot), snapshot)


SMALL_COUNT = 10


def _count_axis(largest) -> alt.Axis:
    """An axis of counts (parks, measures): whole numbers only. Vega's tickMinStep is only a hint
    to d3's choice of ticks, which still steps by 0.5 when the largest count is 1 or 2 ("0.0 0.5
    1.0 …园区数"); up to SMALL_COUNT the ticks are listed."""
    if largest <= SMALL_COUNT:
        return alt.Axis(values=list(range(int(largest) + 1)), format="d", tickMinStep=1)
    return alt.Axis(format="d", tickMinStep=1)


def grade_distribution(chart_id, title, summary, frame, *, columns, colours):
    """Parks per grade: one bar per grade in grade order (the frame's), labelled with its count."""
    snapshot = _series(frame)
    types = _tooltip_types(columns, frame, snapshot)
    order = frame["grade"].tolist()

    def make(data):
        base = alt.Chart(data).encode(
            y=alt.Y("grade:N", title=None, sort=order),
            x=alt.X("count:Q", title=columns["count"], axis=_count_axis(frame["count"].max())),
        )
        bars = base.mark_bar().encode(
            color=alt.Color("grade:N", legend=None, scale=alt.Scale(domain=order, range=list(colours))),
            tooltip=_tooltips(columns, types))
        labels = base.mark_text(align="left", dx=4).encode(text="count:Q")
        return alt.layer(bars, labels).properties(height=max(80, 32 * len(order)))

    return Chart(chart_id, title, summary, frame, columns, _spec(None, make, frame, title, snapshot), snapshot)
