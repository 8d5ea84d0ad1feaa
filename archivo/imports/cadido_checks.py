"""Whole-file checks of a parsed catalogue: duplicates, missing parents, incomplete rules."""

from archivo.imports.labels import Nivel
from archivo.imports.report import ImportReport

_PARENT_NIVEL = {Nivel.SERIE: "sección", Nivel.SUBSERIE: "serie"}


def check_catalogue(rows: list, report: ImportReport, with_rules: bool,
                    cells_by_row: dict[int, list]) -> None:
    """Report what only the whole file shows; rows stay in `rows`, errors mark them rejected."""
    first: dict[str, object] = {}
    for row in rows:
        seen = first.get(row.codigo_norm)
        if seen is None:
            first[row.codigo_norm] = row
            continue
        same = "" if seen.codigo == row.codigo else f" (escrita «{seen.codigo}»)"
        report.error("codigo_duplicado",
                     f"La clave «{row.codigo}» ya aparece en la fila {seen.row}{same}",
                     row=row.row, column="Código", value=row.codigo,
                     suggestion="Deje una sola fila por clave", cells=cells_by_row[row.row])
    parents_with_children = {row.parent for row in rows if row.parent}
    # Rows whose plazo or destino was already reported as unreadable: don't say "missing" too.
    unreadable = {(e.row, e.kind) for e in report.entries
                  if e.kind in ("plazo_invalido", "destino_invalido", "destino_ambiguo",
                                "marca_invalida")}
    for row in rows:
        if first.get(row.codigo_norm) is not row:
            continue  # duplicates are already rejected
        if row.parent and row.parent not in first:
            report.warning(
                "padre_ausente",
                f"La {_PARENT_NIVEL[row.nivel]} «{row.parent}» no está en este archivo: "
                "debe existir ya en la base de datos",
                row=row.row, column="Código", value=row.codigo,
                suggestion=f"Agregue la {_PARENT_NIVEL[row.nivel]} {row.parent} al archivo "
                "si aún no está registrada",
            )
        if row.nivel is Nivel.SECCION:
            continue
        is_leaf = row.nivel is Nivel.SUBSERIE or row.codigo_norm not in parents_with_children
        if not is_leaf:
            if with_rules and row.has_rules:
                report.info("reglas_en_serie_con_subseries",
                            f"La serie «{row.codigo}» tiene subseries: sus reglas se "
                            "aplican en cada subserie", row=row.row, value=row.codigo)
            continue
        if not with_rules:
            report.info("sin_cadido",
                        f"La {row.nivel.value} «{row.codigo}» aún no tiene reglas de CADIDO "
                        "(valores, plazos, destino)", row=row.row, value=row.codigo)
            continue
        _check_rule(row, report, cells_by_row[row.row], unreadable)


def _check_rule(row, report: ImportReport, cells: list, unreadable: set) -> None:
    """A serie without subseries, or a subserie, needs both plazos and one destino."""
    missing = [label for label, value in (("plazo en trámite (AT)", row.plazo_tramite),
                                          ("plazo en concentración (AC)",
                                           row.plazo_concentracion))
               if value is None]
    if missing and (row.row, "plazo_invalido") not in unreadable:
        report.error("plazo_faltante",
                     f"La {row.nivel.value} «{row.codigo}» no tiene " + " ni ".join(missing),
                     row=row.row, column="Plazos de conservación", value=None,
                     suggestion="Escriba los años de cada plazo", cells=cells)
    destino_reported = {(row.row, k) for k in ("destino_invalido", "destino_ambiguo",
                                               "marca_invalida")} & unreadable
    if row.destino is None and not destino_reported:
        report.error("destino_faltante",
                     f"La {row.nivel.value} «{row.codigo}» no tiene destino final",
                     row=row.row, column="Destino final", value=None,
                     suggestion="Marque baja (B), conservación (C) o muestreo (M)", cells=cells)

