"""Baja documental: header with GI review, dictamen and acta; items; GI votes."""

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archivo.db import Base, created_at, intpk
from archivo.transfers.procedure_header import ProcedureHeader


class EstadoBaja(StrEnum):
    """Header states; transitions and who performs them live in states.py."""

    BORRADOR = "borrador"
    EN_REVISION = "en_revision"
    APROBADA_GI = "aprobada_gi"
    RECHAZADA = "rechazada"
    DICTAMINADA = "dictaminada"
    EJECUTADA = "ejecutada"
    CANCELADA = "cancelada"


class EstadoItemBaja(StrEnum):
    """An item is proposed, then destroyed (tombstone) or excluded at execution."""

    PROPUESTO = "propuesto"
    EJECUTADO = "ejecutado"
    EXCLUIDO = "excluido"


class Voto(StrEnum):
    """A member's vote in the Grupo Interdisciplinario."""

    A_FAVOR = "a_favor"
    EN_CONTRA = "en_contra"
    ABSTENCION = "abstencion"


class Baja(ProcedureHeader, Base):
    """A disposal procedure; every decision keeps who and when (separation of duties)."""

    __tablename__ = "bajas"
    __table_args__ = (UniqueConstraint("fondo_id", "numero"),)

    id: Mapped[intpk]
    numero: Mapped[str] = mapped_column(String(40), comment="No. de baja (BD-2025-0001)")
    estado: Mapped[EstadoBaja] = mapped_column(default=EstadoBaja.BORRADOR)
    descripcion: Mapped[str | None] = mapped_column(Text)
    # Inventario de baja signed by the proposer when sent to the GI.
    inventario_firmado_at: Mapped[dt.datetime | None]
    inventario_firmado_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    # Grupo Interdisciplinario.
    gi_decision: Mapped[str | None] = mapped_column(String(20), comment="aprobada / rechazada")
    gi_acta: Mapped[str | None] = mapped_column(String(120), comment="Minutes of the session")
    gi_fecha: Mapped[dt.date | None]
    gi_comentario: Mapped[str | None] = mapped_column(Text)
    gi_decidida_at: Mapped[dt.datetime | None]
    gi_decidida_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    # Dictamen of the archive authority (AGN or the state archive).
    dictamen_numero: Mapped[str | None] = mapped_column(String(120))
    dictamen_fecha: Mapped[dt.date | None]
    dictamen_autoridad: Mapped[str | None] = mapped_column(String(255))
    dictamen_registrado_at: Mapped[dt.datetime | None]
    dictamen_registrado_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    # Acta de baja (execution).
    acta_folio: Mapped[str | None] = mapped_column(String(20), unique=True,
                                                   comment="Folio NNNN-YY")
    acta_fecha: Mapped[dt.date | None]
    acta_lugar: Mapped[str | None] = mapped_column(String(255))
    acta_metodo: Mapped[str | None] = mapped_column(String(255),
                                                    comment="Method of destruction")
    acta_destino_papel: Mapped[str | None] = mapped_column(String(255),
                                                           comment="E.g. recycling")
    volumen_expedientes: Mapped[int | None]
    volumen_cajas: Mapped[int | None]
    volumen_metros_lineales: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    volumen_kg: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    testigos: Mapped[list[Any] | None] = mapped_column(comment="[{nombre, cargo}]")
    documentos_destruidos: Mapped[int | None] = mapped_column(
        comment="Electronic documents whose bytes were destroyed")
    ejecutada_at: Mapped[dt.datetime | None]
    ejecutada_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))


class BajaItem(Base):
    """An expediente of a baja; after execution, the tombstone's link to dictamen and acta."""

    __tablename__ = "baja_items"
    __table_args__ = (UniqueConstraint("baja_id", "expediente_id"),)

    id: Mapped[intpk]
    baja_id: Mapped[int] = mapped_column(ForeignKey("bajas.id"))
    expediente_id: Mapped[int] = mapped_column(ForeignKey("expedientes.id"), index=True)
    serie_id: Mapped[int] = mapped_column(ForeignKey("series.id"), index=True,
                                          comment="Grouping of the inventario by serie")
    estado: Mapped[EstadoItemBaja] = mapped_column(default=EstadoItemBaja.PROPUESTO)
    motivo_exclusion: Mapped[str | None] = mapped_column(
        Text, comment="Guard reasons that excluded it at execution")

    baja: Mapped[Baja] = relationship()


class VotoGI(Base):
    """One member's vote on a baja (one per member)."""

    __tablename__ = "baja_votos"
    __table_args__ = (UniqueConstraint("baja_id", "usuario_id"),)

    id: Mapped[intpk]
    baja_id: Mapped[int] = mapped_column(ForeignKey("bajas.id"), index=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuarios.id"))
    voto: Mapped[Voto]
    comentario: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]
