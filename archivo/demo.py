"""`demo load`: a realistic demo fondo built with the services, expedientes in bulk."""

import datetime as dt
import random
import time

from sqlalchemy import insert, text

from archivo.audit import service as audit
from archivo.auth.roles import Rol
from archivo.auth.service import create_user
from archivo.catalog import cadido
from archivo.catalog import service as catalog
from archivo.catalog.enums import Acceso, Destino
from archivo.demo_data import (
    ASUNTOS,
    DESCRIPCIONES,
    LUGARES,
    SECCIONES,
    SERIES,
    SUBSERIES,
    UNIDADES,
)
from archivo.records.enums import Etapa, Soporte
from archivo.records.models import Expediente, ExpedienteCounter
from archivo.records.rules import add_years, due_dates, format_key
from archivo.search.models import SearchOutbox
from archivo.uow import UnitOfWork

DEMO_PASSWORD = "archivo-demo-2026"  # noqa: S105 - documented demo credential
_DESTINO = {"B": Destino.BAJA, "C": Destino.CONSERVACION, "M": Destino.MUESTREO}
_ACCESO = {"P": Acceso.PUBLICA, "R": Acceso.RESERVADA, "C": Acceso.CONFIDENCIAL}


def _rule(serie_id: int, valores: str, at: int, ac: int, destino: str, acceso: str) -> dict:
    primarios = {"A": "administrativo", "L": "legal", "F": "fiscal_contable"}
    return {
        "serie_id": serie_id,
        "valores_primarios": [primarios[v] for v in valores],
        "valores_secundarios": ["evidencial", "informativo"] if destino in "CM" else [],
        "plazo_tramite": at, "plazo_concentracion": ac, "destino": _DESTINO[destino].value,
        "criterio_muestreo": ("Muestra aleatoria del 10 % por año, más los expedientes de "
                              "relevancia institucional") if destino == "M" else None,
        "acceso": _ACCESO[acceso].value,
        "fundamento_legal": "Arts. 4, 11 y 13 de la Ley General de Archivos",
    }


def _catalogue(admin, fondo) -> tuple[dict, dict]:
    """Units, archives, CGCA and an approved CADIDO; returns (unidades, series by code)."""
    unidades = {c: catalog.create_unidad(admin, fondo.id, {"clave": c, "nombre": n})
                for c, n in UNIDADES}
    for clave, unidad in unidades.items():
        catalog.create_archivo(admin, fondo.id, {
            "tipo": "tramite", "unidad_id": unidad.id, "nombre": f"Archivo de trámite {clave}",
            "responsable_nombre": f"Responsable de archivo de trámite ({clave})"})
    for tipo, nombre in (("concentracion", "Archivo de concentración"),
                         ("historico", "Archivo histórico")):
        catalog.create_archivo(admin, fondo.id, {
            "tipo": tipo, "nombre": nombre, "direccion": "Av. México 145 Nte., Tepic, Nayarit",
            "telefono": "311 210 3200", "email": "archivo@ieen.example.mx",
            "responsable_nombre": "Mtra. Laura Ibarra Díaz",
            "responsable_cargo": f"Jefa del {nombre}"})
    for codigo, nombre in SECCIONES:
        catalog.create_seccion(admin, fondo.id, {"codigo": codigo, "nombre": nombre})
    series = {}
    for codigo, nombre, *_rest in SERIES + SUBSERIES:
        unidad = _rest[5]
        series[codigo] = catalog.create_serie(admin, fondo.id, {
            "codigo": codigo, "nombre": nombre,
            "unidades_productoras": dict(UNIDADES)[unidad]})
    version = cadido.create_version(admin, fondo.id, {"descripcion": "Catálogo 2024"})
    parents = {c.rsplit(".", 1)[0] for c, *_ in SUBSERIES}
    for codigo, _n, valores, at, ac, destino, acceso, _u, _t in SERIES + SUBSERIES:
        if codigo not in parents:
            cadido.set_regla(admin, version.id,
                             _rule(series[codigo].id, valores, at, ac, destino, acceso))
    cadido.approve_version(admin, version.id, {"fecha_aprobacion": "2024-02-15",
                                               "acta_gi": "GI/SO/01/2024"})
    return unidades, series


