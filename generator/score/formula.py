"""A small, safe expression language for indicator formulas.

Formulas in indicators.yaml are parsed with Python's `ast` module and then walked by an explicit
whitelist; nothing is ever handed to `eval`, `exec` or `compile`. A node type that is not on the
list below is refused when the formula is parsed, so a bad formula fails at config-check time,
before any data is read.

Language
--------
- numbers (``12``, ``0.35``, ``1e-3``); variable names (``energy_tce``); parentheses;
- arithmetic ``+ - * / **`` and unary ``-`` / ``+``;
- comparisons ``< <= > >= == !=`` (chains such as ``0 < x <= 1`` allowed);
- ``and``, ``or``, ``not``;
- functions: ``min(a, b, ...)``, ``max(a, b, ...)``, ``abs(a)``, ``coalesce(a, b, ...)``,
  ``if(cond, a, b)`` and ``prev(expr, n)`` (``n`` defaults to 1 and may be written ``n=3``).

``if`` is a Python keyword, so ``if(`` is rewritten to ``iff(`` before parsing (formulas have no
string literals, so the rewrite cannot touch anything else); ``iff(cond, a, b)`` may also be
written directly. Python's ``a if c else b`` form is not part of the language.

``prev(expr, n)`` is ``expr`` evaluated n audit cycles (years) earlier; ``n`` must be a positive
integer literal. Nested ``prev`` adds up. The evaluator does not know about cycles: it asks its
resolver for ``(name, offset)`` and the caller (generator/compute.py) maps the offset to a cycle.

Values: exact arithmetic
------------------------
Numbers are exact rationals (`fractions.Fraction`), never binary floats, so that a value is rounded
once, from its exact value (indicators.yaml, method.md §3): ``(1 - 0.9705 / 1) * 100`` is exactly
2.95 and rounds half up to 3.0, where binary floating point gives 2.949999999999997 and 2.9.
- a literal is read from its text: ``0.35`` is 35/100 (not the double nearest to it);
- a variable's value is converted exactly: a Decimal or int as it is; a float as the decimal it
  prints as (its shortest repr, which is the text of the CSV cell it was read from); NaN and ±inf
  are missing (``NOT_FINITE``);
- ``+ - * /``, comparisons, ``min``, ``max``, ``abs`` are exact; ``a ** n`` with an integer n is
  exact; ``a ** (p/q)`` is exact when the result is rational (a is the q-th power of a rational,
  e.g. ``1.331 ** (1 / 3)`` is 1.1);
- the one inexact case: a fractional power whose result is irrational (``2 ** 0.5``, a three-year
  average growth rate in general). It is computed in binary floating point and continues as the
  shortest decimal of that float (about 16 significant digits); `Result.exact` is then False, so
  that the results can say the value is an approximation;
- comparisons and logic give booleans, which count as 1/0 in arithmetic.
`Result.value` is a Fraction or a bool (or None when missing); rounding and publication are the
caller's (generator/score/systems.py).

Missing data
------------
A value that cannot be computed is *missing* and carries a reason:
- any missing operand of an arithmetic operator, comparison or function makes the result missing
  (the first missing operand's reason is kept);
- ``and``/``or``/``not`` use three-valued (Kleene) logic: ``False and <missing>`` is False,
  ``True or <missing>`` is True, anything else involving a missing operand is missing;
- ``if`` evaluates its condition and then only the chosen branch; ``coalesce`` returns the first
  operand that is not missing (and is missing only when all are);
- division by zero (also ``0 ** -1``) → missing, reason ``DIV_ZERO``; a negative number to a
  fractional power (not a real number) → ``NOT_FINITE``; a result whose size is beyond what can be
  published (a magnitude over ~1.8e308, or an intermediate of more than ``MAX_BITS`` bits, e.g.
  ``10 ** 400000``) → ``OUT_OF_RANGE``. The evaluator never returns inf or NaN.

`Result.used` lists the variables actually read (name, offset), in first-use order, without
duplicates; variables in a branch that was not taken are not listed.
"""

