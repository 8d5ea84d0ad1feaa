"""A fondo described for the histórico: descriptions, public/reserved/confidential
expedientes, a subserie, a disposed expediente, and hostile strings in every field."""

import pytest
from sqlalchemy import update

from archivo.catalog import service as catalog
from archivo.db import get_session
from archivo.interop.models import Nivel
from archivo.interop.service import update_description
from archivo.records import service as records
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from tests import factories

# Markup, an entity, a CDATA end, XML-illegal controls, a non-character, emoji, accents.
HOSTILE = ("<script>alert('x')</script> & &amp; ]]> \x01\x08\x0b\x1f\x7f \ufffe "
           "🗄️📜 «Año» ñandú \"comillas\"")


def describe_all(actor, nivel, objeto_id, text="Texto"):
    """Fill every archivist element of one unit with `text`-based content."""
    from archivo.interop.models import ELEMENTOS

    data = {name: f"{text} ({name})" for name in ELEMENTOS}
    return update_description(actor, nivel, objeto_id, data)


@pytest.fixture
def described(db):
    """The factories' fondo plus subseries, mixed access, a tombstone and descriptions."""
    ctx = factories.fondo_lifecycle()
    actor = ctx["actor"]
    sec = ctx["seccion"]
    sub = catalog.create_serie(actor, ctx["fondo"].id, {"codigo": "4C.4.1",
                                                        "nombre": "Subserie de prueba"})
    from archivo.catalog import cadido

    v = cadido.create_version(actor, ctx["fondo"].id, {})
    cadido.set_regla(actor, v.id, factories.regla_data(sub.id, destino="conservacion",
                                                       valores_secundarios=["evidencial"]))
    cadido.approve_version(actor, v.id, {"fecha_aprobacion": "2024-06-01", "acta_gi": "GI/2"})
    public = [factories.closed_expediente(ctx, titulo=f"Nómina quincenal {i}",
                                          descripcion="Recibos de nómina")
              for i in range(3)]
    public.append(factories.expediente(ctx, serie_id=sub.id, titulo="Expediente de subserie"))
    reservada = records.create_expediente(actor, ctx["fondo"].id, {
        "serie_id": ctx["serie"].id, "unidad_id": ctx["unidad"].id,
        "titulo": "Auditoría en curso", "fecha_apertura": "2016-01-10", "acceso": "reservada",
        "reserva_fecha_clasificacion": "2016-01-10", "reserva_plazo_anios": 5,
        "reserva_fundamento": "Art. 113 LGTAIP", "reserva_area": "Contraloría"})
    confidencial = records.create_expediente(actor, ctx["fondo"].id, {
        "serie_id": ctx["serie"].id, "unidad_id": ctx["unidad"].id,
        "titulo": "Expediente clínico de Juana Pérez", "fecha_apertura": "2016-02-10",
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP"})
    baja = factories.closed_expediente(ctx, titulo="Expediente destruido")
    get_session().execute(update(Expediente).where(Expediente.id == baja.id)
                          .values(etapa=Etapa.BAJA))
    get_session().flush()
    describe_all(actor, Nivel.FONDO, ctx["fondo"].id, "Historia del instituto")
    describe_all(actor, Nivel.SECCION, sec.id)
    describe_all(actor, Nivel.SERIE, ctx["serie"].id)
    describe_all(actor, Nivel.EXPEDIENTE, public[0].id)
    describe_all(actor, Nivel.EXPEDIENTE, confidencial.id, "Secreto")
    return {**ctx, "subserie": sub, "public": public, "reservada": reservada,
            "confidencial": confidencial, "baja": baja}


@pytest.fixture
def hostile(db):
    """A fondo where every free-text field, at every level, holds HOSTILE."""
    ctx = factories.fondo(clave="HOST")
    actor = ctx["actor"]
    catalog.update_fondo(actor, ctx["fondo"].id, {"nombre": "Fondo " + HOSTILE[:200]})
    exp = factories.closed_expediente(ctx, titulo=HOSTILE, descripcion=HOSTILE,
                                      palabras_clave=HOSTILE)
    for nivel, oid in ((Nivel.FONDO, ctx["fondo"].id), (Nivel.SECCION, ctx["seccion"].id),
                       (Nivel.SERIE, ctx["serie"].id), (Nivel.EXPEDIENTE, exp.id)):
        describe_all(actor, nivel, oid, HOSTILE)
    return {**ctx, "expediente": exp}
