"""Use cases of the fondo, its unidades and archives, and the CGCA (secciones, series)."""

from sqlalchemy import func, select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.enums import TipoArchivo, TipoSeccion
from archivo.catalog.models import ArchivoSede, Fondo, Seccion, Serie, UnidadAdministrativa
from archivo.catalog.rules import normalize_code, parent_code
from archivo.catalog.schemas import (
    ArchivoInputSchema,
    FondoInputSchema,
    SeccionInputSchema,
    SeccionUpdateSchema,
    SerieInputSchema,
    SerieUpdateSchema,
    UnidadInputSchema,
)
from archivo.db import get_session
from archivo.errors import DomainError, NotFound
from archivo.uow import UnitOfWork, transactional


def _snapshot(obj, names) -> dict:
    return {n: getattr(obj, n) for n in names}


def get_fondo(fondo_id: int) -> Fondo:
    """A fondo or NotFound."""
    fondo = get_session().get(Fondo, fondo_id)
    if fondo is None:
        raise NotFound("El fondo no existe.")
    return fondo


def default_fondo() -> Fondo | None:
    """The first fondo (most installations manage exactly one)."""
    return get_session().scalar(select(Fondo).order_by(Fondo.id).limit(1))


def list_fondos() -> list[Fondo]:
    """All fondos."""
    return list(get_session().scalars(select(Fondo).order_by(Fondo.id)))


FONDO_FIELDS = ("clave", "nombre", "direccion", "telefono", "email", "key_format",
                "autoridad_archivistica")


@transactional
def create_fondo(actor, data: dict, *, uow: UnitOfWork, bootstrap: bool = False) -> Fondo:
    """Register the sujeto obligado."""
    if not bootstrap:
        policies.require(actor, "fondo.write")
    values = {k: v for k, v in FondoInputSchema().load(data).items() if v is not None}
    if uow.session.scalar(select(Fondo.id).where(Fondo.clave == values["clave"])):
        raise DomainError("Ya existe un fondo con esa clave.", field="clave")
    fondo = Fondo(**values)
    uow.session.add(fondo)
    uow.session.flush()
    audit.record(uow, actor, "fondo.crear", "fondo", fondo.id,
                 after=_snapshot(fondo, FONDO_FIELDS))
    return fondo


@transactional
def update_fondo(actor, fondo_id: int, data: dict, *, uow: UnitOfWork) -> Fondo:
    """Edit the fondo's data (the key stays: it is inside every expediente key)."""
    policies.require(actor, "fondo.write")
    fondo = get_fondo(fondo_id)
    values = FondoInputSchema(partial=True).load(data)
    if "clave" in values and values["clave"] != fondo.clave:
        raise DomainError("La clave del fondo no se puede cambiar.", field="clave")
    before = _snapshot(fondo, FONDO_FIELDS)
    for key, value in values.items():
        if value is not None or key not in ("key_format", "autoridad_archivistica"):
            setattr(fondo, key, value)
    uow.session.flush()
    audit.record(uow, actor, "fondo.editar", "fondo", fondo.id, before=before,
                 after=_snapshot(fondo, FONDO_FIELDS))
    return fondo


# --- Unidades administrativas and archives -------------------------------------------

def list_unidades(fondo_id: int) -> list[UnidadAdministrativa]:
    """Producing units of a fondo, by key."""
    return list(get_session().scalars(
        select(UnidadAdministrativa).where(UnidadAdministrativa.fondo_id == fondo_id)
        .order_by(UnidadAdministrativa.clave)))


def get_unidad(unidad_id: int) -> UnidadAdministrativa:
    """A unidad or NotFound."""
    unidad = get_session().get(UnidadAdministrativa, unidad_id)
    if unidad is None:
        raise NotFound("La unidad administrativa no existe.")
    return unidad


@transactional
def create_unidad(actor, fondo_id: int, data: dict, *, uow: UnitOfWork) -> UnidadAdministrativa:
    """Add a producing unit to the fondo."""
    policies.require(actor, "catalog.write")
    get_fondo(fondo_id)
    values = UnidadInputSchema().load(data)
    exists = uow.session.scalar(select(UnidadAdministrativa.id).where(
        UnidadAdministrativa.fondo_id == fondo_id,
        func.upper(UnidadAdministrativa.clave) == values["clave"].upper()))
    if exists:
        raise DomainError("Ya existe una unidad con esa clave.", field="clave")
    unidad = UnidadAdministrativa(fondo_id=fondo_id, **values)
    uow.session.add(unidad)
    uow.session.flush()
    audit.record(uow, actor, "unidad.crear", "unidad", unidad.id,
                 after=_snapshot(unidad, ("clave", "nombre", "activa")))
    return unidad


