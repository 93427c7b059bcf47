"""An analyzer that records, in Redis, how many analyses run at the same moment."""

from __future__ import annotations

import os
import time
from typing import Any

import redis

from incident_app.correlation.hookspecs import hookimpl
from incident_app.correlation.types import AnalysisContext, Finding, Signal, Telemetry

RUNNING, PEAK = "test:running", "test:peak"


class SlowCounting:
    name = "slow-counting"
    version = "0.1"
    signals = (Signal.metrics,)

    def analyze(self, context: AnalysisContext, telemetry: Telemetry) -> list[Finding]:
        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        now = client.incr(RUNNING)
        client.eval(
            "if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then "
            "redis.call('SET', KEYS[1], ARGV[1]) end",
            1,
            PEAK,
            now,
        )
        time.sleep(0.4)
        client.decr(RUNNING)
        return []


@hookimpl
def rootline_register_analyzers() -> list[Any]:
    return [SlowCounting()]
