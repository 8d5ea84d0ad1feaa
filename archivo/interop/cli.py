"""`flask --app archivo export ead3|ead2002|atom-csv -o FILE`: finding aids with a progress bar."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from marshmallow import ValidationError

from archivo.errors import ArchivoError
from archivo.imports.service import cli_actor, fondo_by_clave
from archivo.interop.export import FORMATS, start_export
from archivo.interop.tree import find_unit

export_cli = AppGroup("export", help="Exportar instrumentos de descripción (EAD3, EAD 2002, "
                                     "CSV de AtoM).")


def _command(formato: str):
    @click.option("--fondo", default=None, help="Clave del fondo (por omisión, el primero).")
    @click.option("--seccion", default=None, help="Código de la sección (p. ej. 4C).")
    @click.option("--serie", default=None, help="Código de la serie o subserie (p. ej. 4C.3).")
    @click.option("--publico", is_flag=True,
                  help="Versión pública: solo expedientes y campos públicos.")
    @click.option("--usuario", default=None,
                  help="Exportar con lo que ve este usuario (por omisión, un administrador).")
    @click.option("-o", "--output", "output", required=True,
                  type=click.Path(dir_okay=False, path_type=Path), help="Archivo de salida.")
    def command(fondo, seccion, serie, publico, usuario, output: Path):
        try:
            actor = None if publico else cli_actor(usuario)
            nivel, objeto_id = find_unit(fondo_by_clave(fondo), seccion, serie)
            with click.progressbar(length=1, label="Expedientes", file=sys.stderr) as bar:
                export = start_export(actor, formato, {"nivel": nivel, "id": objeto_id},
                                      progress=bar.update)
                bar.length = max(export.total, 1)
                tmp = output.with_name(output.name + ".parcial")
                with tmp.open("wb") as out:
                    for chunk in export.chunks:
                        out.write(chunk)
                tmp.replace(output)  # never leave a truncated file under the real name
        except ArchivoError as err:
            raise click.ClickException(str(err)) from err
        except ValidationError as err:
            raise click.ClickException(str(err.normalized_messages())) from err
        click.echo(f"{export.total:,} expedientes exportados a {output}")

    command.__doc__ = f"Exportar un fondo, sección o serie en formato {formato}."
    return command


for _formato in FORMATS:
    export_cli.command(_formato)(_command(_formato))
