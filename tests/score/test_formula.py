"""The safe formula evaluator: language, missing values, prev(), provenance, and security."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction as F

import pytest

from generator.score import formula as fx
from generator.score.formula import FormulaError, evaluate, parse


def ev(src, values=None, history=None):
    return evaluate(src, values or {}, history)


# ---------------------------------------------------------------------------------------------
# arithmetic and logic


@pytest.mark.parametrize(
    "src, expected",
    [
        ("1 + 2 * 3", F(7)),
        ("(1 + 2) * 3", F(9)),
        ("2 ** 3 ** 2", F(512)),
        ("-2 ** 2", F(-4)),
        ("10 / 4", F(5, 2)),
        ("-(3 - 5)", F(2)),
        ("min(3, 1, 2)", F(1)),
        ("max(3, 1, 2)", F(3)),
        ("abs(-4.5)", F(9, 2)),
        ("1e3 / 8", F(125)),
        ("1 < 2 <= 2", True),
        ("1 < 2 > 3", False),
        ("not 0", True),
        ("2 == 2.0", True),
        ("(3 > 2) + 1", F(2)),
        # exact where binary floating point is not
        ("0.1 + 0.2", F(3, 10)),
        ("0.1 + 0.2 == 0.3", True),
        ("(1 - 0.9705 / 1) * 100", F(59, 20)),  # 2.949999999999997 in floats
        ("1 / 3 * 3 == 1", True),
        ("2 ** -2", F(1, 4)),
        ("1.331 ** (1 / 3)", F(11, 10)),  # a rational root is taken exactly
        ("0.0001 ** 0.5", F(1, 100)),
        ("0x10 + 1_000", F(1016)),
    ],
)
def test_arithmetic(src, expected):
    r = ev(src)
    assert r.value == expected and type(r.value) is type(expected)
    assert r.reason is None


def test_variables_and_used_in_first_use_order():
    r = ev("energy_tce / value_added + energy_tce", {"energy_tce": 300.0, "value_added": 1000.0})
    assert r.value == pytest.approx(300.3)
    assert r.used == [("energy_tce", 0), ("value_added", 0)]


def test_if_keyword_and_iff_are_the_same():
    vals = {"water_scarce_city": 1.0}
    assert ev("if(water_scarce_city, 20, 10)", vals).value == 20.0
    assert ev("iff(water_scarce_city, 20, 10)", vals).value == 20.0
    assert ev("if (water_scarce_city == 0, 20, 10)", vals).value == 10.0


def test_if_evaluates_only_the_chosen_branch():
    r = ev("if(a > 0, a, missing_var)", {"a": 2.0})
    assert r.value == 2.0
    assert r.used == [("a", 0)]  # the branch not taken is not listed


def test_coalesce_returns_first_present():
    r = ev("coalesce(x, y, 0)", {"y": 5.0})
    assert r.value == 5.0
    assert r.used == [("x", 0), ("y", 0)]
    r = ev("coalesce(x, y)", {})
    assert r.missing and "x" in r.reason


def test_three_valued_logic():
    assert ev("a == 0 and b == 1", {"a": 1.0}).value is False  # False and missing = False
    assert ev("a == 1 or b == 1", {"a": 1.0}).value is True  # True or missing = True
    r = ev("a == 1 and b == 1", {"a": 1.0})
    assert r.missing and "b" in r.reason
    assert ev("not b", {}).missing


# ---------------------------------------------------------------------------------------------
# missing values


def test_missing_propagates_with_the_variable_named():
    r = ev("cod * 1000 / value_added", {"value_added": 10.0})
    assert r.value is None and r.missing
    assert "cod" in r.reason


def test_division_by_zero_is_missing_not_inf():
    r = ev("a / b", {"a": 1.0, "b": 0.0})
    assert r.missing and r.reason == fx.DIV_ZERO
    r = ev("0 ** -1")
    assert r.missing and r.reason == fx.DIV_ZERO


@pytest.mark.parametrize(
    "src, reason",
    [
        # exact, these are finite; beyond what a double can publish they are out of range
        ("10.0 ** 400", fx.OUT_OF_RANGE),
        ("1e308 * 10", fx.OUT_OF_RANGE),
        ("a * 1e308 * 1e308", fx.OUT_OF_RANGE),
        ("10 ** 10 ** 10", fx.OUT_OF_RANGE),  # refused before any work, not computed
        ("2 ** 0.5 ** -2000", fx.OUT_OF_RANGE),
        ("(0 - 8) ** (1 / 3)", fx.NOT_FINITE),
    ],
)
def test_never_inf_or_nan(src, reason):
    r = ev(src, {"a": 5.0})
    assert r.missing and r.reason == reason


def test_large_intermediates_are_exact():
    # an intermediate beyond the range of a double is fine when the result is not
    assert ev("a * 1e308 * 1e308 / 1e308 / 1e308", {"a": 5.0}).value == 5
    assert ev("1 ** 10 ** 10").value == 1  # ±1 to any power, without the work


def test_literals_and_values_are_read_as_decimals():
    # a literal is its text, not the double Python parses: 0.1000000000000000055511151231257827 ≠ 0.1
    assert ev("0.1000000000000000055511151231257827 == 0.1").value is False
    # a float value stands for its shortest decimal; a Decimal or an int is taken as it is
    assert ev("a", {"a": 0.1}).value == F(1, 10)
    assert ev("a * 3", {"a": Decimal("0.1000000000000000000001")}).value == F(Decimal("0.3000000000000000000003"))
    assert ev("a + 1", {"a": 2**70}).value == 2**70 + 1
    assert ev("a + 1", {"a": Decimal("NaN")}).missing


def test_irrational_power_falls_back_to_a_float_and_says_so():
    r = ev("2 ** 0.5")
    assert r.exact is False and r.value == F(Decimal(repr(2**0.5)))
    assert ev("1.331 ** (1 / 3)").exact is True
    # a three-year average growth rate: irrational in general
    r = ev("((v / prev(v, 3)) ** (1 / 3) - 1) * 100", {"v": 130.0}, {3: {"v": 100.0}})
    assert r.exact is False and abs(r.value - F(9139, 1000)) < F(1, 1000)
    r = ev("((v / prev(v, 3)) ** (1 / 3) - 1) * 100", {"v": 133.1}, {3: {"v": 100.0}})
    assert r.exact is True and r.value == 10


def test_inf_or_nan_from_data_is_missing():
    assert ev("a + 1", {"a": math.inf}).missing
    assert ev("a + 1", {"a": math.nan}).missing


# ---------------------------------------------------------------------------------------------
# prev()


def test_prev_reads_earlier_cycles():
    values = {"v": 121.0}
    history = {1: {"v": 110.0}, 2: {"v": 100.0}}
    assert ev("v / prev(v) - 1", values, history).value == pytest.approx(0.1)
    r = ev("v / prev(v, n=2)", values, history)
    assert r.value == pytest.approx(1.21)
    assert r.used == [("v", 0), ("v", 2)]
    # prev of an expression, and nested prev adds offsets
    assert ev("prev(v * 2)", values, history).value == 220.0
    assert ev("prev(prev(v))", values, history).value == 100.0


def test_prev_absent_cycle_is_missing_with_reason():
    r = ev("((v / prev(v, 3)) ** (1 / 3) - 1) * 100", {"v": 133.1}, {1: {"v": 121.0}})
    assert r.missing
    assert "-3" in r.reason or "absent" in r.reason
    assert r.used == [("v", 0), ("v", 3)]


@pytest.mark.parametrize("src", ["prev(v, 0)", "prev(v, -1)", "prev(v, 1.5)", "prev(v, x)", "prev(v, m=2)", "prev()", "prev(v, 1, 2)", "prev(v, 2, n=3)"])
def test_prev_argument_checks(src):
    with pytest.raises(FormulaError):
        parse(src)


# ---------------------------------------------------------------------------------------------
# security: only the whitelist parses


@pytest.mark.parametrize(
    "src",
    [
        "__import__('os').system('echo hi')",
        "__import__",
        "x.__class__",
        "value_added.real",
        "(1).__class__.__bases__",
        "lambda: 1",
        "(lambda x: x)(1)",
        "a[0]",
        "a[1:2]",
        "open('/etc/passwd')",
        "eval('1')",
        "exec('1')",
        "getattr(a, 'b')",
        "round(a)",
        "min.__call__(1, 2)",
        "'text'",
        "b'bytes'",
        "f'{a}'",
        "[1, 2]",
        "(1, 2)",
        "{1: 2}",
        "{1}",
        "[x for x in a]",
        "(y := 3)",
        "a if b else c",
        "a @ b",
        "a // b",
        "a % b",
        "a << 1",
        "a | b",
        "~a",
        "a is b",
        "a in b",
        "True",
        "None",
        "min(*a)",
        "max(a, **b)",
        "abs(x=1)",
        "_private",
        "Energy",
        "1j",
        "1e999",
        "9" * 400,
        "9" * 5000,
        "a; b",
        "import os",
        "",
        "   ",
    ],
)
def test_rejected(src):
    with pytest.raises(FormulaError):
        parse(src)


def test_unknown_function_message_names_it():
    with pytest.raises(FormulaError, match="unknown function 'sqrt'"):
        parse("sqrt(4)")


def test_function_arity():
    for src in ("min(1)", "max()", "abs(1, 2)", "if(1, 2)", "coalesce()"):
        with pytest.raises(FormulaError):
            parse(src)


def test_length_and_depth_limits():
    with pytest.raises(FormulaError):
        parse("1 + " * 1000 + "1")
    with pytest.raises(FormulaError):
        parse("abs(" * 100 + "1" + ")" * 100)
    assert parse("(" * 50 + "1" + ")" * 50).evaluate(lambda n, o: None).value == 1.0  # parentheses add no depth


def test_never_calls_eval(monkeypatch):
    import builtins

    def boom(*a, **k):
        raise AssertionError("eval/exec/compile used")

    # ast.parse itself goes through compile(..., PyCF_ONLY_AST) — parsing only; evaluation must
    # not touch eval, exec or compile at all.
    f = parse("if(a > 1, min(a, 3) * 2, 0)")
    monkeypatch.setattr(builtins, "eval", boom)
    monkeypatch.setattr(builtins, "exec", boom)
    monkeypatch.setattr(builtins, "compile", boom)
    assert f.evaluate(lambda name, off: 2.0).value == 4.0


# ---------------------------------------------------------------------------------------------
# config-time variable check


def test_check_unknown_variable():
    f = parse("energy_tce / value_aded + prev(cod)")
    assert f.names == {"energy_tce", "value_aded", "cod"}
    assert f.uses_prev
    with pytest.raises(FormulaError, match="value_aded"):
        f.check({"energy_tce", "value_added", "cod"})
    f.check({"energy_tce", "value_aded", "cod"})  # no error


def test_function_name_used_as_variable_is_rejected():
    with pytest.raises(FormulaError):
        parse("min + 1")


@pytest.mark.parametrize("src,expected", [
    ("if(water_scarce_city, 40, 20)", ("water_scarce_city", F(40), F(20))),
    ("iff( flag , 0.35, 1e1)", ("flag", F(7, 20), F(10))),
    ("if(flag, 40, 20) + 1", None),
    ("if(a > 1, 40, 20)", None),
    ("if(flag, x, 20)", None),
    ("min(a, b)", None),
    ("40", None),
])
def test_choice_names_a_choice_by_a_variable_between_two_numbers(src, expected):
    """Formula.choice: the one form a page puts into words (render/pages/methodology.py)."""
    assert parse(src).choice() == expected


def _upper(variable, offset):
    """A stand-in for readers' names: the variable in capitals, "PREV·" per cycle back; none for `nameless`."""
    return None if variable == "nameless" else "PREV·" * offset + variable.upper()


