"""The park's totals: present, and at least what its enterprises add up to."""

from __future__ import annotations

import pandas as pd

from generator.validate.findings import ERROR, Code, Finding
from generator.validate.rules._rule import Context, rule, show_number


@rule(Code("value-added-zero", ERROR, "工业增加值为 0，所有强度指标都无法计算；请填写统计年报数据",
           "industrial value added is 0, so no intensity can be computed; enter the yearbook figure"))
def value_added_is_not_zero(ctx: Context):
    park = ctx.table("park")
    if len(park) == 1 and park.iloc[0]["industrial_value_added"] == 0:
        yield Finding("value-added-zero", ctx.file("park"), 2, "industrial_value_added")


@rule(Code("enterprise-total-exceeds-park", ERROR, "企业{label_zh}合计 {total} 大于园区{label_zh} {park}（园区数据应包含全部企业）",
           "the enterprises' total {label} {total} exceeds the park's {park} (the park figure includes every enterprise)"))
def enterprises_within_park_totals(ctx: Context):
    park = ctx.table("park")
    if len(park) != 1:
        return
    ent = ctx.table("enterprises")
    for ent_col, park_col, zh, en in (
        ("value_added", "industrial_value_added", "工业增加值", "value added"),
        ("output_value", "industrial_output_value", "工业总产值", "output value"),
    ):
        park_value = park.iloc[0][park_col]
        total = ent[ent_col].sum(skipna=True)
        if pd.notna(park_value) and total > park_value * (1 + 1e-9):
            yield Finding("enterprise-total-exceeds-park", ctx.file("park"), 2, park_col,
                          {"label_zh": zh, "label": en, "total": show_number(total), "park": show_number(park_value)})
