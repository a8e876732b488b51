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
