"""Findings -> ranked root-cause hypotheses, using the service dependency graph.

1. Evidence: each service's own findings combine per signal (the strongest counts fully, each
   further one half as much as the one before, since series of one service move together),
   and the signals by noisy-OR, in nats (see evidence.py) so that strong anomalies keep their
   differences. What each caller says about the service (its timeouts on it, its log lines
   naming it) counts as one more signal.
2. Blame: a service whose dependencies (transitively, from the catalog, from trace calls and
   from log lines naming them) are anomalous in ways it would feel, and went wrong no later,
   is probably showing their symptoms; so is a service whose own telemetry blames a
   dependency. Its mass is discounted, and part of what it loses flows on to the dependency
   it named (or, when it named none, to its direct callees), callers first, so a chain of
   symptoms piles up on the service at its end. Its own CPU and disk use is no symptom of a
   dependency: that part of its evidence is neither discounted nor passed on. A service whose
   callers are anomalous explains them, and gains a little. Even without any graph, order
   speaks: a service's own evidence counts less when it went wrong several steps after others
   about as anomalous.
   Cause-shaped findings (an error originating in its own spans, OOMKilled, a log pattern
   naming pool exhaustion) add weight, and so does a change to the service (a rollout)
   shortly before, but only to a service that is anomalous itself.
3. Confidence: a service's squared mass divided by the sum of all squared masses plus a
   squared constant "something we did not see" mass, so weak or split evidence yields low
   confidence instead of a confident guess. The exponent and the constant were set on
   generated cases so that confidence matches how often the top hypothesis is right; the
   accuracy benchmark (bench/rca_accuracy.py) reports that calibration table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from incident_app.correlation import evidence as ev
from incident_app.correlation.faults import describe, name_fault
from incident_app.correlation.silent import accusations
from incident_app.correlation.types import AnalysisContext, Finding, Hypothesis

UNSEEN_MASS = 0.4  # room for a cause none of the analyzers could see (nats)
#: Confidence is the share of mass**SHARPNESS: masses add evidence, and a service with twice
#: the mass of the next one is right far more often than two times in three. Set so that the
#: benchmark's calibration table is honest (bench/rca_accuracy.py).
SHARPNESS = 2.5
SYMPTOM_DISCOUNT = 0.7
SAID_DISCOUNT = 0.9  # for a service whose own telemetry blames a dependency
TRANSFER = 0.5  # share of a symptom's discounted mass that flows to the service it names
SUSPICION_FLOOR = 1.0  # nats every callee gets when an unnamed complaint is shared out
EXPLAINS_BONUS = 0.25
LATE_PENALTY = 0.5  # at most, for a service that went wrong LATE_STEPS or more after the first
LATE_STEPS = 4
LATE_PEERS = 0.5  # share of a service's visible evidence that makes another one a peer
ANOMALOUS_NATS = 0.357  # = -ln(1 - 0.3)
#: A dependency explains a service fully once its visible evidence reaches this share of the
#: service's own (callers pile up more symptoms than the cause: latency, errors, log lines).
EXPLAINS_SHARE = 0.3
MAX_HYPOTHESES = 5
#: Below this top confidence, or with a runner-up this close to the top, the answer is shown
#: as uncertain: several services are comparably anomalous.
LIKELY_CONFIDENCE = 0.5
RUNNER_UP_SHARE = 0.5


def dependency_graph(context: AnalysisContext, findings: Iterable[Finding]) -> dict[str, set[str]]:
    """caller -> callees, from the catalog and from call edges the analyzers observed."""
    graph: dict[str, set[str]] = defaultdict(set)
    for service in context.services:
        graph[service.name].update(service.depends_on)
    for finding in findings:
        for edge in finding.evidence.get("calls", []) or []:
            if isinstance(edge, list | tuple) and len(edge) == 2 and edge[0] != edge[1]:
                graph[str(edge[0])].add(str(edge[1]))
    return graph


def _reach(graph: dict[str, set[str]], service: str) -> set[str]:
    seen: set[str] = set()
    stack = list(graph.get(service, ()))
    while stack:
        node = stack.pop()
        if node not in seen and node != service:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return seen


def _callers_first(nodes: Iterable[str], edges: dict[str, dict[str, float]]) -> list[str]:
    """Kahn's order over the blame edges (cycles broken in name order)."""
    pending = sorted(nodes)
    indegree = {n: 0 for n in pending}
    for source in pending:
        for target in edges.get(source, {}):
            if target in indegree:
                indegree[target] += 1
    order: list[str] = []
    while pending:
        ready = [n for n in pending if indegree[n] == 0] or pending[:1]
        for node in ready:
            pending.remove(node)
            order.append(node)
            for target in edges.get(node, {}):
                if target in indegree:
                    indegree[target] -= 1
    return order


