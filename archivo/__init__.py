"""archivo: records management for Mexican public institutions (Ley General de Archivos)."""

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None, *, engine=None) -> Flask:
    """Application factory: configuration, database, i18n, API, views, CLI."""
    from archivo import api, cli, errors, i18n, views, web
    from archivo.config import check_production, load_config
    from archivo.db import Session_, make_engine, session_factory

    cfg = load_config(overrides)
    check_production(cfg)
    app = Flask(__name__, instance_path=cfg["INSTANCE_PATH"],
                template_folder=str(ROOT / "templates"), static_folder="static")
    app.config.update(cfg)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    app.extensions["archivo.engine"] = engine or make_engine(cfg["DATABASE_URL"])
    session_factory.configure(bind=app.extensions["archivo.engine"])

    @app.teardown_appcontext
    def _remove_session(_exc):
        Session_.remove()

    i18n.init_app(app)
    web.init_app(app)
    api.init_app(app)
    views.init_app(app)
    errors.register_handlers(app)  # after the API so our JSON errors win
    cli.init_app(app)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app
