"""Pure rules: the disposal guard (six conditions) and transfer eligibility."""

import datetime as dt

from archivo.catalog.enums import Acceso, Destino
from archivo.disposals.rules import Autorizacion, disposal_failures, restringido_hasta
from archivo.holds.rules import ExpedienteFacts
from archivo.records.enums import Etapa
from archivo.transfers.rules import primary_failures, secondary_failures

TODAY = dt.date(2025, 6, 1)


def facts(**over) -> ExpedienteFacts:
    base = dict(id=1, clave="F/4C/4C.3/001/2010", serie_id=1, unidad_id=1,
                etapa=Etapa.CONCENTRACION, fecha_apertura=dt.date(2010, 1, 1),
                fecha_cierre=dt.date(2010, 6, 30), cerrado=True, acceso=Acceso.PUBLICA,
                plazo_tramite=2, plazo_concentracion=5, destino=Destino.BAJA)
    base.update(over)
    return ExpedienteFacts(**base)


def codes(failures):
    return {m.codigo for m in failures}


def test_eligible_passes_all_conditions():
    assert disposal_failures(facts(), TODAY) == []
    assert disposal_failures(facts(), TODAY, Autorizacion(True, True, True)) == []


def test_each_condition_fails_and_names_the_expediente():
    cases = {
        "abierto": dict(cerrado=False, fecha_cierre=None),
        "plazo_vigente": dict(fecha_cierre=dt.date(2020, 1, 1)),
        "destino_conservacion": dict(destino=Destino.CONSERVACION),
        "muestreo_pendiente": dict(destino=Destino.MUESTREO),
        "reservado": dict(acceso=Acceso.RESERVADA, reserva_vence=dt.date(2026, 1, 1)),
        "confidencial": dict(acceso=Acceso.CONFIDENCIAL),
        "congelado": dict(holds=("juicio 123/2024 (congelamiento #1)",)),
        "violaciones_ddhh": dict(violaciones_ddhh=True),
        "en_prestamo": dict(en_prestamo=True),
        "etapa": dict(etapa=Etapa.TRAMITE),
        "ya_dado_de_baja": dict(etapa=Etapa.BAJA),
    }
    for code, over in cases.items():
        failures = disposal_failures(facts(**over), TODAY)
        assert code in codes(failures), code
        assert all("F/4C/4C.3/001/2010" in m.mensaje for m in failures)


def test_condition_six_only_at_execution():
    fails = disposal_failures(facts(), TODAY, Autorizacion(False, False, False))
    assert codes(fails) == {"sin_revision_gi", "sin_dictamen", "inventario_sin_firma"}
    assert {m.regla for m in fails} == {6}


def test_expired_reserve_and_sampled_muestreo_pass():
    assert disposal_failures(facts(acceso=Acceso.RESERVADA,
                                   reserva_vence=dt.date(2020, 1, 1)), TODAY) == []
    assert disposal_failures(facts(destino=Destino.MUESTREO, muestreo_realizado=True),
                             TODAY) == []


def test_primary_rules():
    f = facts(etapa=Etapa.TRAMITE, fecha_cierre=dt.date(2024, 1, 1))
    assert codes(primary_failures(f, TODAY, 1)) == {"plazo_tramite_vigente"}
    assert codes(primary_failures(facts(etapa=Etapa.TRAMITE), TODAY, 2)) == {"otra_unidad"}
    assert primary_failures(facts(etapa=Etapa.TRAMITE), TODAY, 1) == []


def test_secondary_rules():
    f = facts(destino=Destino.CONSERVACION)
    assert secondary_failures(f, TODAY) == []
    assert "destino_baja" in codes(secondary_failures(facts(), TODAY))
    assert "no_seleccionado" in codes(secondary_failures(facts(destino=Destino.MUESTREO), TODAY))
    assert secondary_failures(facts(destino=Destino.MUESTREO), TODAY, True) == []
    assert "confidencial" in codes(secondary_failures(
        facts(destino=Destino.CONSERVACION, acceso=Acceso.CONFIDENCIAL), TODAY))


def test_sensitive_data_restricted_seventy_years():
    assert restringido_hasta(facts(datos_personales_sensibles=True)) == dt.date(2080, 1, 1)
    assert restringido_hasta(facts()) is None
