"""Enumerations of the Catálogo de Disposición Documental (values stored by value)."""

from enum import StrEnum


class TipoSeccion(StrEnum):
    """Common functions (1C..12C) or substantive ones (1S..)."""

    COMUN = "comun"
    SUSTANTIVA = "sustantiva"


class ValorPrimario(StrEnum):
    """Valores documentales primarios: a serie may hold several."""

    ADMINISTRATIVO = "administrativo"
    LEGAL = "legal"
    FISCAL_CONTABLE = "fiscal_contable"


class ValorSecundario(StrEnum):
    """Valores documentales secundarios: why a serie is kept forever."""

    EVIDENCIAL = "evidencial"
    TESTIMONIAL = "testimonial"
    INFORMATIVO = "informativo"


class Destino(StrEnum):
    """Destino final / técnica de selección: exactly one per serie."""

    BAJA = "baja"
    CONSERVACION = "conservacion"
    MUESTREO = "muestreo"


class Acceso(StrEnum):
    """Access classification under the transparency law (LGTAIP)."""

    PUBLICA = "publica"
    RESERVADA = "reservada"
    CONFIDENCIAL = "confidencial"


class EstadoVersion(StrEnum):
    """Life of a CADIDO version: drafted, approved by the GI (in force), superseded."""

    BORRADOR = "borrador"
    VIGENTE = "vigente"
    SUSTITUIDA = "sustituida"


class TipoArchivo(StrEnum):
    """The three archives of the Sistema Institucional de Archivos."""

    TRAMITE = "tramite"
    CONCENTRACION = "concentracion"
    HISTORICO = "historico"
