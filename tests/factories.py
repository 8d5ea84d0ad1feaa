"""Factories: realistic catalogue, users and expedientes built through the services."""

import datetime as dt
import itertools

from archivo.auth.models import Usuario
from archivo.auth.roles import Rol
from archivo.auth.service import create_user
from archivo.catalog import cadido
from archivo.catalog import service as catalog
from archivo.records import service as records

_seq = itertools.count(1)
PASSWORD = "contraseña-segura-1"


def user(rol: Rol = Rol.ADMINISTRADOR, unidad=None, username: str | None = None) -> Usuario:
    """A user of that role (responsables de trámite need a unidad)."""
    n = next(_seq)
    return create_user(None, {
        "username": username or f"{rol.value[:12]}{n}", "nombre": f"Persona Prueba {n}",
        "rol": rol.value, "password": PASSWORD, "unidad_id": unidad and unidad.id,
    }, bootstrap=True)


def admin() -> Usuario:
    return user(Rol.ADMINISTRADOR)


def fondo(actor=None, clave: str | None = None):
    """A fondo with one unit, sección 4C, serie 4C.3 and an approved CADIDO (AT 2, AC 5)."""
    actor = actor or admin()
    f = catalog.create_fondo(actor, {"clave": clave or f"IEE{next(_seq)}",
                                     "nombre": "Instituto Estatal Electoral de Prueba"})
    u = catalog.create_unidad(actor, f.id, {"clave": "DA", "nombre": "Dirección de Administración"})
    sec = catalog.create_seccion(actor, f.id, {"codigo": "4C", "nombre": "Recursos humanos"})
    serie = catalog.create_serie(actor, f.id, {"codigo": "4C.3",
                                               "nombre": "Expedientes de personal"})
    v = cadido.create_version(actor, f.id, {})
    cadido.set_regla(actor, v.id, regla_data(serie.id))
    cadido.approve_version(actor, v.id, {"fecha_aprobacion": "2024-01-15",
                                         "acta_gi": "GI/01/2024"})
    return {"actor": actor, "fondo": f, "unidad": u, "seccion": sec, "serie": serie,
            "version": v}


def regla_data(serie_id: int, **over) -> dict:
    data = {"serie_id": serie_id, "valores_primarios": ["administrativo", "legal"],
            "plazo_tramite": 2, "plazo_concentracion": 5, "destino": "baja",
            "acceso": "publica", "fundamento_legal": "Art. 4 LGA"}
    data.update(over)
    return data


def expediente(ctx: dict, actor=None, **over):
    """An open expediente in the context's serie and unit."""
    data = {"serie_id": ctx["serie"].id, "unidad_id": ctx["unidad"].id,
            "titulo": "Contratación de personal eventual", "fecha_apertura": "2015-03-02"}
    data.update(over)
    return records.create_expediente(actor or ctx["actor"], ctx["fondo"].id, data)


def closed_expediente(ctx: dict, cierre: str = "2016-06-30", **over):
    exp = expediente(ctx, **over)
    return records.close_expediente(ctx["actor"], exp.id, {"fecha_cierre": cierre, "fojas": 120})


def today() -> dt.date:
    return dt.date.today()


# --- lifecycle (transfers, bajas, holds, loans) -----------------------------------------

