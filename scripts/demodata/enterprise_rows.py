"""One enterprise in one year: its rows of every enterprise table, and the metrics measures are
sized on. Physical constants are not random; they are written out so a reader can check sums."""

from __future__ import annotations

import random

from .library import COMBUSTION_FACTOR, UNIT_DECIMALS
from .portable_math import child_rng, decay, jitter, r

STEAM_GJ_PER_T = 3.763  # GB/T 2589-2020: low-pressure steam 3763 kJ/kg
MWH_PER_10K_KWH = 10.0

WATER_POLLUTANTS = ("COD", "NH3-N", "TN", "TP")
AIR_POLLUTANTS = ("SO2", "NOx", "PM", "VOCs")


def enterprise_year(base: int, profile: dict, e: dict, cycle: int, coefficients: dict,
                    effects: dict[str, float] | None = None) -> dict:
    """All of one enterprise's rows for one cycle, plus the metrics measures are sized on.
    `effects` = {metric: multiplier} from the enterprise's own measures (see measure_effects)."""
    effects = effects or {}
    arch, imp = e["arch"], profile["improve"]
    t = cycle - profile["base_year"]            # years since the base year: drives improvement
    age = cycle - e["first_cycle"]              # years since the firm's first cycle: drives growth
    yr = child_rng(base, e["enterprise_id"], cycle)

    # value added grows year on year; the same draws every run since each year has its own rng
    va = e["base_va"]
    for y in range(e["first_cycle"] + 1, cycle + 1):
        g = child_rng(base, e["enterprise_id"], "growth", y)
        va *= 1 + g.uniform(*profile["va_growth"]) + g.uniform(-0.03, 0.03)
    va = r(va, 1)
    output = r(va / e["va_ratio"], 1)
    employees = int(round(output * arch["emp"] * e["f_emp"] * (1 + 0.01 * age)))

    # energy: intensity falls a few percent a year; split into carriers by the enterprise's mix
    tce = va * arch["energy"] * e["f_energy"] * decay(imp["energy"], t) * jitter(yr, 0.02) * effects.get("energy", 1.0)
    mix = dict(e["mix"])
    if e["pv"] and "电力" in mix:
        lo, step = profile["pv_share"]
        pv = min(0.4, lo + step * t) * mix["电力"]
        if pv > 0:
            mix["电力"] -= pv
            mix["可再生电力"] = pv
    if "green_power" in profile and "电力" in mix:
        # grid electricity bought as green power (Yunnan's 绿电交易, mostly hydro): a share of
        # every enterprise's grid electricity that grows by a step a year
        lo, step = profile["green_power"]
        green = min(0.8, lo + step * t) * mix["电力"]
        if green > 0:
            mix["电力"] -= green
            mix["可再生电力"] = mix.get("可再生电力", 0.0) + green
    energy_rows = []
    for carrier, share in sorted(mix.items()):
        ref = coefficients[carrier]
        qty = r(tce * share / ref["coef"], UNIT_DECIMALS[ref["unit"]])
        if qty and qty > 0:
            energy_rows.append(dict(enterprise_id=e["enterprise_id"], energy_type=carrier,
                                    unit=ref["unit"], quantity=qty,
                                    source=_energy_source(e, cycle)))
    tce_total = sum(row["quantity"] * coefficients[row["energy_type"]]["coef"] for row in energy_rows)

    # water: fresh = tap + self-supplied; reuse rate creeps up; reclaimed water from the park plant
    fresh = va * arch["water"] * e["f_water"] * decay(imp["water"], t) * jitter(yr, 0.03) * effects.get("water", 1.0)
    reuse = min(0.985, e["reuse"] + imp.get("reuse_gain", 0.004) * t)
    reclaimed = fresh * (profile["reclaimed_share"] + imp["reclaimed_gain"] * t) if e["uses_reclaimed"] else 0.0
    ww = fresh * arch["ww"] * jitter(yr, 0.05)
    water_row = dict(
        enterprise_id=e["enterprise_id"],
        tap_water=r(fresh * (1 - arch["self_share"]), 0),
        self_supplied_water=r(fresh * arch["self_share"], 0),
        reused_water=r(fresh * reuse / (1 - reuse), 0),
        reclaimed_water=r(reclaimed, 0),
        wastewater_discharge=r(ww, 0),
        wastewater_to_central_plant=r(ww * arch["central"], 0),
    )

    emissions = _emission_rows(base, profile, e, cycle, va, ww, t, effects)
    waste = _waste_rows(profile, e, va, t, yr)

    # carbon: combustion from the fuels actually in the energy table, so the two agree
    combustion = sum(row["quantity"] * coefficients[row["energy_type"]]["coef"]
                     * COMBUSTION_FACTOR.get(row["energy_type"], 0.0) for row in energy_rows)
    elec = sum(row["quantity"] for row in energy_rows if row["energy_type"] == "电力")
    steam = sum(row["quantity"] for row in energy_rows if row["energy_type"] == "蒸汽")
    heat = sum(row["quantity"] for row in energy_rows if row["energy_type"] == "热力")
    fuel_tce = sum(row["quantity"] * coefficients[row["energy_type"]]["coef"]
                   for row in energy_rows if row["energy_type"] in COMBUSTION_FACTOR)
    carbon_row = dict(
        enterprise_id=e["enterprise_id"],
        combustion_co2=r(combustion, 1),
        process_co2=r(va * arch["process"] * decay(imp["process"], t) * jitter(yr, 0.03) * effects.get("CO2", 1.0), 1),
        purchased_electricity=r(elec * MWH_PER_10K_KWH, 1),
        # a combined heat and power plant sells ~2.2 MWh per tce of coal after its own use
        exported_electricity=r(fuel_tce * 2.2 if arch["power_exporter"] else 0.0, 1),
        purchased_heat=r(steam * STEAM_GJ_PER_T + heat, 1),
        exported_heat=0.0,  # set at park level, to match what the other enterprises buy
    )

    enterprise_row = dict(
        enterprise_id=e["enterprise_id"], enterprise_name=e["enterprise_name"], uscc=e["uscc"],
        permit_no=e["permit_no"], permit_category=e["permit_category"],
        industry_code=arch["code"], industry_name=arch["industry_name"],
        chain=profile.get("chain_names", {}).get(arch["chain"], arch["chain"]),
        mandatory_audit=e["mandatory"],
        cp_audit_completed=e["audit_from"] is not None and e["audit_from"] <= cycle,
        env_info_disclosed=e["disclose_from"] is not None and e["disclose_from"] <= cycle,
        high_tech=e["high_tech"], output_value=output, value_added=va, employees=employees,
    )
    sw_general = next((w for w in waste if w["waste_class"] == "一般工业固体废物"), None)
    hw = next((w for w in waste if w["waste_class"] == "危险废物"), None)
    return dict(
        enterprises=enterprise_row, energy=energy_rows, water=water_row, emissions=emissions,
        solid_waste=waste, carbon=carbon_row,
        metrics=dict(energy=tce_total, water=fresh, CO2=carbon_row["combustion_co2"] + carbon_row["process_co2"]
                     + carbon_row["purchased_electricity"] * profile.get("grid_factor", 0.5703),
                     solid_waste=sw_general["generated"] if sw_general else 0.0,
                     hazardous_waste=hw["generated"] if hw else 0.0,
                     **{row["pollutant"]: row["actual"] for row in emissions}),
    )


