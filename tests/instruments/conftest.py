"""A fondo with expedientes, a primary transfer and an executed baja, built through services."""

import pytest

from archivo.disposals import execution
from archivo.records import service as records
from archivo.records.storage import FileStore
from archivo.transfers import service as transfers
from tests import factories as f

HOSTILE = "<b>Contrato & anexo</b> «Ñandú» 🚀 עברית " + "Supercalifragilístico" * 6


@pytest.fixture
def world(db, tmp_path):
    """Everything the instruments print, with one hostile title among the expedientes."""
    ctx = f.fondo_lifecycle()
    u = ctx["users"]
    tramite = [f.closed_expediente(ctx, titulo=f"Contratación de personal eventual {i}",
                                   fecha_apertura=f"2015-0{i + 1}-02", cierre="2016-06-30")
               for i in range(3)]
    hostile = f.closed_expediente(ctx, titulo=HOSTILE, descripcion="Línea 1\nLínea 2 & <i>x</i>",
                                  fecha_apertura="2014-01-10")
    reservado = f.expediente(ctx, titulo="Auditoría al ejercicio 2023", fecha_apertura="2024-01-05")
    records.classify_expediente(ctx["actor"], reservado.id, {
        "acceso": "reservada", "reserva_fecha_clasificacion": str(f.today()),
        "reserva_plazo_anios": 3, "reserva_fundamento": "Art. 113, fr. VI, LGTAIP",
        "reserva_area": "Órgano Interno de Control", "reserva_partes": "Anexos 3 a 5",
        "motivo": "Auditoría en curso"})
    transfer = transfers.create_transfer(u["tramite"], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id,
        "expediente_ids": [tramite[0].id, tramite[1].id]})
    old = [f.in_concentracion(ctx, titulo=f"Nómina quincenal {i}", cierre="2010-06-30")
           for i in range(2)]
    baja = f.baja_dictaminada(ctx, [e.id for e in old])
    execution.execute_baja(u["concentracion2"], baja.id, {
        "fecha": str(f.today()), "lugar": "Tepic, Nayarit", "metodo": "Trituración",
        "destino_papel": "Reciclaje", "metros_lineales": 1.5, "peso_kg": 42.5,
        "testigos": [{"nombre": "Ana Ruiz", "cargo": "Contraloría"},
                     {"nombre": "Luis Soto", "cargo": "Jurídico"}]}, store=FileStore(tmp_path))
    return {**ctx, "tramite": tramite, "hostile": hostile, "reservado": reservado,
            "transfer": transfer, "baja": baja, "old": old}


@pytest.fixture(autouse=True)
def fresh_rate_limit(app):
    """Each test starts with a full public download allowance (the app lives all session)."""
    from archivo.instruments.api import _BUCKET

    app.extensions.pop(_BUCKET, None)
    yield
    app.extensions.pop(_BUCKET, None)
