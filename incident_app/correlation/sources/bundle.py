"""Recorded incidents ("case bundles", see CASE_FORMAT.md) as a telemetry source.

The same analyzers then score a replayed incident exactly as a live one. label.json (the ground
truth) is never read here: only `load_case` returns it, for the evaluator. Every file may be
gzip-compressed (`metrics.csv.gz`); `dependencies.csv` joins the catalog's dependency graph;
a case's `"reference"` folder is fault-free telemetry of the same system, served as the
reference period (`fetch_reference`).
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import itertools
import json
import math
import re
import statistics
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from incident_app.correlation.sources._common import SourceError, normalize_level
from incident_app.correlation.types import (
    AnalysisContext,
    ClusterEvent,
    LogRecord,
    Rollout,
    Series,
    ServiceTarget,
    Signal,
    Span,
    Telemetry,
)

_FILES = {Signal.logs: "logs.csv", Signal.traces: "traces.csv", Signal.k8s: "events.csv"}
_SCALED = re.compile(r"Scaled (up|down) replica set (\S+)")


def _number(text: str | None) -> float | None:
    """A finite float, or None for an empty or unreadable cell (a missing sample)."""
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _time(value: Any) -> float | None:
    """Unix seconds a datetime can hold, or None (no such time: the sample is unreadable)."""
    try:
        moment = float(value)
        datetime.fromtimestamp(moment, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    return moment


def find(folder: Path, name: str) -> Path | None:
    """`name` in `folder`, or its gzip-compressed `name.gz`; None when neither is a file."""
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _dicts(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a CSV file (plain or .gz) as dicts of stripped cells."""
    try:
        with path.open("rb") as raw:
            binary = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
            handle = io.TextIOWrapper(binary, encoding="utf-8", newline="")
            for row in csv.DictReader(handle):
                yield {k: (v or "").strip() for k, v in row.items() if k}
    except (UnicodeDecodeError, csv.Error, OSError, EOFError, zlib.error) as exc:
        raise SourceError(f"{path.parent.name}/{path.name} is not UTF-8 CSV: {exc}") from None


def _rows(path: Path) -> Iterator[tuple[float, dict[str, str]]]:
    """(time, row) for each row with a readable time; rows need not be sorted."""
    for row in _dicts(path):
        moment = _time(_number(row.get("time")))
        if moment is not None:
            yield moment, row


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise SourceError(f"{path.parent.name}/{path.name} is not JSON: {exc}") from None


def _meta_time(meta: dict[str, Any], key: str, default: float) -> float:
    moment = _time(meta.get(key, default))
    if moment is None:
        raise SourceError(f"case.json {key} is not a time in unix seconds: {meta.get(key)!r}")
    return moment


