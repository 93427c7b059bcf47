"""Timeline events: the incident's story, in order."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incident_app.models.base import Base, BigIntId, JSONType, UTCDateTime, utcnow
from incident_app.models.user import User


class EventSource(enum.StrEnum):
    user = "user"
    system = "system"
    prometheus = "prometheus"
    correlation_engine = "correlation_engine"
    slo_system = "slo_system"
    alertmanager = "alertmanager"
    grafana = "grafana"
    kubernetes = "kubernetes"


class TimelineEvent(Base):
    __tablename__ = "timeline_events"
    __table_args__ = (
        Index("ix_timeline_events_incident_order", "incident_id", "occurred_at", "id"),
    )

    # An increasing integer id breaks ties between events recorded in the same microsecond.
    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    event_type: Mapped[str] = mapped_column(String(64), nullable=False)
    source: Mapped[EventSource] = mapped_column(
        Enum(EventSource, name="event_source", native_enum=False, length=32), nullable=False
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=dict, nullable=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    actor: Mapped[User | None] = relationship(lazy="joined")
