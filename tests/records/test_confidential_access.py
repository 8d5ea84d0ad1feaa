"""Confidential expedientes: the Grupo Interdisciplinario (no `read.confidential`) may list
them, masked, but never read their title, description, documents or history; roles that
hold the permission see everything; public and reserved files are unchanged for the GI."""

import io

import pytest
from sqlalchemy import select

from archivo.audit.models import AuditEvent
from archivo.auth import service as auth
from archivo.errors import Forbidden
from archivo.interop.visibility import CONFIDENTIAL_TITLE
from archivo.records import documentos
from archivo.records import service as records
from archivo.records.api import file_store
from tests import factories as f
from tests.instruments.db_helpers import csv_rows, issue, pdf_text, sign_in

SECRET = "Juana"  # a word of the protected title, description and keywords


def bearer(user) -> dict:
    _token, secret = auth.create_token(user, {"nombre": "pruebas"})
    return {"Authorization": f"Bearer {secret}"}


def _with_document(ctx, exp, text: bytes):
    return documentos.add_documento(ctx["actor"], exp.id, "oficio.txt", io.BytesIO(text),
                                    store=file_store(), max_bytes=10_000)


@pytest.fixture
def world(db):
    """One confidential, one reserved and one public expediente, each with a document."""
    ctx = f.fondo_lifecycle()
    conf = f.expediente(ctx, titulo=f"Queja de {SECRET} Pérez por acoso laboral",
                        descripcion=f"Denuncia presentada por {SECRET} Pérez",
                        palabras_clave=f"{SECRET}, acoso", fecha_apertura="2015-03-02")
    conf_doc = _with_document(ctx, conf, f"Declaración de {SECRET}".encode())
    records.close_expediente(ctx["actor"], conf.id, {"fecha_cierre": "2016-06-30",
                                                     "fojas": 12})
    records.classify_expediente(ctx["actor"], conf.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "Datos personales"})
    reservado = f.expediente(ctx, titulo="Auditoría al ejercicio 2015",
                             fecha_apertura="2015-04-02")
    reservado_doc = _with_document(ctx, reservado, b"Informe preliminar")
    records.close_expediente(ctx["actor"], reservado.id, {"fecha_cierre": "2016-06-30",
                                                          "fojas": 30})
    records.classify_expediente(ctx["actor"], reservado.id, {
        "acceso": "reservada", "reserva_fecha_clasificacion": str(f.today()),
        "reserva_plazo_anios": 3, "reserva_fundamento": "Art. 113, fr. VI, LGTAIP",
        "reserva_area": "Órgano Interno de Control", "motivo": "Auditoría en curso"})
    publico = f.expediente(ctx, titulo="Adquisición de papelería",
                           fecha_apertura="2015-05-02")
    publico_doc = _with_document(ctx, publico, b"Factura")
    records.close_expediente(ctx["actor"], publico.id, {"fecha_cierre": "2016-06-30",
                                                        "fojas": 5})
    u = ctx["users"]
    return {**ctx, "conf": conf, "reservado": reservado, "publico": publico,
            "docs": {"conf": conf_doc, "reservado": reservado_doc, "publico": publico_doc},
            "gi": u["gi1"], "readers": (u["coordinador"], u["auditor"], ctx["actor"])}


# --- detail, documents and history: 403 for the GI ----------------------------------

def test_gi_cannot_open_a_confidential_expediente(world, client):
    h = bearer(world["gi"])
    conf = world["conf"]
    for url in (f"/api/v1/expedientes/{conf.id}", f"/api/v1/expedientes/{conf.id}/documentos",
                f"/api/v1/documentos/{world['docs']['conf'].id}/contenido",
                f"/api/v1/audit/events/expediente/{conf.id}"):
        r = client.get(url, headers=h)
        assert r.status_code == 403, url
        assert SECRET not in r.get_data(as_text=True), url
    with pytest.raises(Forbidden):
        records.get_expediente(world["gi"], conf.id)
    with pytest.raises(Forbidden):
        documentos.documento_for_download(world["gi"], world["docs"]["conf"].id)


def test_gi_html_detail_and_history_are_forbidden(world, client):
    sign_in(client, world["gi"])
    conf = world["conf"]
    for url in (f"/expedientes/{conf.id}", f"/auditoria/expediente/{conf.id}",
                f"/expedientes/documentos/{world['docs']['conf'].id}"):
        r = client.get(url)
        assert r.status_code == 403, url
        assert SECRET not in r.get_data(as_text=True), url


