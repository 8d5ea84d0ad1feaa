"""A small in-process token bucket per client address for the public search."""

import threading
import time
from collections import OrderedDict

# Distinct addresses remembered; the oldest are forgotten first so that a flood of
# spoofed sources cannot grow memory without bound.
MAX_CLIENTS = 10_000


class TokenBucket:
    """`per_minute` requests per client, with bursts up to the same number.

    In-process: with N workers a client gets at most N times the limit, which keeps
    the public lookup usable while stopping a scraper from monopolising a worker.
    """

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.capacity = max(1, int(per_minute))
        self.rate = self.capacity / 60.0  # tokens per second
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Spend one token: 0.0 if allowed, else the seconds until one is available."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.capacity), now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                wait, tokens = 0.0, tokens - 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
        return wait
