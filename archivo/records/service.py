"""Use cases of expedientes: open, edit, close, relocate, reclassify, list."""

import datetime as dt

from sqlalchemy import and_, case, func, literal, or_, select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog import service as catalog
from archivo.catalog.cadido import regla_vigente
from archivo.catalog.enums import Acceso
from archivo.catalog.models import Fondo, Serie
from archivo.catalog.rules import normalize_code
from archivo.db import get_session, utcnow
from archivo.errors import Conflict, DomainError, InvalidTransition, NotFound
from archivo.interop.visibility import CONFIDENTIAL_TITLE, content_readable, hidden_accesos
from archivo.records.enums import Etapa, Soporte
from archivo.records.keys import next_consecutivo, parse_consecutivo, raise_counter
from archivo.records.models import Expediente
from archivo.records.policies import as_listed, require_expediente_read
from archivo.records.rules import due_dates, format_key
from archivo.records.schemas import (
    ClassifySchema,
    CloseSchema,
    ExpedienteInputSchema,
    ExpedienteQuerySchema,
    ExpedienteUpdateSchema,
    LocationSchema,
)
from archivo.search.outbox import enqueue
from archivo.uow import UnitOfWork, transactional

CONTENT_FIELDS = ("titulo", "descripcion", "palabras_clave", "fecha_apertura", "soporte",
                  "legajos", "violaciones_ddhh")
LOCATION_FIELDS = ("archivo_id", "ubicacion_edificio", "ubicacion_estante", "ubicacion_caja",
                   "ubicacion_digital")
CLASSIFICATION_FIELDS = ("acceso", "reserva_fecha_clasificacion", "reserva_plazo_anios",
                         "reserva_prorroga_anios", "reserva_fundamento", "reserva_area",
                         "reserva_partes", "confidencial_fundamento",
                         "datos_personales_sensibles")


def snapshot(exp: Expediente, names=None) -> dict:
    """The audited view of an expediente."""
    names = names or ("clave", "etapa", *CONTENT_FIELDS, "fecha_cierre", "fojas",
                      *LOCATION_FIELDS, *CLASSIFICATION_FIELDS, "regla_id",
                      "vence_transferencia_primaria", "vence_destino_final")
    return {n: getattr(exp, n) for n in names}


def load_expediente(expediente_id: int, session=None) -> Expediente:
    """An expediente by id or NotFound (no access check: callers authorise)."""
    exp = (session or get_session()).get(Expediente, expediente_id)
    if exp is None:
        raise NotFound("El expediente no existe.")
    return exp


def get_expediente(actor, expediente_id: int) -> Expediente:
    """An expediente for a signed-in user who may read it (the public uses the public lookup).

    A confidential one needs `read.confidential`: its title often names the person it
    protects.
    """
    policies.require(actor, "read")
    exp = load_expediente(expediente_id)
    require_expediente_read(actor, exp)
    return exp


def _check_version(exp: Expediente, expected: int | None) -> None:
    if expected is not None and expected != exp.version_id:
        raise Conflict("Otra persona modificó el expediente mientras usted lo editaba; "
                       "recargue y vuelva a intentarlo.")


def _require_open(exp: Expediente) -> None:
    if exp.closed_at is not None:
        raise InvalidTransition(
            "El expediente {clave} está cerrado: su contenido ya no se puede modificar.",
            clave=exp.clave)


def _leaf_serie(fondo_id: int, serie_id: int) -> Serie:
    serie = get_session().get(Serie, serie_id)
    if serie is None or serie.fondo_id != fondo_id:
        raise DomainError("La serie no existe en este fondo.", field="serie_id")
    if catalog.has_subseries(serie.id):
        raise DomainError("La serie {codigo} está dividida en subseries: clasifique el "
                          "expediente en una subserie.", field="serie_id", codigo=serie.codigo)
    return serie


@transactional
def create_expediente(actor, fondo_id: int, data: dict, *, uow: UnitOfWork) -> Expediente:
    """Open an expediente; its key follows the fondo's format with the next consecutive."""
    values = ExpedienteInputSchema().load(data)
    policies.require(actor, "expediente.write", unidad_id=values["unidad_id"])
    session = uow.session
    fondo = session.get(Fondo, fondo_id)
    if fondo is None:
        raise NotFound("El fondo no existe.")
    serie = _leaf_serie(fondo_id, values["serie_id"])
    unidad = catalog.get_unidad(values["unidad_id"])
    if unidad.fondo_id != fondo_id or not unidad.activa:
        raise DomainError("La unidad no existe o no está activa en este fondo.",
                          field="unidad_id")
    if values["acceso"] is None:
        regla = regla_vigente(serie.id)
        if regla is not None and regla.acceso != Acceso.PUBLICA:
            # The catalogue's default needs grounds (fundamento, plazo) typed by a person.
            raise DomainError("La serie {codigo} se clasifica como {acceso} en el catálogo: "
                              "indique la clasificación y su fundamento.", field="acceso",
                              codigo=serie.codigo, acceso=regla.acceso.value)
        values["acceso"] = Acceso.PUBLICA
    anio = values["fecha_apertura"].year
    clave = values.pop("clave")
    if clave:
        if session.scalar(select(Expediente.id).where(
                Expediente.fondo_id == fondo_id, Expediente.clave == clave)):
            raise DomainError("Ya existe un expediente con la clave {clave}.", field="clave",
                              clave=clave)
        consecutivo = parse_consecutivo(fondo.key_format, clave)
        if consecutivo:
            raise_counter(session, serie.id, anio, consecutivo)
        else:
            consecutivo = next_consecutivo(session, serie.id, anio)
    else:
        clave, consecutivo = _new_key(session, fondo, serie, unidad, anio)
    exp = Expediente(fondo_id=fondo_id, clave=clave, consecutivo=consecutivo, anio=anio,
                     created_by_id=getattr(actor, "id", None), etapa=Etapa.TRAMITE, **values)
    session.add(exp)
    session.flush()
    audit.record(uow, actor, "expediente.abrir", "expediente", exp.id, after=snapshot(exp))
    enqueue(uow, [exp.id])
    return exp


