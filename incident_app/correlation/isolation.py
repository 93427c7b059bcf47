"""Run callables concurrently, each under one shared deadline, never letting one hang the rest.

Daemon threads, not an executor: a call that never returns must not block shutdown of the
worker or of the process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass
class Outcome(Generic[T]):
    """How one call ended: ok with a value, error with the exception text, or timeout."""

    status: str  # ok | error | timeout
    value: T | None = None
    error: str = ""
    duration_ms: float = 0.0


def run_all(calls: dict[str, Callable[[], T]], timeout: float) -> dict[str, Outcome[T]]:
    """Start every call at once and wait at most `timeout` seconds in total."""
    results: dict[str, Outcome[T]] = {}
    lock = threading.Lock()
    started = time.perf_counter()

    def runner(key: str, call: Callable[[], T]) -> None:
        begin = time.perf_counter()
        try:
            outcome: Outcome[T] = Outcome("ok", value=call())
        except Exception as exc:  # isolation is the point: record, never propagate
            outcome = Outcome("error", error=f"{type(exc).__name__}: {exc}"[:500])
        outcome.duration_ms = round((time.perf_counter() - begin) * 1000, 2)
        with lock:
            results.setdefault(key, outcome)

    threads = [
        threading.Thread(target=runner, args=item, daemon=True, name=f"rootline-{item[0]}")
        for item in calls.items()
    ]
    for thread in threads:
        thread.start()
    deadline = started + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.perf_counter()))
    with lock:
        for key in calls:
            results.setdefault(
                key,
                Outcome[Any](
                    "timeout",
                    error=f"no answer within {timeout:g}s",
                    duration_ms=round(timeout * 1000, 2),
                ),
            )
        return dict(results)
