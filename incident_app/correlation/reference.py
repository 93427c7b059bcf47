"""Reference telemetry: the same services at a time when nothing was wrong.

Real baselines are short (a few samples before the fault, perhaps still holding the tail of the
previous one), so analyzers also learn what normal looks like from a reference period. A
recorded case names its own (`fetch_reference` on its source); live sources are asked for the
incident's window shifted back by each offset of CORRELATION_REFERENCE (`1d` = yesterday at
the same time, `7d`, `before` = the stretch just before the baseline). The parts are merged
into one Telemetry: analyzers read it as distributions, whatever its clock says.

Live reference windows are cached per source, window and service (`CACHE`): the past does not
change, and ten incidents in an hour on the same services must not ask the backends ten times.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from incident_app.correlation.hookspecs import TelemetrySource
from incident_app.correlation.sources._common import worker_pool
from incident_app.correlation.types import (
    TELEMETRY_FIELDS,
    AnalysisContext,
    Series,
    ServiceTarget,
    Telemetry,
)

_OFFSET = re.compile(r"^(\d+)([smhdw])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
#: Reference windows start and end on multiples of this, so incidents a few minutes apart ask
#: for (and share) the same windows.
BUCKET_SECONDS = 300
CACHE_TTL_SECONDS = 3600.0
#: Points and records the cache holds in all (a service's hour of logs can be thousands).
CACHE_MAX_ITEMS = 1_000_000


def parse_offsets(value: Any) -> list[str]:
    """The offsets of a CORRELATION_REFERENCE value ("before,1d,7d"; empty: none); an
    unknown or zero token is a ValueError naming it (config is checked at start)."""
    parts = value.split(",") if isinstance(value, str) else list(value or [])
    tokens = [str(p).strip().lower() for p in parts if str(p).strip()]
    for token in tokens:
        match = _OFFSET.match(token)
        if token != "before" and (match is None or int(match.group(1)) == 0):
            raise ValueError(
                f"CORRELATION_REFERENCE: {token!r} is not 'before' or a positive offset"
                " such as 1d, 6h, 7d"
            )
    return list(dict.fromkeys(tokens))


def _bucket(moment: datetime) -> datetime:
    """The start of the BUCKET_SECONDS bucket `moment` falls in."""
    seconds = math.floor(moment.timestamp() / BUCKET_SECONDS) * BUCKET_SECONDS
    return datetime.fromtimestamp(seconds, UTC)


def reference_contexts(
    context: AnalysisContext, settings: Mapping[str, Any]
) -> list[AnalysisContext]:
    """The incident's window moved back by each offset, widened to whole buckets (from the
    start of its first to the end of its last, so every incident starting in one bucket asks
    for the same windows) and cut where the incident's own window begins (a reference never
    overlaps it)."""
    span = context.window_end - context.window_start
    limit = _bucket(context.window_start)
    bucket = timedelta(seconds=BUCKET_SECONDS)
    out = []
    for token in parse_offsets(settings.get("CORRELATION_REFERENCE")):
        if token == "before":
            shift = span
        else:
            number, unit = _OFFSET.match(token).groups()  # type: ignore[union-attr]
            shift = timedelta(seconds=int(number) * _UNITS[unit])
        start = _bucket(context.window_start - shift)
        end = min(_bucket(context.window_end - shift) + bucket, limit)
        if end > start:
            started = min(max(_bucket(context.started_at - shift), start), end)
            out.append(replace(context, started_at=started, window_start=start, window_end=end))
    return out


def _joined(series: list[Series]) -> list[Series]:
    """One Series per service and metric, its points (from every window) in time order."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    queries: dict[tuple[str, str], str] = {}
    for s in series:
        points.setdefault((s.service, s.metric), []).extend(s.points)
        queries.setdefault((s.service, s.metric), s.query)
    return [Series(*key, tuple(sorted(points[key])), queries[key]) for key in sorted(points)]


def merge(parts: Iterable[Telemetry]) -> Telemetry:
    """One Telemetry holding every part's values (problems and notes joined), in one order
    whichever way it was assembled: a series per service and metric, spans shared by several
    parts (a trace touching two services) once."""
    out = Telemetry()
    for part in parts:
        for name in TELEMETRY_FIELDS:
            value = getattr(part, name)
            if value is not None:
                setattr(out, name, [*(getattr(out, name) or []), *value])
        out.problems.update(part.problems)
        out.notes.update(part.notes)
    if out.series is not None:
        out.series = _joined(out.series)
    if out.logs is not None:
        out.logs.sort(key=lambda r: (r.time, r.service))
    if out.spans is not None:
        out.spans = sorted(dict.fromkeys(out.spans), key=lambda s: (s.time, s.trace_id, s.span_id))
    if out.pods is not None:
        out.pods.sort(key=lambda p: (p.service, p.name))
    if out.events is not None:
        out.events.sort(key=lambda e: (e.time, e.service))
    if out.rollouts is not None:
        out.rollouts.sort(key=lambda r: (r.time, r.service))
    return out


