"""marshmallow's English defaults are replaced by Spanish messages for every field type."""

import pytest
from marshmallow import ValidationError, fields

from archivo.validation import BaseSchema


class _Sample(BaseSchema):
    cantidad = fields.Integer()
    metros = fields.Decimal(places=2)
    peso = fields.Float()


@pytest.mark.parametrize("field,value,message", [
    ("cantidad", "dos", "Debe ser un número entero."),
    ("metros", "0,3", "Debe ser un número; use punto decimal (p. ej. 0.30)."),
    ("metros", "NaN", "Debe ser un número; use punto decimal (p. ej. 0.30)."),
    ("peso", "12 kg", "Debe ser un número; use punto decimal (p. ej. 0.30)."),
])
def test_number_errors_are_spanish(field, value, message):
    with pytest.raises(ValidationError) as err:
        _Sample().load({field: value})
    assert err.value.messages == {field: [message]}
