"""Every instrument issued from a database fondo: the text a reader and a signer sees."""

import pytest

from archivo.instruments.layout import load_layout
from archivo.instruments.page import glyph_safe
from tests.instruments.conftest import HOSTILE
from tests.instruments.db_helpers import csv_rows, issue, json_doc, pdf_text
from tests.instruments.helpers import compact


def _check_layout_text(kind: str, text: str) -> None:
    """Title, every header label and column label, signature roles, page numbering."""
    layout = load_layout(kind)
    flat = compact(text)
    assert compact(layout.title) in flat
    for field in layout.header:
        assert compact(field.label) in flat, field.label
    for column in layout.columns:
        assert compact(column.label) in flat, column.label
    for signature in layout.signatures:
        assert compact(signature.role) in flat, signature.role
    assert "Página1de1" in flat
    assert "Códigodeverificación:" in flat


def test_inventario_general_rows_totals_and_signers(world, app):
    u = world["users"]
    out = issue(app, u["coordinador"], "inventario_general", unidad="DA", etapa="tramite")
    text = pdf_text(out)
    _check_layout_text("inventario_general", text)
    flat = compact(text)
    assert compact("Dirección de Administración") in flat
    assert compact("Archivo de trámite") in flat
    for exp in world["tramite"]:
        assert compact(exp.clave) in flat and compact(exp.titulo) in flat
    # 4 closed (120 fojas each) + 1 open: opened from 2014, closed up to 2016
    assert compact("consta de 480 fojas y ampara la cantidad de 5 expedientes de los años "
                   "2014 a 2016") in flat
    assert compact(u["coordinador"].nombre) in flat  # REVISÓ: the coordinador
    assert out.record.registros == 5 and out.record.codigo in text


def test_hostile_strings_print_literally(world, app):
    out = issue(app, world["users"]["coordinador"], "caratula", expediente=world["hostile"].id)
    flat = compact(pdf_text(out))
    assert compact("<b>Contrato & anexo</b>") in flat
    assert compact("Línea 2 & <i>x</i>") in flat
    inventory = compact(pdf_text(issue(app, world["actor"], "inventario_general")))
    assert compact("<b>Contrato&anexo</b>«Ñandú»") in inventory


def test_csv_and_json_rows_match_the_pdf(world, app):
    actor = world["actor"]
    pdf = issue(app, actor, "inventario_general", unidad="DA")
    rows = csv_rows(issue(app, actor, "inventario_general", unidad="DA", format="csv").content)
    doc = json_doc(issue(app, actor, "inventario_general", unidad="DA", format="json").content)
    assert len(rows) == len(doc["registros"]) == pdf.record.registros == 5
    flat = compact(pdf_text(pdf))
    for row, record in zip(rows, doc["registros"], strict=True):
        assert row["Clave del expediente"] == record["Clave del expediente"]
        assert compact(row["Clave del expediente"]) in flat
        # glyphs the font lacks (the emoji) print as a visible replacement; the extractor
        # reverses right-to-left runs, so compare the beginning of the name
        assert compact(glyph_safe(row["Nombre del expediente"]))[:22] in flat
    assert {r["Nombre del expediente"] for r in rows} >= {HOSTILE}
    # the same data gives the same verification code in every format
    codes = {issue(app, actor, "inventario_general", unidad="DA", format=f).record.codigo
             for f in ("pdf", "csv", "json")}
    assert codes == {pdf.record.codigo}


def test_transfer_inventory(world, app):
    t = world["transfer"]
    out = issue(app, world["users"]["tramite"], "inventario_transferencia_primaria",
                transferencia=t.id)
    text = pdf_text(out)
    _check_layout_text("inventario_transferencia_primaria", text)
    flat = compact(text)
    assert compact(t.numero) in flat
    assert compact("consta de 240 fojas y ampara la cantidad de 2 expedientes") in flat
    assert compact(world["users"]["tramite"].nombre) in flat  # ENTREGA: who drafted it


