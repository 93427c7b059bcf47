"""Validation of a service's telemetry hints, which Rootline splices into PromQL and LogQL.

An admin-set hint must not be able to close the selector and run a query of its own
(`"} or count by (__name__) ({__name__=~".+"}) or {"`), nor hand the backends a costly regex:

- `metrics.selector`: label matchers only (`a="x", b=~"y"`, braces optional), checked by a real
  PromQL parser (promql-parser): one vector selector, no metric name or `__name__`, no `or`,
  offset or `@`;
- `metrics.requests_metric`, `metrics.duration_metric`: a plain metric name (empty: default);
- `logs.selector`: a LogQL stream selector `{label op "value", ...}` and nothing else (no line
  filters, parsers or pipelines), with at least one matcher that cannot match the empty string
  (Loki refuses the others);
- every regex matcher (`=~`, `!~`) of either is "safe": at most REGEX_MAX_LENGTH characters, no
  quantified group (so no nested quantifier such as `(a+)+`), no backreference, lookaround or
  flag group other than `(?:` and `(?i)`.
"""

from __future__ import annotations

import re

import promql_parser

from incident_app.slos.promql import unquote

REGEX_MAX_LENGTH = 200
_METRIC_NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_LOGQL_MATCHER = re.compile(
    r"""\s*(?P<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?P<op>=~|!~|!=|=)\s*"""
    r"""(?P<value>"(?:[^"\\\n]|\\.)*")\s*"""
)
_QUANTIFIERS = frozenset("*+?{")
# Words PromQL reads as operators or modifiers, never as a metric name (promql-parser is lenient
# with some of them when alone).
_KEYWORDS = frozenset(
    [
        "and",
        "or",
        "unless",
        "atan2",
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "bool",
        "offset",
        "start",
        "end",
        "sum",
        "avg",
        "count",
        "min",
        "max",
        "group",
        "stddev",
        "stdvar",
        "topk",
        "bottomk",
        "count_values",
        "quantile",
        "limitk",
        "limit_ratio",
    ]
)


def safe_regex(pattern: str) -> None:
    """ValueError unless `pattern` follows the safe-regex rule of the module docstring."""
    if len(pattern) > REGEX_MAX_LENGTH:
        raise ValueError(f"a regex matcher may have at most {REGEX_MAX_LENGTH} characters")
    position, in_class = 0, False
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            if pattern[position + 1 : position + 2].isdigit():
                raise ValueError("backreferences are not allowed in a regex matcher")
            position += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":  # a `]` first in the class (after an optional ^) is a literal
            in_class = True
            position += 1 + pattern.startswith("^", position + 1)
            position += pattern.startswith("]", position + 1)
        elif char == "(" and pattern.startswith("(?", position):
            if not pattern.startswith(("(?:", "(?i)"), position):
                raise ValueError("only (?: and (?i) groups are allowed in a regex matcher")
        elif char == ")" and pattern[position + 1 : position + 2] in _QUANTIFIERS:
            raise ValueError(f"a group may not be repeated in a regex matcher: {pattern}")
        position += 1
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regex: {exc}") from None


def promql_matchers(value: str) -> str:
    """`metrics.selector`: PromQL label matchers, braces optional; returned stripped."""
    inner = value.strip().removeprefix("{").removesuffix("}").strip()
    if not inner:
        return ""
    try:
        expr = promql_parser.parse("{" + inner + "}")
    except ValueError as exc:
        raise ValueError(f'not PromQL label matchers such as service="checkout": {exc}') from None
    if (
        not isinstance(expr, promql_parser.VectorSelector)
        or expr.name is not None
        or expr.offset is not None
        or expr.at is not None
        or expr.matchers.or_matchers
    ):
        raise ValueError('only label matchers are allowed, e.g. service="checkout"')
    for matcher in expr.matchers.matchers:
        if matcher.name == "__name__":
            raise ValueError("the metric name (__name__) may not be matched here")
        if matcher.op in (promql_parser.MatchOp.Re, promql_parser.MatchOp.NotRe):
            safe_regex(matcher.value)
    return inner


def metric_name(value: str) -> str:
    """`requests_metric`, `duration_metric`: a plain metric name, or empty for the default."""
    name = value.strip()
    if name and not _METRIC_NAME.fullmatch(name):
        raise ValueError("must be a plain metric name such as http_requests_total")
    if name.lower() in _KEYWORDS:
        raise ValueError(f"{name} is a PromQL keyword, not a metric name")
    if name:
        try:
            expr = promql_parser.parse(name)
        except ValueError:
            raise ValueError(f"{name} is a PromQL keyword, not a metric name") from None
        if not isinstance(expr, promql_parser.VectorSelector) or expr.name != name:
            raise ValueError(f"{name} is a PromQL keyword, not a metric name")
    return name


def logql_stream_selector(value: str) -> str:
    """`logs.selector`: `{label op "value", ...}` only; returned stripped."""
    text = value.strip()
    if not text:
        return ""
    if not (text.startswith("{") and text.endswith("}")):
        raise ValueError('must be a LogQL stream selector such as {app="checkout"} and no more')
    inner, position, selective = text[1:-1], 0, False
    while True:
        found = _LOGQL_MATCHER.match(inner, position)
        if found is None:
            raise ValueError(f'expected a matcher such as app="checkout" at: {inner[position:]}')
        op, literal = found["op"], unquote(found["value"])
        if op in ("=~", "!~"):
            safe_regex(literal)
        selective = selective or (op == "=" and literal != "")
        selective = selective or (op == "=~" and re.fullmatch(literal, "") is None)
        position = found.end()
        if position == len(inner):
            break
        if inner[position] != ",":
            raise ValueError(f"expected a comma between matchers at: {inner[position:]}")
        position += 1
    if not selective:
        raise ValueError('needs a matcher that cannot match "", e.g. app="checkout"')
    return text
