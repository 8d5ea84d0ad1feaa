"""API contract and end-to-end lives: open -> close -> primary transfer -> baja; secondary."""

import io

import pytest

from archivo.audit.service import history
from archivo.auth.service import create_token
from tests import factories as f


@pytest.fixture
def ctx(db):
    return f.fondo_lifecycle()


class Api:
    """A test client acting as one user through a bearer token."""

    def __init__(self, client, user):
        _, secret = create_token(user, {"nombre": "pruebas"})
        self.client, self.headers = client, {"Authorization": f"Bearer {secret}"}

    def get(self, url, status=200):
        resp = self.client.get("/api/v1" + url, headers=self.headers)
        assert resp.status_code == status, resp.get_json()
        return resp.get_json()

    def post(self, url, body=None, status=200, **headers):
        resp = self.client.post("/api/v1" + url, json=body or {},
                                headers={**self.headers, **headers})
        assert resp.status_code == status, resp.get_json()
        return resp.get_json()


def test_one_expediente_whole_life_through_the_api(client, ctx, app, db):
    users = ctx["users"]
    api = {k: Api(client, v) for k, v in users.items()}
    admin = Api(client, ctx["actor"])
    fid, uid = ctx["fondo"].id, ctx["unidad"].id
    exp = admin.post(f"/fondos/{fid}/expedientes", {
        "serie_id": ctx["serie"].id, "unidad_id": uid, "titulo": "Nómina 2008",
        "fecha_apertura": "2008-01-07"}, status=201)
    eid = exp["id"]
    client.post(f"/api/v1/expedientes/{eid}/documentos", headers=admin.headers,
                data={"archivo": (io.BytesIO(b"recibo de nomina"), "recibo.txt")})
    admin.post(f"/expedientes/{eid}/cerrar", {"fecha_cierre": "2008-12-31", "fojas": 40})
    # Primary transfer.
    assert [x["expediente_id"] for x in api["tramite"].get(
        f"/unidades/{uid}/transferencias/elegibles")["items"]] == [eid]
    t = api["tramite"].post(f"/fondos/{fid}/transferencias",
                            {"tipo": "primaria", "unidad_id": uid, "todos_elegibles": True},
                            status=201)
    err = api["tramite"].post(f"/transferencias/{t['id']}/autorizar", status=403)
    assert "Separación de funciones" in err["error"]["message"]
    api["tramite2"].post(f"/transferencias/{t['id']}/autorizar", {"comentario": "Vo.Bo."},
                         **{"If-Match": f'"{t["version_id"]}"'})
    api["concentracion"].post(f"/transferencias/{t['id']}/cotejo", {"items": [
        {"expediente_id": eid, "aceptado": True, "caja": "AC-12", "estante": "E-3"}]})
    api["concentracion"].post(f"/transferencias/{t['id']}/recibir")
    moved = admin.get(f"/expedientes/{eid}")
    assert moved["etapa"] == "concentracion"
    assert api["auditor"].get(f"/transferencias/{t['id']}/items")[0]["caja"] == "AC-12"
    # Baja documental.
    b = api["concentracion"].post(f"/fondos/{fid}/bajas", {"expediente_ids": [eid]}, status=201)
    api["concentracion"].post(f"/bajas/{b['id']}/enviar")
    api["gi1"].post(f"/bajas/{b['id']}/votos", {"voto": "a_favor"}, status=201)
    api["gi2"].post(f"/bajas/{b['id']}/votos", {"voto": "a_favor"}, status=201)
    api["gi1"].post(f"/bajas/{b['id']}/decision-gi", {
        "decision": "aprobada", "acta_gi": "GI/07/2025", "fecha_sesion": str(f.today())})
    api["coordinador"].post(f"/bajas/{b['id']}/dictamen", {
        "numero": "DB/045/2025", "fecha": str(f.today()),
        "autoridad": "Archivo General del Estado"})
    err = api["auditor"].post(f"/bajas/{b['id']}/ejecutar", {}, status=403)
    assert err["error"]["code"] == "forbidden"
    bad = api["concentracion2"].post(f"/bajas/{b['id']}/ejecutar", {"folio": "7-25"},
                                     status=422)
    assert "folio" in bad["error"]["fields"]
    done = api["concentracion2"].post(f"/bajas/{b['id']}/ejecutar", {
        "folio": "0007-25", "fecha": str(f.today()), "lugar": "Tepic, Nayarit",
        "metodo": "Trituración", "destino_papel": "Reciclaje", "metros_lineales": 0.1,
        "peso_kg": 2.5, "testigos": [{"nombre": "Ana Ruiz", "cargo": "Contraloría"},
                                     {"nombre": "Luis Soto", "cargo": "Jurídico"}]})
    assert done["estado"] == "ejecutada" and done["acta_folio"] == "0007-25"
    # Tombstone (public evidence) and the auditor's history with chain verification.
    stone = client.get(f"/api/v1/expedientes/{eid}/baja").get_json()
    assert stone["etapa"] == "baja" and stone["dictamen"]["numero"] == "DB/045/2025"
    assert stone["documentos_destruidos"][0]["nombre"] == "recibo.txt"
    hist = api["auditor"].get(f"/historial/expediente/{eid}")
    actions = [e["action"] for e in hist["eventos"]]
    assert actions.index("expediente.cerrar") < actions.index("transferencia.recibir") \
        < actions.index("baja.votar") < actions.index("baja.ejecutar")
    assert hist["verificacion"]["ok"] is True
    assert api["auditor"].get("/audit/verify")["ok"] is True
    assert [e.action for e in history("expediente", eid)][:2] == [
        "expediente.abrir", "documento.agregar"]
    # A tombstone cannot be moved, held or disposed again.
    err = api["coordinador"].post("/congelamientos", {"expediente_id": eid, "motivo": "juicio",
                                                      "referencia": "J-1"}, status=409)
    assert "dado de baja" in err["error"]["message"]