@transactional
def update_unidad(actor, unidad_id: int, data: dict, *, uow: UnitOfWork) -> UnidadAdministrativa:
    """Rename or deactivate a unit (units are never deleted: expedientes point to them)."""
    policies.require(actor, "catalog.write")
    unidad = get_unidad(unidad_id)
    values = UnidadInputSchema(partial=True).load(data)
    if "clave" in values and values["clave"] != unidad.clave:
        raise DomainError("La clave de la unidad no se puede cambiar.", field="clave")
    before = _snapshot(unidad, ("clave", "nombre", "activa"))
    for key, value in values.items():
        setattr(unidad, key, value)
    uow.session.flush()
    audit.record(uow, actor, "unidad.editar", "unidad", unidad.id, before=before,
                 after=_snapshot(unidad, ("clave", "nombre", "activa")))
    return unidad


def list_archivos(fondo_id: int) -> list[ArchivoSede]:
    """The archives of the system (trámite, concentración, histórico)."""
    return list(get_session().scalars(
        select(ArchivoSede).where(ArchivoSede.fondo_id == fondo_id)
        .order_by(ArchivoSede.tipo, ArchivoSede.nombre)))


@transactional
def create_archivo(actor, fondo_id: int, data: dict, *, uow: UnitOfWork) -> ArchivoSede:
    """Register an archive: a trámite archive belongs to a unit."""
    policies.require(actor, "catalog.write")
    get_fondo(fondo_id)
    values = ArchivoInputSchema().load(data)
    if values["tipo"] == TipoArchivo.TRAMITE:
        if not values["unidad_id"]:
            raise DomainError("Un archivo de trámite pertenece a una unidad.", field="unidad_id")
        if get_unidad(values["unidad_id"]).fondo_id != fondo_id:
            raise DomainError("La unidad no pertenece a este fondo.", field="unidad_id")
    archivo = ArchivoSede(fondo_id=fondo_id, **values)
    uow.session.add(archivo)
    uow.session.flush()
    audit.record(uow, actor, "archivo.crear", "archivo", archivo.id,
                 after=_snapshot(archivo, ("tipo", "nombre", "unidad_id")))
    return archivo


def archivo_of(fondo_id: int, tipo: TipoArchivo, unidad_id: int | None = None
               ) -> ArchivoSede | None:
    """The archive of that kind (for trámite, the unit's own)."""
    stmt = select(ArchivoSede).where(ArchivoSede.fondo_id == fondo_id, ArchivoSede.tipo == tipo)
    if tipo == TipoArchivo.TRAMITE:
        stmt = stmt.where(ArchivoSede.unidad_id == unidad_id)
    return get_session().scalars(stmt.order_by(ArchivoSede.id).limit(1)).first()


# --- CGCA ------------------------------------------------------------------------------

def list_secciones(fondo_id: int) -> list[Seccion]:
    """Secciones of the CGCA in code order."""
    rows = get_session().scalars(select(Seccion).where(Seccion.fondo_id == fondo_id)).all()
    return sorted(rows, key=lambda s: code_sort_key(s.codigo_norm))


def list_series(fondo_id: int) -> list[Serie]:
    """Series and subseries of the fondo in code order."""
    rows = get_session().scalars(select(Serie).where(Serie.fondo_id == fondo_id)).all()
    return sorted(rows, key=lambda s: code_sort_key(s.codigo_norm))


def code_sort_key(code: str) -> tuple:
    """Sort `2C` before `10C` and common sections (C) before substantive ones (S)."""
    key = []
    for i, part in enumerate(code.split(".")):
        digits = "".join(ch for ch in part if ch.isdigit())
        letters = "".join(ch for ch in part if not ch.isdigit())
        key.append((letters if i == 0 else "", int(digits) if digits else 0, letters))
    return tuple(key)


def get_seccion(seccion_id: int) -> Seccion:
    """A sección or NotFound."""
    seccion = get_session().get(Seccion, seccion_id)
    if seccion is None:
        raise NotFound("La sección no existe.")
    return seccion


def get_serie(serie_id: int) -> Serie:
    """A serie/subserie or NotFound."""
    serie = get_session().get(Serie, serie_id)
    if serie is None:
        raise NotFound("La serie no existe.")
    return serie


def find_serie(fondo_id: int, codigo: str) -> Serie | None:
    """The serie/subserie with that code, compared in normalised form."""
    return get_session().scalar(select(Serie).where(
        Serie.fondo_id == fondo_id, Serie.codigo_norm == normalize_code(codigo)))


