"""Schemathesis against the app's own /api/openapi.json, in-process over WSGI, on the real
PostgreSQL test database, as an admin: every operation, valid and invalid data, aimed both at
random ids and at seeded objects.

One test drives every operation itself, so the case count it asserts is the whole run's even
under `pytest -n 2`. Each operation is fuzzed in a fixed order (reads, creates, updates, then
deletes, so the seeded objects live as long as possible) with Hypothesis derandomized: the same
cases on every run. Every failure is collected (first one per operation and kind) and reported
at once.

No operation is left out: the simulation is on (so /api/test/* answer rather than 404, reset and
recover run last), the event stream lasts 50 ms, SLO routes reach a real (empty) Prometheus,
the receivers get their integration's token, /refresh the refresh token, /logout a fresh
access token each time (it revokes the one it is called with), and /logout/everywhere and
/password a new viewer's token (they end all of their user's tokens).

Beside schemathesis, which only sends well-formed JSON, every operation that takes a body gets
the shapes an outside fuzzer found 500s with: no body, no content type, nesting beyond the limit
(and beyond Python's recursion limit), NaN and Infinity, and a lone surrogate.
"""

from __future__ import annotations

import copy
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from conftest import make_app
from flask import Flask
from fuzz_world import World, seed
from hypothesis import HealthCheck, Phase, given, settings
from prom_harness import prometheus_from_config
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from incident_app.extensions import db
from incident_app.simulation.runtime import EXTENSION

MIN_CASES = 2000
EXAMPLES = 20  # per operation, generation mode and id set; small parameter spaces stop earlier
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
METHOD_ORDER = {"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}
# Run last: they end the objects (or the simulated faults) the other operations aim at.
LAST = {("POST", "/api/test/reset"), ("POST", "/api/test/recover")}
# Calls that end every token of their user: made as a throwaway user, not the admin.
ENDS_USER_TOKENS = {"/api/auth/logout/everywhere", "/api/auth/password"}
JSON = "application/json"
RAW_SHAPES: dict[str, tuple[bytes, str | None]] = {
    "no body": (b"", JSON),
    "no content type": (b'{"title": "t", "name": "n"}', None),
    "nested past the limit": (b'{"metadata": {"a": ' + b"[" * 100 + b"]" * 100 + b"}}", JSON),
    "nested past recursion": (b"[" * 50_000 + b"]" * 50_000, JSON),
    "NaN": (b'{"title": "t", "metadata": {"a": NaN}, "target": NaN}', JSON),
    "Infinity": (b'{"title": "t", "value": -Infinity}', JSON),
    "lone surrogate": (b'{"title": "\\ud800", "metadata": {"\\udfff": 1}}', JSON),
}
PATH_PARAMETER = re.compile(r"\{(\w+)\}")
ERROR_KEYS = {"code", "message", "details"}


@dataclass
class Tally:
    cases: int = 0
    per_operation: dict[str, int] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)


def strict_schema(app: Flask) -> dict[str, Any]:
    """The published document minus each operation's catch-all `default` response, so that
    status_code_conformance fails on any status the operation does not list explicitly."""
    spec: dict[str, Any] = copy.deepcopy(app.test_client().get("/api/openapi.json").get_json())
    for methods in spec["paths"].values():
        for entry in methods.values():
            entry["responses"].pop("default", None)
    return spec


def order(operation: Any) -> tuple[int, int, str]:
    key = (operation.method.upper(), operation.path)
    return (key in LAST, METHOD_ORDER[operation.method.lower()], operation.path)


def headers_for(operation: Any, world: World, app: Flask) -> Callable[[], dict[str, str]]:
    """The credentials an operation takes: an integration's token for the receivers, the
    refresh token for /refresh, a throwaway access token for /logout (it revokes it)."""
    kind = operation.definition.raw.get("x-integration-kind")
    if kind:
        token = world.integration_tokens[kind]
        return lambda: {"Authorization": f"Bearer {token}"}
    if operation.path == "/api/auth/refresh":
        return lambda: {"Authorization": f"Bearer {world.admin.refresh_token}"}
    if operation.path == "/api/auth/logout":
        return lambda: {"Authorization": f"Bearer {world.fresh_access_token(app)}"}
    if operation.path in ENDS_USER_TOKENS:
        return lambda: {"Authorization": f"Bearer {world.spare_user_token(app)}"}
    return lambda: dict(world.admin.headers)


