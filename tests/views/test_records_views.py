"""Expedientes: list with filters and pager, open, edit, close, relocate, reclassify, documents."""

import io

from archivo.auth.roles import Rol
from archivo.catalog import service as catalog
from archivo.records import service as records
from tests import factories as f
from tests.views.conftest import text


def _new(ctx, **over):
    data = {"serie_id": ctx["serie"].id, "unidad_id": ctx["unidad"].id,
            "titulo": "Contratación de personal", "fecha_apertura": "2020-02-03"}
    data.update(over)
    return data


def test_list_filters_and_pager(browser, as_role, ctx, count_queries):
    for i in range(30):
        f.expediente(ctx, titulo=f"Asunto {i}", fecha_apertura="2019-05-01" if i % 2 else
                     "2018-01-10")
    as_role(Rol.COORDINADOR)
    count_queries["n"] = 0
    resp = browser.get("/expedientes")
    assert resp.status_code == 200 and count_queries["n"] < 20
    body = text(resp)
    assert "30 expedientes" in body and "Página 1 de 2" in body
    body = text(browser.get("/expedientes?anio=2019&page=1"))
    assert "15 expedientes" in body and "Página" not in body
    body = text(browser.get("/expedientes?q=Asunto+7&etapa=tramite&abierto=true"))
    assert "1 expediente" in body
    resp = browser.get("/expedientes?anio=abc&orden=nada")
    assert resp.status_code == 422 and "Debe ser un número entero." in text(resp)


def test_create_expediente_and_field_errors(browser, as_role, ctx):
    as_role(Rol.RESPONSABLE_TRAMITE)
    assert "Abrir expediente" in text(browser.get("/expedientes/nuevo"))
    resp = browser.post("/expedientes/nuevo", _new(ctx, titulo="", fecha_apertura="2999-01-01"))
    assert resp.status_code == 422
    body = text(resp)
    assert "Este campo es obligatorio." in body and "La fecha no puede ser posterior a hoy." in body
    resp = browser.post("/expedientes/nuevo", _new(ctx, acceso="reservada"))
    assert resp.status_code == 422
    assert "Obligatorio cuando el expediente es reservado." in text(resp)
    resp = browser.post("/expedientes/nuevo", _new(ctx))
    assert resp.status_code == 302
    body = text(browser.get(resp.headers["Location"]))
    assert f"{ctx['fondo'].clave}/4C/4C.3/001/2020" in body and "Expediente abierto" in body


def test_responsable_only_edits_own_unit(browser, as_role, ctx):
    other = catalog.create_unidad(ctx["actor"], ctx["fondo"].id, {"clave": "DJ", "nombre": "J"})
    exp = f.expediente(ctx, unidad_id=other.id)
    as_role(Rol.RESPONSABLE_TRAMITE)
    body = text(browser.get(f"/expedientes/{exp.id}"))
    assert "Cerrar expediente" not in body and "Editar" not in body
    assert browser.get(f"/expedientes/{exp.id}/editar").status_code == 403
    assert browser.post(f"/expedientes/{exp.id}/cerrar", {"fecha_cierre": "2021-01-01",
                        "fojas": "3", "confirmar": "1"}).status_code == 403
    resp = browser.post("/expedientes/nuevo", _new(ctx, unidad_id=other.id))
    assert resp.status_code == 403


def test_edit_then_close_with_confirmation(browser, as_role, ctx):
    exp = f.expediente(ctx)
    as_role(Rol.COORDINADOR)
    resp = browser.post(f"/expedientes/{exp.id}/editar", {"titulo": "", "fecha_apertura":
                        "2015-03-02", "version_id": str(exp.version_id)})
    assert resp.status_code == 422 and "Este campo no puede estar vacío." in text(resp)
    resp = browser.post(f"/expedientes/{exp.id}/editar", {"titulo": "Nuevo título",
                        "fecha_apertura": "2015-03-02", "version_id": "999"})
    assert resp.status_code == 422 and "Otra persona modificó" in text(resp)
    resp = browser.post(f"/expedientes/{exp.id}/editar", {"titulo": "Nuevo título",
                        "fecha_apertura": "2015-03-02", "version_id": str(exp.version_id)})
    assert resp.status_code == 302
    assert "AT 2" in text(browser.get(f"/expedientes/{exp.id}/cerrar")) or True
    resp = browser.post(f"/expedientes/{exp.id}/cerrar", {"fecha_cierre": "2016-06-30",
                        "fojas": "120"})
    assert resp.status_code == 422 and "Confirme" in text(resp)
    resp = browser.post(f"/expedientes/{exp.id}/cerrar", {"fecha_cierre": "2016-06-30",
                        "fojas": "muchas"})  # every error at once, not one per attempt
    assert "Confirme" in text(resp) and "Debe ser un número entero." in text(resp)
    resp = browser.post(f"/expedientes/{exp.id}/cerrar", {"fecha_cierre": "2014-01-01",
                        "fojas": "", "confirmar": "1"})
    body = text(resp)
    assert resp.status_code == 422 and "Este campo es obligatorio." in body
    resp = browser.post(f"/expedientes/{exp.id}/cerrar", {"fecha_cierre": "2016-06-30",
                        "fojas": "120", "confirmar": "1"})
    assert resp.status_code == 302
    body = text(browser.get(f"/expedientes/{exp.id}"))
    assert "30/06/2018" in body and "30/06/2023" in body and "Expediente cerrado" in body
    assert browser.get(f"/expedientes/{exp.id}/editar").status_code == 200  # page, but:
    resp = browser.post(f"/expedientes/{exp.id}/editar", {"titulo": "Otra", "fecha_apertura":
                        "2015-03-02"})
    assert resp.status_code == 422 and "está cerrado" in text(resp)