from __future__ import annotations

import ast
import math
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from numbers import Integral
from typing import Callable, Iterable

MAX_LENGTH = 2000
MAX_DEPTH = 60
MAX_PREV = 50
# Bits of the numerator or denominator of any intermediate value. Far above anything an indicator
# needs (a ratio of two 20-digit decimals has ~140), it only bounds the work a pathological power
# such as 10 ** 10 ** 10 could ask for.
MAX_BITS = 20_000
# Results are published as JSON numbers too (the nearest double): larger magnitudes cannot be.
_FLOAT_MAX = Fraction(sys.float_info.max)
# The largest root `a ** (p/q)` tried exactly (q); beyond it the power is taken in floating point.
_MAX_ROOT = 64

FUNCTIONS = ("min", "max", "abs", "coalesce", "iff", "prev")

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_IF_RE = re.compile(r"\bif(\s*)\(")

_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_CMPOPS = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_UNARY = (ast.USub, ast.UAdd, ast.Not)


class FormulaError(ValueError):
    """A formula that is not part of the language (raised at parse/check time, never for data)."""


@dataclass(frozen=True)
class Missing:
    """A value that could not be computed, and why (bilingual)."""

    reason: str


DIV_ZERO = "除数为零 / division by zero"
NOT_FINITE = "结果不是有限实数 / result is not a finite real number"
OUT_OF_RANGE = "结果超出可计算范围 / result out of range"


@dataclass
class Result:
    value: Fraction | bool | None
    reason: str | None = None
    used: list[tuple[str, int]] = field(default_factory=list)
    # False when a fractional power with an irrational result was taken in floating point
    exact: bool = True

    @property
    def missing(self) -> bool:
        return self.value is None


# A resolver answers a variable at an offset (0 = this cycle, n = n cycles earlier) with a number
# (Decimal, int, Fraction, or a float standing for its shortest decimal), a bool, or a Missing.
Resolver = Callable[[str, int], "Decimal | int | Fraction | float | bool | Missing"]


class Formula:
    """A parsed, whitelisted formula. Create with `parse`."""

    def __init__(self, source: str, tree: ast.Expression, names: frozenset[str], uses_prev: bool):
        self.source = source
        self._tree = tree
        self.names = names
        self.uses_prev = uses_prev

    def __repr__(self) -> str:
        return f"Formula({self.source!r})"

    def check(self, known: Iterable[str]) -> None:
        """Raise FormulaError naming every variable the formula uses that is not in `known`."""
        unknown = sorted(self.names - set(known))
        if unknown:
            raise FormulaError(
                "未知变量 / unknown variable: " + ", ".join(unknown)
            )

    def choice(self) -> tuple[str, Fraction, Fraction] | None:
        """(variable, value if true, value if false) for a formula `if(variable, a, b)` with two
        numbers, the form a benchmark that depends on the park takes (if(water_scarce_city, 40,
        20)), so that a page can say it in words; None for any other formula."""
        node = self._tree.body
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "iff" and len(node.args) == 3):
            return None
        flag, yes, no = node.args
        if isinstance(flag, ast.Name) and all(isinstance(x, ast.Constant) and isinstance(x.value, Fraction) for x in (yes, no)):
            return flag.id, yes.value, no.value
        return None

    def written(self, name: Callable[[str, int], str | None]) -> str | None:
        """The formula as a reader writes it, each variable named by `name(variable, offset)` (offset
        1 for prev(x), as in evaluate), numbers as decimals, + − × ÷ and > ≥ < ≤ = ≠ between them:
        "value_added > prev(value_added)" with Chinese names reads "园区工业增加值 > 上一周期园区工业增加值".
        None when it uses anything else (if, min, a function) or `name` has no name for a
        variable: the page then keeps the formula's source."""
        return _written(self._tree.body, 0, name)

    def evaluate(self, resolve: Resolver) -> Result:
        ev = _Evaluator(resolve)
        value = ev.eval(self._tree.body, 0)
        if not isinstance(value, (Missing, bool)) and abs(value) > _FLOAT_MAX:
            value = Missing(OUT_OF_RANGE)
        if isinstance(value, Missing):
            return Result(None, value.reason, ev.used, ev.exact)
        return Result(value, None, ev.used, ev.exact)


