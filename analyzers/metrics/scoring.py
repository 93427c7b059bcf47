"""Robust before/after anomaly score for one metric series.

The baseline is the window before the incident start (minus a short guard band, so an
anomaly that began slightly early does not pollute it); its median and a robust scale
(IQR, or the 10-90% range for quantized or spiky noise) define the usual band. Each direction
is scored two ways and the stronger wins:
- level: the robust z of the post-start median (a sustained shift) or, at 3/4 weight, of the
  upper/lower quartile (a shift in a quarter or more of the points), saturated by `hill` and
  scaled by the share of post-start points newly outside the band (sustained beats a blip);
- excursions: how many more post-start points leave the band than the baseline's own rate
  predicts (a two-proportion z), so a few restarts in a series of zeros still count while
  the spikes a series always had do not;
- episode: the longest run of consecutive post-start points beyond the band, by the robust z
  of its median, when it lasts EPISODE_POINTS points and EPISODE_SECONDS or longer, ended
  before the window did (a shift that holds on is scored by its level) and the baseline
  holds no run as long; it scores 0.5 at EXCURSION_Z_HALF, as excursions do, since a run the
  baseline never had is already a strong filter. A fault that lasted four minutes of a
  ten-minute window (real recordings end after the injection does) is sustained, not a
  blip, though most of the window is back to normal.
Both are weighted by the move's size relative to the usual level (statistically clear but a
few percent is rarely an incident; for an error rate, its size in points), and by how much a
move in that direction matters for the metric's kind.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from analyzers._shared import grows, hill, quantiles, robust_scale

#: Robust z that scores 0.5 before weighting; z=18 scores 0.9.
Z_HALF = 6.0
#: Binomial z of the excursion count that scores 0.5.
EXCURSION_Z_HALF = 4.0
#: Share of post-start points newly outside the band at which excursions count fully.
EXCURSION_FULL = 0.2
#: Points further than this many robust sigmas from the baseline median are "outside the band".
BAND_SIGMAS = 3.0
#: A flat baseline still gets a noise scale of 2% of its level (and never zero).
REL_FLOOR, ABS_FLOOR = 0.02, 1e-6
#: A move of this size relative to the usual level weighs 0.63 (10% weighs 0.49, 50% 0.96);
#: for a share, a move of SHARE_SIZE points does.
REL_SIZE, SHARE_SIZE = 0.15, 0.02
#: Quartile shifts count less than median shifts: they move only part of the points.
TAIL_WEIGHT = 0.75
GUARD_STEPS = 3
#: Consecutive points beyond the band that make an episode (two are often a blip), lasting
#: at least as long as alert rules usually wait before they fire.
EPISODE_POINTS, EPISODE_SECONDS = 3, 180.0


@dataclass(frozen=True)
class MetricKind:
    """What a metric's name says: the fault it hints at, how much a rise or drop matters, and
    whether it measures load (requests, bytes), which follows traffic rather than health."""

    fault: str | None
    up: float
    down: float
    traffic: bool = False
    share: bool = False  # a rate of requests (0..1) when its values say so
    percent: bool = False  # a share that may also be written as a percentage (0..100)


_KINDS: tuple[tuple[tuple[str, ...], MetricKind], ...] = (
    (("db-connections", "db_connections", "pool"), MetricKind("pool-exhaustion", 1.0, 0.3)),
    (("restart",), MetricKind("crashloop", 1.0, 0.2)),
    (("latency", "duration"), MetricKind("delay", 1.0, 0.3)),
    (("error",), MetricKind("exception", 1.0, 0.2, share=True)),
    # Requests that succeed: a drop means failures, whatever the error counters say (a wrong
    # return value raises none).
    (("success", "availability"), MetricKind("exception", 0.2, 1.0, share=True, percent=True)),
    (("cpu",), MetricKind("cpu", 1.0, 0.3)),
    (("mem",), MetricKind("mem", 1.0, 0.4)),
    (("disk",), MetricKind("disk", 1.0, 0.3)),
    (("loss",), MetricKind("loss", 1.0, 0.2)),
    (("socket", "open-files", "open_fds", "fds"), MetricKind("socket", 1.0, 0.2)),
    (("netrx", "nettx"), MetricKind("loss", 0.7, 0.5, traffic=True)),
    (("request", "rps", "throughput"), MetricKind(None, 0.4, 0.5, traffic=True)),
)
UNKNOWN = MetricKind(None, 0.7, 0.7)


_END_TO_END = re.compile(r"(^|[-_.])(e2e|end-?to-?end|end_to_end)([-_.]|$)", re.IGNORECASE)


def end_to_end(metric: str) -> bool:
    """Whether a metric measures whole requests at the entry (`e2e-latency-90`,
    `end_to_end_success`): its anomalies say that users suffer, not which service failed."""
    return _END_TO_END.search(metric) is not None


def metric_kind(metric: str) -> MetricKind:
    name = metric.lower()
    return next((kind for keys, kind in _KINDS if any(k in name for k in keys)), UNKNOWN)


@dataclass(frozen=True)
class SeriesScore:
    score: float
    direction: str  # "up" or "down"
    baseline_median: float
    baseline_iqr: float
    scale: float
    after_median: float
    after_peak: float  # highest post-start value for a rise, lowest for a drop
    episode_median: float  # of the longest post-start run beyond the band (else after_median)
    robust_z: float  # of the post-start median, signed
    share_outside: float  # of post-start points beyond the band, in `direction`
    onset: float | None
    baseline_points: int
    after_points: int


def _onset(t: np.ndarray, outside: np.ndarray, since: float) -> float | None:
    """First point from `since` on that starts a sustained excursion (2 of the next 3 points
    outside the band), else the first excursion at all."""
    idx = np.flatnonzero(t >= since)
    flags = outside[idx]
    if not flags.any():
        return None
    for i in np.flatnonzero(flags):
        if flags[i : i + 3].sum() >= min(2, len(flags) - i):
            return float(t[idx[i]])
    return float(t[idx[np.flatnonzero(flags)[0]]])


@dataclass(frozen=True)
class _Side:
    score: float
    share: float  # of post-start points beyond the band on this side
    episode: float | None = None  # median of the longest post-start run beyond the band


def _longest_run(flags: np.ndarray) -> tuple[int, int]:
    """(start, length) of the longest run of True in `flags`; (0, 0) when there is none."""
    if not flags.any():
        return 0, 0
    edges = np.diff(np.concatenate(([0], flags.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    i = int(np.argmax(ends - starts))
    return int(starts[i]), int(ends[i] - starts[i])


def _episode(
    post: np.ndarray,
    post_out: np.ndarray,
    base_out: np.ndarray,
    med: float,
    scale: float,
    step: float,
) -> tuple[float, float | None]:
    """(robust z, median) of the longest post-start run beyond the band (see the module
    docstring); (0, None) without one, or when the baseline had as long a run."""
    start, length = _longest_run(post_out)
    if length < max(EPISODE_POINTS, EPISODE_SECONDS / max(step, 1e-9)):
        return 0.0, None
    if start + length == len(post):  # still going: the level says how far it moved
        return 0.0, None
    if _longest_run(base_out)[1] >= length:
        return 0.0, None
    level = float(np.median(post[start : start + length]))
    return abs(level - med) / scale, level


def _size(
    post: np.ndarray, outside: np.ndarray, med: float, scale: float, whole: float | None
) -> float:
    """How far the series moved relative to its usual level: the post-start median's shift,
    or the typical distance of the points beyond the band, whichever is larger. For a share
    (an error rate between 0 and 1, or a percentage: `whole` is 1 or 100) the move is in
    points of the whole instead: 0.1% to 3% is a big ratio but a small incident, and 100% to
    95% a small ratio but a big one."""
    moved = abs(float(np.median(post)) - med)
    if outside.any():
        moved = max(moved, float(np.median(np.abs(post[outside] - med))))
    if whole is not None:
        return moved / whole * REL_SIZE / SHARE_SIZE
    return moved / max(abs(med), scale)


def _whole(kind: MetricKind, v: np.ndarray) -> float | None:
    """What 100% is for a share-kind series, as its values say; None when it is not one."""
    if not kind.share or not (v >= 0).all():
        return None
    if (v <= 1).all():
        return 1.0
    return 100.0 if kind.percent and (v <= 100).all() else None


def _side(
    level_z: float,
    base_out: np.ndarray,
    post_out: np.ndarray,
    size: float = math.inf,
    episode: tuple[float, float | None] = (0.0, None),
) -> _Side:
    """Score one direction from its level shift and which points are beyond the band; the
    excursion z is a two-proportion test, as the baseline's own rate is only an estimate.
    Both are weighted by the move's relative size: significant is not enough, a few percent
    on a quiet series is rarely an incident."""
    n_base, n_post = len(base_out), len(post_out)
    k_base, k_post = int(base_out.sum()), int(post_out.sum())
    rate_b, share = k_base / n_base, k_post / n_post
    pooled = (k_base + k_post + 0.5) / (n_base + n_post + 1)
    excursion_z = (share - rate_b) / math.sqrt(pooled * (1 - pooled) * (1 / n_base + 1 / n_post))
    excess = max(0.0, share - rate_b) / (1 - rate_b)
    level = hill(level_z, Z_HALF) * (0.5 + 0.5 * excess)
    excursions = hill(excursion_z, EXCURSION_Z_HALF) * min(1.0, excess / EXCURSION_FULL)
    run = hill(episode[0], EXCURSION_Z_HALF)
    return _Side(max(level, excursions, run) * grows(size, REL_SIZE), share, episode[1])


def as_array(points: tuple[tuple[float, float], ...]) -> np.ndarray:
    """(n, 2) array of the finite points in time order (sources need not sort or clean)."""
    data = np.asarray(points, dtype=float).reshape(-1, 2)
    data = data[np.isfinite(data).all(axis=1)]
    return data[np.argsort(data[:, 0], kind="stable")]


def score_series(
    data: np.ndarray, start: float, kind: MetricKind, reference: np.ndarray | None = None
) -> SeriesScore | None:
    """Score one series (see `as_array`) around `start`; None when there is no baseline or
    nothing after it. `reference` holds the same series' values from a fault-free period:
    they join the baseline, so that a short or unquiet window before the start does not
    decide alone what normal is."""
    t, v = data[:, 0], data[:, 1]
    step = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
    guard = GUARD_STEPS * step
    base = v[t < start - guard]
    if len(base) < 5:
        base, guard = v[t < start], 0.0
    if reference is not None and len(reference):
        base = np.concatenate((base, reference))
    post = v[t >= start]
    if len(base) < 2 or len(post) == 0:
        return None
    q10, q25, med, q75, q90 = quantiles(base, 0.1, 0.25, 0.5, 0.75, 0.9)
    whole = _whole(kind, v)
    # The noise floor is relative to the level, or for a share to the nearer bound: at 100%
    # success, 3% failing is far outside the usual band.
    level = med if whole is None else min(abs(med), whole - abs(med))
    scale = robust_scale(q10, q25, level, q75, q90, REL_FLOOR, ABS_FLOOR)
    p25, post_med, p75 = quantiles(post, 0.25, 0.5, 0.75)
    z = (post_med - med) / scale
    hi, lo = med + BAND_SIGMAS * scale, med - BAND_SIGMAS * scale
    up = _side(
        max(z, TAIL_WEIGHT * (p75 - q75) / scale),
        base > hi,
        post > hi,
        _size(post, post > hi, med, scale, whole),
        _episode(post, post > hi, base > hi, med, scale, step),
    )
    down = _side(
        max(-z, TAIL_WEIGHT * (q25 - p25) / scale),
        base < lo,
        post < lo,
        _size(post, post < lo, med, scale, whole),
        _episode(post, post < lo, base < lo, med, scale, step),
    )
    rising = kind.up * up.score >= kind.down * down.score
    side, outside = (up, v > hi) if rising else (down, v < lo)
    return SeriesScore(
        score=max(kind.up * up.score, kind.down * down.score),
        direction="up" if rising else "down",
        baseline_median=med,
        baseline_iqr=q75 - q25,
        scale=scale,
        after_median=post_med,
        after_peak=float(post.max() if rising else post.min()),
        episode_median=post_med if side.episode is None else side.episode,
        robust_z=z,
        share_outside=side.share,
        onset=_onset(t, outside, start - max(guard, step)),
        baseline_points=len(base),
        after_points=len(post),
    )


def downsample(data: np.ndarray, lo: float, hi: float, limit: int = 120) -> list[list[float]]:
    """The points in [lo, hi] for a chart, at most `limit`: each of limit/2 time buckets keeps
    its minimum and maximum, so a short spike survives the thinning."""
    data = data[(data[:, 0] >= lo) & (data[:, 0] <= hi)]
    if len(data) > limit:
        # Sort each bucket's points by value: its first and last are its minimum and maximum.
        buckets = np.arange(len(data)) * (limit // 2) // len(data)
        order = np.lexsort((data[:, 1], buckets))
        starts = np.searchsorted(buckets[order], np.arange(limit // 2))
        ends = np.append(starts[1:], len(data)) - 1
        data = data[np.unique(np.concatenate((order[starts], order[ends])))]
    return np.column_stack((np.round(data[:, 0], 3), data[:, 1])).tolist()
