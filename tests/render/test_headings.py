"""Generated pages are HTML that the site engine does not convert, so render gives their headings
the ids Python-Markdown's toc extension gave them when the pages were Markdown: links and
bookmarks to `page.html#_3` or `#iii` keep working. Compared here with Python-Markdown itself."""

from __future__ import annotations

import re

import markdown
import pytest

from generator.core import html as escape_html
from generator.render._headings import with_heading_ids

CASES = [
    # (level, text, explicit id or None)
    [(1, "云南安宁工业园区", None), (2, "等级判定", None), (3, "离 III 级（清洁生产一般水平）还差什么", None), (2, "分类得分", None)],
    [(1, "园区 · 与上一周期（2024 年度）相比的变化", None), (2, "清洁生产等级", None), (2, "2024 年度之后完成的清洁生产方案", None)],
    [(2, "符合性方法（HJ 274 类）", None), (2, "重点企业识别（80% 规则）", None), (2, "Déjà vu -- x_y", None), (2, "HJ 274", None)],
    # explicit ids are kept, and taken into account when the others are made unique
    [(1, "指标", None), (2, "单位能耗", "energy_intensity"), (2, "_2 对照", "_2"), (2, "其他", None), (3, "energy intensity", None)],
    [(2, "A & B <c>", None), (2, "“引号” 'q'", None), (2, "_1", None), (2, "同名", None), (2, "同名", None)],
]


def _ids(page: str) -> list[str]:
    return re.findall(r'<h[1-6] id="([^"]*)"', page)


@pytest.mark.parametrize("headings", CASES)
def test_heading_ids_are_those_python_markdown_gives(headings):
    source = "\n\n".join("#" * level + " " + text.replace("<", "&lt;") + (f" {{ #{hid} }}" if hid else "")
                         for level, text, hid in headings)
    want = _ids(markdown.markdown(source, extensions=["toc", "attr_list"]))
    page = "\n".join(f"<h{level}{f' id={chr(34)}{hid}{chr(34)}' if hid else ''}>{escape_html(text)}</h{level}>"
                     for level, text, hid in headings)
    assert _ids(with_heading_ids(page)) == want
    assert len(want) == len(headings)


def test_only_headings_get_ids_and_the_page_is_otherwise_unchanged():
    page = '<p>x</p>\n<h2>标题</h2>\n<input id="_1" type="radio" />\n<h3 class="c">Two words</h3>\n'
    assert with_heading_ids(page) == '<p>x</p>\n<h2 id="_2">标题</h2>\n<input id="_1" type="radio" />\n<h3 id="two-words" class="c">Two words</h3>\n'