@pytest.mark.parametrize("src,expected", [
    ("value_added > prev(value_added)", "VALUE_ADDED > PREV·VALUE_ADDED"),
    ("prev(a, 2) >= 0.1229", "PREV·PREV·A ≥ 0.1229"),
    ("prev(a + b) != 1e2", "PREV·A + PREV·B ≠ 100"),
    ("gsw + coalesce(stored, 0) > 0", "GSW + STORED > 0"),
    ("(a - b) / (c + d) * 100", "(A − B) ÷ (C + D) × 100"),
    ("a - (b - c)", "A − (B − C)"),
    ("a - b - c", "A − B − C"),
    ("a / (b * c)", "A ÷ (B × C)"),
    ("a * b + c", "A × B + C"),
    ("-(a + b) <= 2.50", "−(A + B) ≤ 2.5"),
    ("coalesce(a, 1) > 0", None),  # a default other than 0 would need saying
    ("if(flag, 1, 2)", None),
    ("min(a, b) > 0", None),
    ("0 < a < 1", None),
    ("nameless > 0", None),
])
def test_written_says_a_formula_with_readers_names_or_gives_up(src, expected):
    """Formula.written: the methodology pages' conditions in words ("园区工业增加值 > 上一周期园区工业增加值");
    anything it cannot say exactly is None, and the page keeps the source for reviewers."""
    assert parse(src).written(_upper) == expected
