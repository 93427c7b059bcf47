"""`flask simulate record` writes a case bundle that the bundle source reads back and the
analyzers rank like the live simulation."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from flask import Flask

from incident_app.correlation.engine import analyze
from incident_app.correlation.jobs import plugins_for
from incident_app.correlation.sources import CaseBundleSource, load_case
from incident_app.correlation.types import Signal
from incident_app.simulation.faults import SCENARIOS
from incident_app.simulation.topology import load_topology

START = 1_750_000_000


def record(app: Flask, scenario: str, out: Path, seed: int = 3) -> None:
    args = ["simulate", "record", scenario, str(out), "--seed", str(seed)]
    args += ["--before", "10", "--after", "2", "--start", str(START)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert scenario in result.output


def test_record_writes_a_labelled_case_bundle(app: Flask, tmp_path: Path) -> None:
    case = tmp_path / "pool"
    record(app, "pool-exhaustion", case)
    assert {p.name for p in case.iterdir()} == {
        "case.json",
        "label.json",
        "metrics.csv",
        "logs.csv",
        "traces.csv",
        "events.csv",
    }
    meta = json.loads((case / "case.json").read_text())
    assert meta["inject_time"] == START + 1 + 600 and meta["system"] == "online-shop"
    context, label = load_case(case)
    assert label == {
        "service": "payment-processing",
        "fault": "pool-exhaustion",
        "indicator": "payment-processing_db-connections",
    }
    assert context.started_at.timestamp() == meta["inject_time"]
    assert context.step_seconds == 5 and len(context.services) == 12
    header = (case / "metrics.csv").read_text().splitlines()[0].split(",")
    assert label["indicator"] in header and "shipping_db-connections" not in header

    telemetry = {s: CaseBundleSource(s, case).fetch(context) for s in Signal}
    series = {(s.service, s.metric): s for s in telemetry[Signal.metrics].series or []}
    pool = series[("payment-processing", "db-connections")].points
    assert pool[0][1] < 30 and pool[-1][1] >= 40
    logs = telemetry[Signal.logs].logs or []
    assert any(r.message.startswith("connection pool exhausted") for r in logs)
    spans = telemetry[Signal.traces].spans or []
    assert any(s.error and s.operation == "db.pool.acquire" for s in spans)
    events = telemetry[Signal.k8s].events or []
    assert {"Unhealthy", "Killing"} <= {e.reason for e in events}


def test_same_seed_records_the_same_bundle(app: Flask, tmp_path: Path) -> None:
    record(app, "memory-leak", tmp_path / "a", seed=5)
    record(app, "memory-leak", tmp_path / "b", seed=5)
    record(app, "memory-leak", tmp_path / "c", seed=6)
    for name in ("metrics.csv", "logs.csv", "traces.csv", "events.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "logs.csv").read_bytes() != (tmp_path / "c" / "logs.csv").read_bytes()


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_replayed_case_ranks_the_injected_service_first(
    app: Flask, tmp_path: Path, scenario: str
) -> None:
    record(app, scenario, tmp_path)
    context, label = load_case(tmp_path)
    assert label is not None
    with app.app_context():
        result = analyze(context, plugins_for(app), {"CASE_DIR": str(tmp_path)})
    top = result.hypotheses[0]
    assert top.service == label["service"], [(h.service, h.fault) for h in result.hypotheses]
    if scenario == "pool-exhaustion":
        assert top.fault == "pool-exhaustion"


def test_record_writes_gzip_dependencies_and_a_quiet_reference(app: Flask, tmp_path: Path) -> None:
    record(app, "pool-exhaustion", tmp_path / "plain")
    case = tmp_path / "pool"
    result = app.test_cli_runner().invoke(
        args=[
            *["simulate", "record", "pool-exhaustion", str(case), "--seed", "3"],
            *["--before", "10", "--after", "2", "--start", str(START)],
            *["--gzip", "--reference", "--dependencies"],
        ]
    )
    assert result.exit_code == 0, result.output
    # The case itself is what it would have been without them, only compressed.
    for name in ("metrics.csv", "logs.csv", "traces.csv", "events.csv"):
        packed = gzip.decompress((case / f"{name}.gz").read_bytes())
        assert packed == (tmp_path / "plain" / name).read_bytes()
    meta = json.loads((case / "case.json").read_text())
    assert meta.pop("reference") == "../_reference/pool"
    assert meta == json.loads((tmp_path / "plain" / "case.json").read_text())

    context, _ = load_case(case)
    topology = load_topology()
    assert {s.name: set(s.depends_on) for s in context.services} == {
        name: set(spec.calls) for name, spec in topology.services.items()
    }
    period = json.loads((tmp_path / "_reference" / "pool" / "reference.json").read_text())
    assert period == {"start": START - 720, "end": START}  # as long as the case, just before
    reference = {s: CaseBundleSource(s, case).fetch_reference(context) for s in Signal}
    series = {(s.service, s.metric): s for s in reference[Signal.metrics].series or []}
    assert set(series) == {
        (s.service, s.metric) for s in CaseBundleSource(Signal.metrics, case).fetch(context).series
    }
    assert max(v for _, v in series[("payment-processing", "db-connections")].points) < 30
    logs = reference[Signal.logs].logs or []
    assert logs and not any("connection pool exhausted" in r.message for r in logs)
    # As in the case, a tick's lines fall within the second before it.
    assert all(period["start"] - 1 <= r.time <= period["end"] for r in logs)
