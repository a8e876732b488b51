"""The data covers what an audit needs: energy, water and emission rows, for every enterprise."""

from __future__ import annotations

from generator.validate.findings import WARNING, Code, Finding
from generator.validate.rules._rule import Context, row_number, rule

REQUIRED_TABLES = {"energy": ("能源消费", "energy"), "water": ("用水", "water"), "emissions": ("污染物排放", "emission")}


@rule("table-empty")
def required_tables_have_rows(ctx: Context):
    n = len(ctx.table("enterprises"))
    if not n:
        return
    for t, (zh, en) in REQUIRED_TABLES.items():
        if len(ctx.table(t)) == 0:
            yield Finding("table-empty", ctx.file(t), params={"table": t, "count": n, "label_zh": zh, "label": en})


@rule(Code("enterprise-without-energy", WARNING, "企业“{cell}”在能源表中没有数据", "the enterprise '{cell}' has no rows in the energy table"))
def every_enterprise_has_energy_rows(ctx: Context):
    with_energy = set(ctx.table("energy")["enterprise_id"])
    for i, eid in ctx.table("enterprises")["enterprise_id"].items():
        if eid not in with_energy:
            yield Finding("enterprise-without-energy", ctx.file("enterprises"), row_number(i), "enterprise_id", {"cell": eid})
