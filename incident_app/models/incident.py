"""Incidents and the services they touch."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Enum, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incident_app.models.base import Base, JSONType, Timestamps, UTCDateTime, UUIDPk
from incident_app.models.service import Service
from incident_app.models.user import User


class Severity(enum.StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"


class Status(enum.StrEnum):
    open = "open"
    investigating = "investigating"
    mitigated = "mitigated"
    resolved = "resolved"


class ImpactLevel(enum.StrEnum):
    primary = "primary"
    secondary = "secondary"
    tertiary = "tertiary"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=16)


class Incident(UUIDPk, Timestamps, Base):
    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_status_started_at", "status", "started_at"),
        Index("ix_incidents_severity_started_at", "severity", "started_at"),
        Index("ix_incidents_updated_at", "updated_at"),  # the list's -updated_at sort
    )

    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    severity: Mapped[Severity] = mapped_column(_enum(Severity, "incident_severity"), nullable=False)
    status: Mapped[Status] = mapped_column(
        _enum(Status, "incident_status"), default=Status.open, nullable=False
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mitigated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    root_cause: Mapped[str | None] = mapped_column(Text)
    resolution: Mapped[str | None] = mapped_column(Text)
    mtta_seconds: Mapped[float | None] = mapped_column(Float)
    mttr_seconds: Mapped[float | None] = mapped_column(Float)
    commander_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # Free-form facts plus system-computed ones such as business_impact.
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict, nullable=False)
    timeline_locked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    commander: Mapped[User | None] = relationship(foreign_keys=[commander_id], lazy="selectin")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id], lazy="selectin")
    service_links: Mapped[list[IncidentService]] = relationship(
        back_populates="incident",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="IncidentService.position",
    )


class IncidentService(Base):
    __tablename__ = "incident_services"

    incident_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("services.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    impact_level: Mapped[ImpactLevel] = mapped_column(
        _enum(ImpactLevel, "impact_level"), nullable=False
    )
    position: Mapped[int] = mapped_column(default=0, nullable=False)

    incident: Mapped[Incident] = relationship(back_populates="service_links")
    service: Mapped[Service] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return self.service.name