def fuzz(
    operation: Any,
    mode: schemathesis.GenerationMode,
    path_parameters: dict[str, str] | None,
    auth: Callable[[], dict[str, str]],
    tally: Tally,
) -> None:
    label = f"{operation.method.upper()} {operation.path}"
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        tally.cases += 1
        tally.per_operation[label] = tally.per_operation.get(label, 0) + 1
        try:
            response = case.call_and_validate(headers=auth(), checks=CHECKS)
            tally.statuses[response.status_code] += 1
        except FailureGroup as exc:
            for failure in exc.exceptions:
                key = f"{label} / {failure.title}"
                tally.failures.setdefault(key, f"[{mode.value}] {exc}"[:3000])

    try:
        run()
    except Exception as exc:  # Unsatisfiable etc.: an operation with nothing to negate
        if "Unsatisfiable" not in type(exc).__name__:
            raise


def raw_shapes(
    app: Flask,
    operation: Any,
    ids: dict[str, str],
    auth: Callable[[], dict[str, str]],
    tally: Tally,
) -> None:
    """Each of RAW_SHAPES as the body: a 4xx it documents, in the one error shape."""
    label = f"{operation.method.upper()} {operation.path}"
    path = PATH_PARAMETER.sub(lambda m: ids.get(m[1], str(uuid.uuid4())), operation.path)
    documented = operation.definition.raw["responses"]
    client = app.test_client()
    for shape, (data, content_type) in RAW_SHAPES.items():
        headers = auth() | ({"Content-Type": content_type} if content_type else {})
        response = client.open(path, method=operation.method.upper(), data=data, headers=headers)
        status = response.status_code
        tally.cases += 1
        tally.per_operation[label] = tally.per_operation.get(label, 0) + 1
        tally.statuses[status] += 1
        body = response.get_json(silent=True) if status >= 400 else None
        if status >= 500 or str(status) not in documented:
            problem = f"status {status} (documented: {sorted(documented)})"
        elif body is not None and set(body.get("error", {})) != ERROR_KEYS:
            problem = f"not the error shape: {response.get_data(as_text=True)[:300]}"
        else:
            continue
        tally.failures.setdefault(f"{label} / {shape}", problem)


@pytest.fixture
def prometheus_url(tmp_path: Path) -> Iterator[str]:
    """A real, empty Prometheus: SLO status and history answer "no data", not 503."""
    with prometheus_from_config(tmp_path, "global: {evaluation_interval: 1m}\n") as url:
        yield url


def test_every_operation_survives_fuzzing(app: Flask, pg_url: str, prometheus_url: str) -> None:
    fuzz_app = make_app(
        pg_url,
        PROMETHEUS_URL=prometheus_url,
        SIMULATION_ENABLED=True,
        SIMULATION_BACKFILL_MINUTES=1,
        SIMULATION_ANALYSIS_DELAY_SECONDS=3600,
        EVENT_STREAM_SECONDS=0.05,
        EVENT_STREAM_POLL_SECONDS=0.01,
    )
    try:
        world = seed(fuzz_app)
        schema = schemathesis.openapi.from_dict(strict_schema(fuzz_app))
        schema.app = fuzz_app
        operations = sorted((r.ok() for r in schema.get_all_operations()), key=order)
        tally = Tally()
        for operation in operations:
            names = [p.name for p in operation.path_parameters]
            seeded = {n: world.ids[n] for n in names if n in world.ids}  # the rest: generated
            id_sets = [None] + ([seeded] if seeded else [])
            auth = headers_for(operation, world, fuzz_app)
            for mode in MODES:
                for ids in id_sets:
                    fuzz(operation, mode, ids, auth, tally)
            if "requestBody" in operation.definition.raw:
                raw_shapes(fuzz_app, operation, seeded, auth, tally)
    finally:
        fuzz_app.extensions[EXTENSION].stop()
        with fuzz_app.app_context():
            db.engine.dispose()

    print(f"fuzzed {len(operations)} operations, {tally.cases} cases: {tally.statuses}")
    assert len(operations) == len(tally.per_operation) >= 49, sorted(tally.per_operation)
    assert not tally.failures, "\n\n".join(f"{k}: {v}" for k, v in tally.failures.items())
    assert tally.cases >= MIN_CASES, tally.per_operation
    # Real coverage, not thousands of 404s: the seeded ids let many cases through.
    assert sum(n for status, n in tally.statuses.items() if status < 300) >= tally.cases // 5
