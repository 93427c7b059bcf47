"""Issue 15 items 3, 4 and 17 on the job dashboard (/rq): HTTP Basic spends the login limits
and caches successful checks briefly (without outliving a password change or a disabled
account); cross-site writes are refused and no GET changes jobs; redirects never name the Host
header's host."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import Actor, create_actor, make_app
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue
from rq.job import JobStatus
from werkzeug.test import TestResponse

from incident_app.auth import service
from incident_app.auth.passwords import hash_password
from incident_app.correlation.outbox import SERIALIZER
from incident_app.extensions import db, get_redis
from incident_app.models import Role, User

PASSWORD = "correct-horse-battery"
ATTACKER = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture
def dash(pg_url: str, app: Flask) -> Iterator[Flask]:
    """3 password checks a minute per address and account, 5 per address, in private memory
    (the limiter is process-wide: a default app afterwards puts it back on Redis)."""
    yield make_app(
        pg_url,
        LOGIN_RATE_LIMIT="3 per minute",
        LOGIN_IP_RATE_LIMIT="5 per minute",
        RATELIMIT_STORAGE_URI="memory://",
    )
    make_app(pg_url)


@pytest.fixture
def boss(dash: Flask) -> Actor:
    return create_actor(dash, Role.admin, username="boss")


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every bcrypt check authenticate() makes."""
    made: list[str] = []
    real = service.check_password

    def counting(password: str, password_hash: str | None) -> bool:
        made.append(password)
        return real(password, password_hash)

    monkeypatch.setattr(service, "check_password", counting)
    return made


def basic(username: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def get(client: FlaskClient, password: str, path: str = "/rq/", **kw: Any) -> TestResponse:
    return client.get(path, headers=basic("boss", password), environ_base=ATTACKER, **kw)


def failed_job(app: Flask) -> tuple[Queue, str]:
    with app.app_context():
        jobs = Queue("correlation", connection=get_redis(), serializer=SERIALIZER)
        job = jobs.enqueue("incident_app.correlation.jobs.run_analysis_job", "gone")
        jobs.remove(job)
        job.set_status(JobStatus.FAILED)
        jobs.failed_job_registry.add(job, ttl=-1)
        return jobs, job.id


# Item 3 --------------------------------------------------------------------------------------


def test_basic_guessing_is_throttled_and_shares_the_login_budget(
    dash: Flask, boss: Actor, checks: list[str]
) -> None:
    client = dash.test_client()
    wrong = client.post(
        "/api/auth/login",
        json={"username": "boss", "password": "guess-at-the-form"},
        environ_base=ATTACKER,
    )
    assert wrong.status_code == 401
    for _ in range(2):
        assert get(client, "guess-at-rq").status_code == 401
    limited = get(client, "guess-at-rq")
    assert limited.status_code == 429
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert get(client, PASSWORD).status_code == 429  # no oracle while limited
    login = client.post(
        "/api/auth/login", json={"username": "boss", "password": PASSWORD}, environ_base=ATTACKER
    )
    assert login.status_code == 429  # /rq spent the login form's budget too
    assert len(checks) == 3  # bcrypt ran for the three allowed guesses only


def test_successful_basic_checks_are_cached_but_not_past_a_password_change(
    dash: Flask, boss: Actor, checks: list[str]
) -> None:
    client = dash.test_client()
    for _ in range(6):  # more than the limit allows: cached checks are not password checks
        assert get(client, PASSWORD).status_code == 200
    assert len(checks) == 1
    with dash.app_context():
        user = db.session.get(User, boss.user_id)
        assert user is not None
        user.password_hash = hash_password("a-brand-new-password")
        db.session.commit()
    assert get(client, PASSWORD).status_code == 401
    assert get(client, "a-brand-new-password").status_code == 200


@pytest.mark.parametrize("change", ["disabled", "demoted"])
def test_a_cached_admin_loses_access_at_once(dash: Flask, boss: Actor, change: str) -> None:
    client = dash.test_client()
    assert get(client, PASSWORD).status_code == 200
    with dash.app_context():
        user = db.session.get(User, boss.user_id)
        assert user is not None
        if change == "disabled":
            user.is_active = False
        else:
            user.role = Role.viewer
        db.session.commit()
    assert get(client, PASSWORD).status_code == 401


# Item 4 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "http://localhost.evil.example"},
    ],
)
def test_cross_site_writes_are_refused(dash: Flask, boss: Actor, source: dict[str, str]) -> None:
    jobs, job_id = failed_job(dash)
    response = dash.test_client().post(
        "/rq/queue/correlation/failed/empty", headers={**basic("boss", PASSWORD), **source}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "cross_origin"
    assert job_id in jobs.failed_job_registry


@pytest.mark.parametrize(
    "source", [{"Origin": "http://localhost"}, {"Referer": "http://localhost/rq/"}, {}]
)
def test_same_site_and_non_browser_writes_work(
    dash: Flask, boss: Actor, source: dict[str, str]
) -> None:
    jobs, job_id = failed_job(dash)
    response = dash.test_client().post(
        "/rq/queue/correlation/failed/empty", headers={**basic("boss", PASSWORD), **source}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert job_id not in jobs.failed_job_registry


def test_an_origin_cors_origins_trusts_may_write(pg_url: str, app: Flask) -> None:
    """Behind a proxy that rewrites Host, the public origin is named in CORS_ORIGINS."""
    proxied = make_app(pg_url, CORS_ORIGINS=["https://rootline.example.com"])
    create_actor(proxied, Role.admin, username="boss")
    jobs, job_id = failed_job(proxied)
    client = proxied.test_client()
    for origin, status in (("https://evil.example", 403), ("https://Rootline.example.com", 200)):
        response = client.post(
            "/rq/queue/correlation/failed/empty",
            headers={**basic("boss", PASSWORD), "Origin": origin},
            base_url="http://rootline:9000",
        )
        assert response.status_code == status
    assert job_id not in jobs.failed_job_registry


def test_requeue_all_changes_nothing_on_get(dash: Flask, boss: Actor) -> None:
    jobs, job_id = failed_job(dash)
    client = dash.test_client()
    response = client.get("/rq/requeue/correlation", headers=basic("boss", PASSWORD))
    assert response.status_code == 405 and response.headers["Allow"] == "POST"
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert job_id in jobs.failed_job_registry
    posted = client.post(
        "/rq/requeue/correlation",
        headers={**basic("boss", PASSWORD), "Origin": "http://localhost"},
    )
    assert posted.status_code == 200 and posted.get_json()["count"] == 1
    assert job_id not in jobs.failed_job_registry


# Item 17 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/rq/0/", "/rq"])
def test_redirects_name_a_path_not_the_host_header(dash: Flask, boss: Actor, path: str) -> None:
    client = dash.test_client()
    response = client.get(path, headers=basic("boss", PASSWORD), base_url="http://evil.example")
    assert response.status_code in (301, 308)
    assert response.headers["Location"] == "/rq/"


def test_basic_checks_stay_limited_while_the_limit_storage_is_down(pg_url: str, app: Flask) -> None:
    """Redis (the counters) unreachable: no 500, and guesses are still counted (in memory)."""
    down = make_app(
        pg_url,
        LOGIN_RATE_LIMIT="2 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
    )
    try:
        create_actor(down, Role.admin, username="boss")
        client = down.test_client()
        assert [get(client, "guess").status_code for _ in range(3)] == [401, 401, 429]
        assert get(client, PASSWORD).status_code == 429
    finally:
        make_app(pg_url)
