"""Filters that print a whole table row or badge at once (generator/render/stage.py), where the
templates made a macro call or three filter calls per cell: what they print."""

from __future__ import annotations

import pytest

from generator.render import stage as render_stage


class Chart:
    """The part of charts.Chart that the chart macro's table reads."""

    columns = {"name": "企业", "share": "占比 %", "n": "数量"}

    def __init__(self, records):
        self._records = records

    def records(self):
        return self._records


def test_a_chart_table_prints_each_cell_formatted_and_escaped():
    env = render_stage._environment()
    page = env.from_string('{% import "_macros.html.j2" as m %}{{ m.chart(c, "charts.js") }}')
    chart = Chart([{"name": '<b>甲&乙</b>', "share": 12.34567, "n": 3}, {"name": None, "share": float("nan"), "n": True}])
    chart.chart_id, chart.summary, chart.title = "c1", "摘要", "标题"
    html = page.render(c=chart)
    body = html[html.index("<tbody>"): html.index("</tbody>") + len("</tbody>")]
    assert body == ("<tbody><tr><td>&lt;b&gt;甲&amp;乙&lt;/b&gt;</td><td>12.346</td><td>3</td></tr>"
                    "<tr><td></td><td>—</td><td>True</td></tr></tbody>")


@pytest.mark.parametrize(("level", "shown"), [
    ("I", '<span class="pa-level-I">I 级</span>'), ("III", '<span class="pa-level-III">III 级</span>'),
    ("below", '<span class="pa-level-below">未达 III 级</span>'), (None, "—"), ("missing", "—"), ("<i>", "—"),
])
def test_a_level_prints_as_its_badge(level, shown):
    assert render_stage._environment().from_string("{{ lv|level_badge }}").render(lv=level) == shown


def test_a_dict_field_reads_as_in_jinja():
    """`row.name` on a dict takes the key without trying an attribute first (stage._Environment),
    but means what Jinja means: a dict's own attributes (items, get, …) win over its keys, and a
    missing key is an error (StrictUndefined), not an empty cell."""
    import jinja2

    env = render_stage._environment()
    row = {"name": "<甲>", "items": "键", "rank": 0}
    assert env.from_string("{{ row.name }}|{{ row.rank }}").render(row=row) == "&lt;甲&gt;|0"
    assert env.from_string("{% for k, v in row.items() %}{{ k }}{% endfor %}").render(row=row) == "nameitemsrank"
    assert env.from_string("{{ row.get('rank') }}|{{ row.missing is defined }}").render(row=row) == "0|False"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ row.missing }}").render(row=row)
