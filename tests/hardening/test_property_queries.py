"""PromQL and LogQL builder properties: any label value, service name or namespace is quoted so
the query parses and the value reads back unchanged; matchers Rootline accepts are matchers
Prometheus accepts. In-process checks use promql.unquote (Prometheus' string grammar); one
batch of everything generated also goes through `promtool check rules`, the real parser."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from slos.slo_prometheus import tool

from incident_app.correlation.sources.prometheus import _plan
from incident_app.correlation.types import ServiceTarget
from incident_app.slos.promql import le_matcher, le_spellings, quote, split_matchers, unquote

PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
LABEL = st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,10}", fullmatch=True)
OP = st.sampled_from(["=", "!=", "=~", "!~"])
# A quoted string anywhere in a query: "..." or '...' with backslash escapes.
LITERAL = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""", re.DOTALL)
TARGET = st.builds(
    ServiceTarget,
    name=TEXT.filter(bool),
    namespace=TEXT,
    k8s_namespace=TEXT,
    k8s_workload=TEXT,
    metrics_selector=st.just(""),
)


def literals(query: str) -> list[str]:
    return [unquote(found) for found in LITERAL.findall(query)]


@PROPERTY
@given(value=TEXT)
def test_quote_reads_back_as_the_same_text(value: str) -> None:
    quoted = quote(value)
    assert "\n" not in quoted
    assert unquote(quoted) == value


@PROPERTY
@given(parts=st.lists(st.tuples(LABEL, OP, TEXT), min_size=1, max_size=4))
def test_quoted_matchers_split_back_into_the_same_values(
    parts: list[tuple[str, str, str]],
) -> None:
    text = " , ".join(f"{label}{op}{quote(value)}" for label, op, value in parts)
    matchers = split_matchers(text)
    assert [unquote(re.split(r"=~|!~|!=|=", m, maxsplit=1)[1]) for m in matchers] == [
        value for *_, value in parts
    ]
    assert split_matchers(",".join(matchers)) == matchers


@PROPERTY
@given(text=st.text(st.sampled_from("ab=~!,\"'\\nux0 \n"), max_size=24))
def test_split_matchers_accepts_only_what_prometheus_reads(text: str) -> None:
    try:
        matchers = split_matchers(text)
    except ValueError:
        return
    for matcher in matchers:
        assert len(literals(matcher)) == 1  # unquote raised if Prometheus would refuse it
    assert split_matchers(",".join(matchers)) == matchers


@PROPERTY
@given(targets=st.lists(TARGET, min_size=1, max_size=4))
def test_source_queries_quote_any_name(targets: list[ServiceTarget]) -> None:
    queries, groups = _plan(tuple(targets), "1m")
    for query in queries:
        values = literals(query.promql)
        assert all(v in values for v in ("5..",) if "code=~" in query.promql)
    for group in groups:
        (regex,) = literals(group.selector)
        for name in group.names:
            assert re.fullmatch(regex, name, re.DOTALL)
        assert not any(re.fullmatch(regex, other, re.DOTALL) for other in ("", "x" * 25))


@PROPERTY
@given(threshold=st.decimals(Decimal("0.000001"), Decimal("86400"), places=6))
def test_le_matcher_matches_every_spelling_of_the_bound(threshold: Decimal) -> None:
    matcher = le_matcher(threshold)
    (value,) = literals(matcher)
    for spelling in le_spellings(threshold):
        assert value == spelling if "=~" not in matcher else re.fullmatch(value, spelling)


def test_prometheus_parses_every_generated_query(tmp_path: Path) -> None:
    """The real parser over a batch of what the builders above produce."""
    exprs: list[str] = []

    @settings(max_examples=150, deadline=None, derandomize=True, database=None)
    @given(
        targets=st.lists(TARGET, min_size=1, max_size=3),
        parts=st.lists(st.tuples(LABEL, OP, TEXT), min_size=1, max_size=3),
        threshold=st.decimals(Decimal("0.001"), Decimal("100"), places=3),
    )
    def collect(
        targets: list[ServiceTarget], parts: list[tuple[str, str, str]], threshold: Decimal
    ) -> None:
        # Regex values are RE2 too, which random text seldom is: equality matchers only.
        matchers = ",".join(f"{label}{op}{quote(v)}" for label, op, v in parts if "~" not in op)
        exprs.extend(q.promql for q in _plan(tuple(targets), "5m")[0])
        exprs.append("up{" + ",".join(split_matchers(matchers)) + "}")
        exprs.append(f"http_request_duration_seconds_bucket{{{le_matcher(threshold)}}}")

    collect()
    rules = [{"record": f"rootline:fuzz:{i}", "expr": expr} for i, expr in enumerate(exprs)]
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "fuzz", "rules": rules}]}))
    checked = subprocess.run(
        [str(tool("promtool")), "check", "rules", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
    assert len(exprs) > 500
