"""Set-based load of inventario rows: resolve serie, unidad and key per chunk, write in batches."""

import datetime as dt
import functools
import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, func, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from archivo.auth import policies
from archivo.catalog.enums import Acceso, EstadoVersion, TipoArchivo
from archivo.catalog.models import ArchivoSede, CadidoVersion, ReglaCadido, Serie
from archivo.catalog.models import UnidadAdministrativa as Unidad
from archivo.imports.expediente_rows import ExpedienteRow
from archivo.imports.report import ImportReport
from archivo.imports.text import fold
from archivo.records.enums import Etapa, Soporte
from archivo.records.models import Expediente, ExpedienteCounter
from archivo.records.rules import due_dates, format_key
from archivo.search.models import SearchOutbox
from archivo.search.outbox import enqueue

CHUNK = 5000  # rows validated, looked up and written together
_IN_BATCH = 900  # keys per IN (...) lookup, below any driver's parameter limit
_MAX_COUNT = 1_000_000
_T = Expediente.__table__
_C = ExpedienteCounter.__table__
_O = SearchOutbox.__table__
_EXISTING = (_T.c.id, _T.c.clave, _T.c.serie_id, _T.c.unidad_id, _T.c.closed_at, _T.c.etapa,
             _T.c.titulo, _T.c.descripcion, _T.c.palabras_clave, _T.c.fecha_apertura,
             _T.c.soporte, _T.c.legajos, _T.c.ubicacion_caja, _T.c.ubicacion_edificio,
             _T.c.ubicacion_digital)
CONTENT = ("titulo", "descripcion", "palabras_clave", "fecha_apertura", "soporte", "legajos")
LOCATION = ("ubicacion_caja", "ubicacion_edificio", "ubicacion_digital")


@functools.lru_cache(maxsize=16)
def _key_pattern(fmt: str) -> tuple[re.Pattern, int] | None:
    """The key format as a regex and the group of its consecutive (as records.keys reads it)."""
    pattern, names = "", []
    for literal_text, name, _spec, _conv in string.Formatter().parse(fmt):
        pattern += re.escape(literal_text)
        if name:
            names.append(name)
            pattern += r"(\d+)" if name in ("consecutivo", "anio") else r"(.+?)"
    if "consecutivo" not in names:
        return None
    return re.compile(pattern), names.index("consecutivo") + 1


def _consecutivo(fmt: str, clave: str) -> int | None:
    """`records.keys.parse_consecutivo` with the pattern compiled once per format."""
    compiled = _key_pattern(fmt)
    match = compiled and compiled[0].fullmatch(clave)
    return int(match.group(compiled[1])) if match else None


def _executemany(session, rows: list[dict]) -> None:
    """INSERT the rows with one DB-API executemany (adapter: SQLAlchemy's per-row machinery
    costs more than SQLite itself at 100,000 rows). Values go through each column type's
    own bind processor, so what is stored is exactly what `insert(table)` would store."""
    conn = session.connection()
    columns = [c for c in _T.columns if c.key in rows[0]]
    compiled = insert(_T).values({c.key: bindparam(c.key) for c in columns}).compile(
        dialect=conn.dialect)
    names = compiled.positiontup if compiled.positional else [c.key for c in columns]
    procs = [(n, compiled.binds[n].type._cached_bind_processor(conn.dialect)) for n in names]
    if compiled.positional:
        params = [tuple(p(r[n]) if p else r[n] for n, p in procs) for r in rows]
    else:
        params = [{n: p(r[n]) if p else r[n] for n, p in procs} for r in rows]
    conn.exec_driver_sql(compiled.string, params)


