"""HTML: the ISAD(G) description form of any unit, and finding-aid downloads."""

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_babel import gettext as _

from archivo.auth.current import current_actor
from archivo.i18n import _ as _l
from archivo.interop import service
from archivo.interop.export import start_export
from archivo.interop.models import ELEMENTOS
from archivo.interop.oai.views import bp as oai_bp
from archivo.ui import attempt, can, done, form_data, login_required, render_invalid, require

bp = Blueprint("interop", __name__)

# The archivist's elements on the form: label (with the ISAD(G) number) and a hint.
LABELS = {
    "historia_institucional": (_l("3.2.2 Historia institucional"),
                               _l("Origen, funciones y cambios de la institución o unidad.")),
    "historia_archivistica": (_l("3.2.3 Historia archivística"),
                              _l("Cómo se formó y custodió la documentación.")),
    "forma_ingreso": (_l("3.2.4 Forma de ingreso"),
                      _l("Transferencia, donación, compra… con fechas.")),
    "alcance_contenido": (_l("3.3.1 Alcance y contenido"),
                          _l("Qué asuntos, periodos y lugares abarca.")),
    "nuevos_ingresos": (_l("3.3.3 Nuevos ingresos"),
                        _l("Si se esperan más transferencias.")),
    "condiciones_reproduccion": (_l("3.4.2 Condiciones de reproducción"), None),
    "lengua": (_l("3.4.3 Lengua y escritura"), _l("Por ejemplo: español.")),
    "caracteristicas_fisicas": (_l("3.4.4 Características físicas y requisitos técnicos"),
                                None),
    "instrumentos_descripcion": (_l("3.4.5 Instrumentos de descripción"),
                                 _l("Inventarios, guías o catálogos que la describen.")),
    "notas": (_l("3.6.1 Notas"), None),
    "control_descripcion": (_l("3.7 Control de la descripción"),
                            _l("Quién describió, con qué reglas y cuándo.")),
}
NIVELES = {"fondo": _l("Fondo"), "seccion": _l("Sección"), "serie": _l("Serie"),
           "subserie": _l("Subserie"), "expediente": _l("Expediente")}


@bp.route("/descripcion/<nivel>/<int:objeto_id>", methods=["GET", "POST"])
@login_required
def describe(nivel: str, objeto_id: int):
    """See the whole ISAD(G) description; describers edit the elements they write."""
    parsed = service.parse_nivel(nivel)
    actor = require("read")
    context = {"nivel": parsed.value, "objeto_id": objeto_id, "labels": LABELS,
               "niveles": NIVELES, "elementos": ELEMENTOS,
               "editable": can("description.write")}
    if request.method == "GET":
        desc = service.get_description(actor, parsed, objeto_id)
        form = {k: v or "" for k, v in desc["elementos"].items()}
        form["version"] = desc["version"] or ""
        return render_template("interop/describe.html", d=desc, errors={}, form=form,
                               **context)
    data = form_data(nullable=ELEMENTOS)
    version = data.pop("version", None)
    _row, errors = attempt(service.update_description, actor, parsed, objeto_id, data,
                           expected_version=int(version) if str(version).isdigit() else None)
    if errors:
        desc = service.get_description(actor, parsed, objeto_id)
        return render_invalid("interop/describe.html", errors, d=desc, **context)
    return done(_("Descripción guardada."), "interop.describe", nivel=parsed.value,
                objeto_id=objeto_id)


@bp.get("/exportar/<any(ead3, ead2002, 'atom-csv'):formato>")
def download(formato: str):
    """Download a finding aid; visitors who are not signed in get the public version."""
    exp = start_export(current_actor(), formato, request.args.to_dict())
    return Response(stream_with_context(iter(exp.chunks)), mimetype=exp.mimetype.split(";")[0],
                    headers={"Content-Disposition": f'attachment; filename="{exp.filename}"'})


__all__ = ["bp", "oai_bp"]
