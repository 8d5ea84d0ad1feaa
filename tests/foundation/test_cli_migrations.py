"""CLI commands and migrations (empty -> head equals the models; one head)."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, select

import archivo.models  # noqa: F401
from archivo import ROOT, create_app
from archivo.audit.models import AuditEvent
from archivo.auth.models import Usuario
from archivo.cli import alembic_config
from archivo.db import Base, make_engine
from archivo.search.models import not_search_table
from archivo.search.pg_schema import metadata as search_metadata


@pytest.fixture
def fresh_app(tmp_path, database_url):
    """An app on its own empty database (SQLite file; on PostgreSQL a separate schema)."""
    if database_url.startswith("postgresql"):
        engine = make_engine(database_url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS migtest CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA migtest")
        engine.dispose()
        engine = make_engine(database_url,
                             connect_args={"options": "-csearch_path=migtest"})
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "y" * 40}, engine=engine)
    yield app
    engine.dispose()
    if database_url.startswith("postgresql"):
        cleanup = create_engine(database_url)
        with cleanup.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS migtest CASCADE")
        cleanup.dispose()
    from archivo.db import session_factory

    session_factory.configure(bind=None)


def test_single_head():
    from alembic.config import Config

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1


def test_upgrade_empty_to_head_matches_models(fresh_app):
    with fresh_app.app_context():
        command.upgrade(alembic_config(), "head")
        engine = fresh_app.extensions["archivo.engine"]
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # the search tables exist, outside the ORM
                names = set(inspect(conn).get_table_names())
                assert set(search_metadata.tables) <= names
            context = MigrationContext.configure(conn, opts={"include_object": not_search_table})
            diff = compare_metadata(context, Base.metadata)
        assert diff == []


def test_cli_db_users_and_audit(fresh_app):
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["db", "is-empty"]).exit_code == 0
    result = runner.invoke(args=["users", "create", "jefa", "--nombre", "Jefa de Archivo",
                                 "--rol", "administrador", "--password", "una-contraseña-larga"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "x", "--nombre", "X", "--rol", "rey",
                                 "--password", "una-contraseña-larga"])
    assert result.exit_code != 0 and "rol" in result.output
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "íntegra" in result.output
    with fresh_app.app_context():
        from archivo.db import get_session

        assert get_session().scalar(select(Usuario.rol).where(Usuario.username == "jefa"))
        assert get_session().scalar(select(AuditEvent.action)) == "usuario.crear"


@pytest.mark.slow
def test_demo_load_builds_a_consistent_fondo(fresh_app):
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["db", "upgrade"])
    result = runner.invoke(args=["demo", "load", "--expedientes", "400"])
    assert result.exit_code == 0 and "400 expedientes" in result.output, result.output
    assert runner.invoke(args=["db", "is-empty"]).exit_code == 1
    assert "íntegra" in runner.invoke(args=["audit", "verify"]).output
