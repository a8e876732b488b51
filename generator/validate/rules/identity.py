"""The package names the park and cycle of its folder, data/<park-id>/<year>/."""

from __future__ import annotations

import csv
import json

from generator.validate.findings import ERROR, Code, Finding
from generator.validate.rules._rule import Context, row_number, rule


@rule(
    Code("park-rows", ERROR, "园区概况表须恰好一行，现有 {count} 行", "the park profile must have exactly one row; it has {count}"),
    Code("park-id-mismatch", ERROR, "园区代码“{cell}”与文件夹名“{expected}”不一致", "the park id '{cell}' differs from the folder name '{expected}'"),
    Code("cycle-mismatch", ERROR, "审核年度 {cell} 与文件夹名“{expected}”不一致", "the audit year {cell} differs from the folder name '{expected}'"),
    before_schema=True,
)
def park_row_names_the_folder(ctx: Context):
    """park.csv is one row naming this folder's park and cycle. Checked before the schema, because
    a wrong park id otherwise shows up first as a puzzling foreign-key error in another table."""
    with ctx.path("park").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if any((v or "").strip() for v in r.values())]
    file = ctx.file("park")
    if len(rows) != 1:
        return [Finding("park-rows", file, params={"count": len(rows)})]
    out = []
    if (rows[0].get("park_id") or "") != ctx.ref.park_id:
        out.append(Finding("park-id-mismatch", file, 2, "park_id", {"cell": rows[0].get("park_id"), "expected": ctx.ref.park_id}))
    if (rows[0].get("audit_year") or "").strip() != ctx.ref.cycle:
        out.append(Finding("cycle-mismatch", file, 2, "audit_year", {"cell": rows[0].get("audit_year"), "expected": ctx.ref.cycle}))
    return out


@rule(
    Code("descriptor-park-mismatch", ERROR, "datapackage.json 的 parkaudit:park 为 {cell}，与文件夹名“{expected}”不一致；数据包的园区由文件夹决定，请改正描述文件",
         "parkaudit:park in datapackage.json is {cell}, which differs from the folder name '{expected}'; the folder says which park a package is, so correct the descriptor"),
    Code("descriptor-cycle-mismatch", ERROR, "datapackage.json 的 parkaudit:cycle 为 {cell}，与文件夹名“{expected}”不一致；数据包的年度由文件夹决定，请改正描述文件",
         "parkaudit:cycle in datapackage.json is {cell}, which differs from the folder name '{expected}'; the folder says which cycle a package is, so correct the descriptor"),
    before_schema=True,
)
def descriptor_names_the_folder(ctx: Context):
    """datapackage.json travels with the published download; when it names a park or cycle
    (parkaudit:park, parkaudit:cycle, as parkaudit writes them), those are its folder's, as strings.
    A descriptor that names neither says nothing wrong."""
    file = ctx.file_of(ctx.ref.descriptor)
    for key, code, expected in (("parkaudit:park", "descriptor-park-mismatch", ctx.ref.park_id),
                                ("parkaudit:cycle", "descriptor-cycle-mismatch", ctx.ref.cycle)):
        if key in ctx.descriptor and ctx.descriptor[key] != expected:
            # quoted as JSON, so that the number 2024 and the text "2024" look different
            yield Finding(code, file, None, key, {"cell": json.dumps(ctx.descriptor[key], ensure_ascii=False), "expected": expected})


@rule("park-id-mismatch")
def facilities_name_the_park(ctx: Context):
    # today the foreign key park_facilities.park_id → park.park_id (checked above against the
    # folder) stops a wrong id here first, in the Table Schema step
    for i, pid in ctx.table("park_facilities")["park_id"].items():
        if pid != ctx.ref.park_id:
            yield Finding("park-id-mismatch", ctx.file("park_facilities"), row_number(i), "park_id", {"cell": pid, "expected": ctx.ref.park_id})
