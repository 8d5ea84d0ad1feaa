"""The search outbox: index work written in the same transaction as the change."""

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from archivo.db import Base, intpk, utcnow


class SearchOutbox(Base):
    """One pending index update; drained after commit by a single writer.

    Because the row commits with the change itself, a crash between the commit and the
    index write loses nothing: the next drain picks it up.
    """

    __tablename__ = "search_outbox"

    id: Mapped[intpk]
    expediente_id: Mapped[int] = mapped_column(index=True)
    op: Mapped[str] = mapped_column(String(10), default="upsert")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def not_search_table(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic `include_object` filter: the PostgreSQL search backend's tables live outside
    the ORM (created by pg_schema.create_schema, called from the migration), so schema
    comparisons leave them out."""
    from archivo.search.pg_schema import metadata as search_metadata

    table = obj if type_ == "table" else getattr(obj, "table", None)
    return not (table is not None and table.name in search_metadata.tables)
