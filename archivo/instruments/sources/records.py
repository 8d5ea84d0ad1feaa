"""Sources about expedientes: inventario general, carátula, índice de reservados, calendario."""

from __future__ import annotations

from sqlalchemy import func, select

from archivo.catalog.enums import Acceso, TipoArchivo
from archivo.catalog.models import ArchivoSede, Fondo, UnidadAdministrativa
from archivo.catalog.service import archivo_of
from archivo.db import get_session
from archivo.errors import NotFound
from archivo.i18n import N_
from archivo.instruments.schemas import semester_bounds
from archivo.instruments.sources import base
from archivo.instruments.sources.base import ARCHIVE_LABELS, Source, signer, spanish, stream
from archivo.instruments.sources.expedientes import expediente_select, inventory_row
from archivo.interop.visibility import CONFIDENTIAL_TITLE, hidden_accesos
from archivo.records.enums import Etapa
from archivo.records.models import Expediente
from archivo.records.rules import add_years


def find_unidad(fondo: Fondo, clave: str | None) -> UnidadAdministrativa | None:
    """The unit with that clave in the fondo, NotFound when it does not exist."""
    if not clave:
        return None
    unidad = get_session().scalar(select(UnidadAdministrativa).where(
        UnidadAdministrativa.fondo_id == fondo.id, UnidadAdministrativa.clave == clave))
    if unidad is None:
        raise NotFound(N_("La unidad administrativa no existe."), field="unidad")
    return unidad


def inventario_general(fondo: Fondo, q: dict, actor) -> Source:
    """Every expediente of a unit and/or archive (disposed ones are not inventoried).

    Every row is listed; a confidential one's name is masked for an actor without
    `read.confidential`.
    """
    unidad = find_unidad(fondo, q["unidad"])
    e = Expediente
    conds = [e.fondo_id == fondo.id, e.etapa != Etapa.BAJA]
    if unidad is not None:
        conds.append(e.unidad_id == unidad.id)
    if q["etapa"]:
        conds.append(e.etapa == Etapa(q["etapa"]))
    stmt = expediente_select().where(*conds).order_by(e.fondo_id, e.clave)
    stamp = get_session().execute(select(func.count(), func.max(e.updated_at)).where(*conds)).one()
    archivo = (archivo_of(fondo.id, TipoArchivo(q["etapa"]), unidad and unidad.id)
               if q["etapa"] else None)
    etapa = ARCHIVE_LABELS.get(q["etapa"], "Todos los archivos")
    nombre = unidad.nombre if unidad else "Todas las unidades administrativas"

    hidden = hidden_accesos(actor)

    def rows():
        for n, row in enumerate(stream(stmt), 1):
            yield inventory_row(n, row, hidden=hidden)

    header = {"unidad": nombre, "tipo_archivo": etapa, "area_productora": nombre,
              **_archive_signer("elaboro", archivo), **signer("reviso", base.coordinador()),
              **signer("vobo", cargo=f"Titular de {nombre}" if unidad else "")}
    subject = f"fondo:{fondo.id}:unidad:{unidad.clave if unidad else '*'}:{q['etapa'] or '*'}"
    return Source("inventario_general", subject, f"{nombre} — {etapa}",
                  base.version_stamp(*stamp), fondo, header, rows,
                  count=lambda: stamp[0])


def _archive_signer(prefix: str, archivo: ArchivoSede | None) -> dict:
    if archivo is None:
        return signer(prefix)
    return signer(prefix, nombre=archivo.responsable_nombre,
                  cargo=archivo.responsable_cargo or f"Responsable del {archivo.nombre}")


def caratula(fondo: Fondo, q: dict) -> Source:
    """The cover of one expediente, with a QR code to its public page."""
    exp = get_session().get(Expediente, q["expediente"])
    if exp is None or exp.fondo_id != fondo.id:
        raise NotFound(N_("El expediente no existe."), field="expediente")
    row = get_session().execute(expediente_select().where(Expediente.id == exp.id)).mappings().one()
    serie = exp.serie
    parent = serie.parent
    leyenda = ""
    if exp.acceso == Acceso.RESERVADA:
        leyenda = (f"Expediente clasificado como reservado el "
                   f"{_date(exp.reserva_fecha_clasificacion)} por {exp.reserva_plazo_anios or '—'} "
                   f"años. Fundamento: {exp.reserva_fundamento or '—'}. "
                   f"Partes reservadas: {exp.reserva_partes or 'expediente completo'}.")
    elif exp.acceso == Acceso.CONFIDENCIAL:
        leyenda = ("Expediente con información confidencial. Fundamento: "
                   f"{exp.confidencial_fundamento or '—'}.")
    header = {
        "unidad": exp.unidad.nombre, "clave": exp.clave,
        "seccion": f"{serie.seccion.codigo} {serie.seccion.nombre}",
        "serie": f"{(parent or serie).codigo} {(parent or serie).nombre}",
        "subserie": f"{serie.codigo} {serie.nombre}" if parent else "",
        "asunto": exp.titulo, "descripcion": exp.descripcion or "",
        "fecha_apertura": exp.fecha_apertura, "fecha_cierre": exp.fecha_cierre,
        "fojas": exp.fojas, "legajos": exp.legajos, "soporte": spanish(exp.soporte),
        "valores_primarios": ", ".join(sorted(spanish(v) for v in base.valores_primarios(row))),
        "destino": spanish(row["destino"]) if row["destino"] else "",
        "plazo_tramite": row["plazo_tramite"], "plazo_concentracion": row["plazo_concentracion"],
        "acceso": spanish(exp.acceso), "leyenda_clasificacion": leyenda,
        "ubicacion": base.ubicacion(row),
    }
    return Source("caratula", f"expediente:{exp.id}", exp.clave,
                  base.version_stamp(exp.version_id), fondo, header, lambda: iter(()),
                  public_url=f"/consulta/expedientes/{exp.id}")


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


