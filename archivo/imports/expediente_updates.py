"""What a re-imported row may change in an expediente that already exists (idempotence)."""

from archivo.imports.expediente_writer import LOCATION
from archivo.records.enums import Etapa


def plan_update(loader, row, values: dict, old) -> dict | None:
    """The UPDATE parameters for an existing expediente, or None (rejected or unchanged).

    Only what the row says: a blank cell or a default never erases stored data. A closed
    expediente is read-only except for its location; a disposed one is never touched.
    """
    report, counts = loader.report, loader.counts
    if old.serie_id != values["serie_id"]:
        loader.reject(row, "clave_en_otra_serie", f"La clave «{row.clave}» ya existe en "
                      "otra serie", "Serie", row.serie, "Revise la clave o la serie")
        return None
    if loader.scoped_unit is not None and old.unidad_id != loader.scoped_unit:
        loader.reject(row, "unidad_ajena", "El expediente existente es de otra unidad "
                      "administrativa", "Clave", row.clave)
        return None
    if old.etapa == Etapa.BAJA:
        report.warning("expediente_de_baja", f"El expediente «{row.clave}» fue dado "
                       "de baja: no se modifica", row=row.row, column="Clave")
        counts.unchanged += 1
        return None
    given = {k: values[k] for k in LOCATION if values[k] is not None}
    content = {"titulo": row.titulo, "descripcion": row.descripcion,
               "palabras_clave": values["palabras_clave"],
               "fecha_apertura": row.fecha_apertura, "soporte": row.soporte,
               "legajos": row.legajos}
    content = {k: v for k, v in content.items() if v is not None}
    if old.closed_at is None:
        given.update(content)
        if values["fecha_cierre"] is not None:
            report.warning("cierre_no_aplicado", f"El expediente «{row.clave}» está abierto "
                           "en el sistema: la fecha de cierre del archivo no se aplica",
                           row=row.row, column="Fecha de cierre",
                           suggestion="Ciérrelo desde el expediente")
    elif any(v != getattr(old, k) for k, v in content.items()):
        report.info("cerrado_solo_ubicacion", f"El expediente «{row.clave}» está cerrado: "
                    "solo se actualiza su ubicación", row=row.row, column="Clave",
                    value=row.clave)
    changed = {k: v for k, v in given.items() if v != getattr(old, k)}
    if not changed:
        counts.unchanged += 1
        return None
    counts.updated += 1
    return {**{k: getattr(old, k) for k in given}, **changed, "_id": old.id}