@dataclass
class Counts:
    """What the import did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class _SerieInfo:
    id: int
    codigo: str
    seccion: str
    divided: bool  # has subseries: expedientes go into one of them


class ExpedienteLoader:
    """Validate inventario rows against the fondo's catalogue and load them in chunks."""

    def __init__(self, session, actor, fondo, report: ImportReport, *, uow=None,
                 stop_on_error: bool = True, now: dt.datetime):
        self.session, self.actor, self.fondo, self.report = session, actor, fondo, report
        self.uow = uow  # None: dry run, nothing is written
        self.stop_on_error, self.now = stop_on_error, now
        self.counts = Counts()
        self.scoped_unit = (actor.unidad_id if actor.rol in policies.UNIT_SCOPED else None)
        self._load_catalogue()
        # (serie, año) -> last consecutive; raised in the database once, at the end.
        self.counters: dict[tuple[int, int], int] = {
            (sid, anio): n for sid, anio, n in session.execute(
                select(_C.c.serie_id, _C.c.anio, _C.c.ultimo)
                .join(Serie, Serie.id == _C.c.serie_id).where(Serie.fondo_id == fondo.id))}
        self.raised: set[tuple[int, int]] = set()
        self.generated: dict[str, int] = {}  # auto keys handed out -> row
        self.new_keys: set[str] = set()  # explicit keys of rows created by this import

    # --- catalogue, loaded once --------------------------------------------------------

    def _load_catalogue(self) -> None:
        s, fondo_id = self.session, self.fondo.id
        parents = set(s.scalars(select(Serie.parent_id).where(
            Serie.fondo_id == fondo_id, Serie.parent_id.is_not(None))))
        self.series = {
            norm: _SerieInfo(sid, codigo, seccion.codigo, sid in parents)
            for sid, norm, codigo, seccion in (
                (x.id, x.codigo_norm, x.codigo, x.seccion)
                for x in s.scalars(select(Serie).where(Serie.fondo_id == fondo_id)))}
        self.unidades: dict[str, tuple[int, str]] = {}
        self.by_text: dict[str, tuple[int, str]] = {}  # the cell as written -> unidad
        self.only_unit = None
        rows = s.execute(select(Unidad.id, Unidad.clave, Unidad.nombre, Unidad.activa)
                         .where(Unidad.fondo_id == fondo_id)).all()
        for uid, clave, nombre, activa in rows:
            if activa:
                self.unidades.setdefault(fold(nombre), (uid, clave))
        for uid, clave, _n, activa in rows:  # a clave wins over a name that looks the same
            if activa:
                self.unidades[fold(clave)] = (uid, clave)
        active = [r for r in rows if r.activa]
        if len(active) == 1:
            self.only_unit = (active[0].id, active[0].clave)
        self.reglas = {r.serie_id: r for r in s.execute(
            select(ReglaCadido.serie_id, ReglaCadido.id, ReglaCadido.plazo_tramite,
                   ReglaCadido.plazo_concentracion, ReglaCadido.acceso)
            .join(CadidoVersion).where(CadidoVersion.fondo_id == fondo_id,
                                       CadidoVersion.estado == EstadoVersion.VIGENTE))}
        self.archivos: dict[tuple[str, int | None], int] = {}
        for aid, tipo, unidad_id in s.execute(
                select(ArchivoSede.id, ArchivoSede.tipo, ArchivoSede.unidad_id)
                .where(ArchivoSede.fondo_id == fondo_id).order_by(ArchivoSede.id)):
            key = (tipo.value, unidad_id if tipo == TipoArchivo.TRAMITE else None)
            self.archivos.setdefault(key, aid)

    # --- the pipeline ------------------------------------------------------------------

    def load(self, rows: Iterable[ExpedienteRow],
             progress: Callable[[int], None] | None = None) -> Counts:
        """Consume the parsed rows chunk by chunk; raise the counters at the end."""
        chunk: list[ExpedienteRow] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                self._chunk(chunk)
                if progress:
                    progress(len(chunk))
                chunk = []
        if chunk:
            self._chunk(chunk)
            if progress:
                progress(len(chunk))
        if self._writing():
            self._raise_counters()
            if self.counts.created:
                self._queue_created()
        return self.counts

    def _writing(self) -> bool:
        return self.uow is not None and not (self.stop_on_error and self.report.has_errors)

    def _reject(self, row: ExpedienteRow, kind: str, problem: str, column: str, value,
                suggestion: str | None = None) -> None:
        self.report.error(kind, problem, row=row.row, column=column, value=value,
                          suggestion=suggestion, cells=row.cells)
        self.report.rows_valid -= 1

    def _chunk(self, rows: list[ExpedienteRow]) -> None:
        resolved = [(row, values) for row in rows
                    if (values := self._resolve(row)) is not None]
        existing = self._existing([row.clave for row, _ in resolved if row.clave])
        inserts, open_updates, closed_updates, auto = [], [], [], []
        for row, values in resolved:
            if row.clave is None:
                auto.append(values)
                inserts.append(values)
                continue
            if row.clave in self.generated:
                self._reject(row, "clave_generada", f"La clave «{row.clave}» ya se asignó "
                             f"automáticamente a la fila {self.generated[row.clave]}",
                             "Clave", row.clave, "Escriba las claves de todas las filas de "
                             "esa serie y año, o de ninguna")
                continue
            old = existing.get(row.clave)
            if old is None:
                self._new_explicit(row, values)
                inserts.append(values)
            else:
                self._update(row, values, old, open_updates, closed_updates)
        self._assign_auto_keys(auto)
        self.counts.created += len(inserts)
        if self._writing():
            self._write(inserts, open_updates, closed_updates)

    # --- one row -----------------------------------------------------------------------

    def _resolve(self, row: ExpedienteRow) -> dict | None:
        """The expediente's column values, or None when a database check rejects the row."""
        serie = self.series.get(row.serie_norm)
        if serie is None:
            self._reject(row, "serie_inexistente", f"La serie «{row.serie}» no existe en el "
                         "catálogo del fondo", "Serie", row.serie,
                         "Importe primero el CGCA/CADIDO o corrija la clave")
            return None
        if serie.divided:
            self._reject(row, "serie_con_subseries", f"La serie «{serie.codigo}» está dividida "
                         "en subseries: clasifique el expediente en una subserie", "Serie",
                         row.serie, f"Use una subserie, p. ej. {serie.codigo}.1")
            return None
        unidad = self._unidad(row)
        if unidad is None:
            return None
        if self.scoped_unit is not None and unidad[0] != self.scoped_unit:
            self._reject(row, "unidad_ajena", "Solo puede importar expedientes de su propia "
                         "unidad administrativa", "Unidad", row.unidad)
            return None
        if not self._lengths_ok(row):
            return None
        etapa = row.etapa or Etapa.TRAMITE
        regla = self.reglas.get(serie.id)
        values = {
            "fondo_id": self.fondo.id, "serie_id": serie.id, "unidad_id": unidad[0],
            "clave": row.clave, "consecutivo": 0, "anio": row.fecha_apertura.year,
            "titulo": row.titulo, "descripcion": row.descripcion,
            "palabras_clave": "; ".join(row.palabras_clave) or None,
            "fecha_apertura": row.fecha_apertura, "fecha_cierre": None, "fojas": row.fojas,
            "legajos": row.legajos or 1, "soporte": row.soporte or Soporte.PAPEL,
            "etapa": etapa, "acceso": self._acceso(row, regla),
            "archivo_id": self.archivos.get(
                (etapa.value, unidad[0] if etapa is Etapa.TRAMITE else None)),
            "ubicacion_caja": row.caja, "ubicacion_edificio": None, "ubicacion_digital": None,
            "regla_id": None, "vence_transferencia_primaria": None, "vence_destino_final": None,
            "closed_at": None, "closed_by_id": None,
        }
        if row.ubicacion:
            digital = row.ubicacion.startswith(("http://", "https://", "\\\\", "/"))
            values["ubicacion_digital" if digital else "ubicacion_edificio"] = row.ubicacion
        if row.fecha_cierre is not None:
            if regla is None:
                self._reject(row, "sin_regla_vigente", f"La serie «{serie.codigo}» no tiene "
                             "regla en el CADIDO vigente: no se pueden calcular los plazos del "
                             "expediente cerrado", "Fecha de cierre", str(row.fecha_cierre),
                             "Apruebe el CADIDO antes de importar expedientes cerrados")
                return None
            primaria, final = due_dates(row.fecha_cierre, regla.plazo_tramite,
                                        regla.plazo_concentracion)
            values.update(fecha_cierre=row.fecha_cierre, regla_id=regla.id,
                          vence_transferencia_primaria=primaria, vence_destino_final=final,
                          closed_at=self.now, closed_by_id=self.actor.id)
            if row.fojas is None:
                self.report.warning("cerrado_sin_fojas", "Expediente cerrado sin número de "
                                    "fojas", row=row.row, column="Fojas",
                                    suggestion="Registre las fojas al cierre")
        values.update(_serie=serie, _unidad=unidad[1], _row=row.row)
        return values

    def _unidad(self, row: ExpedienteRow) -> tuple[int, str] | None:
        if row.unidad is None:
            if self.scoped_unit is not None:
                return next(((uid, c) for uid, c in self.unidades.values()
                             if uid == self.scoped_unit), None)
            if self.only_unit is not None:
                return self.only_unit
            self._reject(row, "falta_unidad", "Falta la unidad administrativa productora",
                         "Unidad", None, "Escriba la clave o el nombre de la unidad")
            return None
        unidad = self.by_text.get(row.unidad)
        if unidad is None:
            unidad = self.unidades.get(fold(row.unidad))
            if unidad is not None and len(self.by_text) < 10_000:
                self.by_text[row.unidad] = unidad
        if unidad is None:
            self._reject(row, "unidad_inexistente", f"La unidad «{row.unidad}» no existe o no "
                         "está activa en el fondo", "Unidad", row.unidad,
                         "Use la clave o el nombre registrados (p. ej. "
                         f"{', '.join(sorted(c for _, c in self.unidades.values())[:5])})")
        return unidad

    def _lengths_ok(self, row: ExpedienteRow) -> bool:
        limits = (("Clave", row.clave, 120), ("Título", row.titulo, 500),
                  ("Caja", row.caja, 60),
                  ("Ubicación", row.ubicacion, 500 if row.ubicacion and
                   row.ubicacion.startswith(("http", "/", "\\")) else 120))
        for column, text, limit in limits:
            if text is not None and len(text) > limit:
                self._reject(row, "texto_largo", f"{column}: el texto tiene {len(text)} "
                             f"caracteres (máximo {limit})", column, text[:60] + "…",
                             "Abrévielo")
                return False
        for column, number in (("Fojas", row.fojas), ("Legajos", row.legajos)):
            if number is not None and number > _MAX_COUNT:
                self._reject(row, "numero_grande", f"{column}: {number} es demasiado grande",
                             column, str(number))
                return False
        return True

    def _acceso(self, row: ExpedienteRow, regla) -> Acceso:
        acceso = row.acceso
        if acceso is None:
            acceso = regla.acceso if regla is not None else Acceso.PUBLICA
            if acceso is not Acceso.PUBLICA:
                self.report.warning(
                    "acceso_del_catalogo", f"Sin clasificación en el archivo: se toma la del "
                    f"catálogo ({acceso.value})", row=row.row, column="Acceso",
                    suggestion="Registre el fundamento de la clasificación en el expediente")
                return acceso
        if acceso is not Acceso.PUBLICA:
            self.report.warning(
                "clasificacion_sin_fundamento", f"Expediente {acceso.value}: registre su "
                "fundamento (y fecha y plazo si es reservado)", row=row.row, column="Acceso",
                value=acceso.value)
        return acceso

    # --- keys --------------------------------------------------------------------------

    def _counter(self, serie_id: int, anio: int) -> int:
        return self.counters.get((serie_id, anio), 0)

    def _bump(self, serie_id: int, anio: int, value: int | None = None) -> int:
        current = self._counter(serie_id, anio)
        value = current + 1 if value is None else max(current, value)
        if value != current:
            self.counters[(serie_id, anio)] = value
            self.raised.add((serie_id, anio))
        return value

    def _new_explicit(self, row: ExpedienteRow, values: dict) -> None:
        consecutivo = _consecutivo(self.fondo.key_format, row.clave)
        if consecutivo:
            self._bump(values["serie_id"], values["anio"], consecutivo)
        else:
            consecutivo = self._bump(values["serie_id"], values["anio"])
        values["consecutivo"] = consecutivo
        self.new_keys.add(row.clave)

    def _assign_auto_keys(self, auto: list[dict]) -> None:
        """Next consecutive per (serie, año), skipping keys already taken in the database."""
        pending = auto
        while pending:
            for values in pending:
                serie, anio = values["_serie"], values["anio"]
                while True:
                    n = self._bump(serie.id, anio)
                    clave = format_key(self.fondo.key_format, fondo=self.fondo.clave,
                                       seccion=serie.seccion, serie=serie.codigo,
                                       consecutivo=n, anio=anio, unidad=values["_unidad"])
                    if clave not in self.new_keys and clave not in self.generated:
                        break
                values.update(clave=clave, consecutivo=n)
            taken = self._existing([v["clave"] for v in pending])
            for values in pending:
                if values["clave"] not in taken:
                    self.generated[values["clave"]] = values.get("_row", 0)
            pending = [v for v in pending if v["clave"] in taken]

    def _existing(self, claves: list[str]) -> dict:
        found = {}
        for start in range(0, len(claves), _IN_BATCH):
            batch = claves[start:start + _IN_BATCH]
            for r in self.session.execute(select(*_EXISTING).where(
                    _T.c.fondo_id == self.fondo.id, _T.c.clave.in_(batch))):
                found[r.clave] = r
        return found

    # --- updates -----------------------------------------------------------------------

    def _update(self, row, values: dict, old, open_updates: list, closed_updates: list) -> None:
        if old.serie_id != values["serie_id"]:
            self._reject(row, "clave_en_otra_serie", f"La clave «{row.clave}» ya existe en "
                         "otra serie", "Serie", row.serie, "Revise la clave o la serie")
            return
        if self.scoped_unit is not None and old.unidad_id != self.scoped_unit:
            self._reject(row, "unidad_ajena", "El expediente existente es de otra unidad "
                         "administrativa", "Clave", row.clave)
            return
        if old.etapa == Etapa.BAJA:
            self.report.warning("expediente_de_baja", f"El expediente «{row.clave}» fue dado "
                                "de baja: no se modifica", row=row.row, column="Clave")
            self.counts.unchanged += 1
            return
        given = {k: values[k] for k in LOCATION if values[k] is not None}
        # Only what the row says: a blank cell or a default never erases stored data.
        content = {"titulo": row.titulo, "descripcion": row.descripcion,
                   "palabras_clave": values["palabras_clave"],
                   "fecha_apertura": row.fecha_apertura, "soporte": row.soporte,
                   "legajos": row.legajos}
        content = {k: v for k, v in content.items() if v is not None}
        if old.closed_at is None:
            given.update(content)
            if values["fecha_cierre"] is not None:
                self.report.warning(
                    "cierre_no_aplicado", f"El expediente «{row.clave}» está abierto en el "
                    "sistema: la fecha de cierre del archivo no se aplica", row=row.row,
                    column="Fecha de cierre", suggestion="Ciérrelo desde el expediente")
        elif any(v != getattr(old, k) for k, v in content.items()):
            self.report.info("cerrado_solo_ubicacion", f"El expediente «{row.clave}» está "
                             "cerrado: solo se actualiza su ubicación", row=row.row,
                             column="Clave", value=row.clave)
        changed = {k: v for k, v in given.items() if v != getattr(old, k)}
        if not changed:
            self.counts.unchanged += 1
            return
        self.counts.updated += 1
        params = {**{k: getattr(old, k) for k in given}, **changed, "_id": old.id}
        (open_updates if old.closed_at is None else closed_updates).append(params)

    # --- writes ------------------------------------------------------------------------

    def _write(self, inserts: list[dict], open_updates: list, closed_updates: list) -> None:
        s = self.session
        ids = []
        if inserts:
            common = {"created_at": self.now, "updated_at": self.now,
                      "created_by_id": self.actor.id, "version_id": 1,
                      "datos_personales_sensibles": False, "violaciones_ddhh": False}
            # A plain executemany (no RETURNING); their outbox rows are queued at the end.
            _executemany(s, [{**values, **common} for values in inserts])
        for batch, fields in ((open_updates, (*CONTENT, *LOCATION)), (closed_updates, LOCATION)):
            by_shape: dict[tuple, list] = {}
            for params in batch:
                by_shape.setdefault(tuple(sorted(k for k in params if k in fields)),
                                    []).append(params)
            for shape, params in by_shape.items():
                # Bind names must differ from column names in an executemany UPDATE.
                stmt = (update(_T).where(_T.c.id == bindparam("_id"))
                        .values({**{k: bindparam(f"p_{k}") for k in shape},
                                 "version_id": _T.c.version_id + 1, "updated_at": self.now}))
                s.execute(stmt, [{"_id": p["_id"], **{f"p_{k}": p[k] for k in shape}}
                                 for p in params])
                ids.extend(p["_id"] for p in params)
        enqueue(self.uow, ids)

    def _queue_created(self) -> None:
        """Outbox rows for every expediente this import created, in one INSERT .. SELECT."""
        created = (select(_T.c.id, literal("upsert"), literal(self.now, _O.c.created_at.type))
                   .where(_T.c.fondo_id == self.fondo.id, _T.c.created_at == self.now,
                          _T.c.created_by_id == self.actor.id))
        self.session.execute(insert(_O).from_select(["expediente_id", "op", "created_at"],
                                                    created))
        enqueue(self.uow, [])  # registers the after-commit drain, if any

    def _raise_counters(self) -> None:
        """One upsert per (serie, año) touched: counters never go down (dialect adapter)."""
        if not self.raised:
            return
        dialect = self.session.get_bind().dialect.name
        stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_C)
        greatest = func.max if dialect == "sqlite" else func.greatest
        stmt = stmt.on_conflict_do_update(
            index_elements=[_C.c.serie_id, _C.c.anio],
            set_={"ultimo": greatest(_C.c.ultimo, stmt.excluded.ultimo)})
        self.session.execute(stmt, [{"serie_id": s, "anio": a, "ultimo": self.counters[(s, a)]}
                                    for s, a in sorted(self.raised)])
