"""Test fixtures: one database per run, one rolled-back transaction per test.

Set ARCHIVO_TEST_DATABASE_URL to run the same suite on PostgreSQL.
"""

import os

import pytest
from sqlalchemy import event

from archivo import create_app
from archivo.audit.models import AuditHead
from archivo.audit.service import GENESIS
from archivo.auth.service import use_fast_hasher
from archivo.db import Base, Session_, make_engine, session_factory

use_fast_hasher()


def _reset_schema(engine) -> None:
    import archivo.models  # noqa: F401

    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            Base.metadata.drop_all(conn)
        Base.metadata.create_all(conn)
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("ARCHIVO_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    _reset_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def app(engine, tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    return create_app({"TESTING": True, "INSTANCE_PATH": str(instance),
                       "DATABASE_URL": str(engine.url), "SECRET_KEY": "x" * 40,
                       "SEARCH_SYNC_INLINE": True, "IMPORTS_BACKGROUND": False},
                      engine=engine)


@pytest.fixture
def db(app, engine):
    """A session joined to an outer transaction that is rolled back after the test."""
    conn = engine.connect()
    outer = conn.begin()
    session_factory.configure(bind=conn, join_transaction_mode="create_savepoint")
    ctx = app.app_context()
    ctx.push()
    try:
        yield Session_()
    finally:
        Session_.remove()
        ctx.pop()
        outer.rollback()
        conn.close()
        session_factory.configure(bind=engine, join_transaction_mode="conditional_savepoint")


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def count_queries(engine):
    """Count SQL statements executed inside the block (to catch N+1 queries)."""
    counter = {"n": 0}

    def _count(*_a, **_k):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", _count)
    yield counter
    event.remove(engine, "before_cursor_execute", _count)
