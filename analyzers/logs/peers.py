"""Which other services a service's log lines name, and what its complaints about them say.

A line such as `call to payments failed: HTTP 503` or `POST http://payments:8080/charge
failed: connection refused` tells two things: the writer calls `payments` (an edge of the call
graph, for the merge), and, when its rate jumped at the start, that the writer saw `payments`
fail. Such a complaint is evidence about the named service, observed from outside; it is
what a responder reads first when the culprit's own telemetry is quiet (a network fault, a
wrong answer). Names are matched as whole words of the raw line, before any masking, because
masking would hide a host name inside a URL; a name that is a path segment (`POST /cart`)
is a resource, not a peer.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from incident_app.correlation.types import LogRecord

_EDGE = r"[A-Za-z0-9-]"


def name_pattern(services: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for every service name as a whole word, longest names first (so
    `payment-gateway` is not read as `payment`)."""
    names = sorted({s for s in services if s}, key=lambda s: (-len(s), s))
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    # Not a path segment ("POST /cart"), but a host after "//" ("http://cart:8080") is.
    return re.compile(rf"(?<!{_EDGE})(?:(?<=//)|(?<!/))({alternatives})(?!{_EDGE})")


@dataclass
class Peers:
    """For one template of one service: the services its lines named, before and after the
    start, and the first line naming each after it."""

    before: Counter[str] = field(default_factory=Counter)
    after: Counter[str] = field(default_factory=Counter)
    first: dict[str, LogRecord] = field(default_factory=dict)
    samples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def named(self) -> set[str]:
        return set(self.before) | set(self.after)

    def share_after(self, total_after: int) -> float:
        """Share of the template's post-start lines that name some other service."""
        return min(1.0, sum(self.after.values()) / total_after) if total_after else 0.0


def peers_of(
    service: str, records: Iterable[LogRecord], start: float, pattern: re.Pattern[str] | None
) -> Peers:
    peers = Peers()
    if pattern is None:
        return peers
    for record in records:
        names = {m for m in pattern.findall(record.message) if m != service}
        for name in names:
            if record.time < start:
                peers.before[name] += 1
                continue
            peers.after[name] += 1
            peers.first.setdefault(name, record)
            if len(peers.samples[name]) < 3 and record.message not in peers.samples[name]:
                peers.samples[name].append(record.message)
    return peers