def _new_key(session, fondo: Fondo, serie: Serie, unidad, anio: int) -> tuple[str, int]:
    """Next free key; skips values already taken by keys loaded from old inventories."""
    while True:
        consecutivo = next_consecutivo(session, serie.id, anio)
        clave = format_key(fondo.key_format, fondo=fondo.clave, seccion=serie.seccion.codigo,
                           serie=serie.codigo, consecutivo=consecutivo, anio=anio,
                           unidad=unidad.clave)
        taken = session.scalar(select(Expediente.id).where(
            Expediente.fondo_id == fondo.id, Expediente.clave == clave))
        if not taken:
            return clave, consecutivo


@transactional
def update_expediente(actor, expediente_id: int, data: dict, *, uow: UnitOfWork,
                      expected_version: int | None = None) -> Expediente:
    """Edit the content of an open expediente."""
    exp = load_expediente(expediente_id, uow.session)
    policies.require(actor, "expediente.write", unidad_id=exp.unidad_id)
    _check_version(exp, expected_version)
    _require_open(exp)
    values = ExpedienteUpdateSchema().load(data)
    before = snapshot(exp, CONTENT_FIELDS)
    for key, value in values.items():
        setattr(exp, key, value)
    uow.session.flush()
    audit.record(uow, actor, "expediente.editar", "expediente", exp.id, before=before,
                 after=snapshot(exp, CONTENT_FIELDS))
    enqueue(uow, [exp.id])
    return exp


@transactional
def close_expediente(actor, expediente_id: int, data: dict, *, uow: UnitOfWork,
                     expected_version: int | None = None) -> Expediente:
    """Close: freeze the content, bind the CADIDO rule in force and derive the due dates."""
    exp = load_expediente(expediente_id, uow.session)
    policies.require(actor, "expediente.write", unidad_id=exp.unidad_id)
    _check_version(exp, expected_version)
    _require_open(exp)
    values = CloseSchema().load(data)
    if values["fojas"] == 0 and exp.soporte != Soporte.ELECTRONICO:
        raise DomainError("Un expediente con soporte en papel tiene al menos una foja.",
                          field="fojas")
    if values["fecha_cierre"] < exp.fecha_apertura:
        raise DomainError("La fecha de cierre no puede ser anterior a la de apertura ({fecha}).",
                          field="fecha_cierre", fecha=exp.fecha_apertura)
    regla = regla_vigente(exp.serie_id)
    if regla is None:
        raise DomainError("La serie {codigo} no tiene regla en el catálogo de disposición "
                          "documental vigente; no se pueden calcular sus plazos.",
                          codigo=exp.serie.codigo)
    before = snapshot(exp)
    exp.fecha_cierre = values["fecha_cierre"]
    exp.fojas = values["fojas"]
    if values["legajos"]:
        exp.legajos = values["legajos"]
    exp.regla_id = regla.id
    exp.vence_transferencia_primaria, exp.vence_destino_final = due_dates(
        exp.fecha_cierre, regla.plazo_tramite, regla.plazo_concentracion)
    exp.closed_at = utcnow()
    exp.closed_by_id = getattr(actor, "id", None)
    uow.session.flush()
    audit.record(uow, actor, "expediente.cerrar", "expediente", exp.id, before=before,
                 after=snapshot(exp))
    enqueue(uow, [exp.id])
    return exp


@transactional
def relocate_expediente(actor, expediente_id: int, data: dict, *, uow: UnitOfWork) -> Expediente:
    """Record where the expediente is (allowed after closing; audited)."""
    exp = load_expediente(expediente_id, uow.session)
    # A responsable de trámite keeps to their unit's files wherever they are stored.
    policies.require(actor, "expediente.location", unidad_id=exp.unidad_id)
    if exp.etapa == Etapa.BAJA:
        raise InvalidTransition("El expediente {clave} fue dado de baja.", clave=exp.clave)
    values = LocationSchema().load(data)
    before = snapshot(exp, LOCATION_FIELDS)
    for key, value in values.items():
        setattr(exp, key, value)
    uow.session.flush()
    audit.record(uow, actor, "expediente.ubicar", "expediente", exp.id, before=before,
                 after=snapshot(exp, LOCATION_FIELDS))
    return exp


