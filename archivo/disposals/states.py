"""State machine of the baja documental as data, with who may perform each step."""

from archivo.disposals.models import EstadoBaja as S
from archivo.i18n import N_
from archivo.transfers.common import Paso

_OPEN = frozenset({S.BORRADOR, S.EN_REVISION, S.APROBADA_GI, S.DICTAMINADA})

# Separation of duties: only the proposer edits the draft and signs its inventario
# (enviar); neither the proposer nor the signer reviews, authorises or executes; whoever
# recorded the GI decision does not record the dictamen, and neither of them executes.
_PROPUSO = ("created_by_id", "inventario_firmado_by_id")
STEPS: dict[str, Paso] = {
    "editar": Paso(N_("editar"), frozenset({S.BORRADOR}), None, "baja.propose",
                   solo_de=("created_by_id",)),
    "enviar": Paso(N_("enviar al Grupo Interdisciplinario"), frozenset({S.BORRADOR}), S.EN_REVISION,
                   "baja.propose", solo_de=("created_by_id",)),
    "votar": Paso(N_("votar"), frozenset({S.EN_REVISION}), None, "baja.vote", _PROPUSO),
    "decidir": Paso(N_("registrar la decisión del GI sobre"), frozenset({S.EN_REVISION}), None,
                    "baja.review", _PROPUSO),
    "dictaminar": Paso(N_("registrar el dictamen de"), frozenset({S.APROBADA_GI}), S.DICTAMINADA,
                       "baja.dictamen", (*_PROPUSO, "gi_decidida_by_id")),
    "ejecutar": Paso(N_("ejecutar"), frozenset({S.DICTAMINADA}), S.EJECUTADA, "baja.execute",
                     (*_PROPUSO, "gi_decidida_by_id", "dictamen_registrado_by_id")),
    "cancelar": Paso(N_("cancelar"), _OPEN, S.CANCELADA, "baja.propose"),
}
