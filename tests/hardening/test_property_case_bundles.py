"""Case bundle properties (../shared/CASE_FORMAT.md): a well-formed bundle, whatever its text
cells hold and whether its files are gzip-compressed, loads with every sample and service it
names, and serves its reference folder's samples for those services; a damaged one (any file,
the reference's included, cut short, bit-flipped, overwritten with junk bytes or junk JSON)
loads or raises SourceError, nothing else."""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from incident_app.correlation.sources._common import SourceError
from incident_app.correlation.sources.bundle import (
    CaseBundleSource,
    load_case,
    read_events,
    read_logs,
    read_metrics,
)
from incident_app.correlation.types import Signal

REFERENCE = "ref/"  # files under this prefix go to _reference/quiet/, beside the case
PROPERTY = settings(max_examples=100, deadline=None, derandomize=True, database=None)
SERVICE = st.from_regex(r"[a-z][a-z0-9.-]{0,10}", fullmatch=True)
METRIC = st.sampled_from(["cpu", "mem", "latency-90", "error", "db-connections"])
TIME = st.integers(1_600_000_000, 1_800_000_000)
VALUE = st.floats(-1e9, 1e9, allow_nan=False)
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30)
HEADERS = {
    "logs.csv": ["time", "service", "level", "message"],
    "events.csv": ["time", "service", "kind", "reason", "message"],
}


def _metrics(draw: st.DrawFn, columns: list[str]) -> list[list[str]]:
    times = draw(st.lists(TIME, min_size=1, max_size=8, unique=True))
    cells = st.one_of(st.just(""), VALUE.map(repr))
    return [["time", *columns], *([str(t), *(draw(cells) for _ in columns)] for t in times)]


@st.composite
def bundles(draw: st.DrawFn) -> dict[str, Any]:
    """The files of a well-formed bundle, as rows (CSV) or objects (JSON); CSV files may be
    gzipped (`.csv.gz`); files under REFERENCE belong to the case's reference folder, which
    may hold some of the case's columns and others."""
    columns = draw(
        st.lists(st.tuples(SERVICE, METRIC).map("_".join), min_size=1, max_size=4, unique=True)
    )
    metrics = _metrics(draw, columns)
    files: dict[str, Any] = {
        "case.json": {"inject_time": float(draw(st.sampled_from(metrics[1:]))[0]), "system": "x"},
        "metrics.csv": metrics,
    }
    for name, header in HEADERS.items():
        if draw(st.booleans()):
            rows = st.lists(st.tuples(TIME.map(str), SERVICE, *([TEXT] * (len(header) - 2))))
            files[name] = [header, *draw(rows.map(lambda r: [list(x) for x in r]))]
    if draw(st.booleans()):
        files["label.json"] = {"service": draw(SERVICE), "fault": "mem"}
    if draw(st.booleans()):
        extra = st.tuples(SERVICE, METRIC).map("_".join)
        mixed = draw(
            st.lists(st.sampled_from(columns) | extra, min_size=1, max_size=4, unique=True)
        )
        files[f"{REFERENCE}metrics.csv"] = _metrics(draw, mixed)
        files[f"{REFERENCE}reference.json"] = {"start": 0, "end": 1}
        files["case.json"]["reference"] = "../_reference/quiet"
    for name in [n for n in files if n.endswith(".csv")]:
        if draw(st.booleans()):
            files[f"{name}.gz"] = files.pop(name)
    return files


def _csv_bytes(rows: list[list[str]]) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


def _bytes(name: str, content: Any) -> bytes:
    """A file's bytes: raw bytes as they are, rows as CSV (gzipped for .gz), objects as JSON."""
    if isinstance(content, bytes):
        return content
    if ".csv" in name:
        data = _csv_bytes(content)
        return gzip.compress(data, mtime=0) if name.endswith(".gz") else data
    return json.dumps(content).encode("utf-8")


