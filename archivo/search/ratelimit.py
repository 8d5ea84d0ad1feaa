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

    def take(self, client: str, cost: int = 1) -> float:
        """Spend `cost` tokens: 0.0 if allowed, else the seconds until they are available.

        A cost above the capacity is charged as the capacity (a full bucket), so that a
        small configured limit cannot make a request impossible.
        """
        cost = min(max(1, int(cost)), self.capacity)
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.capacity), now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= cost:
                wait, tokens = 0.0, tokens - cost
            else:
                wait = (cost - tokens) / self.rate
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
        return wait

    def give_back(self, client: str, tokens: int) -> None:
        """Return tokens charged in advance but not spent (never above the capacity)."""
        if tokens <= 0:
            return
        with self._lock:
            if client in self._buckets:
                held, last = self._buckets[client]
                self._buckets[client] = (min(self.capacity, held + tokens), last)
