"""Unit of work: the one place that commits, and the `@transactional` decorator."""

import functools
import logging
from collections.abc import Callable

from sqlalchemy.orm import Session

from archivo.db import get_session, is_sqlite, sqlite_immediate

log = logging.getLogger(__name__)


class UnitOfWork:
    """One business transaction: commit once, then run after-commit work (index, files)."""

    def __init__(self, session: Session | None = None):
        self.session = session or get_session()
        self._after_commit: list[Callable[[], None]] = []
        self._token = None

    def __enter__(self) -> "UnitOfWork":
        if is_sqlite(self.session):
            # Finish a read-only transaction the request may have started (loading the
            # actor) so the write transaction starts with BEGIN IMMEDIATE.
            if self.session.in_transaction() and not (self.session.new or self.session.dirty):
                self.session.commit()
            self._token = sqlite_immediate.set(True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self.session.rollback()
        finally:
            if self._token is not None:
                sqlite_immediate.reset(self._token)
                self._token = None

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` after a successful commit (side effects that can be repaired)."""
        self._after_commit.append(callback)

    def commit(self) -> None:
        """Commit the transaction, then run after-commit callbacks (their failures are logged)."""
        self.session.commit()
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            try:
                callback()
            except Exception:  # noqa: BLE001 - side effects are repairable (reindex)
                log.exception("after-commit callback failed")

    def rollback(self) -> None:
        """Discard the transaction and its pending after-commit work."""
        self._after_commit = []
        self.session.rollback()


def transactional(fn):
    """Run a use case in its own UnitOfWork unless the caller passes `uow=`."""

    @functools.wraps(fn)
    def wrapper(*args, uow: UnitOfWork | None = None, **kwargs):
        if uow is not None:
            return fn(*args, uow=uow, **kwargs)
        with UnitOfWork() as own:
            result = fn(*args, uow=own, **kwargs)
            own.commit()
            return result

    return wrapper
