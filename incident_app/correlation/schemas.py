"""Correlation API models: runs, hypotheses with their findings, and the analyzer registry."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from incident_app.api.schemas import Input, Output
from incident_app.models import RunStatus


class FindingOut(Output):
    analyzer: str
    service: str
    signal: str
    kind: str
    summary: str
    score: float
    fault: str | None
    onset: float | None = Field(description="Unix seconds when the anomaly began")
    evidence: dict[str, Any]


class HypothesisOut(Output):
    rank: int
    service: str
    fault: str
    confidence: float = Field(description="0..1; see docs/analyzers.md for how it is computed")
    summary: str
    findings: list[FindingOut]


class RunOut(Output):
    id: uuid.UUID
    incident_id: uuid.UUID
    status: RunStatus
    trigger: str
    attempts: int
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_ms: float | None
    degraded: bool
    sources: dict[str, Any]
    analyzers: dict[str, Any]
    problems: dict[str, Any]
    error: str | None


class CorrelationsQuery(Input):
    run_id: uuid.UUID | None = Field(None, description="Default: the latest completed run")


class CorrelationsOut(BaseModel):
    incident_id: uuid.UUID
    run: RunOut | None = Field(description="The run whose hypotheses are shown")
    hypotheses: list[HypothesisOut]
    certainty: Literal["likely", "uncertain", "none"] = Field(
        description="likely: the top hypothesis stands out; uncertain: its confidence is low "
        "or split with a runner-up (several services are comparably anomalous); none: no "
        "hypothesis"
    )
    runs: list[RunOut] = Field(description="Every run of this incident, newest first")


class AnalyzerOut(BaseModel):
    name: str
    version: str
    signals: list[str]
    plugin: str
    distribution: str
    status: str = Field(description="enabled or disabled")


class PluginFailureOut(BaseModel):
    plugin: str
    error: str


class AnalyzersOut(BaseModel):
    analyzers: list[AnalyzerOut]
    failures: list[PluginFailureOut]