def indice_reservados(fondo: Fondo, q: dict) -> Source:
    """Expedientes reserved during a semester (LGTAIP art. 102): the public index."""
    semestre = q["semestre"] or _current_semester()
    start, end = semester_bounds(semestre)
    e = Expediente
    stmt = (select(e.id, e.clave, e.titulo, e.reserva_area, e.reserva_partes,
                   e.reserva_fecha_clasificacion, e.reserva_plazo_anios, e.reserva_prorroga_anios,
                   e.reserva_fundamento, UnidadAdministrativa.nombre.label("unidad"))
            .join(UnidadAdministrativa, UnidadAdministrativa.id == e.unidad_id)
            .where(e.fondo_id == fondo.id, e.acceso == Acceso.RESERVADA,
                   e.reserva_fecha_clasificacion <= end)
            .order_by(UnidadAdministrativa.nombre, e.clave))

    def rows():
        for row in stream(stmt):
            plazo = row["reserva_plazo_anios"] or 0
            prorroga = row["reserva_prorroga_anios"] or 0
            inicio = row["reserva_fecha_clasificacion"]
            fin = add_years(inicio, plazo + prorroga) if inicio else None
            if fin is not None and fin < start:
                continue  # the reserve ended before this semester
            yield {"area": row["reserva_area"] or row["unidad"],
                   "documento": f"{row['clave']} {row['titulo']}",
                   "tipo_reserva": "Parcial" if row["reserva_partes"] else "Completa",
                   "partes_reservadas": row["reserva_partes"] or "",
                   "fecha_inicio": inicio, "fecha_fin": fin,
                   "plazo": f"{plazo} años" if plazo else "",
                   "justificacion": row["reserva_fundamento"] or "",
                   "fundamento": row["reserva_fundamento"] or "",
                   "prorroga": f"{prorroga} años" if prorroga else "No"}

    etiqueta = f"{'Enero-junio' if semestre.endswith('-1') else 'Julio-diciembre'} " \
               f"{semestre[:4]}"
    header = {"semestre": etiqueta, "fecha_elaboracion": base.today(),
              **signer("elaboro", base.coordinador()),
              **signer("vobo", cargo="Titular de la Unidad de Transparencia")}
    stamp = get_session().execute(select(func.count(), func.max(e.updated_at)).where(
        e.fondo_id == fondo.id, e.acceso == Acceso.RESERVADA)).one()
    return Source("indice_reservados", f"fondo:{fondo.id}:semestre:{semestre}",
                  f"Semestre {etiqueta}", base.version_stamp(*stamp), fondo, header, rows)


def _current_semester() -> str:
    today = base.today()
    return f"{today.year}-{1 if today.month <= 6 else 2}"


def calendario_caducidades(fondo: Fondo, q: dict, actor) -> Source:
    """What falls due in a period, with what blocks it (rules from archivo.calendar)."""
    from archivo.calendar.service import calendario

    today = base.today()
    desde = q["desde"] or today.replace(month=1, day=1)
    hasta = q["hasta"] or desde.replace(month=12, day=31)
    unidad = find_unidad(fondo, q["unidad"])
    params = {"fondo_id": fondo.id, "desde": desde.isoformat(), "hasta": hasta.isoformat()}
    if unidad is not None:
        params["unidad_id"] = unidad.id
    data = calendario(actor, params)
    titles = _titles(actor, [r["expediente_id"] for r in data["filas"]])

    def rows():
        for r in data["filas"]:
            primaria = r["tipo"] == "transferencia_primaria"
            yield {"codigo": r["clave"], "nombre": titles.get(r["expediente_id"], ""),
                   "fecha_cierre": r["fecha_cierre"],
                   "fecha_transferencia_primaria": r["fecha"] if primaria else None,
                   "fecha_destino_final": None if primaria else r["fecha"],
                   "destino": spanish(r["destino"]) if r["destino"] else "",
                   "fin_reserva": r["fin_reserva"],
                   "congelamientos": "; ".join(r["bloqueos"])}

    periodo = f"{_date(desde)} a {_date(hasta)}"
    header = {"periodo": periodo,
              "unidad": unidad.nombre if unidad else "Todas las unidades administrativas"}
    subject = f"fondo:{fondo.id}:{desde.isoformat()}:{hasta.isoformat()}:" \
              f"{unidad.clave if unidad else '*'}"
    return Source("calendario_caducidades", subject, f"Periodo {periodo}",
                  base.version_stamp(len(data["filas"]), today), fondo, header, rows)


def _titles(actor, ids: list[int]) -> dict[int, str]:
    """Titles of expedientes by id as the actor may read them, read in chunks (the calendar
    rows carry only keys); a confidential one is masked without `read.confidential`."""
    from archivo.holds.blocking import chunks

    hidden = hidden_accesos(actor)
    out: dict[int, str] = {}
    for chunk in chunks(ids):
        rows = get_session().execute(select(Expediente.id, Expediente.titulo, Expediente.acceso)
                                     .where(Expediente.id.in_(chunk)))
        out.update((ident, CONFIDENTIAL_TITLE if acceso in hidden else titulo)
                   for ident, titulo, acceso in rows)
    return out
