"""The little PromQL Rootline writes itself: label matchers and series selectors, checked
locally so a typo gets a precise error before any query reaches Prometheus."""

from __future__ import annotations

import re
from decimal import Decimal

_MATCHER = re.compile(
    r"""\s*(?P<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?P<op>=~|!~|!=|=)\s*"""
    r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*"""  # no raw newline
)
# Prometheus' strutil.Unquote: the escapes a quoted PromQL string may hold.
_ESCAPE = re.compile(
    r"\\(?:([abfnrtv\\'\"])|([0-7]{3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))"
)
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_SELECTOR = re.compile(r"\s*(?P<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(?P<matchers>.*)\})?\s*")


def unquote(literal: str) -> str:
    """The text of a quoted PromQL string, as Prometheus reads it; ValueError for one that it
    would refuse (an unknown escape, the other quote escaped, a raw newline, a bad code point).
    """
    quote_char, body = literal[:1], literal[1:-1]
    if len(literal) < 2 or quote_char not in "\"'" or literal[-1] != quote_char:
        raise ValueError(f"not a quoted string: {literal}")
    text: list[str] = []
    position = 0
    while position < len(body):
        char = body[position]
        if char == "\n" or char == quote_char:
            raise ValueError(f"a raw newline or an unescaped {quote_char} in {literal}")
        if char != "\\":
            text.append(char)
            position += 1
            continue
        found = _ESCAPE.match(body, position)
        if found is None or (found[1] in ("'", '"') and found[1] != quote_char):
            raise ValueError(f"an unknown escape sequence at: {body[position : position + 2]}")
        simple, octal, *hexes = found.groups()
        code = int(octal, 8) if octal else next((int(h, 16) for h in hexes if h), None)
        if code is not None and (code > 0x10FFFF or 0xD800 <= code <= 0xDFFF):
            raise ValueError(f"an invalid code point at: {found[0]}")
        if octal and code is not None and code > 0xFF:
            raise ValueError(f"an octal escape above \\377: {found[0]}")
        text.append(chr(code) if code is not None else _SIMPLE.get(simple, simple))
        position = found.end()
    return "".join(text)


def split_matchers(text: str) -> list[str]:
    """`a="x", b=~"y"` as ['a="x"', 'b=~"y"']; ValueError naming what is wrong."""
    matchers: list[str] = []
    position = 0
    while position < len(text.rstrip()):
        found = _MATCHER.match(text, position)
        if found is None:
            raise ValueError(f'expected a label matcher such as code=~"5.." at: {text[position:]}')
        unquote(found["value"])  # Prometheus would refuse it: say so here
        matchers.append(f"{found['label']}{found['op']}{found['value']}")
        position = found.end()
        if position < len(text):
            if text[position] != ",":
                raise ValueError(f"expected a comma between label matchers at: {text[position:]}")
            position += 1
    return matchers


def parse_selector(text: str) -> tuple[str, list[str]]:
    """`metric{matchers}` as (metric, matchers); ValueError if it is any other expression."""
    found = _SELECTOR.fullmatch(text)
    if found is None:
        raise ValueError('not a series selector such as metric{label="value"}')
    return found["metric"], split_matchers(found["matchers"] or "")


def selector(metric: str, *matcher_lists: str) -> str:
    """`metric{a, b}` from comma-separated matcher lists (empty ones skipped)."""
    inner = ",".join(part for part in matcher_lists if part)
    return f"{metric}{{{inner}}}"


def quote(value: str) -> str:
    """A PromQL double-quoted string literal (which may not hold a raw newline)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def le_spellings(threshold: Decimal) -> list[str]:
    """How exporters write a bucket bound: Go clients 1 and 0.25, Python and Java 1.0 and 0.25."""
    python = repr(float(threshold))
    return sorted({python, python.removesuffix(".0")})


def le_matcher(threshold: Decimal) -> str:
    """Match the histogram bucket whose upper bound is `threshold`, however it is spelled."""
    spellings = le_spellings(threshold)
    if len(spellings) == 1:
        return f"le={quote(spellings[0])}"
    return "le=~" + quote("|".join(re.escape(s) for s in spellings))


def decimal_text(value: Decimal) -> str:
    """A decimal as PromQL reads it: plain digits, no exponent, no trailing zeros."""
    return format(value.normalize(), "f")
