"""Enqueue index work inside the caller's transaction."""

from collections.abc import Iterable

from sqlalchemy import insert

from archivo.search.models import SearchOutbox


def enqueue(uow, expediente_ids: Iterable[int], op: str = "upsert") -> None:
    """Queue the expedientes for (re)indexing; the drainer runs after commit."""
    rows = [{"expediente_id": i, "op": op} for i in expediente_ids]
    if rows:
        uow.session.execute(insert(SearchOutbox), rows)
        if _after_commit_hook is not None and not getattr(uow, "_search_hooked", False):
            uow._search_hooked = True  # one drain per transaction is enough
            uow.on_commit(_after_commit_hook)


# Set by the app (search service) to drain the queue right after a commit.
_after_commit_hook = None


def set_after_commit_hook(hook) -> None:
    """Register the function that drains the outbox after each commit."""
    global _after_commit_hook
    _after_commit_hook = hook
