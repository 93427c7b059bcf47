"""The little PromQL Rootline writes itself: label matchers and series selectors, checked
locally so a typo gets a precise error before any query reaches Prometheus."""

from __future__ import annotations

import re
from decimal import Decimal

_MATCHER = re.compile(
    r"""\s*(?P<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?P<op>=~|!~|!=|=)\s*"""
    r"""(?P<value>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*"""
)
_SELECTOR = re.compile(r"\s*(?P<metric>[a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(?P<matchers>.*)\})?\s*")


def split_matchers(text: str) -> list[str]:
    """`a="x", b=~"y"` as ['a="x"', 'b=~"y"']; ValueError naming what is wrong."""
    matchers: list[str] = []
    position = 0
    while position < len(text.rstrip()):
        found = _MATCHER.match(text, position)
        if found is None:
            raise ValueError(f'expected a label matcher such as code=~"5.." at: {text[position:]}')
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
    """A PromQL double-quoted string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
