"""Pollutant emissions within the discharge permit."""

from __future__ import annotations

from generator.core import records
from generator.validate.findings import WARNING, Code, Finding
from generator.validate.rules._rule import Context, row_number, rule, show_number


@rule(Code("emission-over-permit", WARNING, "{pollutant} 实际排放量 {cell} t 超过许可排放量 {permitted} t",
           "actual {pollutant} emission {cell} t exceeds the permitted {permitted} t"))
def emissions_within_permit(ctx: Context):
    emissions = ctx.table("emissions")
    over = emissions[emissions["permitted"].notna() & (emissions["actual"] > emissions["permitted"])]
    for i, row in zip(over.index, records(over)):
        yield Finding("emission-over-permit", ctx.file("emissions"), row_number(i), "actual",
                      {"pollutant": row["pollutant"], "cell": show_number(row["actual"]), "permitted": show_number(row["permitted"])})
