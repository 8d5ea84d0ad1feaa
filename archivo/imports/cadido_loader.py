"""Upsert a parsed CGCA/CADIDO into a fondo: database checks first, then one set of writes."""

from dataclasses import dataclass, field

from marshmallow import ValidationError
from sqlalchemy import func, select

from archivo.catalog import cadido
from archivo.catalog.enums import (
    Destino,
    EstadoVersion,
    TipoSeccion,
    ValorPrimario,
    ValorSecundario,
)
from archivo.catalog.models import CadidoVersion, ReglaCadido, Seccion, Serie
from archivo.catalog.schemas import ReglaInputSchema
from archivo.catalog.service import code_sort_key
from archivo.imports.cadido_rows import CadidoResult, CatalogRow
from archivo.imports.labels import Nivel

_SECCION_FIELDS = ("nombre", "descripcion", "tipo")
_SERIE_FIELDS = ("nombre", "descripcion", "unidades_productoras")
_LISTED = 50  # codes listed in the summary note about series without rules
_VALOR_COLUMNS = {ValorPrimario.ADMINISTRATIVO: "valor_administrativo",
                  ValorPrimario.LEGAL: "valor_legal",
                  ValorPrimario.FISCAL_CONTABLE: "valor_fiscal_contable",
                  ValorSecundario.EVIDENCIAL: "valor_evidencial",
                  ValorSecundario.TESTIMONIAL: "valor_testimonial",
                  ValorSecundario.INFORMATIVO: "valor_informativo"}

# Built once: a marshmallow schema is reusable, and building one per row cost more than
# the rest of a 2,000-row CADIDO dry run.
_RULE_SCHEMA = ReglaInputSchema()


