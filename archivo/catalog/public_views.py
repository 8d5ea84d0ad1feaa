"""Public, read-only views of the CGCA and the CADIDO in force, with CSV/JSON downloads,
and the open-data page that documents every public download."""

import io

from flask import Blueprint, Response, abort, current_app, jsonify, render_template

from archivo import clock, csv_safe
from archivo.catalog import cadido, open_data
from archivo.catalog.api import cgca_tree
from archivo.catalog.open_data import CADIDO_COLUMNS, CGCA_COLUMNS, LIST_SEPARATOR
from archivo.catalog.schemas import ReglaOutputSchema
from archivo.catalog.views import current_fondo

bp = Blueprint("public_catalog", __name__, url_prefix="/consulta")


def cgca_rows(tree: list[dict]) -> list[dict]:
    """The tree flattened in reading order: sección, its series, their subseries."""
    rows = []

    def walk(node, nivel):
        rows.append({"nivel": nivel, **{c: node.get(c) for c in CGCA_COLUMNS[1:]}})
        for child in node.get("series", []) + node.get("subseries", []):
            walk(child, child["nivel"])

    for seccion in tree:
        walk(seccion, "seccion")
    return rows


def cadido_rows(fondo_id: int) -> tuple:
    """(version in force or None, its rules as plain rows)."""
    version = cadido.vigente_version(fondo_id)
    if version is None:
        return None, []
    rows = ReglaOutputSchema(many=True).dump(cadido.reglas(version.id))
    return version, [{c: r[c] for c in CADIDO_COLUMNS} for r in rows]


def as_csv(rows: list[dict], columns, filename: str) -> Response:
    """Rows as a UTF-8 CSV download (with BOM so spreadsheets read the accents)."""
    out = io.StringIO()
    writer = csv_safe.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: LIST_SEPARATOR.join(v) if isinstance(v, list) else v
                         for k, v in row.items()})
    # text/* gets "; charset=utf-8" from Flask: naming it here too would send it twice
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def generated_at() -> str:
    """When a download was generated: ISO 8601 in the institution's zone, to the second."""
    return clock.now().isoformat(timespec="seconds")


@bp.get("/cgca")
def cgca():
    """The Cuadro General de Clasificación Archivística, explained in plain language."""
    fondo = current_fondo()
    return render_template("public_catalog/cgca.html", fondo=fondo, tree=cgca_tree(fondo.id))


@bp.get("/cgca.<fmt>")
def cgca_download(fmt: str):
    """The CGCA as CSV or JSON (open data)."""
    fondo = current_fondo()
    rows = cgca_rows(cgca_tree(fondo.id))
    if fmt == "json":
        return jsonify({"fondo": fondo.nombre, "clave": fondo.clave,
                        "generado": generated_at(), "cgca": rows})
    if fmt == "csv":
        return as_csv(rows, CGCA_COLUMNS, f"cgca-{fondo.clave}.csv")
    abort(404)


@bp.get("/cadido")
def cadido_view():
    """The Catálogo de Disposición Documental in force."""
    fondo = current_fondo()
    version, rows = cadido_rows(fondo.id)
    return render_template("public_catalog/cadido.html", fondo=fondo, version=version,
                           rows=rows)


@bp.get("/cadido.<fmt>")
def cadido_download(fmt: str):
    """The CADIDO in force as CSV or JSON (open data)."""
    fondo = current_fondo()
    version, rows = cadido_rows(fondo.id)
    if fmt == "json":
        return jsonify({"fondo": fondo.nombre, "clave": fondo.clave,
                        "version": version and version.numero,
                        "fecha_aprobacion": version and version.fecha_aprobacion
                        and version.fecha_aprobacion.isoformat(),
                        "acta_gi": version and version.acta_gi, "generado": generated_at(),
                        "reglas": rows})
    if fmt == "csv":
        return as_csv(rows, CADIDO_COLUMNS, f"cadido-{fondo.clave}.csv")
    abort(404)


# Licences the institution may choose with ARCHIVO_DATA_LICENSE; any other value is shown
# as written (the institution's own terms).
LICENSES = {
    "libre-uso-mx": ("Libre Uso MX", "https://www.datos.gob.mx/libreusomx"),
    "cc-by-4.0": ("Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
                  "https://creativecommons.org/licenses/by/4.0/deed.es"),
}


def data_license() -> tuple[str, str | None]:
    """(name, address) of the licence the open data are published under."""
    value = (current_app.config.get("DATA_LICENSE") or "libre-uso-mx").strip()
    return LICENSES.get(value.lower(), (value, None))


@bp.get("/datos-abiertos")
def open_data_page():
    """The data dictionary: every public download, its columns, encoding and licence."""
    fondo = current_fondo()
    licencia, licencia_url = data_license()
    return render_template("public_catalog/open_data.html", fondo=fondo,
                           descargas=open_data.downloads(fondo.id), tipos=open_data.TYPES,
                           separador=LIST_SEPARATOR, licencia=licencia,
                           licencia_url=licencia_url, generado=clock.now())
