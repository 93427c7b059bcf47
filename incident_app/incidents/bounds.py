"""When an incident or an alert may say it started: from 2000 on, and at most MAX_CLOCK_SKEW
ahead of our clock. Unbounded, a start in year 1 made MTTA 63,931,951,534 s, its analysis
fail with OverflowError and SLO queries span [63931952354s]."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

from incident_app.models import utcnow

EARLIEST_START = datetime(2000, 1, 1, tzinfo=UTC)
MAX_CLOCK_SKEW = timedelta(minutes=5)


def _plausible(value: datetime) -> datetime:
    if value < EARLIEST_START:
        raise ValueError("must not be before 2000-01-01T00:00:00Z")
    if value > utcnow() + MAX_CLOCK_SKEW:
        raise ValueError("must not be more than 5 minutes in the future")
    return value


# A start time (aware) within the bounds; a start a little ahead (the sender's clock runs
# fast) is accepted, and read as "now" wherever it becomes an incident's start.
StartTime = Annotated[AwareDatetime, AfterValidator(_plausible)]
