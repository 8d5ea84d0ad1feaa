"""What the lifecycle instruments say, as an archivist reviewing them would check it.

Times in the institution's zone, the verification address of the real host, what a
transfer actually delivered, what a baja actually destroyed, who signs in what capacity.
"""

import datetime as dt
import logging
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from reportlab.pdfbase import pdfmetrics
from sqlalchemy import update

from archivo import clock
from archivo.catalog import service as catalog
from archivo.config import load_config
from archivo.disposals import execution
from archivo.disposals import service as bajas
from archivo.disposals.models import Baja
from archivo.holds import service as holds
from archivo.instruments import service
from archivo.instruments.layout import load_layout
from archivo.instruments.page import FONT, MARGIN, page_size, register_fonts
from archivo.instruments.tables import PAD, column_widths
from archivo.instruments.values import fill_legend
from archivo.records.storage import FileStore
from archivo.transfers import receipt
from archivo.transfers import service as transfers
from tests import factories as f
from tests.instruments.db_helpers import csv_rows, issue, json_doc, pdf_text
from tests.instruments.helpers import compact

MEXICO = ZoneInfo("America/Mexico_City")
RESPONSABLE_AT = "Marta Trámite Ortiz"
# 18:01 UTC is 12:01 in Mexico City (UTC-6, no daylight saving time since 2022)
EXECUTED_AT = dt.datetime(2025, 6, 2, 18, 1, tzinfo=dt.UTC)


@pytest.fixture
def lifecycle(db, tmp_path):
    """A received primary transfer (3 accepted, 1 returned) and an executed baja (1 excluded)."""
    ctx = f.fondo_lifecycle()
    u = ctx["users"]
    catalog.create_archivo(ctx["actor"], ctx["fondo"].id, {
        "tipo": "tramite", "unidad_id": ctx["unidad"].id, "nombre": "Archivo de trámite DA",
        "responsable_nombre": RESPONSABLE_AT, "responsable_cargo": "Responsable del AT de la DA"})
    tramite = [f.closed_expediente(ctx, titulo=f"Contratación {i}") for i in range(4)]
    t = transfers.create_transfer(u["tramite"], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id,
        "expediente_ids": [e.id for e in tramite]})
    transfers.authorize_transfer(u["coordinador"], t.id, {})
    receipt.receive_items(u["concentracion"], t.id, {"items": [
        *({"expediente_id": e.id, "aceptado": True, "caja": f"C-{n}", "estante": "E-1"}
          for n, e in enumerate(tramite[:3], 7)),
        {"expediente_id": tramite[3].id, "aceptado": False,
         "observacion": "Faltan fojas 3 a 9"}]})
    receipt.complete_transfer(u["concentracion"], t.id, {})

    old = [f.in_concentracion(ctx, titulo=f"Nómina {i}") for i in range(3)]
    b = f.baja_dictaminada(ctx, [e.id for e in old],
                           dictamen={"autoridad": "Archivo General del Estado"})
    holds.place_hold(u["coordinador"], {"expediente_id": old[0].id, "motivo": "juicio",
                                        "referencia": "J-77/2025"})
    execution.execute_baja(u["concentracion2"], b.id, {
        "fecha": str(f.today()), "lugar": "Tepic, Nayarit", "metodo": "Trituración",
        "destino_papel": "Reciclaje", "metros_lineales": 0.5, "peso_kg": 12.5,
        "testigos": [{"nombre": "Ana Ruiz", "cargo": "Contraloría"},
                     {"nombre": "Luis Soto", "cargo": "Jurídico"}]},
        store=FileStore(tmp_path))
    db.execute(update(Baja).where(Baja.id == b.id).values(ejecutada_at=EXECUTED_AT))
    db.expire_all()
    return {**ctx, "tramite": tramite, "transfer": t, "baja": b, "old": old}


# --- 1. the institution's clock ---------------------------------------------------------

def test_clock_converts_instants_to_the_institutions_zone(app):
    late = dt.datetime(2025, 6, 3, 1, 30, tzinfo=dt.UTC)  # still the 2nd in Mexico City
    local = clock.local(late)
    assert local.utcoffset() == dt.timedelta(hours=-6)
    assert (local.date(), f"{local:%H:%M}") == (dt.date(2025, 6, 2), "19:30")
    # a naive value is a stored UTC instant (SQLite drops the zone), never server time
    assert clock.local(late.replace(tzinfo=None)) == local
    assert clock.now().utcoffset() == dt.datetime.now(MEXICO).utcoffset()
    assert clock.today() == dt.datetime.now(MEXICO).date()


def test_clock_follows_the_configured_zone(app, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "America/Cancun")
    with app.app_context():
        assert clock.local(EXECUTED_AT).strftime("%H:%M") == "13:01"


