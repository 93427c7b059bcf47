"""SLO windows, burn-rate windows and the multiwindow, multi-burn-rate alert tiers of the SRE
workbook (chapter 5): a tier fires when the error budget burns faster than its threshold over
both its long window (it matters) and its short window (it is still happening)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from incident_app.models import Slo, SloWindow

BurnWindow = Literal["5m", "30m", "1h", "2h", "6h", "1d", "3d"]
BURN_WINDOWS: dict[str, int] = {
    "5m": 300,
    "30m": 1800,
    "1h": 3600,
    "2h": 7200,
    "6h": 21600,
    "1d": 86400,
    "3d": 259200,
}
CURRENT_BURN_WINDOW = "1h"  # "time until the budget is exhausted at the current burn"
RECOVERY_WINDOW = "5m"  # "SLIs back within objective" when an incident resolves
DAY = 86400
ROLLING_DAYS = {SloWindow.d7: 7, SloWindow.d28: 28, SloWindow.d30: 30}
CALENDAR_SCALE_DAYS = 30  # alert thresholds are static, so a calendar month counts as 30 days


@dataclass(frozen=True)
class Tier:
    """Fire when both windows burn faster than `burn_rate` if given, else faster than spending
    `budget_percent` of the whole budget within the long window."""

    severity: Literal["page", "ticket"]
    long_window: BurnWindow
    short_window: BurnWindow
    budget_percent: Decimal | None = None
    burn_rate: Decimal | None = None

    def threshold(self, window: SloWindow) -> Decimal:
        """The burn rate above which the tier fires, scaled to the SLO's window:
        budget_percent / 100 * window / long window (2% of 30 days in 1 hour = 14.4)."""
        if self.burn_rate is not None:
            return self.burn_rate
        assert self.budget_percent is not None
        days = ROLLING_DAYS.get(window, CALENDAR_SCALE_DAYS)
        return self.budget_percent / 100 * days * DAY / BURN_WINDOWS[self.long_window]

    @property
    def label(self) -> str:
        return f"{self.severity} {self.long_window}/{self.short_window}"


DEFAULT_TIERS = (
    Tier("page", "1h", "5m", budget_percent=Decimal(2)),
    Tier("page", "6h", "30m", budget_percent=Decimal(5)),
    Tier("ticket", "1d", "2h", budget_percent=Decimal(10)),
    Tier("ticket", "3d", "6h", budget_percent=Decimal(10)),
)


def tier_from_dict(data: dict[str, Any]) -> Tier:
    def number(key: str) -> Decimal | None:
        return None if data.get(key) is None else Decimal(str(data[key]))

    return Tier(
        data["severity"],
        data["long_window"],
        data["short_window"],
        budget_percent=number("budget_percent"),
        burn_rate=number("burn_rate"),
    )


def tiers_of(slo: Slo) -> list[Tier]:
    if slo.alert_tiers is None:
        return list(DEFAULT_TIERS)
    return [tier_from_dict(t) for t in slo.alert_tiers]


def period(window: SloWindow, at: datetime) -> tuple[datetime, int]:
    """(start of the window that ends at `at`, length of the budget period in seconds): the
    last N days for a rolling window; for a calendar month, the month so far and its length."""
    if window in ROLLING_DAYS:
        seconds = ROLLING_DAYS[window] * DAY
        return at - timedelta(seconds=seconds), seconds
    at = at.astimezone(UTC)
    start = at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return start, calendar.monthrange(at.year, at.month)[1] * DAY
