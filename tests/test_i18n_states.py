"""English UI without Spanish leftovers, Spanish unchanged: state codes shown through their
labels, one sentence per blocked action, and the blocking reasons (Motivo) as msgids.

Rendered with the real English catalogue (archivo/translations), so a msgid that is not
extracted or not translated fails here.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template_string
from flask_babel import refresh

from archivo.catalog.enums import (
    Acceso,
    Destino,
    EstadoVersion,
    TipoArchivo,
    TipoSeccion,
    ValorPrimario,
    ValorSecundario,
)
from archivo.disposals import service as bajas
from archivo.disposals.models import EstadoBaja, EstadoItemBaja, Voto
from archivo.disposals.rules import Autorizacion, Mensaje, disposal_failures
from archivo.errors import DomainError, InvalidTransition
from archivo.holds.models import MotivoCongelamiento
from archivo.holds.rules import ExpedienteFacts
from archivo.interop.models import Nivel
from archivo.labels import LABELS, label
from archivo.loans import service as loans
from archivo.loans.models import EstadoPrestamo
from archivo.records import service as records
from archivo.records.enums import Etapa, Soporte
from archivo.transfers import common, receipt
from archivo.transfers import service as transfers
from archivo.transfers.models import EstadoItem, EstadoTransferencia, TipoTransferencia
from archivo.transfers.rules import primary_failures, secondary_failures
from tests import factories as f

ROOT = Path(__file__).resolve().parents[1]
ENUMS = (EstadoTransferencia, EstadoItem, TipoTransferencia, EstadoBaja, EstadoItemBaja, Voto,
         EstadoPrestamo, MotivoCongelamiento, Etapa, Soporte, Acceso, Destino, EstadoVersion,
         TipoSeccion, TipoArchivo, ValorPrimario, ValorSecundario, Nivel)
GI_DECISIONS = ("aprobada", "rechazada")  # Baja.gi_decision is a plain string
# Spanish words that must not survive in an English sentence (codes included).
SPANISH = re.compile(r"\b(el|la|del|de|no está|está|es|expediente|plazo|etapa|vence|tiene|"
                     r"baja|tramite|concentracion|historico|autorizada|cancelada|cancelado|"
                     r"entregado|solicitado|reservado|sin fecha)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def catalogue():
    with open(ROOT / "archivo/translations/en/LC_MESSAGES/messages.po", "rb") as fh:
        return read_po(fh)


def _in_language(app, lang: str):
    def run(fn, *args, **kwargs):
        with app.test_request_context(f"/?lang={lang}"):
            refresh()  # the locale is cached on the app context, which tests may share
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def english(app):
    """Run `fn` inside an English request (the real compiled catalogue)."""
    return _in_language(app, "en")


@pytest.fixture
def spanish(app):
    return _in_language(app, "es")


def _translated(catalogue, msgid: str) -> str:
    m = catalogue.get(msgid)
    assert m is not None, f"not extracted: {msgid!r}"
    assert m.string and not m.fuzzy, f"not translated: {msgid!r}"
    return m.string


# --- 1. state and enumeration codes go through a label ------------------------------------

def test_every_state_and_enumeration_code_has_a_translated_label(catalogue, english, spanish):
    codes = {m.value for enum in ENUMS for m in enum} | set(GI_DECISIONS)
    missing = sorted(c for c in codes if c not in LABELS)
    assert not missing, missing
    for code in codes:
        _translated(catalogue, LABELS[code])
        assert spanish(label, code) == LABELS[code]
        shown = english(label, code)
        assert shown and shown != code


def test_state_codes_inside_error_messages(english, spanish, db):
    ctx = f.fondo_lifecycle()
    u = ctx["users"]
    t = transfers.create_transfer(u["tramite"], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id,
        "expediente_ids": [f.closed_expediente(ctx).id]})
    transfers.cancel_transfer(u["tramite"], t.id, {})
    with pytest.raises(InvalidTransition) as state:
        transfers.authorize_transfer(u["tramite2"], t.id, {})
    spanish_text = (f"No se puede «autorizar» la transferencia {t.numero}: está en estado "
                    "«cancelada».")
    assert str(state.value) == spanish_text == spanish(lambda: state.value.message)
    shown = english(lambda: state.value.message)
    assert shown.startswith("Cannot “") and shown.endswith("its status is “Cancelled”.")
    assert state.value.to_dict()["details"]["estado"] == "cancelada"  # details keep the code

    loan = loans.request_loan(u["tramite"], {
        "expediente_id": f.in_concentracion(ctx).id, "unidad_id": ctx["unidad"].id,
        "fecha_vencimiento": str(f.today())})
    loans.deliver_loan(u["concentracion"], loan.id, {})
    with pytest.raises(InvalidTransition) as err:
        loans.deliver_loan(u["concentracion"], loan.id, {})
    clave = loan.expediente.clave
    assert str(err.value) == (f"No se puede entregar el préstamo #{loan.id} del expediente "
                              f"{clave}: está entregado.")
    assert english(lambda: err.value.message) == (
        f"Cannot deliver loan #{loan.id} of file {clave}: its status is “Delivered”.")


def test_audit_timeline_shows_labels_not_codes(english, spanish):
    page = ("{% import 'macros/timeline.html' as tl %}{{ tl.timeline(events) }}")
    events = [{"seq": 1, "occurred_at": dt.datetime(2026, 1, 2, 10, 0), "actor_name": "Ana",
               "action": "transferencia.autorizar", "subject_type": "transferencia",
               "subject_id": 1, "before": {"estado": "borrador", "comentario": None},
               "after": {"estado": "autorizada", "comentario": "autorizada"},
               "hash": "ab" * 32}]
    en = english(render_template_string, page, events=events)
    assert "<del>Draft</del> → <ins>Authorised</ins>" in en
    assert "<ins>autorizada</ins>" in en  # free text is shown as written
    es = spanish(render_template_string, page, events=events)
    assert "<del>Borrador</del> → <ins>Autorizada</ins>" in es


# --- 2. one sentence per blocked action ---------------------------------------------------

def test_each_blocked_action_is_one_extracted_and_translated_sentence(catalogue):
    assert set(common._BLOCKED) == {"transferir (primaria)", "transferir al archivo histórico",
                                    "recibir", "incluir en la baja"}
    for accion, msgid in common._BLOCKED.items():
        assert msgid == f"No se puede {accion} el expediente {{clave}}: {{motivos}}"
        assert "{accion}" not in _translated(catalogue, msgid)


def _blocked(fn, *args):
    with pytest.raises(DomainError) as err:
        fn(*args)
    return err.value


def test_blocked_actions_in_spanish_and_english(english, spanish, db):
    ctx = f.fondo_lifecycle()
    u, fid = ctx["users"], ctx["fondo"].id
    open_exp = f.expediente(ctx)
    baja_exp = f.in_concentracion(ctx)
    keep = f.in_concentracion(ctx, "conservacion")
    cases = []
    cases.append((_blocked(transfers.create_transfer, u["tramite"], fid, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id, "expediente_ids": [open_exp.id]}),
        "transferir (primaria)",
        f"No se puede transferir (primaria) el expediente {open_exp.clave}: El expediente "
        f"{open_exp.clave} no está cerrado.",
        f"Cannot transfer file {open_exp.clave} (primary transfer): File {open_exp.clave} is "
        "not closed."))
    cases.append((_blocked(transfers.create_transfer, u["concentracion"], fid, {
        "tipo": "secundaria", "expediente_ids": [baja_exp.id]}),
        "transferir al archivo histórico",
        f"No se puede transferir al archivo histórico el expediente {baja_exp.clave}: El "
        f"destino final del expediente {baja_exp.clave} es la baja.",
        f"Cannot transfer file {baja_exp.clave} to the historical archive: The final "
        f"disposition of file {baja_exp.clave} is disposal."))
    cases.append((_blocked(bajas.propose_baja, u["concentracion"], fid,
                           {"expediente_ids": [keep.id]}),
                  "incluir en la baja",
                  f"No se puede incluir en la baja el expediente {keep.clave}: El destino final "
                  f"del expediente {keep.clave} es la conservación histórica.",
                  f"Cannot include file {keep.clave} in the disposal: The final disposition of "
                  f"file {keep.clave} is historical preservation."))
    t = transfers.create_transfer(u["concentracion"], fid, {
        "tipo": "secundaria", "expediente_ids": [keep.id]})
    transfers.authorize_transfer(u["coordinador"], t.id, {})
    receipt.receive_items(u["historico"], t.id, {"aceptar_pendientes": {"caja": "H-1"}})
    records.classify_expediente(ctx["actor"], keep.id, {
        "acceso": "confidencial", "confidencial_fundamento": "Art. 116 LGTAIP",
        "motivo": "datos"})
    cases.append((_blocked(receipt.complete_transfer, u["historico"], t.id, {}), "recibir",
                  f"No se puede recibir el expediente {keep.clave}: El expediente {keep.clave} "
                  "es confidencial.",
                  f"Cannot receive file {keep.clave}: File {keep.clave} is confidential."))
    for err, accion, es, en in cases:
        assert str(err) == es == spanish(lambda e=err: e.message)
        assert english(lambda e=err: e.message) == en
        assert not SPANISH.search(en.replace(err.params["clave"], ""))
        details = err.to_dict()["details"]
        assert set(details) == {"accion", "clave", "motivos", "bloqueados"}
        assert details["accion"] == accion and details["motivos"] == es.split(": ", 1)[1]
        [row] = details["bloqueados"]
        assert set(row) == {"expediente_id", "clave", "reglas", "codigos", "motivos"}


def test_blocked_action_through_the_api_in_english(client, db):
    from archivo.auth.service import create_token

    ctx = f.fondo_lifecycle()
    exp = f.expediente(ctx)
    _, secret = create_token(ctx["users"]["tramite"], {"nombre": "pruebas"})
    url = f"/api/v1/fondos/{ctx['fondo'].id}/transferencias"
    body = {"tipo": "primaria", "unidad_id": ctx["unidad"].id, "expediente_ids": [exp.id]}
    headers = {"Authorization": f"Bearer {secret}"}
    es = client.post(url, json=body, headers=headers).get_json()["error"]
    en = client.post(url, json=body, headers={**headers, "Accept-Language": "en"}
                     ).get_json()["error"]
    assert es["message"] == (f"No se puede transferir (primaria) el expediente {exp.clave}: "
                             f"El expediente {exp.clave} no está cerrado.")
    assert en["message"] == (f"Cannot transfer file {exp.clave} (primary transfer): File "
                             f"{exp.clave} is not closed.")
    assert en["details"] == es["details"]  # the details are data: the same in both languages
    assert es["details"]["bloqueados"][0] == {
        "expediente_id": exp.id, "clave": exp.clave, "reglas": [1], "codigos": ["abierto"],
        "motivos": [f"El expediente {exp.clave} no está cerrado."]}


# --- 3. the blocking reasons (Motivo) ------------------------------------------------------

TODAY = dt.date(2026, 6, 1)
HOLD = "juicio Amparo 45/2025 (congelamiento #7)"  # the hold's own description


def _facts(**over) -> ExpedienteFacts:
    base = {"id": 1, "clave": "IEEN/4C/4C.3/001/2008", "serie_id": 1, "unidad_id": 1,
            "etapa": Etapa.CONCENTRACION, "fecha_apertura": dt.date(2008, 1, 7),
            "fecha_cierre": dt.date(2010, 6, 30), "cerrado": True, "acceso": Acceso.PUBLICA,
            "plazo_tramite": 2, "plazo_concentracion": 5, "destino": Destino.BAJA}
    return ExpedienteFacts(**{**base, **over})


def _all_motivos():
    """Every reason of the disposal guard and the transfer rules, by (rule set, code)."""
    c = "IEEN/4C/4C.3/001/2008"
    never = Autorizacion(gi_aprobada=False, dictamen=False, inventario_firmado=False)
    d1 = disposal_failures(_facts(
        etapa=Etapa.TRAMITE, en_prestamo=True, cerrado=False, fecha_cierre=None,
        destino=Destino.CONSERVACION, acceso=Acceso.RESERVADA,
        reserva_vence=dt.date(2027, 1, 31), holds=(HOLD,), violaciones_ddhh=True), TODAY, never)
    d2 = disposal_failures(_facts(etapa=Etapa.BAJA, plazo_concentracion=None,
                                  destino=Destino.MUESTREO, acceso=Acceso.CONFIDENCIAL), TODAY)
    d3 = disposal_failures(_facts(fecha_cierre=dt.date(2020, 6, 30)), TODAY)
    p1 = primary_failures(_facts(unidad_id=2, cerrado=False, fecha_cierre=None,
                                 en_prestamo=True), TODAY, 1)
    p2 = primary_failures(_facts(etapa=Etapa.TRAMITE, plazo_tramite=None), TODAY, 1)
    p3 = primary_failures(_facts(etapa=Etapa.TRAMITE, fecha_cierre=dt.date(2025, 6, 30)),
                          TODAY, 1)
    s1 = secondary_failures(_facts(etapa=Etapa.TRAMITE, cerrado=False, fecha_cierre=None,
                                   acceso=Acceso.RESERVADA, holds=(HOLD,), en_prestamo=True),
                            TODAY)
    s2 = secondary_failures(_facts(fecha_cierre=dt.date(2020, 6, 30), destino=Destino.MUESTREO,
                                   acceso=Acceso.CONFIDENCIAL), TODAY)
    out = {}
    for rules, motivos in (("baja", d1 + d2 + d3), ("primaria", p1 + p2 + p3),
                           ("secundaria", s1 + s2)):
        for m in motivos:
            out[(rules, m.codigo, m.regla)] = m
    out[("secundaria", "destino_baja", 2)] = secondary_failures(_facts(), TODAY)[0]
    return c, out


# The Spanish texts exactly as the f-strings wrote them before they became msgids.
def _expected_spanish(c):
    return {
        ("baja", "etapa", 0): f"El expediente {c} está en etapa tramite: solo se da de baja "
                              "desde el archivo de concentración.",
        ("baja", "en_prestamo", 0): f"El expediente {c} está en préstamo.",
        ("baja", "abierto", 1): f"El expediente {c} no está cerrado.",
        ("baja", "destino_conservacion", 2): f"El destino final del expediente {c} es la "
                                             "conservación histórica.",
        ("baja", "reservado", 3): f"El expediente {c} está clasificado como reservado (hasta "
                                  "2027-01-31).",
        ("baja", "congelado", 4): f"El expediente {c} está congelado por {HOLD}.",
        ("baja", "violaciones_ddhh", 5): f"El expediente {c} está relacionado con violaciones "
                                         "graves a derechos humanos: no puede darse de baja "
                                         "nunca.",
        ("baja", "inventario_sin_firma", 6): f"El inventario de baja del expediente {c} no está "
                                             "firmado.",
        ("baja", "sin_revision_gi", 6): f"La baja del expediente {c} no tiene la aprobación del "
                                        "Grupo Interdisciplinario.",
        ("baja", "sin_dictamen", 6): f"La baja del expediente {c} no tiene dictamen de la "
                                     "autoridad archivística.",
        ("baja", "ya_dado_de_baja", 0): f"El expediente {c} ya fue dado de baja.",
        ("baja", "sin_regla", 1): f"El expediente {c} no tiene regla de catálogo.",
        ("baja", "muestreo_pendiente", 2): f"El expediente {c} pertenece a una serie de "
                                           "muestreo cuya muestra aún no se ha seleccionado y "
                                           "transferido.",
        ("baja", "confidencial", 3): f"El expediente {c} está clasificado como confidencial.",
        ("baja", "plazo_vigente", 1): f"El expediente {c} conserva vigencia hasta 2027-06-30 "
                                      "(plazo AT + AC).",
        ("baja", "reservado_sin_fecha", 3): f"El expediente {c} está clasificado como reservado "
                                            "(hasta sin fecha).",
        ("primaria", "otra_unidad", 0): f"El expediente {c} pertenece a otra unidad.",
        ("primaria", "etapa", 0): f"El expediente {c} no está en el archivo de trámite (etapa "
                                  "concentracion).",
        ("primaria", "abierto", 1): f"El expediente {c} no está cerrado.",
        ("primaria", "en_prestamo", 0): f"El expediente {c} está en préstamo.",
        ("primaria", "sin_regla", 1): f"El expediente {c} no tiene regla de catálogo.",
        ("primaria", "plazo_tramite_vigente", 1): f"El plazo en trámite del expediente {c} "
                                                  "vence el 2027-06-30.",
        ("secundaria", "etapa", 0): f"El expediente {c} no está en el archivo de concentración "
                                    "(etapa tramite).",
        ("secundaria", "sin_plazo", 1): f"El expediente {c} no está cerrado con regla.",
        ("secundaria", "reservado", 3): f"El expediente {c} está reservado.",
        ("secundaria", "congelado", 4): f"El expediente {c} está congelado por {HOLD}.",
        ("secundaria", "en_prestamo", 0): f"El expediente {c} está en préstamo.",
        ("secundaria", "plazo_vigente", 1): f"El plazo total del expediente {c} vence el "
                                            "2027-06-30.",
        ("secundaria", "no_seleccionado", 2): f"El expediente {c} es de una serie de muestreo "
                                              "y no fue seleccionado en la muestra.",
        ("secundaria", "confidencial", 3): f"El expediente {c} es confidencial.",
        ("secundaria", "destino_baja", 2): f"El destino final del expediente {c} es la baja.",
    }


def _motivos_by_key():
    c, out = _all_motivos()
    # A reserve with no end date has a sentence of its own.
    [sin_fecha] = disposal_failures(_facts(acceso=Acceso.RESERVADA), TODAY)
    out[("baja", "reservado_sin_fecha", 3)] = sin_fecha
    return c, out


def test_spanish_reasons_are_unchanged_and_keep_their_rule_and_code():
    c, motivos = _motivos_by_key()
    expected = _expected_spanish(c)
    assert set(motivos) == set(expected)
    for key, m in motivos.items():
        assert m.mensaje == str(m) == expected[key], key
        assert isinstance(m.mensaje, Mensaje) and m.mensaje.plantilla
        assert (m.regla, m.codigo) == (key[2], key[1].replace("_sin_fecha", ""))


def test_every_reason_is_a_translated_msgid_with_named_placeholders(catalogue):
    _, motivos = _motivos_by_key()
    for m in motivos.values():
        plantilla = m.mensaje.plantilla
        assert "{" in plantilla and not re.search(r"\{\d*\}", plantilla), plantilla
        placeholders = set(re.findall(r"\{(\w+)\}", plantilla))
        assert set(re.findall(r"\{(\w+)\}", _translated(catalogue, plantilla))) == placeholders


def test_reasons_render_in_english_without_spanish_leftovers(english, spanish):
    c, motivos = _motivos_by_key()
    for key, m in motivos.items():
        # Shown, dates read dd/mm/aaaa; the str (JSON details, audit) keeps ISO.
        assert spanish(label, m.mensaje) == re.sub(r"(\d{4})-(\d\d)-(\d\d)", r"\3/\2/\1",
                                                   m.mensaje)
        shown = english(label, m.mensaje)
        rest = shown.replace(c, "").replace(HOLD, "")  # the hold's own text is data
        assert not SPANISH.search(rest), (key, shown)
    assert english(label, motivos[("primaria", "etapa", 0)].mensaje) == (
        f"File {c} is not in the active archive (stage “Semi-active (concentración)”).")
    assert english(label, motivos[("baja", "reservado_sin_fecha", 3)].mensaje) == (
        f"File {c} is classified as reserved (no end date).")
    joined = Mensaje.unidos(m.mensaje for m in (motivos[("baja", "abierto", 1)],
                                                 motivos[("baja", "en_prestamo", 0)]))
    assert joined == f"El expediente {c} no está cerrado. El expediente {c} está en préstamo."
    assert english(label, joined) == f"File {c} is not closed. File {c} is on loan."


def test_reasons_keep_plain_strings_working():
    _, motivos = _motivos_by_key()
    m = motivos[("baja", "abierto", 1)]
    assert m.mensaje + "!" == str(m) + "!" and " ".join([m.mensaje]) == str(m)
    assert Mensaje("texto libre") == "texto libre" and Mensaje("x").plantilla is None


def test_calendar_blocks_render_in_the_users_language(english, spanish):
    from archivo.calendar.service import _blocks

    facts = ExpedienteFacts(
        id=1, clave="X/1", serie_id=1, unidad_id=1, etapa=Etapa.CONCENTRACION,
        fecha_apertura=dt.date(2010, 1, 1), fecha_cierre=dt.date(2011, 1, 1), cerrado=True,
        acceso=Acceso.RESERVADA, reserva_vence=dt.date(2099, 1, 31), en_prestamo=True)
    blocks = _blocks(facts, "baja", dt.date(2026, 1, 1))
    assert [english(label, b) for b in blocks] == ["on loan", "reserved until 31/01/2099"]
    assert [spanish(label, b) for b in blocks] == ["en préstamo", "reservado hasta 31/01/2099"]
