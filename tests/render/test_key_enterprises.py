"""Key enterprises (issue 13, item 6): listed by their largest share of any metric, largest first,
and each Pareto chart marks the 80 % cut with a labelled line."""

from __future__ import annotations

import json

from .pagehtml import table

PARK = "anning-ip"


def _column(page: str, header: str) -> list[str]:
    return [row[header] for row in table(page, "企业")]


def test_key_enterprises_are_listed_by_largest_share(demo_build):
    page = (demo_build.project / "docs" / "reports" / PARK / "key-enterprises.md").read_text(encoding="utf-8")
    shares = _column(page, "最大占比")
    assert len(shares) > 3
    numbers = [float(s.rstrip("%")) for s in shares if s != "—"]
    assert numbers == sorted(numbers, reverse=True), shares
    # enterprises added from the mandatory-audit list only (no share) come last
    assert shares[len(numbers):] == ["—"] * (len(shares) - len(numbers))


def test_pareto_charts_mark_the_80_percent_cut(demo_build):
    charts = sorted((demo_build.project / "docs" / "reports" / PARK / "charts").glob("pareto-*.vl.json"))
    assert charts
    for path in charts:
        spec = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(spec, ensure_ascii=False)
        assert "80% 截止线" in text, path.name
        assert '"threshold": 80' in text, path.name


def test_a_chart_caption_gives_the_largest_share_as_the_table_does(demo_build):
    """A share is rounded once: the caption said 35.4 % of a share the table gave as 35.3 % (it
    rounded the chart's 35.35 again)."""
    import html
    import re

    checked = 0
    for park in ("anning-ip", "kunming-hitech", "qujing-etdz", "yanglin-etdz"):
        page = (demo_build.project / "docs" / "reports" / park / "key-enterprises.md").read_text(encoding="utf-8")
        reasons = {row["企业"]: row["入选依据（占园区合计）"] for row in table(page, "企业")}
        reasons = {re.sub(r"<[^>]+>", "", k): v for k, v in reasons.items()}
        for metric, name, share in re.findall(r"合计占园区(.+?)的 [\d.]+%，最大的 (.+?) 占 ([\d.]+%)。", html.unescape(page)):
            if name in reasons and metric in reasons[name]:
                assert f"{metric} {share}" in reasons[name], (park, name, metric, share, reasons[name])
                checked += 1
    assert checked >= 10


def test_the_rest_bar_is_the_exact_sum_of_the_published_values():
    """Summed in floats, 其余 14 家 read 6.007000000000001 in the chart's CSV."""
    from generator.render.pages.key_enterprises import PARETO_TOP, _pareto_chart

    values = {f"e{k:02d}": 10.0 - k * 0.1 for k in range(PARETO_TOP)}
    values.update({"r1": 0.2, "r2": 0.1})  # summed in floats (largest first): 0.30000000000000004
    assert 0.2 + 0.1 != 0.3
    m = {"metric": "cod", "name": {"zh": "化学需氧量排放量"}, "unit": "t", "total": sum(values.values()), "cumulative_share": 0.5}
    chart = _pareto_chart(m, values, {}, {"e00"})
    rest = chart.records()[-1]
    assert rest["name"] == "其余 2 家" and rest["value"] == 0.3 and rest["cumulative"] == 100.0
    assert "其余 2 家,0.3," in chart.csv()


def test_no_float_artefact_in_any_chart_data(demo_build):
    import re

    artefact = re.compile(r"\d\.\d*(?:0{6,}[1-9]|9{6,}\d?)\b")
    charts = sorted((demo_build.project / "docs" / "reports").glob("*/charts/*.csv"))
    assert charts
    for path in charts:
        assert not artefact.search(path.read_text(encoding="utf-8")), path
