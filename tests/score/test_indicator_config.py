"""indicators.yaml: the shipped configuration, and bilingual errors that name the key path."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
import yaml

from generator.compute import VARIABLE_NAMES
from generator.score.config import ConfigError, MetricLabel, load_config, parse_config

from ..builders import (
    INDICATORS_YAML,
    SOURCE,
    bi,
    category,
    config_dict,
    graded,
    graded_system,
    indicator_def,
)


def shipped() -> dict:
    return yaml.safe_load(INDICATORS_YAML.read_text(encoding="utf-8"))


def errors_of(data_or_text) -> list[str]:
    text = data_or_text if isinstance(data_or_text, str) else json.dumps(data_or_text, ensure_ascii=False)
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    return exc.value.messages


def small() -> dict:
    return config_dict(
        {"a": indicator_def("energy_tce / value_added"), "b": indicator_def("fresh_water / value_added")},
        {"s": graded_system([category("c", 1, {"a": graded(0.5, {"I": 1, "II": 2, "III": 3}), "b": graded(0.5, {"I": 1, "II": 2, "III": 3})})])},
    )


# ---------------------------------------------------------------------------------------------
# the shipped file


def test_shipped_config_loads():
    cfg = load_config(INDICATORS_YAML)
    park = cfg.systems["park_cp"]
    assert park.method == "graded"
    ids = [gi.id for c in park.categories for gi in c.indicators]
    assert len(ids) >= 20
    for needed in (
        "energy_intensity", "energy_elasticity", "non_fossil_share", "fresh_water_intensity", "water_reuse_rate",
        "reclaimed_water_rate", "wastewater_intensity", "cod_intensity", "nh3n_intensity", "so2_intensity",
        "nox_intensity", "vocs_intensity", "permit_compliance_rate", "gsw_utilisation_rate", "hw_safe_disposal_rate",
        "co2_intensity", "co2_intensity_reduction_rate", "eco_chain_projects", "renewable_resource_recycling_rate",
        "waste_heat_recovery_rate", "central_wwtp_monitoring", "risk_system_completeness", "major_incidents",
        "key_cp_audit_rate", "key_disclosure_rate", "info_platform_completeness",
    ):
        assert needed in ids, needed
    assert cfg.systems["hj274"].method == "compliance"
    rules = {g.id: g.rule for g in cfg.systems["hj274"].groups}
    assert rules == {"mandatory": "all", "group_a": "at_least_one", "group_b": "at_least_one", "group_c": "at_least_one", "group_d": "at_least_one", "group_e": "at_least_one"}
    assert [r.grade for r in park.grade_rules] == ["I", "II", "III", "below"]


def test_shipped_config_claims_nothing_verified():
    cfg = load_config(INDICATORS_YAML)
    for system in cfg.systems.values():
        items = [gi for c in system.categories for gi in c.indicators] if system.method == "graded" else [ci for g in system.groups for ci in g.indicators]
        for it in items:
            assert it.source.status == "provisional", it.id
            assert it.source.note["zh"] and it.source.note["en"]


def test_shipped_levels_I_II_say_who_set_them():
    for c in load_config(INDICATORS_YAML).systems["park_cp"].categories:
        for gi in c.indicators:
            text = gi.source.note["en"]
            distinct = {str(b.number) for b in gi.benchmarks.values() if b.number is not None}
            if len(distinct) > 1 or any(b.condition is not None or b.expression is not None for b in gi.benchmarks.values()):
                assert "ParkAudit" in text, gi.id


def test_every_shipped_formula_uses_known_variables():
    cfg = load_config(INDICATORS_YAML)
    for ind in cfg.indicators.values():
        assert ind.formula.names <= VARIABLE_NAMES


def test_header_documents_the_missing_rule_and_formula_language():
    head = INDICATORS_YAML.read_text(encoding="utf-8").split("\nversion:")[0]
    for phrase in ("An empty cell is missing, never zero", "prev(expr, n)", "coalesce", "if(cond, a, b)", "ROUND_HALF_UP", "must NEVER change",
                   "from its exact value", "Arithmetic is exact", "Levels that cannot be decided", "generator/compute/variables.yaml"):
        assert phrase in head, phrase


# ---------------------------------------------------------------------------------------------
# errors name the key path, bilingually


def test_wrong_type_names_key_path():
    data = shipped()
    data["systems"]["park_cp"]["categories"][0]["indicators"]["energy_intensity"]["weight"] = "heavy"
    msgs = errors_of(data)
    assert "indicators.yaml: systems.park_cp.categories[0].indicators.energy_intensity.weight: 必须是数字 / must be a number" in msgs


def test_example_from_the_issue():
    data = config_dict(
        {"energy_intensity": indicator_def("energy_tce / value_added")},
        {
            "park_cp": graded_system(
                [
                    category("a", 0.5, {}),
                    category("b", 0.25, {}),
                    category("c", 0.25, {"energy_intensity": graded("x", {"I": 1, "II": 2, "III": 3})}),
                ]
            )
        },
    )
    msgs = errors_of(data)
    assert "indicators.yaml: systems.park_cp.categories[2].indicators.energy_intensity.weight: 必须是数字 / must be a number" in msgs


def test_yaml_syntax_error_has_line_and_column():
    msgs = errors_of("version: 1\nindicators:\n  a: [1, 2\nsystems: {}\n")
    assert len(msgs) == 1
    assert msgs[0].startswith("indicators.yaml:4:")
    assert "YAML 语法错误 / YAML syntax error" in msgs[0]


def test_duplicate_key_is_an_error():
    text = INDICATORS_YAML.read_text(encoding="utf-8")
    text = text.replace("  energy_intensity:\n    name:", "  energy_intensity:\n    name: {zh: 重复, en: dup}\n  energy_intensity:\n    name:", 1)
    msgs = errors_of(text)
    assert "duplicate key 'energy_intensity'" in msgs[0] and "重复的键" in msgs[0]


def test_unknown_variable_is_caught_before_data():
    data = small()
    data["indicators"]["a"]["formula"] = "energy_tce / value_aded"
    msgs = errors_of(data)
    assert msgs == ["indicators.yaml: indicators.a.formula: 未知变量 / unknown variable: value_aded"]


def test_unknown_variable_in_benchmark_expression_and_applicability():
    data = small()
    data["indicators"]["a"]["applicable_if"] = "wather_scarce > 0"
    data["systems"]["s"]["categories"][0]["indicators"]["a"]["benchmarks"]["II"] = "if(water_scarce, 1, 2)"
    msgs = errors_of(data)
    assert "indicators.yaml: indicators.a.applicable_if: 未知变量 / unknown variable: wather_scarce" in msgs
    assert "indicators.yaml: systems.s.categories[0].indicators.a.benchmarks.II: 未知变量 / unknown variable: water_scarce" in msgs


def test_unsafe_formula_is_refused_with_path():
    data = small()
    data["indicators"]["b"]["formula"] = "__import__('os').getcwd()"
    msgs = errors_of(data)
    assert msgs[0].startswith("indicators.yaml: indicators.b.formula: ")


def test_benchmarks_out_of_order():
    data = small()
    data["systems"]["s"]["categories"][0]["indicators"]["a"]["benchmarks"] = {"I": 3, "II": 2, "III": 1}  # lower is better
    msgs = errors_of(data)
    assert any(m.startswith("indicators.yaml: systems.s.categories[0].indicators.a.benchmarks: 基准顺序错误") and "level I (3) must be ≤ level II (2)" in m for m in msgs)
    data = small()
    data["indicators"]["a"]["direction"] = "higher"
    msgs = errors_of(data)  # 1, 2, 3 is wrong for higher-is-better
    assert any("must be ≥" in m for m in msgs)


def test_equal_benchmarks_are_allowed():
    data = small()
    data["systems"]["s"]["categories"][0]["indicators"]["a"]["benchmarks"] = {"I": 100, "II": 100, "III": 100}
    parse_config(json.dumps(data))


def test_weights_must_sum_to_one_exactly():
    data = small()
    data["systems"]["s"]["categories"][0]["indicators"]["a"]["weight"] = 0.4
    msgs = errors_of(data)
    assert "indicators.yaml: systems.s.categories[0].indicators: 类别内指标权重之和须为 1，现为 0.9 / indicator weights within a category must sum to 1 (they sum to 0.9)" in msgs
    data = small()
    data["systems"]["s"]["categories"][0]["weight"] = 0.99
    assert any(m.startswith("indicators.yaml: systems.s.categories: 类别权重之和须为 1") for m in errors_of(data))
    # 0.1 + 0.2 + 0.7 is exactly 1 as decimals, though not as binary floats
    data = small()
    data["systems"]["s"]["categories"] = [
        category("x", 0.1, {"a": graded(1, {"I": 1, "II": 2, "III": 3})}),
        category("y", 0.2, {"b": graded(1, {"I": 1, "II": 2, "III": 3})}),
        category("z", 0.7, {"b2": graded(1, {"I": 1, "II": 2, "III": 3})}),
    ]
    data["indicators"]["b2"] = indicator_def("co2 / value_added")
    parse_config(json.dumps(data))


def test_undefined_indicator_and_duplicate_in_system():
    data = small()
    data["systems"]["s"]["categories"].append(category("d", 0, {"zz": graded(1, {"I": 1, "II": 2, "III": 3})}))
    msgs = errors_of(data)
    assert "indicators.yaml: systems.s.categories[1].weight: 必须 > 0 / must be > 0" in msgs
    data["systems"]["s"]["categories"][1]["weight"] = 0.5
    data["systems"]["s"]["categories"][0]["weight"] = 0.5
    msgs = errors_of(data)
    assert any(m.startswith("indicators.yaml: systems.s.categories[1].indicators.zz: indicators 中没有定义 zz") for m in msgs)


def test_qualitative_needs_conditions():
    data = small()
    data["indicators"]["a"]["direction"] = "qualitative"
    msgs = errors_of(data)
    assert any(m.startswith("indicators.yaml: systems.s.categories[0].indicators.a.benchmarks.I: 定性指标的基准须为 {condition, description}") for m in msgs)
    data = small()
    data["systems"]["s"]["categories"][0]["indicators"]["a"]["benchmarks"]["I"] = {"condition": "central_wwtp == 1", "description": bi("有")}
    msgs = errors_of(data)
    assert any(m.startswith("indicators.yaml: systems.s.categories[0].indicators.a.benchmarks.I: 定量指标的基准须为数字或表达式") for m in msgs)


def test_schema_messages():
    data = small()
    del data["indicators"]["a"]["unit"]
    data["indicators"]["b"]["direction"] = "down"
    data["indicators"]["b"]["colour"] = "red"
    data["systems"]["s"]["categories"][0]["indicators"]["a"]["source"] = dict(SOURCE, status="checked")
    msgs = errors_of(data)
    assert "indicators.yaml: indicators.a: 缺少必填的键 unit / missing required key unit" in msgs
    assert 'indicators.yaml: indicators.b.direction: 必须是以下之一："lower", "higher", "qualitative" / must be one of: "lower", "higher", "qualitative"' in msgs
    assert "indicators.yaml: indicators.b: 未知的键 colour / unknown key colour" in msgs
    assert any(m.startswith("indicators.yaml: systems.s.categories[0].indicators.a.source.status: 必须是以下之一") for m in msgs)


def test_bad_indicator_id():
    data = small()
    data["indicators"]["Energy-Intensity"] = data["indicators"].pop("a")
    msgs = errors_of(data)
    assert any(m.startswith("indicators.yaml: indicators: 键 'Energy-Intensity' 不合格") for m in msgs)


def test_last_grade_rule_must_be_fallback():
    data = small()
    data["systems"]["s"]["grade_rules"] = data["systems"]["s"]["grade_rules"][:3]
    msgs = errors_of(data)
    assert any(m.startswith("indicators.yaml: systems.s.grade_rules[2]: 最后一条等级规则须无条件") for m in msgs)


def test_compliance_requirement_shapes():
    data = small()
    data["systems"]["h"] = {
        "name": bi("h"),
        "method": "compliance",
        "description": bi("h"),
        "groups": [{"id": "g", "name": bi("g"), "rule": "some", "indicators": {"a": {"requirement": {"op": "=>", "value": 1}, "source": SOURCE}}}],
    }
    msgs = errors_of(data)
    assert any(m.startswith("indicators.yaml: systems.h.groups[0].rule: 必须是以下之一") for m in msgs)
    assert any(m.startswith("indicators.yaml: systems.h.groups[0].indicators.a.requirement: 形式不符") for m in msgs)


def test_key_enterprise_metric_must_exist():
    data = small()
    data["key_enterprises"]["metrics"]["coal"] = {"unit": "t", "name": bi("煤", "coal")}
    msgs = errors_of(data)
    assert msgs == [
        "indicators.yaml: key_enterprises.metrics.coal: 未知的企业指标 coal / unknown enterprise metric 'coal' "
        "(known: energy_tce, fresh_water, cod, nh3n, tn, tp, so2, nox, pm, vocs, gsw_generated, hw_generated, co2)"
    ]


def test_key_enterprise_metric_shape():
    data = small()
    data["key_enterprises"]["metrics"] = ["energy_tce", "cod"]  # the list of ids of earlier versions: labels are needed now
    assert errors_of(data) == ["indicators.yaml: key_enterprises.metrics: 必须是映射（键: 值） / must be a mapping (key: value)"]
    data = small()
    data["key_enterprises"]["metrics"]["cod"] = {"unit": "t", "name": {"zh": "化学需氧量排放量"}}
    data["key_enterprises"]["metrics"]["so2"] = {"name": bi("二氧化硫排放量", "SO2 emissions"), "colour": "red"}
    msgs = errors_of(data)
    assert "indicators.yaml: key_enterprises.metrics.cod.name: 缺少必填的键 en / missing required key en" in msgs
    assert "indicators.yaml: key_enterprises.metrics.so2: 缺少必填的键 unit / missing required key unit" in msgs
    assert "indicators.yaml: key_enterprises.metrics.so2: 未知的键 colour / unknown key colour" in msgs
    data = small()
    data["key_enterprises"]["metrics"] = {}
    assert errors_of(data) == ["indicators.yaml: key_enterprises.metrics: 至少需要 1 个键 / needs at least 1 key(s)"]


def test_headline_indicator_must_be_declared():
    data = small()
    data["headline_indicators"] = ["a", "energy_intensty"]
    assert errors_of(data) == [
        "indicators.yaml: headline_indicators[1]: indicators 中没有定义 energy_intensty / indicator 'energy_intensty' is not defined under indicators"
    ]


def test_headline_indicators_shape():
    data = small()
    data["headline_indicators"] = "a"
    assert errors_of(data) == ["indicators.yaml: headline_indicators: 必须是列表 / must be a list"]
    data["headline_indicators"] = []
    assert errors_of(data) == ["indicators.yaml: headline_indicators: 至少需要 1 项 / needs at least 1 item(s)"]
    data["headline_indicators"] = ["a", "a"]
    assert errors_of(data) == ["indicators.yaml: headline_indicators: 列表中有重复项 / the list has duplicates"]


@pytest.mark.parametrize("section", ["headline_indicators", "key_enterprises", "chains"])
def test_sections_are_required(section):
    # no hidden defaults in the code: the file says what is shown, selected and aggregated
    data = small()
    del data[section]
    assert errors_of(data) == [f"indicators.yaml: (根 / root): 缺少必填的键 {section} / missing required key {section}"]


def test_chain_total_must_be_a_column_compute_totals():
    data = small()
    data["chains"]["totals"].append("employees")
    msgs = errors_of(data)
    assert msgs == [
        "indicators.yaml: chains.totals[2]: 未知的企业列 employees / unknown enterprise column 'employees' (known: value_added, "
        "output_value, energy_tce, fresh_water, cod, nh3n, tn, tp, so2, nox, pm, vocs, gsw_generated, hw_generated, co2)"
    ]


def test_chain_intensities_and_shares_are_over_declared_totals():
    data = small()
    data["chains"]["intensities"]["cod_intensity"] = {"numerator": "cod", "denominator": "output_value", "factor": 1000}
    data["chains"]["shares"].append("co2")
    msgs = errors_of(data)
    assert msgs == [
        "indicators.yaml: chains.shares[1]: co2 不在 chains.totals 中 / 'co2' is not declared under chains.totals",
        "indicators.yaml: chains.intensities.cod_intensity.numerator: cod 不在 chains.totals 中 / 'cod' is not declared under chains.totals",
        "indicators.yaml: chains.intensities.cod_intensity.denominator: output_value 不在 chains.totals 中 / 'output_value' is not declared under chains.totals",
    ]


def test_chain_intensity_shape():
    data = small()
    data["chains"]["intensities"]["energy_intensity"] = {"numerator": "energy_tce", "factor": 0}
    data["chains"]["intensities"]["x"] = {"numerator": "energy_tce", "denominator": "value_added", "per": "year"}
    data["chains"]["intensities"]["Bad-Id"] = {"numerator": "energy_tce", "denominator": "value_added"}
    msgs = errors_of(data)
    assert "indicators.yaml: chains.intensities.energy_intensity: 缺少必填的键 denominator / missing required key denominator" in msgs
    assert "indicators.yaml: chains.intensities.energy_intensity.factor: 必须 > 0 / must be > 0" in msgs
    assert "indicators.yaml: chains.intensities.x: 未知的键 per / unknown key per" in msgs
    assert any(m.startswith("indicators.yaml: chains.intensities: 键 'Bad-Id' 不合格") for m in msgs)
    data = small()
    data["chains"]["intensities"] = [{"numerator": "energy_tce", "denominator": "value_added"}]
    assert errors_of(data) == ["indicators.yaml: chains.intensities: 必须是映射（键: 值） / must be a mapping (key: value)"]


def test_chain_intensity_cannot_take_the_name_of_another_chains_csv_column():
    data = small()
    data["chains"]["intensities"]["energy_tce_share"] = {"numerator": "energy_tce", "denominator": "value_added"}
    data["chains"]["intensities"]["value_added"] = {"numerator": "energy_tce", "denominator": "value_added"}
    msgs = errors_of(data)
    assert msgs == [
        "indicators.yaml: chains.intensities.energy_tce_share: 与 chains.csv 的另一列同名 / has the same name as another column of chains.csv (energy_tce_share)",
        "indicators.yaml: chains.intensities.value_added: 与 chains.csv 的另一列同名 / has the same name as another column of chains.csv (value_added)",
    ]


def test_shipped_declarations_reach_the_config():
    cfg = load_config(INDICATORS_YAML)
    assert cfg.headline_indicators[0] == "energy_intensity"
    assert all(i in cfg.indicators for i in cfg.headline_indicators)
    assert cfg.key_enterprises.metrics[:2] == ("energy_tce", "fresh_water") and cfg.key_enterprises.share == Decimal("0.8")
    assert cfg.key_metric_labels["co2"] == MetricLabel("tCO2", {"zh": "二氧化碳排放量", "en": "CO2 emissions"})
    cod = next(i for i in cfg.chains.intensities if i.id == "cod_intensity")
    assert (cod.numerator, cod.denominator, cod.factor) == ("cod", "value_added", Decimal(1000))
    energy = next(i for i in cfg.chains.intensities if i.id == "energy_intensity")
    assert energy.factor == 1  # factor may be left out
    assert cfg.chains.share_names[0] == "value_added_share"


def test_not_a_mapping():
    assert errors_of("- 1\n- 2\n") == ["indicators.yaml: (根 / root): 必须是映射（键: 值） / must be a mapping (key: value)"]


def test_load_config_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="无法读取 / cannot read"):
        load_config(tmp_path / "nope.yaml")


def test_config_hash_is_of_the_bytes(tmp_path):
    p = tmp_path / "indicators.yaml"
    p.write_text(json.dumps(small()), encoding="utf-8")
    a = load_config(p)
    b = load_config(p)
    assert a.sha256 == b.sha256 and len(a.sha256) == 64


def test_deepcopy_safe():
    # configs are plain data: building twice from the same dict gives the same structure
    data = small()
    c1 = parse_config(json.dumps(copy.deepcopy(data)))
    c2 = parse_config(json.dumps(data))
    assert [gi.id for gi in c1.systems["s"].categories[0].indicators] == [gi.id for gi in c2.systems["s"].categories[0].indicators]


def test_an_alias_bomb_is_refused_before_it_expands():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(ConfigError) as err:
        parse_config("\n".join(lines) + "\n", VARIABLE_NAMES, "bomb.yaml")
    assert "bomb.yaml:" in str(err.value) and "exceeds 1,000,000 nodes" in str(err.value)


def test_a_few_aliases_as_the_shipped_config_uses_are_read():
    text = 'x: &note {zh: 说明, en: note}\ny: *note\nz: [*note, *note]\n'
    from generator.score.config import _read_yaml

    assert _read_yaml(text, "t.yaml")["z"][1] == {"zh": "说明", "en": "note"}
