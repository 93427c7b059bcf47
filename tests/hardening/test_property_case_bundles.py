"""Case bundle properties (../shared/CASE_FORMAT.md): a well-formed bundle, whatever its text
cells hold, loads with every sample and service it names; a damaged one (any file cut short,
overwritten with junk bytes or junk JSON) loads or raises SourceError, nothing else."""

from __future__ import annotations

import csv
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
from incident_app.correlation.sources.bundle import load_case, read_events, read_logs, read_metrics

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


@st.composite
def bundles(draw: st.DrawFn) -> dict[str, Any]:
    """The files of a well-formed bundle, as rows (CSV) or objects (JSON)."""
    columns = draw(
        st.lists(st.tuples(SERVICE, METRIC).map("_".join), min_size=1, max_size=4, unique=True)
    )
    times = draw(st.lists(TIME, min_size=1, max_size=8, unique=True))
    cells = st.one_of(st.just(""), VALUE.map(repr))
    metrics = [[str(t), *(draw(cells) for _ in columns)] for t in times]
    files: dict[str, Any] = {
        "case.json": {"inject_time": draw(st.sampled_from(times)), "system": "shop"},
        "metrics.csv": [["time", *columns], *metrics],
    }
    for name, header in HEADERS.items():
        if draw(st.booleans()):
            rows = st.lists(st.tuples(TIME.map(str), SERVICE, *([TEXT] * (len(header) - 2))))
            files[name] = [header, *draw(rows.map(lambda r: [list(x) for x in r]))]
    if draw(st.booleans()):
        files["label.json"] = {"service": draw(SERVICE), "fault": "mem"}
    return files


@contextmanager
def written(files: dict[str, Any]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "case-1"
        case.mkdir()
        for name, content in files.items():
            if isinstance(content, bytes):
                (case / name).write_bytes(content)
            elif name.endswith(".csv"):
                with (case / name).open("w", newline="", encoding="utf-8") as handle:
                    csv.writer(handle).writerows(content)
            else:
                (case / name).write_text(json.dumps(content), encoding="utf-8")
        yield case


@PROPERTY
@given(files=bundles())
def test_a_well_formed_bundle_loads_everything_it_holds(files: dict[str, Any]) -> None:
    with written(files) as case:
        context, label = load_case(case)
        series = read_metrics(case)
        logs = read_logs(case) if "logs.csv" in files else []
        events = read_events(case) if "events.csv" in files else []
    header, *rows = files["metrics.csv"]
    expected = {
        (column, float(row[0]), float(row[i]))
        for row in rows
        for i, column in enumerate(header[1:], start=1)
        if row[i]
    }
    assert {(s.query, t, v) for s in series for t, v in s.points} == expected
    named = {s.service for s in series} | {r.service for r in [*logs, *events]}
    assert {s.name for s in context.services} == named - {""}
    written_logs = [(float(r[0]), r[1], r[3].strip()) for r in files.get("logs.csv", [[]])[1:]]
    assert sorted((r.time, r.service, r.message) for r in logs) == sorted(written_logs)
    inject = files["case.json"]["inject_time"]
    assert context.window_start.timestamp() <= inject <= context.window_end.timestamp()
    assert label == files.get("label.json")


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
    },
)


@st.composite
def damaged(draw: st.DrawFn) -> dict[str, Any]:
    files = draw(bundles())
    name = draw(st.sampled_from(sorted(files)))
    how = draw(st.sampled_from(["bytes", "truncate", "json", "cells"]))
    if how == "bytes":
        files[name] = draw(st.binary(max_size=200))
    elif how == "truncate":
        text = json.dumps(files[name]) if name.endswith(".json") else _csv_text(files[name])
        files[name] = text.encode()[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif how == "json" and name.endswith(".json"):
        files[name] = draw(CASE_JSON if name == "case.json" else JUNK_JSON)
    elif name.endswith(".csv"):
        junk = st.sampled_from(["1e999", "-1e308", "nan", "inf", "1e300", "x", "\x00", ""])
        files[name] = [[*row[:1], draw(junk), *row[2:]] for row in files[name]]
    return files


def _csv_text(rows: list[list[str]]) -> str:
    return "\n".join(",".join(row) for row in rows)


@PROPERTY
@given(files=damaged())
def test_a_damaged_bundle_loads_or_raises_source_error(files: dict[str, Any]) -> None:
    with written(files) as case:
        try:
            load_case(case)
        except SourceError as exc:
            assert str(exc)
