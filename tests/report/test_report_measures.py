"""The report's measures chapters (5 改进方案确定, 6 方案实施及效果评估): effects per substance with
their units and never a sum across substances, payback per level and cost class computed from the
data, the status chart in colours that mean what they say. Checked on the document model and on
the PDF the demo build made."""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction

import pytest

from generator.render.format import fmt
from generator.report.document import build_document
from generator.report.inputs import load_input
from generator.report.model import Figure, Table

PARK, CYCLE = "anning-ip", "2025"


@pytest.fixture(scope="module")
def model(demo_build):
    project = demo_build.project
    return build_document(load_input(PARK, CYCLE, project / "results", project / "data", []))


@pytest.fixture(scope="module")
def rows(demo_build):
    with open(demo_build.project / "data" / PARK / CYCLE / "measures.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def table(model, words: str) -> Table:
    return next(t for t in model.tables() if words in t.caption)


def d(cell):
    return Decimal(cell) if cell.strip() else None


def test_effects_are_per_substance(model, rows):
    t = table(model, "预期与实际效果（按物质）")
    by_label = {r[0]: r for r in t.rows}
    active = [r for r in rows if r["status"] != "已取消"]
    phosphogypsum = sum(d(r["expected_pollutant_reduction"]) for r in active if r["target"] == "solid_waste" and d(r["expected_pollutant_reduction"]))
    ammonia = sum(d(r["expected_pollutant_reduction"]) for r in active if r["target"] == "NH3-N" and d(r["expected_pollutant_reduction"]))
    assert by_label["削减一般工业固体废物"][1] == "t/年" and by_label["削减一般工业固体废物"][3] == fmt(float(phosphogypsum))
    assert by_label["削减氨氮"][3] == fmt(float(ammonia))
    mixed = sum(d(r["expected_pollutant_reduction"]) for r in active if d(r["expected_pollutant_reduction"]))
    assert mixed != phosphogypsum
    text = "\n".join(" ".join(row) for t in model.tables() for row in t.rows)
    assert fmt(float(mixed)) not in text and "污染物削减量" not in text


def test_the_pdf_has_no_sum_across_substances(demo_build, rows):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed (run ./scripts/test)")
    pdf = demo_build.project / "docs" / "audit-reports" / PARK / f"{PARK}-{CYCLE}.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    mixed = sum(d(r["expected_pollutant_reduction"]) for r in rows if r["status"] != "已取消" and d(r["expected_pollutant_reduction"]))
    assert "污染物削减量" not in text
    assert fmt(float(mixed)) not in text
    assert "按物质分列的效果" in text and "静态回收期" in text


def test_payback_per_cost_class_is_computed_from_the_data(model, rows):
    t = table(model, "无低费与中高费方案的投资")
    by_group = {r[0]: r for r in t.rows}
    for cost in ("无低费", "中高费"):
        mine = [r for r in rows if r["status"] != "已取消" and r["cost_class"] == cost]
        invest = sum(d(r["investment"]) for r in mine if d(r["investment"]) is not None)
        benefit = sum(d(r["expected_economic_benefit"]) for r in mine if d(r["expected_economic_benefit"]) is not None)
        exact = Fraction(invest) / Fraction(benefit)
        tenths = (2 * exact.numerator * 10 + exact.denominator) // (2 * exact.denominator)
        assert by_group[cost][1] == str(len(mine))
        assert by_group[cost][4] == f"{Decimal(tenths).scaleb(-1):,.1f}", cost


def test_status_chart_colours(model):
    fig = next(b for b in model.blocks if isinstance(b, Figure) and "实施状态" in b.caption)
    scale = fig.spec["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"]))
    assert colours["已完成"] == "#2e7d32" and colours["逾期"] == "#d32f2f" and colours["计划"] == "#546e7a"
    assert colours["已完成"] != colours["已取消"]
