"""A real Prometheus (Debian's, unpacked by scripts/install-prometheus.sh): scraping a live app,
or holding three days of known series, backfilled with `promtool tsdb create-blocks-from
openmetrics` so every count the SLO evaluation reads back is known exactly.

One sample a minute, from `HISTORY` minutes before `at` (a whole minute in the recent past)
until `AFTER` minutes after it, every counter starting at 0 (so increase() over any window,
evaluated at `at`, is the exact difference of two samples):

- checkout: 1000 requests a minute; for the last 30 minutes before `at` (and on) 200 of them
  fail with code 500 and 100 take 0.5-1 s instead of under 0.1 s. Bucket bounds are written as
  Python's client writes them ("1.0"), to prove thresholds match either spelling.
- cart: 500 requests a minute, never a 5xx series at all.
- ledger: a request counter that never moves (zero traffic).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from prom_harness import prometheus, prometheus_from_config

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".tools" / "prometheus" / "usr" / "bin"
INSTALL_SCRIPT = "scripts/install-prometheus.sh"
HISTORY = 3 * 1440 + 120  # minutes of data before `at`
AFTER = 20  # minutes of data after `at`, so evaluations "now" see the fault going on
FAULT = 30  # minutes before `at` from which checkout fails
RATE, FAILING, SLOW = 1000, 200, 100  # checkout, per minute
CART_RATE = 500
BUCKETS = ("0.1", "0.25", "0.5", "1.0", "+Inf")


def tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run {INSTALL_SCRIPT} (make tools)")
    return path


def _series(at: int) -> dict[str, list[int]]:
    """Counter values per minute sample, by series (OpenMetrics spelling)."""
    start = at - HISTORY * 60
    count = HISTORY + AFTER + 1
    faulty = [start + 60 * i >= at - FAULT * 60 for i in range(count)]

    def counter(per_minute: list[int]) -> list[int]:
        values, total = [], 0
        for increment in per_minute:
            values.append(total)
            total += increment
        return values

    bad = [FAILING if f else 0 for f in faulty]
    slow = [SLOW if f else 0 for f in faulty]
    out = {
        'http_requests_total{service="checkout",code="200"}': counter([RATE - b for b in bad]),
        'http_requests_total{service="checkout",code="500"}': counter(bad),
        'http_requests_total{service="cart",code="200"}': counter([CART_RATE] * count),
        'http_requests_total{service="ledger",code="200"}': [0] * count,
        'http_request_duration_seconds_count{service="checkout"}': counter([RATE] * count),
    }
    for le in BUCKETS:
        fast = le in ("0.1", "0.25", "0.5")
        per_minute = [RATE - s if fast else RATE for s in slow]
        out[f'http_request_duration_seconds_bucket{{service="checkout",le="{le}"}}'] = counter(
            per_minute
        )
    return out


def write_openmetrics(path: Path, at: int) -> None:
    start = at - HISTORY * 60
    with path.open("w") as out:
        for name, values in _series(at).items():
            out.writelines(f"{name} {v} {start + 60 * i}\n" for i, v in enumerate(values))
        out.write("# EOF\n")


@dataclass(frozen=True)
class Backfilled:
    url: str
    at: int  # the moment whose figures are known exactly (epoch seconds, a whole minute)


@contextmanager
def backfilled_prometheus(workdir: Path) -> Iterator[Backfilled]:
    """Prometheus holding the series above, and nothing else."""
    at = int(time.time()) // 60 * 60 - 60
    write_openmetrics(workdir / "shop.om", at)
    backfill = ["tsdb", "create-blocks-from", "openmetrics", str(workdir / "shop.om")]
    command = [str(tool("promtool")), *backfill, str(workdir / "data")]
    subprocess.run(command, check=True, capture_output=True)
    with prometheus_from_config(workdir, "global: {evaluation_interval: 1m}\n") as url:
        yield Backfilled(url, at)


@contextmanager
def scraping_prometheus(workdir: Path, target: str) -> Iterator[str]:
    """Prometheus scraping the simulated shop at `target` (host:port, /simulation/metrics) every
    second."""
    with prometheus(
        workdir,
        [target],
        wait_for_scrape=False,
        job="rootline",
        metrics_path="/simulation/metrics",
    ) as url:
        yield url
