"""compute: park-cycle variables from a package, hand-computed, with provenance and the missing rule."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from generator.compute import CHAIN_COLUMNS, ENTERPRISE_METRICS, VARIABLE_NAMES, History, KeyEnterpriseConfig, compute_cycle, round_fraction, summarise_measures
from generator.core import load_energy_coefficients, load_package

from ..builders import enterprise, make_data_root, write_package

PARK = "demo-park"
# compute is told which metrics select key enterprises (indicators.yaml `key_enterprises`)
KEY = KeyEnterpriseConfig(metrics=("energy_tce", "fresh_water", "cod", "so2", "co2"), share=Decimal("0.8"), include_mandatory_audit=True)


def tables():
    return {
        "enterprises": [
            enterprise("E1", 1, mandatory_audit=True, cp_audit_completed=True, env_info_disclosed=True, output_value=500, value_added=200, high_tech=True),
            enterprise("E2", 2, industry_code="C3011", industry_name="水泥制造", chain="建材", output_value=300, value_added=100, cp_audit_completed=False),
            enterprise("E3", 3, output_value=100, value_added=None, cp_audit_completed=None, env_info_disclosed=None),
        ],
        "energy": [
            {"enterprise_id": "E1", "energy_type": "原煤", "unit": "t", "quantity": 100},
            {"enterprise_id": "E1", "energy_type": "电力", "unit": "10^4 kWh", "quantity": 10},
            {"enterprise_id": "E2", "energy_type": "可再生电力", "unit": "10^4 kWh", "quantity": 5},
        ],
        "water": [
            {"enterprise_id": "E1", "tap_water": 100, "self_supplied_water": 50, "reused_water": 0.1, "wastewater_discharge": 80},
            {"enterprise_id": "E2", "tap_water": 30, "reused_water": 0.2},
        ],
        "emissions": [
            {"enterprise_id": "E1", "pollutant": "COD", "actual": 1.5, "permitted": 2},
            {"enterprise_id": "E2", "pollutant": "COD", "actual": 0.5, "permitted": 0.4},
            {"enterprise_id": "E2", "pollutant": "SO2", "actual": 3, "permitted": 2.5},
            {"enterprise_id": "E3", "pollutant": "NOx", "actual": 0.7},
        ],
        "solid_waste": [
            {"enterprise_id": "E1", "waste_class": "一般工业固体废物", "generated": 100, "utilised": 70, "disposed": 20, "stored": 10},
            {"enterprise_id": "E2", "waste_class": "一般工业固体废物", "generated": 50, "utilised": 55, "utilised_from_storage": 5},
            {"enterprise_id": "E1", "waste_class": "危险废物", "generated": 2, "disposed": 2},
        ],
        "carbon": [
            {"enterprise_id": "E1", "combustion_co2": 100, "process_co2": 20, "purchased_electricity": 50, "exported_electricity": 10, "purchased_heat": 100},
            {"enterprise_id": "E2", "purchased_electricity": 30},
        ],
    }


@pytest.fixture()
def root(tmp_path) -> Path:
    return make_data_root(tmp_path)


def cycle(root, year="2024", t=None, park=None, facilities=None):
    folder = write_package(
        root,
        PARK,
        year,
        t if t is not None else tables(),
        park={"industrial_value_added": 1000, "electricity_equivalent_coef": 0.3012, "water_scarce_city": True, **(park or {})},
        facilities={"wwtp_online_monitoring": False, "major_incidents": 0, **(facilities or {})},
    )
    return compute_cycle(load_package(folder), load_energy_coefficients(root), KEY)


def value(data, name):
    # compute hands exact Decimals to scoring: compare them exactly (Decimal("0.3") != 0.3)
    v = data.variables[name].value
    assert v is None or isinstance(v, Decimal), (name, type(v))
    return v


def test_every_catalogued_variable_is_produced(root):
    data = cycle(root)
    assert set(data.variables) == VARIABLE_NAMES


def test_energy(root):
    data = cycle(root)
    # 100 t × 0.7143 + 10 × 1.229 + 5 × 1.229 (10^4 kWh, calorific)
    assert value(data, "energy_tce") == Decimal("89.865")
    assert value(data, "fossil_energy_tce") == Decimal("83.72")
    assert value(data, "non_fossil_energy_tce") == Decimal("6.145")
    assert value(data, "electricity") == 15.0
    assert value(data, "renewable_electricity") == 5.0
    # equivalent: electricity × 0.3012 kgce/kWh × 10 = 3.012 tce per 10^4 kWh
    assert value(data, "energy_tce_equivalent") == Decimal("116.61")  # 71.43 + 15 × 3.012, in decimal
    src = data.variables["energy_tce"].sources
    assert src[0].table == "energy" and src[0].file == "demo-park/2024/energy.csv" and src[0].rows == "2-4"
    assert src[0].not_reported == ["E3"] and src[0].enterprises_reported == 2
    assert src[1].file == "reference/energy_coefficients.csv"


def test_equivalent_missing_without_coefficient(root):
    data = cycle(root, park={"electricity_equivalent_coef": None})
    var = data.variables["energy_tce_equivalent"]
    assert var.value is None and "electricity_equivalent_coef" in var.reason
    assert value(data, "energy_tce") == Decimal("89.865")  # the calorific total does not need it


def test_unknown_carrier_makes_the_total_missing(root):
    t = tables()
    t["energy"].append({"enterprise_id": "E3", "energy_type": "木柴", "unit": "t", "quantity": 1})
    data = cycle(root, t=t)
    var = data.variables["energy_tce"]
    assert var.value is None
    assert "木柴" in var.reason and "line 5" in var.reason
    assert data.enterprises[2]["energy_tce"] is None


def test_water_partial_reporting_and_decimal_sums(root):
    data = cycle(root)
    assert value(data, "fresh_water") == 180.0  # (100 + 50) + 30; E3 does not report
    assert value(data, "tap_water") == 130.0
    assert value(data, "self_supplied_water") == 50.0  # only E1 reports it
    assert value(data, "reused_water") == Decimal("0.3")  # 0.1 + 0.2 exactly, not 0.30000000000000004
    assert data.variables["fresh_water"].sources[0].not_reported == ["E3"]
    assert value(data, "wastewater") == 80.0


def test_field_nobody_reports_is_missing_not_zero(root):
    data = cycle(root)
    var = data.variables["reclaimed_water"]
    assert var.value is None
    assert "无企业报送 / no enterprise reports water.reclaimed_water" in var.reason
    assert data.variables["vocs"].value is None
    assert data.variables["hw_utilised"].value is None  # E1 reports hazardous disposal only


def test_emissions_and_permits(root):
    data = cycle(root)
    assert value(data, "cod") == 2.0
    assert value(data, "so2") == 3.0
    assert value(data, "nox") == Decimal("0.7")
    assert value(data, "permit_limits") == 3  # E3's NOx has no permitted amount
    assert value(data, "permit_exceedances") == 2  # E2 COD 0.5 > 0.4, E2 SO2 3 > 2.5
    assert value(data, "enterprises_exceeding_permit") == 1
    assert data.variables["permit_exceedances"].sources[0].rows == "3-4"


def test_solid_waste(root):
    data = cycle(root)
    assert value(data, "gsw_generated") == 150.0
    assert value(data, "gsw_utilised") == 125.0
    assert value(data, "gsw_disposed") == 20.0
    assert value(data, "gsw_stored") == 10.0
    assert value(data, "gsw_utilised_from_storage") == 5.0
    assert value(data, "hw_generated") == 2.0
    assert value(data, "hw_disposed") == 2.0


def test_co2(root):
    data = cycle(root)
    assert value(data, "co2_combustion") == 100.0
    assert value(data, "co2_process") == 20.0
    # (50 − 10) + 30 MWh × 0.5703
    assert value(data, "co2_electricity") == Decimal("39.921")
    assert value(data, "co2_heat") == 11.0  # 100 GJ × 0.11
    assert value(data, "co2") == Decimal("170.921")
    e = {r["enterprise_id"]: r for r in data.enterprises}
    assert float(e["E1"]["co2"]) == 153.812  # 100 + 20 + 40 × 0.5703 + 11
    assert float(e["E2"]["co2"]) == 17.109
    assert e["E3"]["co2"] is None


def test_enterprise_counts(root):
    data = cycle(root)
    assert value(data, "n_enterprises") == 3
    assert value(data, "n_mandatory") == 1
    assert value(data, "n_mandatory_audited") == 1
    assert value(data, "n_cp_audited") == 1
    assert value(data, "n_disclosing") == 1
    assert value(data, "n_high_tech") == 1
    key = data.key_enterprises
    assert value(data, "n_key_enterprises") == len(key.members)
    assert value(data, "n_key_cp_audited") == sum(1 for e in key.members if e == "E1")


def test_key_enterprises_use_the_configured_metrics(root):
    data = cycle(root)
    folder = root / PARK / "2024"
    so2_only = compute_cycle(load_package(folder), load_energy_coefficients(root), KeyEnterpriseConfig(("so2",), Decimal("0.8"), False))
    assert [m.metric for m in so2_only.key_enterprises.by_metric] == ["so2"]
    assert so2_only.key_enterprises.ids == ["E2"]  # the only enterprise reporting SO2
    assert [m.metric for m in data.key_enterprises.by_metric] == list(KEY.metrics)
    assert "E1" in data.key_enterprises.members and "mandatory_audit" in data.key_enterprises.members["E1"]["reasons"]


def test_compute_produces_every_column_it_declares(root):
    # indicators.yaml may name exactly these (checked when it is loaded): each must be a column
    # of every enterprise row, or a chain total would silently be missing
    data = cycle(root)
    assert set(ENTERPRISE_METRICS) <= set(CHAIN_COLUMNS)
    for row in data.enterprises:
        assert set(CHAIN_COLUMNS) <= set(row), set(CHAIN_COLUMNS) - set(row)


def test_park_and_facilities(root):
    data = cycle(root, facilities={"central_wwtp": True, "risk_system_completeness": 90})
    assert value(data, "value_added") == 1000.0
    assert value(data, "water_scarce_city") == 1.0
    assert value(data, "central_wwtp") == 1.0
    assert value(data, "wwtp_online_monitoring") == 0.0  # false is 0, not missing
    assert value(data, "major_incidents") == 0.0
    assert value(data, "risk_system_completeness") == 90.0
    assert value(data, "central_heating") is None  # empty stays missing
    assert "park_facilities.central_heating" in data.variables["central_heating"].reason
    assert value(data, "employees") is None
    data = cycle(root, year="2023", park={"water_scarce_city": False})
    assert value(data, "water_scarce_city") == 0.0


def test_history_reads_earlier_cycles_and_reports_absent_ones(root):
    cycle(root, "2023", park={"industrial_value_added": 800})
    current = cycle(root, "2025")
    h = History(current, root, load_energy_coefficients(root), KEY)
    assert h.lookup("value_added", 0)[0] == 1000.0
    v, reason, var = h.lookup("value_added", 2)
    assert v == 800.0 and reason is None and var.sources[0].file == "demo-park/2023/park.csv"
    v, reason, var = h.lookup("value_added", 1)
    assert v is None and var is None
    assert reason == "缺少 2024 年审核周期的数据包（demo-park/2024/）/ audit cycle 2024 absent (demo-park/2024/ not found)"
    assert h.cycles_read() == [{"cycle": "2025", "present": True}, {"cycle": "2024", "present": False}, {"cycle": "2023", "present": True}]


def test_measures_summary(root):
    t = tables()
    t["measures"] = [
        {"measure_id": "M1", "level": "园区", "title": "a", "measure_type": "加强管理", "cost_class": "无低费", "target": "energy", "investment": 10,
         "expected_energy_saving": 5, "achieved_energy_saving": 4, "expected_co2_reduction": 12, "achieved_co2_reduction": 9.6,
         "expected_economic_benefit": 4, "achieved_economic_benefit": 3, "status": "已完成", "end_date": "2024-05-01"},
        {"measure_id": "M2", "level": "企业", "enterprise_id": "E1", "title": "b", "measure_type": "技术工艺改造", "cost_class": "中高费", "target": "water",
         "investment": 100, "expected_water_saving": 1000, "expected_economic_benefit": 0, "status": "实施中", "end_date": "2025-03-01"},
        {"measure_id": "M3", "level": "企业", "enterprise_id": "E2", "title": "c", "measure_type": "技术工艺改造", "cost_class": "中高费", "target": "energy",
         "investment": 50, "expected_energy_saving": 7, "status": "已取消"},
        {"measure_id": "M4", "level": "企业", "enterprise_id": "E1", "title": "d", "measure_type": "技术工艺改造", "cost_class": "中高费", "target": "COD",
         "investment": 30, "expected_pollutant_reduction": 2.5, "achieved_pollutant_reduction": 2, "status": "已完成", "end_date": "2024-09-30"},
        # planned to end within the audited year and not done by its end (2024-12-31): overdue
        {"measure_id": "M5", "level": "产业链", "chain": "建材", "title": "e", "measure_type": "过程优化控制", "cost_class": "无低费", "target": "NH3-N",
         "investment": 0.25, "expected_pollutant_reduction": 0.4, "expected_economic_benefit": 1, "status": "计划", "end_date": "2024-12-31"},
        {"measure_id": "M6", "level": "产业链", "chain": "建材", "title": "f", "measure_type": "废弃物回收利用和循环使用", "cost_class": "中高费",
         "target": "solid_waste", "expected_pollutant_reduction": 1000, "achieved_pollutant_reduction": 1200, "expected_economic_benefit": 6,
         "achieved_economic_benefit": 7, "status": "已完成", "end_date": "2024-11-30"},
        # a pollutant reduction on a measure aimed at management: which substance is not known
        {"measure_id": "M7", "level": "园区", "title": "g", "measure_type": "加强管理", "cost_class": "无低费", "target": "management",
         "investment": 2, "expected_pollutant_reduction": 3, "status": "实施中", "end_date": "2025-01-01"},
    ]
    folder = write_package(root, PARK, "2024", t)
    s = summarise_measures(load_package(folder))
    assert s["n_measures"] == 7
    assert s["as_of"] == "2024-12-31"
    assert s["by_status"] == {"计划": 1, "实施中": 2, "已完成": 3, "已取消": 1}
    assert s["by_level"]["企业"] == {"计划": 0, "实施中": 1, "已完成": 1, "已取消": 1}
    # M2 ends 2025-03-01 and M7 2025-01-01, after the audited year: on time; M5 is overdue
    assert s["by_level_shown"]["产业链"] == {"已完成": 1, "实施中": 0, "计划": 0, "逾期": 1, "已取消": 0}
    assert s["by_level_shown"]["园区"] == {"已完成": 1, "实施中": 1, "计划": 0, "逾期": 0, "已取消": 0}
    assert s["by_cost_class"] == {"无低费": 3, "中高费": 4}
    assert s["investment"] == {"unit": "10^4 CNY", "total": 142.25, "completed": 40.0}  # 10+100+30+0.25+2; cancelled M3 left out

    effects = {e["substance"]: e for e in s["effects"]}
    # one line per substance, each in its unit; the t/a of COD, NH3-N and solid waste are never added
    assert list(effects) == ["energy", "water", "COD", "NH3-N", "solid_waste", "pollutant_unspecified", "CO2"]
    assert effects["energy"] == {"substance": "energy", "unit": "tce/a", "n_measures": 1, "expected": 5.0, "n_completed": 1, "expected_completed": 5.0,
                                 "achieved_completed": 4.0, "n_rated": 1, "achievement": 0.8}  # M3's 7 tce is cancelled
    assert effects["COD"]["unit"] == "t/a" and effects["COD"]["expected"] == 2.5 and effects["COD"]["achievement"] == 0.8
    assert effects["NH3-N"]["expected"] == 0.4 and effects["NH3-N"]["n_completed"] == 0 and effects["NH3-N"]["achievement"] is None
    assert effects["solid_waste"]["achieved_completed"] == 1200.0 and effects["solid_waste"]["achievement"] == 1.2
    assert effects["pollutant_unspecified"]["expected"] == 3.0
    assert effects["water"]["expected"] == 1000.0 and effects["water"]["achieved_completed"] is None
    assert effects["CO2"]["unit"] == "tCO2/a" and effects["CO2"]["achievement"] == 0.8
    assert "pollutant_reduction" not in json.dumps(s) and "savings" not in s  # no sum over all pollutants anywhere
    assert s["economic_benefit"] == {"unit": "10^4 CNY/a", "expected": 11.0, "expected_completed": 10.0, "achieved_completed": 10.0}

    m = {x["measure_id"]: x for x in s["measures"]}
    assert m["M1"]["payback_expected"] == {"years": 2.5, "reason": None}  # 10 / 4
    assert m["M1"]["payback_achieved"] == {"years": 3.3, "reason": None}  # 10 / 3 = 3.33…
    assert m["M2"]["payback_expected"] == {"years": None, "reason": "benefit_zero"}
    assert m["M2"]["payback_achieved"] is None  # not completed
    assert m["M4"]["payback_expected"] == {"years": None, "reason": "benefit_missing"}
    assert m["M6"]["payback_expected"] == {"years": None, "reason": "investment_missing"}
    assert m["M5"]["payback_expected"] == {"years": 0.3, "reason": None}  # 0.25 / 1, half up (round() would give 0.2)
    assert m["M5"]["status_shown"] == "逾期" and m["M2"]["status_shown"] == "实施中"
    assert m["M4"]["effects"] == [{"substance": "COD", "unit": "t/a", "expected": 2.5, "achieved": 2.0, "achievement": 0.8}]
    assert [e["substance"] for e in m["M1"]["effects"]] == ["energy", "CO2"]

    money = s["money"]
    # 产业链: M5 (0.25 万元, 1 万元/年) and M6 (no investment, 6 万元/年): 0.25 / 7 = 0.0357… → 0.0
    assert money["by_level"]["产业链"]["investment"] == 0.25 and money["by_level"]["产业链"]["benefit_expected"] == 7.0
    assert money["by_level"]["产业链"]["payback_expected"] == {"years": 0.0, "reason": None}
    # 企业: M2 and M4 (M3 cancelled): 130 万元 and a benefit of 0
    assert money["by_level"]["企业"]["payback_expected"] == {"years": None, "reason": "benefit_zero"}
    # all measures not cancelled: 142.25 / 11 = 12.93… ; completed M1, M4, M6: 40 / 10 = 4
    assert money["total"]["payback_expected"] == {"years": 12.9, "reason": None}
    assert money["total"]["payback_achieved"] == {"years": 4.0, "reason": None}
    assert money["by_cost_class"]["无低费"]["investment"] == 12.25  # M1, M5, M7


@pytest.mark.parametrize("value, places, expected", [
    (Fraction(1, 4), 1, 0.3), (Fraction(-1, 4), 1, -0.3), (Fraction(1, 3), 2, 0.33), (Fraction(2, 3), 0, 1.0), (Fraction(1049, 1000), 2, 1.05),
])
def test_round_fraction_is_half_up_from_the_exact_value(value, places, expected):
    assert round_fraction(value, places) == expected