def _stamp(path: Path) -> tuple[str, str]:
    """A file version: its path and a digest of its bytes (a modification time can stay the
    same across quick rewrites; hashing is far cheaper than parsing)."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path.parent.name}/{path.name} cannot be read: {exc}") from None
    return str(path.resolve()), hashlib.blake2b(content, digest_size=16).hexdigest()


@functools.lru_cache(maxsize=16)
def parsed_table(kind: str, stamp: tuple[str, str]) -> tuple[Any, ...]:
    """A table's records, parsed once per file version: load_case and every source read the
    same files, and the cases of a recording share one reference folder."""
    return tuple(_PARSERS[kind](Path(stamp[0])))


def _read(folder: Path, name: str) -> tuple[Any, ...]:
    path = find(folder, name)
    return parsed_table(name, _stamp(path)) if path is not None else ()


def _metrics(path: Path) -> list[Series]:
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for moment, row in _rows(path):
        for column, cell in row.items():
            if column != "time" and (value := _number(cell)) is not None:
                points[column].append((moment, value))
    series = []
    for column, values in sorted(points.items()):
        service, _, metric = column.partition("_")
        if service and metric:
            series.append(Series(service, metric, tuple(sorted(values)), column))
    return series


def read_metrics(case_dir: Path) -> list[Series]:
    """One Series per `<service>_<metric>` column, sorted by time, empty cells skipped."""
    path = find(case_dir, "metrics.csv")
    if path is None:
        raise SourceError(f"case {case_dir.name} has no metrics.csv")
    return list(parsed_table("metrics.csv", _stamp(path)))


def read_dependencies(folder: Path) -> dict[str, set[str]]:
    """caller -> callees from dependencies.csv (absent: no edges)."""
    graph: dict[str, set[str]] = defaultdict(set)
    path = find(folder, "dependencies.csv")
    for row in _dicts(path) if path is not None else ():
        caller, callee = row.get("caller", ""), row.get("callee", "")
        if caller and callee and caller != callee:
            graph[caller].add(callee)
    return dict(graph)


def _logs(path: Path) -> list[LogRecord]:
    records = (
        LogRecord(
            t, row.get("service", ""), normalize_level(row.get("level", "")), row.get("message", "")
        )
        for t, row in _rows(path)
    )
    return sorted(records, key=lambda r: (r.time, r.service))


def _spans(path: Path) -> list[Span]:
    spans = (
        Span(
            time=t,
            trace_id=row.get("trace_id", ""),
            span_id=row.get("span_id", ""),
            parent_span_id=row.get("parent_span_id", ""),
            service=row.get("service", ""),
            operation=row.get("operation", ""),
            duration_ms=_number(row.get("duration_ms")) or 0.0,
            error=row.get("status", "").lower() == "error",
        )
        for t, row in _rows(path)
    )
    return sorted(spans, key=lambda s: (s.time, s.trace_id, s.span_id))


def _events(path: Path) -> list[ClusterEvent]:
    return sorted(
        (
            ClusterEvent(
                t,
                row.get("service", ""),
                row.get("kind", ""),
                row.get("reason", ""),
                row.get("message", ""),
            )
            for t, row in _rows(path)
        ),
        key=lambda e: (e.time, e.service),
    )


_PARSERS: dict[str, Callable[[Path], list[Any]]] = {
    "metrics.csv": _metrics,
    "logs.csv": _logs,
    "traces.csv": _spans,
    "events.csv": _events,
}


def read_logs(case_dir: Path) -> list[LogRecord]:
    return list(_read(case_dir, "logs.csv"))


def read_spans(case_dir: Path) -> list[Span]:
    return list(_read(case_dir, "traces.csv"))


def read_events(case_dir: Path) -> list[ClusterEvent]:
    return list(_read(case_dir, "events.csv"))


def rollouts_from_events(events: list[ClusterEvent]) -> list[Rollout]:
    """Rollouts read from ScalingReplicaSet events ("Scaled up replica set <rs> to <n>").

    A scale-up alone may be an autoscaler's; a rollout moves pods between ReplicaSets. So when
    a service's events name two or more ReplicaSets, the first scale-up of each is a rollout,
    with the ReplicaSet's pod-template hash as the revision.
    """
    replica_sets: dict[str, set[str]] = defaultdict(set)  # service -> every rs named
    scaled_up: dict[tuple[str, str], float] = {}  # (service, rs) -> first scale-up
    for event in events:
        if event.reason == "ScalingReplicaSet" and (match := _SCALED.search(event.message)):
            direction, name = match.groups()
            replica_sets[event.service].add(name)
            if direction == "up":
                scaled_up.setdefault((event.service, name), event.time)
    rollouts = []
    for (service, name), moment in scaled_up.items():
        if len(replica_sets[service]) > 1:
            workload, _, revision = name.rpartition("-")
            rollouts.append(Rollout(moment, service, workload or name, revision))
    return sorted(rollouts, key=lambda r: (r.time, r.service))


def read_signal(
    folder: Path, signal: Signal, wanted: set[str], bounds: tuple[float, float] | None = None
) -> Telemetry:
    """One signal of the case (or reference) in `folder`, for the `wanted` services (all when
    empty) and within `bounds` (all times when None). A missing optional file leaves the signal
    absent and says so in `problems`; a missing metrics.csv raises."""
    lo, hi = bounds or (-math.inf, math.inf)

    def keep(service: str, moment: float) -> bool:
        return (not wanted or service in wanted) and lo <= moment <= hi

    if signal is Signal.metrics:
        series = []
        for s in read_metrics(folder):
            points = tuple(p for p in s.points if keep(s.service, p[0]))
            if points:
                series.append(Series(s.service, s.metric, points, s.query))
        return Telemetry(series=series)
    filename = _FILES[signal]
    if find(folder, filename) is None:
        return Telemetry(problems={signal: f"{folder.name} has no {filename}"})
    if signal is Signal.logs:
        return Telemetry(logs=[r for r in read_logs(folder) if keep(r.service, r.time)])
    if signal is Signal.traces:
        spans = [s for s in read_spans(folder) if lo <= s.time <= hi]
        # Whole traces that touch a wanted service: callers and callees give the call graph.
        traces = {s.trace_id for s in spans if not wanted or s.service in wanted}
        return Telemetry(spans=[s for s in spans if s.trace_id in traces])
    events = [e for e in read_events(folder) if keep(e.service, e.time)]
    return Telemetry(pods=[], events=events, rollouts=rollouts_from_events(events))


def reference_dir(case_dir: Path) -> Path | None:
    """The folder case.json's "reference" names (relative to the case), if it has one."""
    meta_path = case_dir / "case.json"
    meta = _json(meta_path) if meta_path.is_file() else {}
    name = meta.get("reference") if isinstance(meta, dict) else None
    if not name:
        return None
    if not isinstance(name, str):
        raise SourceError(f"case.json reference is not a folder name: {name!r}")
    try:
        folder = (case_dir / name).resolve()
    except (OSError, ValueError):  # a NUL byte, a symlink loop
        folder = None
    if folder is None or not folder.is_dir():
        raise SourceError(f"case {case_dir.name}: reference {name!r} is not a folder")
    return folder