@dataclass(frozen=True)
class Mass:
    """Why a service got its root-cause mass: the factors of step 2, for tuning and tests."""

    evidence: float  # nats
    visible: float  # nats
    inflow: float  # nats passed on by the symptoms that blame it
    discount: float  # for being a symptom of a dependency (anomalous, or blamed by it)
    explains: float  # share of the bonus for anomalous callers
    cause: float
    change: float
    late: float  # lateness penalty factor (1 = on time)
    mass: float


class _Blame:
    """The per-case facts step 2 needs, computed once."""

    def __init__(self, context: AnalysisContext, findings: list[Finding]) -> None:
        self.by_service: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            self.by_service[finding.service].append(finding)
        self.step = context.step_seconds
        self.graph = dependency_graph(context, findings)
        self.callers: dict[str, set[str]] = defaultdict(set)
        for caller, callees in self.graph.items():
            for callee in callees:
                self.callers[callee].add(caller)
        fs = self.by_service
        self.own = {s: ev.nats(f) for s, f in fs.items()}
        self.visible = {s: ev.nats(f, only_visible=True) for s, f in fs.items()}
        self.unexplained = {s: ev.nats([x for x in f if ev.own_resource(x)]) for s, f in fs.items()}
        self.onset = {s: ev.onset(f) for s, f in fs.items()}
        self.said = ev.blamed_by_self(findings)
        self.end_to_end: dict[str, list[Finding]] = defaultdict(list)
        self.unnamed: dict[str, list[Finding]] = defaultdict(list)
        for finding in findings:
            if ev.end_to_end(finding):
                self.end_to_end[finding.service].append(finding)
            if ev.upstream(finding):
                self.unnamed[finding.service].append(finding)

    def felt_at_entry(self, service: str) -> list[Finding]:
        """The end-to-end findings of the services that call this one (transitively): what
        users saw of the whole request hints at the fault of whichever service explains it
        (failing requests with no error counter anywhere name a code-level fault)."""
        return [
            f
            for caller, found in self.end_to_end.items()
            if caller != service and service in _reach(self.graph, caller)
            for f in found
        ]

    def recipients(self, service: str) -> dict[str, float]:
        """Who receives the mass a symptom loses: the dependencies it named, by how strongly
        it blamed them, and, for complaints that name no one, its direct callees (one of them
        failed it), the more visibly anomalous ones more."""
        said = self.said.get(service, {})
        out = {d: w for d, w in said.items() if d}
        others = sorted(self.graph.get(service, set()) - set(out))
        suspicion = {c: SUSPICION_FLOOR + self.visible.get(c, 0.0) for c in others}
        for callee in others:
            out[callee] = said.get("", 0.0) * suspicion[callee] / sum(suspicion.values())
        total = sum(out.values())
        return {d: w / total for d, w in out.items() if w > 0} if total else {}

    def targets(self, service: str) -> dict[str, float]:
        """Dependency -> discount it accounts for: anomalous downstream services that went
        wrong no later (as far as their visible evidence compares with this service's), and
        the dependencies this service's own telemetry blames ("" if unnamed)."""
        out: dict[str, float] = {}
        mine = max(EXPLAINS_SHARE * self.visible[service], 1e-9)
        for d in _reach(self.graph, service):
            seen = self.visible.get(d, 0.0)
            on_time = _no_later(self.onset.get(d), self.onset.get(service), self.step)
            if seen >= ANOMALOUS_NATS and on_time:
                out[d] = SYMPTOM_DISCOUNT * ev.probability(seen) * min(1.0, seen / mine)
        for d, score in self.said.get(service, {}).items():
            out[d] = max(out.get(d, 0.0), SAID_DISCOUNT * score)
        return out

    def late(self, service: str) -> float:
        """Lateness against the services about as visibly anomalous as this one (a weak early
        blip elsewhere does not make everyone late)."""
        bar = max(ANOMALOUS_NATS, LATE_PEERS * self.visible[service])
        times = [t for s, t in self.onset.items() if self.visible[s] >= bar and t is not None]
        first = min(times, default=None)
        own = self.onset[service]
        if first is None or own is None:
            return 1.0
        steps = (own - first) / (LATE_STEPS * self.step)
        return 1.0 - LATE_PENALTY * min(1.0, max(0.0, steps))