def _energy_source(e: dict, cycle: int) -> str:
    if e["big"] or e["permit_category"] == "重点管理":
        return f"{cycle}年能源统计报表(205-1表)"
    return f"{cycle}年企业能源消费台账"


def _emission_rows(base: int, profile: dict, e: dict, cycle: int, va: float, ww: float, t: int,
                   effects: dict[str, float]) -> list[dict]:
    """Actual emissions (water ones from wastewater x outlet concentration, air ones from value
    added x intensity) and permitted amounts, fixed from the enterprise's first year."""
    arch, imp = e["arch"], profile["improve"]
    yr = child_rng(base, e["enterprise_id"], cycle, "emissions")
    pr = child_rng(base, e["enterprise_id"], "permit")  # same draws every cycle: a permit is stable
    has_permit = e["permit_category"] in ("重点管理", "简化管理")
    exceed = {x["pollutant"]: x for x in profile.get("permit_exceed", []) if x["role"] == e["role"]}
    rows = []
    candidates = [(p, "water") for p in WATER_POLLUTANTS if p in arch["conc"]]
    candidates += [(p, "air") for p in AIR_POLLUTANTS if p in arch["air"]]
    for pollutant, kind in candidates:
        permit_draw = pr.uniform(1.25, 2.2)
        keep_permit = pr.random()
        if kind == "water":
            if ww <= 0:
                continue
            conc = arch["conc"][pollutant] * e["f_conc"] * decay(imp["water_pollutants"], t) * effects.get(pollutant, 1.0)
            actual = ww * conc * 1e-6 * jitter(yr, 0.05)
            base_actual = (e["base_va"] * arch["water"] * e["f_water"] * arch["ww"]
                           * arch["conc"][pollutant] * e["f_conc"] * 1e-6)
        else:
            intensity = arch["air"][pollutant] * e["f_air"] * 1e-3  # kg/万元 -> t/万元
            actual = va * intensity * decay(imp["air"], t) * jitter(yr, 0.05) * effects.get(pollutant, 1.0)
            base_actual = e["base_va"] * intensity
        permitted = None
        if has_permit:
            if pollutant in ("SO2", "NOx", "PM") or (pollutant in ("COD", "NH3-N") and e["permit_category"] == "重点管理"):
                permitted = base_actual * permit_draw
            elif pollutant in ("TN", "TP") and keep_permit < 0.6:
                permitted = base_actual * permit_draw
            elif pollutant == "VOCs" and e["big"] and keep_permit < 0.35:  # VOCs limits are rare
                permitted = base_actual * permit_draw
        if pollutant in exceed:
            # the first cycle ran above the permit; the fix (its measure) brings it well below
            x = exceed[pollutant]
            trend = imp["water_pollutants"] if kind == "water" else imp["air"]
            permitted = base_actual / x["ratio"]
            actual = base_actual * decay(1 - x["fix"], t) * decay(trend, t) * jitter(yr, 0.01)
        rows.append(dict(
            enterprise_id=e["enterprise_id"], pollutant=pollutant, actual=r(actual, 3),
            permitted=r(permitted, 3),
            source=f"{cycle}年度排污许可证执行报告" if has_permit else f"{cycle}年度环境统计报表",
        ))
    return rows


