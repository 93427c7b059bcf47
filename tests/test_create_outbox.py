"""POST /api/incidents: the incident and its queued analysis run (the outbox record) commit in
one transaction, and creating one costs a pinned number of SQL statements."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from conftest import Actor
from flask import Flask
from flask.testing import FlaskClient
from helpers import count_statements, make_incident, make_service
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from incident_app.correlation import jobs
from incident_app.extensions import db
from incident_app.models import AnalysisRun, Incident, IncidentService, TimelineEvent

# Authentication, the services' lookup, four INSERTs (incident, event, link, run), and the
# UPDATE noting that RQ has the run. The response is built from the flushed objects.
CREATE_STATEMENTS = 7


@contextmanager
def commits() -> Iterator[list[set[str]]]:
    """The tables each committed transaction inserted into, in commit order."""
    done: list[set[str]] = []
    pending: set[str] = set()

    def flushed(session: Session, _ctx: Any, _instances: Any) -> None:
        pending.update(type(o).__tablename__ for o in session.new)

    def committed(_session: Session) -> None:
        done.append(set(pending))
        pending.clear()

    def rolled_back(_session: Session) -> None:
        pending.clear()

    listeners: list[tuple[str, Callable[..., None]]] = [
        ("before_flush", flushed),
        ("after_commit", committed),
        ("after_rollback", rolled_back),
    ]
    for name, fn in listeners:
        event.listen(Session, name, fn)
    try:
        yield done
    finally:
        for name, fn in listeners:
            event.remove(Session, name, fn)


def _counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) or 0
            for m in (Incident, TimelineEvent, IncidentService, AnalysisRun)
        }


def test_incident_and_run_commit_together(
    app: Flask, client: FlaskClient, admin: Actor, responder: Actor
) -> None:
    make_service(client, admin, "checkout")
    with commits() as done:
        out = make_incident(client, responder, ["checkout"])
    created = {"incidents", "timeline_events", "incident_services", "analysis_runs"}
    assert [tables for tables in done if tables & created] == [created]
    with app.app_context():
        runs = db.session.scalars(select(AnalysisRun)).all()
        assert [str(r.incident_id) for r in runs] == [out["id"]]
        assert runs[0].trigger == "incident_created" and runs[0].dispatched_at is not None


def test_a_failed_commit_leaves_neither_incident_nor_run(
    app: Flask, client: FlaskClient, admin: Actor, responder: Actor
) -> None:
    """The process dies as the run is written: nothing of the incident may remain."""
    make_service(client, admin, "checkout")

    def crash(session: Session, _ctx: Any, _instances: Any) -> None:
        if any(isinstance(o, AnalysisRun) for o in session.new):
            raise RuntimeError("the process died")

    event.listen(Session, "before_flush", crash)
    try:
        response = client.post(
            "/api/incidents",
            json={"title": "Checkout down", "severity": "high", "services": [{"name": "checkout"}]},
            headers=responder.headers,
        )
    except RuntimeError:  # the app may let it propagate in testing
        response = None
    finally:
        event.remove(Session, "before_flush", crash)
    assert response is None or response.status_code == 500
    assert _counts(app) == {
        "incidents": 0,
        "timeline_events": 0,
        "incident_services": 0,
        "analysis_runs": 0,
    }


def test_create_statement_count_is_pinned(
    app: Flask, client: FlaskClient, admin: Actor, responder: Actor
) -> None:
    make_service(client, admin, "checkout")
    make_incident(client, responder, ["checkout"])  # warm up connections and caches
    statements, out = count_statements(app, lambda: make_incident(client, responder, ["checkout"]))
    assert out["services"][0]["name"] == "checkout"
    assert statements == CREATE_STATEMENTS, statements


def test_create_answers_what_it_stored(client: FlaskClient, admin: Actor, responder: Actor) -> None:
    """The response is built before the commit: it must equal what a read returns."""
    make_service(client, admin, "checkout")
    make_service(client, admin, "payments")
    out = make_incident(
        client,
        responder,
        ["payments", "checkout"],
        started_at="2026-01-02T03:04:05.123456+02:00",
        commander_id=str(admin.user_id),
        description="card errors",
        metadata={"ticket": "OPS-1", "nested": {"b": 1.5, "a": [1, "x", None]}},
    )
    assert out["started_at"] == "2026-01-02T01:04:05.123456Z"
    read = client.get(f"/api/incidents/{out['id']}", headers=responder.headers)
    assert read.get_json() == out


def test_a_dispatch_after_an_outage_relays_the_backlog(
    app: Flask, client: FlaskClient, admin: Actor, responder: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run left undispatched while Redis was down goes out with the process's next dispatch."""
    real = jobs.dispatch

    def down(*_args: Any, **_kwargs: Any) -> bool:
        raise redis.ConnectionError("Redis is down")

    monkeypatch.setattr(jobs, "dispatch", down)
    make_incident(client, responder)
    with app.app_context():
        assert db.session.scalars(select(AnalysisRun.dispatched_at)).all() == [None]
    monkeypatch.setattr(jobs, "dispatch", real)
    make_incident(client, responder)
    with app.app_context():
        dispatched = db.session.scalars(select(AnalysisRun.dispatched_at)).all()
        assert len(dispatched) == 2 and None not in dispatched