def _no_later(first: float | None, second: float | None, slack: float) -> bool:
    """Whether `first` went wrong no later than `second` (unknown onsets do not object)."""
    return first is None or second is None or first <= second + slack


def masses(context: AnalysisContext, findings: list[Finding]) -> tuple[dict[str, Mass], _Blame]:
    """Root-cause mass per service with its factors (see the module docstring), and the facts
    they came from."""
    b = _Blame(context, findings)
    recipients = {s: b.recipients(s) for s in list(b.by_service)}
    nodes = set(b.by_service) | {d for r in recipients.values() for d in r}
    inflow: dict[str, float] = defaultdict(float)
    out = {}
    for service in _callers_first(nodes, recipients):
        found, own = b.by_service.get(service, []), b.own.get(service, 0.0)
        seen = b.visible.get(service, 0.0)
        late = b.late(service) if found else 1.0
        carried = own * late + inflow[service]
        discount = max(b.targets(service).values(), default=0.0) if found else 0.0
        kept = min(b.unexplained.get(service, 0.0), own) * late
        for d, share in recipients.get(service, {}).items():
            inflow[d] += TRANSFER * (carried - kept) * discount * share
        anomalous = sum(b.visible.get(c, 0.0) >= ANOMALOUS_NATS for c in b.callers[service])
        explains = min(1.0, anomalous / 2) * ev.probability(seen)
        cause = max((ev.cause_weight(f) * f.score for f in found), default=0.0)
        change = ev.change(found) * ev.probability(own)
        value = ((carried - kept) * (1.0 - discount) + kept) * (
            1.0 + EXPLAINS_BONUS * explains + cause + change
        )
        out[service] = Mass(
            own, seen, inflow[service], discount, explains, cause, change, late, value
        )
    return out, b


def merge_findings(
    context: AnalysisContext, findings: list[Finding], silent: Iterable[str] = ()
) -> list[Hypothesis]:
    """Rank services as root-cause candidates; see the module docstring for the method. A
    service with no findings of its own ranks only through what its callers said of it, and
    those are its evidence; `silent` names the services that sent no telemetry at all, which
    their anomalous callers accuse (see silent.py)."""
    if not findings:
        return []
    silent = set(silent)
    if silent:
        findings = findings + accusations(dependency_graph(context, findings), findings, silent)
    found, b = masses(context, findings)
    mass = {s: m.mass for s, m in found.items() if m.mass > 0}
    total = sum(m**SHARPNESS for m in mass.values()) + UNSEEN_MASS**SHARPNESS
    ranked = sorted(mass, key=lambda s: (-mass[s], s))[:MAX_HYPOTHESES]
    hypotheses = []
    for rank, service in enumerate(ranked, start=1):
        own = b.by_service.get(service) or [
            f for caller in b.callers[service] for f in b.unnamed.get(caller, [])
        ]
        fault = name_fault(own + b.felt_at_entry(service))
        hypotheses.append(
            Hypothesis(
                service=service,
                fault=fault,
                confidence=round(mass[service] ** SHARPNESS / total, 4),
                summary=describe(fault, service),
                findings=tuple(sorted(own, key=lambda f: -f.score)),
                rank=rank,
            )
        )
    return hypotheses


def certainty(confidences: list[float]) -> str:
    """ "likely" when the top hypothesis stands out, "uncertain" when it is weak or a runner-up
    comes close (the confidence is split), "none" without hypotheses."""
    ranked = sorted(confidences, reverse=True)
    if not ranked:
        return "none"
    runner_up = ranked[1] if len(ranked) > 1 else 0.0
    if ranked[0] < LIKELY_CONFIDENCE or runner_up >= RUNNER_UP_SHARE * ranked[0]:
        return "uncertain"
    return "likely"
