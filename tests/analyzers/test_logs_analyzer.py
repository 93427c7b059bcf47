"""Logs analyzer: Drain3 templates per service and the ones whose rate jumped at the start."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from analyzer_synth import AFTER, BEFORE, SERVICES, START, assert_json, by_service, context

from analyzers.logs import LogsAnalyzer
from analyzers.logs.mining import mask, mine
from analyzers.logs.scoring import fault_hint, level_name
from incident_app.correlation.types import LogRecord, Telemetry

ANALYZER = LogsAnalyzer()


def chatter(
    seed: int, services: tuple[str, ...] = SERVICES, per_service: int = 400
) -> list[LogRecord]:
    """Ordinary traffic at a steady rate over the whole window."""
    rng = np.random.default_rng(seed)
    out = []
    for svc in services:
        for t in rng.uniform(START - BEFORE, START + AFTER, per_service):
            k = int(rng.integers(4))
            message = (
                f"GET /api/items/{rng.integers(1000)} 200 in {rng.integers(1, 90)}ms",
                f"user {rng.integers(10**6)} logged in from 10.0.3.{rng.integers(255)}",
                f"cache miss for key item:{rng.integers(10**5)}",
                f"slow query took {rng.integers(100, 900)} ms",
            )[k]
            out.append(LogRecord(float(t), svc, "WARN" if k == 3 else "INFO", message))
    return out


def burst(
    service: str, n: int, level: str, text: str, seed: int = 1, since: float = START + 20
) -> list[LogRecord]:
    rng = np.random.default_rng(seed)
    return [
        LogRecord(
            float(t), service, level, text.format(a=rng.integers(1, 5000), b=rng.integers(20, 50))
        )
        for t in rng.uniform(since, START + AFTER, n)
    ]


def run(logs: list[LogRecord] | None) -> list:
    return ANALYZER.analyze(context(), Telemetry(logs=logs))


def test_drain_groups_variable_parts() -> None:
    records = [
        LogRecord(
            float(i),
            "db",
            "ERROR",
            f"timeout after {i * 7} ms talking to 10.0.0.{i % 9}:5432 req=a1b2c3d4e5f6{i:04d}",
        )
        for i in range(40)
    ] + [LogRecord(40.0 + i, "db", "INFO", f"query ok rows={i}") for i in range(10)]
    templates = {t.text: len(t.records) for t in mine(records)}
    assert templates == {
        "timeout after <NUM> ms talking to <IP> req=<HEX>": 40,
        "query ok rows=<NUM>": 10,
    }


def test_masks_keep_units_and_words() -> None:
    assert mask("took 12.5ms for 3f2b1c4a-1234-4abc-9def-0123456789ab") == "took <NUM>ms for <ID>"
    assert mask("v2 of svc-3 at 0xFF") == "v2 of svc-<NUM> at <HEX>"


def test_pool_exhaustion_burst_is_named_with_counts(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    logs = chatter(3) + burst(
        "payment", 1247, "ERROR", "connection pool exhausted after {a} ms (active={b}, max=50)"
    )
    findings = run(logs)
    top = findings[0]
    assert (top.service, top.kind, top.fault) == ("payment", "log_pattern", "pool-exhaustion")
    assert top.score > 0.95
    ev = top.evidence
    assert ev["template"] == "connection pool exhausted after <NUM> ms (active=<NUM>, max=<NUM>)"
    assert (ev["count_before"], ev["count_after"], ev["new"]) == (0, 1247, True)
    assert ev["levels"] == {"error": 1247}
    assert len(ev["samples"]) == 5 and all("connection pool exhausted" in s for s in ev["samples"])
    assert ev["rate_after_per_min"] == pytest.approx(1247 / (AFTER / 60), rel=1e-3)
    assert "\u00d7 1,247 after the start (was 0 in the 30 min before)" in top.summary
    assert top.onset is not None and START + 20 <= top.onset < START + 40
    assert max((f.score for f in findings if f.service != "payment"), default=0.0) < 0.2
    assert not [r for r in caplog.records if "drain3.ini" in r.getMessage()]
    assert_json(findings)


@pytest.mark.parametrize("seed", range(5))
def test_steady_logs_score_near_zero(seed: int) -> None:
    assert max((f.score for f in run(chatter(seed))), default=0.0) < 0.15


def test_existing_template_whose_rate_jumped() -> None:
    before = burst("cart", 30, "WARN", "redis timeout after {a} ms", since=START - BEFORE)
    before = [r for r in before if r.time < START]
    after = burst("cart", 200, "WARN", "redis timeout after {a} ms", seed=2)
    [finding] = [f for f in run(chatter(4) + before + after) if f.service == "cart"]
    assert finding.fault == "delay" and not finding.evidence["new"]
    assert finding.evidence["count_before"] == len(before) > 0
    assert finding.score > 0.8


def test_error_lines_outweigh_equal_info_lines() -> None:
    logs = (
        chatter(5, ("a", "b"))
        + burst("a", 60, "ERROR", "payment declined code {a}")
        + burst("b", 60, "INFO", "payment declined code {a}")
    )
    scores = by_service(run(logs))
    assert scores["a"] > scores["b"] > 0


def test_a_service_that_goes_quiet() -> None:
    logs = [r for r in chatter(6, ("quiet", "busy")) if r.service == "busy" or r.time < START]
    [silence] = [f for f in run(logs) if f.kind == "log_silence"]
    assert silence.service == "quiet" and 0.3 < silence.score <= 0.5
    assert silence.evidence["count_after"] == 0


@pytest.mark.parametrize(
    ("template", "fault"),
    [
        ("HikariPool-1 - Connection is not available, request timed out", "pool-exhaustion"),
        ("FATAL: sorry, too many connections for role <*>", "pool-exhaustion"),
        ("java.lang.OutOfMemoryError: Java heap space", "oom"),
        ("container killed: OOM", "oom"),
        ("rpc error: code = DeadlineExceeded desc = context deadline exceeded", "delay"),
        ("dial tcp <IP>: connect: connection refused", "socket"),
        ("read tcp <IP>: connection reset by peer", "loss"),
        ("Traceback (most recent call last):", "exception"),
        ("panic: runtime error: index out of range", "exception"),
        ("invalid configuration: missing key <*>", "config"),
        ("write /data/<*>: no space left on device", "disk"),
        ("request served in <NUM> ms", None),
    ],
)
def test_fault_hints_from_template_words(template: str, fault: str | None) -> None:
    assert fault_hint(template) == fault


def test_level_names_are_normalized() -> None:
    assert [level_name(x) for x in ("E", "ERR", "Critical", "warning", "I", "trace", "")] == [
        "error",
        "error",
        "error",
        "warn",
        "info",
        "debug",
        "unknown",
    ]


def test_missing_or_degenerate_logs() -> None:
    assert run(None) == [] and run([]) == []
    one = [LogRecord(START + 5, "x", "", "")]
    assert [f.score for f in run(one)] == []
    only_before = [LogRecord(START - 5, "x", "ERROR", "boom")]
    assert run(only_before) == []
