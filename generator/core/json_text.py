"""results/…/score.json text: `json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True,
allow_nan=False) + "\n"`, written faster.

`dump_json_reference` is that definition; `dump_json` is the fast path, tested against it on every
committed score.json and on random documents (tests/core/test_json_text.py).

The fast path is orjson (about 15× the hand-written writer below, which stays as its fallback).
orjson differs from json.dumps in three places, each caught after the fact instead of by a walk
over the document (which would cost what orjson saves):
- NaN and ±Infinity become `null` where json.dumps refuses them: the text is read back and must
  equal the document (a NaN reads back as None), otherwise the Python writer decides, which raises
  json's own error;
- a float below 1e-4 is written as `0.00001` or `1.2e-7` where Python writes `1e-05`, `1.2e-07`: the
  text must contain no `0.0000` and no digit followed by `e-`, otherwise the Python writer writes it
  (a string that happens to contain them only costs the slower path);
- what orjson refuses (an int beyond 64 bits, a key that is not a str, a lone surrogate, a type it
  does not know) raises TypeError: the Python writer, whose output or error is json's, takes over.
"""

from __future__ import annotations

import json
import re

import orjson

_ORJSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
# a number orjson writes differently from float.__repr__ (only below 1e-4; see above)
_SMALL_FLOAT = re.compile(rb"0\.0000|[0-9]e-")


def dump_json_reference(doc) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"


def dump_json(doc: dict) -> str:
    """json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n",
    by orjson where it writes the same text, else by dump_json_python."""
    try:
        text = orjson.dumps(doc, option=_ORJSON_OPTIONS)
    except TypeError:
        return dump_json_python(doc)
    if _SMALL_FLOAT.search(text) is not None or orjson.loads(text) != doc:
        return dump_json_python(doc)
    return text.decode("utf-8") + "\n"


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
