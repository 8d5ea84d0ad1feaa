"""The ISAD(G) elements an archivist writes for a fondo, sección, serie or expediente."""

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from archivo.db import Base, intpk, utcnow


class Nivel(StrEnum):
    """Nivel de descripción (ISAD(G) 3.1.4), in the CGCA's own words."""

    FONDO = "fondo"
    SECCION = "seccion"
    SERIE = "serie"
    EXPEDIENTE = "expediente"


class DescripcionIsad(Base):
    """Hand-written ISAD(G) elements of one unit of description.

    What the system already knows (title, dates, volume, producer, appraisal,
    arrangement, access) is derived at export time (`derive.py`) and not stored here.
    """

    __tablename__ = "descripciones_isad"
    __table_args__ = (UniqueConstraint("nivel", "objeto_id"),)

    id: Mapped[intpk]
    nivel: Mapped[Nivel]
    objeto_id: Mapped[int] = mapped_column(comment="Id of the fondo/sección/serie/expediente")
    historia_institucional: Mapped[str | None] = mapped_column(
        Text, comment="ISAD 3.2.2 Historia institucional / reseña biográfica")
    historia_archivistica: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.2.3")
    forma_ingreso: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.2.4")
    alcance_contenido: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.3.1")
    nuevos_ingresos: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.3.3")
    condiciones_reproduccion: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.4.2")
    lengua: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.4.3 Lengua / escritura")
    caracteristicas_fisicas: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.4.4")
    instrumentos_descripcion: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.4.5")
    notas: Mapped[str | None] = mapped_column(Text, comment="ISAD 3.6.1")
    control_descripcion: Mapped[str | None] = mapped_column(
        Text, comment="ISAD 3.7 Nota del archivero, reglas y fechas de la descripción")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}


# Stored element names, in ISAD(G) order (the form, the API and the exports follow it).
ELEMENTOS = (
    "historia_institucional", "historia_archivistica", "forma_ingreso", "alcance_contenido",
    "nuevos_ingresos", "condiciones_reproduccion", "lengua", "caracteristicas_fisicas",
    "instrumentos_descripcion", "notas", "control_descripcion",
)
