"""results/…/score.json text: `json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True,
allow_nan=False) + "\n"`, written faster.

`dump_json_reference` is that definition; `dump_json` is the fast path, tested against it on every
committed score.json and on random documents (tests/core/test_json_text.py).

The fast path is orjson (with the checks below, 2-3× faster than the hand-written writer, which
stays as its fallback; scripts/benchmark.py, stage `writer`, measures both). orjson differs from
json.dumps in three places:
- NaN and ±Infinity become `null` where json.dumps refuses them, and orjson writes some types that
  json refuses (dataclasses, dates, enums, numpy values): one walk over the document (about a tenth
  of the Python writer's time; json's C encoder or reading orjson's text back cost more) checks that
  it holds only dicts, lists, tuples, str, int, bool, None and finite floats, and otherwise the
  Python writer decides, which writes what json writes or raises json's own error;
- a float below 1e-4 is written as `0.00001` or `1.2e-7` where Python writes `1e-05`, `1.2e-07`:
  such numbers are rewritten as float.__repr__ writes them (orjson's text reads back as the same
  float), in the documents where the walk above met one. With an indent every value of an object
  or array is on its own line, after its key if any, so a number is a line's whole value and
  cannot be confused with the inside of a string;
- what orjson refuses (an int beyond 64 bits, a key that is not a str, a lone surrogate, a type it
  does not know) raises TypeError: the Python writer, whose output or error is json's, takes over.
"""

from __future__ import annotations

import json
import re

import orjson

_ORJSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
# a number orjson writes differently from float.__repr__ (only below 1e-4; see above), as a line's
# whole value: indentation, an optional key (a JSON string), the number, an optional comma
_SMALL_FLOAT = re.compile(rb'( *(?:"(?:[^"\\\n]|\\.)*": )?)(-?(?:0\.0000[0-9]*|[0-9](?:\.[0-9]+)?e-[0-9]+))(,?)')


def dump_json_reference(doc) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"


def dump_json(doc: dict) -> str:
    """json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n",
    by orjson where it writes the same text, else by dump_json_python."""
    return _dump(doc)[0]


def dump_json_read_back(doc: dict) -> tuple[str, object]:
    """(dump_json(doc), json.loads of that text): the document as a reader of the file gets it
    (lists for tuples, keys sorted), for the pages made in the same go as the file. A text that
    orjson wrote is read back by orjson, in half json's time with the same values: it holds only
    what orjson reads exactly (its ints are within 64 bits, beyond which orjson.loads would give
    a float, and orjson.dumps refuses them); any other text by json."""
    text, by_orjson = _dump(doc)
    return text, orjson.loads(text) if by_orjson else json.loads(text)


def _dump(doc) -> tuple[str, bool]:
    """dump_json's text, and whether orjson wrote it."""
    shape = _shape(doc)
    if shape is None:
        return dump_json_python(doc), False
    try:
        text = orjson.dumps(doc, option=_ORJSON_OPTIONS)
    except TypeError:  # a key that is not a str, an int beyond 64 bits, a lone surrogate
        return dump_json_python(doc), False
    if shape is _SMALL:  # (scanning the text for them took a fifth of this function's time)
        text = _python_floats(text)
    return text.decode("utf-8") + "\n", True


_LEAVES = frozenset({str, int, bool, type(None)})
_SMALL = "small floats"  # _shape: the document holds a float that orjson writes differently (see above)


def _shape(doc) -> str | None:
    """None unless `doc` holds only dicts, lists, tuples, str, int, bool, None and finite floats
    (exact types); else _SMALL when one of its floats is below 1e-4 in magnitude (not 0), which
    orjson writes differently from float.__repr__, or "plain". Strings, most of a score
    document's values, are tested first (20 % less time than testing containers first)."""
    stack = [doc]
    pop, push = stack.pop, stack.extend
    small = False
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            continue
        if kind is dict:
            push(value.values())
        elif kind is list or kind is tuple:
            push(value)
        elif kind is float:
            if value != value or value == _INFINITY or value == -_INFINITY:
                return None
            if -_SMALLEST_PLAIN < value < _SMALLEST_PLAIN and value != 0.0:
                small = True
        elif kind not in _LEAVES:
            return None
    return _SMALL if small else "plain"


def _python_floats(text: bytes) -> bytes:
    """orjson's text with every float below 1e-4 as float.__repr__ writes it. Only the lines that
    may hold one are matched: those with `0.0000`, or with `e-` after a digit (found with
    bytes.find: "e-" is common in English text, and a regular expression over the whole text
    would cost more than orjson itself)."""
    starts = set()
    for needle, digit_before in ((b"e-", True), (b"0.0000", False)):
        at = text.find(needle)
        while at >= 0:
            if not digit_before or (at > 0 and 48 <= text[at - 1] <= 57):
                starts.add(text.rfind(b"\n", 0, at) + 1)
            at = text.find(needle, at + len(needle))
    if not starts:
        return text
    parts, pos = [], 0
    for start in sorted(starts):
        end = text.find(b"\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        number = _SMALL_FLOAT.fullmatch(line)
        parts += [text[pos:start], line if number is None else _python_float(number)]
        pos = end
    parts.append(text[pos:])
    return b"".join(parts)


def _python_float(match: re.Match) -> bytes:
    return match.group(1) + float.__repr__(float(match.group(2))).encode() + match.group(3)


def dump_json_python(doc: dict) -> str:
    """json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n".

    With an indent, json.dumps uses its pure-Python encoder, a generator per container and a
    yield per token; _write below emits the same text in one recursive pass for the types that
    scores are made of. Anything else (another type, a key that is not a str, a float that is not
    finite) goes to json.dumps itself, so its output or its error is exactly json's."""
    parts: list[str] = []
    try:
        _write(doc, parts, "\n")
    except _NotPlain:
        return dump_json_reference(doc)
    parts.append("\n")
    return "".join(parts)


class _NotPlain(Exception):
    pass


_encode_str = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False
_INFINITY = float("inf")
_SMALLEST_PLAIN = 1e-4  # float.__repr__ and orjson write the same text from here up


def _write(value, out: list, newline: str) -> None:
    kind = type(value)
    if kind is str:
        out.append(_encode_str(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        if value != value or value == _INFINITY or value == -_INFINITY:
            raise _NotPlain
        out.append(float.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        try:
            keys = sorted(value)
        except TypeError:
            raise _NotPlain from None
        for key in keys:  # all str (checked here), so this is json's order
            if type(key) is not str:
                raise _NotPlain
            out.append(separator + _encode_str(key) + ": ")
            _write(value[key], out, inner)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _write(item, out, inner)
            separator = "," + inner
        out.append(newline + "]")
    else:
        raise _NotPlain
