"""State machine of the baja documental as data, with who may perform each step."""

from archivo.disposals.models import EstadoBaja as S
from archivo.i18n import N_
from archivo.transfers.common import Paso

_OPEN = frozenset({S.BORRADOR, S.EN_REVISION, S.APROBADA_GI, S.DICTAMINADA})

# Separation of duties: the proposer never reviews, authorises or executes; whoever
# recorded the GI decision or the dictamen does not execute.
STEPS: dict[str, Paso] = {
    "editar": Paso(N_("editar"), frozenset({S.BORRADOR}), None, "baja.propose"),
    "enviar": Paso(N_("enviar al Grupo Interdisciplinario"), frozenset({S.BORRADOR}), S.EN_REVISION,
                   "baja.propose"),
    "votar": Paso(N_("votar"), frozenset({S.EN_REVISION}), None, "baja.vote", ("created_by_id",)),
    "decidir": Paso(N_("registrar la decisión del GI sobre"), frozenset({S.EN_REVISION}), None,
                    "baja.review", ("created_by_id",)),
    "dictaminar": Paso(N_("registrar el dictamen de"), frozenset({S.APROBADA_GI}), S.DICTAMINADA,
                       "baja.dictamen", ("created_by_id",)),
    "ejecutar": Paso(N_("ejecutar"), frozenset({S.DICTAMINADA}), S.EJECUTADA, "baja.execute",
                     ("created_by_id", "gi_decidida_by_id", "dictamen_registrado_by_id")),
    "cancelar": Paso(N_("cancelar"), _OPEN, S.CANCELADA, "baja.propose"),
}
