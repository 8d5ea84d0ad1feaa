"""ISAD(G) description use cases and the JSON API (descriptions, exports, CSV import)."""

import pytest
from marshmallow import ValidationError

from archivo.audit.models import AuditEvent
from archivo.auth.roles import Rol
from archivo.auth.service import create_token
from archivo.db import get_session
from archivo.errors import Conflict, Forbidden, NotFound
from archivo.interop.models import Nivel
from archivo.interop.service import get_description, update_description
from archivo.records.models import Expediente
from tests import factories
from tests.interop.helpers import assert_valid_ead3


def bearer(user) -> dict:
    _token, secret = create_token(user, {"nombre": "pruebas"})
    return {"Authorization": f"Bearer {secret}"}


def test_edit_is_audited_and_derived_elements_come_from_the_catalogue(described):
    actor, serie = described["actor"], described["serie"]
    update_description(actor, Nivel.SERIE, serie.id, {"notas": "  Nota nueva  ",
                                                      "lengua": ""})
    desc = get_description(actor, Nivel.SERIE, serie.id)
    assert desc["elementos"]["notas"] == "Nota nueva" and desc["elementos"]["lengua"] is None
    assert desc["elementos"]["historia_institucional"] == "Texto (historia_institucional)"
    assert "vigencia total: 7 años" in desc["derivados"]["valoracion"]
    assert desc["volumen"].startswith("5 expedientes")  # reservada + confidencial count too
    event = get_session().query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    assert (event.action, event.subject_type, event.subject_id) == \
        ("descripcion.editar", "serie", str(serie.id))
    assert event.before["notas"] == "Texto (notas)" and event.after["notas"] == "Nota nueva"


def test_expediente_description_moves_its_datestamp(described):
    exp = get_session().get(Expediente, described["public"][1].id)
    before = exp.updated_at
    update_description(described["actor"], Nivel.EXPEDIENTE, exp.id, {"notas": "x"})
    assert get_session().get(Expediente, exp.id).updated_at > before


def test_validation_permissions_conflicts_and_missing_units(described):
    actor = described["actor"]
    with pytest.raises(ValidationError) as err:
        update_description(actor, Nivel.FONDO, described["fondo"].id,
                           {"notas": "x" * 20001, "desconocido": "y"})
    assert set(err.value.normalized_messages()) == {"notas", "desconocido"}
    with pytest.raises(Forbidden):
        update_description(described["users"]["auditor"], Nivel.FONDO, described["fondo"].id,
                           {"notas": "x"})
    with pytest.raises(NotFound):
        update_description(actor, Nivel.SERIE, 999999, {"notas": "x"})
    with pytest.raises(Conflict):
        update_description(actor, Nivel.FONDO, described["fondo"].id, {"notas": "x"},
                           expected_version=99)
    update_description(described["users"]["historico"], Nivel.FONDO, described["fondo"].id,
                       {"notas": "Responsable de histórico"})


def test_confidential_description_hidden_from_gi(described):
    gi = described["users"]["gi1"]
    desc = get_description(gi, Nivel.EXPEDIENTE, described["confidencial"].id)
    assert desc["titulo"] == "Expediente confidencial"
    assert desc["elementos"]["notas"] is None
    with pytest.raises(NotFound):
        get_description(gi, Nivel.EXPEDIENTE, described["baja"].id)


def test_api_get_put_description(described, client):
    headers = bearer(described["actor"])
    url = f"/api/v1/descripciones/serie/{described['serie'].id}"
    r = client.get(url, headers=headers)
    assert r.status_code == 200 and r.json["referencia"] == "4C.3"
    version = r.json["version"]
    r = client.put(url, json={"alcance_contenido": "Nóminas"},
                   headers={**headers, "If-Match": str(version)})
    assert r.status_code == 200 and r.json["elementos"]["alcance_contenido"] == "Nóminas"
    r = client.put(url, json={"alcance_contenido": "Otra"},
                   headers={**headers, "If-Match": str(version)})
    assert r.status_code == 409
    r = client.put(url, json={"notas": 5}, headers=headers)
    assert r.status_code == 422 and "notas" in r.json["error"]["fields"]
    assert client.get("/api/v1/descripciones/carpeta/1", headers=headers).status_code == 404
    assert client.get(url).status_code == 401


def test_api_export_formats_and_bad_input(described, client):
    headers = bearer(described["actor"])
    fid = described["fondo"].id
    r = client.get(f"/api/v1/export/ead3?nivel=fondo&id={fid}", headers=headers)
    assert r.status_code == 200 and r.mimetype == "application/xml"
    assert "attachment" in r.headers["Content-Disposition"]
    assert_valid_ead3(r.data)
    assert b"Juana" in r.data  # staff with read.confidential
    r = client.get(f"/api/v1/export/ead3?nivel=fondo&id={fid}")  # the public version
    assert r.status_code == 200 and b"Juana" not in r.data
    assert client.get(f"/api/v1/export/ead2002?nivel=serie&id={described['serie'].id}",
                      headers=headers).status_code == 200
    r = client.get(f"/api/v1/export/atom-csv?nivel=seccion&id={described['seccion'].id}")
    assert r.status_code == 200 and r.data.startswith(b"legacyId,parentId")
    assert client.get("/api/v1/export/ead3?nivel=carpeta&id=1").status_code == 422
    assert client.get("/api/v1/export/ead3?nivel=fondo&id=abc").status_code == 422
    assert client.get("/api/v1/export/ead3?nivel=fondo").status_code == 422
    assert client.get("/api/v1/export/ead3?nivel=serie&id=999999").status_code == 404
    assert client.get(f"/api/v1/export/pdf?nivel=fondo&id={fid}").status_code == 404


def test_api_import_atom_csv(described, client):
    headers = bearer(described["actor"])
    csv_data = client.get(f"/api/v1/export/atom-csv?nivel=fondo&id={described['fondo'].id}",
                          headers=headers).data
    r = client.post("/api/v1/import/atom-csv", data=csv_data, headers=headers)
    assert r.status_code == 200 and r.json["has_errors"] is False
    assert r.json["source"] == {"dry_run": True, "written": 0}
    r = client.post("/api/v1/import/atom-csv?dry_run=0", data=csv_data, headers=headers)
    assert r.json["source"]["written"] > 0
    auditor = factories.user(Rol.AUDITOR)
    r = client.post("/api/v1/import/atom-csv", data=csv_data, headers=bearer(auditor))
    assert r.status_code == 403
