"""An event's recorded values in words: field names, codes, dates, id lists, nested data.

Events store plain JSON (ids, enum codes, ISO dates). The timeline shows them for people:
`expediente_ids [34, 198]` reads «Expedientes: 2 expedientes», `volumen {...}` one
«clave: valor» line per entry, dates in the app's local format. The raw JSON stays
available next to it for the auditor (templates/macros/timeline.html).
"""

import datetime as dt
import decimal
import json
import re

from flask_babel import ngettext

from archivo.i18n import N_, translate
from archivo.labels import ACTIONS, LABELS, ROLES, label
from archivo.ui import fecha

# Field names of the services' snapshots, in words. Unknown names read humanised.
FIELDS = {
    "clave": N_("Clave"), "titulo": N_("Título"), "descripcion": N_("Descripción"),
    "palabras_clave": N_("Palabras clave"), "fecha_apertura": N_("Fecha de apertura"),
    "fecha_cierre": N_("Fecha de cierre"), "fojas": N_("Fojas"), "legajos": N_("Legajos"),
    "soporte": N_("Soporte"), "etapa": N_("Etapa"), "estado": N_("Estado"),
    "violaciones_ddhh": N_("Relacionado con violaciones graves de derechos humanos"),
    "archivo_id": N_("Archivo"), "ubicacion_edificio": N_("Edificio"),
    "ubicacion_estante": N_("Estante"), "ubicacion_caja": N_("Caja"),
    "ubicacion_digital": N_("Ubicación digital"), "acceso": N_("Clasificación de acceso"),
    "reserva_fecha_clasificacion": N_("Fecha de clasificación"),
    "reserva_plazo_anios": N_("Plazo de reserva (años)"),
    "reserva_prorroga_anios": N_("Prórroga de la reserva (años)"),
    "reserva_fundamento": N_("Fundamento de la reserva"), "reserva_area": N_("Área que reserva"),
    "reserva_partes": N_("Partes reservadas"),
    "confidencial_fundamento": N_("Fundamento de la confidencialidad"),
    "datos_personales_sensibles": N_("Datos personales sensibles"),
    "regla_id": N_("Regla del catálogo"),
    "vence_transferencia_primaria": N_("Vence la transferencia primaria"),
    "vence_destino_final": N_("Vence el destino final"),
    "expediente_id": N_("Expediente"), "expediente_ids": N_("Expedientes"),
    "expedientes": N_("Expedientes"), "claves": N_("Claves"), "serie": N_("Serie"),
    "serie_id": N_("Serie"), "unidad_id": N_("Unidad administrativa"), "nombre": N_("Nombre"),
    "codigo": N_("Código"), "codigos": N_("Códigos"), "tipo": N_("Tipo"),
    "numero": N_("Número"), "comentario": N_("Comentario"), "motivo": N_("Motivo"),
    "motivos": N_("Motivos"), "referencia": N_("Referencia"), "origen": N_("Origen"),
    "voto": N_("Voto"), "votos": N_("Votos"), "gi_decision": N_("Decisión del GI"),
    "gi_acta": N_("Acta del GI"), "gi_fecha": N_("Fecha de la sesión del GI"),
    "acta_gi": N_("Acta del GI"), "fecha_aprobacion": N_("Fecha de aprobación"),
    "dictamen_numero": N_("Número de dictamen"), "dictamen_fecha": N_("Fecha del dictamen"),
    "dictamen_autoridad": N_("Autoridad que dictamina"), "acta_folio": N_("Folio del acta"),
    "acta_fecha": N_("Fecha del acta"), "volumen": N_("Volumen"), "cajas": N_("Cajas"),
    "metros_lineales": N_("Metros lineales"), "kg": N_("Peso (kg)"),
    "excluidos": N_("Excluidos"), "documentos_destruidos": N_("Documentos destruidos"),
    "aceptados": N_("Aceptados"), "devueltos": N_("Devueltos"), "resumen": N_("Resumen"),
    "aceptar_pendientes": N_("Aceptar los pendientes"), "version": N_("Versión"),
    "username": N_("Usuario"), "usuario": N_("Usuario"), "rol": N_("Rol"),
    "activo": N_("Activo"), "activa": N_("Activa"), "bloqueado": N_("Bloqueado"),
    "fecha_vencimiento": N_("Fecha de vencimiento"), "recibido_por": N_("Recibido por"),
    "observacion_devolucion": N_("Observación de la devolución"),
    "renovaciones": N_("Renovaciones"), "levantado_at": N_("Levantado el"),
    "motivo_levantamiento": N_("Motivo del levantamiento"), "destino": N_("Destino final"),
    "criterio_muestreo": N_("Criterio de muestreo"), "plazo_tramite": N_("Plazo en trámite"),
    "plazo_concentracion": N_("Plazo en concentración"),
    "fundamento_legal": N_("Fundamento legal"), "observaciones": N_("Observaciones"),
    "valor_administrativo": N_("Valor administrativo"), "valor_legal": N_("Valor legal"),
    "valor_fiscal_contable": N_("Valor fiscal / contable"),
    "valor_evidencial": N_("Valor evidencial"), "valor_testimonial": N_("Valor testimonial"),
    "valor_informativo": N_("Valor informativo"), "direccion": N_("Dirección"),
    "telefono": N_("Teléfono"), "email": N_("Correo electrónico"),
    "key_format": N_("Formato de clave"), "autoridad_archivistica": N_("Autoridad archivística"),
    "documento_id": N_("Documento"), "tamano": N_("Tamaño (bytes)"), "creados": N_("Creados"),
    "actualizados": N_("Actualizados"), "sin_cambios": N_("Sin cambios"),
    "rechazados": N_("Rechazados"), "reglas": N_("Reglas"), "registros": N_("Registros"),
    "formato": N_("Formato"), "modo": N_("Modo"), "archivo": N_("Archivo"),
    "expires_at": N_("Vence el"), "prestamo_id": N_("Préstamo"),
    "congelamiento_id": N_("Congelamiento"), "id": N_("Núm."), "sha256": N_("Huella SHA-256"),
}

