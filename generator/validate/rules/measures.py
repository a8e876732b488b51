"""Cleaner-production measures (清洁生产方案): who they belong to, their dates and their status."""

from __future__ import annotations

import pandas as pd

from generator.validate.findings import ERROR, WARNING, Code, Finding
from generator.validate.rules._rule import Context, rule


def _measures(ctx: Context):
    """(row number, row) of measures.csv, converted once for the four rules below."""
    return ctx.rows("measures")


@rule(
    Code("measure-enterprise-required", ERROR, "企业层级的方案须填写企业代码", "an enterprise-level measure needs an enterprise id"),
    Code("measure-enterprise-unexpected", ERROR, "“{level}”层级的方案不应填写企业代码", "a measure at level '{level}' must not name an enterprise"),
)
def enterprise_measures_name_their_enterprise(ctx: Context):
    for r, row in _measures(ctx):
        if row["level"] == "企业" and not row["enterprise_id"]:
            yield Finding("measure-enterprise-required", ctx.file("measures"), r, "enterprise_id")
        if row["level"] != "企业" and row["enterprise_id"]:
            yield Finding("measure-enterprise-unexpected", ctx.file("measures"), r, "enterprise_id", {"level": row["level"]})


@rule(
    Code("measure-chain-required", ERROR, "产业链层级的方案须填写产业链/产业集群", "a chain-level measure needs the industry chain or cluster"),
    Code("measure-chain-unknown", WARNING, "产业链“{cell}”不是任何企业的产业链", "the chain '{cell}' is not the chain of any enterprise"),
)
def chain_measures_name_a_chain(ctx: Context):
    chains = set(ctx.table("enterprises")["chain"].dropna())
    for r, row in _measures(ctx):
        if row["level"] == "产业链":
            if not row["chain"]:
                yield Finding("measure-chain-required", ctx.file("measures"), r, "chain")
            elif row["chain"] not in chains:
                yield Finding("measure-chain-unknown", ctx.file("measures"), r, "chain", {"cell": row["chain"]})


@rule(Code("measure-dates", ERROR, "完成日期 {cell} 早于开始日期 {start}", "the end date {cell} is before the start date {start}"))
def measure_ends_after_it_starts(ctx: Context):
    for r, row in _measures(ctx):
        start, end = row["start_date"], row["end_date"]
        if start and end and str(end) < str(start):
            yield Finding("measure-dates", ctx.file("measures"), r, "end_date", {"cell": end, "start": start})


@rule(Code("measure-achieved-early", WARNING, "状态为“计划”的方案不应有实际效果数据", "a measure still planned should have no achieved figures"))
def planned_measures_have_no_results(ctx: Context):
    achieved = [c for c in ctx.table("measures").columns if c.startswith("achieved_")]
    for r, row in _measures(ctx):
        if row["status"] == "计划" and any(pd.notna(row[c]) for c in achieved):
            yield Finding("measure-achieved-early", ctx.file("measures"), r, next(c for c in achieved if pd.notna(row[c])))