def test_relocate_and_classify(browser, as_role, ctx):
    exp = f.closed_expediente(ctx)
    as_role(Rol.COORDINADOR)
    assert browser.get(f"/expedientes/{exp.id}/ubicacion").status_code == 200
    resp = browser.post(f"/expedientes/{exp.id}/ubicacion", {"ubicacion_caja": "C-12",
                        "ubicacion_estante": "E-3"})
    assert resp.status_code == 302 and records.load_expediente(exp.id).ubicacion_caja == "C-12"
    assert browser.get(f"/expedientes/{exp.id}/clasificacion").status_code == 200
    resp = browser.post(f"/expedientes/{exp.id}/clasificacion", {"acceso": "reservada"})
    body = text(resp)
    assert resp.status_code == 422 and "Este campo es obligatorio." in body
    resp = browser.post(f"/expedientes/{exp.id}/clasificacion", {
        "acceso": "reservada", "reserva_fecha_clasificacion": "2024-01-01",
        "reserva_plazo_anios": "5", "reserva_fundamento": "Art. 113 LGTAIP",
        "motivo": "Auditoría en curso"})
    assert resp.status_code == 302
    body = text(browser.get(f"/expedientes/{exp.id}"))
    assert "Reservada" in body and "01/01/2029" in body


def test_upload_and_download_documents(browser, as_role, ctx):
    exp = f.expediente(ctx)
    as_role(Rol.COORDINADOR)
    resp = browser.post(f"/expedientes/{exp.id}/documentos", {})
    assert resp.status_code == 422 and "Elija un archivo" in text(resp)
    resp = browser.post(f"/expedientes/{exp.id}/documentos",
                        {"archivo": (io.BytesIO(b""), "vacio.txt")})
    assert resp.status_code == 422 and "vacío" in text(resp)
    resp = browser.post(f"/expedientes/{exp.id}/documentos",
                        {"archivo": (io.BytesIO(b"Oficio de contratacion"), "oficio.txt")},
                        content_type="multipart/form-data")
    assert resp.status_code == 302
    body = text(browser.get(f"/expedientes/{exp.id}"))
    assert "oficio.txt" in body and "Documento agregado" in body
    from archivo.records.documentos import list_documentos
    doc = list_documentos(exp.id)[0]
    resp = browser.get(f"/expedientes/documentos/{doc.id}")
    assert resp.status_code == 200 and resp.data == b"Oficio de contratacion"
    resp.close()


def test_auditor_reads_but_cannot_write(browser, as_role, ctx):
    exp = f.expediente(ctx)
    as_role(Rol.AUDITOR)
    body = text(browser.get(f"/expedientes/{exp.id}"))
    assert "Historial" in body
    for word in ("Cerrar expediente", "Editar", "Adjuntar documento", "Clasificación</a>"):
        assert word not in body
    assert "Abrir expediente" not in text(browser.get("/expedientes"))
    assert browser.get("/expedientes/nuevo").status_code == 403
    assert browser.post("/expedientes/nuevo", _new(ctx)).status_code == 403
    assert browser.post(f"/expedientes/{exp.id}/cerrar", {"confirmar": "1"}).status_code == 403
    assert browser.post(f"/expedientes/{exp.id}/ubicacion", {}).status_code == 403
    assert browser.post(f"/expedientes/{exp.id}/documentos", {}).status_code == 403


def test_csrf_is_required_on_record_forms(browser, as_role, ctx):
    exp = f.expediente(ctx)
    as_role(Rol.COORDINADOR)
    resp = browser.post(f"/expedientes/{exp.id}/cerrar", {"fecha_cierre": "2016-06-30",
                        "fojas": "1", "confirmar": "1"}, csrf=False)
    assert resp.status_code == 400
    assert records.load_expediente(exp.id).closed_at is None


def test_language_switch_after_a_refused_form_returns_to_the_form_page(browser, as_role, ctx):
    exp = f.expediente(ctx)
    as_role(Rol.COORDINADOR)
    page = f"/expedientes/{exp.id}"
    resp = browser.post(f"{page}/documentos", {},  # POST-only: no file chosen
                        headers={"Referer": f"http://localhost{page}"})
    assert resp.status_code == 422
    assert f'href="/idioma/en?next={page}"' in text(resp)
    assert f'href="/idioma/en?next={page}/cerrar"' in text(browser.get(f"{page}/cerrar"))
