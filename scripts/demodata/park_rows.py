"""Park-level rows: the park profile, its facilities, and the steam its exporters sell."""

from __future__ import annotations

from .portable_math import child_rng, r


def park_row(base: int, profile: dict, park_id: str, cycle: int, ents: list[dict]) -> dict:
    """The park profile; its totals include small firms not on the list (~85-97 % listed)."""
    rng = child_rng(base, "park", cycle)
    # the listed firms' share of the park total is a trait of the park, drifting a little a year;
    # redrawing it each cycle would make park growth (and every intensity) jump at random
    fixed = child_rng(base, "park")
    lo, hi = profile["listed_share"]
    va_share, out_share = fixed.uniform(lo, hi), fixed.uniform(lo, hi)
    va = sum(x["value_added"] for x in ents) / min(0.97, va_share + rng.uniform(-0.008, 0.008))
    out = sum(x["output_value"] for x in ents) / min(0.97, out_share + rng.uniform(-0.008, 0.008))
    hi_tech = min(out, sum(x["output_value"] for x in ents if x["high_tech"]) / rng.uniform(0.9, 0.97))
    recycling = sum(x["value_added"] for x in ents if x["_arch"]["recycling"]) / rng.uniform(0.85, 0.95)
    employees = sum(x["employees"] for x in ents) / rng.uniform(0.85, 0.93)
    t = cycle - profile["base_year"]
    return dict(
        park_id=park_id, park_name=profile["park_name"], catalog_code=profile["catalog_code"],
        province=profile["province"], prefecture=profile.get("prefecture"), approval_level=profile["approval_level"],
        zone_type=profile["zone_type"], approval_date=profile["approval_date"],
        approved_area=r(profile["approved_area"], 2), leading_industries=profile["leading_industries"],
        audit_year=cycle, base_year=profile["base_year"], industrial_value_added=r(va, 1),
        industrial_output_value=r(out, 1), high_tech_output_value=r(hi_tech, 1),
        recycling_value_added=r(recycling, 1), employees=int(round(employees)),
        industrial_land_area=r(profile["land_area_km2"] * (1 + 0.02 * t), 2),
        water_scarce_city=profile["water_scarce_city"],
        grid_emission_factor=profile.get("grid_factor", 0.5703),
        heat_emission_factor=profile.get("heat_factor", 0.11),
        # thermal power supply coal rate falls ~1.5 g/kWh a year
        electricity_equivalent_coef=r(0.3027 - 0.0015 * t, 4),
    )


def facilities_row(profile: dict, park_id: str, cycle: int) -> dict:
    """Infrastructure and management facts; percentages climb by a fixed step per cycle."""
    f, i = profile["facilities"], cycle - profile["base_year"]

    def pct(start_step):
        start, step = start_step
        return r(min(100.0, start + step * i), 1)

    def at(values):
        return values[min(i, len(values) - 1)]

    return dict(
        park_id=park_id, central_wwtp=f["central_wwtp"],
        central_wwtp_capacity=r(float(at(f["wwtp_capacity"])), 0) if f["central_wwtp"] else None,
        wwtp_online_monitoring=f["online"] if f["central_wwtp"] else None,
        central_heating=f["central_heating"], risk_plan_filed=at(f["risk_plan_filed"]),
        risk_system_completeness=pct(f["risk"]), env_management_completeness=pct(f["env"]),
        major_incidents=at(f["incidents"]), stable_compliance=at(f["stable_compliance"]),
        total_control_completed=at(f["total_control"]), info_platform_completeness=pct(f["info"]),
        publicity_events=at(f["publicity"]), eco_chain_projects=at(f["eco_chain"]),
        renewable_resource_recycling_rate=pct(f["renewable"]),
        waste_heat_recovery_rate=pct(f["waste_heat"]),
    )


def balance_heat_exports(ent_years: dict[str, dict]) -> None:
    """Steam sold inside the park comes from its steam exporters (CHP, acid plants): they export
    what the others buy, plus ~10-15 % sold to firms not on the list."""
    exporters = [y for y in ent_years.values() if y["_arch"]["steam_exporter"]]
    if not exporters:
        return
    bought = sum(y["carbon"]["purchased_heat"] for y in ent_years.values() if not y["_arch"]["steam_exporter"])
    weights = [y["enterprises"]["value_added"] for y in exporters]
    for y, w in zip(exporters, weights):
        y["carbon"]["exported_heat"] = r(bought / 0.87 * w / sum(weights), 1)
