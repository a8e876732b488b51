"""Measures (issue 13, item 5): effects per substance, each in its own unit and never added across
substances; payback = investment ÷ annual benefit, or a reason; status colours that mean what they
say. The expected figures are computed here from the demo's measures.csv, not read from results."""

from __future__ import annotations

import colorsys
import csv
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from generator.render import ParkResults, effects, park_pages
from generator.render import stage as render_stage
from generator.render.format import CODES_ZH, fmt
from generator.score import load_config, score_package

from ..csvedit import REPO, copy_data, read_rows, write_rows
from .pagehtml import section, table

PARKS = ("anning-ip", "qujing-etdz", "yanglin-etdz")
POLLUTANTS = ("COD", "NH3-N", "TN", "TP", "SO2", "NOx", "PM", "VOCs", "solid_waste", "hazardous_waste")


def latest(project, park):
    return max(p.name for p in (project / "data" / park).iterdir() if p.name.isdigit())


def measures_csv(project, park):
    with open(project / "data" / park / latest(project, park) / "measures.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def page(project, park, name="measures"):
    return (project / "docs" / "reports" / park / f"{name}.md").read_text(encoding="utf-8")


def number(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


def shown_within_rounding(cell: str, exact: Decimal) -> bool:
    """The cell is `exact` rounded to the decimals the cell shows."""
    digits = -number(cell).as_tuple().exponent
    return abs(number(cell) - exact) <= Decimal(5) * Decimal(10) ** -(digits + 1)


def d(cell: str) -> Decimal | None:
    return Decimal(cell) if cell.strip() else None


def test_effects_per_substance_are_sums_within_that_substance(demo_build):
    project = demo_build.project
    for park in PARKS:
        rows = [r for r in measures_csv(project, park) if r["status"] != "已取消"]
        shown = {r["效果"]: r for r in table(page(project, park), "效果")}
        # pollutant reductions by the pollutant the measure targets, energy and CO2 from their columns
        sums: dict[str, Decimal] = {}
        for r in rows:
            for key, column in ((r["target"] if r["target"] in POLLUTANTS else "?", "expected_pollutant_reduction"),
                                ("节能（标准煤）", "expected_energy_saving"), ("减排二氧化碳", "expected_co2_reduction")):
                if d(r[column]) is not None:
                    sums[key] = sums.get(key, Decimal(0)) + d(r[column])
        assert "?" not in sums, f"{park}: a pollutant reduction without a pollutant target"
        for key, total in sums.items():
            label = key if key.startswith(("节能", "减排")) else "削减" + CODES_ZH["target"][key]
            assert label in shown, (park, label, list(shown))
            cell = shown[label]["预期（未取消方案）"]
            assert shown_within_rounding(cell, total), (park, label, cell, total)
            assert shown[label]["单位"] == ("tce/年" if key.startswith("节能") else "t/年")
        water = sum((d(r["expected_water_saving"]) for r in rows if d(r["expected_water_saving"]) is not None), Decimal(0))
        if water:
            assert shown_within_rounding(shown["节水（新鲜水）"]["预期（未取消方案）"], water / 10000)
            assert shown["节水（新鲜水）"]["单位"] == "万 m³/年"


def test_no_page_adds_tonnes_across_substances(demo_build):
    project = demo_build.project
    for park in PARKS:
        rows = [r for r in measures_csv(project, park) if r["status"] != "已取消"]
        mixed = sum((d(r["expected_pollutant_reduction"]) for r in rows if d(r["expected_pollutant_reduction"]) is not None), Decimal(0))
        targets = {r["target"] for r in rows if d(r["expected_pollutant_reduction"]) is not None}
        assert len(targets) > 1, f"{park}: the demo should reduce more than one pollutant"
        for name in ("measures", "index"):
            text = page(project, park, name)
            assert "污染物削减量" not in text, (park, name)
            assert fmt(float(mixed)) not in text, (park, name, fmt(float(mixed)))


def test_achievement_is_achieved_over_expected_of_completed_measures(demo_build):
    project = demo_build.project
    for park in PARKS:
        done = [r for r in measures_csv(project, park) if r["status"] == "已完成"]
        shown = {r["效果"]: r for r in table(page(project, park), "效果")}
        energy = [r for r in done if d(r["expected_energy_saving"]) is not None and d(r["achieved_energy_saving"]) is not None]
        if energy:
            rate = Fraction(sum(d(r["achieved_energy_saving"]) for r in energy)) / Fraction(sum(d(r["expected_energy_saving"]) for r in energy))
            want = (Decimal(rate.numerator) / Decimal(rate.denominator) * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
            assert shown["节能（标准煤）"]["达成率"] == f"{want}%", park


def _payback(investment: str, benefit: str) -> str:
    if not investment.strip():
        return "—（未填报投资）"
    if not benefit.strip():
        return "—（未填报经济效益）"
    if Decimal(benefit) == 0:
        return "—（无经济效益）"
    exact = Fraction(Decimal(investment)) / Fraction(Decimal(benefit))
    tenths = (2 * exact.numerator * 10 + exact.denominator) // (2 * exact.denominator)  # half up
    return f"{Decimal(tenths).scaleb(-1):,.1f}"


def test_payback_is_investment_over_annual_benefit(demo_build):
    project = demo_build.project
    checked = 0
    for park in PARKS:
        text = page(project, park)
        shown = {r["编号"]: r for r in table(section(text, "逐项效果"), "编号")}  # not the list, whose header also starts with 编号
        for r in measures_csv(project, park):
            cell = shown[r["measure_id"]]["静态回收期 年"]
            expected = _payback(r["investment"], r["expected_economic_benefit"])
            if expected.startswith("—") and (r["status"] != "已完成" or _payback(r["investment"], r["achieved_economic_benefit"]).startswith("—")):
                assert cell == expected, (park, r["measure_id"], cell)
            else:
                assert f"预期 {expected}" in cell, (park, r["measure_id"], cell, expected)
                if r["status"] == "已完成":
                    assert f"实际 {_payback(r['investment'], r['achieved_economic_benefit'])}" in cell, (park, r["measure_id"], cell)
                checked += 1
    assert checked > 10


def test_payback_per_level_is_the_levels_investment_over_its_benefit(demo_build):
    project = demo_build.project
    park = "qujing-etdz"
    rows = [r for r in measures_csv(project, park) if r["status"] != "已取消"]
    text = page(project, park)
    shown = {r["层级"]: r for r in table(section(text, "按层级"), "层级")}
    shown.update({r["费用类别"]: r for r in table(section(text, "按费用类别"), "费用类别")})
    for level, label in (("园区", "园区"), ("产业链", "产业链（集群）"), ("企业", "企业")):
        mine = [r for r in rows if r["level"] == level]
        invest = sum((d(r["investment"]) for r in mine if d(r["investment"]) is not None), Decimal(0))
        benefit = sum((d(r["expected_economic_benefit"]) for r in mine if d(r["expected_economic_benefit"]) is not None), Decimal(0))
        assert shown[label]["预期回收期 年"] == _payback(str(invest), str(benefit)), label
        assert shown[label]["方案数"] == str(len(mine))
    for cost in ("无低费", "中高费"):
        assert shown[cost]["方案数"] == str(sum(1 for r in rows if r["cost_class"] == cost))


# --- status colours --------------------------------------------------------------------------
def hue_saturation(hex_colour: str) -> tuple[float, float]:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    return h * 360, s


def meaning(hex_colour: str) -> str:
    h, s = hue_saturation(hex_colour)
    if s < 0.25:
        return "grey"
    if h < 15 or h >= 340:
        return "red"
    if 35 <= h < 60:
        return "amber"
    if 90 <= h < 160:
        return "green"
    if 195 <= h < 250:
        return "blue"
    return "other"


def test_the_check_tells_colours_apart():
    assert [meaning(c) for c in ("#2e7d32", "#b71c1c", "#1565c0", "#c49000", "#90a4ae")] == ["green", "red", "blue", "amber", "grey"]


WANTED = {"已完成": {"green"}, "实施中": {"amber", "blue"}, "计划": {"grey"}, "逾期": {"red"}, "已取消": {"red"}}


def test_status_chart_colours_mean_what_they_say(demo_build):
    for park in PARKS:
        spec = json.loads((demo_build.project / "docs" / "reports" / park / "charts" / "measures-status.vl.json").read_text(encoding="utf-8"))
        scale = spec["encoding"]["color"]["scale"]
        colours = dict(zip(scale["domain"], scale["range"]))
        assert set(colours) == set(WANTED), colours
        for status, allowed in WANTED.items():
            assert meaning(colours[status]) in allowed, (park, status, colours[status])
        assert spec["encoding"]["color"]["sort"] == list(effects.STATUS_ORDER)


def luminance(hex_colour: str) -> float:
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(hex_colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_status_badges_use_the_charts_colours_with_readable_text():
    css = (REPO / "docs" / "assets" / "stylesheets" / "parkaudit.css").read_text(encoding="utf-8")
    for status, name in effects.STATUS_CLASS.items():
        found = re.search(rf"\.pa-status-{name} \{{ background: (#[0-9a-f]{{6}}); \}}", css)
        assert found, name
        assert found.group(1) == effects.STATUS_COLOURS[status], status
        # white bold text on the badge: WCAG AA 4.5:1
        assert 1.05 / (luminance(found.group(1)) + 0.05) >= 4.5, status
        assert meaning(found.group(1)) in WANTED[status]


def test_badges_carry_the_status_in_words(demo_build):
    project = demo_build.project
    for park in PARKS:
        year_end = f"{latest(project, park)}-12-31"
        rows = table(page(project, park), "编号")
        data = {r["measure_id"]: r for r in measures_csv(project, park)}
        for r in rows:
            m = data[r["编号"]]
            # planned or running with a planned end within the audited year: overdue
            status = "逾期" if m["status"] in ("计划", "实施中") and m["end_date"] and m["end_date"] <= year_end else m["status"]
            assert r["状态"].startswith(f'<span class="pa-status pa-status-{effects.STATUS_CLASS[status]}">{status}</span>'), r


# --- formatting ------------------------------------------------------------------------------
def test_substances_read_in_chinese_with_their_units():
    assert effects.substance_label("NH3-N") == "削减氨氮"
    assert effects.substance_label("solid_waste") == "削减一般工业固体废物"
    assert effects.substance_label("energy") == "节能（标准煤）" and effects.substance_unit("energy") == "tce/年"
    assert effects.substance_unit("water") == "万 m³/年"
    assert effects.amount("water", 452652.0) == "45.27"
    assert effects.amount("water", 969.0) == "0.097"  # not 0.10
    assert effects.amount("COD", 534043.458) == "534,043"
    assert effects.amount("COD", None) == "—"


@pytest.mark.parametrize("p, text", [
    ({"years": 3.3, "reason": None}, "3.3"), ({"years": 1234.5, "reason": None}, "1,234.5"),
    ({"years": None, "reason": "benefit_zero"}, "—（无经济效益）"), ({"years": None, "reason": "benefit_missing"}, "—（未填报经济效益）"),
    ({"years": None, "reason": "investment_missing"}, "—（未填报投资）"), (None, "—"),
])
def test_payback_text(p, text):
    assert effects.payback(p) == text


def test_the_sentence_names_pollutants_first_and_counts_the_rest():
    items = [{"substance": s, "achieved_completed": v} for s, v in (("energy", 100.0), ("water", 20000.0), ("COD", 12.3), ("NH3-N", 1.2),
                                                                     ("SO2", None), ("CO2", 5.0))]
    assert effects.effects_sentence(items, "achieved_completed") == "削减化学需氧量 12.30 t/年、削减氨氮 1.20 t/年、节能（标准煤） 100.00 tce/年 等 5 项"


# --- an overdue measure and a measure without benefit, rendered from edited data -------------
def test_an_overdue_measure_is_red_and_says_so(tmp_path):
    park, cycle = "qujing-etdz", "2025"
    data = copy_data(tmp_path / "data", (park,))
    path = data / park / cycle / "measures.csv"
    header, rows = read_rows(path)
    running = next(r for r in rows if r["status"] == "实施中" and r["level"] == "园区")
    running["end_date"] = f"{cycle}-06-30"  # planned to end within the audited year, still running at its end
    paid = next(r for r in rows if r["status"] == "已完成" and r["expected_economic_benefit"] and r["investment"])
    paid["expected_economic_benefit"] = "0"
    write_rows(path, header, rows)
    config = load_config(REPO / "indicators.yaml")
    doc = score_package(data / park / cycle, config, data_root=data)
    earlier = render_stage.load_results(REPO / "results", None, only=park)[0].cycles
    files, _ = park_pages(ParkResults(park, {**earlier, cycle: doc}, cycle), data, [], config=config)
    text = files["measures.md"]

    listed = {r["编号"]: r for r in table(text, "编号")}
    assert listed[running["measure_id"]]["状态"] == '<span class="pa-status pa-status-overdue">逾期</span>（原状态：实施中）'
    status = {r["层级"]: r for r in table(text, "层级")}
    assert status["园区"]["逾期"] == "1" and status["合计"]["逾期"] == "1"
    chart = json.loads(files["charts/measures-status.vl.json"])
    values = next(iter(chart["datasets"].values()))
    assert {"level": "园区", "status": "逾期", "count": 1} in values
    effect_rows = {r["编号"]: r for r in table(section(text, "逐项效果"), "编号")}
    assert effect_rows[paid["measure_id"]]["静态回收期 年"].startswith("预期 —（无经济效益）")
