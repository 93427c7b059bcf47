"""SLO definitions: what a request may say, and how an SLO is shown."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    Field,
    PlainSerializer,
    StringConstraints,
    field_validator,
    model_validator,
)

from incident_app.api.schemas import Input, Output, PageQuery, Patch
from incident_app.catalog.schemas import ServiceName
from incident_app.models import SloStatus, SloWindow
from incident_app.slos.promql import split_matchers
from incident_app.slos.queries import DEFAULT_BAD, WINDOW
from incident_app.slos.tiers import BURN_WINDOWS, BurnWindow

# Exact in, JSON numbers out.
Num = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
SloName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=63, pattern=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"),
]
MetricName = Annotated[
    str, StringConstraints(max_length=200, pattern=r"^([a-zA-Z_:][a-zA-Z0-9_:]*)?$")
]
Target = Annotated[Num, Field(gt=0, lt=100, max_digits=9, decimal_places=6)]
RunbookUrl = Annotated[str, StringConstraints(max_length=500, pattern=r"^(https?://\S+)?$")]
MinEvents = Annotated[int, Field(ge=1, le=10**9)]


def _matchers(value: str) -> str:
    return ",".join(split_matchers(value.strip().strip("{}")))


def _windowed(value: str) -> str:
    if WINDOW not in value:
        raise ValueError(f"must contain {WINDOW}, e.g. sum(increase(jobs_total[{WINDOW}]))")
    return value


Matchers = Annotated[str, StringConstraints(max_length=500), AfterValidator(_matchers)]
Query = Annotated[str, StringConstraints(min_length=1, max_length=2000), AfterValidator(_windowed)]


class AvailabilitySli(Input):
    """Bad requests over all requests, from one counter (e.g. 5xx of http_requests_total)."""

    type: Literal["availability"]
    metric: MetricName = Field("", description="Request counter (default: the service's)")
    selector: Matchers = Field("", description="Matchers of the service's series (default: it)")
    bad: Matchers = Field(DEFAULT_BAD, min_length=1, description="Matchers of bad requests")


class LatencySli(Input):
    """Requests slower than a histogram bucket's bound, over all requests."""

    type: Literal["latency"]
    metric: MetricName = Field("", description="Histogram name (default: the service's)")
    selector: Matchers = ""
    threshold_seconds: Num = Field(
        gt=0, le=86_400, max_digits=12, decimal_places=6, description="A bucket's `le` bound"
    )

    @field_validator("metric")
    @classmethod
    def histogram_name(cls, value: str) -> str:
        for suffix in ("_bucket", "_count", "_sum"):
            value = value.removesuffix(suffix)
        return value


class CustomSli(Input):
    """Any PromQL pair counting events over `$window`: good (or bad) and total."""

    type: Literal["custom"]
    good_query: Query | None = None
    bad_query: Query | None = None
    total_query: Query

    @model_validator(mode="after")
    def good_or_bad(self) -> Self:
        if (self.good_query is None) == (self.bad_query is None):
            raise ValueError("give exactly one of good_query or bad_query")
        return self


Sli = Annotated[AvailabilitySli | LatencySli | CustomSli, Field(discriminator="type")]


class AlertTierIn(Input):
    """Fire when both windows burn faster than burn_rate, or than spending budget_percent of
    the budget within the long window (give one of them)."""

    severity: Literal["page", "ticket"]
    long_window: BurnWindow
    short_window: BurnWindow
    budget_percent: Num | None = Field(None, gt=0, le=100, decimal_places=6)
    burn_rate: Num | None = Field(None, gt=0, le=100_000, decimal_places=6)

    @model_validator(mode="after")
    def consistent(self) -> Self:
        if (self.budget_percent is None) == (self.burn_rate is None):
            raise ValueError("give exactly one of budget_percent or burn_rate")
        if BURN_WINDOWS[self.short_window] >= BURN_WINDOWS[self.long_window]:
            raise ValueError("short_window must be shorter than long_window")
        return self


Tiers = Annotated[list[AlertTierIn], Field(min_length=1, max_length=8)]


class SloCreate(Input):
    name: SloName
    service: ServiceName
    description: Annotated[str, StringConstraints(max_length=5_000)] = ""
    sli: Sli
    target: Target = Field(description="Objective in percent, e.g. 99.9")
    window: SloWindow = SloWindow.d30
    owner: Annotated[str, StringConstraints(max_length=100)] = ""
    runbook_url: RunbookUrl = ""
    alert_tiers: Tiers | None = Field(None, description="Default: the SRE-workbook tiers")
    min_events: MinEvents = Field(10, description="Fewer events in a window: no data")


class SloPatch(Patch):
    NULLABLE = frozenset({"alert_tiers"})  # null restores the default tiers

    name: SloName | None = None
    service: ServiceName | None = None
    description: Annotated[str, StringConstraints(max_length=5_000)] | None = None
    sli: Sli | None = None
    target: Target | None = None
    window: SloWindow | None = None
    owner: Annotated[str, StringConstraints(max_length=100)] | None = None
    runbook_url: RunbookUrl | None = None
    alert_tiers: Tiers | None = None
    min_events: MinEvents | None = None


class SloQuery(PageQuery):
    per_page: int = Field(100, ge=1, le=500)
    service: str | None = Field(None, max_length=63, description="Service name")
    status: SloStatus | None = None


class TierOut(Output):
    severity: str
    long_window: str
    short_window: str
    budget_percent: Num | None
    burn_rate: Num | None
    threshold: Num = Field(description="Burn rate above which the tier fires")


class QueriesOut(Output):
    """The PromQL Rootline evaluates, over `$window`."""

    bad: str
    total: str


class SloOut(Output):
    id: uuid.UUID
    name: str
    service: str
    service_id: uuid.UUID
    description: str
    sli: Sli
    target: Num
    window: SloWindow
    owner: str
    runbook_url: str
    alert_tiers: list[TierOut]
    default_tiers: bool
    min_events: int
    queries: QueriesOut
    status: SloStatus | None = Field(description="At the latest periodic evaluation")
    evaluated_at: datetime | None
    sli_percent: Num | None
    budget_remaining_percent: Num | None
    created_at: datetime
    updated_at: datetime


class OpenSloImportIn(Input):
    yaml: str = Field(min_length=1, max_length=1_000_000, description="OpenSLO v1 documents")


class OpenSloImportOut(Output):
    created: list[str]
    updated: list[str]
    ignored: list[str] = Field(description="Documents of other kinds, as kind/name")
    items: list[SloOut]


class OpenSloExportOut(Output):
    yaml: str
    documents: list[dict[str, Any]]


class ExportQuery(Input):
    service: str | None = Field(None, max_length=63, description="Service name")
