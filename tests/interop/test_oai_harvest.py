"""A real OAI-PMH client (Sickle) harvests the demo fondo from a live server."""

import threading

import pytest
from sickle import Sickle
from sickle.oaiexceptions import IdDoesNotExist
from sqlalchemy import select, update
from werkzeug.serving import make_server

import archivo.models  # noqa: F401
from archivo import create_app
from archivo.audit.models import AuditHead
from archivo.audit.service import GENESIS
from archivo.catalog.enums import Acceso
from archivo.db import Base, Session_, get_session, make_engine, session_factory
from archivo.demo import load_demo
from archivo.records.enums import Etapa
from archivo.records.models import Expediente

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live_oai(tmp_path_factory, database_url):
    """The demo fondo on a database of its own, really committed, served over HTTP.

    One server for the module: the harvests only read.
    """
    tmp_path = tmp_path_factory.mktemp("oai")
    if database_url.startswith("postgresql"):
        engine = make_engine(database_url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS oai_harvest CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA oai_harvest")
        engine.dispose()
        engine = make_engine(database_url,
                             connect_args={"options": "-csearch_path=oai_harvest"})
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'oai.sqlite3'}")
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(AuditHead.__table__.insert().values(id=1, seq=0, hash=GENESIS))
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "h" * 40, "TESTING": True,
                      "OAI_PAGE_SIZE": 37, "OAI_REPOSITORY_ID": "demo.archivo",
                      "SEARCH_SYNC_INLINE": True},
                     engine=engine)
    with app.app_context():
        load_demo(n_expedientes=400, seed=7, echo=lambda *_: None)
        session = get_session()
        # Two public expedientes disposed: they must come back as deleted records.
        disposed = session.scalars(select(Expediente.id).where(
            Expediente.acceso == Acceso.PUBLICA).order_by(Expediente.id).limit(2)).all()
        session.execute(update(Expediente).where(Expediente.id.in_(disposed))
                        .values(etapa=Etapa.BAJA))
        session.commit()
        public = set(session.scalars(select(Expediente.id).where(
            Expediente.acceso == Acceso.PUBLICA)))
        hidden = set(session.scalars(select(Expediente.id).where(
            Expediente.acceso != Acceso.PUBLICA)))
        Session_.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_port}/oai", "public": public,
               "hidden": hidden, "disposed": set(disposed)}
    finally:
        server.shutdown()
        thread.join()
        Session_.remove()
        engine.dispose()
        session_factory.configure(bind=None)


def _local(identifier: str) -> int:
    return int(identifier.rsplit("/", 1)[1])


def test_full_harvest_returns_every_public_record_exactly_once(live_oai):
    assert live_oai["hidden"], "the demo must include reserved/confidential expedientes"
    client = Sickle(live_oai["url"])
    records = list(client.ListRecords(metadataPrefix="oai_dc"))
    ids = [_local(r.header.identifier) for r in records]
    assert len(ids) == len(set(ids))
    assert set(ids) == live_oai["public"]
    deleted = {_local(r.header.identifier) for r in records if r.header.deleted}
    assert deleted == live_oai["disposed"]
    live = next(r for r in records if not r.header.deleted)
    assert live.metadata["title"] and live.metadata["publisher"]


def test_harvest_by_set_and_ead_and_identify(live_oai):
    client = Sickle(live_oai["url"])
    identify = client.Identify()
    assert identify.deletedRecord == "persistent"
    sets = list(client.ListSets())
    series = [s.setSpec for s in sets if s.setSpec.count(":") == 2]
    by_set = set()
    for spec in series:
        try:
            by_set |= {_local(h.identifier) for h in client.ListIdentifiers(
                metadataPrefix="oai_dc", set=spec)}
        except Exception as exc:  # noqa: BLE001 - an empty serie answers noRecordsMatch
            assert type(exc).__name__ == "NoRecordsMatch"
    assert by_set == live_oai["public"]
    ead = list(client.ListRecords(metadataPrefix="ead", ignore_deleted=True))
    assert len(ead) == len(live_oai["public"] - live_oai["disposed"])


def test_confidential_identifier_is_unknown_to_the_client(live_oai):
    client = Sickle(live_oai["url"])
    secret = min(live_oai["hidden"])
    with pytest.raises(IdDoesNotExist):
        client.GetRecord(identifier=f"oai:demo.archivo:expediente/{secret}",
                         metadataPrefix="oai_dc")


def test_harvest_over_post_matches_get(live_oai):
    # OAI-PMH 2.0 §3.1.1: POST with form-encoded arguments must be supported too.
    client = Sickle(live_oai["url"], http_method="POST")
    ids = [_local(h.identifier) for h in client.ListIdentifiers(metadataPrefix="oai_dc")]
    assert len(ids) == len(set(ids)) and set(ids) == live_oai["public"]
