"""Exact arithmetic end to end: compute hands exact decimals to scoring, formulas evaluate exactly,
each value is rounded once, half up, from its exact value, and the results files publish it without
binary-float artefacts (issue 12, item 6)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction as F

import pytest

from generator.score import result_files, score_package
from generator.score.config import load_config, parse_config
from generator.score.systems import DictEnv, exact_text, round_half_up, score_systems

from ..builders import INDICATORS_YAML, SOURCE, bi, category, config_dict, enterprise, graded, graded_system, indicator_def, make_data_root, write_package

RATE = "co2_intensity_reduction_rate"  # (1 - (co2 / value_added) / prev(co2 / value_added)) * 100, precision 1


def _float_evaluator_display(co2_now: float, co2_before: float, va: float = 1000.0) -> Decimal:
    """What the float evaluator published: the formula in binary floating point, then ROUND_HALF_UP
    applied to the float's repr (the rule before exact arithmetic)."""
    value = (1 - (co2_now / va) / (co2_before / va)) * 100
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")


@pytest.fixture(scope="module")
def parks(tmp_path_factory):
    """Two parks alike but for 2025's CO2: 970.5 t (an exact 2.95 % reduction from 1000 t at equal
    value added) and 971 t (an exact 2.9 %)."""
    root = make_data_root(tmp_path_factory.mktemp("exact"))
    for park, co2_2025 in (("exact-park", 970.5), ("lower-park", 971)):
        for year, co2 in (("2024", 1000), ("2025", co2_2025)):
            write_package(root, park, year, {
                "enterprises": [enterprise("E1", 1, value_added=1000)],
                "carbon": [{"enterprise_id": "E1", "combustion_co2": co2}],
            }, park={"industrial_value_added": 1000})
    cfg = load_config(INDICATORS_YAML)
    return {park: score_package(root / park / "2025", cfg) for park in ("exact-park", "lower-park")}, cfg


def _item(doc, system, iid):
    s = doc["systems"][system]
    groups = s["categories"] if s["method"] == "graded" else s["groups"]
    return {i["indicator"]: i for g in groups for i in g["indicators"]}[iid]


def test_an_exact_2_95_percent_reduction_rounds_to_3_0(parks):
    docs, cfg = parks
    # the case discriminates: the float evaluator gave 2.949999999999997 and published 2.9
    assert _float_evaluator_display(970.5, 1000) == Decimal("2.9")
    doc = docs["exact-park"]
    ind = doc["indicators"][RATE]
    assert ind["state"] == "value"
    assert ind["value"] == 2.95 and ind["value_exact"] == "2.95"  # no 2.949999999999997
    assert ind["display"] == "3.0" and ind["value_rounded"] == 3.0  # rounded once, half up
    # the level: III is ≥ 3 (II is 4), so level III and full membership at III
    graded_item = _item(doc, "park_cp", RATE)
    assert graded_item["level"] == "III" and graded_item["membership"] == {"I": 0, "II": 0, "III": 100}
    # the HJ 274 mandatory item (≥ 3) is met
    hj = _item(doc, "hj274", RATE)
    assert hj["status"] == "met" and hj["met"] is True
    assert not any(u["indicator"] == RATE for u in doc["systems"]["hj274"]["unmet"])


def test_y_iii_counts_the_exact_level(parks):
    docs, cfg = parks
    exact, lower = docs["exact-park"], docs["lower-park"]
    assert lower["indicators"][RATE]["display"] == "2.9" and _item(lower, "park_cp", RATE)["level"] == "below"
    assert _item(lower, "hj274", RATE)["status"] == "not_met"
    # every other indicator scores the same in both parks …
    for iid in cfg.indicators:
        if iid not in (RATE, "co2_intensity"):
            assert exact["indicators"][iid]["display"] == lower["indicators"][iid]["display"], iid
    levels = lambda d: {i["indicator"]: i["level"] for c in d["systems"]["park_cp"]["categories"] for i in c["indicators"]}  # noqa: E731
    assert {k: v for k, v in levels(exact).items() if k != RATE} == {k: v for k, v in levels(lower).items() if k != RATE}
    # … so Y_III differs by this indicator alone: category weight 0.1 × weight 0.4 × 100 = 4 points
    y = lambda d: Decimal(d["systems"]["park_cp"]["indices_display"]["III"])  # noqa: E731
    assert y(exact) - y(lower) == Decimal("4.00")


