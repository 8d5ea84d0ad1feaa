"""OAI-PMH response XML: the envelope, record headers and the two metadata formats."""

import datetime as dt
import re

from archivo.interop.description import Descripcion
from archivo.interop.oai.protocol import datestamp
from archivo.interop.xmlwriter import XmlWriter

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"

# metadataPrefix -> (schema, namespace)
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
    "ead": ("https://www.loc.gov/ead/ead3.xsd", "http://ead3.archivists.org/schema/"),
}


def open_envelope(w: XmlWriter, now: dt.datetime, base_url: str,
                  request_args: dict | None) -> None:
    """<OAI-PMH>, responseDate and request (attributes only when the request was valid)."""
    w.start("OAI-PMH", {"xmlns": OAI_NS, "xmlns:xsi": XSI, "xsi:schemaLocation":
                        f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"})
    w.leaf("responseDate", datestamp(now))
    w.leaf("request", base_url, request_args or None)


def error(w: XmlWriter, code: str, message: str) -> None:
    """One <error>."""
    w.leaf("error", message, {"code": code})


def header(w: XmlWriter, ident: str, stamp: dt.datetime, specs: list[str],
           deleted: bool) -> None:
    """A record header; deleted records carry status="deleted" and no metadata."""
    w.start("header", {"status": "deleted"} if deleted else None)
    w.leaf("identifier", ident)
    w.leaf("datestamp", datestamp(stamp))
    for spec in specs:
        w.leaf("setSpec", spec)
    w.end()


def oai_dc(w: XmlWriter, d: Descripcion, publisher: str, serie: str | None,
           palabras_clave: str | None) -> None:
    """Simple Dublin Core of an expediente (public fields only: `d` is the public view)."""
    w.start("oai_dc:dc", {"xmlns:oai_dc": OAI_DC_NS, "xmlns:dc": DC_NS, "xmlns:xsi": XSI,
                          "xsi:schemaLocation": f"{OAI_DC_NS} {FORMATS['oai_dc'][0]}"})
    w.leaf("dc:title", d.titulo)
    w.leaf("dc:identifier", d.referencia)
    if d.productor:
        w.leaf("dc:creator", d.productor)
    w.leaf("dc:publisher", publisher)
    if d.desde:
        w.leaf("dc:date", d.desde.isoformat() + (f"/{d.hasta.isoformat()}" if d.hasta else ""))
    if d.elementos.get("alcance_contenido"):
        w.leaf("dc:description", d.elementos["alcance_contenido"])
    for word in re.split(r"[;,\n]", palabras_clave or ""):
        if word.strip():
            w.leaf("dc:subject", word.strip())
    if serie:
        w.leaf("dc:relation", f"Serie documental: {serie}")
    w.leaf("dc:type", "Expediente")
    w.leaf("dc:format", d.volumen)
    w.leaf("dc:language", "spa")
    if d.elementos.get("condiciones_acceso"):
        w.leaf("dc:rights", d.elementos["condiciones_acceso"])
    w.end()


def resumption(w: XmlWriter, token: str | None, expires: dt.datetime | None,
               size: int, cursor: int) -> None:
    """The resumptionToken element; empty (but present) on the last page of a paged list."""
    w.leaf("resumptionToken", token or "", {
        "expirationDate": datestamp(expires) if expires else None,
        "completeListSize": size, "cursor": cursor})
