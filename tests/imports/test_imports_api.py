"""POST /api/v1/imports: report JSON, stored report paging, rejects CSV, templates."""

import io

from sqlalchemy import func, select

from archivo.auth.roles import Rol
from archivo.auth.service import create_token
from archivo.records.models import Expediente
from tests import factories
from tests.imports.conftest import csv_bytes

HEAD = ["Clave", "Serie", "Título", "Unidad", "Fecha de apertura"]


def _auth(actor):
    _token, secret = create_token(actor, {"nombre": "pruebas", "dias": 1})
    return {"Authorization": f"Bearer {secret}"}


def _post(client, headers, rows, **form):
    data = {"archivo": (io.BytesIO(csv_bytes(rows)), "inventario.csv"), **form}
    return client.post("/api/v1/imports", data=data, headers=headers,
                       content_type="multipart/form-data")


def _count(db, fondo_id):
    return db.scalar(select(func.count()).select_from(Expediente)
                     .where(Expediente.fondo_id == fondo_id))


def test_dry_run_by_default_then_valid_rows_with_rejects_download(client, db):
    ctx = factories.fondo()
    headers = _auth(ctx["actor"])
    rows = [HEAD, ["", "4C.3", "Uno", "DA", "2010"], ["", "4C.99", "Dos", "DA", "2010"],
            ["", "4C.3", "Tres", "DA", "2010"]]
    resp = _post(client, headers, rows, tipo="expedientes", fondo_id=ctx["fondo"].id)
    assert resp.status_code == 200, resp.json
    body = resp.json
    assert body["dry_run"] and not body["written"] and body["has_errors"]
    assert body["counts"]["created"] == 2 and body["counts"]["rejected"] == 1
    assert body["report"]["entries"][0]["kind"] == "serie_inexistente"
    assert _count(db, ctx["fondo"].id) == 0
    resp = _post(client, headers, rows, tipo="expedientes", fondo_id=ctx["fondo"].id,
                 dry_run="false", modo="valid_rows", max_entradas="0")
    assert resp.status_code == 201 and resp.json["written"]
    assert resp.json["report"]["entries"] == [] and resp.json["report"]["entries_total"] == 1
    assert _count(db, ctx["fondo"].id) == 2
    rejected = client.get(resp.json["links"]["rechazados"], headers=headers)
    assert rejected.status_code == 200 and rejected.mimetype == "text/csv"
    assert "4C.99" in rejected.data.decode("utf-8-sig")
    page = client.get(resp.json["links"]["reporte"] + "?per_page=1", headers=headers)
    assert page.status_code == 200 and len(page.json["report"]["entries"]) == 1
    other = factories.user(Rol.COORDINADOR)
    assert client.get(resp.json["links"]["reporte"], headers=_auth(other)).status_code == 404


def test_all_or_nothing_error_and_permissions(client, db):
    ctx = factories.fondo()
    rows = [HEAD, ["", "4C.99", "Dos", "DA", "2010"]]
    resp = _post(client, _auth(ctx["actor"]), rows, tipo="expedientes",
                 fondo_id=ctx["fondo"].id, dry_run="false")
    assert resp.status_code == 200 and not resp.json["written"]
    auditor = factories.user(Rol.AUDITOR)
    resp = _post(client, _auth(auditor), rows, tipo="cadido", fondo_id=ctx["fondo"].id)
    assert resp.status_code == 403
    tramite = factories.user(Rol.RESPONSABLE_TRAMITE, ctx["unidad"])
    resp = _post(client, _auth(tramite), [["Código", "Nombre"], ["4C.8", "X"]], tipo="cadido",
                 fondo_id=ctx["fondo"].id)
    assert resp.status_code == 403
    assert client.post("/api/v1/imports", data={"tipo": "cadido"}).status_code == 401


def test_validation_errors(client, db):
    ctx = factories.fondo()
    headers = _auth(ctx["actor"])
    resp = client.post("/api/v1/imports", data={"tipo": "cadido", "fondo_id": "1"},
                       headers=headers, content_type="multipart/form-data")
    assert resp.status_code == 422 and "archivo" in resp.json["error"]["fields"]
    resp = _post(client, headers, [HEAD], tipo="otra", fondo_id=ctx["fondo"].id)
    assert resp.status_code == 422 and "tipo" in resp.json["error"]["fields"]
    resp = _post(client, headers, [HEAD], tipo="cadido", fondo_id=999999)
    assert resp.status_code == 404


def test_templates(client, db):
    resp = client.get("/api/v1/imports/plantillas/expedientes.csv")
    assert resp.status_code == 200 and resp.data.decode("utf-8-sig").startswith("Clave,Serie")
    resp = client.get("/api/v1/imports/plantillas/cadido.xlsx")
    assert resp.status_code == 200 and resp.data[:2] == b"PK"
    assert client.get("/api/v1/imports/plantillas/cadido.pdf").status_code == 422
