"""Fondo, unidades, archives, the CGCA (secciones, series, subseries) and the versioned CADIDO."""

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from archivo.catalog.enums import (
    Acceso,
    Destino,
    EstadoVersion,
    TipoArchivo,
    TipoSeccion,
    ValorPrimario,
    ValorSecundario,
)
from archivo.db import Base, created_at, intpk

DEFAULT_KEY_FORMAT = "{fondo}/{seccion}/{serie}/{consecutivo:03d}/{anio}"


class Fondo(Base):
    """The sujeto obligado whose archives are managed."""

    __tablename__ = "fondos"

    id: Mapped[intpk]
    clave: Mapped[str] = mapped_column(String(20), unique=True,
                                       comment="Short key used in expediente keys (IEEN)")
    nombre: Mapped[str] = mapped_column(String(255))
    direccion: Mapped[str | None] = mapped_column(Text)
    telefono: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254))
    logo_path: Mapped[str | None] = mapped_column(String(255))
    key_format: Mapped[str] = mapped_column(String(120), default=DEFAULT_KEY_FORMAT,
                                            comment="Format of expediente keys")
    autoridad_archivistica: Mapped[str] = mapped_column(
        String(255), default="Archivo General de la Nación",
        comment="Authority issuing disposal dictámenes (AGN or state archive)")
    created_at: Mapped[created_at]


class UnidadAdministrativa(Base):
    """A producing unit (área productora) of the fondo."""

    __tablename__ = "unidades"
    __table_args__ = (UniqueConstraint("fondo_id", "clave"),)

    id: Mapped[intpk]
    fondo_id: Mapped[int] = mapped_column(ForeignKey("fondos.id"))
    clave: Mapped[str] = mapped_column(String(20))
    nombre: Mapped[str] = mapped_column(String(255))
    activa: Mapped[bool] = mapped_column(default=True)

    fondo: Mapped[Fondo] = relationship()


class ArchivoSede(Base):
    """An archive of the system: trámite (one per unit), concentración or histórico."""

    __tablename__ = "archivos"

    id: Mapped[intpk]
    fondo_id: Mapped[int] = mapped_column(ForeignKey("fondos.id"))
    tipo: Mapped[TipoArchivo]
    unidad_id: Mapped[int | None] = mapped_column(ForeignKey("unidades.id"))
    nombre: Mapped[str] = mapped_column(String(255))
    direccion: Mapped[str | None] = mapped_column(Text)
    telefono: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254))
    responsable_nombre: Mapped[str | None] = mapped_column(String(160))
    responsable_cargo: Mapped[str | None] = mapped_column(String(160))

    unidad: Mapped[UnidadAdministrativa | None] = relationship()


class Seccion(Base):
    """A function of the institution (first level of the CGCA)."""

    __tablename__ = "secciones"
    __table_args__ = (UniqueConstraint("fondo_id", "codigo_norm"),)

    id: Mapped[intpk]
    fondo_id: Mapped[int] = mapped_column(ForeignKey("fondos.id"))
    codigo: Mapped[str] = mapped_column(String(40), comment="As entered (display)")
    codigo_norm: Mapped[str] = mapped_column(String(40), comment="Normalised, compared")
    nombre: Mapped[str] = mapped_column(String(255))
    descripcion: Mapped[str | None] = mapped_column(Text)
    tipo: Mapped[TipoSeccion]
    created_at: Mapped[created_at]

    fondo: Mapped[Fondo] = relationship()


