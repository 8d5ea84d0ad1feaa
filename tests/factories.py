"""Factories: realistic catalogue, users and expedientes built through the services."""

import datetime as dt
import itertools

from archivo.auth.models import Usuario
from archivo.auth.roles import Rol
from archivo.auth.service import create_user
from archivo.catalog import cadido, service as catalog
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
