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


def public_part(html: str) -> str:
    """A methodology page without what it keeps for reviewers: the technical notes (closed
    <details class="pa-tech">) and the 运维与审阅 section at its end."""
    html = re.sub(r'<details class="pa-tech".*?</details>', "", html, flags=re.S)
    return re.split(r"<h2[^>]*>运维与审阅</h2>", html)[0]


def test_the_public_part_of_the_methodology_pages_has_no_code(demo_build):
    """Readers get the method in words; indicator codes, formulas and conditions in code form,
    English names, file paths and the configuration's hash are in the technical notes or the
    section for operators and reviewers."""
    config = load_config(REPO / "indicators.yaml")
    folder = demo_build.project / "docs" / "reports" / "methodology"
    for name in ("index.md", *(f"{sid}.md" for sid in config.systems)):
        html = (folder / name).read_text(encoding="utf-8")
        public = public_part(html.split("-->", 1)[1])  # after the generated-file comment
        assert "<code>" not in public, name
        visible = re.sub(r"<[^>]+>", " ", public)  # (ids and links name the indicators' codes, unseen)
        for word in ("SHA-256", "indicators.yaml", "data/reference", "demo values"):
            assert word not in visible, (name, word)
        # comparisons with mathematical signs, powers in words, no field names
        for sign in ("&gt;=", "&lt;=", "==", ")^("):
            assert sign not in visible, (name, sign)
        assert not re.findall(r"\b[a-z]+_[a-z_]+\b", visible), name
        for iid, ind in config.indicators.items():
            if f'id="{iid}"' in html:
                assert ind.name["en"] not in visible, (name, iid)
                assert ind.formula.source not in visible, (name, iid)
        assert "<code>" in html.replace(public, ""), name  # the codes are still there, for reviewers


def test_when_an_indicator_applies_is_said_in_words(demo_build):
    text = (demo_build.project / "docs" / "reports" / "methodology" / "park_cp.md").read_text(encoding="utf-8")
    public = public_part(text)
    assert "<li><strong>适用条件</strong>：园区工业增加值 &gt; 上一周期园区工业增加值；不满足时本指标不适用，不参与评价。</li>" in public
    conditions = re.findall(r"<li><strong>适用条件</strong>：([^；]*)；", public)
    assert len(conditions) >= 6 and "见技术说明" not in conditions
    assert not [c for c in conditions if re.search(r"[a-z_]{3,}", c)], conditions
