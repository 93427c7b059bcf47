"""Small helpers the built-in analyzers share: score shaping, robust statistics and the
formatting of numbers and times in finding summaries."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np

VERSION = "0.1.0"

#: Findings scoring below this are noise and are not reported.
MIN_SCORE = 0.05


def hill(x: float, half: float) -> float:
    """Saturating map of a non-negative strength to [0, 1): `half` scores 0.5, `3*half` 0.9.

    Quadratic near zero, so ordinary noise (strength ≪ half) lands near 0 while the ordering
    of strong anomalies is kept instead of being clipped by a threshold."""
    if not math.isfinite(x):
        return 1.0 if x > 0 else 0.0
    x = max(x, 0.0)
    return x * x / (x * x + half * half)


def grows(x: float, scale: float) -> float:
    """1 - exp(-x/scale): how far a relative change is from negligible, in [0, 1)."""
    return 1.0 - math.exp(-max(x, 0.0) / scale)


def clamp01(x: float) -> float:
    return min(1.0, max(0.0, x))


def quantiles(values: np.ndarray | Sequence[float], *q: float) -> list[float]:
    """Linear-interpolated quantiles from one sort; much cheaper than repeated np.percentile
    calls on the short arrays analyzers see."""
    ordered = np.sort(np.asarray(values, dtype=float))
    if len(ordered) == 0:
        return [0.0 for _ in q]
    return np.interp(np.asarray(q) * (len(ordered) - 1), np.arange(len(ordered)), ordered).tolist()


def robust_scale(
    q10: float, q25: float, q50: float, q75: float, q90: float, rel_floor: float, abs_floor: float
) -> float:
    """A noise scale from a sample's quantiles that ignores outliers: the larger of IQR/1.349
    and the 10-90% range/2.563 (both the std of Gaussian noise; the second also sees quantized
    or spiky noise that leaves the IQR at 0), floored so that a flat baseline does not make
    every wiggle significant."""
    return max((q75 - q25) / 1.349, (q90 - q10) / 2.563, rel_floor * abs(q50), abs_floor)


def rnd(x: float, digits: int = 6) -> float | None:
    """A JSON-safe float: rounded to `digits` significant digits, None when not finite."""
    if not math.isfinite(x):
        return None
    return float(f"{x:.{digits}g}")


def fmt_num(x: float) -> str:
    """3 significant digits with thousands separators, for sentences ("1,247", "0.0312")."""
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{float(f'{x:.3g}'):g}"


def fmt_ms(ms: float) -> str:
    return f"{fmt_num(ms / 1000)} s" if ms >= 1000 else f"{fmt_num(ms)} ms"


def fmt_time(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%H:%M:%S UTC")


def fmt_span(seconds: float) -> str:
    """A duration in words: "45 s", "30 min", "2.5 h"."""
    s = abs(seconds)
    return f"{s:.0f} s" if s < 120 else f"{s / 60:.0f} min" if s < 7200 else f"{s / 3600:.1f} h"


def fmt_ago(seconds: float) -> str:
    """ "4 min before the start" for a positive distance, "after" for a negative one."""
    return f"{fmt_span(seconds)} {'before' if seconds >= 0 else 'after'} the start"
