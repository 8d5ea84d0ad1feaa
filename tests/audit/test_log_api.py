"""GET /api/v1/audit/events: the filtered event log as JSON, keyset pages, who may read it."""

import pytest

from archivo.auth import policies
from archivo.auth import service as auth
from archivo.auth.roles import Rol
from archivo.records import service as records
from tests import factories as f

URL = "/api/v1/audit/events"


def bearer(user) -> dict:
    _token, secret = auth.create_token(user, {"nombre": "pruebas"})
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(db):
    ctx = f.fondo()
    exp = f.closed_expediente(ctx, titulo="Queja de Juana Pérez")
    records.classify_expediente(ctx["actor"], exp.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "Datos personales"})
    return {**ctx, "exp": exp}


def test_pages_newest_first_with_cursor(world, client):
    headers = bearer(f.user(Rol.AUDITOR))
    resp = client.get(f"{URL}?per_page=4", headers=headers)
    assert resp.status_code == 200
    page = resp.get_json()
    assert set(page) == {"items", "per_page", "next_before", "scanned_from"}
    first = [e["seq"] for e in page["items"]]
    assert len(first) == 4 and first == sorted(first, reverse=True)
    assert page["next_before"] == first[-1]
    seen = list(first)
    while page["next_before"]:
        page = client.get(f"{URL}?per_page=4&before={page['next_before']}",
                          headers=headers).get_json()
        seen += [e["seq"] for e in page["items"]]
    assert seen == sorted(set(seen), reverse=True) and seen[-1] == 1


def test_filters(world, client):
    headers = bearer(f.user(Rol.COORDINADOR))
    exp = world["exp"]
    items = client.get(f"{URL}?subject_type=expediente&subject_id={exp.id}",
                       headers=headers).get_json()["items"]
    assert [e["action"] for e in items] == ["expediente.clasificar", "expediente.cerrar",
                                            "expediente.abrir"]
    assert items[0]["after"]["acceso"] == "confidencial" and not items[0]["contenido_oculto"]
    items = client.get(f"{URL}?action=serie.crear", headers=headers).get_json()["items"]
    assert [e["subject_type"] for e in items] == ["serie"]
    items = client.get(f"{URL}?actor_id={world['actor'].id}&since=2000-01-01",
                       headers=headers).get_json()["items"]
    assert items and {e["actor_id"] for e in items} == {world["actor"].id}


def test_bad_filters_are_422(world, client):
    headers = bearer(f.user(Rol.AUDITOR))
    for query in ("action=nada", "subject_id=3", "since=2024-02-01&until=2024-01-01",
                  "per_page=500", "desde=2024-01-01", "before=0"):
        resp = client.get(f"{URL}?{query}", headers=headers)
        assert resp.status_code == 422, query
        assert resp.get_json()["error"]["fields"], query


def test_only_chain_verifiers_read_the_log(world, client):
    assert client.get(URL).status_code == 401
    for rol in (Rol.RESPONSABLE_TRAMITE, Rol.INTEGRANTE_GI, Rol.RESPONSABLE_HISTORICO):
        unidad = world["unidad"] if rol == Rol.RESPONSABLE_TRAMITE else None
        assert client.get(URL, headers=bearer(f.user(rol, unidad))).status_code == 403, rol


def test_confidential_events_masked_without_read_confidential(world, client, monkeypatch):
    monkeypatch.setitem(policies.PERMISSIONS, "audit.verify",
                        policies.PERMISSIONS["audit.verify"] | {Rol.INTEGRANTE_GI})
    resp = client.get(f"{URL}?subject_type=expediente", headers=bearer(f.user(Rol.INTEGRANTE_GI)))
    items = resp.get_json()["items"]
    assert len(items) == 3 and "Juana" not in resp.get_data(as_text=True)
    assert all(e["contenido_oculto"] and e["before"] is None and e["after"] is None
               for e in items)
    assert all(e["hash"] and e["action"] for e in items)  # the event itself stays listed


def test_openapi_documents_the_log(app, client, db):
    spec = client.get("/api/v1/openapi.json").get_json()
    op = spec["paths"]["/api/v1/audit/events"]["get"]
    names = {p["name"] for p in op["parameters"]}
    assert {"action", "actor_id", "subject_type", "subject_id", "since", "until",
            "before", "per_page"} <= names
