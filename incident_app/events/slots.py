"""The open event streams of one process: each holds a server thread for its whole life, so
their number is capped per process (EVENT_STREAM_MAX_CLIENTS, below the thread count) and per
user (EVENT_STREAM_MAX_PER_USER), or one viewer with many tabs could take every thread."""

from __future__ import annotations

import threading
import uuid
from collections import Counter


class StreamSlots:
    """At most `total` streams at once, at most `per_user` of them for any one user."""

    def __init__(self, total: int, per_user: int) -> None:
        self.total = total
        self.per_user = per_user
        self.open: Counter[uuid.UUID] = Counter()
        self.lock = threading.Lock()

    def acquire(self, user_id: uuid.UUID) -> str | None:
        """None when a slot was taken; else which cap refused it: "process" or "user"."""
        with self.lock:
            if self.open[user_id] >= self.per_user:
                return "user"
            if self.open.total() >= self.total:
                return "process"
            self.open[user_id] += 1
            return None

    def release(self, user_id: uuid.UUID) -> None:
        with self.lock:
            self.open[user_id] -= 1
            if self.open[user_id] <= 0:
                del self.open[user_id]
