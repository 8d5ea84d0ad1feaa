"""Registers the HTML views (every feature's `views.py` blueprint) and their Jinja helpers."""

import flask_babel
from flask import Flask


def init_app(app: Flask) -> None:
    """Register every view blueprint; new screens add their blueprint to this list."""
    from archivo import ui
    from archivo.audit.views import bp as audit_bp
    from archivo.auth.views import bp as auth_bp
    from archivo.calendar.views import bp as calendar_bp
    from archivo.catalog.cadido_views import bp as cadido_bp
    from archivo.catalog.public_views import bp as public_catalog_bp
    from archivo.catalog.views import bp as catalog_bp
    from archivo.dashboard.views import bp as home_bp
    from archivo.disposals.action_views import bp as baja_actions_bp
    from archivo.disposals.views import bp as bajas_bp
    from archivo.holds.views import bp as holds_bp
    from archivo.imports.views import bp as imports_bp
    from archivo.instruments.views import bp as instruments_bp
    from archivo.instruments.views import public_bp as public_instruments_bp
    from archivo.interop.views import bp as interop_bp
    from archivo.interop.views import oai_bp
    from archivo.labels import label
    from archivo.loans.views import bp as loans_bp
    from archivo.records.action_views import bp as records_actions_bp
    from archivo.records.views import bp as records_bp
    from archivo.search.views import bp as search_bp
    from archivo.search.views import public_bp as public_search_bp
    from archivo.transfers.action_views import bp as transfer_actions_bp
    from archivo.transfers.views import bp as transfers_bp

    ui.init_jinja(app)
    # The locale is cached per app context; a request inside an outer context (tests,
    # CLI) must still pick its own language.
    app.before_request(flask_babel.refresh)
    app.jinja_env.filters["label"] = label
    app.jinja_env.globals["enum_options"] = lambda values: [(v.value, label(v)) for v in values]
    for bp in (home_bp, auth_bp, catalog_bp, cadido_bp, public_catalog_bp, records_bp,
               records_actions_bp, audit_bp, imports_bp, search_bp, public_search_bp,
               transfers_bp, transfer_actions_bp, bajas_bp, baja_actions_bp, holds_bp, loans_bp,
               calendar_bp, interop_bp, oai_bp, instruments_bp, public_instruments_bp):
        app.register_blueprint(bp)
