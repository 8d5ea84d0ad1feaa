"""Set-based load of inventario rows: resolve serie, unidad and key per chunk, write in batches.

The pieces: `FondoCatalogue` (lookups loaded once), `KeyBook` (consecutives and automatic
keys), `key_lookup` (which keys exist), `expediente_updates` (what a row may change in an
existing expediente) and `ExpedienteWriter` (batched Core writes). This module is the
pipeline that ties them.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archivo.auth import policies
from archivo.catalog.enums import Acceso
from archivo.imports.expediente_catalogue import FondoCatalogue
from archivo.imports.expediente_keys import KeyBook
from archivo.imports.expediente_lookup import key_lookup
from archivo.imports.expediente_rows import ExpedienteRow
from archivo.imports.expediente_updates import plan_update
from archivo.imports.expediente_writer import ExpedienteWriter
from archivo.imports.report import ImportReport
from archivo.records.enums import Etapa, Soporte
from archivo.records.rules import due_dates

CHUNK = 5000  # rows validated, looked up and written together
_MAX_COUNT = 1_000_000
_DIGITAL = ("http://", "https://", "\\\\", "/")


@dataclass
class Counts:
    """What the import did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ExpedienteLoader:
    """Validate inventario rows against the fondo's catalogue and load them in chunks."""

    def __init__(self, session, actor, fondo, report: ImportReport, *, uow=None,
                 stop_on_error: bool = True, now: dt.datetime):
        self.session, self.actor, self.fondo, self.report = session, actor, fondo, report
        self.stop_on_error, self.now = stop_on_error, now
        self.counts = Counts()
        self.scoped_unit = (actor.unidad_id if actor.rol in policies.UNIT_SCOPED else None)
        self.catalogue = FondoCatalogue(session, fondo.id)
        self.keys = KeyBook(session, fondo)
        self._existing = key_lookup(session, fondo.id)
        # None: dry run, nothing is written.
        self.writer = ExpedienteWriter(session, uow, actor, fondo, now) if uow else None

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
            self.keys.save_counters()
            if self.counts.created:
                self.writer.queue_created()
        return self.counts

    def _writing(self) -> bool:
        return self.writer is not None and not (self.stop_on_error and self.report.has_errors)

    def reject(self, row: ExpedienteRow, kind: str, problem: str, column: str, value,
               suggestion: str | None = None) -> None:
        """Record an error that rejects the row (it stops counting as valid)."""
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
            if row.clave in self.keys.generated:
                self.reject(row, "clave_generada", f"La clave «{row.clave}» ya se asignó "
                            f"automáticamente a la fila {self.keys.generated[row.clave]}",
                            "Clave", row.clave, "Escriba las claves de todas las filas de "
                            "esa serie y año, o de ninguna")
                continue
            old = existing.get(row.clave)
            if old is None:
                self.keys.take_explicit(values)
                inserts.append(values)
                continue
            planned = plan_update(self, row, values, old)
            if planned is not None:
                (open_updates if old.closed_at is None else closed_updates).append(planned)
        self.keys.assign_auto(auto, self._existing)
        self.counts.created += len(inserts)
        if self._writing():
            self.writer.write(inserts, open_updates, closed_updates)

    # --- one row -----------------------------------------------------------------------

    def _resolve(self, row: ExpedienteRow) -> dict | None:
        """The expediente's column values, or None when a database check rejects the row."""
        serie = self.catalogue.series.get(row.serie_norm)
        if serie is None:
            self.reject(row, "serie_inexistente", f"La serie «{row.serie}» no existe en el "
                        "catálogo del fondo", "Serie", row.serie,
                        "Importe primero el CGCA/CADIDO o corrija la clave")
            return None
        if serie.divided:
            self.reject(row, "serie_con_subseries", f"La serie «{serie.codigo}» está dividida "
                        "en subseries: clasifique el expediente en una subserie", "Serie",
                        row.serie, f"Use una subserie, p. ej. {serie.codigo}.1")
            return None
        unidad = self._unidad(row)
        if unidad is None:
            return None
        if self.scoped_unit is not None and unidad[0] != self.scoped_unit:
            self.reject(row, "unidad_ajena", "Solo puede importar expedientes de su propia "
                        "unidad administrativa", "Unidad", row.unidad)
            return None
        if not self._lengths_ok(row):
            return None
        etapa = row.etapa or Etapa.TRAMITE
        regla = self.catalogue.reglas.get(serie.id)
        values = {
            "fondo_id": self.fondo.id, "serie_id": serie.id, "unidad_id": unidad[0],
            "clave": row.clave, "consecutivo": 0, "anio": row.fecha_apertura.year,
            "titulo": row.titulo, "descripcion": row.descripcion,
            "palabras_clave": "; ".join(row.palabras_clave) or None,
            "fecha_apertura": row.fecha_apertura, "fecha_cierre": None, "fojas": row.fojas,
            "legajos": row.legajos or 1, "soporte": row.soporte or Soporte.PAPEL,
            "etapa": etapa, "acceso": self._acceso(row, regla),
            "archivo_id": self.catalogue.archivo_for(etapa.value, unidad[0]),
            "ubicacion_caja": row.caja, "ubicacion_edificio": None, "ubicacion_digital": None,
            "regla_id": None, "vence_transferencia_primaria": None, "vence_destino_final": None,
            "closed_at": None, "closed_by_id": None,
        }
        if row.ubicacion:
            digital = row.ubicacion.startswith(_DIGITAL)
            values["ubicacion_digital" if digital else "ubicacion_edificio"] = row.ubicacion
        if row.fecha_cierre is not None and not self._closed(row, serie, regla, values):
            return None
        values.update(_serie=serie, _unidad=unidad[1], _row=row.row)
        return values

    def _closed(self, row: ExpedienteRow, serie, regla, values: dict) -> bool:
        """Fill the due dates of a closed expediente from the rule in force (False: rejected)."""
        if regla is None:
            self.reject(row, "sin_regla_vigente", f"La serie «{serie.codigo}» no tiene "
                        "regla en el CADIDO vigente: no se pueden calcular los plazos del "
                        "expediente cerrado", "Fecha de cierre", str(row.fecha_cierre),
                        "Apruebe el CADIDO antes de importar expedientes cerrados")
            return False
        primaria, final = due_dates(row.fecha_cierre, regla.plazo_tramite,
                                    regla.plazo_concentracion)
        values.update(fecha_cierre=row.fecha_cierre, regla_id=regla.id,
                      vence_transferencia_primaria=primaria, vence_destino_final=final,
                      closed_at=self.now, closed_by_id=self.actor.id)
        if row.fojas is None:
            self.report.warning("cerrado_sin_fojas", "Expediente cerrado sin número de "
                                "fojas", row=row.row, column="Fojas",
                                suggestion="Registre las fojas al cierre")
        return True

    def _unidad(self, row: ExpedienteRow) -> tuple[int, str] | None:
        catalogue = self.catalogue
        if row.unidad is None:
            if self.scoped_unit is not None:
                return catalogue.unidad_by_id(self.scoped_unit)
            if catalogue.only_unit is not None:
                return catalogue.only_unit
            self.reject(row, "falta_unidad", "Falta la unidad administrativa productora",
                        "Unidad", None, "Escriba la clave o el nombre de la unidad")
            return None
        unidad = catalogue.unidad(row.unidad)
        if unidad is None:
            self.reject(row, "unidad_inexistente", f"La unidad «{row.unidad}» no existe o no "
                        "está activa en el fondo", "Unidad", row.unidad,
                        f"Use la clave o el nombre registrados (p. ej. "
                        f"{catalogue.claves_sample()})")
        return unidad

    def _lengths_ok(self, row: ExpedienteRow) -> bool:
        limits = (("Clave", row.clave, 120), ("Título", row.titulo, 500),
                  ("Caja", row.caja, 60),
                  ("Ubicación", row.ubicacion, 500 if row.ubicacion and
                   row.ubicacion.startswith(("http", "/", "\\")) else 120))
        for column, text, limit in limits:
            if text is not None and len(text) > limit:
                self.reject(row, "texto_largo", f"{column}: el texto tiene {len(text)} "
                            f"caracteres (máximo {limit})", column, text[:60] + "…",
                            "Abrévielo")
                return False
        for column, number in (("Fojas", row.fojas), ("Legajos", row.legajos)):
            if number is not None and number > _MAX_COUNT:
                self.reject(row, "numero_grande", f"{column}: {number} es demasiado grande",
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
