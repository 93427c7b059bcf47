"""CaseBundleSource and load_case on small bundles written by the tests (CASE_FORMAT.md)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from incident_app.correlation.engine import analyze
from incident_app.correlation.plugins import AnalyzerEntry, load_plugins
from incident_app.correlation.sources import CaseBundleSource, SourceError, load_case
from incident_app.correlation.sources.bundle import parsed_table
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
from incident_app.rca.evaluate import case_dirs

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
    parsed_table.cache_clear()  # so the sources open the files again, under the spy
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    for signal in Signal:
        CaseBundleSource(signal, case).fetch(context)
    assert set(opened) == {"metrics.csv", "logs.csv", "traces.csv", "events.csv"}


# --- case format v2: gzip, dependencies.csv, reference periods, `_` folders ---------------

REFERENCE_METRICS = """time,ts-order_cpu,cart.v2_mem,other_cpu
100,0.25,90,0.5
110,0.2,95,0.5
"""
REFERENCE_LOGS = """time,service,level,message
105,cart.v2,info,cart served
106,other,error,not ours
"""


def gzipped(case: Path) -> Path:
    """`case` with every CSV file replaced by its .csv.gz."""
    for path in case.glob("*.csv"):
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes()))
        path.unlink()
    return case


def with_reference(case: Path, name: str = "quiet", **files: str) -> Path:
    """A `_reference/<name>/` folder beside `case`, and case.json pointing to it."""
    folder = case.parent / "_reference" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "reference.json").write_text('{"start": 100, "end": 110}')
    for filename, text in (files or {"metrics.csv": REFERENCE_METRICS}).items():
        (folder / filename).write_text(text)
    meta = json.loads((case / "case.json").read_text())
    (case / "case.json").write_text(json.dumps({**meta, "reference": f"../_reference/{name}"}))
    return folder


def test_gzipped_files_read_like_plain_ones(case: Path, tmp_path: Path) -> None:
    plain_context, plain_label = load_case(case)
    packed = gzipped(write_case(tmp_path / "gz", *{p.name for p in case.glob("*.csv")}))
    (packed / "label.json").write_text((case / "label.json").read_text())
    assert sorted(p.name for p in packed.glob("*.csv*")) == [
        "events.csv.gz",
        "logs.csv.gz",
        "metrics.csv.gz",
        "traces.csv.gz",
    ]
    context, label = load_case(packed)
    assert (context, label) == (plain_context, plain_label)
    for signal in Signal:
        assert CaseBundleSource(signal, packed).fetch(context) == CaseBundleSource(
            signal, case
        ).fetch(context)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"not gzip at all",
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:12] + bytes(b ^ 0x55 for b in data[12:40]) + data[40:],  # corrupt
    ],
    ids=["not-gzip", "truncated", "corrupt-stream"],
)
def test_a_damaged_gz_is_a_source_error(tmp_path: Path, damage: Any) -> None:
    case = write_case(tmp_path / "case", "metrics.csv", "logs.csv")
    context, _ = load_case(case)
    gzipped(case)
    for name in ("metrics.csv.gz", "logs.csv.gz"):
        path = case / name
        path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(SourceError, match=r"metrics\.csv\.gz"):
        load_case(case)
    with pytest.raises(SourceError, match=r"logs\.csv\.gz"):
        CaseBundleSource(Signal.logs, case).fetch(context)


def test_dependencies_join_the_graph_and_name_services(case: Path) -> None:
    (case / "dependencies.csv").write_text(
        "caller,callee\nts-order,cart.v2\nts-order,orders-db\ncart.v2,redis\ncart.v2,cart.v2\n"
        ",redis\nts-order,cart.v2\n"
    )
    context, _ = load_case(case)
    graph = {s.name: s.depends_on for s in context.services}
    assert graph == {
        "cart.v2": ("redis",),  # its edge to itself is no dependency
        "orders-db": (),  # named only in dependencies.csv: a service without telemetry
        "payments": (),
        "redis": (),
        "ts-order": ("cart.v2", "orders-db"),
    }
    (case / "dependencies.csv").rename(case / "plain.csv")
    (case / "dependencies.csv.gz").write_bytes(gzip.compress((case / "plain.csv").read_bytes()))
    (case / "plain.csv").unlink()
    assert load_case(case)[0] == context


def test_the_reference_folder_is_served_for_the_contexts_services(case: Path) -> None:
    folder = with_reference(case, **{"metrics.csv": REFERENCE_METRICS, "logs.csv": REFERENCE_LOGS})
    context, _ = load_case(case)
    metrics = CaseBundleSource(Signal.metrics, case).fetch_reference(context)
    assert metrics is not None and metrics.problems == {}
    # its own clock (100-110, the case is at 990-1030), other systems' services left out
    assert {(s.service, s.metric, s.points) for s in metrics.series or []} == {
        ("ts-order", "cpu", ((100, 0.25), (110, 0.2))),
        ("cart.v2", "mem", ((100, 90), (110, 95))),
    }
    logs = CaseBundleSource(Signal.logs, case).fetch_reference(context)
    assert logs is not None and logs.logs == [LogRecord(105, "cart.v2", "info", "cart served")]
    traces = CaseBundleSource(Signal.traces, case).fetch_reference(context)
    assert traces is not None and traces.spans is None and "traces.csv" in traces.problems["traces"]
    narrow = replace(context, services=(ServiceTarget("cart.v2"),))
    only = CaseBundleSource(Signal.metrics, case).fetch_reference(narrow)
    assert only is not None and {s.service for s in only.series or []} == {"cart.v2"}
    (folder / "metrics.csv").unlink()
    missing = CaseBundleSource(Signal.metrics, case).fetch_reference(context)
    assert missing is not None and "no metrics.csv" in missing.problems["metrics"]


def test_no_reference_is_none_and_a_bad_one_is_a_source_error(case: Path) -> None:
    context, _ = load_case(case)
    assert CaseBundleSource(Signal.metrics, case).fetch_reference(context) is None
    meta = json.loads((case / "case.json").read_text())
    for bad in ("../_reference/nowhere", "../metrics.csv", "a\x00b", 7, ["x"]):
        (case / "case.json").write_text(json.dumps({**meta, "reference": bad}))
        with pytest.raises(SourceError, match="reference"):
            CaseBundleSource(Signal.metrics, case).fetch_reference(context)


def test_the_engine_hands_the_cases_reference_to_analyzers(case: Path) -> None:
    folder = with_reference(case, **{"logs.csv": REFERENCE_LOGS})
    (folder / "metrics.csv.gz").write_bytes(gzip.compress(REFERENCE_METRICS.encode()))
    context, _ = load_case(case)
    seen: list[Any] = []

    class Spy:
        name, version, signals = "spy", "1", (Signal.metrics,)

        def analyze(self, context: AnalysisContext, telemetry: Any) -> list[Any]:
            seen.append(context.reference)
            return []

    plugins = load_plugins(disabled=["metrics", "logs", "traces", "k8s"])
    plugins.analyzers["spy"] = AnalyzerEntry(Spy(), "test", "test")
    result = analyze(context, plugins, {"CASE_DIR": str(case)})
    assert not result.degraded, result.problems
    assert result.sources["metrics"]["reference"]["status"] == "ok"
    assert "traces.csv" in result.sources["traces"]["reference"]["error"]  # said, not degraded
    [reference] = seen
    assert {s.service for s in reference.series} == {"ts-order", "cart.v2"}
    assert [r.message for r in reference.logs] == ["cart served"]
    assert reference.spans is None


def test_underscore_folders_are_not_cases(case: Path) -> None:
    with_reference(case)
    (case.parent / "_reference" / "quiet" / "case.json").write_text('{"inject_time": 105}')
    (case.parent / "_drafts").mkdir()
    (case.parent / "_drafts" / "case.json").write_text('{"inject_time": 1}')
    assert case_dirs(case.parent) == [case]


def test_the_label_stays_closed_with_v2_files(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_reference(case, **{"metrics.csv": REFERENCE_METRICS, "logs.csv": REFERENCE_LOGS})
    (case / "dependencies.csv").write_text("caller,callee\nts-order,cart.v2\n")
    gzipped(case)
    context, _ = load_case(case)  # the evaluator's call, which does read the label
    parsed_table.cache_clear()  # so the sources open the files again, under the spy
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)  # read_text and read_bytes open through it too
    for signal in Signal:
        CaseBundleSource(signal, case).fetch(context)
        CaseBundleSource(signal, case).fetch_reference(context)
    assert "metrics.csv.gz" in opened and "logs.csv" in opened and "case.json" in opened
    assert "label.json" not in opened
