"""The header columns transferencias and bajas share come from one mixin, per table."""

import pytest

from archivo.disposals.models import Baja
from archivo.transfers.models import Transferencia
from archivo.transfers.procedure_header import ProcedureHeader

SHARED = {"fondo_id": "fondos", "created_by_id": "usuarios", "cancelada_by_id": "usuarios"}


@pytest.mark.parametrize("model", [Baja, Transferencia])
def test_each_table_gets_its_own_columns_keys_and_version_lock(model):
    table = model.__table__
    assert issubclass(model, ProcedureHeader)
    for column, target in SHARED.items():
        [fk] = table.c[column].foreign_keys
        assert fk.column.table.name == target
        assert fk.constraint.name == f"fk_{table.name}_{column}_{target}"
    assert table.c.created_by_id.nullable and table.c.cancelada_at.nullable
    assert not table.c.fondo_id.nullable and not table.c.version_id.nullable
    assert table.c.created_at.default is not None and table.c.version_id.default.arg == 1
    # optimistic locking: every UPDATE checks and bumps this table's own version_id
    assert model.__mapper__.version_id_col is table.c.version_id