def test_results_files_publish_the_exact_decimal(parks):
    docs, cfg = parks
    files = result_files(docs["exact-park"], cfg)
    assert "2.949999999999997" not in files["score.json"] and "2.949999999999997" not in files["indicators.csv"]
    rows = [r for r in csv.DictReader(io.StringIO(files["indicators.csv"])) if r["indicator"] == RATE]
    assert {(r["system"], r["value"], r["display"], r["value_exact"], r["level_or_status"]) for r in rows} == {
        ("park_cp", "2.95", "3.0", "2.95", "III"),
        ("hj274", "2.95", "3.0", "2.95", "met"),
    }
    parsed = json.loads(files["score.json"])
    assert parsed["parkaudit"]["numbers"]["en"].startswith("Numbers are computed exactly")
    assert parsed["variables"]["co2"] == {**parsed["variables"]["co2"], "value": 970.5, "value_exact": "970.5"}


def test_no_binary_float_artefact_anywhere_in_score_json(parks):
    # a JSON number with 16 or more significant digits would be an artefact of binary arithmetic;
    # exact values of up to 15 digits print as themselves (1/3 would be the honest exception)
    docs, cfg = parks
    for doc in docs.values():
        text = result_files(doc, cfg)["score.json"]

        def numbers(x):
            if isinstance(x, float):
                yield x
            elif isinstance(x, dict):
                for v in x.values():
                    yield from numbers(v)
            elif isinstance(x, list):
                for v in x:
                    yield from numbers(v)

        long = [x for x in numbers(json.loads(text)) if len(repr(abs(x)).replace(".", "").lstrip("0")) > 15]
        assert long == []


# ---------------------------------------------------------------------------------------------
# rounding and publication helpers


@pytest.mark.parametrize(
    "value, places, expected",
    [
        (F(59, 20), 1, "3.0"),  # 2.95
        (F(-59, 20), 1, "-3.0"),  # ties away from zero
        (F(2949999999999999, 10**15), 1, "2.9"),  # just below the tie stays below
        (F(1, 3), 2, "0.33"),
        (F(2, 3), 0, "1"),
        (F(-1, 300), 2, "0.00"),  # no negative zero
        (F(10**40 + 5, 10), 0, str(10**39 + 1)),  # 41 digits: no decimal context rounds first
        (Decimal("1.005"), 2, "1.01"),
        (7, 3, "7.000"),
        (True, 0, "1"),
    ],
)
def test_round_half_up_from_the_exact_value(value, places, expected):
    d = round_half_up(value, places)
    assert format(d, "f") == expected and d.as_tuple().exponent == -places


@pytest.mark.parametrize(
    "value, expected",
    [(F(59, 20), "2.95"), (F(1, 3), "1/3"), (F(-2, 3), "-2/3"), (F(100), "100"), (F(-1, 20), "-0.05"), (Decimal("3.000"), "3"), (0.1, "0.1")],
)
def test_exact_text(value, expected):
    assert exact_text(value) == expected


# ---------------------------------------------------------------------------------------------
# benchmarks and requirements are compared exactly


def test_expression_benchmarks_and_requirements_compare_exactly():
    # 0.1 + 0.2 is exactly 0.3: a value of 0.30 meets "≥ 0.1 + 0.2". In floats the benchmark was
    # 0.30000000000000004 and the value did not meet it.
    bm = {"I": "0.2 + 0.2", "II": "0.1 + 0.2", "III": "0.1 + 0.1"}
    cfg = parse_config(
        json.dumps(
            config_dict(
                {"r": indicator_def("x", direction="higher", precision=2)},
                {
                    "s": graded_system([category("c", 1, {"r": graded(1, bm)})]),
                    "h": {"name": bi("h"), "method": "compliance", "description": bi("h"), "groups": [
                        {"id": "m", "name": bi("m"), "rule": "all",
                         "indicators": {"r": {"requirement": {"op": ">=", "value": "0.1 + 0.2"}, "source": SOURCE}}}]},
                },
            ),
            ensure_ascii=False,
        ),
        known_variables={"x"},
    )
    _, systems = score_systems(cfg, DictEnv({0: {"x": 0.3}}))
    item = systems["s"]["categories"][0]["indicators"][0]
    assert item["level"] == "II"
    assert item["benchmarks"]["II"]["value"] == 0.3 and item["benchmarks"]["II"]["value_exact"] == "0.3"
    req = systems["h"]["groups"][0]["indicators"][0]
    assert req["status"] == "met" and req["requirement"]["evaluated_exact"] == "0.3"
