"""Replay of a recorded case: the built-in analyzers and the merge, fed by the case-bundle
source through the same hooks live sources use, find the labelled root cause."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from incident_app.correlation.engine import analyze
from incident_app.correlation.plugins import load_plugins
from incident_app.correlation.sources.bundle import load_case

INJECT = 1_700_000_000
SERVICES = ["frontend", "checkout", "payments", "postgres"]


def write_case(root: Path) -> Path:
    """frontend -> checkout -> payments -> postgres; payments' pool is exhausted at INJECT,
    its callers show the errors (louder, and later)."""
    rng = random.Random(7)
    case = root / "case-pool"
    case.mkdir()
    (case / "case.json").write_text(json.dumps({"inject_time": INJECT, "system": "shop"}))
    (case / "label.json").write_text(
        json.dumps({"service": "payments", "fault": "pool-exhaustion"})
    )
    times = range(INJECT - 1800, INJECT + 600, 15)
    columns = [f"{s}_{m}" for s in SERVICES for m in ("latency", "error", "cpu")]
    columns.append("payments_db-connections")
    with (case / "metrics.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["time", *columns])
        for t in times:
            after = t >= INJECT
            row = []
            for s in SERVICES:
                hit = after and s != "postgres"
                lag = {"payments": 0, "checkout": 30, "frontend": 60}.get(s, 0)
                late = hit and t >= INJECT + lag
                row += [
                    120 + rng.gauss(0, 8) + (2500 if late else 0),
                    0.01 + abs(rng.gauss(0, 0.003)) + (0.6 if late else 0),
                    0.4 + rng.gauss(0, 0.03),
                ]
            row.append(20 + rng.gauss(0, 1) + (29 if after else 0))
            out.writerow([t, *(round(v, 4) for v in row)])
    with (case / "logs.csv").open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["time", "service", "level", "message"])
        for t in range(INJECT - 1800, INJECT + 600, 5):
            out.writerow([t, "payments", "info", f"charge {rng.randint(1, 9999)} ok"])
            if t >= INJECT:
                out.writerow(
                    [
                        t,
                        "payments",
                        "error",
                        f"connection pool exhausted after {rng.randint(20, 90)} ms",
                    ]
                )
                out.writerow([t + 1, "checkout", "error", "upstream payments returned 500"])
    return case


def test_replay_names_the_labelled_cause(tmp_path: Path) -> None:
    case = write_case(tmp_path)
    context, label = load_case(case)
    assert label == {"service": "payments", "fault": "pool-exhaustion"}
    plugins = load_plugins(disabled=["log-volume"])  # the example plugin, if installed
    result = analyze(context, plugins, {"CASE_DIR": str(case)})
    assert result.sources["metrics"]["source"] == "case-bundle"
    assert result.sources["traces"]["status"] == "ok"  # answered: no traces.csv, said so
    assert "traces.csv" in result.problems["source:traces"]
    top = result.hypotheses[0]
    assert (top.service, top.fault) == ("payments", "pool-exhaustion")
    # Without traces, checkout's log lines naming payments give the call edge that makes
    # checkout a symptom; frontend (no such lines) is separated only by its later onset.
    assert top.confidence > 0.5 and top.confidence > 3 * result.hypotheses[1].confidence
    assert {f.analyzer for f in top.findings} >= {"metrics", "logs"}