def parse(source: str) -> Formula:
    """Parse and whitelist-check a formula; raise FormulaError with a bilingual message."""
    if isinstance(source, bool) or not isinstance(source, (str, int, float)):
        raise FormulaError("公式必须是字符串或数字 / a formula must be a string or a number")
    text = str(source).strip()
    if not text:
        raise FormulaError("公式为空 / the formula is empty")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式过长（超过 {MAX_LENGTH} 字符）/ formula longer than {MAX_LENGTH} characters")
    rewritten = _IF_RE.sub(r"iff\1(", text)
    try:
        tree = ast.parse(rewritten, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"语法错误 / syntax error: {exc.msg} (column {exc.offset})") from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("无法解析公式 / the formula cannot be parsed") from None
    names: set[str] = set()
    state = {"prev": False}
    _check(tree.body, names, state, 0)
    # Every number literal becomes the exact value of its text (0.35 is 35/100), once, here.
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            node.value = _literal(rewritten, node)
    return Formula(text, tree, frozenset(names), state["prev"])


def _literal(text: str, node: ast.Constant) -> Fraction:
    """The exact value of a number literal, from its source text (Python's own parse of `0.1` is
    the double nearest to it, not 1/10)."""
    segment = ast.get_source_segment(text, node) or ""
    try:
        d = Decimal(segment.strip())
    except (InvalidOperation, ValueError):  # 0x1F, 0o17, 0b11: integers, exact as Python reads them
        return Fraction(node.value) if isinstance(node.value, int) else _from_float(node.value)
    return Fraction(d)


def _refuse(what_zh: str, what_en: str) -> FormulaError:
    return FormulaError(f"不允许{what_zh} / not allowed: {what_en}")


def _check(node: ast.AST, names: set[str], state: dict, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FormulaError("公式嵌套过深 / formula nested too deeply")
    d = depth + 1
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _refuse("非数字常量", f"constant {node.value!r} (only numbers)")
        try:
            finite = math.isfinite(float(node.value))
        except OverflowError:
            finite = False
        if not finite:
            raise _refuse("非有限数字", "a non-finite number")
        return
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise _refuse(f"把函数 {node.id} 当作变量", f"function {node.id} used as a variable")
        if not _NAME_RE.match(node.id):
            raise _refuse(f"变量名 {node.id}", f"variable name {node.id!r} (lower-case letters, digits, _)")
        names.add(node.id)
        return
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, _BINOPS):
            raise _refuse("此运算符", f"operator {type(node.op).__name__}")
        _check(node.left, names, state, d)
        _check(node.right, names, state, d)
        return
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, _UNARY):
            raise _refuse("此运算符", f"operator {type(node.op).__name__}")
        _check(node.operand, names, state, d)
        return
    if isinstance(node, ast.BoolOp):
        for v in node.values:
            _check(v, names, state, d)
        return
    if isinstance(node, ast.Compare):
        for op in node.ops:
            if not isinstance(op, _CMPOPS):
                raise _refuse("此比较运算符", f"comparison {type(op).__name__}")
        _check(node.left, names, state, d)
        for c in node.comparators:
            _check(c, names, state, d)
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise _refuse("调用表达式", "calling anything but a named function")
        fn = node.func.id
        if fn not in FUNCTIONS:
            raise FormulaError(
                f"未知函数 {fn} / unknown function {fn!r} "
                f"(allowed: min, max, abs, coalesce, if, prev)"
            )
        for a in node.args:
            if isinstance(a, ast.Starred):
                raise _refuse("星号参数", "starred arguments")
        if fn == "prev":
            _check_prev(node)
            state["prev"] = True
        elif node.keywords:
            raise _refuse(f"{fn} 的关键字参数", f"keyword arguments to {fn}")
        nargs = len(node.args)
        if fn in ("min", "max") and nargs < 2:
            raise FormulaError(f"{fn} 至少需要两个参数 / {fn} needs at least two arguments")
        if fn == "coalesce" and nargs < 1:
            raise FormulaError("coalesce 至少需要一个参数 / coalesce needs at least one argument")
        if fn == "abs" and nargs != 1:
            raise FormulaError("abs 需要一个参数 / abs takes one argument")
        if fn == "iff" and nargs != 3:
            raise FormulaError("if 需要三个参数 if(条件, 真值, 假值) / if takes three arguments if(cond, a, b)")
        for a in node.args[:1] if fn == "prev" else node.args:
            _check(a, names, state, d)
        return
    if isinstance(node, ast.Attribute):
        raise _refuse("属性访问", "attribute access")
    if isinstance(node, ast.Subscript):
        raise _refuse("下标访问", "subscripts")
    if isinstance(node, ast.Lambda):
        raise _refuse("lambda", "lambda")
    raise _refuse(f"此语法 ({type(node).__name__})", f"syntax {type(node).__name__}")


