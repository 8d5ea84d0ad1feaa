"""Command line: `flask --app archivo db|demo|users|audit ...`."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

db_cli = AppGroup("db", help="Base de datos.")
demo_cli = AppGroup("demo", help="Datos de demostración.")
users_cli = AppGroup("users", help="Usuarios.")
audit_cli = AppGroup("audit", help="Bitácora encadenada.")


def alembic_config():
    """Alembic configuration pointing at migrations/ and this app's database."""
    from alembic.config import Config

    from archivo import ROOT

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["engine"] = current_app.extensions["archivo.engine"]
    return cfg


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str):
    """Apply migrations up to REVISION (default: head)."""
    from alembic import command

    command.upgrade(alembic_config(), revision)
    click.echo("Base de datos actualizada.")


@db_cli.command("is-empty")
def db_is_empty():
    """Exit 0 when no fondo exists yet (used by `make run` to load the demo once)."""
    from archivo.catalog.service import default_fondo

    sys.exit(0 if default_fondo() is None else 1)


@demo_cli.command("load")
@click.option("--expedientes", default=3000, show_default=True, help="How many expedientes.")
@click.option("--seed", default=2018, show_default=True)
def demo_load(expedientes: int, seed: int):
    """Load the demo fondo: CGCA, CADIDO, units, users and expedientes 2005-2026."""
    from archivo.demo import load_demo

    summary = load_demo(n_expedientes=expedientes, seed=seed, echo=click.echo)
    click.echo(summary)


@users_cli.command("create")
@click.argument("username")
@click.option("--nombre", required=True)
@click.option("--rol", required=True, help="administrador, coordinador, responsable_tramite, …")
@click.option("--unidad", default=None, help="Clave de la unidad (responsables de trámite).")
@click.password_option("--password")
def users_create(username, nombre, rol, unidad, password):
    """Create a user (the first administrator is created this way)."""
    from marshmallow import ValidationError
    from sqlalchemy import select

    from archivo.auth.service import create_user
    from archivo.catalog.models import UnidadAdministrativa
    from archivo.db import get_session
    from archivo.errors import ArchivoError

    unidad_id = None
    if unidad:
        unidad_id = get_session().scalar(
            select(UnidadAdministrativa.id).where(UnidadAdministrativa.clave == unidad))
        if unidad_id is None:
            raise click.ClickException(f"No existe la unidad {unidad}.")
    try:
        user = create_user(None, {"username": username, "nombre": nombre, "rol": rol,
                                  "unidad_id": unidad_id, "password": password},
                           bootstrap=True)
    except ValidationError as err:
        raise click.ClickException(str(err.normalized_messages())) from err
    except ArchivoError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Usuario {user.username} creado ({user.rol.value}).")


@audit_cli.command("verify")
def audit_verify():
    """Walk the chain and report the first broken link (exit 1 when broken)."""
    from archivo.audit.service import verify_chain

    report = verify_chain()
    if report.ok:
        click.echo(f"Cadena íntegra: {report.events} eventos; cabeza {report.head_hash}")
        return
    click.echo(f"Cadena ROTA en el evento {report.broken_at}: {report.reason} "
               f"({report.events} eventos válidos antes)", err=True)
    sys.exit(1)


def init_app(app) -> None:
    """Register the command groups."""
    from archivo.imports.cli import import_cli
    from archivo.instruments.cli import instruments_cli
    from archivo.interop.cli import export_cli
    from archivo.search.cli import search_cli

    for group in (db_cli, demo_cli, users_cli, audit_cli, import_cli, search_cli,
                  instruments_cli, export_cli):
        app.cli.add_command(group)
