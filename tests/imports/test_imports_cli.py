"""`flask import cadido|expedientes FILE`: summary, exit codes, rejects file."""

from sqlalchemy import func, select

from archivo.catalog.models import Serie
from archivo.records.models import Expediente
from tests import factories

HEAD = ["Clave", "Serie", "Título", "Unidad", "Fecha de apertura"]


def _count(db, model, fondo_id):
    return db.scalar(select(func.count()).select_from(model).where(model.fondo_id == fondo_id))


def test_import_expedientes_dry_run_then_real(app, db, make_csv, tmp_path):
    ctx = factories.fondo()
    path = make_csv([HEAD, ["", "4C.3", "Uno", "DA", "2010"], ["", "4C.3", "Dos", "DA", "2011"]])
    runner = app.test_cli_runner()
    fondo = ctx["fondo"].clave
    user = ctx["actor"].username
    result = runner.invoke(args=["import", "expedientes", str(path), "--fondo", fondo,
                                 "--usuario", user, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Se crearían: 2" in result.output and "simulación" in result.output
    assert _count(db, Expediente, ctx["fondo"].id) == 0
    report = tmp_path / "reporte.json"
    result = runner.invoke(args=["import", "expedientes", str(path), "--fondo", fondo,
                                 "--usuario", user, "--reporte", str(report)])
    assert result.exit_code == 0, result.output
    assert "Creados: 2" in result.output and "Importación guardada." in result.output
    assert _count(db, Expediente, ctx["fondo"].id) == 2 and report.is_file()


def test_errors_exit_1_and_write_rejects(app, db, make_csv, tmp_path):
    ctx = factories.fondo()
    path = make_csv([["Código", "Nombre", "AT", "AC", "Destino"],
                     ["4C.8", "Bien", "1", "2", "B"], ["9C.1", "Huérfana", "1", "2", "B"]],
                    name="cadido.csv")
    rejects = tmp_path / "rechazados.csv"
    args = ["import", "cadido", str(path), "--fondo", ctx["fondo"].clave,
            "--usuario", ctx["actor"].username, "--rechazados", str(rejects)]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1
    assert "no se escribió nada" in result.output and "Fila 3" in result.output
    assert "9C.1" in rejects.read_text(encoding="utf-8-sig")
    assert _count(db, Serie, ctx["fondo"].id) == 1
    result = app.test_cli_runner().invoke(args=[*args, "--valid-rows"])
    assert result.exit_code == 1 and "Importación guardada." in result.output
    assert _count(db, Serie, ctx["fondo"].id) == 2


def test_unknown_user_or_fondo(app, db, make_csv):
    factories.fondo()
    path = make_csv([HEAD])
    result = app.test_cli_runner().invoke(args=["import", "expedientes", str(path),
                                                "--usuario", "nadie"])
    assert result.exit_code != 0 and "nadie" in result.output
    result = app.test_cli_runner().invoke(args=["import", "expedientes", str(path),
                                                "--fondo", "NOEXISTE"])
    assert result.exit_code != 0 and "fondo" in result.output
