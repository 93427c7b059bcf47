"""Reference telemetry: the same services at a time when nothing was wrong.

Real baselines are short (a few samples before the fault, perhaps still holding the tail of the
previous one), so analyzers also learn what normal looks like from a reference period. A
recorded case names its own (`fetch_reference` on its source); live sources are asked for the
incident's window shifted back by each offset of CORRELATION_REFERENCE (`1d` = yesterday at
the same time, `7d`, `before` = the stretch just before the baseline). The parts are merged
into one Telemetry: analyzers read it as distributions, whatever its clock says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from incident_app.correlation.hookspecs import TelemetrySource
from incident_app.correlation.types import AnalysisContext, Telemetry

_OFFSET = re.compile(r"^(\d+)([smhdw])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
LIST_FIELDS = ("series", "logs", "spans", "pods", "events", "rollouts")


def parse_offsets(value: Any) -> list[str]:
    """The offsets of a CORRELATION_REFERENCE value ("before,1d,7d"; empty: none); an
    unknown token is a ValueError naming it (config is checked at start)."""
    parts = value.split(",") if isinstance(value, str) else list(value or [])
    tokens = [str(p).strip().lower() for p in parts if str(p).strip()]
    for token in tokens:
        if token != "before" and not _OFFSET.match(token):
            raise ValueError(f"CORRELATION_REFERENCE: {token!r} is not 'before' or e.g. 1d, 6h")
    return tokens


def reference_contexts(
    context: AnalysisContext, settings: Mapping[str, Any]
) -> list[AnalysisContext]:
    """The incident's window moved to each reference offset."""
    span = context.window_end - context.window_start
    out = []
    for token in parse_offsets(settings.get("CORRELATION_REFERENCE")):
        if token == "before":
            shift = span
        else:
            number, unit = _OFFSET.match(token).groups()  # type: ignore[union-attr]
            shift = timedelta(seconds=int(number) * _UNITS[unit])
        out.append(
            replace(
                context,
                started_at=context.started_at - shift,
                window_start=context.window_start - shift,
                window_end=context.window_end - shift,
            )
        )
    return out


def merge(parts: list[Telemetry]) -> Telemetry:
    """One Telemetry holding every part's values (problems and notes joined)."""
    out = Telemetry()
    for part in parts:
        for name in LIST_FIELDS:
            value = getattr(part, name)
            if value is not None:
                setattr(out, name, [*(getattr(out, name) or []), *value])
        out.problems.update(part.problems)
        out.notes.update(part.notes)
    return out


def fetch_reference(
    source: TelemetrySource, context: AnalysisContext, settings: Mapping[str, Any]
) -> Telemetry | None:
    """The source's reference telemetry for this context, or None when it has none."""
    own = getattr(source, "fetch_reference", None)
    if callable(own):
        answer = own(context)
        return answer if isinstance(answer, Telemetry) else None
    windows = reference_contexts(context, settings)
    return merge([source.fetch(window) for window in windows]) if windows else None
