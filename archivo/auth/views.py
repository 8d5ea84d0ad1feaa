"""HTML views of signing in and out, the language switcher and the user's API tokens."""

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
from archivo.errors import Unauthorized
from archivo.i18n import LANGUAGES
from archivo.ui import (
    FormErrors,
    attempt,
    done,
    form_data,
    login_required,
    render_invalid,
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