def _waste_rows(profile: dict, e: dict, va: float, t: int, yr: random.Random) -> list[dict]:
    """General waste balances: utilised + disposed + stored = generated + utilised_from_storage
    (utilised includes what came from storage). Hazardous waste is utilised or disposed in the
    year, with a small year-end stock."""
    arch, imp = e["arch"], profile["improve"]
    rows = []
    gen = va * arch["sw"] * e["f_sw"] * (1 - 0.01 * t) * jitter(yr, 0.04)
    if gen >= 0.5:
        util_share = min(0.985, e["sw_util"] + imp["sw_util_gain"] * t)
        dispose_share = min(arch["sw_dispose"], 1 - util_share)
        # big generators with old stockpiles start to draw them down as markets for the waste grow
        from_storage = gen * arch["storage_stock"] * t if e["big"] else 0.0
        generated = r(gen, 2)
        fs = r(from_storage, 2)
        utilised = r(gen * util_share + from_storage, 2)
        disposed = r(gen * dispose_share, 2)
        stored = r(max(0.0, generated + fs - utilised - disposed), 2)
        rows.append(dict(enterprise_id=e["enterprise_id"], waste_class="一般工业固体废物",
                         generated=generated, utilised=utilised, disposed=disposed, stored=stored,
                         utilised_from_storage=fs))
    hgen = va * arch["hw"] * e["f_sw"] * jitter(yr, 0.06)
    if hgen >= 0.05:
        hu = arch["hw_util"]
        generated = r(hgen, 2)
        stored = r(hgen * yr.uniform(0.0, profile.get("hw_storage", 0.02)), 2)  # year-end stock
        utilised = r((generated - stored) * hu, 2)
        rows.append(dict(enterprise_id=e["enterprise_id"], waste_class="危险废物",
                         generated=generated, utilised=utilised,
                         disposed=r(max(0.0, generated - stored - utilised), 2),  # the remainder
                         stored=stored, utilised_from_storage=0.0))
    return rows
