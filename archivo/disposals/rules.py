"""The disposal guard (DESIGN.md §4): one pure function, checked when adding and at execution."""

import datetime as dt
from dataclasses import dataclass

from archivo.catalog.enums import Acceso, Destino
from archivo.holds.rules import ExpedienteFacts, reserva_activa
from archivo.mensajes import N_, Mensaje
from archivo.records.enums import Etapa
from archivo.records.rules import add_years


@dataclass(frozen=True)
class Motivo:
    """One failed condition: which rule (1..6 of the guard, 0 for custody) and why.

    `mensaje` is the Spanish text (a `Mensaje`, so it can still be shown in English).
    """

    regla: int
    codigo: str
    mensaje: str

    def __str__(self) -> str:
        return self.mensaje

    @classmethod
    def de(cls, regla: int, codigo: str, plantilla: str, **valores) -> "Motivo":
        """A reason whose text is `plantilla` (a Spanish msgid) filled with `valores`."""
        return cls(regla, codigo, Mensaje.de(plantilla, **valores))


@dataclass(frozen=True)
class Autorizacion:
    """Condition 6 at execution time: GI review, dictamen and signed inventario."""

    gi_aprobada: bool
    dictamen: bool
    inventario_firmado: bool


def disposal_failures(f: ExpedienteFacts, today: dt.date,
                      autorizacion: Autorizacion | None = None) -> list[Motivo]:
    """Every reason why `f` may not be disposed of today (empty list: it may).

    Pass `autorizacion` at execution time so condition 6 is checked too; when adding
    an expediente to a proposal the review and dictamen naturally do not exist yet.
    """
    c = f.clave
    out: list[Motivo] = []
    if f.etapa == Etapa.BAJA:
        out.append(Motivo.de(0, "ya_dado_de_baja", N_("El expediente {clave} ya fue dado de baja."),
                             clave=c))
    elif f.etapa != Etapa.CONCENTRACION:
        out.append(Motivo.de(0, "etapa", N_("El expediente {clave} está en etapa {etapa}: solo se "
                                            "da de baja desde el archivo de concentración."),
                             clave=c, etapa=f.etapa.value))
    if f.en_prestamo:
        out.append(Motivo.de(0, "en_prestamo", N_("El expediente {clave} está en préstamo."),
                             clave=c))
    # 1. closed and its whole vigencia expired, under the rule it was closed with.
    if not f.cerrado or f.fecha_cierre is None:
        out.append(Motivo.de(1, "abierto", N_("El expediente {clave} no está cerrado."), clave=c))
    elif f.plazo_tramite is None or f.plazo_concentracion is None:
        out.append(Motivo.de(1, "sin_regla", N_("El expediente {clave} no tiene regla de "
                                                "catálogo."), clave=c))
    else:
        vence = add_years(f.fecha_cierre, f.plazo_tramite + f.plazo_concentracion)
        if vence > today:
            out.append(Motivo.de(1, "plazo_vigente", N_("El expediente {clave} conserva vigencia "
                                                        "hasta {vence} (plazo AT + AC)."),
                                 clave=c, vence=vence))
    # 2. destino baja, or the non-sampled remainder of a muestreo.
    if f.destino == Destino.CONSERVACION:
        out.append(Motivo.de(2, "destino_conservacion",
                             N_("El destino final del expediente {clave} es la conservación "
                                "histórica."), clave=c))
    elif f.destino == Destino.MUESTREO and not f.muestreo_realizado:
        out.append(Motivo.de(2, "muestreo_pendiente",
                             N_("El expediente {clave} pertenece a una serie de muestreo cuya "
                                "muestra aún no se ha seleccionado y transferido."), clave=c))
    # 3. no active reserve, not confidential.
    if reserva_activa(f, today):
        if f.reserva_vence:
            out.append(Motivo.de(3, "reservado", N_("El expediente {clave} está clasificado como "
                                                    "reservado (hasta {hasta})."),
                                 clave=c, hasta=f.reserva_vence))
        else:  # the same Spanish text as before, a sentence of its own for the translators
            out.append(Motivo.de(3, "reservado", N_("El expediente {clave} está clasificado como "
                                                    "reservado (hasta sin fecha)."), clave=c))
    if f.acceso == Acceso.CONFIDENCIAL:
        out.append(Motivo.de(3, "confidencial", N_("El expediente {clave} está clasificado como "
                                                   "confidencial."), clave=c))
    # 4. no active hold.
    for hold in f.holds:
        out.append(Motivo.de(4, "congelado", N_("El expediente {clave} está congelado por "
                                                "{congelamiento}."), clave=c, congelamiento=hold))
    # 5. grave human-rights violations: blocked forever.
    if f.violaciones_ddhh:
        out.append(Motivo.de(5, "violaciones_ddhh",
                             N_("El expediente {clave} está relacionado con violaciones graves a "
                                "derechos humanos: no puede darse de baja nunca."), clave=c))
    # 6. review, dictamen and signed inventario (execution only).
    if autorizacion is not None:
        if not autorizacion.inventario_firmado:
            out.append(Motivo.de(6, "inventario_sin_firma",
                                 N_("El inventario de baja del expediente {clave} no está "
                                    "firmado."), clave=c))
        if not autorizacion.gi_aprobada:
            out.append(Motivo.de(6, "sin_revision_gi",
                                 N_("La baja del expediente {clave} no tiene la aprobación del "
                                    "Grupo Interdisciplinario."), clave=c))
        if not autorizacion.dictamen:
            out.append(Motivo.de(6, "sin_dictamen",
                                 N_("La baja del expediente {clave} no tiene dictamen de la "
                                    "autoridad archivística."), clave=c))
    return out


def restringido_hasta(f: ExpedienteFacts) -> dt.date | None:
    """Sensitive personal data stays restricted 70 years from the expediente's creation."""
    return add_years(f.fecha_apertura, 70) if f.datos_personales_sensibles else None
