"""Sources of lifecycle operations: transfer inventories; inventario, dictamen and acta de baja."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from sqlalchemy import case, func, select

from archivo import clock
from archivo.catalog.enums import TipoArchivo
from archivo.catalog.models import Fondo, Serie, UnidadAdministrativa
from archivo.catalog.service import archivo_of
from archivo.db import get_session
from archivo.disposals.models import Baja, BajaItem, EstadoBaja, EstadoItemBaja
from archivo.errors import DomainError, NotFound
from archivo.i18n import N_
from archivo.instruments.sources import base
from archivo.instruments.sources.base import Source, signer, stream
from archivo.instruments.sources.expedientes import expediente_select, inventory_row
from archivo.instruments.values import UNCOUNTED
from archivo.interop.visibility import hidden_accesos
from archivo.records.models import Expediente
from archivo.transfers.models import EstadoItem, TipoTransferencia, Transferencia, TransferenciaItem

_DICTAMINADA = (EstadoBaja.DICTAMINADA, EstadoBaja.EJECUTADA)


def transfer_inventory(fondo: Fondo, q: dict, actor) -> Source:
    """Inventario de transferencia primaria or secundaria of one transfer."""
    t = get_session().get(Transferencia, q["transferencia"])
    if t is None or t.fondo_id != fondo.id:
        raise NotFound(N_("La transferencia no existe."), field="transferencia")
    kind = q["kind"]
    if kind != f"inventario_transferencia_{t.tipo.value}":
        raise DomainError(N_("La transferencia {numero} es {tipo}; elija su inventario."),
                          field="transferencia", numero=t.numero, tipo=t.tipo.value)
    item = TransferenciaItem
    returned = item.estado == EstadoItem.DEVUELTO
    # What concentración received comes first, numbered; what it returned at cotejo is
    # listed after it, unnumbered and left out of the legend: the inventory signed at
    # reception vouches only for what was received (LGA inventory: caja, no., ...).
    stmt = (expediente_select(item.caja.label("item_caja"), item.observacion, item.estado)
            .join(item, item.expediente_id == Expediente.id)
            .where(item.transferencia_id == t.id)
            .order_by(case((returned, 1), else_=0), item.id))

    hidden = hidden_accesos(actor)

    def rows():
        n = 0
        for row in stream(stmt):
            note = row["observacion"] or ""
            if row["estado"] == EstadoItem.DEVUELTO:
                note = f"Devuelto: {note}".strip(": ")
                # never boxed in concentración: no box to print or count
                yield _uncounted(inventory_row(0, row, observaciones=note, hidden=hidden),
                                 caja="")
                continue
            n += 1
            yield inventory_row(n, row, caja=row["item_caja"], observaciones=note, hidden=hidden)

    unidad = t.unidad_id and get_session().get(UnidadAdministrativa, t.unidad_id)
    primaria = t.tipo == TipoTransferencia.PRIMARIA
    origen = archivo_of(fondo.id, TipoArchivo.TRAMITE if primaria else TipoArchivo.CONCENTRACION,
                        t.unidad_id)
    responsable = (origen and origen.responsable_nombre) or ""
    unidades = [unidad.nombre] if unidad else _producing_units(
        select(item.expediente_id).where(item.transferencia_id == t.id, ~returned))
    header = {"unidad": "; ".join(unidades),
              "responsable_tramite": responsable, "responsable_concentracion": responsable,
              "numero_transferencia": t.numero,
              "fecha_transferencia": clock.local_date(t.autorizada_at or t.created_at)}
    if primaria:
        # whoever authorised it signs in their own capacity (a coordinadora is not the
        # titular of the producing area); unsigned, the block names who should sign
        autoriza = base.user(t.autorizada_by_id)
        header |= {**(signer("autoriza", autoriza) if autoriza else
                      signer("autoriza", cargo="Titular del área productora")),
                   **signer("entrega", base.user(t.created_by_id)),
                   **signer("recibe", base.user(t.recibida_by_id))}
    else:
        header |= {**signer("elaboro", base.user(t.created_by_id)),
                   **signer("recibe", base.user(t.recibida_by_id))}
    return Source(kind, f"transferencia:{t.id}", f"Transferencia {t.numero}",
                  base.version_stamp(t.version_id, t.estado.value), fondo, header, rows,
                  count=base.count_of(stmt))


def _baja(fondo: Fondo, q: dict) -> Baja:
    baja = get_session().get(Baja, q["baja"])
    if baja is None or baja.fondo_id != fondo.id:
        raise NotFound(N_("La baja documental no existe."), field="baja")
    return baja


def inventario_baja(fondo: Fondo, q: dict, actor) -> Source:
    """The expedientes proposed for disposal in one baja (excluded ones say why)."""
    baja = _baja(fondo, q)
    item = BajaItem
    excluded = item.estado == EstadoItemBaja.EXCLUIDO
    # Excluded at execution (the guard failed): listed after the rest with the reason,
    # unnumbered and not counted, so after execution the legend is what was destroyed.
    stmt = (expediente_select(item.estado.label("item_estado"), item.motivo_exclusion)
            .join(item, item.expediente_id == Expediente.id)
            .where(item.baja_id == baja.id).order_by(case((excluded, 1), else_=0), item.id))

    hidden = hidden_accesos(actor)

    def rows():
        n = 0
        for row in stream(stmt):
            if row["item_estado"] == EstadoItemBaja.EXCLUIDO:
                note = f"Excluido: {row['motivo_exclusion'] or ''}".strip(": ")
                yield _uncounted(inventory_row(0, row, observaciones=note, hidden=hidden))
                continue
            n += 1
            yield inventory_row(n, row, hidden=hidden)

    included = select(item.expediente_id).where(item.baja_id == baja.id, ~excluded)
    unidad_ids = get_session().scalars(
        select(Expediente.unidad_id).where(Expediente.id.in_(included)).distinct()).all()
    header = {"unidad": "; ".join(_producing_units(included)), "numero_baja": baja.numero,
              "fecha": clock.local_date(baja.inventario_firmado_at or baja.created_at),
              **signer("autoriza", nombre=baja.dictamen_autoridad or fondo.autoridad_archivistica,
                       cargo=f"Dictamen {baja.dictamen_numero}" if baja.dictamen_numero
                       else ""),
              **_tramite_signer("elaboro_at", fondo, unidad_ids),
              **signer("elaboro_ac", base.user(baja.inventario_firmado_by_id
                                               or baja.created_by_id)),
              **signer("vobo", base.coordinador())}
    # the weight is not in the rows: the acta records it when the baja is executed
    closing = {"peso_kg": baja.volumen_kg} if baja.volumen_kg is not None else {}
    return Source("inventario_baja", f"baja:{baja.id}", f"Baja {baja.numero}",
                  base.version_stamp(baja.version_id, baja.estado.value), fondo, header, rows,
                  closing=closing, count=base.count_of(stmt))


def _uncounted(row: dict, **over) -> dict:
    """An inventory line kept on record but outside the totals, and unnumbered."""
    return row | {"consecutivo": "", UNCOUNTED: True} | over


def _producing_units(expediente_ids) -> list[str]:
    """Names of the units that produced these expedientes (a select of ids), sorted."""
    return list(get_session().scalars(
        select(UnidadAdministrativa.nombre).distinct()
        .join(Expediente, Expediente.unidad_id == UnidadAdministrativa.id)
        .where(Expediente.id.in_(expediente_ids)).order_by(UnidadAdministrativa.nombre)))


def _tramite_signer(prefix: str, fondo: Fondo, unidad_ids) -> dict:
    """The responsable(s) of the producing units' archivos de trámite, as registered."""
    archivos = [a for a in (archivo_of(fondo.id, TipoArchivo.TRAMITE, u) for u in unidad_ids)
                if a is not None and a.responsable_nombre]
    if not archivos:
        return signer(prefix)
    if len(archivos) == 1:
        a = archivos[0]
        return signer(prefix, nombre=a.responsable_nombre,
                      cargo=a.responsable_cargo or f"Responsable del {a.nombre}")
    return signer(prefix, nombre="; ".join(sorted(a.responsable_nombre for a in archivos)))