@transactional
def classify_expediente(actor, expediente_id: int, data: dict, *, uow: UnitOfWork) -> Expediente:
    """Change the access classification (reserve, confidentiality) with a reason; audited."""
    exp = load_expediente(expediente_id, uow.session)
    policies.require(actor, "expediente.classify", unidad_id=exp.unidad_id)
    if exp.etapa == Etapa.BAJA:
        raise InvalidTransition("El expediente {clave} fue dado de baja.", clave=exp.clave)
    values = ClassifySchema().load(data)
    motivo = values.pop("motivo")
    before = snapshot(exp, CLASSIFICATION_FIELDS)
    if values["acceso"] != Acceso.RESERVADA:
        for name in ("reserva_fecha_clasificacion", "reserva_plazo_anios",
                     "reserva_prorroga_anios", "reserva_fundamento", "reserva_partes"):
            values[name] = None
    if values["acceso"] != Acceso.CONFIDENCIAL:
        values["confidencial_fundamento"] = None
    for key, value in values.items():
        setattr(exp, key, value)
    uow.session.flush()
    audit.record(uow, actor, "expediente.clasificar", "expediente", exp.id, before=before,
                 after={**snapshot(exp, CLASSIFICATION_FIELDS), "motivo": motivo})
    enqueue(uow, [exp.id])
    return exp


SORTS = {
    "id": Expediente.id.asc(), "-id": Expediente.id.desc(),
    "clave": Expediente.clave.asc(), "-clave": Expediente.clave.desc(),
    "fecha_apertura": Expediente.fecha_apertura.asc(),
    "-fecha_apertura": Expediente.fecha_apertura.desc(),
    "fecha_cierre": Expediente.fecha_cierre.asc(),
    "-fecha_cierre": Expediente.fecha_cierre.desc(),
    "titulo": Expediente.titulo.asc(),
}


def list_expedientes(actor, params: dict) -> tuple[list[Expediente], int, dict]:
    """Filtered, paged list for staff: (items, total, the loaded filters).

    Expedientes whose content the actor may not read (confidential ones without
    `read.confidential`) are listed, so counts stay truthful, but masked: the title is
    a placeholder, and neither `q=` nor the title order can reveal their words.
    """
    policies.require(actor, "read")
    q = ExpedienteQuerySchema().load(params)
    stmt = select(Expediente)
    conditions = []
    for name in ("fondo_id", "serie_id", "unidad_id", "etapa", "acceso", "anio"):
        if q[name] is not None:
            conditions.append(getattr(Expediente, name) == q[name])
    if q["seccion_id"] is not None:
        conditions.append(Expediente.serie_id.in_(
            select(Serie.id).where(Serie.seccion_id == q["seccion_id"])))
    if q["abierto"] is not None:
        conditions.append(Expediente.closed_at.is_(None) if q["abierto"]
                          else Expediente.closed_at.is_not(None))
    if q["clave"]:
        conditions.append(Expediente.clave.startswith(q["clave"], autoescape=True))
    if q["q"]:
        like = f"%{q['q']}%"
        conditions.append(or_(and_(content_readable(actor), Expediente.titulo.ilike(like)),
                              Expediente.clave.ilike(like)))
    order = SORTS[q["orden"]]
    hidden = hidden_accesos(actor)
    if q["orden"] == "titulo" and hidden:
        # Sorting by the real title would place a masked row where its words fall.
        order = case((Expediente.acceso.in_(sorted(hidden)), literal(CONFIDENTIAL_TITLE)),
                     else_=Expediente.titulo).asc()
    session = get_session()
    total = session.scalar(select(func.count()).select_from(Expediente).where(*conditions))
    rows = session.scalars(
        stmt.where(*conditions).order_by(order, Expediente.id.desc())
        .limit(q["per_page"]).offset((q["page"] - 1) * q["per_page"])).all()
    return [as_listed(actor, exp) for exp in rows], total, q


def find_by_clave(fondo_id: int, clave: str) -> Expediente | None:
    """Exact key lookup."""
    return get_session().scalar(select(Expediente).where(
        Expediente.fondo_id == fondo_id, Expediente.clave == clave.strip()))


def serie_by_code(fondo_id: int, codigo: str) -> Serie | None:
    """Serie lookup by code in normalised form (for imports and the CLI)."""
    return get_session().scalar(select(Serie).where(
        Serie.fondo_id == fondo_id, Serie.codigo_norm == normalize_code(codigo)))


def due_in(fondo_id: int, start: dt.date, end: dt.date) -> list[Expediente]:
    """Closed expedientes whose primary transfer or destino final falls in [start, end]."""
    return list(get_session().scalars(select(Expediente).where(
        Expediente.fondo_id == fondo_id, Expediente.etapa != Etapa.BAJA,
        or_(Expediente.vence_transferencia_primaria.between(start, end),
            Expediente.vence_destino_final.between(start, end)))))
