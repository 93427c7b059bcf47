"""Alert intake: integrations (webhook senders), alert groups, and the alerts of incidents."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incident_app.models.base import Base, JSONType, Timestamps, UTCDateTime, UUIDPk, utcnow
from incident_app.models.incident import Severity
from incident_app.models.user import User


class IntegrationKind(enum.StrEnum):
    alertmanager = "alertmanager"
    grafana = "grafana"


class AlertStatus(enum.StrEnum):
    firing = "firing"
    resolved = "resolved"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=16)


class Integration(UUIDPk, Timestamps, Base):
    """A webhook sender; it authenticates with a token of which only the SHA-256 is kept."""

    __tablename__ = "integrations"

    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    kind: Mapped[IntegrationKind] = mapped_column(
        _enum(IntegrationKind, "integration_kind"), nullable=False
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    token_hint: Mapped[str] = mapped_column(String(16), nullable=False)  # first characters
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    created_by: Mapped[User | None] = relationship(lazy="joined")


class AlertGroup(UUIDPk, Base):
    """One sender's group (Alertmanager's groupKey) and the incident its alerts attach to.

    Its row is also the lock that serializes concurrent deliveries of the same group."""

    __tablename__ = "alert_groups"
    __table_args__ = (
        UniqueConstraint("integration_id", "key_hash", name="uq_alert_groups_integration_key"),
    )

    integration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("integrations.id", ondelete="CASCADE"), nullable=False
    )
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False)  # sha256 of group_key
    group_key: Mapped[str] = mapped_column(Text, nullable=False)
    labels: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict, nullable=False)
    incident_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class Alert(UUIDPk, Timestamps, Base):
    """One alert (by fingerprint) within one incident; a re-fire in the same incident reuses
    the row, a fire after the incident was resolved gets a row in the next incident."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("incident_id", "fingerprint", name="uq_alerts_incident_fingerprint"),
        Index("ix_alerts_group_fingerprint", "group_id", "fingerprint"),
        Index("ix_alerts_status_starts_at", "status", "starts_at"),
        Index("ix_alerts_integration_starts_at", "integration_id", "starts_at"),
        Index("ix_alerts_fingerprint", "fingerprint"),
    )

    incident_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False
    )
    integration_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("integrations.id", ondelete="SET NULL")
    )
    group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("alert_groups.id", ondelete="SET NULL")
    )
    source: Mapped[IntegrationKind] = mapped_column(
        _enum(IntegrationKind, "alert_source"), nullable=False
    )
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)  # the alertname label
    status: Mapped[AlertStatus] = mapped_column(_enum(AlertStatus, "alert_status"), nullable=False)
    severity: Mapped[Severity] = mapped_column(_enum(Severity, "alert_severity"), nullable=False)
    labels: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict, nullable=False)
    annotations: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict, nullable=False)
    # Sender-specific extras (Grafana's values, dashboard and panel URLs, ...).
    details: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    generator_url: Mapped[str] = mapped_column(Text, default="", nullable=False)
