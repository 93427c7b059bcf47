"""The service catalog: what runs, who owns it, what it is worth, and what it depends on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Float, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incident_app.models.base import Base, JSONType, Timestamps, UUIDPk

service_dependencies = Table(
    "service_dependencies",
    Base.metadata,
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "depends_on_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Service(UUIDPk, Timestamps, Base):
    __tablename__ = "services"

    name: Mapped[str] = mapped_column(String(63), unique=True, nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    namespace: Mapped[str] = mapped_column(String(63), default="default", nullable=False)
    tier: Mapped[int] = mapped_column(Integer, default=3, nullable=False)
    owner_team: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    users_served: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    revenue_per_hour: Mapped[float] = mapped_column(Float, default=0.0, nullable=False)
    # How to find this service's metrics, logs, traces and pods (see catalog.schemas.Telemetry).
    telemetry: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)

    dependencies: Mapped[list[Service]] = relationship(
        secondary=service_dependencies,
        primaryjoin=lambda: Service.id == service_dependencies.c.service_id,
        secondaryjoin=lambda: Service.id == service_dependencies.c.depends_on_id,
        order_by=lambda: Service.name,
        lazy="selectin",
    )

    @property
    def dependency_names(self) -> list[str]:
        return [dep.name for dep in self.dependencies]
