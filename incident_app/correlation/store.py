"""Persisting an analysis: hypotheses, findings and the run, plus its timeline story, all in
one transaction so a retried job can never store a run twice or half."""

from __future__ import annotations

from typing import Any

from incident_app.correlation.engine import AnalysisResult
from incident_app.correlation.types import Finding, Signal
from incident_app.extensions import db
from incident_app.models import (
    AnalysisRun,
    Correlation,
    CorrelationFinding,
    EventSource,
    Incident,
    RunStatus,
    utcnow,
)
from incident_app.telemetry.metrics import record_completed, record_failed
from incident_app.timeline.service import record_event

NOTABLE = 0.5  # findings at least this strong get their own timeline event
EVENTS_PER_KIND = 3
SIGNAL_EVENTS: dict[Signal, tuple[str, EventSource, frozenset[str] | None]] = {
    Signal.metrics: ("metric_spike", EventSource.prometheus, None),
    Signal.logs: ("log_pattern_detected", EventSource.correlation_engine, None),
    Signal.traces: ("trace_errors_detected", EventSource.correlation_engine, None),
    Signal.k8s: (
        "pod_restarts_detected",
        EventSource.kubernetes,
        frozenset({"pod_restarts", "pod_oomkilled", "crashloop", "probe_failed"}),
    ),
}


def _finding_row(finding: Finding, position: int) -> CorrelationFinding:
    return CorrelationFinding(
        position=position,
        analyzer=finding.analyzer,
        service=finding.service,
        signal=finding.signal.value,
        kind=finding.kind,
        summary=finding.summary,
        score=round(float(finding.score), 4),
        fault=finding.fault,
        onset=finding.onset,
        evidence=finding.evidence,
    )


def _described(key: str, reason: str) -> str:
    """A problem as the timeline tells it; a failed reference lost no evidence of the
    incident, only what normal looked like, and says so."""
    kind, _, name = key.partition(":")
    if kind == "reference":
        return f"reference period unavailable for {name}: {reason}"
    return f"{key}: {reason}"


def _timeline(incident: Incident, run: AnalysisRun, result: AnalysisResult) -> None:
    for signal, (event_type, source, kinds) in SIGNAL_EVENTS.items():
        best: dict[str, Finding] = {}
        for f in result.findings:
            wanted = (
                f.signal == signal and f.score >= NOTABLE and (kinds is None or f.kind in kinds)
            )
            if wanted and (f.service not in best or f.score > best[f.service].score):
                best[f.service] = f
        for f in sorted(best.values(), key=lambda f: -f.score)[:EVENTS_PER_KIND]:
            record_event(
                incident,
                event_type,
                f"{f.service}: {f.summary}",
                source=source,
                metadata={
                    "run_id": str(run.id),
                    "service": f.service,
                    "kind": f.kind,
                    "score": round(f.score, 4),
                    "onset": f.onset,
                },
            )
    if result.problems:
        record_event(
            incident,
            "correlation_degraded",
            "Correlation ran with missing evidence",
            source=EventSource.correlation_engine,
            description="; ".join(_described(k, v) for k, v in result.problems.items()),
            metadata={"run_id": str(run.id), "problems": result.problems},
        )
    if result.hypotheses:
        top = result.hypotheses[0]
        record_event(
            incident,
            "root_cause_identified",
            f"Root cause: {top.summary} ({round(top.confidence * 100)}% confidence)",
            source=EventSource.correlation_engine,
            metadata={
                "run_id": str(run.id),
                "service": top.service,
                "fault": top.fault,
                "confidence": top.confidence,
                "alternatives": [h.service for h in result.hypotheses[1:]],
            },
        )
    else:
        record_event(
            incident,
            "correlation_analysis_completed",
            "No root cause identified",
            source=EventSource.correlation_engine,
            metadata={"run_id": str(run.id)},
        )


def store_result(run: AnalysisRun, incident: Incident, result: AnalysisResult) -> None:
    """Write hypotheses, findings, the run's outcome and timeline events, then commit."""
    run.hypotheses = [
        Correlation(
            incident_id=incident.id,
            rank=h.rank,
            service=h.service,
            fault=h.fault,
            confidence=h.confidence,
            summary=h.summary[:300],
            findings=[_finding_row(f, i) for i, f in enumerate(h.findings)],
        )
        for h in result.hypotheses
    ]
    run.sources = result.sources
    run.analyzers = result.analyzers
    run.problems = result.problems
    run.status = RunStatus.completed
    run.finished_at = utcnow()
    run.duration_ms = result.duration_ms
    run.error = None
    if not incident.timeline_locked:  # resolved meanwhile: keep results, leave the story closed
        _timeline(incident, run, result)
    db.session.commit()
    record_completed(result.duration_ms / 1000, result.degraded)  # counted once it is stored


def mark_failed(run: AnalysisRun, error: str) -> dict[str, Any]:
    run.status = RunStatus.failed
    run.finished_at = utcnow()
    run.error = error[:2000]
    db.session.commit()
    record_failed()
    return {"run_id": str(run.id), "status": run.status.value}