def split(
    telemetry: Telemetry, services: Iterable[ServiceTarget]
) -> dict[ServiceTarget, Telemetry]:
    """The part of `telemetry` about each service (spans: the whole traces that touch it, as
    sources fetch them), so a later incident sharing some services reuses theirs."""
    out = {}
    for svc in services:
        names = {svc.name, svc.trace_service} - {""}
        traces = {s.trace_id for s in telemetry.spans or () if s.service in names}
        part = Telemetry()
        for name in TELEMETRY_FIELDS:
            value = getattr(telemetry, name)
            if value is None:
                continue
            if name == "spans":
                setattr(part, name, [s for s in value if s.trace_id in traces])
            else:
                setattr(part, name, [item for item in value if item.service == svc.name])
        out[svc] = part
    return out


def _size(telemetry: Telemetry) -> int:
    """Points and records, the cache's measure of an entry."""
    values = (getattr(telemetry, name) or () for name in TELEMETRY_FIELDS if name != "series")
    return 1 + sum(len(s.points) for s in telemetry.series or ()) + sum(map(len, values))


@dataclass(frozen=True)
class Key:
    """One service's telemetry from one source over one reference window."""

    source: tuple[str, str, str]  # name, signal, location
    window: tuple[float, float, float]  # start, started_at, end (unix seconds)
    step_seconds: int
    service: ServiceTarget  # where its telemetry lives (not its role in one incident)


class ReferenceCache:
    """Reference telemetry per Key for `ttl` seconds, at most `max_items` points and records
    in all (least recently used go first). Thread-safe: analyses run in parallel threads."""

    def __init__(
        self,
        ttl: float = CACHE_TTL_SECONDS,
        max_items: int = CACHE_MAX_ITEMS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl, self.max_items, self.clock = ttl, max_items, clock
        self._entries: OrderedDict[Key, tuple[float, int, Telemetry]] = OrderedDict()
        self._items = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, keys: Iterable[Key]) -> dict[Key, Telemetry]:
        """The entries held and still fresh for these keys."""
        now, found = self.clock(), {}
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry is None:
                    continue
                if entry[0] <= now:
                    self._drop(key)
                    continue
                self._entries.move_to_end(key)
                found[key] = entry[2]
        return found

    def put(self, entries: Mapping[Key, Telemetry]) -> None:
        expires = self.clock() + self.ttl
        with self._lock:
            for key, telemetry in entries.items():
                if key in self._entries:
                    self._drop(key)
                size = _size(telemetry)
                self._entries[key] = (expires, size, telemetry)
                self._items += size
            while self._items > self.max_items and self._entries:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._items = 0

    def _drop(self, key: Key) -> None:
        self._items -= self._entries.pop(key)[1]


CACHE = ReferenceCache()


def _live(answer: Telemetry) -> Telemetry:
    """A live source's answer as reference: pod states are the cluster as it is now, whatever
    window was asked, so they are no evidence of what was normal then."""
    return replace(answer, pods=None)


def _window(source: TelemetrySource, window: AnalysisContext, cache: ReferenceCache) -> Telemetry:
    """One reference window: cached services from the cache, only the others from the source.
    Only complete answers are cached (a partial one cannot say whose part is missing)."""
    location = getattr(source, "location", None)
    if not location:
        return _live(source.fetch(window))
    ident = (source.name, str(source.signal), str(location))
    bounds = (
        window.window_start.timestamp(),
        window.started_at.timestamp(),
        window.window_end.timestamp(),
    )
    keys = {
        svc: Key(ident, bounds, window.step_seconds, replace(svc, impact_level=None, depends_on=()))
        for svc in window.services
    }
    held = cache.get(keys.values())
    missing = tuple(svc for svc, key in keys.items() if key not in held)
    parts = [held[key] for key in keys.values() if key in held]
    if missing:
        answer = _live(source.fetch(replace(window, services=missing)))
        if not answer.problems and not answer.notes:
            cache.put({keys[svc]: part for svc, part in split(answer, missing).items()})
        parts.append(answer)
    return merge(parts)


def fetch_reference(
    source: TelemetrySource,
    context: AnalysisContext,
    settings: Mapping[str, Any],
    cache: ReferenceCache = CACHE,
) -> Telemetry | None:
    """The source's reference telemetry for this context, or None when it has none. A source
    may answer itself (`fetch_reference(context)`, as recorded cases do); otherwise its
    `fetch` is asked for every reference window at once, through `cache` when the source says
    where it reads from (`location`, e.g. its URL)."""
    own = getattr(source, "fetch_reference", None)
    if callable(own):
        answer = own(context)
        return answer if isinstance(answer, Telemetry) else None
    windows = reference_contexts(context, settings)
    if not windows:
        return None
    with worker_pool(len(windows)) as pool:
        futures = [pool.submit(_window, source, window, cache) for window in windows]
        return merge([future.result() for future in futures])
