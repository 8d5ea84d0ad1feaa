"""HTML views of signing in and out, the language switcher, API tokens and user management."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from archivo.auth import service
from archivo.auth.current import current_actor, sign_in, sign_out
from archivo.auth.roles import Rol
from archivo.catalog import service as catalog
from archivo.db import utcnow
from archivo.errors import NotFound, Unauthorized
from archivo.i18n import LANGUAGES
from archivo.ui import (
    FormErrors,
    attempt,
    done,
    form_data,
    login_required,
    render_invalid,
    require,
    safe_next,
)

bp = Blueprint("auth", __name__)


@bp.route("/entrar", methods=["GET", "POST"])
def login():
    """Sign-in form; failures and lock-outs are shown as the service words them."""
    target = safe_next(request.values.get("next"), url_for("home.dashboard"))
    if request.method == "GET":
        if current_actor() is not None:
            return redirect(target)
        return render_template("auth/login.html", errors={}, form={}, next=target)
    data = {"username": request.form.get("username", ""),
            "password": request.form.get("password", "")}
    try:
        user, errors = attempt(service.authenticate, data,
                               max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                               lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"],
                               source=request.remote_addr)
    except Unauthorized as err:  # wrong password or locked: a message on the form
        user, errors = None, FormErrors.from_exception(err)
    if errors:
        form = {"username": data["username"]}  # never echo the password back
        return render_template("auth/login.html", errors=errors, form=form, next=target), 422
    sign_in(user)
    flash(_("Bienvenido, %(nombre)s.", nombre=user.nombre), "success")
    return redirect(target)


@bp.post("/salir")
def logout():
    """End the session."""
    sign_out()
    return done(_("Sesión cerrada."), "home.landing")


@bp.get("/idioma/<lang>")
def language(lang: str):
    """Remember the chosen language and go back to the page."""
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next(request.args.get("next"), url_for("home.landing")))


@bp.get("/cuenta/tokens")
@login_required
def tokens():
    """The signed-in user's API tokens."""
    return render_template("auth/tokens.html", tokens=service.list_tokens(current_actor()),
                           errors={}, form={}, secret=None)


@bp.post("/cuenta/tokens")
@login_required
def create_token():
    """Issue a token; its secret is shown once on this page."""
    actor = current_actor()
    result, errors = attempt(service.create_token, actor, form_data())
    if errors:
        return render_invalid("auth/tokens.html", errors, tokens=service.list_tokens(actor),
                              secret=None)
    token, secret = result
    return render_template("auth/tokens.html", tokens=service.list_tokens(actor), errors={},
                           form={}, secret=secret, created=token), 201


@bp.post("/cuenta/tokens/<int:token_id>/revocar")
@login_required
def revoke_token(token_id: int):
    """Revoke one of the user's tokens."""
    service.revoke_token(current_actor(), token_id)
    return done(_("Token revocado."), "auth.tokens")


# --- user management (administrators) ----------------------------------------------------

USER_NULLABLE = ("cargo", "email", "unidad_id")


def _user_choices() -> dict:
    return {"roles": list(Rol), "unidades": [u for f in catalog.list_fondos()
                                             for u in catalog.list_unidades(f.id) if u.activa]}


@bp.get("/usuarios")
@login_required
def users():
    """Every user with role, unidad and state (administrators)."""
    return render_template("auth/users.html", users=service.list_users(require("users.manage")),
                           now=utcnow())


@bp.route("/usuarios/nuevo", methods=["GET", "POST"])
@login_required
def create_user():
    """Create a user with a first password the administrator hands over."""
    actor = require("users.manage")
    if request.method == "GET":
        return render_template("auth/users_form.html", user=None, errors={}, form={},
                               **_user_choices())
    user, errors = attempt(service.create_user, actor, form_data(nullable=USER_NULLABLE))
    if errors:
        return render_invalid("auth/users_form.html", errors, user=None, **_user_choices())
    return done(_("Usuario %(u)s creado.", u=user.username), "auth.edit_user", user_id=user.id)


@bp.route("/usuarios/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_user(user_id: int):
    """Change role, unidad and contact data; activate, deactivate, reset the password."""
    actor = require("users.manage")
    user = service.get_user(user_id)
    if user is None:
        raise NotFound("El usuario no existe.")
    if request.method == "GET":
        form = {k: getattr(user, k) for k in ("nombre", "cargo", "email", "unidad_id")}
        return render_template("auth/users_form.html", user=user, errors={},
                               form={**form, "rol": user.rol.value}, **_user_choices())
    _updated, errors = attempt(service.update_user, actor, user_id,
                               form_data(nullable=USER_NULLABLE))
    if errors:
        return render_invalid("auth/users_form.html", errors, user=user, **_user_choices())
    return done(_("Cambios guardados."), "auth.edit_user", user_id=user_id)


@bp.post("/usuarios/<int:user_id>/activo")
@login_required
def set_user_active(user_id: int):
    """Deactivate or reactivate (`activo` = 1 or 0)."""
    activo = request.form.get("activo") == "1"
    _user, errors = attempt(service.set_user_active, require("users.manage"), user_id, activo)
    if errors:
        for messages in errors.values():
            for message in messages:
                flash(message, "error")
        return redirect(url_for("auth.edit_user", user_id=user_id))
    return done(_("Usuario reactivado.") if activo else _("Usuario desactivado: ya no puede "
                "entrar ni usar sus tokens."), "auth.edit_user", user_id=user_id)


@bp.post("/usuarios/<int:user_id>/contrasena")
@login_required
def reset_password(user_id: int):
    """New random password, shown once on the page (never stored or sent elsewhere)."""
    user, password = service.reset_password(require("users.manage"), user_id)
    form = {k: getattr(user, k) for k in ("nombre", "cargo", "email", "unidad_id")}
    page = render_template("auth/users_form.html", user=user, errors={}, secret=password,
                           form={**form, "rol": user.rol.value}, **_user_choices())
    return page, 200, {"Cache-Control": "no-store"}