class Serie(Base):
    """A serie (parent None) or a subserie (parent is its serie) of the CGCA."""

    __tablename__ = "series"
    __table_args__ = (UniqueConstraint("fondo_id", "codigo_norm"),)

    id: Mapped[intpk]
    fondo_id: Mapped[int] = mapped_column(ForeignKey("fondos.id"))
    seccion_id: Mapped[int] = mapped_column(ForeignKey("secciones.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("series.id"), index=True)
    codigo: Mapped[str] = mapped_column(String(40), comment="As entered (display)")
    codigo_norm: Mapped[str] = mapped_column(String(40), comment="Normalised, compared")
    nombre: Mapped[str] = mapped_column(String(255))
    descripcion: Mapped[str | None] = mapped_column(Text)
    unidades_productoras: Mapped[str | None] = mapped_column(
        Text, comment="Áreas productoras, as listed in the CGCA")
    created_at: Mapped[created_at]

    seccion: Mapped[Seccion] = relationship(lazy="joined")
    parent: Mapped["Serie | None"] = relationship(remote_side="Serie.id")

    @property
    def nivel(self) -> str:
        return "subserie" if self.parent_id else "serie"


class CadidoVersion(Base):
    """A version of the Catálogo de Disposición Documental: borrador, vigente, sustituida."""

    __tablename__ = "cadido_versiones"
    __table_args__ = (UniqueConstraint("fondo_id", "numero"),)

    id: Mapped[intpk]
    fondo_id: Mapped[int] = mapped_column(ForeignKey("fondos.id"))
    numero: Mapped[int]
    estado: Mapped[EstadoVersion] = mapped_column(default=EstadoVersion.BORRADOR)
    descripcion: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    fecha_aprobacion: Mapped[dt.date | None] = mapped_column(comment="Date the GI approved it")
    acta_gi: Mapped[str | None] = mapped_column(String(120),
                                                comment="Minutes of the Grupo Interdisciplinario")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    approved_at: Mapped[dt.datetime | None]
    sustituida_at: Mapped[dt.datetime | None]
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}


class ReglaCadido(Base):
    """The disposal rule of one serie/subserie inside one CADIDO version."""

    __tablename__ = "cadido_reglas"
    __table_args__ = (UniqueConstraint("version_id", "serie_id"),)

    id: Mapped[intpk]
    version_id: Mapped[int] = mapped_column(ForeignKey("cadido_versiones.id"), index=True)
    serie_id: Mapped[int] = mapped_column(ForeignKey("series.id"), index=True)
    valor_administrativo: Mapped[bool] = mapped_column(default=False)
    valor_legal: Mapped[bool] = mapped_column(default=False)
    valor_fiscal_contable: Mapped[bool] = mapped_column(default=False)
    valor_evidencial: Mapped[bool] = mapped_column(default=False)
    valor_testimonial: Mapped[bool] = mapped_column(default=False)
    valor_informativo: Mapped[bool] = mapped_column(default=False)
    plazo_tramite: Mapped[int] = mapped_column(comment="Years in archivo de trámite [AT]")
    plazo_concentracion: Mapped[int] = mapped_column(
        comment="Years in archivo de concentración [AC]")
    destino: Mapped[Destino] = mapped_column(comment="Destino final / técnica de selección")
    criterio_muestreo: Mapped[str | None] = mapped_column(Text)
    acceso: Mapped[Acceso] = mapped_column(default=Acceso.PUBLICA,
                                           comment="Default access classification")
    fundamento_legal: Mapped[str | None] = mapped_column(Text)
    observaciones: Mapped[str | None] = mapped_column(Text)

    version: Mapped[CadidoVersion] = relationship()
    serie: Mapped[Serie] = relationship(lazy="joined")

    @property
    def plazo_total(self) -> int:
        """Vigencia: plazo en trámite + plazo en concentración."""
        return self.plazo_tramite + self.plazo_concentracion

    @property
    def valores_primarios(self) -> set[ValorPrimario]:
        flags = {
            ValorPrimario.ADMINISTRATIVO: self.valor_administrativo,
            ValorPrimario.LEGAL: self.valor_legal,
            ValorPrimario.FISCAL_CONTABLE: self.valor_fiscal_contable,
        }
        return {v for v, on in flags.items() if on}

    @property
    def valores_secundarios(self) -> set[ValorSecundario]:
        flags = {
            ValorSecundario.EVIDENCIAL: self.valor_evidencial,
            ValorSecundario.TESTIMONIAL: self.valor_testimonial,
            ValorSecundario.INFORMATIVO: self.valor_informativo,
        }
        return {v for v, on in flags.items() if on}
