"""Calendario de caducidades: due primary transfers, secondary transfers and bajas by month."""

import datetime as dt
from collections import defaultdict

from sqlalchemy import or_, select

from archivo.auth import policies
from archivo.calendar.schemas import CalendarQuerySchema, OverdueQuerySchema
from archivo.catalog.enums import Acceso, Destino
from archivo.dashboard.queries import due_condition
from archivo.db import get_session
from archivo.holds.blocking import load_facts
from archivo.holds.rules import ExpedienteFacts, reserva_activa
from archivo.mensajes import N_, Mensaje
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.records.rules import add_years


def _blocks(f: ExpedienteFacts, tipo: str, today: dt.date) -> list[Mensaje]:
    """What would stop this movement (holds and reserves block baja and secondary transfer);
    Spanish text that the screens show in the user's language (`label`)."""
    out: list[Mensaje] = []
    if f.en_prestamo:
        out.append(Mensaje(N_("en préstamo")))
    if tipo == "transferencia_primaria":
        return out
    out.extend(Mensaje.de(N_("congelado: {congelamiento}"), congelamiento=h) for h in f.holds)
    if reserva_activa(f, today):
        out.append(Mensaje.de(N_("reservado hasta {hasta}"), hasta=f.reserva_vence)
                   if f.reserva_vence else Mensaje(N_("reservado sin fecha de término")))
    if f.acceso == Acceso.CONFIDENCIAL:
        out.append(Mensaje(N_("confidencial")))
    if tipo == "baja" and f.violaciones_ddhh:
        out.append(Mensaje(N_("violaciones graves a derechos humanos")))
    return out


def calendario(actor, params: dict, *, today: dt.date | None = None) -> dict:
    """For a period: each due movement, grouped by month and unit, with what blocks it."""
    policies.require(actor, "read")
    q = CalendarQuerySchema().load(params)
    today = today or dt.date.today()
    desde, hasta = q["desde"], q["hasta"]
    conds = [Expediente.fondo_id == q["fondo_id"], Expediente.closed_at.is_not(None),
             Expediente.etapa.in_([Etapa.TRAMITE, Etapa.CONCENTRACION]),
             or_(Expediente.vence_transferencia_primaria.between(desde, hasta),
                 Expediente.vence_destino_final.between(desde, hasta))]
    if q["unidad_id"]:
        conds.append(Expediente.unidad_id == q["unidad_id"])
    rows, resumen = [], defaultdict(lambda: defaultdict(int))
    for f in load_facts(get_session(), *conds):
        if f.plazo_tramite is None or f.fecha_cierre is None:
            continue
        primaria = add_years(f.fecha_cierre, f.plazo_tramite)
        final = add_years(f.fecha_cierre, f.plazo_tramite + (f.plazo_concentracion or 0))
        due = []
        if f.etapa == Etapa.TRAMITE and desde <= primaria <= hasta:
            due.append(("transferencia_primaria", primaria))
        if desde <= final <= hasta:
            due.append(("baja" if f.destino == Destino.BAJA else "transferencia_secundaria",
                        final))
        for tipo, fecha in due:
            mes = f"{fecha:%Y-%m}"
            rows.append({"mes": mes, "unidad_id": f.unidad_id, "tipo": tipo, "fecha": fecha,
                         "expediente_id": f.id, "clave": f.clave, "fecha_cierre": f.fecha_cierre,
                         "destino": f.destino.value if f.destino else None,
                         "fin_reserva": f.reserva_vence, "bloqueos": _blocks(f, tipo, today)})
            resumen[(mes, f.unidad_id)][tipo] += 1
    # By date within the month (then unit, kind and key for a stable order on the same day).
    rows.sort(key=lambda r: (r["fecha"], r["unidad_id"], r["tipo"], r["clave"]))
    return {"fondo_id": q["fondo_id"], "desde": desde, "hasta": hasta, "filas": rows,
            "resumen": [{"mes": m, "unidad_id": u, **counts}
                        for (m, u), counts in sorted(resumen.items())]}


def vencidos(actor, params: dict, *, today: dt.date | None = None) -> dict:
    """Expedientes whose movement is overdue: still in trámite after their primary transfer
    fell due, or in concentración after their destino final did (the panel's «Vencidos»,
    same condition), the most overdue first, with what blocks each one."""
    policies.require(actor, "read")
    q = OverdueQuerySchema().load(params)
    today = today or dt.date.today()
    conds = [Expediente.fondo_id == q["fondo_id"],
             due_condition(None, today - dt.timedelta(days=1))]
    if q["unidad_id"]:
        conds.append(Expediente.unidad_id == q["unidad_id"])
    session = get_session()
    # The stored due dates decide, as in the panel's count (they are derived at closing).
    due = {eid: (primaria, final) for eid, primaria, final in session.execute(
        select(Expediente.id, Expediente.vence_transferencia_primaria,
               Expediente.vence_destino_final).where(*conds)).all()}
    rows = []
    for f in load_facts(session, *conds):
        primaria, final = due.get(f.id, (None, None))
        if f.etapa == Etapa.TRAMITE:
            tipo, fecha = "transferencia_primaria", primaria
        else:
            tipo = "baja" if f.destino == Destino.BAJA else "transferencia_secundaria"
            fecha = final
        if fecha is None:  # changed between the two reads
            continue
        rows.append({"tipo": tipo, "fecha": fecha, "dias": (today - fecha).days,
                     "unidad_id": f.unidad_id, "expediente_id": f.id, "clave": f.clave,
                     "etapa": f.etapa.value, "fecha_cierre": f.fecha_cierre,
                     "destino": f.destino.value if f.destino else None,
                     "fin_reserva": f.reserva_vence, "bloqueos": _blocks(f, tipo, today)})
    rows.sort(key=lambda r: (r["fecha"], r["clave"]))
    return {"fondo_id": q["fondo_id"], "hoy": today, "total": len(rows), "filas": rows}
