"""Key enterprises (the 80 % rule), chain aggregates and industry rankings — hand-computed."""

from __future__ import annotations

from decimal import Decimal

from generator.compute.enterprises import (
    ChainConfig,
    ChainIntensity,
    KeyEnterpriseConfig,
    chain_aggregates,
    industry_rankings,
    select_key_enterprises,
    select_metric,
)

EIGHTY = Decimal("0.8")


def test_shortest_prefix_reaching_80_percent():
    sel = select_metric({"A": 50, "B": 30, "C": 10, "D": 10}, EIGHTY)
    assert sel.selected == ["A", "B"]  # 50 + 30 = 80 of 100: reaches exactly
    assert sel.total == 100 and sel.cutoff_value == 30 and sel.cumulative_share == EIGHTY


def test_just_below_80_needs_one_more():
    sel = select_metric({"A": 50, "B": 29, "C": 11, "D": 10}, EIGHTY)
    assert sel.selected == ["A", "B", "C"]  # 79 < 80, 90 ≥ 80


def test_ties_at_the_cutoff_are_all_included():
    sel = select_metric({"A": 60, "B": 20, "C": 20}, EIGHTY)
    assert sel.selected == ["A", "B", "C"]  # B reaches 80; C ties with B
    assert sel.cumulative_share == 1
    sel = select_metric({"A": 40, "D": 15, "C": 15, "B": 15, "E": 15}, EIGHTY)
    # 40, 55, 70, 85: cut at the third 15; the fourth 15 ties; ties in id order
    assert sel.selected == ["A", "B", "C", "D", "E"]
    sel = select_metric({"A": 40, "B": 20, "C": 20, "D": 10, "E": 10}, EIGHTY)
    assert sel.selected == ["A", "B", "C"]  # 40, 60, 80: cut at C; D (10) does not tie


def test_exact_decimal_comparison():
    # 0.7 + 0.1 is 0.7999999999999999 in binary floats; the rule compares decimals
    sel = select_metric({"A": 0.7, "B": 0.1, "C": 0.2}, EIGHTY)
    assert sel.selected == ["A", "C"]  # sorted: A 0.7, C 0.2 → 0.9
    sel = select_metric({"A": 0.7, "B": 0.1, "C": 0.1, "D": 0.1}, EIGHTY)
    assert sel.selected == ["A", "B", "C", "D"]  # 0.7 + 0.1 = 0.8 exactly, then ties C and D


def test_zero_total_selects_nobody():
    sel = select_metric({"A": 0, "B": 0.0}, EIGHTY)
    assert sel.selected == [] and sel.total == 0
    assert "zero" in sel.reason


def test_absent_metric_selects_nobody():
    sel = select_metric({"A": None, "B": None}, EIGHTY)
    assert sel.selected == [] and sel.total is None
    assert "no enterprise reports" in sel.reason
    assert select_metric({}, EIGHTY).selected == []


def test_unreported_enterprises_are_not_selected():
    sel = select_metric({"A": 10, "B": None, "C": 90}, EIGHTY)
    assert sel.selected == ["C"]


def test_union_reasons_shares_and_mandatory_addition():
    metrics = {
        "energy_tce": {"A": 70, "B": 20, "C": 10},
        "cod": {"A": 1, "B": 1, "C": 8},
        "so2": {"A": 0, "B": 0, "C": 0},
    }
    cfg = KeyEnterpriseConfig(metrics=("energy_tce", "cod", "so2"), share=EIGHTY, include_mandatory_audit=True)
    key = select_key_enterprises(metrics, mandatory={"D", "C"}, config=cfg)
    assert key.ids == ["A", "B", "C", "D"]
    assert key.members["A"]["reasons"] == ["energy_tce"]
    assert key.members["B"]["reasons"] == ["energy_tce"]  # 70 < 80, 90 ≥ 80
    assert key.members["C"]["reasons"] == ["cod", "mandatory_audit"]
    assert key.members["D"]["reasons"] == ["mandatory_audit"]
    assert key.members["D"]["metrics"] == {}
    assert key.members["A"]["metrics"]["energy_tce"] == (Decimal(70), Decimal("0.7"))
    assert key.members["C"]["metrics"]["cod"] == (Decimal(8), Decimal("0.8"))
    assert [m.metric for m in key.by_metric] == ["energy_tce", "cod", "so2"]
    assert key.by_metric[2].selected == []


def test_mandatory_addition_is_configurable():
    cfg = KeyEnterpriseConfig(metrics=("energy_tce",), share=EIGHTY, include_mandatory_audit=False)
    key = select_key_enterprises({"energy_tce": {"A": 100}}, mandatory={"D"}, config=cfg)
    assert key.ids == ["A"]


