"""parkaudit validate: check park data packages; print findings; exit 1 on errors."""

from __future__ import annotations

import json
import sys

NAME = "validate"
HELP = "校验数据包（表结构、约束、键、领域规则）/ validate data packages (schema, constraints, keys, domain rules)"


def add_arguments(parser):
    parser.add_argument("paths", nargs="*", default=["data"], metavar="PATH",
                        help="datapackage.json、数据包文件夹、园区文件夹或 data/ (默认 data) / a datapackage.json, package, park folder or data root (default: data)")
    parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON for machines")


def run(args) -> int:
    from generator.validate import UsageError, validate_paths

    try:
        report = validate_paths(args.paths)
    except UsageError as exc:
        print(f"parkaudit validate: {exc}", file=sys.stderr)
        return 2
    from generator.core import is_draft

    drafts = [r for r in report.packages if is_draft(r.folder)]
    if args.json:
        doc = report.to_dict()
        doc["drafts"] = [{"park": r.park_id, "cycle": r.cycle} for r in drafts]
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(format_human(report, drafts))
    # a draft's errors are for the people filling it in: they do not fail the data of final cycles
    return 1 if any(f not in _draft_findings(report, drafts) for f in report.errors) else 0


def _draft_findings(report, drafts) -> list:
    return [f for r in drafts for f in report.for_package(r)]


_LABEL = {"error": "错误 ERROR", "warning": "警告 WARNING"}


def format_human(report, drafts=()) -> str:
    lines = []
    for f in report.findings:
        where = f.file
        if f.row is not None:
            where += f" 第{f.row}行/row {f.row}"
        if f.field:
            where += f" 字段/field {f.field}"
        lines.append(f"{_LABEL[f.severity]} [{f.code}] {where}")
        lines.append(f"    {f.message_zh}")
        lines.append(f"    {f.message_en}")
    s = report.to_dict()["summary"]
    in_drafts = _draft_findings(report, drafts)
    blocking = [f for f in report.errors if f not in in_drafts]
    for r in drafts:
        n = sum(1 for f in report.for_package(r) if f.severity == "error")
        lines.append(f"草稿 DRAFT {r.park_id}/{r.cycle}: {n} 个错误 errors（草稿不发布，也不阻止其他周期 / a draft is not published and blocks nothing）")
    verdict = "未通过 / INVALID" if blocking else "通过 / VALID"
    line = f"{verdict}: {s['packages']} 个数据包 packages, {s['errors']} 个错误 errors, {s['warnings']} 个警告 warnings"
    stopped = sum(1 for f in report.findings if f.code == "findings-truncated")
    if stopped:  # the counts above are of the findings listed, not of every bad row
        line += (f"（已列出的；{stopped} 个文件问题太多，计数提前停止，实际更多）"
                 f" (as listed: counting stopped early in {stopped} file{'s' if stopped > 1 else ''} with too many findings, so there are more)")
    lines.append(line)
    return "\n".join(lines)


def report_failure(command: str, exc) -> int:
    """Print a stopped build's validation findings (if any) and its reason; exit status 1."""
    report = getattr(exc, "report", None)
    if report is not None:
        print(format_human(report), file=sys.stderr)
    print(f"parkaudit {command}: {exc}", file=sys.stderr)
    return 1
