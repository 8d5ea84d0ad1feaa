"""HTML views of the fondo, its unidades and archives, and the CGCA tree with its forms."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _

from archivo.catalog import service
from archivo.catalog.api import cgca_tree
from archivo.catalog.enums import TipoArchivo, TipoSeccion
from archivo.errors import NotFound
from archivo.ui import attempt, done, form_data, login_required, render_invalid, require

bp = Blueprint("catalog", __name__, url_prefix="/catalogo")
FONDO_NULLABLE = ("direccion", "telefono", "email", "autoridad_archivistica", "key_format")
TEXT_NULLABLE = ("descripcion", "unidades_productoras")


def current_fondo():
    """The fondo managed here, or NotFound until one is registered."""
    fondo = service.default_fondo()
    if fondo is None:
        raise NotFound("Todavía no hay un fondo registrado.")
    return fondo


@bp.route("/fondo", methods=["GET", "POST"])
@login_required
def fondo():
    """Register the fondo (first run) or edit its data."""
    fondo = service.default_fondo()
    if request.method == "GET":
        return render_template("catalog/fondo.html", fondo=fondo, errors={}, form={})
    actor = require("fondo.write")
    if fondo is None:
        result, errors = attempt(service.create_fondo, actor, form_data())
    else:
        data = form_data(nullable=FONDO_NULLABLE, keep=("nombre",))
        data.pop("clave", None)  # the key never changes; the field is read-only
        result, errors = attempt(service.update_fondo, actor, fondo.id, data)
    if errors:
        return render_invalid("catalog/fondo.html", errors, fondo=fondo)
    return done(_("Datos del fondo guardados."), "catalog.fondo")


@bp.route("/unidades", methods=["GET", "POST"])
@login_required
def unidades():
    """Producing units, with a form to add one."""
    fondo = current_fondo()
    context = {"fondo": fondo, "unidades": service.list_unidades(fondo.id)}
    if request.method == "GET":
        return render_template("catalog/unidades.html", errors={}, form={}, **context)
    unidad, errors = attempt(service.create_unidad, require("catalog.write"), fondo.id,
                             form_data())
    if errors:
        return render_invalid("catalog/unidades.html", errors, **context)
    return done(_("Unidad %(clave)s creada.", clave=unidad.clave), "catalog.unidades")


@bp.route("/unidades/<int:unidad_id>/editar", methods=["GET", "POST"])
@login_required
def edit_unidad(unidad_id: int):
    """Rename or deactivate a unit."""
    unidad = service.get_unidad(unidad_id)
    actor = require("catalog.write")
    if request.method == "GET":
        return render_template("catalog/unidad_form.html", unidad=unidad, errors={},
                               form={"nombre": unidad.nombre, "activa": unidad.activa})
    data = form_data(booleans=("activa",), keep=("nombre",))
    _result, errors = attempt(service.update_unidad, actor, unidad.id, data)
    if errors:
        return render_invalid("catalog/unidad_form.html", errors, unidad=unidad)
    return done(_("Unidad %(clave)s actualizada.", clave=unidad.clave), "catalog.unidades")


@bp.route("/archivos", methods=["GET", "POST"])
@login_required
def archivos():
    """Archives of the system (trámite per unit, concentración, histórico)."""
    fondo = current_fondo()
    context = {"fondo": fondo, "archivos": service.list_archivos(fondo.id),
               "unidades": service.list_unidades(fondo.id), "tipos": list(TipoArchivo)}
    if request.method == "GET":
        return render_template("catalog/archivos.html", errors={}, form={}, **context)
    _result, errors = attempt(service.create_archivo, require("catalog.write"), fondo.id,
                              form_data())
    if errors:
        return render_invalid("catalog/archivos.html", errors, **context)
    return done(_("Archivo registrado."), "catalog.archivos")


@bp.get("/cgca")
@login_required
def cgca():
    """The CGCA as a navigable tree with the rule in force of each serie."""
    fondo = current_fondo()
    return render_template("catalog/cgca.html", fondo=fondo, tree=cgca_tree(fondo.id),
                           open_code=request.args.get("abrir", ""))


@bp.route("/secciones/nueva", methods=["GET", "POST"])
@login_required
def new_seccion():
    """Add a sección."""
    fondo = current_fondo()
    actor = require("catalog.write")
    context = {"seccion": None, "tipos": list(TipoSeccion)}
    if request.method == "GET":
        return render_template("catalog/seccion_form.html", errors={}, form={}, **context)
    seccion, errors = attempt(service.create_seccion, actor, fondo.id, form_data())
    if errors:
        return render_invalid("catalog/seccion_form.html", errors, **context)
    return done(_("Sección %(codigo)s creada.", codigo=seccion.codigo), "catalog.cgca",
                abrir=seccion.codigo)


@bp.route("/secciones/<int:seccion_id>/editar", methods=["GET", "POST"])
@login_required
def edit_seccion(seccion_id: int):
    """Edit a sección's name, description or type."""
    seccion = service.get_seccion(seccion_id)
    actor = require("catalog.write")
    context = {"seccion": seccion, "tipos": list(TipoSeccion)}
    if request.method == "GET":
        form = {"codigo": seccion.codigo, "nombre": seccion.nombre,
                "descripcion": seccion.descripcion or "", "tipo": seccion.tipo.value}
        return render_template("catalog/seccion_form.html", errors={}, form=form, **context)
    data = form_data(nullable=TEXT_NULLABLE, keep=("nombre",))
    data.pop("codigo", None)
    _result, errors = attempt(service.update_seccion, actor, seccion.id, data)
    if errors:
        return render_invalid("catalog/seccion_form.html", errors, **context)
    return done(_("Sección %(codigo)s actualizada.", codigo=seccion.codigo), "catalog.cgca",
                abrir=seccion.codigo)


