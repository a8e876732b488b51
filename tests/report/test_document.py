"""The document model of a report, built from a demo park's committed results (no layout): the
seven stages in order, numbered headings, tables and figures, and text from data kept as text."""

from __future__ import annotations

import pytest

from generator.report.document import build_document
from generator.report.html import to_html
from generator.report.inputs import load_input
from generator.report.model import Figure, Heading, Table

from ..builders import REPO

STAGES = ["审核准备", "清洁生产水平分析", "审核分级清单及指标体系构建", "审核", "改进方案确定", "方案实施及效果评估", "持续性清洁生产"]


@pytest.fixture(scope="module")
def document():
    return build_document(load_input("qujing-etdz", "2025", REPO / "results", REPO / "data", []))


def test_the_seven_stages_then_the_annexes(document):
    chapters = [h.text for h in document.blocks if isinstance(h, Heading) and h.level == 1]
    assert chapters == [f"{n} {s}" for n, s in enumerate(STAGES, start=1)] + ["附录 A 数据表", "附录 B 校验说明与数据质量", "附录 C 数据来源与可追溯性"]
    anchors = [h.anchor for h in document.blocks if isinstance(h, Heading)]
    assert len(anchors) == len(set(anchors))


def test_tables_and_figures_are_numbered_per_chapter(document):
    captions = [b.caption.split(" ")[1] for b in document.blocks if isinstance(b, Table)]
    assert captions[0] == "1-1" and "A-1" in captions and len(captions) == len(set(captions))
    assert [b.caption.split(" ")[1] for b in document.blocks if isinstance(b, Figure)][0] == "2-1"


def test_the_cover_says_who_and_when(document):
    fields = dict(document.cover.fields)
    assert fields["审核机构"] == "云南曲靖澄源环境技术咨询有限公司（虚构）"
    assert fields["审核期"] == "2026-03-01 至 2026-08-31" and fields["报告日期"] == "2026-09-20"
    assert document.cover.fictional == "演示数据（虚构）"


def test_text_from_data_is_escaped_in_the_html(document):
    from generator.report.fonts import FontChoice
    from generator.report.model import Paragraph

    document.blocks.append(Paragraph("<script>alert(1)</script> & \"x\""))
    html = to_html(document, FontChoice("A", "B", ()), svg=lambda spec, family: "<svg/>")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html


def test_every_series_of_a_figure_is_in_its_colour_domain(document):
    """A series missing from a chart's fixed colour domain is not drawn: the chains' figure lost its
    CO₂ bars when the label became "CO₂" and the domain still said "CO2"."""
    figures = [b for b in document.blocks if isinstance(b, Figure)]
    checked = 0
    for fig in figures:
        colour = fig.spec.get("encoding", {}).get("color", {})
        domain = (colour.get("scale") or {}).get("domain")
        values = fig.spec.get("data", {}).get("values")
        if not (domain and values and colour.get("field")):
            continue
        drawn = {row[colour["field"]] for row in values}
        assert drawn <= set(domain), (fig.caption, drawn - set(domain))
        checked += 1
    assert checked >= 2  # the chains' shares and the measures' status at least
