"""Webhook payload properties, Alertmanager (v4) and Grafana (v1), over HTTP on PostgreSQL: any
valid delivery is accepted and delivering it again changes nothing; any broken one is a 422
naming a field (never a 500) and stores nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alerts.alert_payloads import bearer, counts, make_integration
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_app.alerts.fingerprint import fingerprint

HTTP_PROPERTY = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
TEXT = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
LABEL_NAME = st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,15}", fullmatch=True)
LABELS = st.dictionaries(LABEL_NAME, st.text(TEXT, max_size=40), max_size=5)
MOMENT = st.integers(min_value=1, max_value=60 * 24 * 30).map(
    lambda minutes: (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat()
)


@st.composite
def alert(draw: st.DrawFn, grafana: bool) -> dict[str, Any]:
    status = draw(st.sampled_from(["firing", "resolved"]))
    starts = draw(MOMENT)
    body: dict[str, Any] = {
        "status": status,
        "labels": {"alertname": draw(st.text(TEXT, min_size=1, max_size=30)), **draw(LABELS)},
        "annotations": draw(LABELS),
        "startsAt": starts,
        "endsAt": starts if status == "resolved" else "0001-01-01T00:00:00Z",
        "generatorURL": draw(st.text(TEXT, max_size=40)),
    }
    if draw(st.booleans()):
        body["fingerprint"] = fingerprint(body["labels"])
    if grafana:
        body |= {"valueString": draw(st.text(TEXT, max_size=40)), "silenceURL": "http://g/s"}
    return body


@st.composite
def delivery(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    alerts = draw(st.lists(alert(kind == "grafana"), min_size=1, max_size=4))
    firing = any(a["status"] == "firing" for a in alerts)
    payload: dict[str, Any] = {
        "version": "1" if kind == "grafana" else "4",
        "status": "firing" if firing else "resolved",
        "receiver": draw(st.text(TEXT, max_size=20)),
        "groupKey": "{}:" + draw(st.text(TEXT, min_size=1, max_size=40)),
        "groupLabels": draw(LABELS),
        "commonLabels": draw(LABELS),
        "commonAnnotations": draw(LABELS),
        "externalURL": "http://alertmanager:9093",
        "alerts": alerts,
    }
    if kind == "grafana":
        payload |= {"orgId": 1, "title": draw(st.text(TEXT, max_size=40)), "message": "m"}
    return payload


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def broken(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """A valid delivery with one required field dropped, or one field made the wrong type, or
    a NUL in one of its texts."""
    payload = draw(delivery(kind))
    target = draw(st.sampled_from([payload, payload["alerts"][0]]))
    how = draw(st.sampled_from(["drop", "junk", "nul"]))
    if how == "drop":
        required = ["version", "status", "groupKey", "alerts"] if target is payload else None
        key = draw(st.sampled_from(required or ["status", "labels", "startsAt"]))
        del target[key]
    elif how == "junk":
        top = ["status", "alerts", "version"]
        key = draw(st.sampled_from(top if target is payload else ["status", "startsAt", "labels"]))
        target[key] = draw(JSON.filter(lambda v: not isinstance(v, dict | str)))
    else:
        key = draw(st.sampled_from(["receiver", "groupKey", "externalURL"]))
        payload[key] = draw(st.text(TEXT, max_size=5)) + "\x00"
    return payload


@pytest.fixture
def tokens(client: FlaskClient, admin: Actor) -> dict[str, str]:
    return {k: make_integration(client, admin, k)["token"] for k in ("alertmanager", "grafana")}


@pytest.mark.parametrize("kind", ["alertmanager", "grafana"])
@HTTP_PROPERTY
@given(data=st.data())
def test_a_valid_delivery_is_accepted_and_a_repeat_changes_nothing(
    app: Flask, client: FlaskClient, tokens: dict[str, str], kind: str, data: st.DataObject
) -> None:
    payload = data.draw(delivery(kind))
    first = client.post(f"/api/alerts/{kind}", json=payload, headers=bearer(tokens[kind]))
    assert first.status_code == 200, first.get_data(as_text=True)
    stored = counts(app)
    again = client.post(f"/api/alerts/{kind}", json=payload, headers=bearer(tokens[kind]))
    assert again.status_code == 200, again.get_data(as_text=True)
    result = again.get_json()
    assert (result["firing"], result["resolved"], result["incident_created"]) == (0, 0, False)
    assert result["received"] == first.get_json()["received"]
    assert counts(app) == stored


@pytest.mark.parametrize("kind", ["alertmanager", "grafana"])
@HTTP_PROPERTY
@given(data=st.data())
def test_a_broken_delivery_is_a_422_naming_a_field_and_stores_nothing(
    app: Flask, client: FlaskClient, tokens: dict[str, str], kind: str, data: st.DataObject
) -> None:
    payload = data.draw(broken(kind))
    before = counts(app)
    response = client.post(f"/api/alerts/{kind}", json=payload, headers=bearer(tokens[kind]))
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and error["details"][0]["field"]
    assert counts(app) == before


@settings(max_examples=200, derandomize=True, database=None)
@given(labels=LABELS, data=st.data())
def test_the_fingerprint_ignores_label_order_and_tells_label_sets_apart(
    labels: dict[str, str], data: st.DataObject
) -> None:
    shuffled = dict(data.draw(st.permutations(list(labels.items()))))
    assert fingerprint(shuffled) == fingerprint(labels)
    assert len(fingerprint(labels)) == 16
    other = data.draw(LABELS.filter(lambda o: o != labels))
    # Not a proof (it is a 64-bit hash), but a collision here would be a bug, not bad luck.
    assert fingerprint(other) != fingerprint(labels)
