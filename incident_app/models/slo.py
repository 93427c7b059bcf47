"""Service level objectives and the history of their evaluations.

Figures are NUMERIC, not FLOAT: budgets are small differences of large event counts, and the
API promises them exactly (see incident_app/slos/evaluation.py).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incident_app.models.base import Base, BigIntId, JSONType, Timestamps, UTCDateTime, UUIDPk
from incident_app.models.service import Service


class SliType(enum.StrEnum):
    availability = "availability"  # bad/total request counters
    latency = "latency"  # requests slower than a histogram bucket
    custom = "custom"  # a good (or bad) / total PromQL pair


class SloWindow(enum.StrEnum):
    d7 = "7d"
    d28 = "28d"
    d30 = "30d"
    calendar_month = "calendar_month"


class SloStatus(enum.StrEnum):
    healthy = "healthy"
    warning = "warning"
    critical = "critical"
    no_data = "no_data"


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=16, values_callable=_values)


def _values(cls: type[enum.Enum]) -> list[str]:
    return [str(member.value) for member in cls]


Percent = Numeric(24, 12)  # 99.123456789012, or a budget overspent by -9,999,900%
Events = Numeric(24, 4)  # increase() extrapolates: event counts are not whole numbers


class Slo(UUIDPk, Timestamps, Base):
    __tablename__ = "slos"

    name: Mapped[str] = mapped_column(String(63), unique=True, nullable=False)
    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("services.id", ondelete="CASCADE"), nullable=False, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    sli_type: Mapped[SliType] = mapped_column(_enum(SliType, "sli_type"), nullable=False)
    # The SLI's own fields (see slos.schemas: AvailabilitySli, LatencySli, CustomSli).
    sli: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    target: Mapped[Decimal] = mapped_column(Numeric(9, 6), nullable=False)  # percent
    window: Mapped[SloWindow] = mapped_column(_enum(SloWindow, "slo_window"), nullable=False)
    owner: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    runbook_url: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    # None: the SRE-workbook tiers scaled to the window (slos.tiers.DEFAULT_TIERS).
    alert_tiers: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONType)
    min_events: Mapped[int] = mapped_column(Integer, default=10, nullable=False)
    # The latest evaluation, so listings need no history look-up.
    status: Mapped[SloStatus | None] = mapped_column(_enum(SloStatus, "slo_status"))
    evaluated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sli_percent: Mapped[Decimal | None] = mapped_column(Percent)
    budget_remaining_percent: Mapped[Decimal | None] = mapped_column(Percent)

    service: Mapped[Service] = relationship(lazy="joined")

    @property
    def service_name(self) -> str:
        return self.service.name


class SloHistory(Base):
    """One periodic evaluation of one SLO, for budget and burn charts."""

    __tablename__ = "slo_history"
    __table_args__ = (Index("ix_slo_history_slo_evaluated", "slo_id", "evaluated_at"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    slo_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("slos.id", ondelete="CASCADE"), nullable=False
    )
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[SloStatus] = mapped_column(_enum(SloStatus, "slo_status"), nullable=False)
    sli_percent: Mapped[Decimal | None] = mapped_column(Percent)
    total_events: Mapped[Decimal | None] = mapped_column(Events)
    bad_events: Mapped[Decimal | None] = mapped_column(Events)
    budget_remaining_percent: Mapped[Decimal | None] = mapped_column(Percent)
    burn_rates: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)
    firing_tiers: Mapped[list[str]] = mapped_column(JSONType, default=list, nullable=False)