def fondo_lifecycle(actor=None) -> dict:
    """A fondo with archives and three series by destino: 4C.3 baja, 4C.4 conservación,
    4C.5 muestreo (AT 2, AC 5 each), plus one user per lifecycle role."""
    from archivo.auth.roles import Rol as R

    actor = actor or admin()
    f = catalog.create_fondo(actor, {"clave": f"LC{next(_seq)}", "nombre": "Instituto de Prueba"})
    u = catalog.create_unidad(actor, f.id, {"clave": "DA", "nombre": "Dirección de Administración"})
    u2 = catalog.create_unidad(actor, f.id, {"clave": "DJ", "nombre": "Dirección Jurídica"})
    sec = catalog.create_seccion(actor, f.id, {"codigo": "4C", "nombre": "Recursos humanos"})
    series = {}
    for codigo, destino in (("4C.3", "baja"), ("4C.4", "conservacion"), ("4C.5", "muestreo")):
        series[destino] = catalog.create_serie(actor, f.id, {"codigo": codigo,
                                                             "nombre": f"Serie {codigo}"})
    v = cadido.create_version(actor, f.id, {})
    for destino, serie in series.items():
        extra = {"criterio_muestreo": "10 % aleatorio"} if destino == "muestreo" else {}
        if destino != "baja":
            extra["valores_secundarios"] = ["evidencial"]
        cadido.set_regla(actor, v.id, regla_data(serie.id, destino=destino, **extra))
    cadido.approve_version(actor, v.id, {"fecha_aprobacion": "2024-01-15", "acta_gi": "GI/1"})
    for tipo in ("concentracion", "historico"):
        catalog.create_archivo(actor, f.id, {"tipo": tipo, "nombre": f"Archivo de {tipo}"})
    users = {
        "tramite": user(R.RESPONSABLE_TRAMITE, u), "tramite2": user(R.RESPONSABLE_TRAMITE, u),
        "tramite_otra": user(R.RESPONSABLE_TRAMITE, u2),
        "concentracion": user(R.RESPONSABLE_CONCENTRACION),
        "concentracion2": user(R.RESPONSABLE_CONCENTRACION),
        "historico": user(R.RESPONSABLE_HISTORICO), "coordinador": user(R.COORDINADOR),
        "coordinador2": user(R.COORDINADOR), "gi1": user(R.INTEGRANTE_GI),
        "gi2": user(R.INTEGRANTE_GI), "auditor": user(R.AUDITOR),
    }
    return {"actor": actor, "fondo": f, "unidad": u, "unidad2": u2, "seccion": sec,
            "serie": series["baja"], "series": series, "version": v, "users": users}


def in_concentracion(ctx: dict, destino: str = "baja", cierre: str = "2010-06-30", **over):
    """A closed expediente already in concentración (moved directly, for baja tests)."""
    from sqlalchemy import update

    from archivo.db import get_session
    from archivo.records.enums import Etapa
    from archivo.records.models import Expediente

    over.setdefault("fecha_apertura", "2008-03-02")
    exp = closed_expediente(ctx, cierre=cierre, serie_id=ctx["series"][destino].id, **over)
    get_session().execute(update(Expediente).where(Expediente.id == exp.id).values(
        etapa=Etapa.CONCENTRACION, ubicacion_caja="C-1"))
    get_session().commit()  # like a use case: a later rollback must not undo it
    get_session().expire(exp)
    return exp


def baja_dictaminada(ctx: dict, ids: list[int], *, acta_gi: str = "GI/07/2025",
                     dictamen: dict | None = None):
    """A baja of `ids` taken through every step before execution, each by its own person:
    concentración proposes and signs, two GI members vote, gi1 records the decision, the
    coordinador records the dictamen (fondo_lifecycle's users)."""
    from archivo.disposals import service as bajas

    u = ctx["users"]
    b = bajas.propose_baja(u["concentracion"], ctx["fondo"].id, {"expediente_ids": ids})
    bajas.submit_baja(u["concentracion"], b.id, {})
    bajas.vote_baja(u["gi1"], b.id, {"voto": "a_favor"})
    bajas.vote_baja(u["gi2"], b.id, {"voto": "a_favor", "comentario": "Sin valor secundario"})
    bajas.decide_baja(u["gi1"], b.id, {"decision": "aprobada", "acta_gi": acta_gi,
                                       "fecha_sesion": str(today())})
    bajas.record_dictamen(u["coordinador"], b.id, {"numero": "DB/045/2025",
                                                   "fecha": str(today()), **(dictamen or {})})
    return b