def _check_prev(node: ast.Call) -> None:
    args = list(node.args)
    kw = {k.arg: k.value for k in node.keywords}
    if None in kw or set(kw) - {"n"}:
        raise FormulaError("prev 只接受关键字参数 n / prev accepts only the keyword n")
    if not 1 <= len(args) <= 2 or (len(args) == 2 and "n" in kw):
        raise FormulaError("prev 的用法是 prev(变量, n) / prev takes prev(expr, n)")
    n_node = args[1] if len(args) == 2 else kw.get("n")
    if n_node is not None:
        if not (
            isinstance(n_node, ast.Constant)
            and isinstance(n_node.value, int)
            and not isinstance(n_node.value, bool)
            and 1 <= n_node.value <= MAX_PREV
        ):
            raise FormulaError(
                f"prev 的 n 必须是 1–{MAX_PREV} 的整数 / prev's n must be an integer literal 1–{MAX_PREV}"
            )


_WRITTEN_OPS = {ast.Add: ("+", 1), ast.Sub: ("−", 1), ast.Mult: ("×", 2), ast.Div: ("÷", 2)}
_WRITTEN_COMPARISONS = {ast.Gt: ">", ast.GtE: "≥", ast.Lt: "<", ast.LtE: "≤", ast.Eq: "=", ast.NotEq: "≠"}


