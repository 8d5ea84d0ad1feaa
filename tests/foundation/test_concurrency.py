"""Concurrent creation: keys stay unique and consecutive, the audit chain stays linear."""

import threading

import pytest
from sqlalchemy import select

import archivo.models  # noqa: F401
from archivo import create_app
from archivo.audit.models import AuditHead
from archivo.audit.service import GENESIS, verify_chain
from archivo.db import Base, Session_, get_session, make_engine, session_factory
from archivo.records.models import Expediente
from tests import factories as f


@pytest.fixture
def committed_app(tmp_path, database_url):
    """An app on its own database where every use case really commits."""
    if database_url.startswith("postgresql"):
        engine = make_engine(database_url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS conc CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA conc")
        engine.dispose()
        engine = make_engine(database_url, connect_args={"options": "-csearch_path=conc"})
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'conc.sqlite3'}")
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "z" * 40}, engine=engine)
    yield app
    Session_.remove()
    engine.dispose()
    session_factory.configure(bind=None)


def test_parallel_creation_gets_distinct_consecutive_keys(committed_app):
    with committed_app.app_context():
        ctx = f.fondo()
        ids = {"fondo": ctx["fondo"].id, "serie": ctx["serie"].id,
               "unidad": ctx["unidad"].id, "actor": ctx["actor"].id}
        Session_.remove()
    errors = []

    def worker():
        with committed_app.app_context():
            try:
                from archivo.auth.models import Usuario

                actor = get_session().get(Usuario, ids["actor"])
                for _ in range(5):
                    f.expediente({"fondo": type("F", (), {"id": ids["fondo"]}),
                                  "serie": type("S", (), {"id": ids["serie"]}),
                                  "unidad": type("U", (), {"id": ids["unidad"]}),
                                  "actor": actor})
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                Session_.remove()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with committed_app.app_context():
        consecutivos = sorted(get_session().scalars(select(Expediente.consecutivo)))
        assert consecutivos == list(range(1, 31))
        assert verify_chain().ok
        Session_.remove()
