"""Transferencia (primary or secondary) with its items checked one by one at receipt."""

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archivo.db import Base, intpk
from archivo.transfers.procedure_header import ProcedureHeader


class TipoTransferencia(StrEnum):
    """Primary (trámite -> concentración) or secondary (concentración -> histórico)."""

    PRIMARIA = "primaria"
    SECUNDARIA = "secundaria"


class EstadoTransferencia(StrEnum):
    """Header states; transitions and who performs them live in states.py."""

    BORRADOR = "borrador"
    AUTORIZADA = "autorizada"
    RECIBIDA = "recibida"
    CANCELADA = "cancelada"


class EstadoItem(StrEnum):
    """Cotejo of one expediente at receipt."""

    PENDIENTE = "pendiente"
    ACEPTADO = "aceptado"
    DEVUELTO = "devuelto"


class Transferencia(ProcedureHeader, Base):
    """A batch of expedientes moving to the next archive; numbered per fondo and year."""

    __tablename__ = "transferencias"
    __table_args__ = (UniqueConstraint("fondo_id", "numero"),)

    id: Mapped[intpk]
    tipo: Mapped[TipoTransferencia]
    numero: Mapped[str] = mapped_column(String(40), comment="No. de transferencia (TP-2025-0001)")
    unidad_id: Mapped[int | None] = mapped_column(
        ForeignKey("unidades.id"), comment="Área productora (primary transfers)")
    estado: Mapped[EstadoTransferencia] = mapped_column(default=EstadoTransferencia.BORRADOR)
    observaciones: Mapped[str | None] = mapped_column(Text)
    criterio_muestreo: Mapped[str | None] = mapped_column(
        Text, comment="Sampling criterion when muestreo series are transferred")
    archivo_destino_id: Mapped[int | None] = mapped_column(ForeignKey("archivos.id"))
    autorizada_at: Mapped[dt.datetime | None]
    autorizada_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    recibida_at: Mapped[dt.datetime | None]
    recibida_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    comentario: Mapped[str | None] = mapped_column(Text, comment="Last decision's comment")
    aviso_vence: Mapped[dt.date | None] = mapped_column(
        comment="Secondary: notice to the archive authority due (completion + 45 days)")
    aviso_fecha: Mapped[dt.date | None] = mapped_column(comment="Date the notice was sent")
    aviso_referencia: Mapped[str | None] = mapped_column(String(255))


class TransferenciaItem(Base):
    """One expediente of a transfer: accepted (with its new location) or returned."""

    __tablename__ = "transferencia_items"
    __table_args__ = (UniqueConstraint("transferencia_id", "expediente_id"),)

    id: Mapped[intpk]
    transferencia_id: Mapped[int] = mapped_column(ForeignKey("transferencias.id"))
    expediente_id: Mapped[int] = mapped_column(ForeignKey("expedientes.id"), index=True)
    estado: Mapped[EstadoItem] = mapped_column(default=EstadoItem.PENDIENTE)
    observacion: Mapped[str | None] = mapped_column(Text, comment="Why it was returned")
    caja: Mapped[str | None] = mapped_column(String(60), comment="New box")
    estante: Mapped[str | None] = mapped_column(String(60), comment="New shelf")
    seleccion_muestreo: Mapped[bool] = mapped_column(
        default=False, comment="Selected by the sampling criterion (muestreo series)")
    restringido_hasta: Mapped[dt.date | None] = mapped_column(
        comment="Sensitive personal data: restricted until creation + 70 years")
    cotejado_at: Mapped[dt.datetime | None]
    cotejado_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))

    transferencia: Mapped[Transferencia] = relationship()
