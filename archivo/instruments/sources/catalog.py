"""Sources about the catalogue: CGCA, CADIDO, ficha técnica de valoración, guía de archivo."""

from __future__ import annotations

from sqlalchemy import func, select

from archivo.auth import policies
from archivo.catalog import cadido as cadido_service
from archivo.catalog.enums import EstadoVersion
from archivo.catalog.models import CadidoVersion, Fondo, ReglaCadido, Serie
from archivo.catalog.service import code_sort_key, find_serie, list_secciones, list_series
from archivo.db import get_session
from archivo.errors import DomainError, NotFound
from archivo.i18n import N_
from archivo.instruments.sources import base
from archivo.instruments.sources.base import ARCHIVE_LABELS, Source, signer, spanish
from archivo.records.enums import Etapa
from archivo.records.models import Expediente

NIVELES = {"seccion": "Sección", "serie": "Serie", "subserie": "Subserie"}


def _version(fondo: Fondo, numero: int | None, actor=None) -> CadidoVersion:
    """The CADIDO version asked for (by number) or the one in force. A draft is internal
    work (its notes included): staff only, as in the catalogue's own API."""
    if numero is None:
        version = cadido_service.vigente_version(fondo.id)
        if version is None:
            raise DomainError(N_("El fondo aún no tiene un catálogo de disposición vigente."))
        return version
    version = get_session().scalar(select(CadidoVersion).where(
        CadidoVersion.fondo_id == fondo.id, CadidoVersion.numero == numero))
    if version is None:
        raise NotFound(N_("La versión del catálogo no existe."), field="version")
    if version.estado == EstadoVersion.BORRADOR:
        policies.require(actor, "read")
    return version


def _approval_header(fondo: Fondo, version: CadidoVersion | None) -> dict:
    return {"fondo": fondo.nombre,
            "version": str(version.numero) if version else "",
            "fecha_aprobacion": version.fecha_aprobacion if version else None,
            "acta_gi": (version.acta_gi or "") if version else "",
            **signer("elaboro", base.coordinador()),
            **signer("aprobo", base.user(version.approved_by_id) if version else None)}


def _tree(fondo: Fondo) -> list[tuple[str, object]]:
    """(nivel, sección or serie) in reading order: each sección, then its series by code."""
    series_by_seccion: dict[int, list[Serie]] = {}
    for serie in list_series(fondo.id):
        series_by_seccion.setdefault(serie.seccion_id, []).append(serie)
    out = []
    for seccion in list_secciones(fondo.id):
        out.append(("seccion", seccion))
        out += [(s.nivel, s) for s in series_by_seccion.get(seccion.id, [])]
    return out


def cgca(fondo: Fondo, q: dict) -> Source:
    """The Cuadro General de Clasificación Archivística (sección, serie, subserie)."""
    version = cadido_service.vigente_version(fondo.id)
    tree = _tree(fondo)

    def rows():
        for nivel, node in tree:
            yield {"nivel": NIVELES[nivel], "codigo": node.codigo, "nombre": node.nombre,
                   "descripcion": node.descripcion or "",
                   "areas_productoras": getattr(node, "unidades_productoras", None) or "",
                   "_destacar": nivel == "seccion"}

    stamp = max((n.created_at for _, n in tree), default=None)
    return Source("cgca", f"fondo:{fondo.id}", fondo.nombre,
                  base.version_stamp(len(tree), stamp, version and version.id),
                  fondo, _approval_header(fondo, version), rows)


def cadido(fondo: Fondo, q: dict, actor=None) -> Source:
    """The Catálogo de Disposición Documental of a version (the one in force by default)."""
    version = _version(fondo, q["version"], actor)
    rules = {r.serie_id: r for r in cadido_service.reglas(version.id)}
    tree = _tree(fondo)

    def rows():
        for nivel, node in tree:
            if nivel == "seccion":
                yield {"codigo": node.codigo, "nombre": node.nombre, "_destacar": True}
                continue
            rule = rules.get(node.id)
            row = {"codigo": node.codigo, "nombre": node.nombre}
            if rule is not None:
                row |= {"valores_primarios": {v.value for v in rule.valores_primarios},
                        "plazo_tramite": rule.plazo_tramite,
                        "plazo_concentracion": rule.plazo_concentracion,
                        "vigencia": rule.plazo_total, "destino": rule.destino.value,
                        "acceso": rule.acceso.value, "fundamento": rule.fundamento_legal or "",
                        "observaciones": _observaciones(rule)}
            yield row

    return Source("cadido", f"fondo:{fondo.id}:version:{version.numero}",
                  f"Versión {version.numero} ({spanish(version.estado)})",
                  base.version_stamp(version.id, version.version_id), fondo,
                  _approval_header(fondo, version), rows)


def _observaciones(rule: ReglaCadido) -> str:
    parts = [rule.observaciones or ""]
    if rule.criterio_muestreo:
        parts.append(f"Muestreo: {rule.criterio_muestreo}")
    return " ".join(p for p in parts if p)


