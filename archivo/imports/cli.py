"""`flask --app archivo import cadido|expedientes FILE`: progress bar and a readable summary."""

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from marshmallow import ValidationError

from archivo.errors import ArchivoError
from archivo.imports import retention, service
from archivo.imports.readers import estimate_rows
from archivo.imports.report import Severity

import_cli = AppGroup("import", help="Importación masiva desde CSV o XLSX.")
_SHOWN = 20  # findings printed; the rest go to --reporte


def _options(fn):
    fn = click.argument("archivo", type=click.Path(exists=True, dir_okay=False,
                                                   path_type=Path))(fn)
    for decorator in (
        click.option("--fondo", "fondo", default=None, help="Clave del fondo (por omisión, "
                     "el primero)."),
        click.option("--dry-run", is_flag=True, help="Solo validar: no escribe nada."),
        click.option("--valid-rows", is_flag=True, help="Cargar las filas válidas y rechazar "
                     "las demás (por omisión: todo o nada)."),
        click.option("--usuario", default=None, help="Usuario que importa (por omisión, el "
                     "primer administrador)."),
        click.option("--rechazados", type=click.Path(dir_okay=False, path_type=Path),
                     help="Guardar aquí el CSV de filas rechazadas."),
        click.option("--reporte", type=click.Path(dir_okay=False, path_type=Path),
                     help="Guardar aquí el reporte completo (JSON)."),
    ):
        fn = decorator(fn)
    return fn


def _run(tipo: str, archivo: Path, fondo, dry_run, valid_rows, usuario, rechazados, reporte):
    try:
        actor = service.cli_actor(usuario)
        data = {"tipo": tipo, "fondo_id": service.fondo_by_clave(fondo).id,
                "dry_run": dry_run, "modo": "valid_rows" if valid_rows else "all_or_nothing"}
        with click.progressbar(length=max(estimate_rows(archivo), 1), label="Leyendo filas",
                               file=sys.stderr) as bar:
            outcome = service.run_import(actor, data, archivo, progress=bar.update)
    except ArchivoError as err:
        raise click.ClickException(str(err)) from err
    except ValidationError as err:
        raise click.ClickException(str(err.normalized_messages())) from err
    for line in summary(outcome):
        click.echo(line)
    if rechazados and outcome.rejected_csv() is not None:
        rechazados.write_bytes(outcome.rejected_csv())
        click.echo(f"Filas rechazadas guardadas en {rechazados}")
    if reporte:
        reporte.write_text(json.dumps(outcome.to_dict(max_entries=None), ensure_ascii=False,
                                      indent=1, default=str), encoding="utf-8")
        click.echo(f"Reporte completo guardado en {reporte}")
    if outcome.has_errors:
        sys.exit(1)


def summary(outcome) -> list[str]:
    """Plain-Spanish lines describing an import outcome."""
    c, counts = outcome.to_dict(max_entries=0)["counts"], outcome.report.counts
    kind = "CGCA/CADIDO" if outcome.tipo == "cadido" else "expedientes"
    mode = "simulación (no se escribió nada)" if outcome.dry_run else (
        "filas válidas" if outcome.modo == "valid_rows" else "todo o nada")
    lines = [f"Importación de {kind} · {outcome.filename} · {mode}",
             f"sha256 {outcome.sha256}",
             f"Filas leídas: {c['rows_read']} · rechazadas: {c['rejected']}",
             f"{'Se crearían' if outcome.dry_run else 'Creados'}: {c['created']} · "
             f"actualizados: {c['updated']} · sin cambios: {c['unchanged']}"]
    if "reglas" in c:
        lines.append(f"Reglas de CADIDO fijadas: {c['reglas']} (sin cambio: "
                     f"{c['reglas_sin_cambio']}) · series sin regla: "
                     f"{outcome.extra.get('series_sin_regla_total', 0)}")
    lines.append(f"Errores: {counts['error']} · avisos: {counts['warning']} · "
                 f"notas: {counts['info']}")
    shown = [e for e in outcome.report.entries if e.severity is Severity.ERROR][:_SHOWN]
    shown += [e for e in outcome.report.entries
              if e.severity is Severity.WARNING][:_SHOWN - len(shown)]
    for e in shown:
        where = f"Fila {e.row}" if e.row else "Archivo"
        column = f", {e.column}" if e.column else ""
        hint = f" (sugerencia: {e.suggestion})" if e.suggestion else ""
        lines.append(f"  [{e.severity.value}] {where}{column}: {e.problem}{hint}")
    if outcome.written:
        lines.append("Importación guardada.")
    elif not outcome.dry_run:
        lines.append("El archivo tiene errores: no se escribió nada (todo o nada). Corríjalos "
                     "o use --valid-rows para cargar solo las filas válidas.")
    return lines


@import_cli.command("cadido")
@_options
def import_cadido(**options):
    """Import a CGCA or CADIDO (secciones, series, subseries and their rules)."""
    _run("cadido", **options)


@import_cli.command("expedientes")
@_options
def import_expedientes(**options):
    """Import an inventario of expedientes."""
    _run("expedientes", **options)


@import_cli.command("cleanup")
@click.option("--dias", type=click.IntRange(min=0), default=None,
              help="Borrar las importaciones terminadas hace más de estos días (por omisión, "
                   "IMPORTS_RETENTION_DAYS o 30).")
def cleanup(dias):
    """Delete stored uploads and reports of finished imports past the retention period."""
    days = retention.retention_days(current_app.config) if dias is None else dias
    deleted = retention.cleanup(current_app.config["INSTANCE_PATH"], days)
    click.echo(f"Importaciones borradas (terminadas hace más de {days} días): {len(deleted)}")
