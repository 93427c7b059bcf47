"""OpenSLO properties: any valid SLO exports and imports back to the same definition (through
YAML text, whatever its strings hold), and no document, however malformed, makes the import
raise anything but its declared errors (a 422 naming the place over HTTP)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import yaml
from conftest import Actor
from flask.testing import FlaskClient
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from incident_app.models import Service, SliType, Slo
from incident_app.slos.openslo import DocumentError, export_document, slo_fields
from incident_app.slos.promql import quote, split_matchers
from incident_app.slos.queries import event_queries
from incident_app.slos.schemas import SloCreate
from incident_app.slos.service import _tiers

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None)
# Any text a JSON request can carry to PostgreSQL: no NUL, no lone surrogates.
TEXT = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
LABEL = st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,12}", fullmatch=True)
METRIC = st.from_regex(r"[a-zA-Z_:][a-zA-Z0-9_:]{0,20}", fullmatch=True)
NAME = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
OP = st.sampled_from(["=", "!=", "=~", "!~"])
MATCHER = st.builds(lambda label, op, value: f"{label}{op}{quote(value)}", LABEL, OP, st.text(TEXT))
MATCHERS = st.lists(MATCHER, max_size=3).map(",".join)
DECIMAL = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("99.999999"), places=6)
WINDOWED = st.builds(lambda m, s: f"sum(increase({m}{{{s}}}[$window]))", METRIC, MATCHERS)

AVAILABILITY = st.fixed_dictionaries(
    {"type": st.just("availability")},
    optional={"metric": METRIC, "selector": MATCHERS, "bad": MATCHERS.filter(bool)},
)
LATENCY = st.fixed_dictionaries(
    {"type": st.just("latency"), "threshold_seconds": DECIMAL},
    optional={"metric": METRIC, "selector": MATCHERS},
)
CUSTOM = st.builds(
    lambda part, query, total: {"type": "custom", part: query, "total_query": total},
    st.sampled_from(["good_query", "bad_query"]),
    WINDOWED,
    WINDOWED,
)
TIER = st.builds(
    lambda severity, windows, key, value: {
        "severity": severity,
        "long_window": windows[0],
        "short_window": windows[1],
        key: value,
    },
    st.sampled_from(["page", "ticket"]),
    st.sampled_from([("1h", "5m"), ("6h", "30m"), ("3d", "6h"), ("1d", "2h")]),
    st.sampled_from(["burn_rate", "budget_percent"]),
    st.decimals(min_value=Decimal("0.5"), max_value=Decimal("99"), places=2),
)
SLO = st.fixed_dictionaries(
    {
        "name": NAME,
        "service": NAME,
        "sli": st.one_of(AVAILABILITY, LATENCY, CUSTOM),
        "target": DECIMAL,
    },
    optional={
        "description": st.text(TEXT, max_size=80),
        "window": st.sampled_from(["7d", "28d", "30d", "calendar_month"]),
        "owner": st.text(TEXT, max_size=30),
        "runbook_url": st.from_regex(
            r"https://[a-z]{1,10}\.example\.com/[a-z0-9/]{0,10}", fullmatch=True
        ),
        "alert_tiers": st.lists(TIER, min_size=1, max_size=3),
        "min_events": st.integers(1, 10**9),
    },
)


def stored(data: SloCreate, service: Service) -> Slo:
    """The SLO as write_slo stores it, without a database."""
    slo = Slo(name=data.name, service=service, sli_type=SliType(data.sli.type))
    slo.sli = data.sli.model_dump(mode="json")
    for name in ("description", "target", "window", "owner", "runbook_url", "min_events"):
        setattr(slo, name, getattr(data, name))
    slo.alert_tiers = _tiers(data.alert_tiers)
    return slo


def reimport(slo: Slo) -> SloCreate:
    text = yaml.safe_dump(export_document(slo), sort_keys=False)
    return SloCreate.model_validate(slo_fields(yaml.safe_load(text), {}))


@PROPERTY
@given(fields=SLO, service_selector=st.one_of(st.none(), MATCHER))
def test_export_then_import_is_the_same_slo(
    fields: dict[str, Any], service_selector: str | None
) -> None:
    original = SloCreate.model_validate(fields)
    sli = original.sli.model_dump()
    shared = set(split_matchers(sli.get("bad", ""))) & set(
        split_matchers(sli.get("selector") or service_selector or "")
    )
    assume(not shared)  # a bad matcher repeating a service one is dropped on import (harmless)
    telemetry = {"metrics": {"selector": service_selector}} if service_selector else None
    service = Service(name=original.service, telemetry=telemetry)
    back = reimport(stored(original, service))
    same = ("name", "service", "description", "target", "window", "owner", "runbook_url")
    assert {f: getattr(back, f) for f in same} == {f: getattr(original, f) for f in same}
    assert (back.min_events, _tiers(back.alert_tiers)) == (
        original.min_events,
        _tiers(original.alert_tiers),
    )
    # The export spells out the service's default metric and selector: the SLI may be written
    # differently, but it must count the very same events.
    assert event_queries(SliType(back.sli.type), back.sli.model_dump(mode="json"), service) == (
        event_queries(SliType(original.sli.type), original.sli.model_dump(mode="json"), service)
    )
    assert reimport(stored(back, service)) == back  # and a second round trip changes nothing


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(TEXT), inner, max_size=3),
    max_leaves=8,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


@st.composite
def damaged_documents(draw: st.DrawFn) -> Any:
    """A valid export with one node (maybe the root) replaced by junk."""
    data = SloCreate.model_validate(draw(SLO))
    document = export_document(stored(data, Service(name=data.service)))
    path = draw(st.sampled_from(_paths(document)[1:]))  # the root: the HTTP test below
    junk = draw(JUNK)
    damaged = copy.deepcopy(document)
    parent = damaged
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = junk
    return damaged


@PROPERTY
@given(document=damaged_documents())
def test_a_damaged_document_is_refused_with_a_declared_error(document: dict[str, Any]) -> None:
    try:
        SloCreate.model_validate(slo_fields(document, {}))
    except DocumentError as exc:
        assert exc.path and str(exc)  # the 422 names where and what
    except ValidationError as exc:
        assert exc.errors()


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(documents=st.lists(damaged_documents() | JUNK, min_size=1, max_size=3))
def test_any_upload_is_imported_or_refused_with_a_422(
    client: FlaskClient, admin: Actor, documents: list[Any]
) -> None:
    text = yaml.safe_dump_all(documents)
    response = client.post("/api/slos/import", json={"yaml": text}, headers=admin.headers)
    assert response.status_code in (200, 422), response.get_data(as_text=True)
    if response.status_code == 422:
        assert response.get_json()["error"]["details"][0]["field"]
