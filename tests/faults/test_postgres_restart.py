"""PostgreSQL restarts under a running app: requests meanwhile get a quick 503
`database_unavailable` (JSON, nothing half-written) and, once it is back, the same app serves
again without a restart (the pool's pre-ping replaces the dead connections)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MIGRATIONS, create_actor, make_app
from fault_harness import add_services, counts, free_port
from flask_migrate import upgrade

from incident_app.extensions import db
from incident_app.models import Role

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PrivatePostgres:
    """A throwaway cluster on a free port. initdb refuses to run as root, so as root the
    cluster belongs to the `postgres` system user."""

    def __init__(self, datadir: Path, port: int) -> None:
        self.datadir, self.port = datadir, port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/rootline"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + list(command), check=True, capture_output=True, timeout=120)

    def pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.datadir}"
        log = str(self.datadir / "server.log")
        self._run(
            str(PG_BIN / "pg_ctl"),
            action,
            "-D",
            str(self.datadir / "data"),
            "-o",
            options,
            "-l",
            log,
            "-w",
            *extra,
        )

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.datadir / "data"), "-U", "postgres")
        self.pg_ctl("start")
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "rootline")


@pytest.fixture
def private_pg() -> Iterator[PrivatePostgres]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL server binaries are not in {PG_BIN}")
    datadir = Path(tempfile.mkdtemp(prefix="rootline-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(datadir, user.pw_uid, user.pw_gid)
    server = PrivatePostgres(datadir, free_port())
    server.init()
    try:
        yield server
    finally:
        try:
            server.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(datadir, ignore_errors=True)


def test_requests_fail_fast_while_postgres_is_down_and_recover_without_restart(
    private_pg: PrivatePostgres,
) -> None:
    eng = make_app(private_pg.url)
    with eng.app_context():
        upgrade(directory=MIGRATIONS)
    client = eng.test_client()
    admin = create_actor(eng, Role.admin)
    add_services(client, admin, "payments")
    incident = {
        "title": "Payments down",
        "severity": "critical",
        "services": [{"name": "payments"}],
    }
    assert client.post("/api/incidents", json=incident, headers=admin.headers).status_code == 201
    before = counts(eng)
    assert (before["incidents"], before["runs"], before["events"]) == (
        1,
        {"queued": 1},
        {"incident_created": 1},
    )

    private_pg.pg_ctl("restart", "-m", "fast")  # every pooled connection is now dead
    assert client.get("/api/incidents", headers=admin.headers).status_code == 200

    private_pg.pg_ctl("stop", "-m", "fast")
    for method, body in (("get", None), ("post", incident)):
        answer = getattr(client, method)("/api/incidents", json=body, headers=admin.headers)
        assert answer.status_code == 503 and answer.is_json, answer.get_data(as_text=True)
        assert answer.get_json()["error"]["code"] == "database_unavailable"
        assert answer.headers["Retry-After"] == "1"
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["status"] == "down"

    private_pg.pg_ctl("start")
    assert client.get("/api/incidents", headers=admin.headers).get_json()["total"] == 1
    assert client.post("/api/incidents", json=incident, headers=admin.headers).status_code == 201
    after = counts(eng)
    assert (after["incidents"], after["runs"], after["events"]) == (
        2,
        {"queued": 2},
        {"incident_created": 2},
    )
    with eng.app_context():
        db.engine.dispose()