def test_roles_with_read_confidential_see_everything(world, client):
    conf = world["conf"]
    for user in world["readers"]:
        h = bearer(user)
        r = client.get(f"/api/v1/expedientes/{conf.id}", headers=h)
        assert r.status_code == 200 and r.json["titulo"].startswith("Queja de Juana")
        assert r.json["confidencial_fundamento"] == "Art. 116 LGTAIP"
        with client.get(f"/api/v1/documentos/{world['docs']['conf'].id}/contenido",
                        headers=h) as r:
            assert r.status_code == 200 and r.data == "Declaración de Juana".encode()
        events = client.get(f"/api/v1/audit/events/expediente/{conf.id}", headers=h).json
        assert [e["action"] for e in events][:2] == ["expediente.abrir", "documento.agregar"]
    sign_in(client, world["users"]["coordinador"])
    assert SECRET in client.get(f"/expedientes/{conf.id}").get_data(as_text=True)
    assert client.get(f"/auditoria/expediente/{conf.id}").status_code == 200


def test_public_and_reserved_expedientes_are_unchanged_for_the_gi(world, client):
    h = bearer(world["gi"])
    for name in ("reservado", "publico"):
        exp, doc = world[name], world["docs"][name]
        r = client.get(f"/api/v1/expedientes/{exp.id}", headers=h)
        assert r.status_code == 200 and r.json["titulo"] == exp.titulo
        with client.get(f"/api/v1/documentos/{doc.id}/contenido", headers=h) as r:
            assert r.status_code == 200
        assert client.get(f"/api/v1/audit/events/expediente/{exp.id}", headers=h).json
    sign_in(client, world["gi"])
    assert client.get(f"/expedientes/{world['reservado'].id}").status_code == 200
    assert client.get(f"/auditoria/expediente/{world['reservado'].id}").status_code == 200


def test_history_of_other_subjects_and_missing_expedientes_still_answers(world, client):
    h = bearer(world["gi"])
    r = client.get(f"/api/v1/audit/events/serie/{world['serie'].id}", headers=h)
    assert r.status_code == 200 and r.json
    assert client.get("/api/v1/audit/events/expediente/999999", headers=h).json == []


# --- the list: counted, masked, not searchable by protected words ----------------------

def _list(client, user, fondo: int, **params):
    r = client.get("/api/v1/expedientes", headers=bearer(user),
                   query_string={"fondo_id": fondo, **params})
    assert r.status_code == 200, r.json
    return r


def test_gi_list_counts_confidential_rows_but_masks_them(world, client):
    fondo = world["fondo"].id
    r = _list(client, world["gi"], fondo)
    assert SECRET not in r.get_data(as_text=True)
    assert r.json["total"] == 3
    rows = {row["id"]: row for row in r.json["items"]}
    masked = rows[world["conf"].id]
    assert masked["titulo"] == CONFIDENTIAL_TITLE
    assert masked["descripcion"] is None and masked["palabras_clave"] is None
    assert masked["clave"] == world["conf"].clave and masked["acceso"] == "confidencial"
    assert rows[world["reservado"].id]["titulo"] == world["reservado"].titulo
    assert rows[world["publico"].id]["titulo"] == world["publico"].titulo
    coord = _list(client, world["users"]["coordinador"], fondo).json
    assert coord["total"] == 3
    assert {row["titulo"] for row in coord["items"]} >= {world["conf"].titulo}


def test_free_text_does_not_match_protected_words_for_the_gi(world, client):
    fondo = world["fondo"].id
    assert _list(client, world["gi"], fondo, q=SECRET).json["total"] == 0
    assert _list(client, world["gi"], fondo, q="papelería").json["total"] == 1
    found = _list(client, world["users"]["coordinador"], fondo, q=SECRET).json
    assert found["total"] == 1 and found["items"][0]["id"] == world["conf"].id
    # the key is public: the GI still finds the file by it, masked
    by_key = _list(client, world["gi"], fondo, q=world["conf"].clave).json
    assert by_key["total"] == 1 and by_key["items"][0]["titulo"] == CONFIDENTIAL_TITLE


def test_title_order_places_a_masked_row_by_its_placeholder(world, client, db):
    ctx = world
    for titulo in ("Aaa primero", "Zzz último"):
        exp = f.expediente(ctx, titulo=titulo)
        records.classify_expediente(ctx["actor"], exp.id, {
            "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
            "motivo": "Datos personales"})
    items = _list(client, world["gi"], world["fondo"].id, orden="titulo",
                  per_page=50).json["items"]
    titles = [row["titulo"] for row in items]
    assert titles == sorted(titles)
    assert titles.count(CONFIDENTIAL_TITLE) == 3


def test_masking_never_touches_the_stored_expediente(world, db):
    items, total, _q = records.list_expedientes(world["gi"], {"fondo_id": world["fondo"].id})
    masked = next(x for x in items if x.id == world["conf"].id)
    assert masked.titulo == CONFIDENTIAL_TITLE and total == 3
    with pytest.raises(AttributeError):
        masked.titulo = "otro"
    db.flush()
    assert not db.dirty
    assert db.get(type(world["conf"]), world["conf"].id).titulo.startswith("Queja de Juana")


