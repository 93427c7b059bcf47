"""One analysis: collect every signal in parallel, run every analyzer in parallel, merge.

Sources and analyzers are isolated (see isolation.py): a source that is down or slow makes
the result degraded and says so; an analyzer that raises or hangs is recorded as failed. The
engine itself never raises because of a plugin.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from incident_app.correlation import reference
from incident_app.correlation.hookspecs import TelemetrySource
from incident_app.correlation.isolation import run_all
from incident_app.correlation.merge import merge_findings
from incident_app.correlation.plugins import PluginSet
from incident_app.correlation.types import (
    TELEMETRY_FIELDS,
    AnalysisContext,
    Finding,
    Hypothesis,
    Signal,
    Telemetry,
)
from incident_app.telemetry.metrics import record_problems


@dataclass
class AnalysisResult:
    hypotheses: list[Hypothesis]
    findings: list[Finding]
    sources: dict[str, dict[str, Any]]  # signal -> {status, source, duration_ms, error, notes?}
    analyzers: dict[str, dict[str, Any]]  # name -> {status, duration_ms, findings, error}
    problems: dict[str, str] = field(default_factory=dict)
    duration_ms: float = 0.0

    @property
    def degraded(self) -> bool:
        return bool(self.problems)


def resolve_sources(
    plugins: PluginSet, settings: Mapping[str, Any]
) -> tuple[dict[Signal, TelemetrySource], dict[str, str]]:
    """Ask the plugins who supplies each signal; a hook that raises counts as no source."""
    sources: dict[Signal, TelemetrySource] = {}
    errors: dict[str, str] = {}
    for signal in Signal:
        try:
            source = plugins.manager.hook.rootline_telemetry_source(
                signal=signal, settings=settings
            )
        except Exception as exc:
            errors[signal.value] = f"choosing a source failed: {exc}"
            continue
        if source is not None:
            sources[signal] = source
    return sources, errors


def _query_stats(source: TelemetrySource) -> dict[str, Any]:
    """How many queries a live source made and which was slowest (operators and the
    latency benchmark read these)."""
    timings: list[tuple[str, float]] = getattr(source, "last_query_timings", None) or []
    if not timings:
        return {}
    query, seconds = max(timings, key=lambda t: t[1])
    return {
        "queries": len(timings),
        "slowest_query_ms": round(seconds * 1000, 2),
        "slowest_query": query[:300],
    }


def _reference_report(
    outcomes: Mapping[str, Any], sources: Mapping[Signal, TelemetrySource]
) -> tuple[Telemetry | None, dict[str, dict[str, Any]], dict[str, str]]:
    """The reference parts merged, what each source's reference did, and what failed (a failed
    reference degrades the run, never blocks it)."""
    parts, report, problems = [], {}, {}
    for signal, source in sources.items():
        outcome = outcomes.get(f"reference:{signal.value}")
        if outcome is None:
            continue
        if outcome.status == "ok" and outcome.value is None:
            continue  # this source has no reference (none configured, or none recorded)
        entry = {"status": outcome.status, "duration_ms": outcome.duration_ms}
        if outcome.status != "ok":
            entry["error"] = outcome.error
            problems[f"reference:{signal.value}"] = f"{source.name}: {outcome.error}"
        else:
            parts.append(outcome.value)
            if outcome.value.problems:
                entry["error"] = "; ".join(outcome.value.problems.values())
        report[signal.value] = entry
    return (reference.merge(parts) if parts else None), report, problems


@dataclass
class Collected:
    telemetry: Telemetry
    reference: Telemetry | None  # merged reference period of every source that has one
    report: dict[str, dict[str, Any]]  # signal -> how its source did (reference included)
    reference_problems: dict[str, str]  # "reference:<signal>" -> what went wrong


def collect(
    context: AnalysisContext, plugins: PluginSet, settings: Mapping[str, Any], timeout: float
) -> Collected:
    """Every signal of the incident's window and of its reference period, all in parallel under
    one deadline."""
    sources, errors = resolve_sources(plugins, settings)
    # Own source objects for the reference: sources keep per-fetch state (query timings).
    reference_sources, _ = resolve_sources(plugins, settings)
    calls: dict[str, Callable[[], Any]] = {
        s.value: partial(src.fetch, context) for s, src in sources.items()
    }
    calls.update(
        {
            f"reference:{s.value}": partial(reference.fetch_reference, src, context, settings)
            for s, src in reference_sources.items()
        }
    )
    outcomes = run_all(calls, timeout)
    telemetry = Telemetry()
    report: dict[str, dict[str, Any]] = {}
    for signal in Signal:
        source = sources.get(signal)
        outcome = outcomes.get(signal.value)
        if source is None or outcome is None:
            reason = errors.get(signal.value, "no source configured")
            report[signal.value] = {"status": "unavailable", "source": None, "error": reason}
            telemetry.problems[signal.value] = reason
            continue
        report[signal.value] = {
            "status": outcome.status,
            "source": source.name,
            "duration_ms": outcome.duration_ms,
            "error": outcome.error,
        }
        if outcome.status != "ok" or outcome.value is None:
            telemetry.problems[signal.value] = f"{source.name}: {outcome.error}"
            continue
        for name in TELEMETRY_FIELDS:
            value = getattr(outcome.value, name)
            if value is not None:
                setattr(telemetry, name, value)
        if outcome.value.problems:  # partial answers: some queries refused, a file missing
            telemetry.problems.update(outcome.value.problems)
            report[signal.value]["error"] = "; ".join(outcome.value.problems.values())
        if outcome.value.notes:  # left out by configuration, e.g. unwatched namespaces
            report[signal.value]["notes"] = "; ".join(outcome.value.notes.values())
        report[signal.value].update(_query_stats(source))
    ref, ref_report, ref_problems = _reference_report(outcomes, reference_sources)
    for name, entry in ref_report.items():
        report[name]["reference"] = entry
    return Collected(telemetry, ref, report, ref_problems)


def silent_services(context: AnalysisContext, telemetry: Telemetry) -> set[str]:
    """The services of the context that sent nothing on any signal (a managed database known
    only from the dependency graph), while others did."""
    heard = {
        record.service for name in TELEMETRY_FIELDS for record in getattr(telemetry, name) or []
    }
    return {s.name for s in context.services} - heard if heard else set()


def analyze(
    context: AnalysisContext,
    plugins: PluginSet,
    settings: Mapping[str, Any],
    *,
    source_timeout: float = 10.0,
    analyzer_timeout: float = 10.0,
) -> AnalysisResult:
    started = time.perf_counter()
    collected = collect(context, plugins, settings, source_timeout)
    telemetry, source_report = collected.telemetry, collected.report
    context = replace(context, reference=collected.reference)
    analyzers = plugins.enabled()
    outcomes = run_all(
        {a.name: partial(a.analyze, context, telemetry) for a in analyzers},
        analyzer_timeout,
    )
    findings: list[Finding] = []
    analyzer_report: dict[str, dict[str, Any]] = {}
    problems = {
        f"source:{k}": v
        for k, v in telemetry.problems.items()
        if source_report[k]["status"] != "unavailable"
    }
    problems.update(collected.reference_problems)
    for analyzer in analyzers:
        outcome = outcomes[analyzer.name]
        found = [f for f in (outcome.value or []) if isinstance(f, Finding)]
        analyzer_report[analyzer.name] = {
            "status": outcome.status,
            "version": analyzer.version,
            "duration_ms": outcome.duration_ms,
            "findings": len(found),
            "error": outcome.error,
        }
        if outcome.status != "ok":
            problems[f"analyzer:{analyzer.name}"] = outcome.error
        findings.extend(found)
    record_problems(problems)
    return AnalysisResult(
        hypotheses=merge_findings(context, findings, silent_services(context, telemetry)),
        findings=findings,
        sources=source_report,
        analyzers=analyzer_report,
        problems=problems,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
    )
