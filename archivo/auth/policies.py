"""Who may do what: permissions per role, and unit scope for responsables de trámite."""

from archivo.auth.roles import Rol
from archivo.errors import Forbidden, Unauthorized

R = Rol
STAFF = frozenset(Rol)
WRITERS_CATALOG = frozenset({R.ADMINISTRADOR, R.COORDINADOR})

# permission -> roles that hold it. The auditor holds only read permissions.
PERMISSIONS: dict[str, frozenset[Rol]] = {
    "read": STAFF,
    "read.confidential": frozenset(STAFF - {R.INTEGRANTE_GI}),
    "catalog.write": WRITERS_CATALOG,
    "catalog.approve": WRITERS_CATALOG,
    "fondo.write": frozenset({R.ADMINISTRADOR, R.COORDINADOR}),
    "expediente.write": frozenset({R.ADMINISTRADOR, R.COORDINADOR, R.RESPONSABLE_TRAMITE}),
    "expediente.location": frozenset({R.ADMINISTRADOR, R.COORDINADOR, R.RESPONSABLE_TRAMITE,
                                      R.RESPONSABLE_CONCENTRACION, R.RESPONSABLE_HISTORICO}),
    "expediente.classify": frozenset({R.ADMINISTRADOR, R.COORDINADOR, R.RESPONSABLE_TRAMITE}),
    "documento.write": frozenset({R.ADMINISTRADOR, R.COORDINADOR, R.RESPONSABLE_TRAMITE}),
    "users.manage": frozenset({R.ADMINISTRADOR}),
    "audit.verify": frozenset({R.ADMINISTRADOR, R.COORDINADOR, R.AUDITOR}),
    "tokens.own": STAFF,
    # Lifecycle (transfers, baja documental, holds, loans). The auditor holds none of them.
    "transfer.primary.draft": frozenset({R.ADMINISTRADOR, R.COORDINADOR, R.RESPONSABLE_TRAMITE}),
    "transfer.primary.authorize": frozenset({R.COORDINADOR, R.RESPONSABLE_TRAMITE}),
    "transfer.primary.receive": frozenset({R.RESPONSABLE_CONCENTRACION}),
    "transfer.secondary.draft": frozenset({R.COORDINADOR, R.RESPONSABLE_CONCENTRACION}),
    "transfer.secondary.authorize": frozenset({R.COORDINADOR}),
    "transfer.secondary.receive": frozenset({R.RESPONSABLE_HISTORICO}),
    "transfer.secondary.notice": frozenset({R.COORDINADOR, R.RESPONSABLE_HISTORICO}),
    "baja.propose": frozenset({R.COORDINADOR, R.RESPONSABLE_CONCENTRACION}),
    "baja.vote": frozenset({R.INTEGRANTE_GI}),
    "baja.review": frozenset({R.COORDINADOR, R.INTEGRANTE_GI}),
    "baja.dictamen": frozenset({R.COORDINADOR}),
    "baja.execute": frozenset({R.COORDINADOR, R.RESPONSABLE_CONCENTRACION}),
    "hold.write": frozenset({R.ADMINISTRADOR, R.COORDINADOR, R.RESPONSABLE_CONCENTRACION}),
    "loan.request": frozenset({R.COORDINADOR, R.RESPONSABLE_TRAMITE}),
    "loan.manage": frozenset({R.COORDINADOR, R.RESPONSABLE_CONCENTRACION}),
    # ISAD(G) descriptions of the histórico (interop): the archive's describers.
    "description.write": frozenset({R.ADMINISTRADOR, R.COORDINADOR, R.RESPONSABLE_HISTORICO}),
}

# Permissions checked against the unit of the object for unit-scoped roles.
UNIT_SCOPED = {R.RESPONSABLE_TRAMITE}


def has(actor, permission: str) -> bool:
    """True when the actor's role holds `permission` (no unit check)."""
    return actor is not None and actor.activo and actor.rol in PERMISSIONS[permission]


def require(actor, permission: str, *, unidad_id: int | None = None) -> None:
    """Raise Unauthorized/Forbidden unless the actor may do `permission` (in that unit)."""
    if actor is None:
        raise Unauthorized("Inicie sesión para continuar.")
    if not has(actor, permission):
        raise Forbidden("Su rol ({rol}) no permite esta acción.", rol=actor.rol.value)
    if unidad_id is not None and actor.rol in UNIT_SCOPED and actor.unidad_id != unidad_id:
        raise Forbidden("Solo puede modificar expedientes de su propia unidad administrativa.")


def is_staff(actor) -> bool:
    """Signed-in staff (any role); None is the anonymous public."""
    return actor is not None and actor.activo