def test_issued_pdf_is_dated_in_the_institutions_zone(lifecycle, app, monkeypatch):
    seen = {}
    real = service.render_pdf

    def spy(*args, **kwargs):
        seen["generated_at"] = kwargs["generated_at"]
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "render_pdf", spy)
    issue(app, lifecycle["actor"], "inventario_baja", baja=lifecycle["baja"].id)
    at = seen["generated_at"]
    assert at.utcoffset() == dt.datetime.now(MEXICO).utcoffset()
    assert abs(at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_acta_states_the_local_hour(lifecycle, app):
    text = compact(pdf_text(issue(app, lifecycle["actor"], "acta_baja",
                                  baja=lifecycle["baja"].id)))
    assert compact("Hora 12:01") in text or compact("Hora: 12:01") in text
    assert compact("Siendo las 12:01 horas") in text
    assert "18:01" not in text


# --- 2. the verification address ------------------------------------------------------

def test_public_base_url_has_no_loopback_default(monkeypatch):
    monkeypatch.delenv("ARCHIVO_PUBLIC_BASE_URL", raising=False)
    assert not load_config()["PUBLIC_BASE_URL"]
    monkeypatch.setenv("ARCHIVO_PUBLIC_BASE_URL", "https://archivo.ieen.mx")
    assert load_config()["PUBLIC_BASE_URL"] == "https://archivo.ieen.mx"


def _footer(app, actor, baja_id, **ctx):
    with app.test_request_context(**ctx):
        return compact(pdf_text(service.issue(actor, {"kind": "inventario_baja",
                                                      "baja": baja_id})))


def test_unset_base_url_uses_the_requests_host(lifecycle, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", None)
    text = _footer(app, lifecycle["actor"], lifecycle["baja"].id,
                   base_url="https://archivo.ieen.mx/")
    assert compact("Verifique su autenticidad en "
                   "https://archivo.ieen.mx/consulta/instrumentos/verificar") in text
    assert "127.0.0.1" not in text


def test_configured_base_url_wins_over_the_request(lifecycle, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://transparencia.ieen.mx/")
    text = _footer(app, lifecycle["actor"], lifecycle["baja"].id,
                   base_url="http://10.0.0.5:8000/")
    assert compact("https://transparencia.ieen.mx/consulta/instrumentos/verificar") in text
    assert "10.0.0.5" not in text


def test_outside_a_request_unset_base_url_is_a_placeholder_warned_once(app, monkeypatch,
                                                                         caplog):
    from archivo import addresses

    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "")
    monkeypatch.setattr(addresses, "_warned", False)
    with app.app_context(), caplog.at_level(logging.WARNING, logger=addresses.__name__):
        first = addresses.public_address("/consulta/instrumentos/verificar")
        second = addresses.public_address("/consulta/instrumentos/verificar")
    assert first == second == addresses.UNSET_BASE_URL + "/consulta/instrumentos/verificar"
    assert "127.0.0.1" not in first
    warnings = [r for r in caplog.records if "ARCHIVO_PUBLIC_BASE_URL" in r.getMessage()]
    assert len(warnings) == 1
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://archivo.ieen.mx")
    with app.app_context():
        assert addresses.public_address("/x") == "https://archivo.ieen.mx/x"


# --- 3. contents ----------------------------------------------------------------------

def test_transfer_inventory_after_reception_counts_what_was_received(lifecycle, app):
    out = issue(app, lifecycle["users"]["concentracion"], "inventario_transferencia_primaria",
                transferencia=lifecycle["transfer"].id)
    flat = compact(pdf_text(out))
    assert compact("consta de 360 fojas y ampara la cantidad de 3 expedientes") in flat
    assert compact("contenidos en 3 cajas") in flat
    returned = lifecycle["tramite"][3]
    # the returned one stays on record, apart, with the cotejo's observation
    assert compact("Devuelto: Faltan fojas 3 a 9") in flat
    rows = csv_rows(issue(app, lifecycle["users"]["concentracion"],
                          "inventario_transferencia_primaria",
                          transferencia=lifecycle["transfer"].id, format="csv").content)
    assert [r["Clave del expediente"] for r in rows][-1] == returned.clave
    assert [r["No."] for r in rows] == ["1", "2", "3", ""]
    assert rows[-1]["Caja"] == ""


def test_transfer_inventory_before_reception_counts_every_proposed_one(lifecycle, app):
    ctx, u = lifecycle, lifecycle["users"]
    exps = [f.closed_expediente(ctx) for _ in range(2)]
    t = transfers.create_transfer(u["tramite"], ctx["fondo"].id, {
        "tipo": "primaria", "unidad_id": ctx["unidad"].id, "expediente_ids": [e.id for e in exps]})
    flat = compact(pdf_text(issue(app, u["tramite"], "inventario_transferencia_primaria",
                                  transferencia=t.id)))
    assert compact("consta de 240 fojas y ampara la cantidad de 2 expedientes") in flat


def test_transfer_signers_are_labelled_by_what_they_are(lifecycle, app):
    text = pdf_text(issue(app, lifecycle["actor"], "inventario_transferencia_primaria",
                          transferencia=lifecycle["transfer"].id))
    flat = compact(text)
    coordinadora = lifecycle["users"]["coordinador"]
    assert compact(coordinadora.nombre) in flat  # AUTORIZA: who authorised it
    # the coordinación authorised it: not the titular of the producing area
    assert compact("Titular del área productora") not in flat


def test_baja_inventory_after_execution(lifecycle, app):
    b, old = lifecycle["baja"], lifecycle["old"]
    text = pdf_text(issue(app, lifecycle["actor"], "inventario_baja", baja=b.id))
    flat = compact(text)
    assert compact("consta de 240 fojas y ampara la cantidad de 2 expedientes") in flat
    assert compact("un peso aproximado de 12.5 kg") in flat
    assert compact("Excluido:") in flat and "J-77/2025" in flat  # listed, with why
    assert compact("Unidad administrativa productora Dirección de Administración") in flat \
        or compact("Unidad administrativa productora: Dirección de Administración") in flat
    assert compact("productora Archivo de concentración") not in flat
    # signers: the authority authorises as such; the AT's responsable has a name
    assert compact("Titular del área productora") not in flat
    assert compact("Archivo General del Estado") in flat
    assert compact(RESPONSABLE_AT) in flat
    rows = csv_rows(issue(app, lifecycle["actor"], "inventario_baja", baja=b.id,
                          format="csv").content)
    assert rows[-1]["Clave del expediente"] == old[0].clave and rows[-1]["No."] == ""


def test_baja_inventory_names_every_producing_unit(lifecycle, app, tmp_path):
    ctx, u = lifecycle, lifecycle["users"]
    a = f.in_concentracion(ctx)
    c = f.in_concentracion(ctx, unidad_id=ctx["unidad2"].id)
    b = bajas.propose_baja(u["concentracion"], ctx["fondo"].id,
                           {"expediente_ids": [a.id, c.id]})
    flat = compact(pdf_text(issue(app, ctx["actor"], "inventario_baja", baja=b.id)))
    assert compact("productora Dirección Jurídica; Dirección de Administración") in flat


def test_acta_per_serie_volume_and_agreement(lifecycle, app):
    b = lifecycle["baja"]
    out = issue(app, lifecycle["actor"], "acta_baja", baja=b.id, format="json")
    (serie,) = json_doc(out.content)["registros"]
    assert serie["Expedientes"] == 2
    assert Decimal(serie["Metros lineales"]) == Decimal("0.5")
    assert Decimal(serie["Peso (kg)"]) == Decimal("12.5")
    flat = compact(pdf_text(issue(app, lifecycle["actor"], "acta_baja", baja=b.id)))
    assert compact("destrucción de 2 expedientes de 1 serie,") in flat
    assert compact("contenidos en 1 caja,") in flat
    assert compact("un peso aproximado de 12.5 kg") in flat


def test_per_serie_volume_is_apportioned_and_adds_up():
    from archivo.instruments.sources.lifecycle import apportion

    shares = apportion(Decimal("10.00"), [100, 100, 100])
    assert sum(shares) == Decimal("10.00") and shares == [Decimal("3.34"), Decimal("3.33"),
                                                          Decimal("3.33")]
    assert apportion(None, [1, 2]) == [None, None]
    assert apportion(Decimal("5"), [0, 0]) == [Decimal("2.50"), Decimal("2.50")]


def test_legend_agrees_in_number():
    template = "{n} {n|expediente|expedientes} en {c} {c|caja|cajas}"
    assert fill_legend(template, {"n": "1", "c": "3"}) == "1 expediente en 3 cajas"
    assert fill_legend(template, {"n": "2", "c": "1"}) == "2 expedientes en 1 caja"
    assert fill_legend(template, {}) == "— expedientes en — cajas"


INVENTORIES = ("inventario_general", "inventario_transferencia_primaria",
               "inventario_transferencia_secundaria", "inventario_baja")


@pytest.mark.parametrize("kind", INVENTORIES)
def test_a_typical_clave_fits_on_one_line(kind):
    register_fonts()
    layout = load_layout(kind)
    width = page_size(layout)[0] - 2 * MARGIN
    widths = dict(zip([c.key for c in layout.columns], column_widths(layout, width),
                      strict=True))
    fits = lambda key, text: (  # noqa: E731
        pdfmetrics.stringWidth(text, FONT, layout.font_size) + 2 * PAD <= widths[key])
    assert fits("codigo", "IEEN/4C/4C.3.2/001/2015")
    assert fits("codigo", "IEEN/12C/12C.10.2/001/2015")
    if "caja" in widths:
        assert fits("caja", "C-0123")


def test_inventory_prints_the_clave_unbroken(lifecycle, app):
    text = pdf_text(issue(app, lifecycle["actor"], "inventario_transferencia_primaria",
                          transferencia=lifecycle["transfer"].id))
    for exp in lifecycle["tramite"]:
        assert exp.clave in text
