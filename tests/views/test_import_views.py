"""Import page: upload → dry-run report → confirm; rejects CSV; history; roles; validation."""

import io

import pytest
from sqlalchemy import func, select

from archivo.audit.models import AuditEvent
from archivo.auth.roles import Rol
from archivo.imports import store
from archivo.records.models import Expediente
from tests.imports.conftest import csv_bytes
from tests.views.conftest import text

HEAD = ["Clave", "Serie", "Título", "Unidad", "Fecha de apertura"]
GOOD = [HEAD, ["", "4C.3", "Nómina 2010", "DA", "15/03/2010"],
        ["", "4C.3", "Nómina 2011", "DA", "Abril/2011"]]
MIXED = [*GOOD, ["", "4C.99", "Serie que no existe", "DA", "2010"]]


@pytest.fixture(autouse=True)
def own_instance(app, tmp_path, monkeypatch):
    """Each test keeps its import runs in its own folder."""
    monkeypatch.setitem(app.config, "INSTANCE_PATH", str(tmp_path))
    return tmp_path


def _upload(browser, ctx, rows, *, name="inventario.csv", **form):
    data = {"tipo": "expedientes", "fondo_id": str(ctx["fondo"].id), "dry_run": "1",
            "modo": "all_or_nothing",
            "archivo": (io.BytesIO(csv_bytes(rows)), name), **form}
    return browser.post("/importaciones", {k: v for k, v in data.items() if v is not None},
                        content_type="multipart/form-data")


def _run_id(resp) -> str:
    assert resp.status_code == 303, text(resp)
    return resp.headers["Location"].rsplit("/", 1)[-1]


def _count(db, ctx) -> int:
    return db.scalar(select(func.count()).select_from(Expediente)
                     .where(Expediente.fondo_id == ctx["fondo"].id))


def test_page_offers_the_kinds_the_role_may_import_and_the_templates(browser, as_role):
    as_role(Rol.COORDINADOR)
    body = text(browser.get("/importaciones"))
    assert "Importar desde Excel o CSV" in body and 'enctype="multipart/form-data"' in body
    assert 'value="cadido"' in body and 'value="expedientes"' in body
    assert "/api/v1/imports/plantillas/expedientes.xlsx" in body
    assert 'name="csrf_token"' in body


def test_responsable_de_tramite_only_imports_expedientes(browser, as_role, ctx):
    as_role(Rol.RESPONSABLE_TRAMITE)
    body = text(browser.get("/importaciones"))
    assert 'value="expedientes"' in body and 'value="cadido"' not in body
    resp = _upload(browser, ctx, [["Código", "Nombre"], ["4C.8", "Otra"]], tipo="cadido")
    assert resp.status_code == 422
    assert "Su rol no permite importar este tipo de archivo." in text(resp)


@pytest.mark.parametrize("rol", [Rol.AUDITOR, Rol.INTEGRANTE_GI, Rol.RESPONSABLE_HISTORICO])
def test_roles_without_write_permissions_get_403(browser, as_role, ctx, rol):
    as_role(rol)
    assert browser.get("/importaciones").status_code == 403
    assert _upload(browser, ctx, GOOD).status_code == 403


def test_anonymous_is_sent_to_login(browser, ctx):
    resp = browser.get("/importaciones")
    assert resp.status_code == 302 and "/entrar" in resp.headers["Location"]


def test_upload_requires_csrf(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    resp = browser.post("/importaciones", {"tipo": "expedientes", "fondo_id": ctx["fondo"].id,
                                           "archivo": (io.BytesIO(b"x"), "a.csv")},
                        csrf=False, content_type="multipart/form-data")
    assert resp.status_code == 400


def test_field_errors_keep_the_choices(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    resp = browser.post("/importaciones", {"tipo": "", "fondo_id": str(ctx["fondo"].id),
                                           "modo": "valid_rows"},
                        content_type="multipart/form-data")
    assert resp.status_code == 422
    body = text(resp)
    assert "Elija el archivo que quiere importar." in body
    assert 'id="e-tipo"' in body  # the kind is required, shown next to its field
    assert 'value="valid_rows" checked' in body
    resp = _upload(browser, ctx, GOOD, name="inventario.pdf")
    assert resp.status_code == 422 and "Formato no admitido" in text(resp)
    resp = browser.post("/importaciones", {
        "tipo": "expedientes", "fondo_id": str(ctx["fondo"].id),
        "archivo": (io.BytesIO(b""), "vacio.csv")}, content_type="multipart/form-data")
    assert resp.status_code == 422 and "El archivo está vacío." in text(resp)
    resp = _upload(browser, ctx, GOOD, fondo_id="999999")
    assert resp.status_code == 422 and "El fondo no existe." in text(resp)


def test_dry_run_then_confirm_all_or_nothing(browser, as_role, ctx, db):
    user = as_role(Rol.COORDINADOR)
    run_id = _run_id(_upload(browser, ctx, GOOD))
    body = text(browser.get(f"/importaciones/{run_id}"))
    assert "No encontramos errores" in body and "Cargar el archivo" in body
    assert _count(db, ctx) == 0  # a dry run writes nothing
    resp = browser.post(f"/importaciones/{run_id}/confirmar", {"modo": "all_or_nothing"})
    assert resp.status_code == 302
    child = resp.headers["Location"].rsplit("/", 1)[-1]
    body = text(browser.get(f"/importaciones/{child}"))
    assert "Importación guardada" in body and "Evento n.º" in body
    assert _count(db, ctx) == 2
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "importacion.expedientes",
                                               AuditEvent.actor_id == user.id))
    assert event is not None and f"Evento n.º {event.seq}" in body
    # Confirming the same validation again does not import twice.
    again = browser.post(f"/importaciones/{run_id}/confirmar", {"modo": "all_or_nothing"})
    assert again.headers["Location"].endswith(child) and _count(db, ctx) == 2
    history = text(browser.get("/importaciones"))
    assert history.count("inventario.csv") == 2 and "Guardada" in history


