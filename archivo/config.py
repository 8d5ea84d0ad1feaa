"""Configuration from ARCHIVO_* environment variables, with safe defaults for `make run`."""

import datetime as dt
import os
import secrets
from pathlib import Path

DEFAULT_SECRET = "dev-insecure-change-me"  # noqa: S105 - refused in production


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def load_config(overrides: dict | None = None) -> dict:
    """Build the Flask config mapping from the environment plus explicit overrides."""
    env = os.environ
    instance = Path(env.get("ARCHIVO_INSTANCE_PATH", "instance")).resolve()
    cfg = {
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": env.get("ARCHIVO_DATABASE_URL")
        or f"sqlite:///{instance / 'archivo.sqlite3'}",
        "SECRET_KEY": env.get("ARCHIVO_SECRET_KEY", DEFAULT_SECRET),
        "ENV": env.get("ARCHIVO_ENV", "development"),
        "SESSION_COOKIE_SECURE": _bool(env.get("ARCHIVO_SECURE_COOKIES"), False),
        "SEARCH_BACKEND": env.get("ARCHIVO_SEARCH_BACKEND", "auto"),
        # Printed in instruments' verification addresses. Unset: each request's own root
        # URL (the host the reader used); the CLI prints a placeholder and logs a warning.
        "PUBLIC_BASE_URL": env.get("ARCHIVO_PUBLIC_BASE_URL") or None,
        "MAX_UPLOAD_MB": int(env.get("ARCHIVO_MAX_UPLOAD_MB", "25")),
        "LOGIN_MAX_FAILURES": int(env.get("ARCHIVO_LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCK_MINUTES": int(env.get("ARCHIVO_LOGIN_LOCK_MINUTES", "15")),
        # Sign-ins are permanent sessions: they last a workday, not Flask's 31 days.
        "SESSION_HOURS": float(env.get("ARCHIVO_SESSION_HOURS", "12")),
        "PUBLIC_RATE_LIMIT": int(env.get("ARCHIVO_PUBLIC_RATE_LIMIT", "60")),
        "SEARCH_SYNC_INLINE": _bool(env.get("ARCHIVO_SEARCH_SYNC_INLINE"), True),
        # Each process polls the outbox this often (0 = off; tests drain explicitly).
        "SEARCH_POLL_SECONDS": float(env.get("ARCHIVO_SEARCH_POLL_SECONDS", "1")),
        # Uploaded spreadsheets hold personal data: their working copies expire.
        "IMPORTS_RETENTION_DAYS": int(env.get("ARCHIVO_IMPORTS_RETENTION_DAYS", "30")),
        # Imports from the web UI run in a background thread (inline when False).
        "IMPORTS_BACKGROUND": _bool(env.get("ARCHIVO_IMPORTS_BACKGROUND"), True),
        # Licence of the open data (page /consulta/datos-abiertos): `libre-uso-mx`,
        # `cc-by-4.0`, or the institution's own terms as text.
        "DATA_LICENSE": env.get("ARCHIVO_DATA_LICENSE") or "libre-uso-mx",
        "TESTING": False,
    }
    cfg.update(overrides or {})
    cfg["MAX_CONTENT_LENGTH"] = cfg["MAX_UPLOAD_MB"] * 1024 * 1024 + 64 * 1024
    cfg["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=cfg["SESSION_HOURS"])
    cfg["SESSION_COOKIE_HTTPONLY"] = True
    cfg["SESSION_COOKIE_SAMESITE"] = "Lax"
    cfg["SESSION_COOKIE_NAME"] = "archivo_session"
    return cfg


def check_production(cfg: dict) -> None:
    """Refuse to run in production with the default or a short secret key, or without the
    public address: instruments would otherwise print (and register, with their hash) a
    verification URL taken from whatever Host header the request carried."""
    if cfg["ENV"] != "production":
        return
    if cfg["SECRET_KEY"] == DEFAULT_SECRET or len(cfg["SECRET_KEY"]) < 32:
        raise RuntimeError(
            "ARCHIVO_SECRET_KEY debe definirse (32+ caracteres) en producción; "
            f"por ejemplo: {secrets.token_urlsafe(48)}"
        )
    if not cfg["PUBLIC_BASE_URL"]:
        raise RuntimeError("ARCHIVO_PUBLIC_BASE_URL debe definirse en producción (la dirección "
                           "pública que imprimen los instrumentos, p. ej. "
                           "https://archivo.institucion.gob.mx).")
