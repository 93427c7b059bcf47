"""A cluster-wide cap on concurrent analyses: a Redis semaphore with leases.

Every worker process takes a slot before analyzing and gives it back after; a slot whose
holder died expires with its lease, so a crashed worker never leaks capacity.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis

SLOTS_KEY = "rootline:correlation:slots"
ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
  return 1
end
return 0
"""


class NoSlotAvailable(RuntimeError):
    """All slots stayed busy for the whole wait; the job is retried later."""


def in_use(client: redis.Redis) -> int:
    client.zremrangebyscore(SLOTS_KEY, "-inf", time.time())
    return int(client.zcard(SLOTS_KEY))


@contextmanager
def analysis_slot(
    client: redis.Redis,
    limit: int,
    *,
    lease_seconds: float,
    wait_seconds: float,
    poll_seconds: float = 0.2,
) -> Iterator[str]:
    token = uuid.uuid4().hex
    acquire = client.register_script(ACQUIRE)
    deadline = time.monotonic() + wait_seconds
    while True:
        now = time.time()
        if acquire(keys=[SLOTS_KEY], args=[now, now + lease_seconds, limit, token]):
            break
        if time.monotonic() >= deadline:
            raise NoSlotAvailable(f"all {limit} analysis slots stayed busy for {wait_seconds}s")
        time.sleep(poll_seconds)
    try:
        yield token
    finally:
        client.zrem(SLOTS_KEY, token)
