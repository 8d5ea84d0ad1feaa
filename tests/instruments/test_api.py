"""API of instruments: downloads, permissions, errors, recording, verification, publication."""

from sqlalchemy import select

from archivo.audit.models import AuditEvent
from archivo.instruments.models import InstrumentoEmitido
from tests.instruments.db_helpers import csv_rows, sign_in

URL = "/api/v1/instruments"


def _issued_event(db, record):
    return db.scalar(select(AuditEvent).where(AuditEvent.action == "instrumento.emitido",
                                              AuditEvent.subject_id == str(record.id)))


def test_public_instrument_for_anyone_and_recorded(world, client, db):
    resp = client.get(f"{URL}/cadido")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF")
    code, sha = resp.headers["X-Codigo-Verificacion"], resp.headers["X-Sha256"]
    assert 'filename="cadido-fondo-' in resp.headers["Content-Disposition"]
    record = db.scalar(select(InstrumentoEmitido).where(InstrumentoEmitido.sha256 == sha))
    assert (record.kind, record.codigo, record.publico, record.emitido_by_id) == (
        "cadido", code, True, None)
    # verifiable by the public, but an anonymous GET writes nothing to the audit chain
    verified = client.get("/api/v1/public/instruments/verify", query_string={"code": code})
    assert verified.get_json()["valido"]
    assert _issued_event(db, record) is None


def test_anonymous_public_instruments_do_not_grow_the_audit_chain(world, client, db):
    from sqlalchemy import func

    before = db.scalar(select(func.count()).select_from(AuditEvent))
    for kind in ("cgca", "cadido", "indice_reservados"):
        assert client.get(f"{URL}/{kind}?format=csv").status_code == 200
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_staff_issuing_a_public_instrument_is_audited(world, client, db):
    sign_in(client, world["users"]["coordinador"])
    resp = client.get(f"{URL}/cgca")
    assert resp.status_code == 200
    sha, code = resp.headers["X-Sha256"], resp.headers["X-Codigo-Verificacion"]
    record = db.scalar(select(InstrumentoEmitido).where(InstrumentoEmitido.sha256 == sha))
    event = _issued_event(db, record)
    assert event.actor_id == world["users"]["coordinador"].id
    assert event.after["sha256"] == sha and event.after["codigo"] == code


def test_restricted_instruments_need_login(world, client):
    exp = world["tramite"][0]
    assert client.get(f"{URL}/inventario_general").status_code == 401
    assert client.get(f"{URL}/caratula?expediente={exp.id}").status_code == 401
    sign_in(client, world["users"]["auditor"])
    resp = client.get(f"{URL}/inventario_general?format=csv&unidad=DA")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert len(csv_rows(resp.data)) == 5


def test_confidential_caratula_is_forbidden_to_the_gi(world, client):
    from archivo.records import service as records

    exp = world["tramite"][2]
    records.classify_expediente(world["actor"], exp.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "Datos personales"})
    sign_in(client, world["users"]["gi1"])
    resp = client.get(f"{URL}/caratula?expediente={exp.id}")
    assert resp.status_code == 403
    sign_in(client, world["users"]["coordinador"])
    assert client.get(f"{URL}/caratula?expediente={exp.id}").status_code == 200


def test_bad_parameters_are_field_errors(world, client):
    sign_in(client, world["actor"])
    cases = {
        f"{URL}/inexistente": "kind",
        f"{URL}/cadido?format=docx": "format",
        f"{URL}/caratula": "expediente",
        f"{URL}/caratula?expediente=abc": "expediente",
        f"{URL}/indice_reservados?semestre=2025-3": "semestre",
        f"{URL}/cadido?color=rojo": "color",
        f"{URL}/calendario_caducidades?desde=2020-01-01&hasta=2019-01-01": "hasta",
    }
    for url, field in cases.items():
        resp = client.get(url)
        assert resp.status_code == 422, url
        assert field in resp.get_json()["error"]["fields"], url


def test_missing_subjects_are_404_and_wrong_state_is_409(world, client):
    sign_in(client, world["actor"])
    assert client.get(f"{URL}/caratula?expediente=999999").status_code == 404
    assert client.get(f"{URL}/inventario_general?unidad=NOPE").status_code == 404
    assert client.get(f"{URL}/ficha_valoracion?serie=99C.9").status_code == 404
    assert client.get(f"{URL}/cadido?version=77").status_code == 404
    draft = _draft_baja(world)
    resp = client.get(f"{URL}/acta_baja?baja={draft.id}")
    assert resp.status_code == 409 and "baja" in resp.get_json()["error"]["fields"]


def _draft_baja(world):
    from archivo.disposals import service as bajas
    from tests import factories as f

    exp = f.in_concentracion(world, titulo="Nómina pendiente")
    return bajas.propose_baja(world["users"]["concentracion"], world["fondo"].id,
                              {"expediente_ids": [exp.id]})


def test_verify_by_sha256_code_and_altered_file(world, client):
    resp = client.get(f"{URL}/cgca")
    pdf, code = resp.data, resp.headers["X-Codigo-Verificacion"]
    import hashlib

    good = client.get("/api/v1/public/instruments/verify",
                      query_string={"sha256": hashlib.sha256(pdf).hexdigest()}).get_json()
    assert good["valido"] and good["emisiones"][0]["instrumento"] == "cgca"
    assert "emitido_por" not in good["emisiones"][0]  # the public learns what and when
    altered = bytearray(pdf)
    altered[len(altered) // 2] ^= 0x01
    bad = client.get("/api/v1/public/instruments/verify",
                     query_string={"sha256": hashlib.sha256(altered).hexdigest()}).get_json()
    assert bad == {"valido": False, "por": "sha256", "emisiones": []}
    typed = code.lower().replace("-", " ")
    by_code = client.get("/api/v1/public/instruments/verify", query_string={"code": typed})
    assert by_code.get_json()["valido"]
    for query in ({}, {"code": "XXXX"}, {"sha256": "zz"}, {"code": code, "sha256": "a" * 64}):
        assert client.get("/api/v1/public/instruments/verify",
                          query_string=query).status_code == 422


def test_published_list_links_download(world, client):
    items = client.get("/api/v1/public/instruments").get_json()["items"]
    kinds = {i["instrumento"] for i in items}
    assert {"cgca", "cadido", "guia_archivo", "indice_reservados", "dictamen_baja",
            "acta_baja"} <= kinds
    assert not kinds - {"cgca", "cadido", "guia_archivo", "indice_reservados", "dictamen_baja",
                        "acta_baja"}
    acta = next(i for i in items if i["instrumento"] == "acta_baja")
    resp = client.get(acta["descargas"]["pdf"])  # anonymous download of a published acta
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")


def test_anonymous_renders_are_rate_limited(world, client, app):
    from archivo.instruments.api import _BUCKET
    from archivo.search.ratelimit import TokenBucket

    app.extensions[_BUCKET] = TokenBucket(1)
    assert client.get(f"{URL}/cgca?format=json").status_code == 200
    resp = client.get(f"{URL}/cgca?format=json")
    assert resp.status_code == 429 and resp.get_json()["error"]["code"] == "too_many_requests"
    sign_in(client, world["actor"])  # staff are not throttled
    assert client.get(f"{URL}/cgca?format=json").status_code == 200
