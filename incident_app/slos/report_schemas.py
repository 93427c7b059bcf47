"""What the SLO reports answer: a live evaluation, the history, the generated rules."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
)

from incident_app.api.schemas import Input, Output
from incident_app.models import SloStatus, SloWindow
from incident_app.slos.schemas import Num, TierOut


class StatusQuery(Input):
    at: AwareDatetime | None = Field(None, description="Evaluate at this moment (default: now)")


class BudgetOut(Output):
    events: Num | None = Field(description="(1 - target/100) * total events")
    minutes: Num = Field(description="(1 - target/100) * window minutes: full-outage minutes")
    consumed_events: Num | None
    remaining_events: Num | None
    remaining_percent: Num | None
    remaining_minutes: Num | None
    exhaustion_seconds: Num | None = Field(
        description="Until the budget is spent at the 1h burn rate (null: not burning)"
    )


class BurnOut(Output):
    window: str
    burn_rate: Num | None = Field(description="null: fewer than min_events events")
    bad_events: Num | None
    total_events: Num | None


class TierStateOut(TierOut):
    long_burn_rate: Num | None
    short_burn_rate: Num | None
    firing: bool


class SloStatusOut(Output):
    slo_id: uuid.UUID
    name: str
    service: str
    at: datetime
    window: SloWindow
    window_start: datetime
    target: Num
    status: SloStatus
    sli_percent: Num | None
    total_events: Num | None
    bad_events: Num | None
    error_budget: BudgetOut
    burn_rates: list[BurnOut]
    tiers: list[TierStateOut]
    formulas: dict[str, str]


class HistoryQuery(Input):
    since: AwareDatetime | None = Field(None, description="Default: 24 hours before until")
    until: AwareDatetime | None = Field(None, description="Default: now")
    limit: int = Field(1000, ge=1, le=10_000, description="The newest points, at most")


class HistoryPointOut(Output):
    evaluated_at: datetime
    status: SloStatus
    sli_percent: Num | None
    budget_remaining_percent: Num | None
    total_events: Num | None
    bad_events: Num | None
    burn_rates: dict[str, float | None]
    firing_tiers: list[str]


class HistoryOut(Output):
    slo_id: uuid.UUID
    since: datetime
    until: datetime
    truncated: bool = Field(description="More points than limit: the oldest were left out")
    items: list[HistoryPointOut]


class RuleOut(BaseModel):
    """A Prometheus recording or alerting rule; absent keys are left out, as promtool wants."""

    record: str | None = None
    alert: str | None = None
    expr: str
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] | None = None

    @model_serializer(mode="wrap")
    def without_nulls(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


class RuleGroupOut(BaseModel):
    name: str
    rules: list[RuleOut]


class RulesOut(BaseModel):
    """A Prometheus rule file (JSON is YAML): save it and list it under rule_files."""

    groups: list[RuleGroupOut]
