"""The domain rules are found, ordered and held to the codes they declare (generator/validate/rules/)."""

from __future__ import annotations

import inspect
import pkgutil
import re

import pytest

from generator.validate import CATALOGUE, Finding
from generator.validate import rules as rules_package
from generator.validate.findings import Code, declare
from generator.validate.rules import FAMILY_ORDER, RULES
from generator.validate.rules._rule import Context, DomainRule

from ..csvedit import REPO

PAGE = REPO / "docs" / "reports" / "methodology" / "validation-rules.md"


def _families() -> set[str]:
    return {m.name for m in pkgutil.iter_modules(rules_package.__path__) if not m.name.startswith("_")}


def test_every_family_module_is_loaded_and_declares_rules():
    assert {r.family for r in RULES} == _families()


def test_the_declared_family_order_names_existing_modules():
    assert len(set(FAMILY_ORDER)) == len(FAMILY_ORDER)
    assert set(FAMILY_ORDER) <= _families(), set(FAMILY_ORDER) - _families()


def test_rules_run_family_by_family_in_definition_order():
    families = [f for f in FAMILY_ORDER if f in _families()] + sorted(_families() - set(FAMILY_ORDER))
    keys = [(families.index(r.family), inspect.getsourcelines(r.check)[1]) for r in RULES]
    assert keys == sorted(keys)


def test_the_catalogue_is_the_steps_codes_then_the_rules_codes_in_rule_order():
    declared = [c.code for r in RULES for c in r.codes if isinstance(c, Code)]
    assert len(declared) == len(set(declared))
    steps = [code for code in CATALOGUE if code not in declared]
    assert list(CATALOGUE) == steps + declared
    # a code a rule names by its string is declared before it: by a step, or by an earlier rule
    for i, r in enumerate(RULES):
        earlier = {c.code for q in RULES[:i] for c in q.codes if isinstance(c, Code)}
        assert all(c in steps or c in earlier for c in r.codes if isinstance(c, str)), r.name


def test_the_catalogue_keeps_the_order_of_the_published_page():
    # the page is generated from CATALOGUE; `parkaudit check` compares it byte by byte, this says why
    # a change of order shows up there
    # (the page is HTML: one table row per code, the code in its first cell)
    codes = re.findall(r"^<tr><td><code>([a-z0-9-]+)</code></td>", PAGE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert codes == list(CATALOGUE)


def test_a_code_is_declared_once():
    code = next(iter(CATALOGUE))
    rule = CATALOGUE[code]
    with pytest.raises(ValueError, match="declared twice"):
        declare(Code(code, rule.severity, rule.zh, rule.en))
    assert CATALOGUE[code] is rule


def test_a_rule_may_emit_only_the_codes_it_declares():
    def sloppy(ctx):
        yield Finding("tenfold-jump", "x.csv")

    rule = DomainRule("sloppy", "test", ("waste-balance",), False, sloppy)
    with pytest.raises(RuntimeError, match="does not declare"):
        rules_package._run([rule], Context(None, None, str))
