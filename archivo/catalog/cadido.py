"""Use cases of the versioned Catálogo de Disposición Documental (CADIDO)."""

from sqlalchemy import func, select

from archivo.audit import service as audit
from archivo.auth import policies
from archivo.catalog.enums import EstadoVersion, ValorPrimario, ValorSecundario
from archivo.catalog.models import CadidoVersion, ReglaCadido, Serie
from archivo.catalog.schemas import ReglaInputSchema, VersionApproveSchema, VersionInputSchema
from archivo.catalog.service import code_sort_key, get_fondo, get_serie, has_subseries
from archivo.db import get_session, utcnow
from archivo.errors import DomainError, InvalidTransition, NotFound
from archivo.uow import UnitOfWork, transactional

RULE_FIELDS = ("valor_administrativo", "valor_legal", "valor_fiscal_contable",
               "valor_evidencial", "valor_testimonial", "valor_informativo",
               "plazo_tramite", "plazo_concentracion", "destino", "criterio_muestreo",
               "acceso", "fundamento_legal", "observaciones")
_PRIMARY = {ValorPrimario.ADMINISTRATIVO: "valor_administrativo",
            ValorPrimario.LEGAL: "valor_legal",
            ValorPrimario.FISCAL_CONTABLE: "valor_fiscal_contable"}
_SECONDARY = {ValorSecundario.EVIDENCIAL: "valor_evidencial",
              ValorSecundario.TESTIMONIAL: "valor_testimonial",
              ValorSecundario.INFORMATIVO: "valor_informativo"}


def rule_snapshot(regla: ReglaCadido) -> dict:
    """The rule's content as a plain dict (audit, impact)."""
    return {name: getattr(regla, name) for name in RULE_FIELDS}


def get_version(version_id: int) -> CadidoVersion:
    """A CADIDO version or NotFound."""
    version = get_session().get(CadidoVersion, version_id)
    if version is None:
        raise NotFound("La versión del catálogo no existe.")
    return version


def list_versions(fondo_id: int) -> list[CadidoVersion]:
    """Versions of the fondo's CADIDO, newest first."""
    return list(get_session().scalars(
        select(CadidoVersion).where(CadidoVersion.fondo_id == fondo_id)
        .order_by(CadidoVersion.numero.desc())))


def vigente_version(fondo_id: int) -> CadidoVersion | None:
    """The version in force."""
    return get_session().scalar(select(CadidoVersion).where(
        CadidoVersion.fondo_id == fondo_id, CadidoVersion.estado == EstadoVersion.VIGENTE))


def reglas(version_id: int) -> list[ReglaCadido]:
    """Rules of a version, in code order."""
    rows = get_session().scalars(
        select(ReglaCadido).where(ReglaCadido.version_id == version_id)).all()
    return sorted(rows, key=lambda r: code_sort_key(r.serie.codigo_norm))


def regla_vigente(serie_id: int) -> ReglaCadido | None:
    """The serie's rule in the version in force (None when the CADIDO lacks it)."""
    return get_session().scalar(
        select(ReglaCadido).join(CadidoVersion)
        .where(ReglaCadido.serie_id == serie_id, CadidoVersion.estado == EstadoVersion.VIGENTE))


def _require_draft(version: CadidoVersion) -> None:
    if version.estado != EstadoVersion.BORRADOR:
        raise InvalidTransition(
            "La versión {numero} ya no es un borrador: sus reglas no se pueden cambiar; "
            "abra una nueva versión.", numero=version.numero)


@transactional
def create_version(actor, fondo_id: int, data: dict, *, uow: UnitOfWork) -> CadidoVersion:
    """Open a draft version, starting from a copy of the rules in force."""
    policies.require(actor, "catalog.write")
    get_fondo(fondo_id)
    values = VersionInputSchema().load(data)
    session = uow.session
    draft = session.scalar(select(CadidoVersion.numero).where(
        CadidoVersion.fondo_id == fondo_id, CadidoVersion.estado == EstadoVersion.BORRADOR))
    if draft is not None:
        raise DomainError("Ya hay un borrador abierto (versión {numero}).", numero=draft)
    numero = (session.scalar(select(func.max(CadidoVersion.numero))
                             .where(CadidoVersion.fondo_id == fondo_id)) or 0) + 1
    version = CadidoVersion(fondo_id=fondo_id, numero=numero, descripcion=values["descripcion"],
                            created_by_id=getattr(actor, "id", None))
    session.add(version)
    session.flush()
    current = vigente_version(fondo_id)
    if current is not None:
        for regla in reglas(current.id):
            session.add(ReglaCadido(version_id=version.id, serie_id=regla.serie_id,
                                    **rule_snapshot(regla)))
    session.flush()
    audit.record(uow, actor, "cadido.version.crear", "cadido_version", version.id,
                 after={"numero": numero, "base": current and current.numero})
    return version


