"""SLO arithmetic on exact event counts, in Decimal: SLI, error budget, burn rates, tiers,
status. Pure functions of the counts Prometheus returned (see measure.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from incident_app.models import SloStatus, SloWindow
from incident_app.slos.tiers import BURN_WINDOWS, CURRENT_BURN_WINDOW, Tier

LOW_BUDGET_PERCENT = Decimal(25)  # below this much budget left, a healthy SLO is a warning

FORMULAS = {
    "sli_percent": "100 * (total - bad) / total, events over the SLO window",
    "error_budget_events": "(1 - target/100) * total",
    "error_budget_minutes": "(1 - target/100) * window minutes (full-outage minutes)",
    "budget_remaining_percent": "100 * (1 - bad / error_budget_events)",
    "budget_remaining_minutes": "error_budget_minutes * budget_remaining_percent / 100",
    "burn_rate": "(bad_w / total_w) / (1 - target/100), events over window w",
    "tier_threshold": "budget_percent/100 * window / long window (or the tier's burn_rate)",
    "tier_firing": "burn_rate(long) > threshold and burn_rate(short) > threshold",
    "exhaustion_seconds": "remaining fraction * window seconds / burn_rate(1h)",
    "no_data": "fewer than min_events total events in the window (no SLI, no burn rate)",
}


@dataclass(frozen=True)
class Counts:
    bad: Decimal | None
    total: Decimal | None


@dataclass(frozen=True)
class Burn:
    window: str
    total: Decimal | None
    bad: Decimal | None
    burn_rate: Decimal | None  # None: too few events in the window


@dataclass(frozen=True)
class TierState:
    tier: Tier
    threshold: Decimal
    long_burn: Decimal | None
    short_burn: Decimal | None

    @property
    def firing(self) -> bool:
        return all(b is not None and b > self.threshold for b in (self.long_burn, self.short_burn))


@dataclass(frozen=True)
class Evaluation:
    at: datetime
    window_start: datetime
    target: Decimal
    status: SloStatus
    total: Decimal | None
    bad: Decimal | None
    budget_minutes: Decimal
    burns: tuple[Burn, ...]
    tiers: tuple[TierState, ...]
    # None when there is no data (status no_data).
    sli_percent: Decimal | None = None
    budget_events: Decimal | None = None
    budget_remaining_events: Decimal | None = None
    budget_remaining_percent: Decimal | None = None
    budget_remaining_minutes: Decimal | None = None
    exhaustion_seconds: Decimal | None = None

    def burn(self, window: str) -> Decimal | None:
        return next((b.burn_rate for b in self.burns if b.window == window), None)

    @property
    def firing_tiers(self) -> list[str]:
        return [t.tier.label for t in self.tiers if t.firing]

    @property
    def page_firing(self) -> list[TierState]:
        return [t for t in self.tiers if t.firing and t.tier.severity == "page"]


def budget_fraction(target: Decimal) -> Decimal:
    """The share of events allowed to be bad: 99.9 → 0.001."""
    return 1 - target / 100


def burn_rate(counts: Counts, target: Decimal, min_events: int) -> Decimal | None:
    if counts.total is None or counts.bad is None or counts.total < min_events:
        return None
    return (counts.bad / counts.total) / budget_fraction(target)


def evaluate(
    *,
    at: datetime,
    window: SloWindow,
    window_start: datetime,
    period_seconds: int,
    target: Decimal,
    min_events: int,
    slo_counts: Counts,
    window_counts: dict[str, Counts],
    tiers: list[Tier],
) -> Evaluation:
    """Everything the API reports about an SLO at `at`, from the counts of each window."""
    allowed = budget_fraction(target)
    counts = {w: window_counts.get(w, Counts(None, None)) for w in BURN_WINDOWS}
    burns = tuple(
        Burn(w, c.total, c.bad, burn_rate(c, target, min_events)) for w, c in counts.items()
    )
    rates = {b.window: b.burn_rate for b in burns}
    states = tuple(
        TierState(t, t.threshold(window), rates[t.long_window], rates[t.short_window])
        for t in tiers
    )
    budget_minutes = allowed * period_seconds / 60
    total, bad = slo_counts.total, slo_counts.bad
    if total is None or bad is None or total < min_events:
        return Evaluation(
            at=at,
            window_start=window_start,
            target=target,
            status=SloStatus.no_data,
            total=total,
            bad=bad,
            budget_minutes=budget_minutes,
            burns=burns,
            tiers=states,
        )
    budget_events = allowed * total
    remaining = 1 - bad / budget_events
    current = rates[CURRENT_BURN_WINDOW]
    if remaining <= 0:
        exhaustion: Decimal | None = Decimal(0)
    elif current is None or current <= 0:
        exhaustion = None  # not burning: never, at this rate
    else:
        exhaustion = remaining * period_seconds / current
    return Evaluation(
        at=at,
        window_start=window_start,
        target=target,
        status=_status(states, remaining * 100),
        total=total,
        bad=bad,
        budget_minutes=budget_minutes,
        burns=burns,
        tiers=states,
        sli_percent=100 * (total - bad) / total,
        budget_events=budget_events,
        budget_remaining_events=budget_events - bad,
        budget_remaining_percent=remaining * 100,
        budget_remaining_minutes=budget_minutes * remaining,
        exhaustion_seconds=exhaustion,
    )


def _status(states: tuple[TierState, ...], remaining_percent: Decimal) -> SloStatus:
    """critical: a page tier fires or the budget is spent (the SLI is below its objective);
    warning: a ticket tier fires or less than 25% of the budget is left; else healthy."""
    firing = {s.tier.severity for s in states if s.firing}
    if "page" in firing or remaining_percent <= 0:
        return SloStatus.critical
    if "ticket" in firing or remaining_percent < LOW_BUDGET_PERCENT:
        return SloStatus.warning
    return SloStatus.healthy