@bp.route("/series/nueva", methods=["GET", "POST"])
@login_required
def new_serie():
    """Add a serie or subserie; the parent comes from the code (`4C.3` or `4C.3.1`)."""
    fondo = current_fondo()
    actor = require("catalog.write")
    if request.method == "GET":
        padre = request.args.get("padre", "")
        form = {"codigo": f"{padre}." if padre else ""}
        return render_template("catalog/serie_form.html", serie=None, errors={}, form=form,
                               padre=padre)
    serie, errors = attempt(service.create_serie, actor, fondo.id, form_data())
    if errors:
        return render_invalid("catalog/serie_form.html", errors, serie=None,
                              padre=request.args.get("padre", ""))
    return done(_("Serie %(codigo)s creada.", codigo=serie.codigo), "catalog.cgca",
                abrir=serie.codigo)


@bp.route("/series/<int:serie_id>/editar", methods=["GET", "POST"])
@login_required
def edit_serie(serie_id: int):
    """Edit a serie's name, description or producing areas (the code is its identity)."""
    serie = service.get_serie(serie_id)
    actor = require("catalog.write")
    if request.method == "GET":
        form = {"codigo": serie.codigo, "nombre": serie.nombre,
                "descripcion": serie.descripcion or "",
                "unidades_productoras": serie.unidades_productoras or ""}
        return render_template("catalog/serie_form.html", serie=serie, errors={}, form=form,
                               padre="")
    data = form_data(nullable=TEXT_NULLABLE, keep=("nombre",))
    data.pop("codigo", None)
    _result, errors = attempt(service.update_serie, actor, serie.id, data)
    if errors:
        return render_invalid("catalog/serie_form.html", errors, serie=serie, padre="")
    return done(_("Serie %(codigo)s actualizada.", codigo=serie.codigo), "catalog.cgca",
                abrir=serie.codigo)


@bp.get("/series/<int:serie_id>")
@login_required
def serie(serie_id: int):
    """Redirect to the serie's place in the tree."""
    found = service.get_serie(serie_id)
    require("read")
    return redirect(url_for("catalog.cgca", abrir=found.codigo, _anchor=f"s{found.id}"))

