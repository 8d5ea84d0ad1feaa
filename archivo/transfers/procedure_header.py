"""Columns every lifecycle procedure header shares (transferencia, baja), declared once."""

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from archivo.db import created_at


class ProcedureHeader:
    """Fondo, who drew it up and when, cancellation, and the optimistic-lock version.

    Only columns identical in both tables live here (type, nullability, default, foreign
    key); `numero` differs in its comment and `estado` in its enum, so each keeps its own.
    """

    fondo_id: Mapped[int] = mapped_column(ForeignKey("fondos.id"))
    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    cancelada_at: Mapped[dt.datetime | None]
    cancelada_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    version_id: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # Every step checks the version the user saw (check_version): a lost race is a 409.
        return {"version_id_col": cls.__table__.c.version_id}
