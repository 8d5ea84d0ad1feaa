"""Alembic environment: uses the app's engine (or ARCHIVO_DATABASE_URL) and archivo.models."""

from alembic import context

import archivo.models  # noqa: F401 - registers every table on the metadata
from archivo.db import Base, make_engine
from archivo.search.models import not_search_table

config = context.config
target_metadata = Base.metadata


def _engine():
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    from archivo.config import load_config

    return make_engine(load_config()["DATABASE_URL"])


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with _engine().connect() as conn:
        _run(conn)
        conn.commit()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things in place
        compare_type=True,
        include_object=not_search_table,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
