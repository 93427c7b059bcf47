"""Built-in logs analyzer: Drain3 templates per service, and the templates whose rate jumped
(or that appeared) after the start, named in plain words with their counts (see `scoring`);
lines that name another service give call edges and, when they jumped, a complaint about that
service (see `peers`)."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass

from analyzers._shared import MIN_SCORE, VERSION, fmt_span, hill, rnd
from analyzers.logs.mining import Template, mine
from analyzers.logs.peers import Peers, name_pattern, peers_of
from analyzers.logs.scoring import fault_hint, level_name, rate_jump, severity, upstream_words
from incident_app.correlation.hookspecs import Analyzer, hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, LogRecord, Signal, Telemetry

#: At most this many template findings per service: the strongest patterns tell the story.
PER_SERVICE = 5
#: A service whose line rate fell below this share of its usual rate has gone quiet.
SILENCE_SHARE = 0.2
#: A pattern whose lines blame another service keeps this little of its score for the writer.
BLAMING_KEEP = 0.4
#: A complaint about a service counts this much of the complaining pattern's score.
COMPLAINT_SHARE = 0.9


def covered_seconds(times: list[float], max_gap: float) -> float:
    """How long a reference's lines cover: the spans of its stretches, cut where no line came
    for `max_gap` (a reference may be several windows: the hour before, yesterday, last week)."""
    ordered = sorted(times)
    total, begin = 0.0, ordered[0] if ordered else 0.0
    for previous, moment in itertools.pairwise(ordered):
        if moment - previous > max_gap:
            total += previous - begin
            begin = moment
    return total + (ordered[-1] - begin if ordered else 0.0)


def _pattern(
    service: str,
    t: Template,
    start: float,
    spans: tuple[float, float],
    peers: Peers,
    reference: tuple[int, float],
) -> Finding | None:
    """`t` holds the incident window's lines; `reference` is how many lines of the template the
    reference period held, and how long that period covers."""
    before = [r for r in t.records if r.time < start]
    after = [r for r in t.records if r.time >= start]
    if not after:
        return None
    # The reference's lines count as more baseline: a template it holds at the same rate is
    # routine, one it never saw is new.
    normal, normal_s = reference
    jump = rate_jump(len(before) + normal, len(after), spans[0] + normal_s, spans[1])
    levels = Counter(level_name(r.level) for r in after)
    blaming = peers.share_after(len(after))
    score = jump.score * severity(t.text, levels) * (1 - (1 - BLAMING_KEEP) * blaming)
    if score < MIN_SCORE:
        return None
    samples = list(dict.fromkeys(r.message for r in after))[:5]
    return Finding(
        analyzer="logs",
        service=service,
        signal=Signal.logs,
        kind="log_pattern",
        summary=(
            f'{service} logged "{t.text}" \u00d7 {jump.count_after:,} after the start '
            f"(was {jump.count_before:,} in the {fmt_span(spans[0])} before)."
        ),
        score=round(score, 4),
        fault=fault_hint(t.text),
        onset=after[0].time,
        evidence={
            "template": t.text,
            "count_before": jump.count_before,
            "count_after": jump.count_after,
            "rate_before_per_min": rnd(jump.rate_before, 4),
            "rate_after_per_min": rnd(jump.rate_after, 4),
            "window_before_s": rnd(spans[0]),
            "window_after_s": rnd(spans[1]),
            "poisson_z": rnd(jump.z, 4),
            "rate_ratio": rnd(jump.ratio, 4),
            "new": jump.count_before == 0,
            "count_reference": normal,
            "reference_s": rnd(normal_s),
            "levels": dict(levels),
            "samples": samples,
            "names": sorted(peers.after),
            "upstream": upstream_words(t.text),
        },
    )


@dataclass(frozen=True)
class Reference:
    """The reference period's lines (see AnalysisContext.reference) and how long they cover."""

    records: frozenset[LogRecord]
    seconds: float

    @classmethod
    def of(cls, context: AnalysisContext) -> Reference:
        logs = context.reference.logs if context.reference is not None else None
        if not logs:
            return cls(frozenset(), 0.0)
        window = (context.window_end - context.window_start).total_seconds()
        seconds = covered_seconds([r.time for r in logs], max(window, 60.0))
        return cls(frozenset(logs), max(seconds, float(context.step_seconds)))


