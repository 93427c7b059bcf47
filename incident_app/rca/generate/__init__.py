"""A labelled scenario generator: realistic case bundles (CASE_FORMAT.md) for measuring
root-cause accuracy, with the ground truth in label.json.

Each case draws a fault on one service (scenario.py), lets its effects travel along the call
graph (model.py) and records what monitoring would have seen: metrics, logs, traces and
Kubernetes events, each optional signal sometimes missing. The same seed gives the same files.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from incident_app.rca.generate.events import event_rows
from incident_app.rca.generate.logs import log_lines
from incident_app.rca.generate.metrics import metric_columns
from incident_app.rca.generate.model import simulate
from incident_app.rca.generate.scenario import FAULTS, Scenario, draw
from incident_app.rca.generate.topology import Topology, load
from incident_app.rca.generate.traces import trace_rows

#: The series that shows each fault best (label.json's "indicator").
INDICATOR = {
    "cpu": "cpu",
    "mem": "mem",
    "oom": "mem",
    "disk": "diskio",
    "delay": "latency",
    "loss": "latency-90",
    "socket": "sockets",
    "exception": "error",
    "return": "nettx",
    "crashloop": "restarts",
    "rollout": "error",
    "pool-exhaustion": "db-connections",
    "config": "error",
}
TRACE_HEADER = [
    "time",
    "trace_id",
    "span_id",
    "parent_span_id",
    "service",
    "operation",
    "duration_ms",
    "status",
]
EPOCH = 1_700_000_000


def _write(path: Path, header: list[str], rows: Iterable[Iterable[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        out.writerows(rows)


def _cell(value: float) -> str:
    return "" if not np.isfinite(value) else f"{value:.6g}"


def write_case(sc: Scenario, case_dir: Path) -> dict[str, str]:
    """Simulate `sc` and write its bundle into `case_dir`; returns the label."""
    rng = np.random.default_rng(sc.seed + 1)
    states = simulate(sc, rng)
    case_dir.mkdir(parents=True, exist_ok=True)
    end = sc.start + (sc.n - 1) * sc.step
    meta = {"inject_time": sc.inject_time, "system": sc.topology.system, "start": sc.start}
    (case_dir / "case.json").write_text(json.dumps({**meta, "end": end}, indent=2) + "\n")
    label = {"service": sc.root, "fault": sc.fault, "indicator": f"{sc.root}_{INDICATOR[sc.fault]}"}
    (case_dir / "label.json").write_text(json.dumps(label, indent=2) + "\n")
    columns = metric_columns(sc, states, rng)
    _write(
        case_dir / "metrics.csv",
        ["time", *columns],
        (
            [int(sc.start + i * sc.step), *(_cell(v[i]) for v in columns.values())]
            for i in range(sc.n)
        ),
    )
    lines, spans = log_lines(sc, states, rng), trace_rows(sc, states, rng)
    events = event_rows(sc, states, rng)
    if "logs" not in sc.missing:
        _write(case_dir / "logs.csv", ["time", "service", "level", "message"], lines)
    if "traces" not in sc.missing:
        _write(case_dir / "traces.csv", TRACE_HEADER, spans)
    if "events" not in sc.missing:
        _write(case_dir / "events.csv", ["time", "service", "kind", "reason", "message"], events)
    return label


def case_seed(seed: int, index: int) -> int:
    return int(np.random.SeedSequence([seed, index]).generate_state(1)[0])


def generate(out_dir: Path, seed: int, cases: int, topology: str = "both") -> list[Path]:
    """`cases` cases in `out_dir`/case-0000, ...: faults in turn, so every fault gets its
    share; with `both`, the shop and the large system alternate."""
    kinds = ["shop", "large"] if topology == "both" else [topology]
    systems: dict[str, Topology] = {kind: load(kind) for kind in kinds}
    written = []
    for index in range(cases):
        this = case_seed(seed, index)
        system = systems[kinds[index % len(kinds)]]
        start = float(EPOCH + 86_400 * index + this % 3600)
        sc = draw(system, FAULTS[index % len(FAULTS)], this, start)
        case_dir = out_dir / f"case-{index:04d}"
        write_case(sc, case_dir)
        written.append(case_dir)
    return written
