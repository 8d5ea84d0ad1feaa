"""`flask --app archivo instruments render <kind> [subject options] -o FILE`."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from archivo.errors import ArchivoError
from archivo.instruments.layout import KINDS

instruments_cli = AppGroup("instruments", help="Instrumentos archivísticos (PDF, CSV, JSON).")


@instruments_cli.command("render")
@click.argument("kind", type=click.Choice(KINDS))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Archivo de salida.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "csv", "json"]), default="pdf",
              show_default=True)
@click.option("--fondo", type=int, default=None, help="Id del fondo (por omisión, el primero).")
@click.option("--unidad", default=None, help="Clave de la unidad administrativa.")
@click.option("--etapa", type=click.Choice(["tramite", "concentracion", "historico"]),
              default=None, help="Archivo (inventario general, guía).")
@click.option("--version", "version", type=int, default=None, help="Número de versión del CADIDO.")
@click.option("--serie", default=None, help="Código de la serie (ficha técnica).")
@click.option("--transferencia", type=int, default=None, help="Id de la transferencia.")
@click.option("--baja", type=int, default=None, help="Id de la baja documental.")
@click.option("--expediente", type=int, default=None, help="Id del expediente (carátula).")
@click.option("--desde", default=None, help="Inicio del periodo AAAA-MM-DD (calendario).")
@click.option("--hasta", default=None, help="Fin del periodo AAAA-MM-DD (calendario).")
@click.option("--semestre", default=None, help="AAAA-1 o AAAA-2 (índice de reservados).")
@click.option("--usuario", default=None,
              help="Usuario que emite (por omisión, el primer administrador).")
def render(kind, output, fmt, usuario, **subject):
    """Render one instrument to a file; records its sha256 and verification code."""
    from archivo.imports.service import cli_actor
    from archivo.instruments import service

    params = {"kind": kind, "format": fmt, **{k: v for k, v in subject.items() if v is not None}}
    try:
        actor = cli_actor(usuario)
        with click.progressbar(length=1, label="Generando", file=sys.stderr) as bar:
            def progress(done: int, total: int | None) -> None:
                bar.length = max(total or done, 1)
                bar.update(done - bar.pos)

            issued = service.issue(actor, params, progress=progress)
            bar.update(bar.length - bar.pos)
    except ArchivoError as err:
        raise click.ClickException(str(err)) from err
    except ValidationError as err:
        raise click.ClickException(_messages(err)) from err
    output.write_bytes(issued.content)
    record = issued.record
    click.echo(f"{output}: {len(issued.content):,} bytes, {record.registros} registros")
    click.echo(f"Código de verificación: {record.codigo}")
    click.echo(f"sha256: {record.sha256}")


def _messages(err: ValidationError) -> str:
    """Field errors on one line: `serie: Este instrumento requiere este dato.`."""
    parts = []
    for field, messages in err.normalized_messages().items():
        text = "; ".join(messages) if isinstance(messages, list) else str(messages)
        parts.append(f"{field}: {text}")
    return " ".join(parts)
