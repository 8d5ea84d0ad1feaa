"""A second connection that counts a search's matches while the first ranks them.

Counting a common word into facets and ranking it are two single-threaded
statements of about the same cost (~550 ms each for a word in a quarter of 1M
documents on a 2-core machine). Run one after the other they take twice as long
as run side by side on two connections (1,110 against 585 ms). PostgreSQL's own
parallel workers did worse (760 ms): the two statements already keep both cores
busy, so search turns them off (pg_backend._tune).

Side connections come from a small pool of their own, never from the caller's:
a caller holds its connection while it waits for the count, and a count never
waits on the caller's pool, so the two cannot deadlock. When every side slot is
busy the caller counts on its own connection rather than queueing.
"""

import os
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import create_engine


class SideConnections:
    """Up to `slots` statements at a time on a separate small pool."""

    def __init__(self, engine, slots: int):
        """Connect like `engine` (same URL); `slots=0` never runs anything beside."""
        self.url = engine.url
        self.slots = slots
        self._free = threading.BoundedSemaphore(max(slots, 1))
        self._lock = threading.Lock()
        # pid, engine and executor of this process, in a holder the finalizer can
        # reach without keeping self alive: a backend dropped without close() (a
        # test, a reconfigured app) still closes its connections.
        self._state = {"pid": None, "engine": None, "executor": None}
        self._finalizer = weakref.finalize(self, _shut, self._state)

    def submit(self, fn: Callable[[Any], Any]) -> Future | None:
        """Run `fn(connection)` in a transaction on a side connection.

        None when no slot is free (or slots is 0): the caller runs it itself.
        """
        if not self.slots or not self._free.acquire(blocking=False):
            return None
        try:
            engine, executor = self._started()
            return executor.submit(self._run, engine, fn)
        except BaseException:
            self._free.release()
            raise

    def _run(self, engine, fn):
        try:
            with engine.connect() as conn, conn.begin():
                return fn(conn)
        finally:
            self._free.release()

    def _started(self):
        state = self._state
        with self._lock:
            # Threads and pooled connections do not survive a fork (gunicorn
            # workers): a child starts its own.
            if state["pid"] != os.getpid():
                state["pid"] = os.getpid()
                state["engine"] = create_engine(
                    self.url, pool_size=self.slots, max_overflow=0, pool_pre_ping=True
                )
                state["executor"] = ThreadPoolExecutor(
                    self.slots, thread_name_prefix="search-count"
                )
            return state["engine"], state["executor"]

    def close(self) -> None:
        """Stop the threads and close the side connections."""
        with self._lock:
            _shut(self._state)


def _shut(state: dict) -> None:
    if state["executor"] is not None and state["pid"] == os.getpid():
        state["executor"].shutdown(wait=True)
        state["engine"].dispose()
    state.update(pid=None, engine=None, executor=None)
