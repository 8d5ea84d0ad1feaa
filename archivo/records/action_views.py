"""HTML views of the audited steps on an expediente: close, relocate, reclassify access."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from archivo.auth.current import current_actor
from archivo.catalog import service as catalog
from archivo.catalog.cadido import regla_vigente
from archivo.catalog.enums import Acceso
from archivo.records import service
from archivo.records.schemas import CloseSchema
from archivo.records.views import CLASSIFICATION_NULLABLE
from archivo.ui import (
    FormErrors,
    attempt,
    done,
    form_data,
    login_required,
    render_invalid,
    require,
)

bp = Blueprint("records_actions", __name__, url_prefix="/expedientes")
LOCATION_NULLABLE = ("archivo_id", "ubicacion_edificio", "ubicacion_estante", "ubicacion_caja",
                     "ubicacion_digital")


@bp.route("/<int:expediente_id>/cerrar", methods=["GET", "POST"])
@login_required
def close(expediente_id: int):
    """Close an expediente after confirmation: its content freezes and the plazos start."""
    exp = service.get_expediente(current_actor(), expediente_id)
    actor = require("expediente.write", unidad_id=exp.unidad_id)
    context = {"expediente": exp, "regla": regla_vigente(exp.serie_id)}
    if request.method == "GET":
        return render_template("records/close.html", errors={},
                               form={"legajos": exp.legajos or 1}, **context)
    data = form_data(booleans=("confirmar",))
    confirmed = data.pop("confirmar")
    version = data.pop("version_id", None)
    if not confirmed:  # the fields' own errors are shown too, all at once
        try:
            CloseSchema().load(data)
            errors = FormErrors()
        except ValidationError as err:
            errors = FormErrors.from_exception(err)
        errors["confirmar"] = [_("Confirme que desea cerrar el expediente.")]
        return render_invalid("records/close.html", errors, **context)
    _result, errors = attempt(service.close_expediente, actor, exp.id, data,
                              expected_version=int(version) if str(version).isdigit() else None)
    if errors:
        return render_invalid("records/close.html", errors, **context)
    return done(_("Expediente %(clave)s cerrado.", clave=exp.clave), "records.detail",
                expediente_id=exp.id)


@bp.route("/<int:expediente_id>/ubicacion", methods=["GET", "POST"])
@login_required
def relocate(expediente_id: int):
    """Record where the expediente is (physical or digital)."""
    exp = service.get_expediente(current_actor(), expediente_id)
    actor = require("expediente.location", unidad_id=exp.unidad_id)
    context = {"expediente": exp, "archivos": catalog.list_archivos(exp.fondo_id)}
    if request.method == "GET":
        form = {name: getattr(exp, name) or "" for name in service.LOCATION_FIELDS}
        return render_template("records/relocate.html", errors={}, form=form, **context)
    _result, errors = attempt(service.relocate_expediente, actor, exp.id,
                              form_data(nullable=LOCATION_NULLABLE))
    if errors:
        return render_invalid("records/relocate.html", errors, **context)
    return done(_("Ubicación de %(clave)s registrada.", clave=exp.clave), "records.detail",
                expediente_id=exp.id)


@bp.route("/<int:expediente_id>/clasificacion", methods=["GET", "POST"])
@login_required
def classify(expediente_id: int):
    """Change the access classification with its grounds and a reason."""
    exp = service.get_expediente(current_actor(), expediente_id)
    actor = require("expediente.classify", unidad_id=exp.unidad_id)
    context = {"expediente": exp, "accesos": list(Acceso)}
    if request.method == "GET":
        form = {name: getattr(exp, name) for name in service.CLASSIFICATION_FIELDS}
        form["acceso"] = exp.acceso.value
        for key, value in list(form.items()):
            form[key] = "" if value is None else value
        return render_template("records/classify.html", errors={}, form=form, **context)
    data = form_data(nullable=CLASSIFICATION_NULLABLE, booleans=("datos_personales_sensibles",))
    _result, errors = attempt(service.classify_expediente, actor, exp.id, data)
    if errors:
        return render_invalid("records/classify.html", errors, **context)
    return done(_("Clasificación de %(clave)s actualizada.", clave=exp.clave),
                "records.detail", expediente_id=exp.id)
