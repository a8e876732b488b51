"""Build small, valid park packages from Python dicts, for tests.

    root = make_data_root(tmp_path)                  # copies data/schemas and data/reference
    write_package(root, "demo-park", "2024", {
        "enterprises": [enterprise("E1"), ...],
        "energy": [{"enterprise_id": "E1", "energy_type": "原煤", "unit": "t", "quantity": 100}],
    }, park={"industrial_value_added": 1000})

Tables not given are written empty (header only); the park and park_facilities rows are filled
with defaults that callers override. Cells: None → empty, booleans → true/false.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from generator.core import build_descriptor, write_descriptor
from generator.validate import check_character

REPO = Path(__file__).resolve().parent.parent
REPO_DATA = REPO / "data"
INDICATORS_YAML = REPO / "indicators.yaml"


def make_data_root(base: Path) -> Path:
    root = Path(base) / "data"
    root.mkdir(parents=True, exist_ok=True)
    for sub in ("schemas", "reference"):
        if not (root / sub).exists():
            shutil.copytree(REPO_DATA / sub, root / sub)
    return root


def uscc(n: int) -> str:
    first17 = f"91530100{n:09d}"
    return first17 + check_character(first17)


def enterprise(eid: str, n: int | None = None, **over) -> dict:
    n = n if n is not None else sum(ord(c) for c in eid)
    row = {
        "enterprise_id": eid,
        "enterprise_name": f"演示企业{eid}",
        "uscc": uscc(n),
        "permit_no": None,
        "permit_category": "重点管理",
        "industry_code": "C2614",
        "industry_name": "有机化学原料制造",
        "chain": "化工",
        "mandatory_audit": False,
        "cp_audit_completed": False,
        "env_info_disclosed": False,
        "high_tech": False,
        "output_value": None,
        "value_added": None,
        "employees": None,
    }
    row.update(over)
    return row


def park_row(park_id: str, cycle: str, **over) -> dict:
    row = {
        "park_id": park_id,
        "park_name": "演示园区",
        "province": "云南省",
        "audit_year": int(cycle),
        "industrial_value_added": 1000,
        "grid_emission_factor": 0.5703,
        "heat_emission_factor": 0.11,
    }
    row.update(over)
    return row


def facilities_row(park_id: str, **over) -> dict:
    row = {"park_id": park_id, "central_wwtp": True}
    row.update(over)
    return row


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_package(
    data_root: Path,
    park_id: str,
    cycle: str,
    tables: dict[str, list[dict]] | None = None,
    *,
    park: dict | None = None,
    facilities: dict | None = None,
) -> Path:
    tables = dict(tables or {})
    tables.setdefault("park", [park_row(park_id, cycle, **(park or {}))])
    tables.setdefault("park_facilities", [facilities_row(park_id, **(facilities or {}))])
    folder = Path(data_root) / park_id / str(cycle)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = build_descriptor(Path(data_root), park_id, str(cycle), "演示园区", fictional=True)
    for res in descriptor["resources"]:
        fields = [f["name"] for f in res["schema"]["fields"]]
        rows = tables.get(res["name"], [])
        with open(folder / res["path"], "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(fields)
            for r in rows:
                unknown = set(r) - set(fields)
                if unknown:
                    raise KeyError(f"{res['name']}: unknown field(s) {sorted(unknown)}")
                w.writerow([_cell(r.get(f)) for f in fields])
    write_descriptor(folder, descriptor)
    return folder


def write_yaml(path: Path, data: dict) -> Path:
    """Write a config dict as YAML (JSON is valid YAML)."""
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return Path(path)


# ---------------------------------------------------------------------------------------------
# Small indicator configurations


def bi(zh: str, en: str | None = None) -> dict:
    return {"zh": zh, "en": en or zh}


def indicator_def(formula: str, direction: str = "lower", precision: int = 2, unit: str = "-", **over) -> dict:
    d = {
        "name": bi("指标", "indicator"),
        "unit": unit,
        "precision": precision,
        "formula": formula,
        "direction": direction,
        "explanation": {"definition": bi("定义"), "formula": bi("公式"), "data_source": bi("来源")},
    }
    d.update(over)
    return d


SOURCE = {"document": "test", "status": "provisional", "note": {"zh": "测试", "en": "test"}}


def graded(weight, benchmarks, limiting=False) -> dict:
    return {"weight": weight, "limiting": limiting, "benchmarks": benchmarks, "source": SOURCE}


STANDARD_GRADE_RULES = [
    {"grade": "I", "label": bi("I 级"), "min_index": {"level": "I", "value": 85}, "limiting_at_least": "I"},
    {"grade": "II", "label": bi("II 级"), "min_index": {"level": "II", "value": 85}, "limiting_at_least": "II"},
    {"grade": "III", "label": bi("III 级"), "min_index": {"level": "III", "value": 100}},
    {"grade": "below", "label": bi("不达标", "below")},
]


def graded_system(categories: list[dict], grade_rules=None) -> dict:
    return {
        "name": bi("体系"),
        "method": "graded",
        "description": bi("说明"),
        "categories": categories,
        "grade_rules": grade_rules or STANDARD_GRADE_RULES,
    }


def category(cid: str, weight, indicators: dict) -> dict:
    return {"id": cid, "name": bi(cid), "weight": weight, "indicators": indicators}


def config_dict(indicators: dict, systems: dict, **extra) -> dict:
    """A configuration with every section indicators.yaml requires: every indicator a headline,
    one key-enterprise metric and one chain intensity, unless `extra` says otherwise."""
    d = {
        "version": 1,
        "headline_indicators": list(indicators),
        "key_enterprises": {"share": 0.8, "include_mandatory_audit": True,
                            "metrics": {"energy_tce": {"unit": "tce", "name": bi("综合能耗", "energy")}}},
        "chains": {"totals": ["value_added", "energy_tce"], "shares": ["energy_tce"],
                   "intensities": {"energy_intensity": {"numerator": "energy_tce", "denominator": "value_added"}}},
        "indicators": indicators,
        "systems": systems,
    }
    d.update(extra)
    return d
