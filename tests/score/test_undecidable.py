"""One rule for levels that cannot be decided, quantitative and qualitative alike (issue 12, item 6):
a level is awarded only when it is decided as met and every looser level is decided as met; an
undecidable level stops the climb at the last level decided as met; an undecidable level III makes
the indicator missing."""

from __future__ import annotations

import json

import pytest

from generator.score import UNDECIDABLE_RULE
from generator.score.config import parse_config
from generator.score.systems import DictEnv, score_systems

from ..builders import SOURCE, bi, category, config_dict, graded, graded_system, indicator_def

# x = 10 meets every level of both kinds when everything can be decided; `m` is never there, so a
# level whose benchmark or condition reads it cannot be decided.
NUMERIC = {"I": 9, "II": 8, "III": 7}  # higher is better
UNDECIDABLE_NUMERIC = "m + 9"
QUALITATIVE = {lv: {"condition": f"x >= {n}", "description": bi(lv)} for lv, n in NUMERIC.items()}
UNDECIDABLE_CONDITION = "x >= 9 + m"


def config(kind: str, undecidable: str | None):
    if kind == "numeric":
        bm = dict(NUMERIC)
        if undecidable:
            bm[undecidable] = UNDECIDABLE_NUMERIC
        ind = indicator_def("x", direction="higher", precision=0)
    else:
        bm = {lv: dict(c) for lv, c in QUALITATIVE.items()}
        if undecidable:
            bm[undecidable]["condition"] = UNDECIDABLE_CONDITION
        ind = indicator_def("x", direction="qualitative", precision=0)
    systems = {"s": graded_system([category("c", 1, {"q": graded(1, bm)})])}
    return parse_config(json.dumps(config_dict({"q": ind}, systems), ensure_ascii=False), known_variables={"x", "m"})


def score(kind, undecidable, x=10.0):
    _, systems = score_systems(config(kind, undecidable), DictEnv({0: {"x": x}}))
    return systems["s"], systems["s"]["categories"][0]["indicators"][0]


@pytest.mark.parametrize("kind", ["numeric", "qualitative"])
@pytest.mark.parametrize(
    "undecidable, state, level, membership",
    [
        (None, "value", "I", {"I": 100, "II": 100, "III": 100}),
        ("I", "value", "II", {"I": 0, "II": 100, "III": 100}),  # the climb stops below I
        ("II", "value", "III", {"I": 0, "II": 0, "III": 100}),  # I is met, but II cannot be decided
        ("III", "missing", None, {"I": 0, "II": 0, "III": 0}),
    ],
)
def test_one_rule_for_both_kinds(kind, undecidable, state, level, membership):
    s, item = score(kind, undecidable)
    assert (item["state"], item["level"], item["membership"]) == (state, level, membership)
    if undecidable in ("I", "II"):
        # the reader is told why the level is not higher
        assert item["reason"].startswith(f"{undecidable} 级无法判断，等级止于 {level} / level {undecidable} cannot be decided, the level stops at {level}")
        assert "m" in item["reason"]
    elif undecidable == "III":
        assert "level III" in item["reason"] and "undetermined" in item["reason"]
    else:
        assert item["reason"] is None
    assert s["level_counts"][level or "missing"] == 1


@pytest.mark.parametrize("kind", ["numeric", "qualitative"])
def test_a_level_decided_as_not_met_stops_the_climb_before_an_undecidable_one(kind):
    # x = 7.5 meets III only; whether I could be decided does not matter
    _, item = score(kind, "I", x=7.5 if kind == "qualitative" else 7.0)
    assert (item["state"], item["level"], item["reason"]) == ("value", "III", None)
    _, item = score(kind, "II", x=6.0)
    assert (item["state"], item["level"]) == ("value", "below")


def test_the_rule_is_published():
    s, _ = score("numeric", None)
    assert s["undecidable_rule"] == UNDECIDABLE_RULE
    for lang in ("zh", "en"):
        assert UNDECIDABLE_RULE[lang]
    assert "stops the climb at the last level decided as met" in UNDECIDABLE_RULE["en"]
    # the compliance method publishes it too
    cfg = parse_config(json.dumps(config_dict({"q": indicator_def("x")}, {"h": {
        "name": bi("h"), "method": "compliance", "description": bi("h"), "groups": [
            {"id": "g", "name": bi("g"), "rule": "all", "indicators": {"q": {"requirement": {"op": "<=", "value": "m"}, "source": SOURCE}}}]}}),
        ensure_ascii=False), known_variables={"x", "m"})
    _, systems = score_systems(cfg, DictEnv({0: {"x": 1.0}}))
    h = systems["h"]
    assert h["undecidable_rule"] == UNDECIDABLE_RULE
    item = h["groups"][0]["indicators"][0]
    assert (item["status"], item["met"]) == ("missing", False)  # nothing granted on data that is not there
