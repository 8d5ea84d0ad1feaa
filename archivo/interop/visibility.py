"""What each requester may see in an export: which expedientes, and which of their fields.

Anonymous requesters (public finding aids, OAI-PMH) see public expedientes only; staff
see every live expediente, but the title and description of a confidential one only
with `read.confidential` (its title often names the person it protects). Disposed
expedientes are no longer holdings: finding aids leave them out, OAI-PMH reports them
as deleted.
"""

from sqlalchemy import ColumnElement, and_, true

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


def hidden_accesos(actor) -> frozenset[Acceso]:
    """Access classes whose content (title, description, documents) the actor may not read.

    The one rule every listing, export and detail applies: the public reads public
    expedientes only; staff read confidential ones only with `read.confidential`.
    """
    if not policies.is_staff(actor):
        return frozenset(Acceso) - {Acceso.PUBLICA}
    if not policies.has(actor, "read.confidential"):
        return frozenset({Acceso.CONFIDENCIAL})
    return frozenset()


def hides_content(actor, acceso: Acceso) -> bool:
    """True when the actor may list the expediente but not read its title or description."""
    return acceso in hidden_accesos(actor)


def content_readable(actor) -> ColumnElement[bool]:
    """SQL twin of `hides_content`: expedientes whose title and description the actor reads."""
    hidden = hidden_accesos(actor)
    return Expediente.acceso.not_in(sorted(hidden)) if hidden else true()


def sees_internal(actor) -> bool:
    """Physical location and similar working data: staff only."""
    return policies.is_staff(actor)
