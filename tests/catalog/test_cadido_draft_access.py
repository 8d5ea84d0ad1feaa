"""A CADIDO draft (and its notes) is for signed-in staff; approved versions stay public."""

from archivo.auth import service as auth
from archivo.auth.roles import Rol
from archivo.catalog import cadido
from tests import factories as f


def _draft(ctx):
    v = cadido.create_version(ctx["actor"], ctx["fondo"].id,
                              {"descripcion": "Borrador: quitar la serie 4C.3"})
    cadido.set_regla(ctx["actor"], v.id,
                     f.regla_data(ctx["serie"].id, observaciones="Nota interna del GI"))
    return v


def _bearer(rol: Rol) -> dict:
    _token, secret = auth.create_token(f.user(rol), {"nombre": "pruebas"})
    return {"Authorization": f"Bearer {secret}"}


def test_anonymous_cannot_read_a_draft(client, db):
    ctx = f.fondo()
    draft = _draft(ctx)
    resp = client.get(f"/api/v1/cadido/versiones/{draft.id}")
    assert resp.status_code == 401
    assert "Nota interna" not in resp.get_data(as_text=True)


def test_staff_reads_a_draft(client, db):
    ctx = f.fondo()
    draft = _draft(ctx)
    resp = client.get(f"/api/v1/cadido/versiones/{draft.id}", headers=_bearer(Rol.AUDITOR))
    assert resp.status_code == 200
    assert resp.json["estado"] == "borrador"
    assert resp.json["reglas"][0]["observaciones"] == "Nota interna del GI"


def test_approved_version_stays_public(client, db):
    ctx = f.fondo()
    resp = client.get(f"/api/v1/cadido/versiones/{ctx['version'].id}")
    assert resp.status_code == 200 and resp.json["estado"] == "vigente"
    assert resp.json["reglas"][0]["serie_id"] == ctx["serie"].id


def test_version_list_hides_drafts_from_the_public(client, db):
    ctx = f.fondo()
    draft = _draft(ctx)
    url = f"/api/v1/fondos/{ctx['fondo'].id}/cadido/versiones"
    assert [v["id"] for v in client.get(url).json] == [ctx["version"].id]
    staff = client.get(url, headers=_bearer(Rol.COORDINADOR)).json
    assert [v["id"] for v in staff] == [draft.id, ctx["version"].id]


def test_a_draft_cannot_be_downloaded_as_an_instrument_anonymously(client, db):
    ctx = f.fondo()
    draft = _draft(ctx)
    for url in (f"/api/v1/instruments/cadido?version={draft.numero}&format=json",
                f"/instrumentos/descargar?kind=cadido&version={draft.numero}&format=json"):
        resp = client.get(url)
        assert resp.status_code == 401, url
        assert "Nota interna" not in resp.get_data(as_text=True)
    staff = client.get(f"/api/v1/instruments/cadido?version={draft.numero}&format=json",
                       headers=_bearer(Rol.AUDITOR))
    assert staff.status_code == 200 and "Nota interna del GI" in staff.get_data(as_text=True)
