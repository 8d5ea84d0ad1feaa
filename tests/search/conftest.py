"""Fixtures for the search tests: documents, a Whoosh index in tmp_path, and
`any_backend`/`any_loaded`, which run a test on every backend: Whoosh always,
PostgreSQL when ARCHIVO_TEST_DATABASE_URL points at PostgreSQL (skipped otherwise).
"""

from datetime import date

import pytest

from archivo.search.backend import SearchDocument
from archivo.search.whoosh_backend import WhooshBackend


def make_doc(id, **kw):
    """A pública expediente in trámite, overridable field by field."""
    base = dict(
        clave=f"IEEN/6C/6C.12/{id:03d}/2008",
        titulo=f"Expediente {id}",
        serie_codigo="6C.12",
        serie_nombre="Adquisiciones",
        seccion_codigo="6C",
        seccion_nombre="Recursos materiales y obra pública",
        unidad_clave="DA",
        unidad_nombre="Dirección de Administración",
        fecha_apertura=date(2008, 1, 1),
    )
    base.update(kw)
    return SearchDocument(id=id, **base)


DOCS = [
    make_doc(1, titulo="Licitación pública de obras del edificio central",
             descripcion="Contratos de obra y estimaciones", fecha_apertura=date(2008, 2, 1),
             fecha_cierre=date(2008, 12, 1)),
    make_doc(2, titulo="Licitaciones de papelería", descripcion="Compra de papel",
             fecha_apertura=date(2009, 5, 1), etapa="concentracion"),
    make_doc(3, titulo="Licitacion de vehículos", descripcion="Adquisición de camionetas",
             fecha_apertura=date(2010, 3, 1), unidad_clave="DJ",
             unidad_nombre="Dirección Jurídica"),
    make_doc(4, clave="IEEN/4C/04C.03/001/2011", titulo="Nómina de la quincena",
             descripcion="Pago de nómina al personal", serie_codigo="04C.03",
             serie_nombre="Nómina", seccion_codigo="4C", seccion_nombre="Recursos humanos",
             fecha_apertura=date(2011, 1, 15)),
    make_doc(5, clave="IEEN/4C/4C.3.1/002/2012", titulo="Expediente de Juan Pérez López",
             descripcion="Datos personales y médicos", serie_codigo="4C.3.1",
             serie_nombre="Expedientes de personal", seccion_codigo="4C",
             acceso="confidencial", fundamento="Artículo 116 LGTAIP",
             documentos_texto="CURP PELJ800101 domicilio particular",
             fecha_apertura=date(2012, 6, 1)),
    make_doc(6, titulo="Auditoría a contratos de limpieza",
             descripcion="Hallazgos sobre sobreprecio en el servicio de limpieza",
             acceso="reservada", titulo_publico="Auditoría a contratos de servicios",
             reserva_inicio=date(2013, 1, 1), reserva_fin=date(2018, 1, 1),
             fundamento="Artículo 113 fracción VI LGTAIP", fecha_apertura=date(2013, 1, 1),
             holds=["auditoria"], unidad_clave="OIC", unidad_nombre="Órgano Interno de Control"),
    make_doc(7, titulo="Contratos de arrendamiento de bodegas", descripcion="Arrendamiento",
             etapa="baja", acta_baja="AB-0042-20", dictamen_baja="DV/007/2020",
             fecha_baja=date(2020, 6, 30), fecha_apertura=date(2005, 4, 1),
             fecha_cierre=date(2006, 4, 1)),
    make_doc(8, titulo="Decisión del consejo sobre obras", descripcion="Acuerdo de decisiones",
             documentos_texto="El consejo aprobó el presupuesto de infraestructura",
             fecha_apertura=date(2014, 9, 9), etapa="historico"),
]  # fmt: skip


@pytest.fixture
def backend(tmp_path):
    """An empty single-process index."""
    b = WhooshBackend(tmp_path / "index", build_procs=1)
    yield b
    b.close()


@pytest.fixture
def loaded(backend):
    """The index with DOCS."""
    backend.index(DOCS)
    return backend


def clear_pg_search(engine) -> None:
    """Empty the PostgreSQL search tables (they are committed, not rolled back)."""
    from archivo.search import pg_schema

    with engine.begin() as conn:
        pg_schema.create_schema(conn)
        build = [t + pg_schema.BUILD_SUFFIX for t in (pg_schema.DOCS, pg_schema.PAYLOADS,
                                                       pg_schema.WORDS)]  # fmt: skip
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {', '.join(build)}")
        tables = [t.name for t in pg_schema.metadata.sorted_tables]
        conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)}")


@pytest.fixture
def pg_backend(request):
    """An empty PostgresBackend on the test database, or a skip on SQLite."""
    engine = request.getfixturevalue("engine")
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL backend: set ARCHIVO_TEST_DATABASE_URL to a PostgreSQL URL")
    from archivo.search.pg_backend import PostgresBackend

    clear_pg_search(engine)
    b = PostgresBackend(engine)
    yield b
    b.close()
    clear_pg_search(engine)


@pytest.fixture(params=["whoosh", "postgres"])
def any_backend(request):
    """Each backend in turn, empty."""
    if request.param == "whoosh":
        return request.getfixturevalue("backend")
    return request.getfixturevalue("pg_backend")


@pytest.fixture
def any_loaded(any_backend):
    """Each backend in turn, with DOCS."""
    any_backend.index(DOCS)
    return any_backend