def _written(node: ast.AST, offset: int, name) -> str | None:
    """Formula.written of one node; parentheses only where the order of operations needs them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, Fraction):
        value = Decimal(node.value.numerator) / Decimal(node.value.denominator)
        return format(value.normalize(), "f")
    if isinstance(node, ast.Name):
        return name(node.id, offset)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "prev" and node.args:
        return _written(node.args[0], offset + prev_offset(node), name)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "coalesce" and len(node.args) == 2 \
            and isinstance(node.args[1], ast.Constant) and node.args[1].value == 0:
        return _written(node.args[0], offset, name)  # "x, or 0 where not reported": in a sum, simply x
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _written(node.operand, offset, name)
        return None if inner is None else ("−" + (f"({inner})" if isinstance(node.operand, ast.BinOp) else inner))
    if isinstance(node, ast.BinOp) and type(node.op) in _WRITTEN_OPS:
        symbol, rank = _WRITTEN_OPS[type(node.op)]
        left, right = _written(node.left, offset, name), _written(node.right, offset, name)
        if left is None or right is None:
            return None
        # (an operand that is itself an operation was written above, so its operator is in _WRITTEN_OPS)
        if isinstance(node.left, ast.BinOp) and _WRITTEN_OPS[type(node.left.op)][1] < rank:
            left = f"({left})"
        if isinstance(node.right, ast.BinOp) and _WRITTEN_OPS[type(node.right.op)][1] <= rank:
            right = f"({right})"
        return f"{left} {symbol} {right}"
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _WRITTEN_COMPARISONS:
        left, right = _written(node.left, offset, name), _written(node.comparators[0], offset, name)
        if left is None or right is None:
            return None
        return f"{left} {_WRITTEN_COMPARISONS[type(node.ops[0])]} {right}"
    return None


def prev_offset(node: ast.Call) -> int:
    if len(node.args) == 2:
        return int(node.args[1].value)
    for k in node.keywords:
        if k.arg == "n":
            return int(k.value.value)
    return 1


def _from_float(x: float) -> Fraction:
    """A float stands for the decimal it prints as (its shortest repr): 0.1 is 1/10."""
    return Fraction(Decimal(repr(float(x))))


def exact(value) -> Fraction | bool | Missing:
    """A resolver's number as an exact Fraction (bools stay bools); NaN and ±inf are missing."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Integral):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else Missing(NOT_FINITE)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return Missing(NOT_FINITE)
    if not math.isfinite(x):
        return Missing(NOT_FINITE)
    return _from_float(x)


def _sized(x: Fraction) -> Fraction | Missing:
    if x.numerator.bit_length() > MAX_BITS or x.denominator.bit_length() > MAX_BITS:
        return Missing(OUT_OF_RANGE)
    return x


def _num(x) -> Fraction:
    return Fraction(int(x)) if isinstance(x, bool) else x