def test_transfer_inventory_of_the_other_kind_is_a_field_error(world, app):
    from archivo.errors import DomainError

    with pytest.raises(DomainError) as err:
        issue(app, world["actor"], "inventario_transferencia_secundaria",
              transferencia=world["transfer"].id)
    assert err.value.field == "transferencia"


def test_baja_inventory_dictamen_and_acta(world, app):
    b = world["baja"]
    actor = world["users"]["coordinador"]
    inventory = pdf_text(issue(app, actor, "inventario_baja", baja=b.id))
    _check_layout_text("inventario_baja", inventory)
    for exp in world["old"]:
        assert compact(exp.clave) in compact(inventory)
    dictamen = compact(pdf_text(issue(app, actor, "dictamen_baja", baja=b.id)))
    assert compact("DB/045/2025") in dictamen and compact("GI/07/2025") in dictamen
    assert compact("Serie 4C.3") in dictamen
    acta = pdf_text(issue(app, actor, "acta_baja", baja=b.id))
    _check_layout_text("acta_baja", acta)
    flat = compact(acta)
    for fact in ("Trituración", "Reciclaje", "Tepic, Nayarit", "Ana Ruiz", "Luis Soto",
                 "destrucción de 2 expedientes", "42.5 kg"):
        assert compact(fact) in flat, fact


def test_catalogue_instruments(world, app):
    actor = world["actor"]
    cgca = pdf_text(issue(app, actor, "cgca"))
    _check_layout_text("cgca", cgca)
    assert compact("4C.4 Serie 4C.4") in compact(cgca)
    cadido = pdf_text(issue(app, actor, "cadido"))
    _check_layout_text("cadido", cadido)
    assert compact("GI/1") in compact(cadido)  # acta of approval in the header
    ficha = compact(pdf_text(issue(app, actor, "ficha_valoracion", serie="4C.5")))
    assert compact("Muestreo") in ficha and compact("10 % aleatorio") in ficha
    guia = compact(pdf_text(issue(app, actor, "guia_archivo", etapa="tramite", unidad="DA")))
    assert compact("Serie 4C.3") in guia


def test_indice_reservados_and_calendario(world, app):
    from tests import factories as f

    actor = world["actor"]
    today = f.today()
    semestre = f"{today.year}-{1 if today.month <= 6 else 2}"
    indice = compact(pdf_text(issue(app, actor, "indice_reservados", semestre=semestre)))
    assert compact("Auditoría al ejercicio 2023") in indice
    assert compact("Anexos 3 a 5") in indice and compact("Parcial") in indice
    calendario = issue(app, actor, "calendario_caducidades", desde="2018-01-01",
                       hasta="2018-12-31", format="json")
    claves = {r["Clave"] if "Clave" in r else next(iter(r.values()))
              for r in json_doc(calendario.content)["registros"]}
    assert {e.clave for e in world["tramite"]} <= claves  # closed 2016 + AT 2 = due 2018


def test_caratula_has_qr_target_and_classification(world, app):
    out = issue(app, world["actor"], "caratula", expediente=world["reservado"].id)
    flat = compact(pdf_text(out))
    assert compact("Reservada") in flat and compact("Art. 113, fr. VI, LGTAIP") in flat
    assert compact("Consulta pública") in flat
    assert out.filename == f"caratula-expediente-{world['reservado'].id}.pdf"


def test_form_instruments_export_their_fields(world, app):
    out = issue(app, world["actor"], "caratula", expediente=world["tramite"][0].id, format="csv")
    fields = {row["Campo"]: row["Valor"] for row in csv_rows(out.content)}
    assert fields["Asunto"] == world["tramite"][0].titulo
    assert fields["Fecha de apertura"] == "2015-01-02"
    doc = json_doc(issue(app, world["actor"], "ficha_valoracion", serie="4C.3",
                         format="json").content)
    assert doc["encabezado"]["codigo"] == "4C.3" and doc["registros"] == []
