"""Who may read an expediente's content, and how a listed one looks to those who may not.

The rule itself (which access classes each requester may read) is
`archivo.interop.visibility.hidden_accesos`; this module applies it to the detail, the
documents and the history of one expediente, and to the rows of a staff list.
"""

from archivo.auth import policies
from archivo.errors import Forbidden
from archivo.interop.visibility import CONFIDENTIAL_TITLE, hides_content


def require_expediente_read(actor, exp) -> None:
    """Raise Unauthorized/Forbidden unless the actor may read this expediente's content."""
    policies.require(actor, "read")
    if hides_content(actor, exp.acceso):
        raise Forbidden("El expediente {clave} es confidencial: su rol no permite consultar "
                        "su contenido.", clave=exp.clave)


class MaskedExpediente:
    """A read-only view of a listed expediente whose content the actor may not read.

    Key, serie, unit, dates, stage and access class stay (they are public even for
    confidential files); title, description and keywords are withheld, the title
    replaced by the same placeholder the finding aids use.
    """

    __slots__ = ("_exp",)
    contenido_oculto = True
    titulo = CONFIDENTIAL_TITLE
    descripcion = None
    palabras_clave = None

    def __init__(self, exp):
        object.__setattr__(self, "_exp", exp)

    def __getattr__(self, name):
        return getattr(self._exp, name)

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is read-only")


def as_listed(actor, exp):
    """The expediente itself, or its masked view when the actor may not read its content."""
    return MaskedExpediente(exp) if hides_content(actor, exp.acceso) else exp
