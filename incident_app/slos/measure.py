"""Measure an SLO at a moment: fetch its event counts for every window from Prometheus and
evaluate them (the one place that joins queries.py, prometheus.py and evaluation.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from incident_app.correlation.sources._common import HttpApi
from incident_app.models import Slo
from incident_app.slos.evaluation import Counts, Evaluation, evaluate
from incident_app.slos.prometheus import duration, window_counts
from incident_app.slos.queries import queries_of
from incident_app.slos.tiers import BURN_WINDOWS, period, tiers_of

SLO_WINDOW = "slo"


def measure(
    api: HttpApi, slo: Slo, at: datetime, extra: Mapping[str, float] | None = None
) -> tuple[Evaluation, dict[str, Counts]]:
    """The evaluation at `at`, plus the counts of `extra` windows (name → seconds ending at
    `at`, e.g. since an incident started), fetched in the same two queries."""
    start, period_seconds = period(slo.window, at)
    extra = dict(extra or {})
    windows = {
        SLO_WINDOW: duration((at - start).total_seconds()),
        **{name: name for name in BURN_WINDOWS},
        **{name: duration(seconds) for name, seconds in extra.items()},
    }
    counts = window_counts(api, queries_of(slo), windows, at.timestamp())
    evaluation = evaluate(
        at=at,
        window=slo.window,
        window_start=start,
        period_seconds=period_seconds,
        target=slo.target,
        min_events=slo.min_events,
        slo_counts=counts[SLO_WINDOW],
        window_counts=counts,
        tiers=tiers_of(slo),
    )
    return evaluation, {name: counts[name] for name in extra}
