"""The methodology pages speak to readers: a benchmark that depends on the park is said in words
("缺水城市 40；其他 20"), not as the expression indicators.yaml holds (if(water_scarce_city, 40, 20))."""

from __future__ import annotations

import re

from generator.render.pages.methodology import expression_words
from generator.score import load_config
from generator.score.formula import parse

from ..csvedit import REPO


def test_a_choice_by_a_yes_no_variable_in_words():
    assert expression_words(parse("if(water_scarce_city, 40, 20)")) == "缺水城市 40；其他 20"
    assert expression_words(parse("if(water_scarce_city, 0.35, 20)")) == "缺水城市 0.35；其他 20"
    assert expression_words(parse("if(not_a_variable, 1, 2)")) is None  # no name to say: shown as written
    assert expression_words(parse("max(energy_tce, 1)")) is None


def test_no_benchmark_expression_in_code_form_on_the_methodology_pages(demo_build):
    config = load_config(REPO / "indicators.yaml")
    expressions = {b.expression.source for s in config.systems.values() if s.method == "graded"
                   for c in s.categories for gi in c.indicators for b in gi.benchmarks.values() if b.expression is not None}
    assert expressions, "indicators.yaml no longer has an expression benchmark: this test checks nothing"
    pages = (demo_build.project / "docs" / "reports" / "methodology").glob("*.md")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        cells = re.findall(r"<td[^>]*>(.*?)</td>", text)
        for source in expressions:
            assert source not in cells, (page.name, source)
    text = (demo_build.project / "docs" / "reports" / "methodology" / "park_cp.md").read_text(encoding="utf-8")
    assert "<td>缺水城市 40；其他 20</td>" in text