def _users(admin, unidades) -> list[str]:
    made = []
    people = [("coordinacion", "Ana Sofía Ramírez Luna", Rol.COORDINADOR, None),
              ("concentracion", "Jorge Alberto Peña Ruiz", Rol.RESPONSABLE_CONCENTRACION, None),
              # Separation of duties: whoever proposes a baja does not execute it.
              ("concentracion2", "Laura Itzel Cruz Beltrán", Rol.RESPONSABLE_CONCENTRACION, None),
              ("historico", "María Fernanda Ochoa Gil", Rol.RESPONSABLE_HISTORICO, None),
              ("grupo.gi", "Lic. Ricardo Medina Soto", Rol.INTEGRANTE_GI, None),
              ("grupo.gi2", "Mtra. Patricia Ibarra Lugo", Rol.INTEGRANTE_GI, None),
              ("auditoria", "C.P. Elena Vargas Núñez", Rol.AUDITOR, None)]
    people += [(f"tramite.{c.lower()}", f"Responsable de trámite {c}", Rol.RESPONSABLE_TRAMITE,
                u.id) for c, u in unidades.items()]
    for username, nombre, rol, unidad_id in people:
        create_user(admin, {"username": username, "nombre": nombre, "rol": rol.value,
                            "password": DEMO_PASSWORD, "unidad_id": unidad_id})
        made.append(username)
    return made