def find_seccion(fondo_id: int, codigo: str) -> Seccion | None:
    """The sección with that code, compared in normalised form."""
    return get_session().scalar(select(Seccion).where(
        Seccion.fondo_id == fondo_id, Seccion.codigo_norm == normalize_code(codigo)))


def has_subseries(serie_id: int) -> bool:
    """True when the serie is divided into subseries (its rules live there)."""
    return get_session().scalar(
        select(func.count()).select_from(Serie).where(Serie.parent_id == serie_id)) > 0


@transactional
def create_seccion(actor, fondo_id: int, data: dict, *, uow: UnitOfWork) -> Seccion:
    """Add a sección; its type is inferred from the code (`4C` común, `13S` sustantiva)."""
    policies.require(actor, "catalog.write")
    get_fondo(fondo_id)
    values = SeccionInputSchema().load(data)
    norm = normalize_code(values["codigo"])
    if find_seccion(fondo_id, norm):
        raise DomainError("Ya existe la sección {codigo} en este fondo.", field="codigo",
                          codigo=values["codigo"])
    tipo = values["tipo"] or (TipoSeccion.COMUN if norm.endswith("C") else TipoSeccion.SUSTANTIVA)
    seccion = Seccion(fondo_id=fondo_id, codigo=values["codigo"], codigo_norm=norm,
                      nombre=values["nombre"], descripcion=values["descripcion"], tipo=tipo)
    uow.session.add(seccion)
    uow.session.flush()
    audit.record(uow, actor, "seccion.crear", "seccion", seccion.id,
                 after=_snapshot(seccion, ("codigo", "nombre", "tipo")))
    return seccion


@transactional
def update_seccion(actor, seccion_id: int, data: dict, *, uow: UnitOfWork) -> Seccion:
    """Edit a sección's name, description or type."""
    policies.require(actor, "catalog.write")
    seccion = get_seccion(seccion_id)
    values = SeccionUpdateSchema().load(data)
    before = _snapshot(seccion, ("nombre", "descripcion", "tipo"))
    for key, value in values.items():
        setattr(seccion, key, value)
    uow.session.flush()
    audit.record(uow, actor, "seccion.editar", "seccion", seccion.id, before=before,
                 after=_snapshot(seccion, ("nombre", "descripcion", "tipo")))
    return seccion


@transactional
def create_serie(actor, fondo_id: int, data: dict, *, uow: UnitOfWork) -> Serie:
    """Add a serie (`4C.3`, under sección 4C) or a subserie (`4C.3.1`, under serie 4C.3)."""
    policies.require(actor, "catalog.write")
    get_fondo(fondo_id)
    values = SerieInputSchema().load(data)
    norm = normalize_code(values["codigo"])
    if find_serie(fondo_id, norm):
        raise DomainError("Ya existe la serie {codigo} en este fondo.", field="codigo",
                          codigo=values["codigo"])
    parent = None
    if norm.count(".") == 1:
        seccion = find_seccion(fondo_id, parent_code(norm))
        if seccion is None:
            raise DomainError("No existe la sección {padre}; créela primero.", field="codigo",
                              padre=parent_code(norm))
    else:
        parent = find_serie(fondo_id, parent_code(norm))
        if parent is None:
            raise DomainError("No existe la serie {padre}; créela antes que la subserie.",
                              field="codigo", padre=parent_code(norm))
        seccion = parent.seccion
    serie = Serie(fondo_id=fondo_id, seccion_id=seccion.id, parent_id=parent and parent.id,
                  codigo=values["codigo"], codigo_norm=norm, nombre=values["nombre"],
                  descripcion=values["descripcion"],
                  unidades_productoras=values["unidades_productoras"])
    uow.session.add(serie)
    uow.session.flush()
    audit.record(uow, actor, "serie.crear", "serie", serie.id,
                 after=_snapshot(serie, ("codigo", "nombre", "seccion_id", "parent_id")))
    return serie


@transactional
def update_serie(actor, serie_id: int, data: dict, *, uow: UnitOfWork) -> Serie:
    """Edit a serie's name, description or producing areas (the code is its identity)."""
    policies.require(actor, "catalog.write")
    serie = get_serie(serie_id)
    values = SerieUpdateSchema().load(data)
    fields = ("nombre", "descripcion", "unidades_productoras")
    before = _snapshot(serie, fields)
    for key, value in values.items():
        setattr(serie, key, value)
    uow.session.flush()
    audit.record(uow, actor, "serie.editar", "serie", serie.id, before=before,
                 after=_snapshot(serie, fields))
    return serie
