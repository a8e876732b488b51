"""Declare a draft audit cycle complete: `parkaudit finalise <park> <cycle>`.

A cycle made by `parkaudit new-cycle` is a draft (`"parkaudit:status": "draft"` in its
datapackage.json): validated and shown to the people preparing it, never published and never
blocking the final cycles. Finalising validates it first and refuses while it has errors; then the
status key is removed from the descriptor (a package without it is final), written atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.core import DESCRIPTOR, DRAFT, STATUS_KEY, descriptor_json
from generator.validate import Report, validate_paths


class FinaliseError(Exception):
    """Nothing to finalise (exit status 2), or `report` says why it cannot be (exit status 1)."""

    def __init__(self, message: str, report: Report | None = None):
        super().__init__(message)
        self.report = report


def finalise(folder: Path) -> Report:
    folder = Path(folder)
    path = folder / DESCRIPTOR
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FinaliseError(f"找不到数据包 / no data package: {folder}") from None
    except ValueError as exc:
        raise FinaliseError(f"datapackage.json 无法读取 / cannot be read: {exc}") from None
    if descriptor.get(STATUS_KEY) != DRAFT:
        raise FinaliseError(f"{folder} 已是正式周期，无需完成 / {folder} is final already; nothing to do")
    report = validate_paths([folder])
    if report.has_errors:
        raise FinaliseError(f"{folder} 仍有 {len(report.errors)} 个错误，未完成；改正后再运行 / "
                            f"{folder} still has {len(report.errors)} errors; it stays a draft — fix them and run again", report)
    descriptor.pop(STATUS_KEY)
    tmp = path.with_name(DESCRIPTOR + ".tmp")
    tmp.write_text(descriptor_json(descriptor), encoding="utf-8")
    os.replace(tmp, path)
    return report