def _per_serie(baja: Baja, estados: tuple) -> list[dict]:
    """The baja's expedientes summarised per serie (small: one row per serie)."""
    e = Expediente
    result = get_session().execute(
        select(Serie.codigo, Serie.nombre, func.min(e.fecha_apertura).label("desde"),
               func.max(e.fecha_cierre).label("hasta"), func.count().label("n"),
               func.count(func.distinct(e.ubicacion_caja)).label("cajas"),
               func.coalesce(func.sum(e.fojas), 0).label("fojas"))
        .select_from(BajaItem).join(e, e.id == BajaItem.expediente_id)
        .join(Serie, Serie.id == BajaItem.serie_id)
        .where(BajaItem.baja_id == baja.id, BajaItem.estado.in_(estados))
        .group_by(Serie.codigo, Serie.nombre)).all()
    from archivo.catalog.service import code_sort_key

    result = sorted(result, key=lambda r: code_sort_key(r.codigo))
    # Metres and kilograms are recorded for the whole baja (acta); each serie's share
    # follows its paper (fojas, else its number of expedientes), and the shares add up.
    weights = [int(r.fojas or 0) for r in result]
    if not any(weights):
        weights = [r.n for r in result]
    metros = apportion(baja.volumen_metros_lineales, weights)
    pesos = apportion(baja.volumen_kg, weights)
    return [{"codigo": r.codigo, "nombre": r.nombre, "fecha_inicial": r.desde,
             "fecha_final": r.hasta, "expedientes": r.n, "cajas": r.cajas,
             "metros_lineales": m, "peso_kg": p}
            for r, m, p in zip(result, metros, pesos, strict=True)]


