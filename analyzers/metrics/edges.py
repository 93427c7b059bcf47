"""Per-edge metrics: series that measure one call edge rather than one service.

A column named `<callee>_<metric>-from-<caller>` (where `<caller>` is another service of the
case) measures the calls `<caller>` makes to `<callee>`, as service meshes report them (Istio's
source/destination workloads, Linkerd's per-route client metrics). Two things follow:
- the edge joins the call graph (`calls` evidence), so the merge knows who depends on whom even
  without traces or a catalog;
- when the metric is measured on the caller's side (its name starts with `caller-` or
  `client-`), a rise is the caller's accusation of the callee: a network delay on a pod shows
  there, in what its callers measure, and not in the pod's own server latency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from incident_app.correlation.types import Series

_EDGE = re.compile(r"^(?P<base>.+)-from-(?P<peer>[A-Za-z0-9.-]+)$")
CALLER_SIDE = ("caller-", "client-")


@dataclass(frozen=True)
class Edge:
    caller: str
    callee: str
    caller_side: bool  # measured by the caller (client-side), not by the callee


def edge_of(series: Series, services: set[str]) -> Edge | None:
    """The call edge a series measures, or None for a per-service series."""
    match = _EDGE.match(series.metric)
    if match is None or match["peer"] not in services or match["peer"] == series.service:
        return None
    return Edge(match["peer"], series.service, match["base"].lower().startswith(CALLER_SIDE))


def call_edges(series: list[Series]) -> list[list[str]]:
    """Every [caller, callee] pair the per-edge series name, sorted."""
    services = {s.service for s in series}
    edges = {(e.caller, e.callee) for s in series if (e := edge_of(s, services)) is not None}
    return [list(pair) for pair in sorted(edges)]
