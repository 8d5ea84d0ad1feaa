"""The compiled dumper of hot API paths gives exactly what the marshmallow schema gives."""

from marshmallow import Schema, fields

from archivo.catalog.enums import Acceso
from archivo.records.schemas import ExpedienteOutputSchema
from archivo.serialization import compile_dumper
from tests import factories as f


def test_compiled_dump_equals_schema_dump_for_open_closed_and_reserved(db):
    ctx = f.fondo()
    abierto = f.expediente(ctx, descripcion=None, ubicacion_caja="C-12")
    cerrado = f.closed_expediente(ctx)
    reservado = f.expediente(
        ctx, acceso="reservada", reserva_fecha_clasificacion="2020-01-10",
        reserva_plazo_anios=5, reserva_fundamento="Art. 113 fr. V LGTAIP",
        titulo="Investigación <b>&</b> “sensible” 🗂️")
    schema = ExpedienteOutputSchema()
    dump = compile_dumper(schema)
    for exp in (abierto, cerrado, reservado):
        assert dump(exp) == schema.dump(exp)
    assert dump(reservado)["acceso"] == Acceso.RESERVADA.value
    assert dump(cerrado)["fecha_cierre"] == "2016-06-30"


def test_unusual_fields_fall_back_to_marshmallow_and_data_keys_are_kept():
    class Inner(Schema):
        n = fields.Integer()

    class Odd(Schema):
        total = fields.Method("double")
        inner = fields.Nested(Inner)
        nombre = fields.String(data_key="name", attribute="persona.nombre")
        secret = fields.String(load_only=True)

        def double(self, obj):
            return obj.value * 2

    class Obj:
        value = 21
        inner = type("I", (), {"n": 7})()
        persona = None
        secret = "x"

    schema = Odd()
    assert compile_dumper(schema)(Obj()) == schema.dump(Obj()) == {
        "total": 42, "inner": {"n": 7}}