@contextmanager
def written(files: dict[str, Any]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case-1"
        reference = Path(tmp) / "_reference" / "quiet"
        for folder in (case, reference):
            folder.mkdir(parents=True)
        for name, content in files.items():
            folder = reference if name.startswith(REFERENCE) else case
            (folder / name.removeprefix(REFERENCE)).write_bytes(_bytes(name, content))
        yield case


def _table(files: dict[str, Any], name: str) -> Any:
    return files.get(name, files.get(f"{name}.gz"))


def _samples(rows: list[list[str]], services: set[str] | None = None) -> set[Any]:
    header, *body = rows
    return {
        (column, float(row[0]), float(row[i]))
        for row in body
        for i, column in enumerate(header[1:], start=1)
        if row[i] and (services is None or column.split("_", 1)[0] in services)
    }


@PROPERTY
@given(files=bundles())
def test_a_well_formed_bundle_loads_everything_it_holds(files: dict[str, Any]) -> None:
    with written(files) as case:
        context, label = load_case(case)
        series = read_metrics(case)
        logs = read_logs(case)
        events = read_events(case)
        reference = CaseBundleSource(Signal.metrics, case).fetch_reference(context)
    assert {(s.query, t, v) for s in series for t, v in s.points} == _samples(
        _table(files, "metrics.csv")
    )
    named = {s.service for s in series} | {r.service for r in [*logs, *events]}
    assert {s.name for s in context.services} == named - {""}
    written_logs = [
        (float(r[0]), r[1], r[3].strip()) for r in (_table(files, "logs.csv") or [[]])[1:]
    ]
    assert sorted((r.time, r.service, r.message) for r in logs) == sorted(written_logs)
    inject = files["case.json"]["inject_time"]
    assert context.window_start.timestamp() <= inject <= context.window_end.timestamp()
    assert label == files.get("label.json")
    ours = _table(files, f"{REFERENCE}metrics.csv")
    if ours is None:
        assert reference is None
    else:
        assert reference is not None and reference.problems == {}
        got = {(s.query, t, v) for s in reference.series or [] for t, v in s.points}
        # Filtered to the case's services; a case that names none keeps them all, as fetch does.
        assert got == _samples(ours, {s.name for s in context.services} or None)


JUNK_JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
CASE_JSON = st.fixed_dictionaries(
    {},
    optional={
        "inject_time": JUNK_JSON | st.sampled_from([math.inf, 1e300, -1e300, "1e999", "x"]),
        "start": JUNK_JSON,
        "end": JUNK_JSON,
        "reference": JUNK_JSON | st.sampled_from(["../_reference/quiet", "..", "/", "a\x00b"]),
    },
)


@st.composite
def damaged(draw: st.DrawFn) -> dict[str, Any]:
    files = draw(bundles())
    name = draw(st.sampled_from(sorted(files)))
    how = draw(st.sampled_from(["bytes", "truncate", "flip", "json", "cells"]))
    if how == "bytes":
        files[name] = draw(st.binary(max_size=200))
    elif how == "truncate":
        data = _bytes(name, files[name])
        files[name] = data[: draw(st.integers(0, max(0, len(data) - 1)))]
    elif how == "flip":  # bit rot: a corrupt deflate stream or CRC in a .gz, junk in the rest
        data = _bytes(name, files[name])
        at = draw(st.integers(0, max(0, len(data) - 1)))
        files[name] = data[:at] + bytes(b ^ 0x55 for b in data[at : at + 8]) + data[at + 8 :]
    elif how == "json" and name.endswith(".json"):
        files[name] = draw(CASE_JSON if name == "case.json" else JUNK_JSON)
    elif ".csv" in name:
        junk = st.sampled_from(["1e999", "-1e308", "nan", "inf", "1e300", "x", "\x00", ""])
        files[name] = [[*row[:1], draw(junk), *row[2:]] for row in files[name]]
    return files


@PROPERTY
@given(files=damaged())
def test_a_damaged_bundle_loads_or_raises_source_error(files: dict[str, Any]) -> None:
    with written(files) as case:
        try:
            context, _ = load_case(case)
        except SourceError as exc:
            assert str(exc)
            return
        for signal in Signal:
            try:
                CaseBundleSource(signal, case).fetch_reference(context)
            except SourceError as exc:
                assert str(exc)
