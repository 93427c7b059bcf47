"""CaseBundleSource and load_case on small bundles written by the tests (CASE_FORMAT.md)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from incident_app.correlation.sources import CaseBundleSource, SourceError, load_case
from incident_app.correlation.types import (
    AnalysisContext,
    ClusterEvent,
    LogRecord,
    Rollout,
    Series,
    ServiceTarget,
    Signal,
    Span,
)

# Unsorted rows, an empty cell, a constant column, an all-empty column, unknown suffixes,
# service names with '-' and '.', and a float time.
METRICS = """time,ts-order_cpu,ts-order_latency-90,cart.v2_db-connections,cart.v2_mem,cart.v2_weird
1020,0.9,350,95,100,
1000,0.2,40,10,100,
1010.5,,45,12,100,
990,0.2,41,10,100,
"""
LOGS = """time,service,level,message
1012,cart.v2,ERROR,connection pool exhausted after 30s
995,ts-order,info,order placed
1015,cart.v2,,no level here
"""
TRACES = """time,trace_id,span_id,parent_span_id,service,operation,duration_ms,status
1011,t1,s2,s1,cart.v2,SELECT cart,900,error
1011,t1,s1,,ts-order,POST /order,950.5,ok
999,t2,s3,,ts-order,GET /health,1,ok
"""
EVENTS = """time,service,kind,reason,message
1009,cart.v2,Deployment,ScalingReplicaSet,Scaled down replica set cart.v2-5b6c7 to 0 from 1
1008,cart.v2,Deployment,ScalingReplicaSet,Scaled up replica set cart.v2-7d9f8 to 1
1009,cart.v2,Deployment,ScalingReplicaSet,Scaled up replica set cart.v2-7d9f8 to 2 from 1
1002,ts-order,Deployment,ScalingReplicaSet,Scaled up replica set ts-order-abc to 3
1013,cart.v2,Pod,OOMKilled,Container cart was OOM killed
1030,payments,Pod,BackOff,Back-off restarting failed container
"""


def write_case(root: Path, *files: str, **meta: float) -> Path:
    contents = {
        "metrics.csv": METRICS,
        "logs.csv": LOGS,
        "traces.csv": TRACES,
        "events.csv": EVENTS,
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "case.json").write_text(json.dumps({"inject_time": 1005, "system": "shop", **meta}))
    for name in files:
        (root / name).write_text(contents[name])
    return root


@pytest.fixture
def case(tmp_path: Path) -> Path:
    root = write_case(tmp_path / "case-1", "metrics.csv", "logs.csv", "traces.csv", "events.csv")
    (root / "label.json").write_text('{"service": "cart.v2", "fault": "pool-exhaustion"}')
    return root


def test_load_case_builds_the_context_from_the_files(case: Path) -> None:
    context, label = load_case(case)
    assert label == {"service": "cart.v2", "fault": "pool-exhaustion"}
    assert context.started_at == datetime.fromtimestamp(1005, UTC)
    assert context.window_start == datetime.fromtimestamp(990, UTC)  # the data's own bounds
    assert context.window_end == datetime.fromtimestamp(1030, UTC)
    assert [s.name for s in context.services] == ["cart.v2", "payments", "ts-order"]
    assert context.step_seconds == 10  # gaps 10, 10, 9.5


def test_load_case_honours_start_end_and_a_missing_label(tmp_path: Path) -> None:
    context, label = load_case(write_case(tmp_path, "metrics.csv", start=980, end=1100))
    assert label is None
    assert (context.window_start.timestamp(), context.window_end.timestamp()) == (980, 1100)
    assert [s.name for s in context.services] == ["cart.v2", "ts-order"]


def test_metrics_become_one_sorted_series_per_column(case: Path) -> None:
    context, _ = load_case(case)
    series = CaseBundleSource(Signal.metrics, case).fetch(context).series or []
    by_key = {(s.service, s.metric): s for s in series}
    assert set(by_key) == {
        ("ts-order", "cpu"),
        ("ts-order", "latency-90"),
        ("cart.v2", "db-connections"),
        ("cart.v2", "mem"),
    }  # the all-empty column has no points, so no series
    assert by_key[("ts-order", "cpu")] == Series(
        "ts-order", "cpu", ((990, 0.2), (1000, 0.2), (1020, 0.9)), "ts-order_cpu"
    )
    assert by_key[("cart.v2", "db-connections")].points[2] == (1010.5, 12)
    assert {v for _, v in by_key[("cart.v2", "mem")].points} == {100}


def test_logs_spans_and_events(case: Path) -> None:
    context, _ = load_case(case)
    logs = CaseBundleSource("logs", case).fetch(context).logs
    assert logs == [
        LogRecord(995, "ts-order", "info", "order placed"),
        LogRecord(1012, "cart.v2", "error", "connection pool exhausted after 30s"),
        LogRecord(1015, "cart.v2", "unknown", "no level here"),
    ]
    spans = CaseBundleSource(Signal.traces, case).fetch(context).spans or []
    assert spans[0] == Span(999, "t2", "s3", "", "ts-order", "GET /health", 1, False)
    assert {(s.span_id, s.parent_span_id, s.error) for s in spans[1:]} == {
        ("s1", "", False),
        ("s2", "s1", True),
    }
    k8s = CaseBundleSource(Signal.k8s, case).fetch(context)
    assert k8s.pods == []
    assert k8s.events is not None and len(k8s.events) == 6
    assert k8s.events[-2] == ClusterEvent(
        1013, "cart.v2", "Pod", "OOMKilled", "Container cart was OOM killed"
    )
    # cart.v2 moved between two ReplicaSets; ts-order only scaled one (an autoscaler)
    assert k8s.rollouts == [Rollout(1008, "cart.v2", "cart.v2", "7d9f8")]


def test_fetch_keeps_the_contexts_window_and_services(case: Path) -> None:
    context, _ = load_case(case)
    narrow = AnalysisContext(
        context.started_at,
        datetime.fromtimestamp(1000, UTC),
        datetime.fromtimestamp(1012, UTC),
        (ServiceTarget("cart.v2"),),
    )
    series = CaseBundleSource(Signal.metrics, case).fetch(narrow).series or []
    assert {s.service for s in series} == {"cart.v2"}
    assert all(1000 <= t <= 1012 for s in series for t, _ in s.points)
    assert [r.message for r in CaseBundleSource(Signal.logs, case).fetch(narrow).logs or []] == [
        "connection pool exhausted after 30s"
    ]
    # a trace that touches cart.v2 is kept whole: its caller shows the call graph
    spans = CaseBundleSource(Signal.traces, case).fetch(narrow).spans or []
    assert {s.service for s in spans} == {"cart.v2", "ts-order"}


def test_missing_optional_files_leave_the_signal_absent(tmp_path: Path) -> None:
    case = write_case(tmp_path, "metrics.csv")
    context, _ = load_case(case)
    for signal, filename in (
        (Signal.logs, "logs.csv"),
        (Signal.traces, "traces.csv"),
        (Signal.k8s, "events.csv"),
    ):
        telemetry = CaseBundleSource(signal, case).fetch(context)
        assert not telemetry.has(signal)
        assert filename in telemetry.problems[signal]
    assert CaseBundleSource(Signal.metrics, case).fetch(context).has(Signal.metrics)


def test_a_bundle_without_metrics_or_case_json_fails(tmp_path: Path) -> None:
    case = write_case(tmp_path / "a", "logs.csv")
    with pytest.raises(SourceError, match=r"no metrics\.csv"):
        load_case(case)
    with pytest.raises(SourceError, match=r"no case\.json"):
        load_case(tmp_path / "b")
    assert CaseBundleSource(Signal.logs, tmp_path / "b").check()["status"] == "down"
    assert CaseBundleSource(Signal.logs, case).check()["status"] == "up"


def test_the_source_never_opens_the_label(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    context, _ = load_case(case)
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    for signal in Signal:
        CaseBundleSource(signal, case).fetch(context)
    assert set(opened) == {"metrics.csv", "logs.csv", "traces.csv", "events.csv"}
