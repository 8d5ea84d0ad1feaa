"""Congelamiento: a hold on one expediente or a whole serie until lifted with a reason."""

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from archivo.db import Base, created_at, intpk
from archivo.mensajes import N_, Mensaje
from archivo.search.analysis import fold


class MotivoCongelamiento(StrEnum):
    """Why the expedientes are frozen."""

    AUDITORIA = "auditoria"
    JUICIO = "juicio"
    INVESTIGACION = "investigacion"
    SOLICITUD_ACCESO = "solicitud_acceso"
    RECURSO_REVISION = "recurso_revision"


MOTIVO_LABELS = {
    MotivoCongelamiento.AUDITORIA: N_("auditoría"),
    MotivoCongelamiento.JUICIO: N_("juicio"),
    MotivoCongelamiento.INVESTIGACION: N_("investigación"),
    MotivoCongelamiento.SOLICITUD_ACCESO: N_("solicitud de acceso a la información"),
    MotivoCongelamiento.RECURSO_REVISION: N_("recurso de revisión"),
}


class Congelamiento(Base):
    """A hold: blocks baja and secondary transfer of its expediente or serie while active."""

    __tablename__ = "congelamientos"
    __table_args__ = (
        CheckConstraint("(expediente_id IS NULL) <> (serie_id IS NULL)", name="un_objeto"),
        Index("ix_congelamientos_activos", "levantado_at", "expediente_id", "serie_id"),
    )

    id: Mapped[intpk]
    fondo_id: Mapped[int] = mapped_column(ForeignKey("fondos.id"))
    expediente_id: Mapped[int | None] = mapped_column(ForeignKey("expedientes.id"), index=True)
    serie_id: Mapped[int | None] = mapped_column(
        ForeignKey("series.id"), index=True, comment="Holds a serie and all its subseries")
    motivo: Mapped[MotivoCongelamiento]
    referencia: Mapped[str] = mapped_column(
        String(255), comment="Número de auditoría, expediente judicial, folio de solicitud…")
    descripcion: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    levantado_at: Mapped[dt.datetime | None]
    levantado_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    motivo_levantamiento: Mapped[str | None] = mapped_column(Text)

    @property
    def activo(self) -> bool:
        return self.levantado_at is None

    def describe(self) -> Mensaje:
        """Short label used in blocking reasons (Spanish text, shown translated).

        The motivo is left out when the referencia already starts with it («Juicio
        laboral 45/2024», not «juicio Juicio laboral 45/2024»), whatever the case or accents.
        """
        motivo = MOTIVO_LABELS[self.motivo]
        if fold(self.referencia or "").strip().startswith(fold(motivo)):
            return Mensaje.de(N_("{referencia} (congelamiento #{id})"),
                              referencia=self.referencia, id=self.id)
        return Mensaje.de(N_("{motivo} {referencia} (congelamiento #{id})"),
                          motivo=Mensaje(motivo), referencia=self.referencia, id=self.id)
