"""State machine of transfers as data: each step, its states and who may perform it."""

from archivo.i18n import N_
from archivo.transfers.common import Paso
from archivo.transfers.models import EstadoTransferencia as S
from archivo.transfers.models import TipoTransferencia as T

_B, _A, _R, _C = S.BORRADOR, S.AUTORIZADA, S.RECIBIDA, S.CANCELADA

# The área productora authorises a primary transfer: the coordinador de archivos or a
# second responsable of the same unit, never the person who drafted it. Only the drafter
# edits the draft, so the person authorising never chose what it holds.
_OWNER = ("created_by_id",)
STEPS: dict[tuple[T, str], Paso] = {
    (T.PRIMARIA, "editar"): Paso(N_("editar"), frozenset({_B}), None, "transfer.primary.draft",
                                 solo_de=_OWNER),
    (T.PRIMARIA, "autorizar"): Paso(N_("autorizar"), frozenset({_B}), _A,
                                    "transfer.primary.authorize", ("created_by_id",)),
    (T.PRIMARIA, "cotejar"): Paso(N_("cotejar"), frozenset({_A}), None, "transfer.primary.receive"),
    (T.PRIMARIA, "recibir"): Paso(N_("recibir"), frozenset({_A}), _R, "transfer.primary.receive",
                                  ("created_by_id", "autorizada_by_id")),
    (T.PRIMARIA, "cancelar"): Paso(N_("cancelar"), frozenset({_B, _A}), _C,
                                   "transfer.primary.draft"),
    (T.SECUNDARIA, "editar"): Paso(N_("editar"), frozenset({_B}), None,
                                   "transfer.secondary.draft", solo_de=_OWNER),
    (T.SECUNDARIA, "autorizar"): Paso(N_("autorizar"), frozenset({_B}), _A,
                                      "transfer.secondary.authorize", ("created_by_id",)),
    (T.SECUNDARIA, "cotejar"): Paso(N_("cotejar"), frozenset({_A}), None,
                                    "transfer.secondary.receive"),
    (T.SECUNDARIA, "recibir"): Paso(N_("recibir"), frozenset({_A}), _R,
                                    "transfer.secondary.receive",
                                    ("created_by_id", "autorizada_by_id")),
    (T.SECUNDARIA, "cancelar"): Paso(N_("cancelar"), frozenset({_B, _A}), _C,
                                     "transfer.secondary.draft"),
    (T.SECUNDARIA, "avisar"): Paso(N_("registrar el aviso de"), frozenset({_R}), None,
                                   "transfer.secondary.notice"),
}


def step(tipo: T, nombre: str) -> Paso:
    """The step `nombre` of a transfer of kind `tipo`."""
    return STEPS[(tipo, nombre)]
