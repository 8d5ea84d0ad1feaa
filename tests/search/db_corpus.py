"""Search tests against the database: an isolated index and a corpus built by services."""

import io

import pytest

from archivo.disposals import execution
from archivo.holds import service as holds
from archivo.records import documentos
from archivo.records import service as records
from archivo.records.models import Expediente
from archivo.records.storage import FileStore
from archivo.search.outbox import enqueue
from archivo.search.service import EXTENSION, use_backend
from archivo.search.whoosh_backend import WhooshBackend
from archivo.uow import UnitOfWork
from tests import factories as f


@pytest.fixture
def index(app, db, tmp_path):
    """A fresh Whoosh index installed as this process's backend for the test."""
    backend = WhooshBackend(tmp_path / "index", build_procs=1)
    previous = app.extensions.get(EXTENSION)
    use_backend(app, backend)
    yield backend
    backend.close()
    if previous is None:
        app.extensions.pop(EXTENSION, None)
    else:
        app.extensions[EXTENSION] = previous


def _reservar(actor, exp_id):
    return records.classify_expediente(
        actor,
        exp_id,
        {
            "acceso": "reservada",
            "reserva_fecha_clasificacion": "2019-02-01",
            "reserva_plazo_anios": 5,
            "reserva_fundamento": "Artículo 113 fracción VI LGTAIP",
            "motivo": "Auditoría en curso",
        },
    )


def _baja(ctx, exp_id, store):
    u = ctx["users"]
    b = f.baja_dictaminada(ctx, [exp_id])
    return execution.execute_baja(
        u["concentracion2"],
        b.id,
        {
            "fecha": str(f.today()),
            "lugar": "Tepic, Nayarit",
            "metodo": "Trituración",
            "destino_papel": "Reciclaje",
            "metros_lineales": 0.5,
            "peso_kg": 12,
            "testigos": [
                {"nombre": "Ana Ruiz", "cargo": "OIC"},
                {"nombre": "Luis Soto", "cargo": "Jurídico"},
            ],
        },
        store=store,
    )


@pytest.fixture
def corpus(index, db, tmp_path):
    """Six expedientes covering every access class, stage, hold and attachment case.

    Keys: licitacion (pública, DA, 2015, attached text), papeleria (pública, DJ, 2019,
    concentración), auditoria (reservada, DJ, 2019), personal (confidencial, DA, 2012),
    arrendamiento (tombstone, 2008), nomina (pública, serie 4C.4 under a serie hold).
    """
    ctx = f.fondo_lifecycle()
    actor, u = ctx["actor"], ctx["users"]
    series, dj = ctx["series"], ctx["unidad2"]
    store = FileStore(tmp_path / "docs")
    out = {"ctx": ctx}
    out["licitacion"] = f.expediente(
        ctx,
        titulo="Licitación pública de vehículos oficiales",
        descripcion="Adquisición de camionetas para la Dirección",
        palabras_clave="flotilla, vehículos",
        fecha_apertura="2015-03-02",
    )
    documentos.add_documento(
        actor,
        out["licitacion"].id,
        "fallo.txt",
        io.BytesIO("Fallo del comité: gana Autos del Pacífico".encode()),
        store=store,
        max_bytes=10_000,
    )
    out["papeleria"] = f.in_concentracion(
        ctx,
        titulo="Compra de papelería y consumibles",
        unidad_id=dj.id,
        fecha_apertura="2019-01-10",
        cierre="2019-12-20",
        destino="conservacion",
    )
    out["auditoria"] = f.expediente(
        ctx,
        titulo="Auditoría a contratos de limpieza",
        unidad_id=dj.id,
        descripcion="Hallazgos de sobreprecio",
        fecha_apertura="2019-02-01",
    )
    _reservar(actor, out["auditoria"].id)
    out["personal"] = f.expediente(
        ctx,
        titulo="Expediente de Juan Pérez López",
        descripcion="Datos médicos",
        fecha_apertura="2012-06-01",
        acceso="confidencial",
        confidencial_fundamento="Artículo 116 LGTAIP",
    )
    out["arrendamiento"] = f.in_concentracion(
        ctx,
        titulo="Contratos de arrendamiento de bodegas",
        fecha_apertura="2008-03-02",
        cierre="2009-06-30",
    )
    out["baja"] = _baja(ctx, out["arrendamiento"].id, store)
    out["nomina"] = f.expediente(
        ctx,
        titulo="Nómina de la segunda quincena",
        serie_id=series["conservacion"].id,
        fecha_apertura="2016-05-15",
    )
    holds.place_hold(
        actor,
        {"expediente_id": out["auditoria"].id, "motivo": "auditoria", "referencia": "ASF-2019-17"},
    )
    holds.place_hold(
        actor,
        {
            "serie_id": series["conservacion"].id,
            "motivo": "juicio",
            "referencia": "Amparo 123/2024",
        },
    )
    out["ids"] = {k: v.id for k, v in out.items() if isinstance(v, Expediente)}
    out["users"] = u
    # f.in_concentracion moves files with plain SQL and serie holds do not queue their
    # expedientes: queue those like a use case would, then let the hook drain them.
    with UnitOfWork() as uow:
        enqueue(uow, [out["ids"]["papeleria"], out["ids"]["nomina"]])
        uow.commit()
    db.expire_all()
    return out