class CaseBundleSource:
    """Any signal from the case bundle in `case_dir`, and from its reference period."""

    name = "case-bundle"

    def __init__(self, signal: Signal | str, case_dir: str | Path) -> None:
        self.signal = Signal(signal)
        self.case_dir = Path(case_dir)

    def check(self) -> dict[str, Any]:
        up = (self.case_dir / "case.json").is_file()
        return {"status": "up" if up else "down", "case_dir": str(self.case_dir)}

    def fetch(self, context: AnalysisContext) -> Telemetry:
        bounds = (context.window_start.timestamp(), context.window_end.timestamp())
        wanted = {s.name for s in context.services}
        return read_signal(self.case_dir, self.signal, wanted, bounds)

    def fetch_reference(self, context: AnalysisContext) -> Telemetry | None:
        """The case's fault-free reference period (whatever its clock says), or None."""
        folder = reference_dir(self.case_dir)
        if folder is None:
            return None
        wanted = {s.name for s in context.services}
        if self.signal is Signal.metrics and find(folder, "metrics.csv") is None:
            return Telemetry(problems={self.signal: f"reference {folder.name} has no metrics.csv"})
        return read_signal(folder, self.signal, wanted)


def load_case(case_dir: str | Path) -> tuple[AnalysisContext, dict[str, Any] | None]:
    """The AnalysisContext for replaying a case, and its label (None when unlabelled); a
    bundle that is not one (unreadable JSON or CSV, no usable inject_time) is a SourceError.

    started_at is inject_time; the window is case.json's start/end or else the data's own
    bounds; the services are every service named in any file (dependencies.csv included, with
    its edges as their dependencies); the step is the metrics' spacing.
    """
    root = Path(case_dir)
    meta_path = root / "case.json"
    if not meta_path.is_file():
        raise SourceError(f"{root} is not a case bundle: no case.json")
    meta = _json(meta_path)
    if not isinstance(meta, dict) or "inject_time" not in meta:
        raise SourceError(f"{root.name}/case.json is not an object with an inject_time")
    inject = _meta_time(meta, "inject_time", 0.0)
    series = read_metrics(root)
    times = [t for s in series for t, _ in s.points]
    services = {s.service for s in series}
    records: list[LogRecord | Span | ClusterEvent] = [
        *read_logs(root),
        *read_spans(root),
        *read_events(root),
    ]
    times += [r.time for r in records]
    services.update(r.service for r in records)
    graph = read_dependencies(root)
    services.update(graph, *graph.values())
    start = _meta_time(meta, "start", min(times, default=inject))
    end = _meta_time(meta, "end", max(times, default=inject))
    sample_times = sorted({t for s in series for t, _ in s.points})
    gaps = [b - a for a, b in itertools.pairwise(sample_times)]
    context = AnalysisContext(
        started_at=datetime.fromtimestamp(inject, UTC),
        window_start=datetime.fromtimestamp(min(start, inject), UTC),
        window_end=datetime.fromtimestamp(max(end, inject), UTC),
        services=tuple(
            ServiceTarget(name, depends_on=tuple(sorted(graph.get(name, ()))))
            for name in sorted(services - {""})
        ),
        step_seconds=max(1, round(statistics.median(gaps))) if gaps else 15,
    )
    label_path = root / "label.json"
    label = _json(label_path) if label_path.is_file() else None
    if label is not None and not isinstance(label, dict):
        raise SourceError(f"{root.name}/label.json is not an object")
    return context, label
