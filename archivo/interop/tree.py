"""The units of description under a fondo, sección or serie, loaded for an export.

The catalogue levels (a few hundred nodes at most) are loaded whole with their extent
and CADIDO rule in a handful of grouped queries; expedientes are never loaded whole:
`expedientes()` reads them in keyset chunks so memory stays flat.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select

from archivo.catalog.enums import EstadoVersion
from archivo.catalog.models import CadidoVersion, Fondo, ReglaCadido, Seccion, Serie
from archivo.catalog.models import UnidadAdministrativa as Unidad
from archivo.catalog.rules import normalize_code
from archivo.db import get_session
from archivo.errors import NotFound
from archivo.interop import derive
from archivo.interop.models import ELEMENTOS, DescripcionIsad, Nivel
from archivo.interop.visibility import holdings_filter
from archivo.records.models import Expediente

CHUNK = 2000
EAD_LEVEL = {"fondo": "fonds", "seccion": "subfonds", "serie": "series",
             "subserie": "subseries", "expediente": "file"}


@dataclass(slots=True)
class Nodo:
    """A fondo, sección, serie or subserie with what its description needs."""

    nivel: Nivel
    id: int
    codigo: str
    titulo: str
    ead_level: str
    productor: str
    volumen: derive.Volumen = field(default_factory=derive.Volumen)
    regla: ReglaCadido | None = None
    elementos: dict = field(default_factory=dict)
    hijos: list["Nodo"] = field(default_factory=list)

    @property
    def serie_id(self) -> int | None:
        """The serie whose own expedientes hang from this node (None above series)."""
        return self.id if self.nivel == Nivel.SERIE else None


class Stream:
    """Chunks of an export, iterable once, with the number of expedientes it will carry."""

    def __init__(self, total: int, chunks: Iterator[bytes]):
        self.total = total
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return self.chunks


def _code_key(codigo: str) -> tuple:
    """Natural order of CGCA codes: 4C.2 before 4C.10."""
    return tuple((int(n) if n else 0, a) for n, a in re.findall(r"(\d*)([A-Z]*)", codigo)
                 if n or a)


def descripciones(nivel: Nivel, ids: list[int]) -> dict[int, dict]:
    """Stored ISAD elements per object id for one level."""
    if not ids:
        return {}
    rows = get_session().scalars(select(DescripcionIsad).where(
        DescripcionIsad.nivel == nivel, DescripcionIsad.objeto_id.in_(ids)))
    return {d.objeto_id: {k: getattr(d, k) for k in ELEMENTOS} for d in rows}


def load_scope(actor, nivel: str, objeto_id: int) -> tuple[Fondo, Nodo]:
    """The fondo and the root node (with its subtree) of a fondo, sección or serie."""
    session = get_session()
    model = {"fondo": Fondo, "seccion": Seccion, "serie": Serie}.get(nivel)
    obj = session.get(model, objeto_id) if model else None
    if obj is None:
        raise NotFound("La unidad de descripción no existe.")
    fondo = obj if nivel == "fondo" else session.get(Fondo, obj.fondo_id)
    secciones = list(session.scalars(select(Seccion).where(Seccion.fondo_id == fondo.id)))
    series = list(session.scalars(select(Serie).where(Serie.fondo_id == fondo.id)))
    if nivel == "seccion":
        secciones = [obj]
    nodos_sec = {s.id: Nodo(Nivel.SECCION, s.id, s.codigo, s.nombre, EAD_LEVEL["seccion"],
                            fondo.nombre) for s in secciones}
    nodos_serie = {s.id: Nodo(Nivel.SERIE, s.id, s.codigo, s.nombre, EAD_LEVEL[s.nivel],
                              s.unidades_productoras or fondo.nombre) for s in series}
    for s in sorted(series, key=lambda s: _code_key(s.codigo_norm)):
        parent = nodos_serie.get(s.parent_id) if s.parent_id else nodos_sec.get(s.seccion_id)
        if parent is not None:
            parent.hijos.append(nodos_serie[s.id])
    root_fondo = Nodo(Nivel.FONDO, fondo.id, fondo.clave, fondo.nombre, EAD_LEVEL["fondo"],
                      fondo.nombre)
    root_fondo.hijos = [nodos_sec[s.id] for s in sorted(secciones,
                                                        key=lambda s: _code_key(s.codigo_norm))]
    root = {"fondo": root_fondo, "seccion": nodos_sec.get(objeto_id),
            "serie": nodos_serie.get(objeto_id)}[nivel]
    _fill(actor, root)
    return fondo, root


def walk(node: Nodo) -> Iterator[Nodo]:
    """`node` and every node below it, depth first."""
    yield node
    for child in node.hijos:
        yield from walk(child)


def _fill(actor, root: Nodo) -> None:
    """Extent (bottom-up), CADIDO rules and stored descriptions of the subtree."""
    session = get_session()
    nodes = list(walk(root))
    serie_nodes = {n.id: n for n in nodes if n.nivel == Nivel.SERIE}
    if serie_nodes:
        rows = session.execute(
            select(Expediente.serie_id, func.count(), func.coalesce(func.sum(Expediente.fojas), 0),
                   func.min(Expediente.fecha_apertura),
                   func.max(func.coalesce(Expediente.fecha_cierre, Expediente.fecha_apertura)))
            .where(holdings_filter(actor), Expediente.serie_id.in_(serie_nodes))
            .group_by(Expediente.serie_id))
        for serie_id, n, fojas, desde, hasta in rows:
            serie_nodes[serie_id].volumen = derive.Volumen(n, int(fojas), desde, hasta)
        for regla in session.scalars(select(ReglaCadido).join(CadidoVersion).where(
                CadidoVersion.estado == EstadoVersion.VIGENTE,
                ReglaCadido.serie_id.in_(serie_nodes))):
            serie_nodes[regla.serie_id].regla = regla
    for nivel in (Nivel.FONDO, Nivel.SECCION, Nivel.SERIE):
        by_id = {n.id: n for n in nodes if n.nivel == nivel}
        for oid, elems in descripciones(nivel, list(by_id)).items():
            by_id[oid].elementos = elems
    _roll_up(root)


def _roll_up(node: Nodo) -> derive.Volumen:
    for child in node.hijos:
        node.volumen.add(_roll_up(child))
    return node.volumen


def expediente_columns():
    """Columns an export reads per expediente (no ORM objects: 100,000 rows stay cheap)."""
    return (Expediente.id, Expediente.fondo_id, Expediente.clave, Expediente.titulo,
            Expediente.descripcion,
            Expediente.palabras_clave, Expediente.fecha_apertura, Expediente.fecha_cierre,
            Expediente.fojas, Expediente.legajos, Expediente.soporte, Expediente.etapa,
            Expediente.acceso, Expediente.reserva_fecha_clasificacion,
            Expediente.reserva_plazo_anios, Expediente.reserva_prorroga_anios,
            Expediente.reserva_fundamento, Expediente.confidencial_fundamento,
            Expediente.ubicacion_edificio, Expediente.ubicacion_estante,
            Expediente.ubicacion_caja, Expediente.updated_at, Expediente.serie_id,
            Unidad.nombre.label("unidad_nombre"))


def expedientes(actor, serie_id: int, chunk: int = CHUNK) -> Iterator[list]:
    """Visible expedientes of one serie in id order, one chunk (list of rows) at a time."""
    session = get_session()
    last = 0
    while True:
        rows = session.execute(
            select(*expediente_columns()).join(Unidad, Unidad.id == Expediente.unidad_id)
            .where(Expediente.serie_id == serie_id, Expediente.id > last, holdings_filter(actor))
            .order_by(Expediente.id).limit(chunk)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id
        if len(rows) < chunk:
            return


def find_unit(fondo: Fondo, seccion: str | None, serie: str | None) -> tuple[str, int]:
    """(nivel, id) of the fondo, or of a sección/serie given by code, or NotFound."""
    session = get_session()
    if serie:
        found = session.scalar(select(Serie.id).where(
            Serie.fondo_id == fondo.id, Serie.codigo_norm == normalize_code(serie)))
        if found is None:
            raise NotFound("No existe la serie {codigo}.", codigo=serie)
        return "serie", found
    if seccion:
        found = session.scalar(select(Seccion.id).where(
            Seccion.fondo_id == fondo.id, Seccion.codigo_norm == normalize_code(seccion)))
        if found is None:
            raise NotFound("No existe la sección {codigo}.", codigo=seccion)
        return "seccion", found
    return "fondo", fondo.id
