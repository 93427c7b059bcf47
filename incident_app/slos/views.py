"""SLOs and their evaluations as the API shows them (dicts for SloOut and SloStatusOut)."""

from __future__ import annotations

from typing import Any

from incident_app.models import Slo, SloWindow
from incident_app.slos.evaluation import FORMULAS, Evaluation
from incident_app.slos.queries import queries_of
from incident_app.slos.tiers import Tier, tiers_of

STORED = (
    "id",
    "name",
    "service_id",
    "description",
    "sli",
    "target",
    "window",
    "owner",
    "runbook_url",
    "min_events",
    "status",
    "evaluated_at",
    "sli_percent",
    "budget_remaining_percent",
    "created_at",
    "updated_at",
)


def tier_view(tier: Tier, window: SloWindow) -> dict[str, Any]:
    return {
        "severity": tier.severity,
        "long_window": tier.long_window,
        "short_window": tier.short_window,
        "budget_percent": tier.budget_percent,
        "burn_rate": tier.burn_rate,
        "threshold": tier.threshold(window),
    }


def slo_view(slo: Slo) -> dict[str, Any]:
    queries = queries_of(slo)
    return {
        **{name: getattr(slo, name) for name in STORED},
        "service": slo.service.name,
        "alert_tiers": [tier_view(t, slo.window) for t in tiers_of(slo)],
        "default_tiers": slo.alert_tiers is None,
        "queries": {"bad": queries.bad, "total": queries.total},
    }


def status_view(slo: Slo, ev: Evaluation) -> dict[str, Any]:
    return {
        "slo_id": slo.id,
        "name": slo.name,
        "service": slo.service.name,
        "at": ev.at,
        "window": slo.window,
        "window_start": ev.window_start,
        "target": ev.target,
        "status": ev.status,
        "sli_percent": ev.sli_percent,
        "total_events": ev.total,
        "bad_events": ev.bad,
        "error_budget": {
            "events": ev.budget_events,
            "minutes": ev.budget_minutes,
            "consumed_events": ev.bad if ev.budget_events is not None else None,
            "remaining_events": ev.budget_remaining_events,
            "remaining_percent": ev.budget_remaining_percent,
            "remaining_minutes": ev.budget_remaining_minutes,
            "exhaustion_seconds": ev.exhaustion_seconds,
        },
        "burn_rates": [
            {
                "window": b.window,
                "burn_rate": b.burn_rate,
                "bad_events": b.bad,
                "total_events": b.total,
            }
            for b in ev.burns
        ],
        "tiers": [
            {
                **tier_view(t.tier, slo.window),
                "long_burn_rate": t.long_burn,
                "short_burn_rate": t.short_burn,
                "firing": t.firing,
            }
            for t in ev.tiers
        ],
        "formulas": FORMULAS,
    }
