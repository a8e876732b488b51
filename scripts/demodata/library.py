"""The literal inputs of the demo generator, read from tables/ (see tables/README.md).

Each name below holds the table in the shape the generator uses: ARCHETYPES {key: archetype},
the measure templates (PARK_MEASURES, CHAIN_MEASURES, GENERIC_ENTERPRISE_MEASURES,
ENTERPRISE_MEASURES), STATUS_PATHS and CANCELLED_PATH, PARK_PROFILES {park id: profile},
COMBUSTION_FACTOR, DECIMALS, UNIT_DECIMALS, BRAND_FIRST and BRAND_SECOND. Order is kept as the
files give it: several draws depend on it.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
TABLES_DIR = Path(__file__).resolve().parent / "tables"


# libyaml's parser when present (several times faster), the same safe constructors either way
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(name: str):
    return yaml.load((TABLES_DIR / name).read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (TABLES_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _archetypes(doc: dict) -> dict[str, dict]:
    """Every archetype complete: the defaults, overridden by what the archetype sets (each its
    own copy of the defaults, so that no two archetypes share a nested dict)."""
    return {key: {**copy.deepcopy(doc["defaults"]), **fields} for key, fields in doc["archetypes"].items()}


def _measure_template(row: dict[str, str]) -> dict:
    tmpl = dict(title=row["title"], measure_type=row["measure_type"], cost_class=row["cost_class"],
                target=row["target"], invest=(int(row["invest_low"]), int(row["invest_high"])),
                effect=float(row["effect"]))
    if row["needs"]:
        tmpl["needs"] = row["needs"]
    return tmpl


def _measures(rows: list[dict[str, str]]) -> tuple[list[dict], dict[str, list[dict]], list[dict], dict[str, list[dict]]]:
    """(park, by chain, generic enterprise, by archetype) templates, in file order."""
    park, chain, generic, enterprise = [], {}, [], {}
    for row in rows:
        level, applies_to, tmpl = row["level"], row["applies_to"], _measure_template(row)
        if level == "园区":
            park.append(tmpl)
        elif level == "产业链":
            chain.setdefault(applies_to, []).append(tmpl)
        elif level == "企业" and not applies_to:
            generic.append(tmpl)
        elif level == "企业":
            enterprise.setdefault(applies_to, []).append(tmpl)
        else:
            raise ValueError(f"measures.csv: unknown level {level!r}")
    return park, chain, generic, enterprise


def _park_profile(profile: dict) -> dict:
    """The profile as generate_park takes it: industry_mix as (archetype, weight) pairs, blanks
    keyed by (table, cycle)."""
    return dict(
        profile,
        industry_mix=list(profile["industry_mix"].items()),
        blanks={(table, cycle): fields
                for table, by_cycle in profile.get("blanks", {}).items()
                for cycle, fields in by_cycle.items()},
    )


def load_coefficients(data_root: Path = REPO / "data") -> dict[str, dict]:
    """energy_type -> {unit, coef}: the carriers the energy table may use (shared reference data)."""
    path = data_root / "reference" / "energy_coefficients.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["energy_type"]: {"unit": row["unit"], "coef": float(row["coef_tce_per_unit"])}
                for row in csv.DictReader(fh)}


ARCHETYPES = _archetypes(_yaml("archetypes.yaml"))
PARK_MEASURES, CHAIN_MEASURES, GENERIC_ENTERPRISE_MEASURES, ENTERPRISE_MEASURES = _measures(_csv_rows("measures.csv"))

_status_paths = _yaml("status_paths.yaml")
STATUS_PATHS: dict[str, list[list[str]]] = _status_paths["by_cost_class"]
CANCELLED_PATH: list[str] = _status_paths["cancelled"]

PARK_PROFILES = {park_id: _park_profile(p) for park_id, p in _yaml("park_profiles.yaml").items()}
AUDIT_TEAMS = _yaml("audit_teams.yaml")


def audit_metadata(park_id: str, cycle: int) -> dict:
    """The audit metadata of a demo package (generator/report/metadata.py), from audit_teams.yaml."""
    t = AUDIT_TEAMS[park_id]
    people = [{"title": t["agency"], "roles": ["audit-agency"]}, {"title": t["administration"], "roles": ["park-administration"]},
              {"title": t["lead"][0], "roles": ["audit-lead"], "organization": t["lead"][1]}]
    people += [{"title": name, "roles": ["audit-team"], "organization": org} for name, org in t["team"]]
    people += [{"title": name, "roles": ["reviewing-expert"], "organization": org} for name, org in t["experts"]]
    year = int(cycle) + 1
    return {"created": f"{year}-{t['created']}T00:00:00Z", "contributors": people,
            "parkaudit:audit_period": {"start": f"{year}-{t['period'][0]}", "end": f"{year}-{t['period'][1]}"}}

# tCO2 per tce of fuel burnt; carriers not listed burn nothing on site
COMBUSTION_FACTOR = {row["energy_type"]: float(row["tco2_per_tce"]) for row in _csv_rows("combustion_factors.csv")}

_decimals = _yaml("decimals.yaml")
DECIMALS: dict[str, dict[str, int]] = _decimals["columns"]
UNIT_DECIMALS: dict[str, int] = _decimals["energy_quantity_by_unit"]

_brands = _yaml("brand_characters.yaml")
BRAND_FIRST: str = _brands["first"]
BRAND_SECOND: str = _brands["second"]
