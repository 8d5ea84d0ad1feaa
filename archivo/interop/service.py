"""Use cases of ISAD(G) descriptions: read one unit (derived + written), edit the written part."""

from sqlalchemy import select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.models import Fondo, Seccion, Serie
from archivo.db import get_session, utcnow
from archivo.errors import Conflict, NotFound
from archivo.interop import tree
from archivo.interop.description import Descripcion, from_expediente, from_nodo
from archivo.interop.models import ELEMENTOS, DescripcionIsad, Nivel
from archivo.interop.schemas import DescripcionInputSchema
from archivo.interop.visibility import holdings_filter
from archivo.records.models import Expediente
from archivo.uow import UnitOfWork, transactional

DERIVED = ("valoracion", "organizacion", "condiciones_acceso")
_MODELS = {Nivel.FONDO: Fondo, Nivel.SECCION: Seccion, Nivel.SERIE: Serie,
           Nivel.EXPEDIENTE: Expediente}


def parse_nivel(value: str) -> Nivel:
    """The level named in a URL, or NotFound."""
    try:
        return Nivel(value)
    except ValueError:
        raise NotFound("Nivel de descripción desconocido; use fondo, seccion, serie o "
                       "expediente.") from None


def stored(nivel: Nivel, objeto_id: int) -> DescripcionIsad | None:
    """The archivist's description row, if any."""
    return get_session().scalar(select(DescripcionIsad).where(
        DescripcionIsad.nivel == nivel, DescripcionIsad.objeto_id == objeto_id))


def describe(actor, nivel: Nivel, objeto_id: int) -> Descripcion:
    """The full description of one unit as the actor may see it (NotFound when hidden)."""
    if nivel != Nivel.EXPEDIENTE:
        _fondo, node = tree.load_scope(actor, nivel.value, objeto_id)
        return from_nodo(node)
    row = get_session().execute(
        select(*tree.expediente_columns()).join(
            tree.Unidad, tree.Unidad.id == Expediente.unidad_id)
        .where(Expediente.id == objeto_id, holdings_filter(actor))).one_or_none()
    if row is None:
        raise NotFound("El expediente no existe.")
    exp = get_session().get(Expediente, objeto_id)
    elems = tree.descripciones(Nivel.EXPEDIENTE, [objeto_id]).get(objeto_id)
    return from_expediente(actor, row, exp.regla, elems)


def as_dict(d: Descripcion, nivel: Nivel, version: int | None) -> dict:
    """The API shape of a description."""
    return {
        "nivel": nivel, "objeto_id": d.id, "referencia": d.referencia, "titulo": d.titulo,
        "fechas": d.fechas, "volumen": d.volumen, "productor": d.productor,
        "derivados": {k: d.elementos.get(k) for k in DERIVED},
        "elementos": {k: d.elementos.get(k) for k in ELEMENTOS}, "version": version,
    }


def get_description(actor, nivel: Nivel, objeto_id: int) -> dict:
    """Read use case: the description plus the version to send back when editing."""
    row = stored(nivel, objeto_id)
    return as_dict(describe(actor, nivel, objeto_id), nivel, row.version_id if row else None)


@transactional
def update_description(actor, nivel: Nivel, objeto_id: int, data: dict, *, uow: UnitOfWork,
                       expected_version: int | None = None) -> DescripcionIsad:
    """Write the archivist's ISAD(G) elements of one unit (fields not sent stay as they are)."""
    obj = uow.session.get(_MODELS[nivel], objeto_id)
    if obj is None:
        raise NotFound("La unidad de descripción no existe.")
    policies.require(actor, "description.write")
    values = {k: (v or None) for k, v in DescripcionInputSchema().load(data).items()}
    row = stored(nivel, objeto_id)
    if row is None:
        row = DescripcionIsad(nivel=nivel, objeto_id=objeto_id)
        uow.session.add(row)
    elif expected_version is not None and expected_version != row.version_id:
        raise Conflict("Otra persona modificó esta descripción mientras usted la editaba; "
                       "recargue y vuelva a intentarlo.")
    before = {k: getattr(row, k) for k in ELEMENTOS}
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_by_id = actor.id
    if nivel == Nivel.EXPEDIENTE:
        # The OAI-PMH datestamp of a record is its expediente's updated_at: a new
        # description must reach harvesters as a changed record.
        obj.updated_at = utcnow()
    uow.session.flush()
    audit.record(uow, actor, "descripcion.editar", nivel.value, objeto_id, before=before,
                 after={k: getattr(row, k) for k in ELEMENTOS})
    return row
