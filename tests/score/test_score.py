"""score: levels, composite indices, grade rules, compliance, and the score command — hand-computed."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli import main
from generator.core import write_folder
from generator.score import result_files, score_package
from generator.score.config import ConfigError, load_config, parse_config


def write_results(doc, out_root):
    return write_folder(result_files(doc, load_config(INDICATORS_YAML)), Path(out_root) / doc["park"]["id"] / doc["park"]["cycle"])
from generator.score.systems import DictEnv, round_half_up, score_systems

from ..builders import (
    INDICATORS_YAML,
    REPO,
    SOURCE,
    STANDARD_GRADE_RULES,
    bi,
    category,
    config_dict,
    enterprise,
    graded,
    graded_system,
    indicator_def,
    make_data_root,
    write_package,
)

B = {"I": 1, "II": 2, "III": 3}  # lower is better
KNOWN = {"x", "y", "z", "w", "v", "flag", "other", "scarce"}


def build(indicators: dict, systems: dict):
    return parse_config(json.dumps(config_dict(indicators, systems), ensure_ascii=False), known_variables=KNOWN)


def run(config, values, history=None, cycle=2025):
    env = DictEnv({0: values, **(history or {})}, cycle=cycle)
    return score_systems(config, env)


def items(system_result):
    return {i["indicator"]: i for c in system_result["categories"] for i in c["indicators"]}


# ---------------------------------------------------------------------------------------------
# rounding


def test_round_half_up_on_repr():
    assert round_half_up(1.005, 2) == Decimal("1.01")  # the float is 1.00499999…; repr is 1.005
    assert round(1.005, 2) == 1.0  # what Python's round would have given
    assert round_half_up(2.5, 0) == Decimal("3")
    assert round_half_up(-0.125, 2) == Decimal("-0.13")
    assert round_half_up(0.35, 3) == Decimal("0.350")


# ---------------------------------------------------------------------------------------------
# graded method


def two_indicator_config(wa=0.85, wb=0.15, limiting_a=False, precision=2):
    return build(
        {"a": indicator_def("x", precision=precision), "b": indicator_def("y")},
        {"s": graded_system([category("c", 1, {"a": graded(wa, B, limiting_a), "b": graded(wb, B)})])},
    )


def test_grade_exactly_at_85():
    _, systems = run(two_indicator_config(), {"x": 1.0, "y": 5.0})
    s = systems["s"]
    assert s["indices"] == {"I": 85.0, "II": 85.0, "III": 85.0}
    assert s["indices_display"] == {"I": "85.00", "II": "85.00", "III": "85.00"}
    assert s["grade"]["grade"] == "I"
    assert s["grade"]["label"] == bi("I 级")
    assert s["grade_checks"] == [{"grade": "I", "met": True, "failed": []}]
    it = items(s)
    assert it["a"]["level"] == "I" and it["a"]["membership"] == {"I": 100, "II": 100, "III": 100}
    assert it["b"]["level"] == "below" and it["b"]["membership"] == {"I": 0, "II": 0, "III": 0}


def test_just_below_85_is_not_grade_I():
    _, systems = run(two_indicator_config(wa=0.84, wb=0.16), {"x": 1.0, "y": 5.0})
    s = systems["s"]
    assert s["indices"]["I"] == 84.0
    assert s["grade"]["grade"] == "below"  # Y_III = 84 ≠ 100
    assert s["grade_checks"][0]["failed"][0]["en"] == "Y_I = 84.00 < 85"


def test_value_rounded_once_before_comparison():
    # 1.004 → 1.00 meets level I (≤ 1); 1.005 → 1.01 (ROUND_HALF_UP on the repr) does not
    _, systems = run(two_indicator_config(), {"x": 1.004, "y": 5.0})
    assert items(systems["s"])["a"]["level"] == "I"
    values, systems = run(two_indicator_config(), {"x": 1.005, "y": 5.0})
    a = items(systems["s"])["a"]
    assert a["display"] == "1.01" and a["value_rounded"] == 1.01 and a["value"] == 1.005
    assert a["level"] == "II"
    s = systems["s"]
    assert s["indices"] == {"I": 0.0, "II": 85.0, "III": 85.0}
    assert s["grade"]["grade"] == "II"
    assert values["a"].rounded == Decimal("1.01")


def test_limiting_indicator_blocks_level_I():
    cfg = build(
        {"a": indicator_def("x"), "b": indicator_def("y"), "c": indicator_def("z")},
        {"s": graded_system([category("c", 1, {"a": graded(0.1, B, limiting=True), "b": graded(0.85, B), "c": graded(0.05, B)})])},
    )
    _, systems = run(cfg, {"x": 2.0, "y": 1.0, "z": 9.0})  # a at II, b at I, c below
    s = systems["s"]
    assert s["indices"] == {"I": 85.0, "II": 95.0, "III": 95.0}
    assert s["grade"]["grade"] == "II"
    first = s["grade_checks"][0]
    assert first["grade"] == "I" and not first["met"]
    assert first["failed"] == [
        {
            "condition": "limiting_at_least",
            "indicators": ["a"],
            "zh": "限定性指标未达到 I 级：a",
            "en": "limiting indicators not at level I or better: a",
        }
    ]
    assert s["limiting"] == [{"indicator": "a", "category": "c", "state": "value", "level": "II"}]
    # the same limiting indicator at level III blocks level II too
    _, systems = run(cfg, {"x": 3.0, "y": 1.0, "z": 9.0})
    assert systems["s"]["grade"]["grade"] == "below"


def test_missing_limiting_indicator_blocks_and_scores_zero():
    cfg = build(
        {"a": indicator_def("x"), "b": indicator_def("y")},
        {"s": graded_system([category("c", 1, {"a": graded(0.1, B, limiting=True), "b": graded(0.9, B)})])},
    )
    _, systems = run(cfg, {"y": 1.0})
    s = systems["s"]
    a = items(s)["a"]
    assert a["state"] == "missing" and a["level"] is None and "x" in a["reason"]
    assert a["membership"] == {"I": 0, "II": 0, "III": 0}
    assert a["effective_weight"] == 0.1  # missing is not re-normalised away
    assert s["indices"] == {"I": 90.0, "II": 90.0, "III": 90.0}
    assert s["grade"]["grade"] == "below"
    assert s["level_counts"] == {"I": 1, "II": 0, "III": 0, "below": 0, "missing": 1, "not_applicable": 0}


def test_not_applicable_renormalises_within_category_only():
    cfg = build(
        {
            "p": indicator_def("x"),
            "q": indicator_def("y"),
            "r": indicator_def("z", applicable_if="flag == 1"),
            "s1": indicator_def("w"),
            "t": indicator_def("v", applicable_if="flag == 1"),
        },
        {
            "s": graded_system(
                [
                    category("a", 0.6, {"p": graded(0.5, B), "q": graded(0.3, B), "r": graded(0.2, B)}),
                    category("b", 0.3, {"s1": graded(1, B)}),
                    category("c", 0.1, {"t": graded(1, B)}),
                ]
            )
        },
    )
    _, systems = run(cfg, {"x": 1.0, "y": 9.0, "z": 1.0, "w": 3.0, "v": 1.0, "flag": 0.0})
    s = systems["s"]
    it = items(s)
    assert it["r"]["state"] == "not_applicable" and it["t"]["state"] == "not_applicable"
    assert "flag == 1" in it["r"]["reason"]
    assert it["p"]["effective_weight"] == 0.625  # 0.5 / (0.5 + 0.3)
    assert it["q"]["effective_weight"] == 0.375
    assert it["r"]["effective_weight"] == 0.0
    cat = {c["id"]: c for c in s["categories"]}
    assert cat["a"]["subtotals"] == {"I": 62.5, "II": 62.5, "III": 62.5}
    assert cat["a"]["applicable_weight"] == 0.8 and cat["a"]["n_not_applicable"] == 1
    # category c: every indicator not applicable → contributes 0, category weights are not re-normalised
    assert cat["c"]["subtotals"] == {"I": 0.0, "II": 0.0, "III": 0.0}
    # Y_I = 0.6 × 62.5 = 37.5; Y_III = 37.5 + 0.3 × 100 = 67.5
    assert s["indices"] == {"I": 37.5, "II": 37.5, "III": 67.5}
    assert s["level_counts"]["not_applicable"] == 2


def test_undetermined_applicability_is_missing_not_not_applicable():
    cfg = build(
        {"a": indicator_def("x", applicable_if="prev(x) > 0"), "b": indicator_def("y")},
        {"s": graded_system([category("c", 1, {"a": graded(0.5, B), "b": graded(0.5, B)})])},
    )
    values, systems = run(cfg, {"x": 1.0, "y": 1.0})
    a = items(systems["s"])["a"]
    assert a["state"] == "missing"
    assert a["reason"] == "无法判断是否适用 / applicability undetermined: 缺少 2024 年审核周期的数据包 / audit cycle 2024 absent"
    assert systems["s"]["indices"]["I"] == 50.0


def test_higher_is_better_and_index_with_two_decimals():
    hb = {"I": 90, "II": 80, "III": 70}
    cfg = build(
        {"a": indicator_def("x", direction="higher", precision=1), "b": indicator_def("y", direction="higher", precision=1), "c": indicator_def("z", direction="higher", precision=1)},
        {"s": graded_system([category("c", 1, {"a": graded(0.333, hb), "b": graded(0.333, hb), "c": graded(0.334, hb)})])},
    )
    _, systems = run(cfg, {"x": 89.95, "y": 80.0, "z": 69.94})
    it = items(systems["s"])
    assert (it["a"]["display"], it["a"]["level"]) == ("90.0", "I")  # 89.95 → 90.0 meets 90
    assert it["b"]["level"] == "II"
    assert (it["c"]["display"], it["c"]["level"]) == ("69.9", "below")
    assert systems["s"]["indices"] == {"I": 33.3, "II": 66.6, "III": 66.6}


def test_qualitative_levels():
    q = {
        "I": {"condition": "x == 1 and y == 1 and z == 1", "description": bi("全部")},
        "II": {"condition": "x == 1 and y == 1", "description": bi("两项")},
        "III": {"condition": "x == 1", "description": bi("一项")},
    }
    cfg = build(
        {"q": indicator_def("x", direction="qualitative", precision=0), "o": indicator_def("other")},
        {"s": graded_system([category("c", 1, {"q": graded(0.5, q, limiting=True), "o": graded(0.5, B)})])},
    )

    def level(values):
        _, systems = run(cfg, {"other": 1.0, **values})
        return items(systems["s"])["q"], systems["s"]

    it, s = level({"x": 1.0, "y": 1.0, "z": 1.0})
    assert it["level"] == "I" and it["display"] == "1" and s["grade"]["grade"] == "I"
    assert it["benchmarks"]["I"] == {"condition": "x == 1 and y == 1 and z == 1", "description": bi("全部"), "met": True}
    it, s = level({"x": 1.0, "y": 0.0, "z": 1.0})
    assert it["level"] == "III" and s["indices"] == {"I": 50.0, "II": 50.0, "III": 100.0}
    assert s["grade"]["grade"] == "III"
    it, _ = level({"x": 1.0, "y": 1.0})  # z missing: level I undetermined → stays at II
    assert it["level"] == "II" and it["benchmarks"]["I"]["met"] is None
    it, _ = level({"x": 0.0})  # level III false → below, whatever else is missing
    assert it["level"] == "below" and it["state"] == "value"
    independent = {
        "I": {"condition": "z == 1", "description": bi("甲")},
        "II": {"condition": "y == 1", "description": bi("乙")},
        "III": {"condition": "x == 1", "description": bi("丙")},
    }
    cfg_i = build(
        {"q": indicator_def("x", direction="qualitative", precision=0)},
        {"s": graded_system([category("c", 1, {"q": graded(1, independent)})])},
    )
    _, systems = run(cfg_i, {"x": 1.0, "y": 0.0, "z": 1.0})
    it = items(systems["s"])["q"]
    assert it["level"] == "III"  # a true level I condition does not skip a false level II one
    assert it["benchmarks"]["I"]["met"] is True
    q_missing = {k: dict(v) for k, v in q.items()}
    q_missing["III"]["condition"] = "x == 1 and w == 1"
    cfg2 = build(
        {"q": indicator_def("x", direction="qualitative", precision=0)},
        {"s": graded_system([category("c", 1, {"q": graded(1, q_missing)})])},
    )
    _, systems = run(cfg2, {"x": 1.0})
    it = items(systems["s"])["q"]
    assert it["state"] == "missing" and "level III condition is undetermined" in it["reason"] and "w" in it["reason"]


def test_expression_benchmark():
    bm = {"I": "if(scarce, 40, 20)", "II": "if(scarce, 30, 15)", "III": "if(scarce, 20, 10)"}
    cfg = build(
        {"r": indicator_def("x", direction="higher", precision=1)},
        {"s": graded_system([category("c", 1, {"r": graded(1, bm)})])},
    )
    _, systems = run(cfg, {"x": 18.0, "scarce": 1.0})
    it = items(systems["s"])["r"]
    assert it["level"] == "below" and it["benchmarks"]["III"] == {"value": 20.0, "value_exact": "20", "expression": "if(scarce, 20, 10)"}
    _, systems = run(cfg, {"x": 18.0, "scarce": 0.0})
    assert items(systems["s"])["r"]["level"] == "II"
    _, systems = run(cfg, {"x": 18.0})
    it = items(systems["s"])["r"]
    assert it["state"] == "missing" and it["value"] == 18.0 and "level III benchmark is undetermined" in it["reason"]
    assert it["membership"] == {"I": 0, "II": 0, "III": 0}


def test_expression_benchmarks_out_of_order_fail_at_scoring():
    bm = {"I": "if(scarce, 10, 40)", "II": "30", "III": "20"}  # higher is better: I=10 < II=30 when scarce
    cfg = build(
        {"r": indicator_def("x", direction="higher")},
        {"s": graded_system([category("c", 1, {"r": graded(1, bm)})])},
    )
    run(cfg, {"x": 50.0, "scarce": 0.0})  # fine when not scarce
    with pytest.raises(ConfigError, match=r"systems\.s\.categories\[0\]\.indicators\.r\.benchmarks: .*out of order"):
        run(cfg, {"x": 50.0, "scarce": 1.0})


def test_extra_grade_rule_condition_non_limiting():
    rules = [dict(STANDARD_GRADE_RULES[0], non_limiting_at_least="II")] + STANDARD_GRADE_RULES[1:]
    cfg = build(
        {"a": indicator_def("x"), "b": indicator_def("y")},
        {"s": graded_system([category("c", 1, {"a": graded(0.9, B), "b": graded(0.1, B)})], grade_rules=rules)},
    )
    _, systems = run(cfg, {"x": 1.0, "y": 3.0})  # Y_I = 90 but b only at III
    s = systems["s"]
    assert s["grade"]["grade"] == "II"
    assert s["grade_checks"][0]["failed"][0]["indicators"] == ["b"]


# ---------------------------------------------------------------------------------------------
# compliance method


def compliance_config():
    def ci(req):
        return {"requirement": req, "source": SOURCE}

    return build(
        {
            "a": indicator_def("x", precision=2),
            "b": indicator_def("y", direction="higher", precision=0),
            "c": indicator_def("z", applicable_if="flag == 1"),
            "d": indicator_def("w", direction="qualitative", precision=0),
            "e": indicator_def("v", precision=2),
            "f": indicator_def("other", precision=1),
        },
        {
            "h": {
                "name": bi("h"),
                "method": "compliance",
                "description": bi("h"),
                "groups": [
                    {"id": "m", "name": bi("必选"), "rule": "all", "indicators": {
                        "b": ci({"op": ">=", "value": 6}),
                        "c": ci({"op": "<=", "value": 1}),
                        "d": ci({"condition": "w == 1", "description": bi("具备")}),
                    }},
                    {"id": "g", "name": bi("组"), "rule": "at_least_one", "indicators": {
                        "a": ci({"op": "<", "value": 0.6}),
                        "e": ci({"op": "<=", "value": "if(scarce, 7, 8)"}),
                    }},
                    {"id": "k", "name": bi("组2"), "rule": "at_least_one", "indicators": {"f": ci({"op": "==", "value": 0})}},
                ],
            }
        },
    )


def test_compliance_groups():
    cfg = compliance_config()
    base = {"x": 0.6, "y": 6.0, "z": 5.0, "flag": 0.0, "w": 1.0, "v": 7.5, "scarce": 0.0, "other": 0.04}
    _, systems = run(cfg, base)
    h = systems["h"]
    g = {x["id"]: x for x in h["groups"]}
    st = {i["indicator"]: i["status"] for grp in h["groups"] for i in grp["indicators"]}
    # 0.6 is not < 0.6; 7.5 ≤ 8 (not scarce); c not applicable is left out of 'all'; 0.04 → 0.0 == 0
    assert st == {"b": "met", "c": "not_applicable", "d": "met", "a": "not_met", "e": "met", "f": "met"}
    assert [x["passed"] for x in h["groups"]] == [True, True, True]
    assert h["passed"] is True and h["unmet"] == []
    assert g["g"]["indicators"][1]["requirement"] == {"op": "<=", "value": "if(scarce, 7, 8)", "evaluated": 8.0, "evaluated_exact": "8"}
    assert g["m"]["indicators"][2]["requirement_text"] == "w == 1"

    _, systems = run(cfg, dict(base, scarce=1.0, y=5.0))
    h = systems["h"]
    assert [x["passed"] for x in h["groups"]] == [False, False, True]
    assert h["passed"] is False
    assert h["unmet"] == [
        {"group": "m", "indicator": "b", "status": "not_met"},
        {"group": "g", "indicator": "a", "status": "not_met"},
        {"group": "g", "indicator": "e", "status": "not_met"},
    ]


def test_compliance_missing_is_unmet():
    cfg = compliance_config()
    _, systems = run(cfg, {"x": 0.5, "y": 6.0, "flag": 1.0, "z": 1.0, "other": 0.0})
    h = systems["h"]
    m = {i["indicator"]: i for i in h["groups"][0]["indicators"]}
    assert m["d"]["status"] == "missing" and m["d"]["met"] is False and "w" in m["d"]["reason"]
    assert m["c"]["status"] == "met"
    assert h["groups"][0]["passed"] is False
    assert h["groups"][1]["passed"] is True  # a meets; e (missing v) does not matter
    assert h["unmet"] == [{"group": "m", "indicator": "d", "status": "missing"}]


def test_compliance_all_not_applicable_group_passes_with_note():
    def ci(req):
        return {"requirement": req, "source": SOURCE}

    cfg = build(
        {"c": indicator_def("z", applicable_if="flag == 1")},
        {"h": {"name": bi("h"), "method": "compliance", "description": bi("h"),
               "groups": [{"id": "m", "name": bi("m"), "rule": "all", "indicators": {"c": ci({"op": "<=", "value": 1})}}]}},
    )
    _, systems = run(cfg, {"flag": 0.0})
    assert systems["h"]["passed"] is True
    assert systems["h"]["groups"][0]["note"]["en"] == "every indicator of the group is not applicable"


# ---------------------------------------------------------------------------------------------
# real packages: growth rates over absent cycles, determinism, the command


def demo_tables(scale=1.0):
    return {
        "enterprises": [
            enterprise("E1", 1, mandatory_audit=True, cp_audit_completed=True, env_info_disclosed=True, output_value=600, value_added=300),
            enterprise("E2", 2, output_value=400, value_added=200, env_info_disclosed=True),
        ],
        "energy": [
            {"enterprise_id": "E1", "energy_type": "原煤", "unit": "t", "quantity": round(300 * scale, 3)},
            {"enterprise_id": "E2", "energy_type": "电力", "unit": "10^4 kWh", "quantity": 20},
        ],
        "water": [{"enterprise_id": "E1", "tap_water": 3000, "reused_water": 20000, "wastewater_discharge": 2000},
                  {"enterprise_id": "E2", "tap_water": 1000, "wastewater_discharge": 500}],
        "emissions": [{"enterprise_id": "E1", "pollutant": "COD", "actual": 0.2, "permitted": 1}],
        "solid_waste": [{"enterprise_id": "E1", "waste_class": "一般工业固体废物", "generated": 100, "utilised": 90, "disposed": 10}],
        "carbon": [{"enterprise_id": "E1", "combustion_co2": 600}, {"enterprise_id": "E2", "purchased_electricity": 200}],
    }


@pytest.fixture()
def demo(tmp_path):
    root = make_data_root(tmp_path)
    for year, va, scale in (("2024", 1000, 1.0), ("2025", 1100, 0.95)):
        write_package(root, "demo-park", year, demo_tables(scale),
                      park={"industrial_value_added": va, "employees": 40, "industrial_land_area": 2, "water_scarce_city": False},
                      facilities={"wwtp_online_monitoring": True, "major_incidents": 0, "eco_chain_projects": 7})
    return root


def test_growth_rate_needing_an_absent_cycle(demo):
    cfg = load_config(INDICATORS_YAML)
    doc = score_package(demo / "demo-park" / "2025", cfg)
    g = doc["indicators"]["value_added_growth_3y"]
    assert g["state"] == "missing" and g["value"] is None
    assert g["reason"] == "缺少 2022 年审核周期的数据包（demo-park/2022/）/ audit cycle 2022 absent (demo-park/2022/ not found)"
    assert [(i["variable"], i["cycle"], i["value"]) for i in g["inputs"]] == [("value_added", 2025, 1100.0), ("value_added", 2022, None)]
    # the one-year rates work: 2024 exists
    e = doc["indicators"]["energy_elasticity"]
    assert e["state"] == "value"
    # energy: 2024 = 300 × 0.7143 + 20 × 1.229 = 238.87; 2025 = 285 × 0.7143 + 24.58 = 228.1555
    # (228.1555 / 238.87 − 1) / (1100 / 1000 − 1) = −0.4485...
    assert e["display"] == "-0.45"
    assert [(i["variable"], i["cycle"]) for i in e["inputs"]] == [
        ("value_added", 2025), ("value_added", 2024), ("energy_tce", 2025), ("energy_tce", 2024)
    ]
    assert e["inputs"][3]["sources"][0]["file"] == "demo-park/2024/energy.csv"
    # in 2024 the previous cycle is absent: elasticity and CO2 reduction are missing, not zero
    doc24 = score_package(demo / "demo-park" / "2024", cfg)
    assert doc24["indicators"]["energy_elasticity"]["state"] == "missing"
    assert "audit cycle 2023 absent" in doc24["indicators"]["co2_intensity_reduction_rate"]["reason"]
    park = doc24["systems"]["park_cp"]
    item = {i["indicator"]: i for c in park["categories"] for i in c["indicators"]}["co2_intensity_reduction_rate"]
    assert item["state"] == "missing" and item["membership"] == {"I": 0, "II": 0, "III": 0}


def test_score_is_deterministic(demo, tmp_path):
    cfg = load_config(INDICATORS_YAML)
    a = write_results(score_package(demo / "demo-park" / "2025", cfg), tmp_path / "out1")
    b = write_results(score_package(demo / "demo-park" / "2025", load_config(INDICATORS_YAML)), tmp_path / "out2")
    names = sorted(p.name for p in a.iterdir())
    assert names == ["chains.csv", "indicators.csv", "key_enterprises.csv", "score.json"]
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
        assert b"\r\n" not in (a / name).read_bytes()
    # writing again over existing results replaces them in place, leaving no temporary folder
    c = write_results(score_package(demo / "demo-park" / "2025", cfg), tmp_path / "out1")
    assert c == a and sorted(p.name for p in a.parent.iterdir()) == ["2025"]
    assert (a / "score.json").read_bytes() == (b / "score.json").read_bytes()


def test_score_json_content(demo):
    doc = score_package(demo / "demo-park" / "2025", load_config(INDICATORS_YAML))
    files = result_files(doc, load_config(INDICATORS_YAML))
    parsed = json.loads(files["score.json"])
    assert parsed["park"]["id"] == "demo-park" and parsed["park"]["cycle"] == "2025"
    assert set(parsed) == {"parkaudit", "park", "inputs", "variables", "indicators", "systems", "key_enterprises", "chains", "rankings", "measures"}
    ei = parsed["indicators"]["energy_intensity"]
    assert ei["formula"] == "energy_tce / value_added"
    assert ei["display"] == "0.207"  # 228.1555 / 1100
    assert ei["inputs"][0]["sources"][0]["table"] == "energy"
    assert parsed["variables"]["energy_tce"]["value"] == 228.1555
    assert parsed["key_enterprises"]["count"] == 2
    assert parsed["systems"]["park_cp"]["grade"]["grade"] in {"I", "II", "III", "below"}
    assert parsed["inputs"]["indicators"]["sha256"] == load_config(INDICATORS_YAML).sha256
    header = files["indicators.csv"].splitlines()[0]
    assert header.startswith("system,method,group,indicator,name_zh,name_en,unit,state,value,display,level_or_status")
    assert files["key_enterprises.csv"].splitlines()[0].startswith("enterprise_id,enterprise_name,industry_code,chain,reasons,mandatory_audit_addition,energy_tce_value")


def test_cli_score(demo, tmp_path, capsys):
    out = tmp_path / "results"
    code = main(["score", str(demo), "--out", str(out), "--indicators", str(INDICATORS_YAML)])
    assert code == 0
    text = capsys.readouterr().out
    assert "demo-park/2024:" in text and "demo-park/2025:" in text and "hj274" in text
    assert (out / "demo-park" / "2025" / "score.json").is_file()
    assert (out / "demo-park" / "2024" / "chains.csv").is_file()


def test_cli_bad_config(demo, tmp_path, capsys):
    bad = tmp_path / "indicators.yaml"
    bad.write_text(INDICATORS_YAML.read_text(encoding="utf-8").replace("formula: energy_tce / value_added", "formula: energy_tce / value_aded", 1), encoding="utf-8")
    code = main(["score", str(demo), "--out", str(tmp_path / "r"), "--indicators", str(bad)])
    assert code == 1
    assert "indicators.yaml: indicators.energy_intensity.formula: 未知变量 / unknown variable: value_aded" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_cli_refuses_invalid_data(demo, tmp_path, capsys):
    (demo / "demo-park" / "2024" / "park.csv").write_text(
        (demo / "demo-park" / "2024" / "park.csv").read_text(encoding="utf-8").replace(",1000,", ",lots,"), encoding="utf-8"
    )
    code = main(["score", str(demo / "demo-park" / "2025"), "--out", str(tmp_path / "r"), "--indicators", str(INDICATORS_YAML)])
    assert code == 1  # 2025 reads 2024 through prev(), so 2024 is validated too
    assert "validation failed" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_cli_no_packages(tmp_path, capsys):
    assert main(["score", str(tmp_path), "--out", str(tmp_path / "r")]) == 2
    assert main(["score", str(tmp_path / "nope")]) == 2


def test_scoring_does_not_import_the_site_engine(demo, tmp_path):
    # Runs the score command module directly (not every CLI command), as a fresh interpreter would.
    code = (
        "import argparse, sys\n"
        "from generator.commands import score\n"
        "p = argparse.ArgumentParser(); score.add_arguments(p)\n"
        f"rc = score.run(p.parse_args([{str(demo)!r}, '--out', {str(tmp_path / 'r')!r}, '--indicators', {str(INDICATORS_YAML)!r}]))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'altair', 'material', 'mike', 'vl_convert'))\n"
        "print(rc, bad)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert res.stdout.strip().splitlines()[-1] == "0 []", res.stderr