def test_gi_html_list_shows_the_placeholder(world, client):
    sign_in(client, world["gi"])
    body = client.get("/expedientes").get_data(as_text=True)
    assert CONFIDENTIAL_TITLE in body and SECRET not in body
    assert world["conf"].clave in body
    assert f'href="/expedientes/{world["conf"].id}"' not in body  # it cannot be opened
    assert f'href="/expedientes/{world["publico"].id}"' in body
    searched = client.get(f"/expedientes?q={SECRET}").get_data(as_text=True)
    assert "0 expedientes" in searched and world["conf"].clave not in searched


# --- instruments ------------------------------------------------------------------------

def test_inventario_general_masks_confidential_rows_for_the_gi(world, app):
    rows = csv_rows(issue(app, world["gi"], "inventario_general", format="csv").content)
    assert len(rows) == 3
    by_key = {r["Clave del expediente"]: r for r in rows}
    assert by_key[world["conf"].clave]["Nombre del expediente"] == CONFIDENTIAL_TITLE
    assert by_key[world["reservado"].clave]["Nombre del expediente"] == world["reservado"].titulo
    assert all(SECRET not in value for r in rows for value in r.values())
    assert SECRET not in pdf_text(issue(app, world["gi"], "inventario_general"))
    full = csv_rows(issue(app, world["users"]["coordinador"], "inventario_general",
                          format="csv").content)
    assert any(r["Nombre del expediente"] == world["conf"].titulo for r in full)


def test_calendario_masks_confidential_titles_for_the_gi(world, app):
    # closed 2016-06-30 with AT 2: the primary transfer falls due on 2018-06-30
    period = {"desde": "2018-01-01", "hasta": "2018-12-31", "format": "csv"}
    rows = csv_rows(issue(app, world["gi"], "calendario_caducidades", **period).content)
    assert len(rows) == 3
    assert CONFIDENTIAL_TITLE in {value for r in rows for value in r.values()}
    assert all(SECRET not in value for r in rows for value in r.values())
    full = issue(app, world["users"]["coordinador"], "calendario_caducidades", **period)
    assert SECRET in full.content.decode("utf-8-sig")


def test_transfer_inventory_masks_confidential_rows_for_the_gi(world, app):
    from archivo.transfers import service as transfers

    t = transfers.create_transfer(world["users"]["tramite"], world["fondo"].id, {
        "tipo": "primaria", "unidad_id": world["unidad"].id,
        "expediente_ids": [world["conf"].id, world["publico"].id]})
    gi = issue(app, world["gi"], "inventario_transferencia_primaria", transferencia=t.id,
               format="csv").content.decode("utf-8-sig")
    assert CONFIDENTIAL_TITLE in gi and SECRET not in gi and world["publico"].titulo in gi
    coord = issue(app, world["users"]["coordinador"], "inventario_transferencia_primaria",
                  transferencia=t.id, format="csv").content.decode("utf-8-sig")
    assert SECRET in coord


def test_caratula_follows_the_same_rule(world, client):
    sign_in(client, world["gi"])
    url = "/api/v1/instruments/caratula"
    assert client.get(f"{url}?expediente={world['conf'].id}").status_code == 403
    assert client.get(f"{url}?expediente={world['reservado'].id}").status_code == 200


# --- relocation keeps to the unit of a responsable de trámite -------------------------

def test_relocation_is_scoped_to_the_unit_after_tramite(db, client):
    ctx = f.fondo_lifecycle()
    u = ctx["users"]
    exp = f.in_concentracion(ctx)  # a DA file, now in concentración
    url = f"/api/v1/expedientes/{exp.id}/ubicacion"
    body = {"ubicacion_caja": "C-9"}
    r = client.put(url, json=body, headers=bearer(u["tramite_otra"]))  # DJ
    assert r.status_code == 403
    with pytest.raises(Forbidden):
        records.relocate_expediente(u["tramite_otra"], exp.id, body)
    assert client.put(url, json=body, headers=bearer(u["tramite"])).status_code == 200  # DA
    r = client.put(url, json={"ubicacion_caja": "C-10"}, headers=bearer(u["concentracion"]))
    assert r.status_code == 200 and r.json["ubicacion_caja"] == "C-10"
    sign_in(client, u["tramite_otra"])
    assert client.get(f"/expedientes/{exp.id}/ubicacion").status_code == 403
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "expediente.ubicar",
                                              AuditEvent.actor_id == u["tramite_otra"].id)) is None


def test_every_role_that_verifies_the_chain_reads_confidential_files():
    """disposal_history shows event data unmasked to `audit.verify` holders: that is safe
    only while each of them also holds `read.confidential` (the event log masks anyway)."""
    from archivo.auth.policies import PERMISSIONS

    assert PERMISSIONS["audit.verify"] <= PERMISSIONS["read.confidential"]
