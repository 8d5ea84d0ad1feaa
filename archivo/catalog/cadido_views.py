"""HTML views of the CADIDO versions: drafts, rule editing, impact preview and approval."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from archivo.catalog import cadido, service
from archivo.catalog.enums import Acceso, Destino, EstadoVersion, ValorPrimario, ValorSecundario
from archivo.catalog.views import current_fondo
from archivo.errors import DomainError
from archivo.ui import attempt, done, form_data, login_required, render_invalid, require

bp = Blueprint("cadido", __name__, url_prefix="/catalogo/cadido")
RULE_CHOICES = {"destinos": list(Destino), "accesos": list(Acceso),
                "primarios": list(ValorPrimario), "secundarios": list(ValorSecundario)}


@bp.route("", methods=["GET", "POST"])
@login_required
def versions():
    """The versions of the catalogue, and a button to open a draft."""
    fondo = current_fondo()
    context = {"fondo": fondo, "versions": cadido.list_versions(fondo.id)}
    if request.method == "GET":
        require("read")
        return render_template("cadido/versions.html", errors={}, form={}, **context)
    version, errors = attempt(cadido.create_version, require("catalog.write"), fondo.id,
                              form_data(nullable=("descripcion",)))
    if errors:
        return render_invalid("cadido/versions.html", errors, **context)
    return done(_("Borrador (versión %(numero)s) abierto con las reglas vigentes.",
                  numero=version.numero), "cadido.version", version_id=version.id)


@bp.get("/<int:version_id>")
@login_required
def version(version_id: int):
    """A version with its rules; drafts also list the series still without a rule."""
    require("read")
    v = cadido.get_version(version_id)
    draft = v.estado == EstadoVersion.BORRADOR
    return render_template("cadido/version.html", version=v, reglas=cadido.reglas(v.id),
                           missing=cadido.leaf_series_without_rule(v) if draft else [],
                           draft=draft)


def _rule_form(regla) -> dict:
    """Form values of an existing rule."""
    if regla is None:
        return {"acceso": Acceso.PUBLICA.value}
    return {"plazo_tramite": regla.plazo_tramite,
            "plazo_concentracion": regla.plazo_concentracion, "destino": regla.destino.value,
            "criterio_muestreo": regla.criterio_muestreo or "", "acceso": regla.acceso.value,
            "fundamento_legal": regla.fundamento_legal or "",
            "observaciones": regla.observaciones or "",
            "valores_primarios": [v.value for v in regla.valores_primarios],
            "valores_secundarios": [v.value for v in regla.valores_secundarios]}


@bp.route("/<int:version_id>/reglas/<int:serie_id>", methods=["GET", "POST"])
@login_required
def regla(version_id: int, serie_id: int):
    """Edit one serie's rule in a draft: valores, plazos AT/AC, destino, acceso, fundamento."""
    actor = require("catalog.write")
    v = cadido.get_version(version_id)
    serie = service.get_serie(serie_id)
    current = next((r for r in cadido.reglas(v.id) if r.serie_id == serie_id), None)
    context = {"version": v, "serie": serie, "regla": current, **RULE_CHOICES}
    if request.method == "GET":
        if v.estado != EstadoVersion.BORRADOR:
            raise DomainError("La versión {numero} ya no es un borrador: sus reglas no se "
                              "pueden cambiar; abra una nueva versión.", numero=v.numero)
        return render_template("cadido/regla_form.html", errors={}, form=_rule_form(current),
                               **context)
    data = form_data(nullable=("criterio_muestreo", "fundamento_legal", "observaciones"),
                     lists=("valores_primarios", "valores_secundarios"))
    data["serie_id"] = serie_id
    _result, errors = attempt(cadido.set_regla, actor, v.id, data)
    if errors:
        if "serie_id" in errors:
            errors.setdefault("_form", []).extend(errors.pop("serie_id"))
        return render_invalid("cadido/regla_form.html", errors, **context)
    return done(_("Regla de %(codigo)s guardada.", codigo=serie.codigo), "cadido.version",
                version_id=v.id)


@bp.post("/<int:version_id>/reglas/<int:serie_id>/quitar")
@login_required
def remove_regla(version_id: int, serie_id: int):
    """Remove a serie's rule from a draft."""
    cadido.remove_regla(require("catalog.write"), version_id, serie_id)
    return done(_("Regla quitada del borrador."), "cadido.version", version_id=version_id)


@bp.get("/<int:version_id>/impacto")
@login_required
def impact(version_id: int):
    """What approving the draft would change, per serie."""
    require("read")
    v = cadido.get_version(version_id)
    return render_template("cadido/impact.html", version=v,
                           impact=cadido.version_impact(v.id))


@bp.route("/<int:version_id>/aprobar", methods=["GET", "POST"])
@login_required
def approve(version_id: int):
    """Record the GI's approval after an explicit confirmation (irreversible)."""
    actor = require("catalog.approve")
    v = cadido.get_version(version_id)
    context = {"version": v, "impact": cadido.version_impact(v.id)}
    if request.method == "GET":
        return render_template("cadido/approve.html", errors={}, form={}, **context)
    data = form_data(booleans=("confirmar",))
    if not data.pop("confirmar"):
        errors = {"confirmar": [_("Confirme que el Grupo Interdisciplinario aprobó esta "
                                  "versión.")]}
        return render_invalid("cadido/approve.html", errors, **context)
    _result, errors = attempt(cadido.approve_version, actor, v.id, data)
    if errors:
        return render_invalid("cadido/approve.html", errors, **context)
    return done(_("Versión %(numero)s aprobada: ahora es el catálogo vigente.",
                  numero=v.numero), "cadido.version", version_id=v.id)
