"""Analysis runs and their results: ranked hypotheses (the seed's `correlations`) and findings."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incident_app.models.base import Base, JSONType, UTCDateTime, UUIDPk, utcnow


class RunStatus(enum.StrEnum):
    queued = "queued"
    running = "running"
    completed = "completed"
    failed = "failed"


class AnalysisRun(UUIDPk, Base):
    """One correlation analysis of one incident; written once, whatever the retries.

    It is also the outbox record of its job: `dispatched_at` stays NULL until RQ has the job
    (the relay re-dispatches), and a running attempt holds `lease_expires_at`, renewed while
    it works, so a run whose worker died is handed out again (see correlation/outbox.py)."""

    __tablename__ = "analysis_runs"
    __table_args__ = (
        Index("ix_analysis_runs_incident_queued", "incident_id", "queued_at"),
        Index("ix_analysis_runs_status_dispatched", "status", "dispatched_at"),
    )

    incident_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    status: Mapped[RunStatus] = mapped_column(
        Enum(RunStatus, name="run_status", native_enum=False, length=16),
        default=RunStatus.queued,
        nullable=False,
    )
    trigger: Mapped[str] = mapped_column(String(32), nullable=False)  # incident_created, manual
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_ms: Mapped[float | None] = mapped_column(Float)
    sources: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)
    analyzers: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)
    problems: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)
    error: Mapped[str | None] = mapped_column(Text)

    hypotheses: Mapped[list[Correlation]] = relationship(
        back_populates="run",
        cascade="all, delete-orphan",
        order_by="Correlation.rank",
        lazy="selectin",
    )

    @property
    def degraded(self) -> bool:
        return bool(self.problems)


class Correlation(UUIDPk, Base):
    """A ranked root-cause hypothesis of one run."""

    __tablename__ = "correlations"
    __table_args__ = (Index("ix_correlations_incident_run_rank", "incident_id", "run_id", "rank"),)

    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("analysis_runs.id", ondelete="CASCADE"), nullable=False
    )
    incident_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    rank: Mapped[int] = mapped_column(Integer, nullable=False)
    service: Mapped[str] = mapped_column(String(63), nullable=False)
    fault: Mapped[str] = mapped_column(String(64), nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    summary: Mapped[str] = mapped_column(String(300), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    run: Mapped[AnalysisRun] = relationship(back_populates="hypotheses")
    findings: Mapped[list[CorrelationFinding]] = relationship(
        cascade="all, delete-orphan", order_by="CorrelationFinding.position", lazy="selectin"
    )


class CorrelationFinding(UUIDPk, Base):
    """One analyzer finding supporting a hypothesis, with its evidence."""

    __tablename__ = "correlation_findings"

    correlation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("correlations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    analyzer: Mapped[str] = mapped_column(String(64), nullable=False)
    service: Mapped[str] = mapped_column(String(63), nullable=False)
    signal: Mapped[str] = mapped_column(String(16), nullable=False)
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    fault: Mapped[str | None] = mapped_column(String(64))
    onset: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)