# Fields holding an enumeration code: shown by its label.
CODED = frozenset({"estado", "etapa", "acceso", "soporte", "destino", "tipo", "voto",
                   "gi_decision", "rol", "motivo", "modo", "nivel"})

# What a list of ids or records counts, by field.
COUNTS_EXPEDIENTES = frozenset({"expediente_ids", "aceptados", "excluidos", "claves"})
# Short lists of plain values read inline; longer ones (and any list of ids) as a count.
SHOWN_ITEMS = 5

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


def field_label(key) -> str:
    """The words of a recorded field (or of a code used as a key, like a vote's)."""
    key = str(key)
    if key in FIELDS:
        return translate(FIELDS[key])
    if key in LABELS or key in ROLES or key in ACTIONS:
        return label(key)
    words = key.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def _count(key: str, n: int) -> str:
    # Literal msgids, one call per noun, so that pybabel extracts each plural pair.
    if key in COUNTS_EXPEDIENTES:
        return ngettext("%(num)s expediente", "%(num)s expedientes", n)
    if key == "documentos_destruidos":
        return ngettext("%(num)s documento", "%(num)s documentos", n)
    if key == "codigos":
        return ngettext("%(num)s código", "%(num)s códigos", n)
    return ngettext("%(num)s elemento", "%(num)s elementos", n)


def _scalar(value, key: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return translate(N_("Sí")) if value else translate(N_("No"))
    if isinstance(value, int | float | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return fecha(value)
    text = str(value)
    if key in CODED:
        return label(text)
    if _DATETIME.fullmatch(text):
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        return fecha(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))
    if _DATE.fullmatch(text):
        try:
            return fecha(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def _lines(mapping: dict) -> list[str]:
    return [f"{field_label(k)}: {_flat(v, str(k))}" for k, v in mapping.items()]


def _inline(mapping: dict) -> str:
    return "; ".join(_lines(mapping))


def _counted(key: str, items) -> bool:
    """Whether a list reads as a count: ids mean nothing to people, and long lists clutter."""
    return key.endswith("_ids") or len(items) > SHOWN_ITEMS


def _flat(value, key: str) -> str:
    """A value on one line (nested data of a line)."""
    if isinstance(value, dict):
        return _inline(value)
    if isinstance(value, list | tuple):
        if _counted(key, value):
            return _count(key, len(value))
        return ", ".join(_flat(v, key) for v in value) or "—"
    return _scalar(value, key)


def readable(value, key="") -> str | list[str]:
    """A recorded value for people: one text, or lines («clave: valor») for nested data."""
    key = str(key)
    if isinstance(value, dict | list | tuple) and not value:
        return "—"
    if isinstance(value, dict):
        return _lines(value)
    if (isinstance(value, list | tuple) and not _counted(key, value)
            and any(isinstance(v, dict) for v in value)):
        return [_flat(v, key) for v in value]
    return _flat(value, key)


# Kinds of subject in words (those the enumeration labels do not already name).
SUBJECTS = {
    "transferencia": N_("Transferencia"), "baja": N_("Baja documental"),
    "unidad": N_("Unidad administrativa"), "archivo": N_("Archivo"),
    "cadido_version": N_("Versión del catálogo"), "congelamiento": N_("Congelamiento"),
    "prestamo": N_("Préstamo"), "instrumento": N_("Instrumento"), "usuario": N_("Usuario"),
    "api_token": N_("Token de API"),
}


def subject_label(subject_type: str) -> str:
    """A kind of subject in words (expediente, serie, transferencia…)."""
    if subject_type in SUBJECTS:
        return translate(SUBJECTS[subject_type])
    return label(subject_type)


def raw_json(value) -> str:
    """The recorded data as stored, for the auditor (escaped by the template, not marked safe)."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