def _complaints(
    service: str, t: Template, start: float, spans: tuple[float, float], peers: Peers
) -> list[Finding]:
    """One finding per service this pattern names more often after the start than before."""
    found = []
    levels = Counter(level_name(r.level) for r in t.records if r.time >= start)
    hint = fault_hint(t.text)
    for peer, count in peers.after.items():
        jump = rate_jump(peers.before[peer], count, *spans)
        score = COMPLAINT_SHARE * jump.score * severity(t.text, levels)
        if score < MIN_SCORE:
            continue
        found.append(
            Finding(
                analyzer="logs",
                service=peer,
                signal=Signal.logs,
                kind="log_complaint",
                summary=(
                    f'{service} logged "{t.text}" naming {peer} \u00d7 {count:,} after the start '
                    f"(was {peers.before[peer]:,} in the {fmt_span(spans[0])} before)."
                ),
                score=round(score, 4),
                fault=None if hint == "exception" else hint,
                onset=peers.first[peer].time,
                evidence={
                    "caller": service,
                    "template": t.text,
                    "count_before": peers.before[peer],
                    "count_after": count,
                    "poisson_z": rnd(jump.z, 4),
                    "samples": peers.samples[peer],
                },
            )
        )
    return found


def _silence(
    service: str, records: list[LogRecord], start: float, spans: tuple[float, float]
) -> Finding | None:
    """A service that stops logging (crashed, hung, evicted) is itself a clue."""
    before = sum(1 for r in records if r.time < start)
    after = len(records) - before
    expected = before * spans[1] / spans[0]
    if expected < 10 or after > SILENCE_SHARE * expected:
        return None
    score = 0.5 * (1 - after / expected) * hill(expected, 10)
    return Finding(
        analyzer="logs",
        service=service,
        signal=Signal.logs,
        kind="log_silence",
        summary=(
            f"{service} went quiet: {after:,} log lines after the start where about "
            f"{expected:,.0f} were expected from the {fmt_span(spans[0])} before."
        ),
        score=round(score, 4),
        evidence={"count_before": before, "count_after": after, "expected_after": rnd(expected)},
    )


class LogsAnalyzer:
    name = "logs"
    version = VERSION
    signals = (Signal.logs,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        """Per service: the templates that jumped most, and whether the service fell silent."""
        if not telemetry.logs:
            return []
        start = context.started_at.timestamp()
        times = [r.time for r in telemetry.logs]
        floor = float(max(context.step_seconds, 1))
        spans = (
            max(start - min(context.window_start.timestamp(), min(times)), floor),
            max(max(context.window_end.timestamp(), max(times)) - start, floor),
        )
        reference = Reference.of(context)
        by_service: dict[str, list[LogRecord]] = defaultdict(list)
        for record in telemetry.logs:
            by_service[record.service].append(record)
        normal: dict[str, list[LogRecord]] = defaultdict(list)
        for record in reference.records:
            if record.service in by_service:
                normal[record.service].append(record)
        pattern = name_pattern({s.name for s in context.services} | set(by_service))
        findings: list[Finding] = []
        edges: set[tuple[str, str]] = set()
        for service, records in by_service.items():
            patterns, complaints = [], []
            for mined in mine([*records, *normal[service]]):
                # Mined together so templates agree; scored on the incident window's lines.
                t = Template(mined.text, [r for r in mined.records if r not in reference.records])
                seen = (len(mined.records) - len(t.records), reference.seconds)
                peers = peers_of(service, t.records, start, pattern)
                edges.update((service, peer) for peer in peers.named)
                patterns.append(_pattern(service, t, start, spans, peers, seen))
                complaints.extend(_complaints(service, t, start, spans, peers))
            ranked = sorted((f for f in patterns if f is not None), key=lambda f: -f.score)
            findings.extend(ranked[:PER_SERVICE])
            findings.extend(complaints)
            silent = _silence(service, records, start, spans)
            if silent is not None:
                findings.append(silent)
        calls = sorted([a, b] for a, b in edges)
        for f in findings:
            f.evidence["calls"] = calls
        return sorted(findings, key=lambda f: -f.score)


@hookimpl
def rootline_register_analyzers() -> list[Analyzer]:
    return [LogsAnalyzer()]
