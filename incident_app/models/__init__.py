"""Every model, importable from one place (Alembic and the app import this package)."""

from incident_app.models.alert import Alert, AlertGroup, AlertStatus, Integration, IntegrationKind
from incident_app.models.base import Base, utcnow
from incident_app.models.correlation import (
    AnalysisRun,
    Correlation,
    CorrelationFinding,
    RunStatus,
)
from incident_app.models.incident import ImpactLevel, Incident, IncidentService, Severity, Status
from incident_app.models.service import Service, service_dependencies
from incident_app.models.slo import SliType, Slo, SloHistory, SloStatus, SloWindow
from incident_app.models.task import IncidentTask, TaskStatus
from incident_app.models.timeline import EventSource, TimelineEvent
from incident_app.models.user import RevokedToken, Role, User

__all__ = [
    "Alert",
    "AlertGroup",
    "AlertStatus",
    "AnalysisRun",
    "Base",
    "Correlation",
    "CorrelationFinding",
    "EventSource",
    "ImpactLevel",
    "Incident",
    "IncidentService",
    "IncidentTask",
    "Integration",
    "IntegrationKind",
    "RevokedToken",
    "Role",
    "RunStatus",
    "Service",
    "Severity",
    "SliType",
    "Slo",
    "SloHistory",
    "SloStatus",
    "SloWindow",
    "Status",
    "TaskStatus",
    "TimelineEvent",
    "User",
    "service_dependencies",
    "utcnow",
]
