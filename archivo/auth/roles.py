"""Roles of the Sistema Institucional de Archivos (DESIGN.md §6)."""

from enum import StrEnum


class Rol(StrEnum):
    """A user's role; the public is anonymous and has no row."""

    ADMINISTRADOR = "administrador"
    COORDINADOR = "coordinador"
    RESPONSABLE_TRAMITE = "responsable_tramite"
    RESPONSABLE_CONCENTRACION = "responsable_concentracion"
    RESPONSABLE_HISTORICO = "responsable_historico"
    INTEGRANTE_GI = "integrante_gi"
    AUDITOR = "auditor"


ROL_LABELS = {
    Rol.ADMINISTRADOR: "Administrador",
    Rol.COORDINADOR: "Coordinador de archivos",
    Rol.RESPONSABLE_TRAMITE: "Responsable de archivo de trámite",
    Rol.RESPONSABLE_CONCENTRACION: "Responsable de archivo de concentración",
    Rol.RESPONSABLE_HISTORICO: "Responsable de archivo histórico",
    Rol.INTEGRANTE_GI: "Integrante del Grupo Interdisciplinario",
    Rol.AUDITOR: "Auditor",
}
