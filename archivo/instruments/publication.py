"""Public side of instruments: verify an issued file or code, and list what is published."""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import ValidationError, fields, validates_schema
from sqlalchemy import select

from archivo import clock
from archivo.catalog import cadido as cadido_service
from archivo.catalog.enums import TipoArchivo
from archivo.catalog.models import ArchivoSede, Fondo
from archivo.db import get_session
from archivo.disposals.models import Baja, EstadoBaja
from archivo.i18n import N_
from archivo.instruments.layout import load_layout
from archivo.instruments.models import InstrumentoEmitido
from archivo.instruments.verification import normalize_code, pdf_sha256
from archivo.validation import BaseSchema, Length

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Dictámenes and actas de baja stay published at least this long (DESIGN §4).
PUBLISHED_YEARS = 7
MAX_MATCHES = 20


class VerifyQuerySchema(BaseSchema):
    """Exactly one of a verification code or a file's sha256."""

    code = fields.String(load_default=None, validate=Length(max=40))
    sha256 = fields.String(load_default=None, validate=Length(max=80))

    @validates_schema
    def _one(self, data, **_):
        code, sha = data.get("code"), data.get("sha256")
        if bool(code) == bool(sha):
            raise ValidationError(N_("Indique un código de verificación o un sha256, no ambos."),
                                  "code")
        if code and not normalize_code(code):
            raise ValidationError(N_("Código no válido: son 12 letras y números, "
                                     "p. ej. K7QM-2XHD-9RTA."), "code")
        if sha and not _SHA256.match(sha.strip().lower()):
            raise ValidationError(N_("El sha256 son 64 caracteres hexadecimales."), "sha256")


def verify(params: dict) -> dict:
    """Whether the system issued a document with that code, or exactly that file (sha256)."""
    q = VerifyQuerySchema().load(params)
    stmt = select(InstrumentoEmitido)
    if q["code"]:
        stmt = stmt.where(InstrumentoEmitido.codigo == normalize_code(q["code"]))
    else:
        stmt = stmt.where(InstrumentoEmitido.sha256 == q["sha256"].strip().lower())
    matches = get_session().scalars(
        stmt.order_by(InstrumentoEmitido.emitido_at.desc()).limit(MAX_MATCHES)).all()
    return {"valido": bool(matches), "por": "codigo" if q["code"] else "sha256",
            "emisiones": [_describe(m) for m in matches]}


def verify_file(content: bytes) -> dict:
    """Verify an uploaded file by the sha256 of its bytes."""
    return verify({"sha256": pdf_sha256(content)})


def _describe(m: InstrumentoEmitido) -> dict:
    """What the public learns about an issuance: what, for what, when (not who)."""
    return {"instrumento": m.kind, "titulo_instrumento": load_layout(m.kind).title,
            "asunto": m.titulo, "formato": m.formato, "codigo": m.codigo, "sha256": m.sha256,
            "registros": m.registros, "emitido_at": m.emitido_at}


def published(fondo: Fondo, *, today: dt.date | None = None) -> list[dict]:
    """Instruments published for everyone, each with the query that downloads it."""
    today = today or clock.today()
    out = [_entry("cgca", fondo.nombre, {})]
    for version in cadido_service.list_versions(fondo.id):
        if version.fecha_aprobacion is not None:
            out.append(_entry("cadido", f"Versión {version.numero}", {"version": version.numero},
                              version.fecha_aprobacion))
    archivos = get_session().scalars(select(ArchivoSede).where(
        ArchivoSede.fondo_id == fondo.id,
        ArchivoSede.tipo.in_([TipoArchivo.CONCENTRACION, TipoArchivo.HISTORICO]))
        .order_by(ArchivoSede.id)).all()
    for archivo in archivos:
        out.append(_entry("guia_archivo", archivo.nombre, {"etapa": archivo.tipo.value}))
    out.append(_entry("guia_archivo", "Todos los archivos del fondo", {}))
    for semestre in _recent_semesters(today, 2):
        out.append(_entry("indice_reservados", f"Semestre {semestre}", {"semestre": semestre}))
    since = today.replace(year=today.year - PUBLISHED_YEARS, month=1, day=1)
    bajas = get_session().scalars(select(Baja).where(
        Baja.fondo_id == fondo.id, Baja.estado.in_([EstadoBaja.DICTAMINADA, EstadoBaja.EJECUTADA]),
        Baja.dictamen_fecha >= since).order_by(Baja.dictamen_fecha.desc(), Baja.id.desc())).all()
    for baja in bajas:
        out.append(_entry("dictamen_baja", f"Baja {baja.numero}, dictamen "
                          f"{baja.dictamen_numero or ''}".strip(), {"baja": baja.id},
                          baja.dictamen_fecha))
        if baja.estado == EstadoBaja.EJECUTADA:
            out.append(_entry("acta_baja", f"Baja {baja.numero}, acta {baja.acta_folio or ''}"
                              .strip(), {"baja": baja.id}, baja.acta_fecha))
    return out


def _entry(kind: str, asunto: str, params: dict, fecha: dt.date | None = None) -> dict:
    return {"instrumento": kind, "titulo_instrumento": load_layout(kind).title,
            "asunto": asunto, "params": params, "fecha": fecha}


def _recent_semesters(today: dt.date, n: int) -> list[str]:
    year, half = today.year, 1 if today.month <= 6 else 2
    out = []
    for _ in range(n):
        out.append(f"{year}-{half}")
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return out