def test_errors_report_then_load_valid_rows_and_download_rejects(browser, as_role, ctx, db):
    as_role(Rol.COORDINADOR)
    run_id = _run_id(_upload(browser, ctx, MIXED))
    body = text(browser.get(f"/importaciones/{run_id}"))
    assert "La serie «4C.99» no existe" in body and "Importe primero el CGCA" in body
    assert "Cargar solo las 2 filas correctas" in body and "Cargar el archivo<" not in body
    rejects = browser.get(f"/importaciones/{run_id}/rechazados.csv")
    assert rejects.status_code == 200 and rejects.mimetype == "text/csv"
    assert "Serie que no existe" in rejects.data.decode("utf-8-sig")
    refused = browser.post(f"/importaciones/{run_id}/confirmar", {"modo": "all_or_nothing"})
    assert refused.status_code == 422 and "corríjalos" in text(refused)
    assert _count(db, ctx) == 0
    resp = browser.post(f"/importaciones/{run_id}/confirmar", {"modo": "valid_rows"})
    child = resp.headers["Location"].rsplit("/", 1)[-1]
    assert "Importación guardada" in text(browser.get(f"/importaciones/{child}"))
    assert _count(db, ctx) == 2


def test_direct_all_or_nothing_with_errors_writes_nothing(browser, as_role, ctx, db):
    as_role(Rol.COORDINADOR)
    run_id = _run_id(_upload(browser, ctx, MIXED, dry_run=None))
    body = text(browser.get(f"/importaciones/{run_id}"))
    assert "No se guardó nada" in body and _count(db, ctx) == 0


def test_report_is_paged(browser, as_role, ctx, monkeypatch):
    from archivo.imports import views

    monkeypatch.setattr(views, "REPORT_PER_PAGE", 1)
    as_role(Rol.COORDINADOR)
    rows = [HEAD, *[["", "4C.99", f"Fila {i}", "DA", "2010"] for i in range(3)]]
    run_id = _run_id(_upload(browser, ctx, rows))
    body = text(browser.get(f"/importaciones/{run_id}?page=2"))
    assert "Página 2 de 3" in body
    assert browser.get(f"/importaciones/{run_id}?page=abc").status_code == 200


def test_runs_are_private_to_their_author_but_not_to_administrators(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    run_id = _run_id(_upload(browser, ctx, GOOD))
    browser.post("/salir")
    as_role(Rol.COORDINADOR)
    assert browser.get(f"/importaciones/{run_id}").status_code == 404
    assert browser.post(f"/importaciones/{run_id}/confirmar").status_code == 404
    assert "inventario.csv" not in text(browser.get("/importaciones"))
    browser.post("/salir")
    as_role(Rol.ADMINISTRADOR)
    assert browser.get(f"/importaciones/{run_id}").status_code == 200


def test_progress_fragment_polls_then_asks_for_reload(browser, as_role, ctx, own_instance):
    user = as_role(Rol.COORDINADOR)
    run_id = store.create_run(own_instance, user, {
        "tipo": "expedientes", "fondo_id": ctx["fondo"].id, "dry_run": True,
        "modo": "all_or_nothing"}, filename="grande.csv", upload=io.BytesIO(b"x"))
    store.update(own_instance, run_id, status=store.Status.RUNNING, rows_total=100_000,
                 rows_done=35_000)
    page = text(browser.get(f"/importaciones/{run_id}"))
    assert 'hx-trigger="every 1s"' in page and "<noscript>" in page
    fragment = browser.get(f"/importaciones/{run_id}/progreso")
    assert fragment.status_code == 200 and 'value="35000"' in text(fragment)
    store.fail(own_instance, run_id, "El archivo está vacío.")
    done = browser.get(f"/importaciones/{run_id}/progreso")
    assert done.status_code == 204 and done.headers["HX-Refresh"] == "true"
    assert "El archivo está vacío." in text(browser.get(f"/importaciones/{run_id}"))


def test_unknown_run_is_404(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    assert browser.get("/importaciones/" + "0" * 32).status_code == 404
    assert browser.get("/importaciones/../etc").status_code == 404


def test_english_page(browser, as_role, ctx):
    as_role(Rol.COORDINADOR)
    browser.get("/idioma/en")
    resp = browser.get("/importaciones")
    assert resp.status_code == 200 and '<html lang="en">' in text(resp)


def test_confirming_when_the_file_is_gone_explains_why(browser, as_role, ctx, own_instance):
    as_role(Rol.COORDINADOR)
    run_id = _run_id(_upload(browser, ctx, GOOD))
    (store.root(own_instance) / run_id / "origen.csv").unlink()
    resp = browser.post(f"/importaciones/{run_id}/confirmar", {"modo": "all_or_nothing"})
    assert resp.status_code == 422 and "ya no está disponible" in text(resp)


def test_api_validations_are_listed_but_cannot_be_confirmed_here(browser, as_role, ctx,
                                                                 own_instance):
    from archivo.imports import service

    user = as_role(Rol.COORDINADOR)
    outcome = service.import_expedientes(user, ctx["fondo"].id, csv_bytes(GOOD),
                                         filename="desde-api.csv")
    run_id = store.save(own_instance, user, outcome)
    assert "desde-api.csv" in text(browser.get("/importaciones"))
    page = text(browser.get(f"/importaciones/{run_id}"))
    assert "no se conservó" in page and "/confirmar" not in page
