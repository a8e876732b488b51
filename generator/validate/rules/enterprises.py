"""Enterprise identifiers: the unified social credit code (GB 32100-2015) and the pollutant
discharge permit number that starts with it."""

from __future__ import annotations

from generator.validate import uscc
from generator.validate.findings import ERROR, WARNING, Code, Finding
from generator.validate.rules._rule import Context, row_number, rule


@rule("unique-error")
def uscc_is_unique(ctx: Context):
    # the schema declares uscc a unique key, but frictionless 5 does not enforce uniqueKeys
    ent = ctx.table("enterprises")
    dup = ent[ent["uscc"].notna() & ent["uscc"].duplicated(keep="first")]
    for i, code in zip(dup.index, dup["uscc"]):
        yield Finding("unique-error", ctx.file("enterprises"), row_number(i), "uscc", {"cell": code})


@rule(Code("uscc-check-digit", ERROR, "统一社会信用代码“{cell}”校验位错误（GB 32100-2015），应为“{expected}”",
           "the unified social credit code '{cell}' has a wrong check character (GB 32100-2015); expected '{expected}'"))
def uscc_check_character(ctx: Context):
    ent = ctx.table("enterprises")
    for i, code in zip(ent.index, ent["uscc"].tolist()):  # tolist: what records gives for the column
        if code and not uscc.is_valid(code):
            yield Finding("uscc-check-digit", ctx.file("enterprises"), row_number(i), "uscc",
                          {"cell": code, "expected": code[:17] + uscc.check_character(code[:17])})


@rule(Code("permit-uscc-mismatch", WARNING, "排污许可证编号“{cell}”的前 18 位与统一社会信用代码“{uscc}”不一致",
           "the first 18 characters of the permit number '{cell}' differ from the USCC '{uscc}'"))
def permit_starts_with_uscc(ctx: Context):
    ent = ctx.table("enterprises")
    for i, code, permit in zip(ent.index, ent["uscc"].tolist(), ent["permit_no"].tolist()):
        if permit and code and permit[:18] != code:
            yield Finding("permit-uscc-mismatch", ctx.file("enterprises"), row_number(i), "permit_no", {"cell": permit, "uscc": code})
