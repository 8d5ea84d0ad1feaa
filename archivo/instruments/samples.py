"""Synthetic but realistic Spanish data for every instrument: tests, benchmarks, previews."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime

from archivo import demo_data

FONDO = {"nombre": "Instituto Estatal Electoral de Nayarit", "logo_path": None}
GENERATED_AT = datetime(2024, 5, 3, 10, 30)
VERIFY_URL = "https://archivo.ieen.mx/verificar"

# The demo fondo's catalogue (archivo/demo_data.py) is the one source of realistic names,
# so previews, tests and benchmarks print what the demo database holds.
SECCIONES = list(demo_data.SECCIONES)
SERIES = [nombre for _codigo, nombre, *_rest in demo_data.SERIES]
ASUNTOS = [titulo for *_rest, titulos in demo_data.SERIES for titulo in titulos]
UNIDADES = [nombre for _clave, nombre in demo_data.UNIDADES]
VALORES = ["administrativo", "legal", "fiscal_contable"]


def expedientes(n: int, seed: int = 7) -> Iterator[dict]:
    """Rows of an inventory: one dict per expediente, generated lazily."""
    rnd = random.Random(seed)
    for i in range(n):
        seccion = SECCIONES[rnd.randrange(6)][0]
        serie = f"{seccion}.{rnd.randint(1, 20)}"
        year = rnd.randint(2005, 2020)
        apertura = date(year, rnd.randint(1, 6), rnd.randint(1, 28))
        cierre = date(year + rnd.randint(0, 2), rnd.randint(7, 12), rnd.randint(1, 28))
        yield {
            "consecutivo": i + 1,
            "caja": i // 12 + 1,
            "codigo": f"IEEN/{seccion}/{serie}/{i % 999 + 1:03d}/{year}",
            "nombre": rnd.choice(SERIES),
            "descripcion": rnd.choice(ASUNTOS) + f", folio {rnd.randint(100, 9999)}",
            "fecha_apertura": apertura,
            "fecha_cierre": cierre,
            "plazo_tramite": rnd.choice([1, 2, 3]),
            "plazo_concentracion": rnd.choice([3, 5, 7, 10]),
            "valores_primarios": set(rnd.sample(VALORES, rnd.randint(1, 2))),
            "valores_secundarios": {rnd.choice(["evidencial", "testimonial", "informativo"])},
            "acceso": rnd.choices(["publica", "reservada", "confidencial"], [8, 1, 1])[0],
            "fojas": rnd.randint(5, 350),
            "ubicacion": f"Edificio {rnd.choice('AB')}, estante {rnd.randint(1, 40)}, "
            f"caja {i // 12 + 1}",
            "observaciones": rnd.choice(["", "", "", "Incluye planos", "Copia certificada"]),
        }


def cadido_rows(n_series: int, seed: int = 3) -> Iterator[dict]:
    """CADIDO rows: each sección (highlighted) followed by its series."""
    rnd = random.Random(seed)
    per = max(n_series // len(SECCIONES), 1)
    count = 0
    for codigo, nombre in SECCIONES:
        yield {"codigo": codigo, "nombre": nombre, "_destacar": True}
        for j in range(per):
            if count >= n_series:
                return
            count += 1
            at, ac = rnd.choice([1, 2, 3]), rnd.choice([3, 5, 7, 10])
            yield {
                "codigo": f"{codigo}.{j + 1}",
                "nombre": rnd.choice(SERIES) + (" y anexos" if j % 3 else ""),
                "valores_primarios": set(rnd.sample(VALORES, rnd.randint(1, 3))),
                "plazo_tramite": at,
                "plazo_concentracion": ac,
                "vigencia": at + ac,
                "destino": rnd.choice(["baja", "conservacion", "muestreo"]),
                "acceso": rnd.choices(["publica", "reservada", "confidencial"], [8, 1, 1])[0],
                "fundamento": "Código Fiscal de la Federación, art. 30; Ley General de Archivos",
                "observaciones": rnd.choice(["", "Muestreo del 10 % por año", ""]),
            }


def series_baja(n: int = 6) -> list[dict]:
    """Per-serie rows of a dictamen or acta de baja."""
    rows = []
    for i in range(n):
        codigo, _ = SECCIONES[i % len(SECCIONES)]
        rows.append(
            {
                "codigo": f"{codigo}.{i + 3}",
                "nombre": SERIES[i % len(SERIES)],
                "fecha_inicial": 2005 + i,
                "fecha_final": 2010 + i,
                "expedientes": 120 + 10 * i,
                "cajas": 10 + i,
                "metros_lineales": 2.5 + i / 2,
                "peso_kg": 180.5 + 12 * i,
            }
        )
    return rows


def signers(*prefixes: str) -> dict:
    """Names and cargos for signature keys `<prefix>_nombre` / `<prefix>_cargo`."""
    people = [
        "Lic. Ana Lucía Ramírez Ortega",
        "Mtro. José Luis Medina Flores",
        "C.P. Rosa María Castañeda Ruiz",
        "Ing. Héctor Manuel Solís Peña",
        "Lic. Patricia Elena Duarte Vega",
    ]
    out = {}
    for i, prefix in enumerate(prefixes):
        out[f"{prefix}_nombre"] = people[i % len(people)]
        out[f"{prefix}_cargo"] = f"Titular de {UNIDADES[i % len(UNIDADES)]}"
    return out


def demo(kind: str, n: int = 40) -> tuple[dict, list[dict], dict]:
    """(header, rows, closing) of a realistic instance of each instrument kind."""
    cat = {
        "fondo": FONDO["nombre"],
        "version": "2024.1",
        "fecha_aprobacion": date(2024, 2, 15),
        "acta_gi": "GIA/01/2024",
    }
    inv_closing = {"peso_kg": 385}
    if kind == "cgca":
        rows = []
        for codigo, nombre in SECCIONES:
            rows.append(
                {
                    "nivel": "Sección",
                    "codigo": codigo,
                    "nombre": nombre,
                    "_destacar": True,
                    "descripcion": f"Documentación relativa a {nombre.lower()}.",
                }
            )
            for j, serie in enumerate(SERIES[:3]):
                rows.append(
                    {
                        "nivel": "Serie",
                        "codigo": f"{codigo}.{j + 1}",
                        "nombre": serie,
                        "descripcion": f"{serie} generados en el ejercicio de la función.",
                        "areas_productoras": [UNIDADES[j], UNIDADES[j + 1]],
                    }
                )
        return cat | signers("elaboro", "aprobo"), rows, {}
    if kind == "cadido":
        return cat | signers("elaboro", "aprobo"), list(cadido_rows(n)), {}
    if kind == "ficha_valoracion":
        return (
            {
                "codigo": "4C.12",
                "nombre": "Expedientes de personal",
                "seccion": "4C Recursos humanos",
                "area_productora": "Dirección de Administración",
                "funcion": "Administrar el ingreso, permanencia y separación del personal.",
                "fundamento_legal": "Ley Federal del Trabajo, art. 804; Reglamento Interior.",
                "procedimientos": "Contratación, movimientos de personal, bajas.",
                "series_relacionadas": ["4C.3 Nóminas de pago", "4C.8 Control de asistencia"],
                "descripcion": "Documentos que acreditan la relación laboral del servidor público.",
                "tipologia_documental": "Solicitud de empleo, nombramiento, constancias, actas.",
                "volumen": "1,240 expedientes (62 cajas)",
                "valores_primarios": ["administrativo", "legal"],
                "valores_secundarios": "evidencial",
                "justificacion_valores": "Acreditan derechos laborales y de seguridad social.",
                "plazo_tramite": 3,
                "plazo_concentracion": 7,
                "fundamento_plazos": "Prescripción de acciones laborales y fiscales.",
                "destino": "Muestreo",
                "criterio_muestreo": "10 % aleatorio por año de cierre",
                "acceso": "Confidencial",
                "fundamento_acceso": "LGTAIP art. 116 (datos personales)",
                "ubicacion": "Archivo de concentración, estantes 12 a 15",
                "responsable": UNIDADES[0],
            }
            | signers("elaboro", "valido"),
            [],
            {},
        )
    if kind == "guia_archivo":
        rows = [
            {
                "nivel": "Serie",
                "codigo": f"{c}.{i + 1}",
                "descripcion": s,
                "fecha_inicial": 2008 + i,
                "fecha_final": 2020 + i % 3,
                "expedientes": 100 + 7 * i,
                "cajas": 5 + i,
                "metros_lineales": 1.5 + i / 4,
                "ubicacion": f"Estante {i + 1}",
            }
            for i, ((c, _), s) in enumerate(zip(SECCIONES, SERIES, strict=False))
        ]
        return (
            {
                "archivo": "Archivo de concentración",
                "unidad": "Coordinación de Archivos",
                "domicilio": "Av. Country Club 13, Tepic, Nayarit",
                "telefono": "311 210 3210",
                "correo": "archivo@ieen.mx",
                "responsable": "Mtro. José Luis Medina Flores",
            }
            | signers("elaboro", "valido"),
            rows,
            {},
        )
    if kind.startswith("inventario_"):
        header = {
            "unidad": UNIDADES[0],
            "tipo_archivo": "Archivo de trámite (AT)",
            "area_productora": "Recursos materiales",
            "responsable_tramite": "Lic. Ana Ramírez",
            "responsable_concentracion": "Mtro. José Medina",
            "numero_transferencia": "TP-003/2024",
            "fecha_transferencia": date(2024, 4, 30),
            "numero_baja": "BD-002/2024",
            "fecha": date(2024, 4, 30),
        }
        header |= signers(
            "elaboro", "reviso", "vobo", "autoriza", "entrega", "recibe", "elaboro_at", "elaboro_ac"
        )
        return header, list(expedientes(n)), inv_closing
    if kind in ("dictamen_baja", "acta_baja"):
        header = {
            "folio": "0007-24",
            "numero_dictamen": "DB/045/2024",
            "fecha_dictamen": date(2024, 3, 12),
            "lugar": "Tepic, Nayarit",
            "autoridad": "Archivo General del Estado de Nayarit",
            "numero_baja": "BD-002/2024",
            "fecha": date(2024, 4, 30),
            "hora": "11:00",
            "solicitud": "Oficio CA/120/2024 de la Coordinación de Archivos.",
            "revision_gi": "Sesión ordinaria del 20 de febrero de 2024, acta GIA/02/2024.",
            "fundamento": "Ley de Archivos del Estado de Nayarit; CADIDO 2024.1.",
            "considerandos": "Los expedientes cumplieron sus plazos de conservación y "
            "carecen de valores secundarios.",
            "resolucion": "Se autoriza la baja documental solicitada.",
            "metodo_destruccion": "Trituración mecánica",
            "destino_papel": "Reciclaje",
            "participantes": "Coordinación de Archivos, OIC y dos testigos.",
        }
        header |= signers(
            "dictamina",
            "reviso",
            "vobo",
            "concentracion",
            "coordinacion",
            "oic",
            "testigo1",
            "testigo2",
        )
        return header, series_baja(), {}
    if kind == "caratula":
        return (
            {
                "unidad": UNIDADES[0],
                "clave": "IEEN/6C/6C.12/001/2008",
                "seccion": "6C Recursos materiales y obra pública",
                "serie": "6C.12 Arrendamientos",
                "subserie": "",
                "asunto": "Arrendamiento del inmueble del consejo municipal",
                "descripcion": "Contrato, anexos y garantías.",
                "fecha_apertura": date(2008, 1, 15),
                "fecha_cierre": date(2008, 12, 1),
                "fojas": 148,
                "legajos": 2,
                "soporte": "Papel",
                "valores_primarios": ["administrativo", "legal"],
                "destino": "Baja",
                "plazo_tramite": 2,
                "plazo_concentracion": 5,
                "acceso": "Reservada",
                "leyenda_clasificacion": "Reservado desde 01/03/2008 por 5 años, LGTAIP art. 113 "
                "fr. XI, Dirección Jurídica.",
                "ubicacion": "Edificio A, estante 4, caja 12",
            },
            [],
            {},
        )
    if kind == "calendario_caducidades":
        rows = [
            {
                "codigo": r["codigo"],
                "nombre": r["descripcion"],
                "fecha_cierre": r["fecha_cierre"],
                "fecha_transferencia_primaria": date(r["fecha_cierre"].year + 2, 1, 31),
                "fecha_destino_final": date(r["fecha_cierre"].year + 7, 1, 31),
                "destino": "Baja",
                "fin_reserva": None,
                "congelamientos": "",
            }
            for r in expedientes(n)
        ]
        return {"periodo": "Enero a diciembre de 2025", "unidad": UNIDADES[0]}, rows, {}
    if kind == "indice_reservados":
        rows = [
            {
                "area": UNIDADES[i % 5],
                "documento": ASUNTOS[i % len(ASUNTOS)],
                "tipo_reserva": "Parcial" if i % 2 else "Completa",
                "partes_reservadas": "Datos de la investigación" if i % 2 else "",
                "fecha_inicio": date(2023, 1 + i % 12, 10),
                "fecha_fin": date(2028, 1 + i % 12, 9),
                "plazo": 5,
                "justificacion": "Su difusión obstruiría un procedimiento en trámite.",
                "fundamento": "LGTAIP art. 113, fr. XI",
                "prorroga": "No",
            }
            for i in range(n)
        ]
        return (
            {"semestre": "Primer semestre de 2024", "fecha_elaboracion": date(2024, 7, 10)}
            | signers("elaboro", "vobo"),
            rows,
            {},
        )
    raise KeyError(kind)
