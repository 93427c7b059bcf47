"""How much a log template's rate jumped at the start, how severe it reads, and which fault
its words name.

A template's before-window count, scaled to the after-window's length, is what to expect
after the start if nothing changed. The jump is scored by a Poisson-style z of the observed
after-count against that expectation (significance) times the log2 rate ratio (magnitude,
saturating at 8 times), times a severity weight from the levels and words of the lines.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from analyzers._shared import clamp01, hill

#: Poisson z that scores 0.5; z≈12 scores 0.9.
Z_HALF = 4.0
#: Rate ratio (log2) at which magnitude saturates: 8 times the usual rate.
FULL_RATIO_LOG2 = 3.0

_ERROR_WORDS = re.compile(
    r"\b(error|err|exception|fail(ed|ure)?|fatal|panic|traceback|timeout|timed out|refused|"
    r"reset|unreachable|exhausted|oom|killed|denied|unavailable|invalid|cannot|unable|"
    r"saturated|slow|pressure|broken|too many|throttled)\b",
    re.IGNORECASE,
)

# Fault hints from the template's words, most specific first.
_FAULT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (fault, re.compile(pattern, re.IGNORECASE))
    for fault, pattern in (
        (
            "pool-exhaustion",
            r"pool\b|too many connections|exhausted|connection is not available",
        ),
        ("oom", r"out of memory|\boom|outofmemory|memory limit"),
        ("config", r"\bconfig(uration)?\b|invalid configuration|missing (setting|env)"),
        ("return", r"invalid response|unexpected (end of|token)|cannot (decode|parse) resp"),
        ("disk", r"no space left|\bdisk\b|read-only file system|\bfsync\b"),
        ("cpu", r"\bcpu\b|run queue|throttl"),
        ("mem", r"\bgc\b|garbage collect|heap|memory (usage|pressure)"),
        ("crashloop", r"back-?off restarting|crash ?loop"),
        ("delay", r"timeout|timed out|deadline exceeded|\bslow\b"),
        ("socket", r"connection refused|too many open files|\bsocket\b|econnrefused"),
        ("loss", r"\breset\b|unreachable|broken pipe|packet loss|no route to host"),
        ("exception", r"exception|panic|traceback|\berror\b|stack ?trace"),
    )
)


#: Words saying a failure came from a dependency (the writer is its victim): a client's
#: complaint about a call, a refused or reset connection, an answer it could not use.
_UPSTREAM_WORDS = re.compile(
    r"\b(upstream|downstream|dependency|call(ing)? to|request to|response from|invalid response|"
    r"cannot decode response|connection refused|reset by peer|econnrefused|econnreset|dial tcp|"
    r"deadline exceeded|service unavailable|bad gateway|gateway timeout)\b",
    re.IGNORECASE,
)


def upstream_words(template: str) -> bool:
    return bool(_UPSTREAM_WORDS.search(template))


def fault_hint(template: str) -> str | None:
    return next((fault for fault, rx in _FAULT_WORDS if rx.search(template)), None)


def level_name(level: str) -> str:
    """Normalize levels ("E", "ERR", "Warning", "crit") to error/warn/info/debug or as given."""
    low = level.strip().lower()
    if low.startswith(("err", "crit", "fatal", "panic", "emerg", "alert")) or low == "e":
        return "error"
    if low.startswith("warn") or low == "w":
        return "warn"
    if low.startswith("info") or low in ("i", "notice"):
        return "info"
    if low.startswith(("debug", "trace")) or low == "d":
        return "debug"
    return low or "unknown"


def severity(template: str, levels: Counter[str]) -> float:
    """1.0 for error-level lines, 0.9 for lines whose words read like an error whatever their
    level, 0.6 for other warnings and 0.4 for other lines: a busier info line, or a warning
    about routine work (a batch job, a cache refresh), is a weak clue."""
    weight = 1.0 if levels["error"] else 0.6 if levels["warn"] else 0.4
    return max(weight, 0.9) if weight < 1.0 and _ERROR_WORDS.search(template) else weight


@dataclass(frozen=True)
class Jump:
    count_before: int
    count_after: int
    rate_before: float  # per minute
    rate_after: float  # per minute
    z: float
    ratio: float
    score: float  # before the severity weight


def rate_jump(cb: int, ca: int, span_before: float, span_after: float) -> Jump:
    """Score a change from `cb` lines in `span_before` seconds to `ca` in `span_after`."""
    expected = cb * span_after / span_before
    z = (ca - expected) / math.sqrt(expected + 1.0)
    floor = 1.0 / span_before  # one line in the whole baseline: the rate of "never seen"
    ratio = (ca / span_after + floor) / (cb / span_before + floor)
    magnitude = clamp01(math.log2(ratio) / FULL_RATIO_LOG2) if ratio > 1 else 0.0
    return Jump(
        count_before=cb,
        count_after=ca,
        rate_before=60.0 * cb / span_before,
        rate_after=60.0 * ca / span_after,
        z=z,
        ratio=ratio,
        score=hill(z, Z_HALF) * magnitude,
    )
