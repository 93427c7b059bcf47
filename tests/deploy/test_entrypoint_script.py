"""docker/entrypoint.sh run for real, with stub `flask` and `gunicorn` on PATH that record how
they were called."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from deploy_files import ENTRYPOINT, entrypoint_roles

STUBS = ("flask", "gunicorn")


@pytest.fixture
def stubs(tmp_path: Path) -> Path:
    for name in STUBS:
        stub = tmp_path / name
        stub.write_text(
            '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'
            'if [ "$(basename "$0") $*" = "$FAIL" ]; then exit 3; fi\n'
        )
        stub.chmod(0o755)
    return tmp_path


def run(stubs: Path, *args: str, **env: str) -> tuple[int, list[str], str]:
    calls = stubs / "calls.log"
    calls.unlink(missing_ok=True)
    result = subprocess.run(
        ["sh", str(ENTRYPOINT), *args],
        env={"PATH": f"{stubs}:/usr/bin:/bin", "CALLS": str(calls), "FAIL": "", **env},
        capture_output=True,
        text=True,
        timeout=10,
    )
    lines = calls.read_text().splitlines() if calls.exists() else []
    return result.returncode, lines, result.stdout + result.stderr


def test_api_migrates_then_serves_with_the_shared_gunicorn_config(stubs: Path) -> None:
    code, calls, _ = run(stubs, "api", "--timeout", "5")
    assert code == 0
    assert calls == [
        "flask --app incident_app db upgrade",
        "gunicorn -c python:incident_app.gunicorn_conf --timeout 5 wsgi:app",
    ]


def test_api_without_migrations_and_no_serving_after_a_failed_upgrade(stubs: Path) -> None:
    _, calls, _ = run(stubs, "api", ROOTLINE_MIGRATE_ON_START="false")
    assert calls == ["gunicorn -c python:incident_app.gunicorn_conf wsgi:app"]
    code, calls, _ = run(stubs, "api", FAIL="flask --app incident_app db upgrade")
    assert code == 3 and calls == ["flask --app incident_app db upgrade"]


def test_default_role_is_api(stubs: Path) -> None:
    _, calls, _ = run(stubs)
    assert calls[-1] == "gunicorn -c python:incident_app.gunicorn_conf wsgi:app"


@pytest.mark.parametrize(
    ("role", "env", "expected"),
    [
        ("worker", {}, "flask --app incident_app worker --burst"),
        ("migrate", {}, "flask --app incident_app db upgrade --burst"),
        ("slo-evaluator", {}, "flask --app incident_app slo evaluate --every 60 --burst"),
        (
            "slo-evaluator",
            {"SLO_EVALUATE_EVERY": "15"},
            "flask --app incident_app slo evaluate --every 15 --burst",
        ),
    ],
)
def test_roles_run_their_command(
    stubs: Path, role: str, env: dict[str, str], expected: str
) -> None:
    code, calls, _ = run(stubs, role, "--burst", **env)
    assert code == 0 and calls == [expected]


def test_there_is_no_standalone_dashboard_role() -> None:
    """The job dashboard is the API's /rq (admins only, rate-limited, same-origin writes); a
    second one on its own port had none of that."""
    assert "rq-dashboard" not in entrypoint_roles()


def test_any_other_command_is_executed_as_is(stubs: Path) -> None:
    code, calls, output = run(stubs, "echo", "hello", "world")
    assert code == 0 and calls == [] and output == "hello world\n"