def apportion(total, weights: list[int]) -> list[Decimal | None]:
    """Split `total` in hundredths by weight (largest remainder): the parts sum to it exactly.

    No total gives no parts (None each); all-zero weights split it evenly.
    """
    if total is None or not weights:
        return [None] * len(weights)
    cent = Decimal("0.01")
    total = Decimal(total).quantize(cent)
    if not any(weights):
        weights = [1] * len(weights)
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [x.quantize(cent, rounding=ROUND_DOWN) for x in exact]
    left = int((total - sum(parts)) / cent)
    # hand the remaining cents to the largest remainders (earlier rows first on ties)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += cent
    return parts


def _volume(baja: Baja) -> dict:
    """Totals recorded with the dictamen/acta override the per-serie sums."""
    return {"expedientes": baja.volumen_expedientes, "cajas": baja.volumen_cajas,
            "metros_lineales": baja.volumen_metros_lineales, "peso_kg": baja.volumen_kg}


def dictamen_baja(fondo: Fondo, q: dict) -> Source:
    """The archive authority's dictamen for a baja, as recorded (public once issued)."""
    baja = _baja(fondo, q)
    if baja.estado not in _DICTAMINADA:
        raise DomainError(N_("La baja {numero} aún no tiene dictamen registrado."), field="baja",
                          numero=baja.numero)
    series = _per_serie(baja, (EstadoItemBaja.PROPUESTO, EstadoItemBaja.EJECUTADO))
    autoridad = baja.dictamen_autoridad or fondo.autoridad_archivistica
    header = {
        "folio": baja.acta_folio or "", "numero_dictamen": baja.dictamen_numero or "",
        "fecha_dictamen": baja.dictamen_fecha, "lugar": baja.acta_lugar or "",
        "autoridad": autoridad, "numero_baja": baja.numero,
        "solicitud": f"Solicitud de baja documental {baja.numero} presentada por "
                     f"{fondo.nombre}. {baja.descripcion or ''}".strip(),
        "revision_gi": f"Revisada por el Grupo Interdisciplinario en la sesión "
                       f"{baja.gi_acta or '—'} del {_date(baja.gi_fecha)}. "
                       f"{baja.gi_comentario or ''}".strip(),
        "fundamento": "Ley General de Archivos, artículos 11, fracción VI, y 58.",
        "considerandos": "Los expedientes han cumplido sus plazos de conservación en los "
                         "archivos de trámite y concentración, no poseen valores secundarios "
                         "y no están sujetos a reserva, congelamiento ni procedimiento alguno.",
        "resolucion": f"{autoridad} dictamina procedente la baja documental {baja.numero} "
                      f"mediante el dictamen {baja.dictamen_numero or '—'}.",
        **signer("dictamina", nombre=autoridad, cargo="Autoridad archivística"),
        **signer("reviso", base.user(baja.gi_decidida_by_id)),
        **signer("vobo", base.user(baja.dictamen_registrado_by_id)),
    }
    return Source("dictamen_baja", f"baja:{baja.id}", f"Dictamen {baja.dictamen_numero}",
                  base.version_stamp(baja.version_id, baja.estado.value), fondo, header,
                  lambda: iter(series), closing=_volume(baja))


def acta_baja(fondo: Fondo, q: dict) -> Source:
    """The acta of an executed baja: what was destroyed, how, and who witnessed it."""
    baja = _baja(fondo, q)
    if baja.estado != EstadoBaja.EJECUTADA:
        raise DomainError(N_("La baja {numero} aún no se ha ejecutado."), field="baja",
                          numero=baja.numero)
    series = _per_serie(baja, (EstadoItemBaja.EJECUTADO,))
    testigos = list(baja.testigos or [])
    participantes = "; ".join(f"{t.get('nombre', '')} ({t.get('cargo', '')})".replace(" ()", "")
                              for t in testigos if isinstance(t, dict))
    header = {
        "folio": baja.acta_folio or "", "numero_dictamen": baja.dictamen_numero or "",
        "fecha_dictamen": baja.dictamen_fecha, "lugar": baja.acta_lugar or "",
        "fecha": baja.acta_fecha,
        # stored in UTC; the acta states the hour where it was signed
        "hora": f"{clock.local(baja.ejecutada_at):%H:%M}" if baja.ejecutada_at else "",
        "fundamento": f"Ley General de Archivos y dictamen {baja.dictamen_numero or '—'} de "
                      f"{baja.dictamen_autoridad or fondo.autoridad_archivistica}.",
        "metodo_destruccion": baja.acta_metodo or "",
        "destino_papel": baja.acta_destino_papel or "",
        "participantes": participantes,
        **signer("concentracion", base.user(baja.ejecutada_by_id)),
        **signer("coordinacion", base.coordinador()),
        **signer("oic", cargo="Órgano Interno de Control"),
    }
    for i, testigo in enumerate(testigos[:2], 1):
        if isinstance(testigo, dict):
            header |= signer(f"testigo{i}", nombre=testigo.get("nombre"),
                             cargo=testigo.get("cargo"))
    return Source("acta_baja", f"baja:{baja.id}", f"Acta {baja.acta_folio}",
                  base.version_stamp(baja.version_id, baja.estado.value), fondo, header,
                  lambda: iter(series), closing=_volume(baja))


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"
