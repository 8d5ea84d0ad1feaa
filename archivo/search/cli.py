"""`flask --app archivo search sync|reindex|status`: keep the search index in step."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from archivo.search import reindex as reindexing
from archivo.search import sync
from archivo.search.service import backend_name, get_backend

search_cli = AppGroup("search", help="Índice de búsqueda.")


@search_cli.command("sync")
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="Esperar si otro proceso está escribiendo el índice.",
)
def search_sync(wait: bool):
    """Index every change waiting in the outbox."""
    done = sync.drain(current_app, blocking=wait)
    if done is None:
        click.echo("Otro proceso está actualizando el índice; no se hizo nada.", err=True)
        sys.exit(1)
    click.echo(f"Índice al día: {done} cambios aplicados.")


@search_cli.command("reindex")
def search_reindex():
    """Rebuild the index from the database and swap it in atomically."""
    app = current_app._get_current_object()
    total = reindexing.expediente_count()
    with click.progressbar(length=total, label="Reindexando expedientes", show_pos=True) as bar:
        last = 0

        def progress(count: int) -> None:
            nonlocal last
            bar.update(count - last)
            last = count

        report = reindexing.reindex(app, progress=progress)
    if report is None:
        click.echo("Otro proceso está reindexando; inténtelo más tarde.", err=True)
        sys.exit(1)
    click.echo(
        f"Índice reconstruido: {report.indexed} expedientes en {report.seconds:.1f} s; "
        f"{report.drained} cambios posteriores aplicados."
    )


@search_cli.command("status")
def search_status():
    """Show the backend, documents indexed and changes waiting."""
    click.echo(f"Motor: {backend_name(current_app)}")
    click.echo(f"Documentos en el índice: {get_backend().doc_count()}")
    click.echo(f"Cambios pendientes: {sync.pending()}")
