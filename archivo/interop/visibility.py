"""What each requester may see in an export: which expedientes, and which of their fields.

Anonymous requesters (public finding aids, OAI-PMH) see public expedientes only; staff
see every live expediente, but the title and description of a confidential one only
with `read.confidential` (its title often names the person it protects). Disposed
expedientes are no longer holdings: finding aids leave them out, OAI-PMH reports them
as deleted.
"""

from sqlalchemy import ColumnElement, and_

from archivo.auth import policies
from archivo.catalog.enums import Acceso
from archivo.records.enums import Etapa
from archivo.records.models import Expediente

CONFIDENTIAL_TITLE = "Expediente confidencial"


def holdings_filter(actor) -> ColumnElement[bool]:
    """Expedientes the actor may find listed in a finding aid."""
    live = Expediente.etapa != Etapa.BAJA
    if policies.is_staff(actor):
        return live
    return and_(live, Expediente.acceso == Acceso.PUBLICA)


def hides_content(actor, acceso: Acceso) -> bool:
    """True when the actor may list the expediente but not read its title or description."""
    if not policies.is_staff(actor):
        return acceso != Acceso.PUBLICA
    return acceso == Acceso.CONFIDENCIAL and not policies.has(actor, "read.confidential")


def sees_internal(actor) -> bool:
    """Physical location and similar working data: staff only."""
    return policies.is_staff(actor)
