"""The expediente columns inventories share, selected with the rule each was closed under."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import aliased

from archivo.catalog.enums import EstadoVersion
from archivo.catalog.models import CadidoVersion, ReglaCadido, Serie, UnidadAdministrativa
from archivo.instruments.sources.base import ubicacion, valores_primarios, valores_secundarios
from archivo.interop.visibility import CONFIDENTIAL_TITLE
from archivo.records.models import Expediente

# The rule an expediente was closed under; an open one shows its serie's rule in force.
_OWN = aliased(ReglaCadido, name="regla_propia")
_VIG = aliased(ReglaCadido, name="regla_vigente")
_VIG_VERSION = aliased(CadidoVersion, name="version_vigente")
_RULE_FIELDS = ("plazo_tramite", "plazo_concentracion", "destino", "valor_administrativo",
                "valor_legal", "valor_fiscal_contable", "valor_evidencial", "valor_testimonial",
                "valor_informativo")


def expediente_select(*extra) -> Select:
    """Expediente, serie and unit columns plus the applicable rule, for inventory rows."""
    e = Expediente
    rule = [func.coalesce(getattr(_OWN, f), getattr(_VIG, f)).label(f) for f in _RULE_FIELDS]
    return (
        select(e.id, e.clave, e.titulo, e.descripcion, e.fecha_apertura, e.fecha_cierre, e.fojas,
               e.acceso, e.etapa, e.ubicacion_edificio, e.ubicacion_estante, e.ubicacion_caja,
               e.ubicacion_digital, e.unidad_id, Serie.codigo.label("serie_codigo"),
               Serie.nombre.label("serie_nombre"), UnidadAdministrativa.nombre.label("unidad"),
               *rule, *extra)
        .join(Serie, Serie.id == e.serie_id)
        .join(UnidadAdministrativa, UnidadAdministrativa.id == e.unidad_id)
        .outerjoin(_OWN, _OWN.id == e.regla_id)
        .outerjoin(_VIG_VERSION, and_(_VIG_VERSION.fondo_id == e.fondo_id,
                                      _VIG_VERSION.estado == EstadoVersion.VIGENTE))
        .outerjoin(_VIG, and_(_VIG.version_id == _VIG_VERSION.id, _VIG.serie_id == e.serie_id))
    )


def inventory_row(n: int, row: Mapping, caja: str | None = None,
                  observaciones: str | None = None, *, hidden: frozenset) -> dict:
    """One inventory line: the keys every inventory layout reads.

    `hidden` is `hidden_accesos(reader)`, computed once per instrument: an expediente of
    such a class is listed (the count and key stay truthful) but its name and
    description are masked (a confidential one, for a reader without `read.confidential`).
    """
    destino = row.get("destino")
    masked = row["acceso"] in hidden
    return {
        "consecutivo": n,
        "caja": caja or row.get("ubicacion_caja") or "",
        "codigo": row["clave"],
        "nombre": CONFIDENTIAL_TITLE if masked else row["titulo"],
        "descripcion": "" if masked else row.get("descripcion") or "",
        "fecha_apertura": row["fecha_apertura"],
        "fecha_cierre": row.get("fecha_cierre"),
        "plazo_tramite": row.get("plazo_tramite"),
        "plazo_concentracion": row.get("plazo_concentracion"),
        "destino": getattr(destino, "value", destino),
        "valores_primarios": valores_primarios(row),
        "valores_secundarios": valores_secundarios(row),
        "acceso": getattr(row["acceso"], "value", row["acceso"]),
        "fojas": row.get("fojas") or 0,
        "ubicacion": ubicacion(row),
        "observaciones": observaciones or "",
    }
