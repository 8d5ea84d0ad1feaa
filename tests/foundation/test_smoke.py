"""Smoke: the catalogue and an expediente through the services."""

from tests import factories as f


def test_open_and_close(db):
    ctx = f.fondo()
    exp = f.closed_expediente(ctx)
    assert exp.clave == f"{ctx['fondo'].clave}/4C/4C.3/001/2015"
    assert str(exp.vence_transferencia_primaria) == "2018-06-30"
    assert str(exp.vence_destino_final) == "2023-06-30"
