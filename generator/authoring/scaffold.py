"""Scaffold the data package of a new audit cycle from the park's latest cycle.

`new_cycle(data_root, park_id, cycle)` writes data/<park>/<cycle>/:

- datapackage.json from generator.core.descriptor.build_descriptor, with the park name of the latest
  cycle's park.csv and its `parkaudit:fictional` flag;
- park.csv and park_facilities.csv: the latest cycle's row, `audit_year` set to the new cycle and
  the figures that belong to one year (PARK_YEARLY, FACILITIES_YEARLY) left empty for the clerk;
- enterprises.csv: the latest enterprise list (it rarely changes), with the yearly figures
  (ENTERPRISE_YEARLY) left empty;
- measures.csv: the measures not yet completed or cancelled (MEASURE_CLOSED), so that they can be
  followed up;
- every other table: a header-only CSV in the column order of data/schemas/<table>.json.

Cells carried over are copied as text, byte for byte, never re-parsed. The package is built in a
temporary folder beside the target and renamed into place, so a failure leaves nothing behind.
Validating the result reports only the required values left for the clerk to fill in
(required-missing), never a structural error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.core import CYCLE_RE, DESCRIPTOR, DRAFT, PARK_ID_RE, STATUS_KEY, TABLES, build_descriptor, load_shared_schema, park_cycles, write_descriptor

# Figures of one year: left empty in the new cycle.
PARK_YEARLY = (
    "industrial_value_added",
    "industrial_output_value",
    "high_tech_output_value",
    "recycling_value_added",
    "employees",
    "grid_emission_factor",  # that year's grid average factor
    "electricity_equivalent_coef",  # that year's thermal-power supply coal rate
)
FACILITIES_YEARLY = (
    "risk_system_completeness",
    "env_management_completeness",
    "major_incidents",
    "stable_compliance",
    "total_control_completed",
    "info_platform_completeness",
    "publicity_events",
    "eco_chain_projects",
    "renewable_resource_recycling_rate",
    "waste_heat_recovery_rate",
)
ENTERPRISE_YEARLY = ("output_value", "value_added", "employees", "cp_audit_completed", "env_info_disclosed")
MEASURE_CLOSED = ("已完成", "已取消")

CARRIED = ("park", "park_facilities", "enterprises", "measures")


class ScaffoldError(Exception):
    """The new cycle cannot be scaffolded (exit status 2); the message is in Chinese and English."""


def existing_cycles(park_folder: Path) -> list[str]:
    return park_cycles(park_folder)


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _csv(fields: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k) or "" for k in fields})
    return buf.getvalue().encode("utf-8")


def carried_rows(table: str, rows: list[dict], cycle: str) -> list[dict]:
    """The rows of the latest cycle's table as they start the new cycle."""
    if table == "park":
        return [dict(r, audit_year=cycle, **{k: "" for k in PARK_YEARLY}) for r in rows]
    if table == "park_facilities":
        return [dict(r, **{k: "" for k in FACILITIES_YEARLY}) for r in rows]
    if table == "enterprises":
        return [dict(r, **{k: "" for k in ENTERPRISE_YEARLY}) for r in rows]
    if table == "measures":
        return [dict(r) for r in rows if (r.get("status") or "").strip() not in MEASURE_CLOSED]
    return []


def check(data_root: Path, park_id: str, cycle: str) -> tuple[Path, str]:
    """The latest cycle's folder and the park name, or ScaffoldError."""
    park_folder = data_root / park_id
    cycles = existing_cycles(park_folder) if PARK_ID_RE.match(park_id) and park_id not in ("schemas", "reference") else []
    if not cycles:
        known = sorted(p.name for p in data_root.iterdir() if p.is_dir() and existing_cycles(p)) if data_root.is_dir() else []
        raise ScaffoldError(
            f"未知园区“{park_id}”：{data_root}/{park_id}/ 下没有任何审核周期的数据包；已有园区：{'、'.join(known) or '无'} / "
            f"unknown park '{park_id}': no audit cycle under {data_root}/{park_id}/; known parks: {', '.join(known) or 'none'}"
        )
    latest = cycles[-1]
    target = park_folder / cycle
    if target.exists():
        raise ScaffoldError(f"文件夹已存在，未作任何修改：{target} / the folder already exists; nothing was changed: {target}")
    if not (len(cycle) == 4 and cycle.isdigit() and CYCLE_RE.match(cycle) and int(cycle) > int(latest)):
        raise ScaffoldError(
            f"审核周期“{cycle}”无效：须为晚于最近周期 {latest} 的四位年份（如 {int(latest) + 1}） / "
            f"invalid cycle '{cycle}': it must be a 4-digit year after the latest cycle {latest} (e.g. {int(latest) + 1})"
        )
    prev = park_folder / latest
    header, rows = _read(prev / "park.csv")
    name = rows[0].get("park_name") if rows else None
    if not name:
        raise ScaffoldError(f"无法从 {prev}/park.csv 读取园区名称 / cannot read the park name from {prev}/park.csv")
    return prev, name


def new_cycle(data_root: Path, park_id: str, cycle: str) -> Path:
    """Write data/<park>/<cycle>/ atomically and return it."""
    data_root = Path(data_root)
    prev, park_name = check(data_root, park_id, cycle)
    descriptor = json.loads((prev / DESCRIPTOR).read_text(encoding="utf-8"))
    fictional = bool(descriptor.get("parkaudit:fictional", False))
    target = prev.parent / cycle
    tmp = Path(tempfile.mkdtemp(prefix=f".{cycle}.tmp-", dir=prev.parent))
    try:
        os.chmod(tmp, 0o755)
        for table in TABLES:
            fields = [f["name"] for f in load_shared_schema(data_root, table)["fields"]]
            rows: list[dict] = []
            if table in CARRIED and (prev / f"{table}.csv").is_file():
                _, old_rows = _read(prev / f"{table}.csv")
                rows = carried_rows(table, old_rows, cycle)
            (tmp / f"{table}.csv").write_bytes(_csv(fields, rows))
        # a draft until `parkaudit finalise`: half-entered, it must block nothing and publish nothing
        write_descriptor(tmp, {**build_descriptor(data_root, park_id, cycle, park_name, fictional=fictional), STATUS_KEY: DRAFT})
        if target.exists():  # appeared meanwhile: never overwrite
            raise ScaffoldError(f"文件夹已存在，未作任何修改：{target} / the folder already exists; nothing was changed: {target}")
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
