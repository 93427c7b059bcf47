"""Incidents: creation, reading, listing, and the status lifecycle with exact MTTA/MTTR."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import (
    ago,
    count_statements,
    error_fields,
    event_types,
    iso,
    make_incident,
    make_service,
    patch_incident,
    resolve,
    row_counts,
    seed_incidents,
    timeline,
    ts,
)


@pytest.fixture
def services(client: FlaskClient, admin: Actor) -> dict[str, dict[str, Any]]:
    return {n: make_service(client, admin, n) for n in ("checkout", "payments", "search")}


def _list(client: FlaskClient, actor: Actor, **params: Any) -> dict[str, Any]:
    response = client.get("/api/incidents", query_string=params, headers=actor.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _titles(client: FlaskClient, actor: Actor, **params: Any) -> list[str]:
    return [i["title"] for i in _list(client, actor, **params)["items"]]


# --- create -------------------------------------------------------------------------------


def test_create_links_services_by_id_and_name(
    app: Flask, client: FlaskClient, responder: Actor, admin: Actor, services: dict
) -> None:
    before = datetime.now(UTC)
    body = {
        "title": "  Checkout errors  ",
        "severity": "critical",
        "commander_id": str(admin.user_id),
        "metadata": {"region": "eu-west-1"},
        "services": [
            {"service_id": services["payments"]["id"], "impact_level": "secondary"},
            {"name": "checkout"},
        ],
    }
    response = client.post("/api/incidents", json=body, headers=responder.headers)
    assert response.status_code == 201, response.get_json()
    inc = response.get_json()
    assert (inc["title"], inc["status"], inc["severity"]) == ("Checkout errors", "open", "critical")
    assert before <= ts(inc["started_at"]) <= datetime.now(UTC)
    assert inc["started_at"] == inc["detected_at"]
    for empty in ("acknowledged_at", "mitigated_at", "resolved_at", "mtta_seconds", "mttr_seconds"):
        assert inc[empty] is None
    assert inc["timeline_locked"] is False and inc["root_cause"] is None
    assert inc["commander"]["username"] == admin.username
    assert inc["created_by"] == {"id": str(responder.user_id), "username": responder.username}
    assert inc["metadata"] == {"region": "eu-west-1"}
    assert inc["services"] == [
        {"service_id": services["payments"]["id"], "name": "payments", "impact_level": "secondary"},
        {"service_id": services["checkout"]["id"], "name": "checkout", "impact_level": "primary"},
    ]
    assert row_counts(app)["incident_services"] == 2

    events = timeline(client, responder, inc["id"])
    assert [e["event_type"] for e in events] == ["incident_created"]
    assert events[0]["actor"]["username"] == responder.username
    assert events[0]["metadata"]["services"] == [
        {"service": "payments", "impact_level": "secondary"},
        {"service": "checkout", "impact_level": "primary"},
    ]


def test_create_keeps_given_started_at(client: FlaskClient, responder: Actor) -> None:
    started = datetime.now(timezone(timedelta(hours=2))) - timedelta(hours=2)
    inc = make_incident(client, responder, started_at=started.isoformat())
    assert ts(inc["started_at"]) == started
    assert ts(inc["started_at"]).utcoffset() == timedelta(0)  # stored and answered in UTC
    assert ts(inc["detected_at"]) > started
    assert inc["services"] == []


# fmt: off
BAD_CREATES = [
    ({"started_at": iso(timedelta(hours=1))}, "started_at"),
    ({"started_at": "2024-01-01T10:00:00"}, "started_at"),  # naive
    ({"services": [{"name": "nope"}]}, "services.0"),
    ({"services": [{"name": "checkout"}, {"service_id": str(uuid.uuid4())}]}, "services.1"),
    ({"services": [{"name": "checkout"}, {"name": "checkout"}]}, "services.1"),
    ({"services": [{"name": "checkout", "service_id": str(uuid.uuid4())}]}, "services.0"),
    ({"services": [{"impact_level": "primary"}]}, "services.0"),
    ({"services": [{"name": "checkout", "impact_level": "huge"}]}, "services.0.impact_level"),
    ({"severity": "sev1"}, "severity"), ({"title": ""}, "title"), ({"title": "   "}, "title"),
    ({"commander_id": str(uuid.uuid4())}, "commander_id"), ({"unexpected": 1}, "unexpected"),
]
# fmt: on


@pytest.mark.parametrize(("changes", "field"), BAD_CREATES)
def test_invalid_create_writes_nothing(
    app: Flask, client: FlaskClient, responder: Actor, services: dict, changes: dict, field: str
) -> None:
    before = row_counts(app)
    body = {"title": "t", "severity": "low", "services": [{"name": "checkout"}], **changes}
    response = client.post("/api/incidents", json=body, headers=responder.headers)
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["error"]["code"] == "validation_error"
    assert field in error_fields(response)
    assert row_counts(app) == before
    assert before["incidents"] == before["incident_services"] == before["timeline_events"] == 0


def test_create_needs_responder_and_token(
    app: Flask, client: FlaskClient, viewer: Actor, services: dict
) -> None:
    body = {"title": "t", "severity": "low"}
    forbidden = client.post("/api/incidents", json=body, headers=viewer.headers)
    assert forbidden.status_code == 403
    assert forbidden.get_json()["error"]["code"] == "forbidden"
    assert client.post("/api/incidents", json=body).status_code == 401
    assert row_counts(app)["incidents"] == 0


# --- read and list ------------------------------------------------------------------------


def test_get_one_and_unknown(client: FlaskClient, responder: Actor, viewer: Actor, services):
    inc = make_incident(client, responder, ["checkout", "search"])
    got = client.get(f"/api/incidents/{inc['id']}", headers=viewer.headers)
    assert got.status_code == 200
    assert got.get_json() == inc
    assert [s["name"] for s in got.get_json()["services"]] == ["checkout", "search"]
    missing = client.get(f"/api/incidents/{uuid.uuid4()}", headers=viewer.headers)
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/api/incidents/{inc['id']}").status_code == 401


def test_list_filters(client: FlaskClient, responder: Actor, viewer: Actor, services) -> None:
    a = make_incident(
        client, responder, ["checkout"], title="a", severity="critical", started_at=ago(3)
    )
    b = make_incident(client, responder, ["payments"], title="b", severity="low", started_at=ago(2))
    make_incident(client, responder, ["checkout", "search"], title="c", started_at=ago(1))
    patch_incident(client, responder, a["id"], status="investigating")
    patch_incident(client, responder, b["id"], status="mitigated")

    def titles(**params: Any) -> str:
        return " ".join(_titles(client, viewer, **params))

    assert titles() == "c b a"
    assert titles(status="open") == "c"
    assert titles(status="open,investigating") == "c a"
    assert titles(severity="critical,low") == "b a"
    assert titles(severity="high") == "c"
    assert titles(service="checkout") == "c a"
    assert titles(service=services["search"]["id"]) == "c"
    assert titles(service=str(uuid.uuid4())) == ""
    assert titles(since=ago(2.5)) == "c b"
    assert titles(until=ago(1.5)) == "b a"
    assert titles(since=ago(2.5), until=ago(1.5), severity="low", status="mitigated") == "b"
    assert titles(since=ago(2.5), until=ago(1.5), status="open") == ""


def test_list_sorts(client: FlaskClient, responder: Actor, viewer: Actor) -> None:
    for hours, severity in ((4, "medium"), (3, "critical"), (2, "low"), (1, "high")):
        make_incident(client, responder, title=severity, severity=severity, started_at=ago(hours))
    ids = {i["title"]: i["id"] for i in _list(client, viewer)["items"]}
    resolve(client, responder, ids["medium"])
    patch_incident(client, responder, ids["low"], status="investigating")
    patch_incident(client, responder, ids["critical"], status="mitigated")

    def titles(**params: Any) -> list[str]:
        return _titles(client, viewer, **params)

    assert titles() == ["high", "low", "critical", "medium"]
    assert titles(sort="-started_at") == ["high", "low", "critical", "medium"]
    assert titles(sort="started_at") == ["medium", "critical", "low", "high"]
    # severity ranks critical > high > medium > low
    assert titles(sort="-severity") == ["critical", "high", "medium", "low"]
    assert titles(sort="severity") == ["low", "medium", "high", "critical"]
    # status ranks along the lifecycle: open < investigating < mitigated < resolved
    assert titles(sort="status") == ["high", "low", "critical", "medium"]
    assert titles(sort="-status") == ["medium", "critical", "low", "high"]
    assert titles(sort="-updated_at")[0] == "critical"


def test_list_pagination(client: FlaskClient, responder: Actor, viewer: Actor) -> None:
    for n in range(5):
        make_incident(client, responder, title=f"i{n}", started_at=ago(n / 60))
    first = _list(client, viewer, per_page=2)
    assert (first["total"], first["page"], first["per_page"]) == (5, 1, 2)
    assert [i["title"] for i in first["items"]] == ["i0", "i1"]
    assert _titles(client, viewer, per_page=2, page=3) == ["i4"]
    assert _titles(client, viewer, per_page=2, page=4) == []
    assert _list(client, viewer, per_page=100)["total"] == 5


# fmt: off
BAD_QUERIES = [
    {"per_page": 101}, {"per_page": 0}, {"page": 0}, {"page": "x"}, {"status": "open,closed"},
    {"severity": "urgent"}, {"sort": "title"}, {"since": "yesterday"},
    {"until": "2024-01-01T00:00:00"},
]
# fmt: on


@pytest.mark.parametrize("bad", BAD_QUERIES)
def test_list_rejects_bad_query(client: FlaskClient, viewer: Actor, bad: dict) -> None:
    response = client.get("/api/incidents", query_string=bad, headers=viewer.headers)
    assert response.status_code == 422
    assert error_fields(response) == [f"query.{next(iter(bad))}"]


def test_list_has_no_n_plus_one(app: Flask, client: FlaskClient, viewer: Actor) -> None:
    seed_incidents(app, 0, 5)
    _list(client, viewer)  # warm up connections and caches
    small, page = count_statements(app, lambda: _list(client, viewer, per_page=100))
    assert page["total"] == 5
    seed_incidents(app, 5, 35)
    large, page = count_statements(app, lambda: _list(client, viewer, per_page=100))
    assert page["total"] == 40 and len(page["items"]) == 40
    for item in page["items"]:
        assert len(item["services"]) == 2 and item["commander"] and item["created_by"]
    assert small == large
    assert large <= 10, large


# --- lifecycle ----------------------------------------------------------------------------


def test_acknowledge_sets_exact_mtta(client: FlaskClient, responder: Actor) -> None:
    inc = make_incident(client, responder, started_at=ago(7 / 60))
    out = patch_incident(client, responder, inc["id"], status="investigating")
    assert out["status"] == "investigating"
    acked, started = ts(out["acknowledged_at"]), ts(out["started_at"])
    assert out["mtta_seconds"] == (acked - started).total_seconds()
    assert 420 <= out["mtta_seconds"] < 480
    assert out["mitigated_at"] is None and out["mttr_seconds"] is None
    events = timeline(client, responder, inc["id"])
    assert [e["event_type"] for e in events] == ["incident_created", "status_changed"]
    assert events[1]["metadata"] == {"from": "open", "to": "investigating"}


def test_resolve_requires_root_cause_and_resolution(
    app: Flask, client: FlaskClient, responder: Actor
) -> None:
    inc = make_incident(client, responder)
    url = f"/api/incidents/{inc['id']}"
    before = row_counts(app)
    for body, missing in (
        ({"status": "resolved"}, ["root_cause", "resolution"]),
        ({"status": "resolved", "root_cause": "disk full"}, ["resolution"]),
        ({"status": "resolved", "resolution": "", "root_cause": "x"}, ["resolution"]),
    ):
        response = client.patch(url, json=body, headers=responder.headers)
        assert response.status_code == 422, body
        assert error_fields(response) == missing
        assert row_counts(app) == before
    got = client.get(url, headers=responder.headers).get_json()
    assert (got["status"], got["root_cause"], got["acknowledged_at"]) == ("open", None, None)


@pytest.mark.parametrize("path", [["investigating"], ["mitigated"], []])
def test_resolve_sets_exact_mttr(client: FlaskClient, responder: Actor, path: list[str]) -> None:
    inc = make_incident(client, responder, started_at=ago(1))
    for status in path:
        patch_incident(client, responder, inc["id"], status=status)
    out = resolve(client, responder, inc["id"])
    started, resolved = ts(out["started_at"]), ts(out["resolved_at"])
    acked = ts(out["acknowledged_at"])
    assert out["status"] == "resolved" and out["timeline_locked"] is True
    assert (out["root_cause"], out["resolution"]) == ("bad deploy", "rolled back")
    assert out["mttr_seconds"] == (resolved - started).total_seconds()
    assert out["mtta_seconds"] == (acked - started).total_seconds()
    assert 3600 <= out["mttr_seconds"] < 3660
    assert started < acked <= ts(out["mitigated_at"]) <= resolved
    if not path:  # a forward skip acknowledges, mitigates and resolves at once
        assert acked == resolved == ts(out["mitigated_at"])
        assert out["mtta_seconds"] == out["mttr_seconds"]
    stored = client.get(f"/api/incidents/{inc['id']}", headers=responder.headers).get_json()
    assert stored == out
    last = timeline(client, responder, inc["id"])[-1]
    assert last["event_type"] == "incident_resolved"
    assert last["metadata"]["mttr_seconds"] == out["mttr_seconds"]
    assert last["metadata"]["mtta_seconds"] == out["mtta_seconds"]


def test_mitigated_can_return_to_investigating(client: FlaskClient, responder: Actor) -> None:
    inc = make_incident(client, responder)
    mitigated = patch_incident(client, responder, inc["id"], status="mitigated")
    assert mitigated["mitigated_at"] == mitigated["acknowledged_at"]
    back = patch_incident(client, responder, inc["id"], status="investigating")
    assert back["status"] == "investigating"
    assert back["acknowledged_at"] == mitigated["acknowledged_at"]
    assert back["mtta_seconds"] == mitigated["mtta_seconds"]
    assert event_types(client, responder, inc["id"])[-2:] == ["status_changed"] * 2


ALLOWED = ["mitigated", "resolved"]


def test_backward_transition_is_409(app: Flask, client: FlaskClient, responder: Actor) -> None:
    inc = make_incident(client, responder)
    patch_incident(client, responder, inc["id"], status="investigating")
    before = row_counts(app)
    response = client.patch(
        f"/api/incidents/{inc['id']}",
        json={"status": "open", "severity": "critical", "title": "renamed"},
        headers=responder.headers,
    )
    assert response.status_code == 409
    err = response.get_json()["error"]
    assert err["code"] == "invalid_transition"
    assert err["details"] == {"from": "investigating", "to": "open", "allowed": ALLOWED}
    assert row_counts(app) == before
    got = client.get(f"/api/incidents/{inc['id']}", headers=responder.headers).get_json()
    assert (got["title"], got["severity"]) == ("Checkout latency", "high")


@pytest.mark.parametrize(
    "body",
    [
        {"status": "resolved", "root_cause": "other", "resolution": "other"},  # a second resolve
        {"title": "again"},
        {"status": "investigating"},
        {"severity": "low"},
    ],
)
def test_resolved_incident_is_frozen(app: Flask, client: FlaskClient, responder, admin, body):
    inc = make_incident(client, responder)
    first = resolve(client, responder, inc["id"])
    before = row_counts(app)
    response = client.patch(f"/api/incidents/{inc['id']}", json=body, headers=admin.headers)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "incident_resolved"
    assert row_counts(app) == before
    got = client.get(f"/api/incidents/{inc['id']}", headers=responder.headers).get_json()
    assert got == first
    assert event_types(client, responder, inc["id"]).count("incident_resolved") == 1


# fmt: off
BAD_PATCHES = [
    ({}, "body"), ({"title": None}, "title"), ({"status": None}, "status"),
    ({"description": None}, "description"), ({"services": None}, "services"),
    ({"severity": "sev0"}, "severity"), ({"status": "closed"}, "status"),
    ({"commander_id": str(uuid.uuid4())}, "commander_id"),
    ({"services": [{"name": "ghost"}]}, "services.0"),
]
# fmt: on


@pytest.mark.parametrize(("body", "field"), BAD_PATCHES)
def test_invalid_patch_is_422(app, client: FlaskClient, responder: Actor, body, field) -> None:
    inc = make_incident(client, responder)
    before = row_counts(app)
    response = client.patch(f"/api/incidents/{inc['id']}", json=body, headers=responder.headers)
    assert response.status_code == 422, response.get_json()
    assert field in error_fields(response)
    assert row_counts(app) == before


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"severity": "critical"}, ["severity_changed"]),
        ({"commander": True}, ["commander_assigned"]),
        ({"services": [{"name": "payments", "impact_level": "tertiary"}]}, ["services_changed"]),
        ({"title": "New title", "description": "more"}, ["incident_updated"]),
        ({"root_cause": "a cert expired"}, ["incident_updated"]),
        ({"status": "investigating"}, ["status_changed"]),
        ({"severity": "high", "title": "Checkout latency"}, []),  # no-op values record nothing
        ({"severity": "low", "status": "mitigated"}, ["severity_changed", "status_changed"]),
    ],
)
def test_each_change_records_its_event(
    client: FlaskClient, responder: Actor, admin: Actor, services, changes, expected
) -> None:
    inc = make_incident(client, responder, ["checkout"])
    if changes.pop("commander", False):
        changes["commander_id"] = str(admin.user_id)
    out = patch_incident(client, responder, inc["id"], **changes)
    events = timeline(client, responder, inc["id"])
    assert [e["event_type"] for e in events] == ["incident_created", *expected]
    assert all(e["actor"]["username"] == responder.username for e in events)
    if "commander_id" in changes:
        assert out["commander"]["username"] == admin.username
        assert events[-1]["metadata"] == {"commander_id": str(admin.user_id)}
    if "services" in changes:
        assert [(s["name"], s["impact_level"]) for s in out["services"]] == [
            ("payments", "tertiary")
        ]
    if "severity" in changes:
        assert out["severity"] == changes["severity"]


def test_patch_auth(client: FlaskClient, responder: Actor, viewer: Actor, app: Flask) -> None:
    inc = make_incident(client, responder)
    url = f"/api/incidents/{inc['id']}"
    before = row_counts(app)
    forbidden = client.patch(url, json={"title": "x"}, headers=viewer.headers)
    assert forbidden.status_code == 403
    assert client.patch(url, json={"title": "x"}).status_code == 401
    assert row_counts(app) == before
    missing = client.patch(
        f"/api/incidents/{uuid.uuid4()}", json={"title": "x"}, headers=responder.headers
    )
    assert missing.status_code == 404
