"""The fondo's catalogue as an import sees it: series, unidades, rules in force, archivos."""

from dataclasses import dataclass

from sqlalchemy import select

from archivo.catalog.enums import EstadoVersion, TipoArchivo
from archivo.catalog.models import ArchivoSede, CadidoVersion, ReglaCadido, Serie
from archivo.catalog.models import UnidadAdministrativa as Unidad
from archivo.imports.text import fold

_MEMO_LIMIT = 10_000  # distinct unidad spellings remembered (a file has a handful)


@dataclass(frozen=True, slots=True)
class SerieInfo:
    """What a row needs to know about its serie."""

    id: int
    codigo: str
    seccion: str
    divided: bool  # has subseries: expedientes go into one of them


class FondoCatalogue:
    """Loaded once per import, so that validating 100,000 rows costs no lookups per row."""

    def __init__(self, session, fondo_id: int):
        parents = set(session.scalars(select(Serie.parent_id).where(
            Serie.fondo_id == fondo_id, Serie.parent_id.is_not(None))))
        self.series: dict[str, SerieInfo] = {
            x.codigo_norm: SerieInfo(x.id, x.codigo, x.seccion.codigo, x.id in parents)
            for x in session.scalars(select(Serie).where(Serie.fondo_id == fondo_id))}
        self._load_unidades(session, fondo_id)
        self.reglas = {r.serie_id: r for r in session.execute(
            select(ReglaCadido.serie_id, ReglaCadido.id, ReglaCadido.plazo_tramite,
                   ReglaCadido.plazo_concentracion, ReglaCadido.acceso)
            .join(CadidoVersion).where(CadidoVersion.fondo_id == fondo_id,
                                       CadidoVersion.estado == EstadoVersion.VIGENTE))}
        self.archivos: dict[tuple[str, int | None], int] = {}
        for aid, tipo, unidad_id in session.execute(
                select(ArchivoSede.id, ArchivoSede.tipo, ArchivoSede.unidad_id)
                .where(ArchivoSede.fondo_id == fondo_id).order_by(ArchivoSede.id)):
            key = (tipo.value, unidad_id if tipo == TipoArchivo.TRAMITE else None)
            self.archivos.setdefault(key, aid)

    def _load_unidades(self, session, fondo_id: int) -> None:
        rows = session.execute(select(Unidad.id, Unidad.clave, Unidad.nombre, Unidad.activa)
                               .where(Unidad.fondo_id == fondo_id)).all()
        active = [r for r in rows if r.activa]
        self.unidades: dict[str, tuple[int, str]] = {}  # folded clave or name -> (id, clave)
        for uid, clave, nombre, _a in active:
            self.unidades.setdefault(fold(nombre), (uid, clave))
        for uid, clave, _n, _a in active:  # a clave wins over a name that looks the same
            self.unidades[fold(clave)] = (uid, clave)
        self.only_unit = (active[0].id, active[0].clave) if len(active) == 1 else None
        self._by_text: dict[str, tuple[int, str] | None] = {}  # the cell as written

    def unidad(self, text: str) -> tuple[int, str] | None:
        """The active unidad a cell names (by clave or name, any spelling), else None."""
        try:
            return self._by_text[text]
        except KeyError:
            found = self.unidades.get(fold(text))
            if len(self._by_text) < _MEMO_LIMIT:
                self._by_text[text] = found
            return found

    def unidad_by_id(self, unidad_id: int) -> tuple[int, str] | None:
        """(id, clave) of an active unidad."""
        return next((u for u in self.unidades.values() if u[0] == unidad_id), None)

    def claves_sample(self, n: int = 5) -> str:
        """A few unidad claves, for suggestions."""
        return ", ".join(sorted({c for _, c in self.unidades.values()})[:n])

    def archivo_for(self, etapa_value: str, unidad_id: int) -> int | None:
        """The archivo (trámite of the unit, or the fondo's concentración/histórico)."""
        scope = unidad_id if etapa_value == TipoArchivo.TRAMITE else None
        return self.archivos.get((etapa_value, scope))