@dataclass
class CatalogueCounts:
    """Rows created, updated and unchanged, and rules set, per the plan."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reglas: int = 0
    reglas_sin_cambio: int = 0
    codes: dict[str, list[str]] = field(default_factory=lambda: {
        "creadas": [], "actualizadas": [], "reglas": []})


@dataclass
class _Step:
    row: CatalogRow
    values: dict
    existing: object | None  # Seccion | Serie
    rule: dict | None = None


class CatalogueLoader:
    """Check a parsed catalogue against the fondo; `apply` writes the planned changes."""

    def __init__(self, session, actor, fondo, parsed: CadidoResult):
        self.session, self.actor, self.fondo = session, actor, fondo
        self.parsed, self.report = parsed, parsed.report
        self.counts = CatalogueCounts()
        self.steps: list[_Step] = []
        self.sin_regla: list[str] = []

    def _reject(self, row: CatalogRow, kind: str, problem: str, suggestion: str | None = None):
        self.report.error(kind, problem, row=row.row, column="Código", value=row.codigo,
                          suggestion=suggestion, cells=row.cells)
        self.report.rows_valid -= 1

    # --- checks (read-only) ------------------------------------------------------------

    def check(self) -> CatalogueCounts:
        """Plan every row against the database and report what blocks or needs attention."""
        s, fondo_id = self.session, self.fondo.id
        secciones = {x.codigo_norm: x for x in s.scalars(
            select(Seccion).where(Seccion.fondo_id == fondo_id))}
        series = {x.codigo_norm: x for x in s.scalars(
            select(Serie).where(Serie.fondo_id == fondo_id))}
        by_id = {x.id: x for x in series.values()}
        divided = {by_id[p].codigo_norm for p in s.scalars(select(Serie.parent_id).where(
            Serie.fondo_id == fondo_id, Serie.parent_id.is_not(None)))}
        self.draft = s.scalar(select(CadidoVersion).where(
            CadidoVersion.fondo_id == fondo_id, CadidoVersion.estado == EstadoVersion.BORRADOR))
        self.vigente = cadido.vigente_version(fondo_id)
        base = self.draft or self.vigente  # a new draft starts as a copy of the one in force
        self.rules = {r.serie_id: r for r in s.scalars(select(ReglaCadido).where(
            ReglaCadido.version_id == base.id))} if base else {}
        rows = sorted(self.parsed.rows, key=lambda r: code_sort_key(r.codigo_norm))
        file_divided = {r.parent for r in rows if r.nivel is Nivel.SUBSERIE}
        accepted: set[str] = set()
        warned: set[str] = set()
        for row in rows:
            if row.nivel is Nivel.SECCION:
                self._plan(row, secciones.get(row.codigo_norm), {
                    "nombre": row.nombre, "descripcion": row.descripcion,
                    "tipo": row.tipo_seccion}, _SECCION_FIELDS)
                accepted.add(row.codigo_norm)
                continue
            known = secciones if row.nivel is Nivel.SERIE else series
            if row.parent not in accepted and row.parent not in known:
                what = "sección" if row.nivel is Nivel.SERIE else "serie"
                self._reject(row, "padre_inexistente", f"La {what} «{row.parent}» no existe "
                             "en el fondo ni está en este archivo (o fue rechazada)",
                             f"Agregue la {what} {row.parent} al archivo")
                continue
            existing = series.get(row.codigo_norm)
            is_divided = row.codigo_norm in divided or row.codigo_norm in file_divided
            rule = None
            if self.parsed.has_rules_columns and row.has_rules:
                if row.codigo_norm in divided:
                    self.report.info("reglas_en_serie_con_subseries",
                                     f"La serie «{row.codigo}» tiene subseries: sus reglas se "
                                     "fijan en cada subserie", row=row.row, value=row.codigo)
                elif not is_divided:
                    rule = self._rule(row)
                    if rule is None:
                        continue
            step = self._plan(row, existing, {
                "nombre": row.nombre, "descripcion": row.descripcion,
                "unidades_productoras": row.areas}, _SERIE_FIELDS)
            accepted.add(row.codigo_norm)
            parent = series.get(row.parent or "")
            if (row.nivel is Nivel.SUBSERIE and parent is not None
                    and row.parent not in divided | warned):
                warned.add(row.parent)
                self._new_subseries_warning(row, parent)
            if rule is not None:
                self._count_rule(step, rule, existing)
        self._series_sin_regla(series, divided, file_divided, accepted)
        return self.counts

    def _plan(self, row: CatalogRow, existing, values: dict, names) -> _Step:
        values = {k: v for k, v in values.items() if v is not None}
        step = _Step(row, values, existing)
        self.steps.append(step)
        if existing is None:
            self.counts.created += 1
            self.counts.codes["creadas"].append(row.codigo)
        elif any(getattr(existing, k) != values[k] for k in names if k in values):
            self.counts.updated += 1
            self.counts.codes["actualizadas"].append(row.codigo)
        else:
            self.counts.unchanged += 1
        return step

    def _new_subseries_warning(self, row: CatalogRow, serie: Serie) -> None:
        from archivo.records.models import Expediente  # records depends on catalog

        n = self.session.scalar(select(func.count()).select_from(Expediente)
                                .where(Expediente.serie_id == serie.id))
        if n:
            self.report.warning(
                "serie_pasa_a_subseries", f"La serie «{serie.codigo}» tiene {n} expedientes "
                f"y este archivo la divide en subseries ({row.codigo})", row=row.row,
                column="Código", value=row.codigo,
                suggestion="Reclasifique esos expedientes en sus subseries")

    def _rule(self, row: CatalogRow) -> dict | None:
        """The row's rule validated like the CADIDO editor does; None when rejected."""
        data = {"serie_id": 0, "plazo_tramite": row.plazo_tramite,
                "plazo_concentracion": row.plazo_concentracion, "destino": row.destino.value,
                "valores_primarios": sorted(v.value for v in row.valores_primarios or ()),
                "valores_secundarios": sorted(v.value for v in row.valores_secundarios or ()),
                "criterio_muestreo": row.criterio_muestreo, "fundamento_legal": row.fundamento,
                "observaciones": row.observaciones}
        if row.acceso is not None:
            data["acceso"] = row.acceso.value
        if row.destino is Destino.MUESTREO and not row.criterio_muestreo:
            data["criterio_muestreo"] = "Por definir"  # already reported as a warning
        try:
            values = _RULE_SCHEMA.load(data)
        except ValidationError as err:
            for name, messages in err.normalized_messages().items():
                self._reject(row, "regla_invalida", f"{name}: {' '.join(messages)}",
                             "Complete la regla del CADIDO de esta serie")
            return None
        content = {name: values[name] for name in cadido.RULE_FIELDS if name in values}
        chosen = {*values["valores_primarios"], *values["valores_secundarios"]}
        content.update({column: valor in chosen for valor, column in _VALOR_COLUMNS.items()})
        return content

    def _count_rule(self, step: _Step, rule: dict, existing) -> None:
        current = self.rules.get(existing.id) if existing is not None else None
        if current is not None:  # a column the file lacks never erases what is stored
            row = step.row
            for name, given in (("acceso", row.acceso), ("fundamento_legal", row.fundamento),
                                ("observaciones", row.observaciones),
                                ("criterio_muestreo", row.criterio_muestreo)):
                if given is None:
                    rule[name] = getattr(current, name)
        step.rule = rule
        if current is not None and cadido.rule_snapshot(current) == rule:
            self.counts.reglas_sin_cambio += 1
        else:
            self.counts.reglas += 1
            self.counts.codes["reglas"].append(step.row.codigo)

    def _series_sin_regla(self, series: dict, divided: set, file_divided: set,
                          accepted: set) -> None:
        ruled = {s.codigo_norm for s in series.values() if s.id in self.rules}
        ruled |= {step.row.codigo_norm for step in self.steps if step.rule is not None}
        codes = {norm: s.codigo for norm, s in series.items()}
        codes.update({st.row.codigo_norm: st.row.codigo for st in self.steps
                      if st.row.nivel is not Nivel.SECCION})
        leaves = [n for n in codes if n not in divided and n not in file_divided]
        self.sin_regla = [codes[n] for n in sorted(set(leaves) - ruled, key=code_sort_key)]
        if self.sin_regla:
            listed = ", ".join(self.sin_regla[:_LISTED])
            more = f" y {len(self.sin_regla) - _LISTED} más" if len(self.sin_regla) > _LISTED \
                else ""
            self.report.info("series_sin_regla", f"{len(self.sin_regla)} series o subseries "
                             f"aún no tienen reglas de CADIDO: {listed}{more}",
                             suggestion="Importe el CADIDO completo o capture sus reglas")

    # --- writes ------------------------------------------------------------------------

    def apply(self, uow, descripcion: str) -> CadidoVersion | None:
        """Create/update secciones, series and subseries, then the draft's rules."""
        s = self.session
        made: dict[str, object] = {}
        for step in self.steps:  # code order: parents come before their children
            row, obj = step.row, step.existing
            if obj is None:
                obj = self._create(row, step.values, made)
                s.add(obj)
                s.flush()
            else:
                for key, value in step.values.items():
                    if getattr(obj, key) != value:
                        setattr(obj, key, value)
            made[row.codigo_norm] = obj
        s.flush()
        rules = [step for step in self.steps if step.rule is not None]
        if not rules:
            return None
        draft = self.draft or cadido.create_version(
            self.actor, self.fondo.id, {"descripcion": descripcion}, uow=uow)
        current = {r.serie_id: r for r in s.scalars(
            select(ReglaCadido).where(ReglaCadido.version_id == draft.id))}
        for step in rules:
            serie = made[step.row.codigo_norm]
            regla = current.get(serie.id)
            if regla is None:
                s.add(ReglaCadido(version_id=draft.id, serie_id=serie.id, **step.rule))
            else:
                for key, value in step.rule.items():
                    if getattr(regla, key) != value:
                        setattr(regla, key, value)
        s.flush()
        return draft

    def _create(self, row: CatalogRow, values: dict, made: dict):
        fondo_id = self.fondo.id
        if row.nivel is Nivel.SECCION:
            tipo = values.pop("tipo", None) or row.tipo_seccion
            tipo = tipo or (TipoSeccion.COMUN if row.codigo_norm.endswith("C")
                            else TipoSeccion.SUSTANTIVA)
            return Seccion(fondo_id=fondo_id, codigo=row.codigo, codigo_norm=row.codigo_norm,
                           tipo=tipo, **values)
        parent = made.get(row.parent) or self._find(row)
        if row.nivel is Nivel.SERIE:
            return Serie(fondo_id=fondo_id, seccion_id=parent.id, codigo=row.codigo,
                         codigo_norm=row.codigo_norm, **values)
        return Serie(fondo_id=fondo_id, seccion_id=parent.seccion_id, parent_id=parent.id,
                     codigo=row.codigo, codigo_norm=row.codigo_norm, **values)

    def _find(self, row: CatalogRow):
        model = Seccion if row.nivel is Nivel.SERIE else Serie
        return self.session.scalar(select(model).where(
            model.fondo_id == self.fondo.id, model.codigo_norm == row.parent))