def test_secondary_transfer_through_the_api_and_errors(client, ctx):
    users = ctx["users"]
    api = {k: Api(client, v) for k, v in users.items()}
    fid = ctx["fondo"].id
    keep = f.in_concentracion(ctx, "conservacion")
    reserved = f.in_concentracion(ctx, "conservacion")
    from archivo.records import service as records
    records.classify_expediente(ctx["actor"], reserved.id, {
        "acceso": "reservada", "reserva_fecha_clasificacion": str(f.today()),
        "reserva_plazo_anios": 5, "reserva_fundamento": "Art. 113 LGTAIP", "motivo": "x"})
    err = api["concentracion"].post(f"/fondos/{fid}/transferencias", {
        "tipo": "secundaria", "expediente_ids": [reserved.id]}, status=409)
    assert reserved.clave in err["error"]["message"]
    assert err["error"]["details"]["bloqueados"][0]["reglas"] == [3]
    assert [x["expediente_id"] for x in api["concentracion"].get(
        f"/fondos/{fid}/transferencias-secundarias/elegibles")["items"]] == [keep.id]
    t = api["concentracion"].post(f"/fondos/{fid}/transferencias", {
        "tipo": "secundaria", "todos_elegibles": False, "expediente_ids": [keep.id]},
        status=201)
    stale = api["coordinador"].post(f"/transferencias/{t['id']}/autorizar",
                                    status=409, **{"If-Match": '"99"'})
    assert stale["error"]["code"] == "conflict"
    api["coordinador"].post(f"/transferencias/{t['id']}/autorizar")
    api["historico"].post(f"/transferencias/{t['id']}/cotejo",
                          {"aceptar_pendientes": {"caja": "H-1"}})
    api["historico"].post(f"/transferencias/{t['id']}/recibir")
    got = api["auditor"].get(f"/expedientes/{keep.id}")
    assert (got["etapa"], got["acceso"]) == ("historico", "publica")
    notices = api["auditor"].get(f"/fondos/{fid}/transferencias-secundarias/avisos-pendientes")
    assert notices["items"][0]["dias_restantes"] == 45
    api["historico"].post(f"/transferencias/{t['id']}/aviso",
                          {"fecha": str(f.today()), "referencia": "Oficio 1"})
    assert api["auditor"].get(f"/fondos/{fid}/transferencias-secundarias/avisos-pendientes"
                              )["items"] == []
    cal = api["auditor"].get(f"/calendario?fondo_id={fid}&desde=2017-01-01&hasta=2017-12-31")
    assert [(r["expediente_id"], r["tipo"]) for r in cal["filas"]] == [
        (reserved.id, "transferencia_secundaria")]
    assert cal["filas"][0]["bloqueos"][0].startswith("reservado hasta")
    assert api["auditor"].get("/prestamos/vencidos") == []
    assert api["auditor"].get(f"/transferencias?fondo_id={fid}")["total"] == 1


def test_cookie_session_with_csrf_header(client, ctx):
    user = ctx["users"]["coordinador"]
    resp = client.post("/api/v1/auth/login", json={"username": user.username,
                                                   "password": f.PASSWORD})
    token = resp.headers["X-CSRFToken"]
    exp = f.in_concentracion(ctx)
    body = {"expediente_id": exp.id, "motivo": "auditoria", "referencia": "OIC-1"}
    assert client.post("/api/v1/congelamientos", json=body).status_code == 400
    resp = client.post("/api/v1/congelamientos", json=body, headers={"X-CSRFToken": token})
    assert resp.status_code == 201
    hold = resp.get_json()
    assert client.get(f"/api/v1/expedientes/{exp.id}/congelamientos").get_json()[0]["id"] \
        == hold["id"]
    resp = client.post(f"/api/v1/congelamientos/{hold['id']}/levantar", json={},
                       headers={"X-CSRFToken": token})
    assert resp.status_code == 422
