"""Préstamo of an expediente from concentración to a unit: requested, delivered, returned."""

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archivo.db import Base, created_at, intpk
from archivo.records.models import Expediente


class EstadoPrestamo(StrEnum):
    """Life of a loan."""

    SOLICITADO = "solicitado"
    ENTREGADO = "entregado"
    DEVUELTO = "devuelto"
    CANCELADO = "cancelado"


# A requested or delivered loan keeps the expediente out of transfers and bajas.
ACTIVOS = (EstadoPrestamo.SOLICITADO, EstadoPrestamo.ENTREGADO)


class Prestamo(Base):
    """One loan; at most one active per expediente (checked in the service)."""

    __tablename__ = "prestamos"
    __table_args__ = (Index("ix_prestamos_estado_vence", "estado", "fecha_vencimiento"),)

    id: Mapped[intpk]
    expediente_id: Mapped[int] = mapped_column(ForeignKey("expedientes.id"), index=True)
    unidad_id: Mapped[int] = mapped_column(ForeignKey("unidades.id"),
                                           comment="Unit that borrows the expediente")
    estado: Mapped[EstadoPrestamo] = mapped_column(default=EstadoPrestamo.SOLICITADO)
    motivo: Mapped[str | None] = mapped_column(Text)
    fecha_vencimiento: Mapped[dt.date] = mapped_column(comment="Date it must be returned")
    solicitado_at: Mapped[created_at]
    solicitado_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    entregado_at: Mapped[dt.datetime | None]
    entregado_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    recibido_por: Mapped[str | None] = mapped_column(String(160),
                                                    comment="Person of the unit who took it")
    devuelto_at: Mapped[dt.datetime | None]
    devuelto_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    observacion_devolucion: Mapped[str | None] = mapped_column(Text)
    renovaciones: Mapped[int] = mapped_column(default=0, comment="Times the due date moved")
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    expediente: Mapped[Expediente] = relationship()

    def vencido(self, today: dt.date) -> bool:
        """Delivered and not returned by its due date."""
        return self.estado == EstadoPrestamo.ENTREGADO and self.fecha_vencimiento < today
