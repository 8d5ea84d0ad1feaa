"""Expedientes, their electronic documents, and the per-serie/year key counters."""

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archivo.catalog.enums import Acceso
from archivo.catalog.models import (
    ArchivoSede,
    Fondo,
    ReglaCadido,
    Serie,
    UnidadAdministrativa,
)
from archivo.db import Base, created_at, intpk, utcnow
from archivo.records.enums import Etapa, Soporte
from archivo.records.rules import add_years


class Expediente(Base):
    """A file of the archive: classified in one serie, produced by one unidad."""

    __tablename__ = "expedientes"
    __table_args__ = (
        UniqueConstraint("fondo_id", "clave"),
        # Filtered lists: equal-match columns first; rows within come in id order, so
        # "ORDER BY id DESC LIMIT n" walks the index with no sort.
        Index("ix_expedientes_etapa_anio", "etapa", "anio"),
        Index("ix_expedientes_unidad_etapa", "unidad_id", "etapa"),
        Index("ix_expedientes_etapa_destino", "etapa", "vence_destino_final"),
    )

    id: Mapped[intpk]
    fondo_id: Mapped[int] = mapped_column(ForeignKey("fondos.id"))
    serie_id: Mapped[int] = mapped_column(ForeignKey("series.id"), index=True)
    unidad_id: Mapped[int] = mapped_column(ForeignKey("unidades.id"), index=True)
    clave: Mapped[str] = mapped_column(String(120), comment="Key per the fondo's format")
    consecutivo: Mapped[int] = mapped_column(comment="Consecutive per serie and year")
    anio: Mapped[int] = mapped_column(index=True, comment="Year of the key (year of apertura)")
    titulo: Mapped[str] = mapped_column(String(500), comment="Título / asunto")
    descripcion: Mapped[str | None] = mapped_column(Text)
    palabras_clave: Mapped[str | None] = mapped_column(Text)
    fecha_apertura: Mapped[dt.date]
    fecha_cierre: Mapped[dt.date | None]
    fojas: Mapped[int | None] = mapped_column(comment="Pages at close")
    legajos: Mapped[int | None] = mapped_column(default=1)
    soporte: Mapped[Soporte] = mapped_column(default=Soporte.PAPEL)
    etapa: Mapped[Etapa] = mapped_column(default=Etapa.TRAMITE)

    # Ubicación física (topográfica) or digital.
    archivo_id: Mapped[int | None] = mapped_column(ForeignKey("archivos.id"))
    ubicacion_edificio: Mapped[str | None] = mapped_column(String(120))
    ubicacion_estante: Mapped[str | None] = mapped_column(String(60))
    ubicacion_caja: Mapped[str | None] = mapped_column(String(60))
    ubicacion_digital: Mapped[str | None] = mapped_column(String(500))

    # Access classification (LGTAIP).
    acceso: Mapped[Acceso] = mapped_column(default=Acceso.PUBLICA, index=True)
    reserva_fecha_clasificacion: Mapped[dt.date | None]
    reserva_plazo_anios: Mapped[int | None] = mapped_column(comment="Up to 5, extendable")
    reserva_prorroga_anios: Mapped[int | None]
    reserva_fundamento: Mapped[str | None] = mapped_column(Text)
    reserva_area: Mapped[str | None] = mapped_column(String(255))
    reserva_partes: Mapped[str | None] = mapped_column(
        Text, comment="Reserved parts when the reserve is partial")
    confidencial_fundamento: Mapped[str | None] = mapped_column(Text)
    datos_personales_sensibles: Mapped[bool] = mapped_column(
        default=False, comment="Restricted 70 years from creation even in histórico")
    violaciones_ddhh: Mapped[bool] = mapped_column(
        default=False, comment="Linked to grave human-rights violations: never disposed")

    # The rule the expediente was closed under and the due dates derived from it.
    regla_id: Mapped[int | None] = mapped_column(ForeignKey("cadido_reglas.id"))
    vence_transferencia_primaria: Mapped[dt.date | None] = mapped_column(
        comment="cierre + plazo AT (derived)")
    vence_destino_final: Mapped[dt.date | None] = mapped_column(
        comment="cierre + plazo AT + plazo AC (derived)")

    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    closed_at: Mapped[dt.datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}

    fondo: Mapped[Fondo] = relationship(lazy="raise_on_sql")
    serie: Mapped[Serie] = relationship(lazy="joined")
    unidad: Mapped[UnidadAdministrativa] = relationship(lazy="joined")
    archivo: Mapped[ArchivoSede | None] = relationship()
    regla: Mapped[ReglaCadido | None] = relationship()

    @property
    def cerrado(self) -> bool:
        return self.fecha_cierre is not None and self.closed_at is not None

    @property
    def reserva_vence(self) -> dt.date | None:
        """End of an active reserve: clasificación + plazo (+ prórroga)."""
        if self.acceso != Acceso.RESERVADA or not self.reserva_fecha_clasificacion:
            return None
        years = (self.reserva_plazo_anios or 0) + (self.reserva_prorroga_anios or 0)
        return add_years(self.reserva_fecha_clasificacion, years)


class ExpedienteCounter(Base):
    """Last consecutive used per serie and year (bumped atomically)."""

    __tablename__ = "expediente_consecutivos"

    serie_id: Mapped[int] = mapped_column(ForeignKey("series.id"), primary_key=True)
    anio: Mapped[int] = mapped_column(primary_key=True)
    ultimo: Mapped[int] = mapped_column(default=0)


class Documento(Base):
    """An electronic document inside an expediente, stored by its sha256."""

    __tablename__ = "documentos"

    id: Mapped[intpk]
    expediente_id: Mapped[int] = mapped_column(ForeignKey("expedientes.id"), index=True)
    nombre: Mapped[str] = mapped_column(String(255))
    tipo: Mapped[str] = mapped_column(String(120), comment="MIME type")
    tamano: Mapped[int] = mapped_column(comment="Bytes")
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    texto: Mapped[str | None] = mapped_column(Text, comment="Extracted text, for search")
    uploaded_at: Mapped[created_at]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    contenido_destruido_at: Mapped[dt.datetime | None] = mapped_column(
        comment="Set by a baja: the bytes are gone, the evidence stays")

    expediente: Mapped[Expediente] = relationship()