def ficha_valoracion(fondo: Fondo, q: dict) -> Source:
    """The valuation sheet of one serie/subserie under the CADIDO in force."""
    serie = find_serie(fondo.id, q["serie"])
    if serie is None:
        raise NotFound(N_("La serie no existe."), field="serie")
    rule = get_session().scalar(select(ReglaCadido).join(CadidoVersion).where(
        ReglaCadido.serie_id == serie.id, CadidoVersion.id == ReglaCadido.version_id,
        CadidoVersion.estado == "vigente"))
    volume = get_session().execute(
        select(func.count(), func.coalesce(func.sum(Expediente.fojas), 0),
               func.min(Expediente.anio), func.max(Expediente.anio))
        .where(Expediente.serie_id == serie.id)).one()
    related = [s for s in list_series(fondo.id)
               if s.id != serie.id and (s.parent_id == serie.id or s.id == serie.parent_id
                                        or (serie.parent_id and s.parent_id == serie.parent_id))]
    stages = get_session().scalars(select(Expediente.etapa).where(
        Expediente.serie_id == serie.id, Expediente.etapa != Etapa.BAJA).distinct()).all()
    header = {
        "codigo": serie.codigo, "nombre": serie.nombre,
        "seccion": f"{serie.seccion.codigo} {serie.seccion.nombre}",
        "area_productora": serie.unidades_productoras or "",
        "funcion": serie.seccion.descripcion or serie.seccion.nombre,
        "fundamento_legal": (rule and rule.fundamento_legal) or "",
        "series_relacionadas": ", ".join(f"{s.codigo} {s.nombre}" for s in related),
        "descripcion": serie.descripcion or "",
        "volumen": (f"{volume[0]} expedientes, {volume[1]} fojas"
                    + (f", de {volume[2]} a {volume[3]}" if volume[0] else "")),
        "ubicacion": ", ".join(sorted(ARCHIVE_LABELS[s.value] for s in stages)),
        "responsable": (base.coordinador().nombre if base.coordinador() else ""),
        **signer("elaboro", base.coordinador()),
        **signer("valido", cargo="Grupo Interdisciplinario"),
    }
    if rule is not None:
        header |= {
            "valores_primarios": ", ".join(sorted(spanish(v) for v in rule.valores_primarios)),
            "valores_secundarios": ", ".join(sorted(spanish(v) for v in rule.valores_secundarios)),
            "justificacion_valores": rule.observaciones or "",
            "plazo_tramite": f"{rule.plazo_tramite} años",
            "plazo_concentracion": f"{rule.plazo_concentracion} años",
            "fundamento_plazos": rule.fundamento_legal or "",
            "destino": spanish(rule.destino), "criterio_muestreo": rule.criterio_muestreo or "",
            "acceso": spanish(rule.acceso), "fundamento_acceso": rule.fundamento_legal or "",
        }
    return Source("ficha_valoracion", f"serie:{serie.id}", f"{serie.codigo} {serie.nombre}",
                  base.version_stamp(rule and rule.id, volume[0]), fondo, header,
                  lambda: iter(()))


def guia_archivo(fondo: Fondo, q: dict) -> Source:
    """Series held by one archive (or the whole fondo) with their volume and dates."""
    from archivo.catalog.enums import TipoArchivo
    from archivo.catalog.service import archivo_of
    from archivo.instruments.sources.records import find_unidad

    unidad = find_unidad(fondo, q["unidad"])
    etapa = q["etapa"] or ("tramite" if unidad else None)
    e = Expediente
    conds = [e.fondo_id == fondo.id, e.etapa != Etapa.BAJA]
    if etapa:
        conds.append(e.etapa == Etapa(etapa))
    if unidad is not None:
        conds.append(e.unidad_id == unidad.id)
    volume = {r.serie_id: r for r in get_session().execute(
        select(e.serie_id, func.count().label("n"), func.min(e.fecha_apertura).label("desde"),
               func.max(func.coalesce(e.fecha_cierre, e.fecha_apertura)).label("hasta"),
               func.count(func.distinct(e.ubicacion_caja)).label("cajas"))
        .where(*conds).group_by(e.serie_id))}
    series = sorted((s for s in list_series(fondo.id) if s.id in volume),
                    key=lambda s: code_sort_key(s.codigo_norm))
    archivo = archivo_of(fondo.id, TipoArchivo(etapa), unidad and unidad.id) if etapa else None

    def rows():
        for s in series:
            v = volume[s.id]
            # a standard archive box holds about 0.27 linear metres of files
            yield {"nivel": NIVELES[s.nivel], "codigo": s.codigo,
                   "descripcion": f"{s.nombre}. {s.descripcion or ''}".strip(". "),
                   "fecha_inicial": v.desde, "fecha_final": v.hasta, "expedientes": v.n,
                   "cajas": v.cajas, "metros_lineales": round(v.cajas * 0.27, 2),
                   "ubicacion": archivo.nombre if archivo else ARCHIVE_LABELS.get(etapa, "")}

    header = {"archivo": (archivo.nombre if archivo else
                          ARCHIVE_LABELS.get(etapa, "Todos los archivos del fondo")),
              "unidad": unidad.nombre if unidad else "",
              "domicilio": (archivo and archivo.direccion) or fondo.direccion or "",
              "telefono": (archivo and archivo.telefono) or fondo.telefono or "",
              "correo": (archivo and archivo.email) or fondo.email or "",
              "responsable": (archivo and archivo.responsable_nombre) or "",
              **signer("elaboro", nombre=archivo and archivo.responsable_nombre,
                       cargo=archivo and archivo.responsable_cargo),
              **signer("valido", base.coordinador())}
    subject = f"fondo:{fondo.id}:{etapa or '*'}:{unidad.clave if unidad else '*'}"
    stamp = get_session().execute(select(func.count(), func.max(e.updated_at)).where(*conds)).one()
    return Source("guia_archivo", subject, header["archivo"], base.version_stamp(*stamp),
                  fondo, header, rows)
