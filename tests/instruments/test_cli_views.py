"""The `instruments render` command, the Instrumentos page, and the public pages."""

import hashlib

from sqlalchemy import select

from archivo.instruments.models import InstrumentoEmitido
from tests.instruments.db_helpers import sign_in


def test_cli_renders_to_file_and_records(world, app, db, tmp_path):
    out = tmp_path / "baja.pdf"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["instruments", "render", "acta_baja", "--baja",
                                 str(world["baja"].id), "--usuario",
                                 world["users"]["coordinador"].username, "-o", str(out)])
    assert result.exit_code == 0, result.output
    sha = hashlib.sha256(out.read_bytes()).hexdigest()
    assert f"sha256: {sha}" in result.output
    record = db.scalar(select(InstrumentoEmitido).where(InstrumentoEmitido.sha256 == sha))
    assert record.emitido_by_id == world["users"]["coordinador"].id
    assert f"Código de verificación: {record.codigo}" in result.output


def test_cli_reports_field_errors_without_traceback(world, app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["instruments", "render", "caratula", "-o",
                                 str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "expediente: Este instrumento requiere este dato." in \
        result.output
    result = runner.invoke(args=["instruments", "render", "inventario_general", "--unidad",
                                 "NOPE", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "La unidad administrativa no existe." in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_instruments_page_and_download(world, client):
    sign_in(client, world["users"]["coordinador"])
    page = client.get("/instrumentos")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Inventario General por Expediente" in html
    assert 'href="/instrumentos"' in client.get("/expedientes").get_data(as_text=True)  # nav
    resp = client.get("/instrumentos/descargar", query_string={
        "kind": "inventario_general", "unidad": "DA", "format": "pdf", "token": "abc12345",
        "serie": "", "baja": ""})
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    assert "instrumento_listo=abc12345" in resp.headers["Set-Cookie"]
    bad = client.get("/instrumentos/descargar", query_string={"kind": "ficha_valoracion"})
    assert bad.status_code == 422
    assert "Este instrumento requiere este dato." in bad.get_data(as_text=True)


def test_caratula_button_on_the_expediente_page(world, client):
    sign_in(client, world["actor"])
    exp = world["tramite"][0]
    html = client.get(f"/expedientes/{exp.id}").get_data(as_text=True)
    assert f"/instrumentos/descargar?kind=caratula&amp;expediente={exp.id}" in html


def test_public_pages_list_and_verify_an_upload(world, client):
    html = client.get("/consulta/instrumentos").get_data(as_text=True)
    assert "Acta de Baja Documental" in html and "Catálogo de Disposición Documental" in html
    pdf = client.get("/instrumentos/descargar?kind=cgca").data
    with client.session_transaction() as session:
        session["csrf"] = "t" * 32
    ok = client.post("/consulta/instrumentos/verificar", data={
        "csrf_token": "t" * 32, "archivo": (__import__("io").BytesIO(pdf), "cgca.pdf")},
        content_type="multipart/form-data")
    assert ok.status_code == 200 and "Documento auténtico." in ok.get_data(as_text=True)
    altered = pdf.replace(b"Cuadro", b"Cuadr0", 1)
    bad = client.post("/consulta/instrumentos/verificar", data={
        "csrf_token": "t" * 32, "archivo": (__import__("io").BytesIO(altered), "cgca.pdf")},
        content_type="multipart/form-data")
    assert "No coincide con ningún documento emitido." in bad.get_data(as_text=True)
    wrong = client.get("/consulta/instrumentos/verificar?code=1234")
    assert wrong.status_code == 422 and "Código no válido" in wrong.get_data(as_text=True)


def test_restricted_download_for_the_public_is_refused(world, client):
    resp = client.get("/instrumentos/descargar?kind=inventario_general")
    assert resp.status_code == 401
