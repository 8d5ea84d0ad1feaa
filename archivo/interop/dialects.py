"""The two EAD vocabularies: EAD3 (current) and EAD 2002 (still asked for by aggregators).

Each dialect writes the document header and the identity area (`did`) of a unit; the
rest of a finding aid is tagged the same in both.
"""

import datetime as dt
from typing import Protocol

from archivo.interop.description import Descripcion
from archivo.interop.xmlwriter import XmlWriter

EAD3_NS = "http://ead3.archivists.org/schema/"
EAD2002_NS = "urn:isbn:1-931666-22-9"
AGENT = "archivo (sistema de gestión documental)"


class Dialect(Protocol):
    """What differs between EAD versions."""

    name: str
    namespace: str

    def open(self, w: XmlWriter, fondo, top: Descripcion, now: dt.datetime) -> None: ...

    def did(self, w: XmlWriter, d: Descripcion) -> None: ...


def _title(fondo, top: Descripcion) -> str:
    if top.nivel == "fondo":
        return f"Instrumento de descripción del fondo {fondo.nombre}"
    return f"Instrumento de descripción: {top.referencia} {top.titulo} ({fondo.nombre})"


def _record_id(fondo, top: Descripcion) -> str:
    return f"{fondo.clave}-{top.nivel}-{top.id}"


class _Ead3:
    name = "ead3"
    namespace = EAD3_NS

    def open(self, w, fondo, top, now):
        w.start("ead", {"xmlns": EAD3_NS})
        w.start("control")
        w.leaf("recordid", _record_id(fondo, top))
        w.start("filedesc")
        w.start("titlestmt")
        w.leaf("titleproper", _title(fondo, top))
        w.end()
        w.start("publicationstmt")
        w.leaf("publisher", fondo.nombre)
        w.end()
        w.end()
        w.leaf("maintenancestatus", None, {"value": "derived"})
        w.start("maintenanceagency")
        w.leaf("agencyname", fondo.nombre)
        w.end()
        w.start("languagedeclaration")
        w.leaf("language", "español", {"langcode": "spa"})
        w.leaf("script", "latino", {"scriptcode": "Latn"})
        w.end()
        w.start("conventiondeclaration")
        w.leaf("citation", "ISAD(G): Norma Internacional General de Descripción Archivística")
        w.end()
        w.start("maintenancehistory")
        w.start("maintenanceevent")
        w.leaf("eventtype", None, {"value": "derived"})
        w.leaf("eventdatetime", now.strftime("%Y-%m-%d %H:%M UTC"),
               {"standarddatetime": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
        w.leaf("agenttype", None, {"value": "machine"})
        w.leaf("agent", AGENT)
        w.end()
        w.end()
        w.end()  # control

    def did(self, w, d):
        w.start("did")
        w.leaf("unitid", d.referencia)
        w.leaf("unittitle", d.titulo)
        if d.desde:
            w.start("unitdatestructured", {"unitdatetype": "inclusive"})
            w.start("daterange")
            w.leaf("fromdate", d.desde.isoformat(), {"standarddate": d.desde.isoformat()})
            if d.hasta:
                w.leaf("todate", d.hasta.isoformat(), {"standarddate": d.hasta.isoformat()})
            w.end()
            w.end()
        if d.volumen:
            w.leaf("physdesc", d.volumen)
        if d.productor:
            w.start("origination", {"label": "Productor"})
            w.start("corpname")
            w.leaf("part", d.productor)
            w.end()
            w.end()
        if d.elementos.get("lengua"):
            w.start("langmaterial")
            w.leaf("language", d.elementos["lengua"])
            w.end()
        if d.ubicacion:
            w.leaf("physloc", d.ubicacion)
        w.end()


class _Ead2002:
    name = "ead2002"
    namespace = EAD2002_NS

    def open(self, w, fondo, top, now):
        w.start("ead", {"xmlns": EAD2002_NS, "audience": "external"})
        w.start("eadheader", {"langencoding": "iso639-2b", "scriptencoding": "iso15924",
                              "dateencoding": "iso8601", "countryencoding": "iso3166-1",
                              "repositoryencoding": "iso15511"})
        w.leaf("eadid", _record_id(fondo, top), {"countrycode": "MX"})
        w.start("filedesc")
        w.start("titlestmt")
        w.leaf("titleproper", _title(fondo, top))
        w.end()
        w.start("publicationstmt")
        w.leaf("publisher", fondo.nombre)
        w.end()
        w.end()
        w.start("profiledesc")
        w.start("creation")
        w.leaf("date", now.strftime("%Y-%m-%d"), {"normal": now.strftime("%Y%m%d")})
        w.end()
        w.start("langusage")
        w.leaf("language", "español", {"langcode": "spa", "scriptcode": "Latn"})
        w.end()
        w.leaf("descrules", "ISAD(G): Norma Internacional General de Descripción Archivística")
        w.end()
        w.end()  # eadheader

    def did(self, w, d):
        w.start("did")
        w.leaf("unitid", d.referencia)
        w.leaf("unittitle", d.titulo)
        if d.desde:
            normal = d.desde.isoformat() + (f"/{d.hasta.isoformat()}" if d.hasta else "")
            w.leaf("unitdate", d.fechas, {"normal": normal, "type": "inclusive"})
        if d.volumen:
            w.start("physdesc")
            w.leaf("extent", d.volumen)
            w.end()
        if d.productor:
            w.start("origination", {"label": "Productor"})
            w.leaf("corpname", d.productor)
            w.end()
        if d.elementos.get("lengua"):
            w.leaf("langmaterial", d.elementos["lengua"])
        if d.ubicacion:
            w.leaf("physloc", d.ubicacion)
        w.end()


EAD3 = _Ead3()
EAD2002 = _Ead2002()
DIALECTS = {"ead3": EAD3, "ead2002": EAD2002}