def test_share_is_configurable():
    sel = select_metric({"A": 50, "B": 30, "C": 20}, Decimal("0.5"))
    assert sel.selected == ["A"]


def ent(eid, chain, code, **m):
    row = {"enterprise_id": eid, "enterprise_name": eid, "chain": chain, "industry_code": code, "industry_name": code}
    row.update({k: (Decimal(str(v)) if v is not None else None) for k, v in m.items()})
    return row


CHAINS = ChainConfig(
    totals=("value_added", "output_value", "energy_tce", "cod", "so2", "co2"),
    intensities=(ChainIntensity("energy_intensity", "energy_tce", "value_added"), ChainIntensity("cod_intensity", "cod", "value_added", Decimal(1000))),
    shares=("value_added", "energy_tce", "co2"),
)


def chain_rows():
    return [
        ent("A", "化工", "C2614", value_added=100, output_value=400, energy_tce=50, cod=1, co2=120),
        ent("B", "化工", "C2661", value_added=100, output_value=300, energy_tce=30, cod=None, co2=80),
        ent("C", "建材", "C3011", value_added=50, output_value=100, energy_tce=20, cod=0.5),
    ]


def test_chain_aggregates():
    rows = chain_rows()
    park = {"value_added": Decimal(250), "energy_tce": Decimal(100), "co2": Decimal(200), "cod": Decimal("1.5")}
    out = chain_aggregates(rows, park, CHAINS)
    assert [c["chain"] for c in out] == ["化工", "建材"]
    chem = out[0]
    assert chem["n_enterprises"] == 2 and chem["enterprise_ids"] == ["A", "B"]
    assert chem["totals"]["energy_tce"] == 80.0
    assert chem["totals"]["cod"] == 1.0  # B does not report: partial sum
    assert chem["totals"]["so2"] is None  # nobody reports
    assert chem["intensities"]["energy_intensity"] == 0.4  # 80 / 200
    assert chem["intensities"]["cod_intensity"] == 5.0  # 1 t × 1000 / 200
    assert chem["shares"]["energy_tce_share"] == 0.8
    assert chem["shares"]["value_added_share"] == 0.8
    assert out[1]["totals"]["co2"] is None and out[1]["shares"]["co2_share"] is None


def test_chain_aggregates_give_what_the_configuration_declares_in_its_order():
    chains = ChainConfig(
        totals=("output_value", "energy_tce", "value_added"),
        intensities=(ChainIntensity("energy_per_output", "energy_tce", "output_value"), ChainIntensity("va_per_energy", "value_added", "energy_tce", Decimal("0.5"))),
        shares=("output_value",),
    )
    chem = chain_aggregates(chain_rows(), {"output_value": Decimal(800)}, chains)[0]
    assert list(chem["totals"]) == ["output_value", "energy_tce", "value_added"]
    assert list(chem["intensities"]) == ["energy_per_output", "va_per_energy"]
    assert chem["intensities"]["energy_per_output"] == 0.114286  # 80 / 700, any total over any other
    assert chem["intensities"]["va_per_energy"] == 1.25  # 200 × 0.5 / 80
    assert chem["shares"] == {"output_value_share": 0.875}  # 700 / 800
    assert chains.share_names == ("output_value_share",)



def test_industry_rankings():
    rows = [
        ent("A", "x", "C2614", output_value=100, energy_tce=50, cod=0.1),
        ent("B", "x", "C2661", output_value=200, energy_tce=40, cod=0.2),
        ent("C", "x", "C2631", output_value=100, energy_tce=20, cod=0.1),
        ent("D", "x", "C2619", output_value=None, energy_tce=10),
        ent("E", "y", "C3011", output_value=50, energy_tce=5),
    ]
    out = industry_rankings(rows)
    assert [g["industry"] for g in out] == ["C26", "C30"]
    c26 = out[0]
    assert c26["n_enterprises"] == 4
    order = [(e["enterprise_id"], e["intensities"]["energy_intensity"], e["ranks"]["energy_intensity"]) for e in c26["enterprises"]]
    # intensities: A 0.5, B 0.2, C 0.2, D none → B and C share rank 1, A is 3, D unranked
    assert order == [("B", 0.2, 1), ("C", 0.2, 1), ("A", 0.5, 3), ("D", None, None)]
    ranks = {e["enterprise_id"]: e["ranks"]["cod_intensity"] for e in c26["enterprises"]}
    assert ranks == {"A": 1, "B": 1, "C": 1, "D": None}  # 1 kg per 10^4 CNY each
    assert out[1]["enterprises"][0]["ranks"]["energy_intensity"] == 1