def _iroot(n: int, q: int) -> int | None:
    """The integer q-th root of n ≥ 0 when n is a perfect q-th power, else None."""
    if n < 2:
        return n
    if q == 2:
        r = math.isqrt(n)
    else:  # integer Newton from above: converges to floor(n ** (1/q)), exactly
        r = 1 << -(-n.bit_length() // q)
        while True:
            s = ((q - 1) * r + n // r ** (q - 1)) // q
            if s >= r:
                break
            r = s
    return r if r**q == n else None


class _Evaluator:
    def __init__(self, resolve: Resolver):
        self.resolve = resolve
        self.used: list[tuple[str, int]] = []
        self._seen: set[tuple[str, int]] = set()
        self.exact = True

    def eval(self, node: ast.AST, offset: int):
        if isinstance(node, ast.Constant):
            return node.value  # a Fraction since parse()
        if isinstance(node, ast.Name):
            key = (node.id, offset)
            if key not in self._seen:
                self._seen.add(key)
                self.used.append(key)
            value = self.resolve(node.id, offset)
            if isinstance(value, Missing):
                return value
            if value is None:
                return Missing(f"缺少数据 / missing: {node.id}")
            value = exact(value)
            return value if isinstance(value, (bool, Missing)) else _sized(value)
        if isinstance(node, ast.BinOp):
            left = self.eval(node.left, offset)
            if isinstance(left, Missing):
                return left
            right = self.eval(node.right, offset)
            if isinstance(right, Missing):
                return right
            a, b = _num(left), _num(right)
            op = node.op
            if isinstance(op, ast.Add):
                r = a + b
            elif isinstance(op, ast.Sub):
                r = a - b
            elif isinstance(op, ast.Mult):
                r = a * b
            elif isinstance(op, ast.Div):
                if b == 0:
                    return Missing(DIV_ZERO)
                r = a / b
            else:
                r = self._power(a, b)
                if isinstance(r, Missing):
                    return r
            return _sized(r)
        if isinstance(node, ast.UnaryOp):
            v = self.eval(node.operand, offset)
            if isinstance(node.op, ast.Not):
                if isinstance(v, Missing):
                    return v
                return not bool(v)
            if isinstance(v, Missing):
                return v
            return -_num(v) if isinstance(node.op, ast.USub) else _num(v)
        if isinstance(node, ast.BoolOp):
            is_and = isinstance(node.op, ast.And)
            first_missing = None
            for sub in node.values:
                v = self.eval(sub, offset)
                if isinstance(v, Missing):
                    first_missing = first_missing or v
                    continue
                if is_and and not v:
                    return False
                if not is_and and v:
                    return True
            if first_missing is not None:
                return first_missing
            return is_and
        if isinstance(node, ast.Compare):
            left = self.eval(node.left, offset)
            if isinstance(left, Missing):
                return left
            result = True
            for op, comp in zip(node.ops, node.comparators):
                right = self.eval(comp, offset)
                if isinstance(right, Missing):
                    return right
                a, b = _num(left), _num(right)
                ok = {
                    ast.Lt: a < b,
                    ast.LtE: a <= b,
                    ast.Gt: a > b,
                    ast.GtE: a >= b,
                    ast.Eq: a == b,
                    ast.NotEq: a != b,
                }[type(op)]
                result = result and ok
                left = right
            return result
        if isinstance(node, ast.Call):
            return self._call(node, offset)
        raise FormulaError(f"not allowed: {type(node).__name__}")  # unreachable after parse()

    def _power(self, a: Fraction, b: Fraction) -> Fraction | Missing:
        if a == 0:
            return Missing(DIV_ZERO) if b < 0 else Fraction(0 if b else 1)
        if b.denominator == 1:
            n = b.numerator
            if abs(a.numerator) == a.denominator:  # ±1
                return a**n
            size = max(a.numerator.bit_length(), a.denominator.bit_length())
            if size * abs(n) > MAX_BITS:
                return Missing(OUT_OF_RANGE)
            return a**n
        if a < 0:
            return Missing(NOT_FINITE)  # an even root of a negative number, or one we do not take
        p, q = b.numerator, b.denominator
        if q <= _MAX_ROOT:
            rn, rd = _iroot(a.numerator, q), _iroot(a.denominator, q)
            if rn is not None and rd is not None:
                return self._power(Fraction(rn, rd), Fraction(p))
        # irrational: binary floating point, continued as the float's shortest decimal
        try:
            r = float(a) ** float(b)
        except (OverflowError, ZeroDivisionError):
            return Missing(OUT_OF_RANGE)
        if isinstance(r, complex) or not math.isfinite(r):
            return Missing(OUT_OF_RANGE)
        self.exact = False
        return _from_float(r)

    def _call(self, node: ast.Call, offset: int):
        fn = node.func.id
        if fn == "prev":
            return self.eval(node.args[0], offset + prev_offset(node))
        if fn == "iff":
            cond = self.eval(node.args[0], offset)
            if isinstance(cond, Missing):
                return cond
            return self.eval(node.args[1] if cond else node.args[2], offset)
        if fn == "coalesce":
            first_missing = None
            for a in node.args:
                v = self.eval(a, offset)
                if not isinstance(v, Missing):
                    return v
                first_missing = first_missing or v
            return first_missing
        values = []
        for a in node.args:
            v = self.eval(a, offset)
            if isinstance(v, Missing):
                return v
            values.append(_num(v))
        if fn == "min":
            return min(values)
        if fn == "max":
            return max(values)
        return abs(values[0])


def evaluate(source: str, values: dict, history: dict[int, dict] | None = None) -> Result:
    """Convenience for tests and one-off use: evaluate against plain dicts.

    `values` holds this cycle's variables; `history[n]` holds those n cycles earlier. A name absent
    from the dict, or a value of None, is missing.
    """
    formula = parse(source)

    def resolve(name: str, offset: int):
        table = values if offset == 0 else (history or {}).get(offset)
        if table is None:
            return Missing(f"缺少 {offset} 个周期前的数据 / cycle -{offset} absent")
        v = table.get(name)
        if v is None:
            return Missing(f"缺少数据 / missing: {name}")
        return v

    return formula.evaluate(resolve)