def _expediente_rows(fondo, unidades, series, n: int, rng: random.Random
                     ) -> tuple[list[dict], dict]:
    """Expedientes 2005-2026 in every stage, with due dates derived from their rules."""
    today = dt.date.today()
    parents = {c.rsplit(".", 1)[0] for c, *_ in SUBSERIES}
    catalogue = [row for row in SERIES + SUBSERIES if row[0] not in parents]
    rules = {r.serie_id: r for r in cadido.reglas(cadido.vigente_version(fondo.id).id)}
    counters: dict[tuple[int, int], int] = {}
    rows = []
    for _ in range(n):
        codigo, _n, _v, _at, _ac, _d, acceso_code, unidad_code, titulos = rng.choice(catalogue)
        serie = series[codigo]
        regla = rules[serie.id]
        anio = rng.choices(range(2005, today.year + 1),
                           weights=[1 + (y - 2005) // 3 for y in range(2005, today.year + 1)])[0]
        apertura = dt.date(anio, rng.randint(1, 12), rng.randint(1, 28))
        apertura = min(apertura, today)
        counters[(serie.id, anio)] = consecutivo = counters.get((serie.id, anio), 0) + 1
        lugar = rng.choice(LUGARES)
        titulo = f"{rng.choice(titulos)} {rng.choice(ASUNTOS)}".format(
            n=rng.randint(1, 20), anio=anio, lugar=lugar)
        row = {
            "fondo_id": fondo.id, "serie_id": serie.id, "unidad_id": unidades[unidad_code].id,
            "clave": format_key(fondo.key_format, fondo=fondo.clave, seccion=serie.seccion.codigo,
                                serie=serie.codigo, consecutivo=consecutivo, anio=anio),
            "consecutivo": consecutivo, "anio": anio, "titulo": titulo[:500],
            "descripcion": rng.choice(DESCRIPCIONES) + f" Sede: {lugar}.",
            "palabras_clave": f"{lugar.lower()}, {serie.nombre.lower()}",
            "fecha_apertura": apertura, "soporte": rng.choice(
                [Soporte.PAPEL] * 6 + [Soporte.HIBRIDO, Soporte.ELECTRONICO]),
            "legajos": rng.randint(1, 3), "etapa": Etapa.TRAMITE, "acceso": Acceso.PUBLICA,
            "ubicacion_edificio": "Edificio central",
            "ubicacion_estante": f"E-{rng.randint(1, 40):02d}",
            "ubicacion_caja": f"C-{anio}-{rng.randint(1, 300):03d}",
            "datos_personales_sensibles": acceso_code == "C" and rng.random() < 0.5,
            "violaciones_ddhh": False,
        }
        _classify(row, acceso_code, apertura, rng)
        cierre = apertura + dt.timedelta(days=rng.randint(20, 700))
        if cierre < today and (anio < today.year - 1 or rng.random() < 0.5):
            primaria, final = due_dates(cierre, regla.plazo_tramite, regla.plazo_concentracion)
            row.update(fecha_cierre=cierre, fojas=rng.randint(5, 480), regla_id=regla.id,
                       vence_transferencia_primaria=primaria, vence_destino_final=final,
                       closed_at=dt.datetime.combine(cierre, dt.time(12), dt.UTC))
            if primaria <= today and rng.random() < 0.8:
                row["etapa"] = Etapa.CONCENTRACION
                row["ubicacion_edificio"] = "Archivo de concentración"
                if (final <= today and regla.destino == Destino.CONSERVACION
                        and row["acceso"] == Acceso.PUBLICA and rng.random() < 0.7):
                    row["etapa"] = Etapa.HISTORICO
                    row["ubicacion_edificio"] = "Archivo histórico"
        rows.append(row)
    return rows, counters


def _classify(row: dict, code: str, apertura: dt.date, rng: random.Random) -> None:
    """Most files are public; the serie's default and a few others are reserved or private."""
    roll = rng.random()
    if code == "R" and roll < 0.6 or roll < 0.03:
        clasif = max(apertura, dt.date.today() - dt.timedelta(days=rng.randint(30, 1500)))
        row.update(acceso=Acceso.RESERVADA, reserva_fecha_clasificacion=clasif,
                   reserva_plazo_anios=rng.choice([2, 3, 5]),
                   reserva_fundamento="Art. 113, fracción VI, de la LGTAIP (auditoría en curso)",
                   reserva_area="Órgano Interno de Control",
                   reserva_partes=rng.choice([None, "Anexos 3 a 5"]))
        if add_years(clasif, row["reserva_plazo_anios"]) < dt.date.today():
            row.update(acceso=Acceso.PUBLICA, reserva_fecha_clasificacion=None,
                       reserva_plazo_anios=None, reserva_fundamento=None, reserva_area=None,
                       reserva_partes=None)
    elif code == "C" or roll < 0.05:
        row.update(acceso=Acceso.CONFIDENCIAL,
                   confidencial_fundamento="Art. 116 de la LGTAIP (datos personales)")


def load_demo(n_expedientes: int = 3000, seed: int = 2018, echo=print) -> str:
    """Create the demo fondo (only into an empty database) and return a summary line."""
    if catalog.default_fondo() is not None:
        return "Ya existe un fondo: no se cargó la demostración."
    started = time.perf_counter()
    rng = random.Random(seed)
    admin = create_user(None, {"username": "admin", "nombre": "Administración del sistema",
                               "rol": Rol.ADMINISTRADOR.value, "password": DEMO_PASSWORD},
                        bootstrap=True)
    fondo = catalog.create_fondo(admin, {
        "clave": "IEEN", "nombre": "Instituto Estatal Electoral de Nayarit (demostración)",
        "direccion": "Av. México 145 Nte., Col. Centro, Tepic, Nayarit",
        "telefono": "311 210 3200", "email": "archivo@ieen.example.mx",
        "autoridad_archivistica": "Archivo General del Estado de Nayarit"})
    echo("Catálogo: secciones, series, CADIDO…")
    unidades, series = _catalogue(admin, fondo)
    users = _users(admin, unidades)
    echo(f"Expedientes: {n_expedientes}…")
    rows, counters = _expediente_rows(fondo, unidades, series, n_expedientes, rng)
    with UnitOfWork() as uow:
        for start in range(0, len(rows), 2000):
            uow.session.execute(insert(Expediente), rows[start:start + 2000])
        if counters:
            uow.session.execute(insert(ExpedienteCounter), [
                {"serie_id": s, "anio": a, "ultimo": n} for (s, a), n in counters.items()])
        ids = uow.session.scalars(
            Expediente.__table__.select().with_only_columns(Expediente.id)
            .where(Expediente.fondo_id == fondo.id)).all()
        if ids:
            uow.session.execute(insert(SearchOutbox), [{"expediente_id": i} for i in ids])
        audit.record(uow, admin, "demo.cargar", "fondo", fondo.id,
                     after={"expedientes": len(rows), "series": len(series),
                            "usuarios": ["admin", *users]})
        uow.commit()
    with UnitOfWork() as uow:  # planner statistics for the bulk-loaded tables
        uow.session.execute(text("ANALYZE"))
        uow.commit()
    elapsed = time.perf_counter() - started
    by_stage: dict[str, int] = {}
    for row in rows:
        by_stage[row["etapa"].value] = by_stage.get(row["etapa"].value, 0) + 1
    return (f"Demostración cargada en {elapsed:.1f} s: {len(rows)} expedientes {by_stage}; "
            f"usuarios admin, {', '.join(users)} (contraseña: {DEMO_PASSWORD}).")