@transactional
def set_regla(actor, version_id: int, data: dict, *, uow: UnitOfWork) -> ReglaCadido:
    """Create or replace the rule of one serie/subserie in a draft version."""
    policies.require(actor, "catalog.write")
    version = get_version(version_id)
    _require_draft(version)
    values = ReglaInputSchema().load(data)
    serie = get_serie(values["serie_id"])
    if serie.fondo_id != version.fondo_id:
        raise DomainError("La serie no pertenece a este fondo.", field="serie_id")
    if has_subseries(serie.id):
        raise DomainError("La serie {codigo} tiene subseries: sus reglas se fijan en cada "
                          "subserie.", field="serie_id", codigo=serie.codigo)
    content = {name: values.get(name) for name in RULE_FIELDS if name in values}
    for valor, column in _PRIMARY.items():
        content[column] = valor in values["valores_primarios"]
    for valor, column in _SECONDARY.items():
        content[column] = valor in values["valores_secundarios"]
    session = uow.session
    regla = session.scalar(select(ReglaCadido).where(
        ReglaCadido.version_id == version.id, ReglaCadido.serie_id == serie.id))
    before = rule_snapshot(regla) if regla else None
    if regla is None:
        regla = ReglaCadido(version_id=version.id, serie_id=serie.id, **content)
        session.add(regla)
    else:
        for key, value in content.items():
            setattr(regla, key, value)
    session.flush()
    audit.record(uow, actor, "cadido.regla.fijar", "cadido_version", version.id,
                 before=before, after={"serie": serie.codigo, **rule_snapshot(regla)})
    return regla


@transactional
def remove_regla(actor, version_id: int, serie_id: int, *, uow: UnitOfWork) -> None:
    """Remove a serie's rule from a draft (approved versions never change)."""
    policies.require(actor, "catalog.write")
    version = get_version(version_id)
    _require_draft(version)
    regla = uow.session.scalar(select(ReglaCadido).where(
        ReglaCadido.version_id == version_id, ReglaCadido.serie_id == serie_id))
    if regla is None:
        raise NotFound("La serie no tiene regla en esta versión.")
    audit.record(uow, actor, "cadido.regla.quitar", "cadido_version", version.id,
                 before={"serie": regla.serie.codigo, **rule_snapshot(regla)})
    uow.session.delete(regla)  # a draft's rule, never one an expediente was closed under
    uow.session.flush()


def leaf_series_without_rule(version: CadidoVersion) -> list[Serie]:
    """Series/subseries that take rules (no subseries) but have none in `version`."""
    session = get_session()
    parents = select(Serie.parent_id).where(Serie.parent_id.is_not(None))
    ruled = select(ReglaCadido.serie_id).where(ReglaCadido.version_id == version.id)
    rows = session.scalars(select(Serie).where(
        Serie.fondo_id == version.fondo_id, Serie.id.not_in(parents), Serie.id.not_in(ruled)))
    return sorted(rows, key=lambda s: code_sort_key(s.codigo_norm))


def version_impact(version_id: int) -> dict:
    """What approving a draft would change, per serie, before it is approved.

    Closed expedientes keep the rule they were closed under, so they are listed as
    unaffected; open ones would take the new plazos when they close.
    """
    from archivo.records.models import Expediente  # records depends on catalog, not back

    version = get_version(version_id)
    session = get_session()
    current = vigente_version(version.fondo_id)
    old = {r.serie_id: r for r in reglas(current.id)} if current else {}
    new = {r.serie_id: r for r in reglas(version.id)}
    changes = []
    for serie_id in sorted(set(old) | set(new)):
        before = rule_snapshot(old[serie_id]) if serie_id in old else None
        after = rule_snapshot(new[serie_id]) if serie_id in new else None
        if before == after:
            continue
        counts = dict(session.execute(
            select(Expediente.closed_at.is_(None), func.count())
            .where(Expediente.serie_id == serie_id)
            .group_by(Expediente.closed_at.is_(None))).all())
        serie = (new.get(serie_id) or old.get(serie_id)).serie
        changes.append({
            "serie_id": serie_id, "serie_codigo": serie.codigo, "serie_nombre": serie.nombre,
            "tipo": "nueva" if before is None else "eliminada" if after is None else "cambia",
            "antes": before, "despues": after,
            "expedientes_abiertos_afectados": counts.get(True, 0),
            "expedientes_cerrados_conservan_regla": counts.get(False, 0),
        })
    missing = leaf_series_without_rule(version)
    return {
        "version": version.numero, "base": current and current.numero, "cambios": changes,
        "series_sin_regla": [{"id": s.id, "codigo": s.codigo, "nombre": s.nombre}
                             for s in missing],
        "expedientes_abiertos_afectados": sum(c["expedientes_abiertos_afectados"]
                                              for c in changes),
    }


@transactional
def approve_version(actor, version_id: int, data: dict, *, uow: UnitOfWork) -> CadidoVersion:
    """Record the GI's approval: the draft comes into force and the previous one is superseded."""
    policies.require(actor, "catalog.approve")
    version = get_version(version_id)
    _require_draft(version)
    values = VersionApproveSchema().load(data)
    missing = leaf_series_without_rule(version)
    if missing:
        raise DomainError("El catálogo no cubre todas las series; faltan reglas para: {series}.",
                          series=", ".join(s.codigo for s in missing[:20]))
    now = utcnow()
    current = vigente_version(version.fondo_id)
    if current is not None:
        current.estado = EstadoVersion.SUSTITUIDA
        current.sustituida_at = now
    uow.session.flush()
    version.estado = EstadoVersion.VIGENTE
    version.fecha_aprobacion = values["fecha_aprobacion"]
    version.acta_gi = values["acta_gi"]
    version.approved_by_id = getattr(actor, "id", None)
    version.approved_at = now
    uow.session.flush()
    audit.record(uow, actor, "cadido.version.aprobar", "cadido_version", version.id,
                 after={"numero": version.numero, "acta_gi": version.acta_gi,
                        "fecha_aprobacion": version.fecha_aprobacion,
                        "sustituye": current and current.numero})
    return version
