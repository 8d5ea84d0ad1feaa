"""Typed SQLAlchemy base, engine set-up (SQLite pragmas, PostgreSQL) and the session registry."""

import contextvars
import datetime as dt
import enum
from typing import Annotated, Any

from sqlalchemy import JSON, DateTime, MetaData, String, Text, create_engine, event
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """Timezone-aware now in UTC (stored as UTC everywhere)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A datetime that always comes back timezone-aware in UTC (SQLite drops tzinfo)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention (stable Alembic diffs)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        # StrEnums are stored by value ("reservada"), as plain strings with no DB enum type.
        enum.Enum: SAEnum(
            enum.Enum, native_enum=False, length=40, validate_strings=True,
            values_callable=lambda e: [m.value for m in e],
        ),
    }


intpk = Annotated[int, mapped_column(primary_key=True)]

created_at = Annotated[dt.datetime, mapped_column(default=utcnow)]
str40 = Annotated[str, mapped_column(String(40))]
str255 = Annotated[str, mapped_column(String(255))]
text = Annotated[str, mapped_column(Text)]

# Set by write use cases so that SQLite takes the write lock at BEGIN (BEGIN IMMEDIATE):
# a deferred transaction that reads and then writes can fail with SQLITE_BUSY when
# another writer committed in between, while an immediate one simply waits its turn.
sqlite_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "sqlite_immediate", default=False
)


def _sqlite_setup(engine: Engine) -> None:
    """Foreign keys, WAL and explicit BEGIN (the pysqlite savepoint fix) for SQLite."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if sqlite_immediate.get() else "BEGIN")


def make_engine(url: str, **kwargs) -> Engine:
    """Create the engine for `url` with the per-dialect settings archivo relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        _sqlite_setup(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


# One session per thread / request, removed at app-context teardown.
session_factory = sessionmaker(expire_on_commit=False)
Session_: scoped_session[Session] = scoped_session(session_factory)


def get_session() -> Session:
    """The current session (request- or thread-scoped)."""
    return Session_()


def is_sqlite(session: Session) -> bool:
    """True when the session talks to SQLite (for the few dialect-specific adapters)."""
    return session.get_bind().dialect.name == "sqlite"


