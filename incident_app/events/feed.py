"""The change feed behind the live stream: incidents whose timeline grew.

Every change an incident goes through lands on its timeline (the incident use cases write one
event per kind of change; correlation, alert intake and the simulation write theirs), so new
timeline rows are the feed. They are read by primary key above a low-water mark. Ids are taken
at insert but rows become visible at commit, so a lower id can show up after a higher one: the
mark only moves past rows older than SETTLE, and the rows above it that were already sent are
remembered, so each row is sent once however the commits interleave.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from incident_app.extensions import db
from incident_app.models import Incident, TimelineEvent, utcnow

SETTLE = timedelta(seconds=10)  # far longer than any transaction that records an event
BATCH = 500


@dataclass
class Change:
    incident: Incident
    events: list[TimelineEvent]


@dataclass
class ChangeFeed:
    """Reads what happened after `mark` (a timeline event id), once per event."""

    mark: int
    sent: set[int] = field(default_factory=set)

    @classmethod
    def starting_at(cls, mark: int | None) -> ChangeFeed:
        """Resume after `mark`, or start from now."""
        if mark is None:
            mark = db.session.scalar(select(func.max(TimelineEvent.id))) or 0
        return cls(mark)

    def poll(self) -> list[Change]:
        rows = db.session.scalars(
            select(TimelineEvent)
            .where(TimelineEvent.id > self.mark)
            .order_by(TimelineEvent.id)
            .limit(BATCH)
        ).all()
        fresh = [row for row in rows if row.id not in self.sent]
        settled_before = utcnow() - SETTLE
        for row in rows:
            if row.created_at > settled_before:
                break
            self.mark = row.id
        self.sent = {i for i in self.sent.union(row.id for row in fresh) if i > self.mark}
        return _by_incident(fresh)


def _by_incident(events: list[TimelineEvent]) -> list[Change]:
    if not events:
        return []
    ids = list(dict.fromkeys(event.incident_id for event in events))
    incidents = {i.id: i for i in db.session.scalars(select(Incident).where(Incident.id.in_(ids)))}
    grouped: dict[uuid.UUID, list[TimelineEvent]] = {}
    for event in events:
        grouped.setdefault(event.incident_id, []).append(event)
    return [Change(incidents[i], grouped[i]) for i in ids if i in incidents]
