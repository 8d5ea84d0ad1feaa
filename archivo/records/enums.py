"""Enumerations of expedientes (values stored by value)."""

from enum import StrEnum


class Etapa(StrEnum):
    """Stage of the ciclo vital; `baja` marks a tombstone of a lawfully disposed file."""

    TRAMITE = "tramite"
    CONCENTRACION = "concentracion"
    HISTORICO = "historico"
    BAJA = "baja"


class Soporte(StrEnum):
    """Medium of the expediente."""

    PAPEL = "papel"
    ELECTRONICO = "electronico"
    HIBRIDO = "hibrido"
