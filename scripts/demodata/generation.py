"""One park, every cycle: the roster, the enterprise years, the measures and the gaps, as rows."""

from __future__ import annotations

import random

from .enterprise_rows import enterprise_year
from .library import load_coefficients
from .measures import measure_effects, measure_rows, plan_measures
from .park_rows import balance_heat_exports, facilities_row, park_row
from .portable_math import child_rng
from .roster import build_roster, is_active


def generate_park(rng: random.Random, profile: dict, cycles: list[int], n_enterprises: int,
                  industry_mix, *, park_id: str | None = None,
                  coefficients: dict | None = None) -> dict[int, dict[str, list[dict]]]:
    """Every table of every cycle for one park: {cycle: {table: [row dict, ...]}}.

    Values are Python values (str, float rounded to the column's decimals, int, bool, None for an
    empty cell); `write_package` turns them into CSV.

    `profile` is a dict shaped like the entries of PARK_PROFILES (tables/park_profiles.yaml as
    library reads it: industry_mix as pairs, blanks keyed by (table, cycle)):
      required: park_name, catalog_code, province, approval_level, zone_type, approval_date,
        approved_area, leading_industries (the catalogue row); id_prefix, name_prefixes,
        area_codes (6-digit codes for the USCC); base_year; tail_va_median, tail_va_sigma
        (10^4 CNY); va_growth, listed_share (ranges); land_area_km2; water_scarce_city;
        improve (yearly rates; reuse_gain, the yearly rise of the reuse rate, defaults to 0.004); reclaimed_share; pv_share; audit_rate; disclose_rate; facilities.
      optional: prefecture (the prefecture-level division, e.g. 昆明市), voluntary_audit_rate,
        voluntary_disclose_rate, hw_storage, anchors (named big or entering/closing enterprises),
        permit_exceed, blanks, water_gaps, voc_gaps, measure_plan, cancelled, green_power
        ([start, step]: share of grid electricity bought as green power), chain_names (archetype
        chain -> the park's own name for it), grid_factor, heat_factor, brand_first and
        brand_second (characters for invented brands).
    `industry_mix` is [(archetype key, weight), ...] for the enterprises that are not anchors;
    `n_enterprises` counts the enterprises active in the base year.
    """
    coefficients = coefficients or load_coefficients()
    park_id = park_id or profile.get("park_id", "park")
    base = rng.getrandbits(64)  # everything below derives from this, by purpose, not by order
    roster = build_roster(child_rng(base, "roster"), profile, n_enterprises, industry_mix)

    # pass 1 sizes the enterprises, so the measures go to the ones that weigh most; pass 2 puts
    # what those measures achieved into the enterprises' data
    years = generate_years(base, profile, roster, cycles, coefficients, {})
    planned = plan_measures(base, profile, roster, cycles, years)
    # enterprise_year is a pure function of its arguments: pass 2 recomputes only the enterprise
    # years that a measure changed and takes the rest from pass 1 (same values, a fraction of the work)
    years = generate_years(base, profile, roster, cycles, coefficients, measure_effects(base, planned, cycles),
                           reuse=years)
    out = {}
    for cycle in cycles:
        ent_years = years[cycle]
        ents = [y["enterprises"] for y in ent_years.values()]
        tables = {
            "park": [park_row(base, profile, park_id, cycle, ents)],
            "enterprises": [{k: v for k, v in x.items() if not k.startswith("_")} for x in ents],
            "energy": [row for y in ent_years.values() for row in y["energy"]],
            "water": [y["water"] for y in ent_years.values()],
            "emissions": [row for y in ent_years.values() for row in y["emissions"]],
            "solid_waste": [row for y in ent_years.values() for row in y["solid_waste"]],
            "carbon": [y["carbon"] for y in ent_years.values()],
            "park_facilities": [facilities_row(profile, park_id, cycle)],
            "measures": measure_rows(base, profile, planned, cycle, years),
        }
        apply_gaps(profile, roster, cycle, tables)
        out[cycle] = tables
    return out


def generate_years(base: int, profile: dict, roster: list[dict], cycles: list[int], coefficients: dict,
                   effects: dict[tuple[str, int], dict[str, float]],
                   reuse: dict[int, dict[str, dict]] | None = None) -> dict[int, dict[str, dict]]:
    """{cycle: {enterprise id: that enterprise's rows and metrics}} for the active enterprises.

    `reuse`: the result of an earlier call with the same arguments but no effects; an enterprise
    year without effects is taken from it instead of being generated again."""
    years: dict[int, dict[str, dict]] = {}
    for cycle in cycles:
        ent_years = {}
        for e in roster:
            if is_active(e, cycle):
                eff = effects.get((e["enterprise_id"], cycle), {})
                if not eff and reuse is not None and e["enterprise_id"] in reuse.get(cycle, {}):
                    ent_years[e["enterprise_id"]] = reuse[cycle][e["enterprise_id"]]
                    continue
                y = enterprise_year(base, profile, e, cycle, coefficients, eff)
                y["_arch"] = e["arch"]
                y["enterprises"]["_arch"] = e["arch"]
                ent_years[e["enterprise_id"]] = y
        balance_heat_exports(ent_years)
        years[cycle] = ent_years
    return years


def apply_gaps(profile: dict, roster: list[dict], cycle: int, tables: dict[str, list[dict]]) -> None:
    """Deliberate holes, the kind real submissions have: blank cells, small firms that filed no
    water data, VOCs not reported. Later stages must show them as missing, not as zero."""
    for (table, year), fields in profile.get("blanks", {}).items():
        if year == cycle:
            for row in tables[table]:
                for f in fields:
                    row[f] = None
    active = {row["enterprise_id"]: row for row in tables["enterprises"]}
    small = sorted((e for e in roster if e["enterprise_id"] in active and not e["big"] and e["role"] is None),
                   key=lambda e: (active[e["enterprise_id"]]["value_added"], e["enterprise_id"]))
    n_water = profile.get("water_gaps", {}).get(cycle, 0)
    drop = {e["enterprise_id"] for e in small[:n_water]}
    tables["water"] = [w for w in tables["water"] if w["enterprise_id"] not in drop]
    n_voc = profile.get("voc_gaps", {}).get(cycle, 0)
    voc_emitters = [e for e in small if "VOCs" in e["arch"]["air"]]
    drop = {e["enterprise_id"] for e in voc_emitters[:n_voc]}
    tables["emissions"] = [x for x in tables["emissions"]
                           if not (x["pollutant"] == "VOCs" and x["enterprise_id"] in drop)]
