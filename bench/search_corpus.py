"""Seeded synthetic corpus of Spanish expedientes for the search benchmarks."""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from archivo.search.backend import SearchDocument

FONDO = "IEEN"
SERIES = [
    ("1C", "Legislación", "1C.4", "Iniciativas y dictámenes de reglamentos"),
    ("2C", "Asuntos jurídicos", "2C.3", "Juicios laborales"),
    ("2C", "Asuntos jurídicos", "2C.5", "Contratos y convenios"),
    ("3C", "Programación, organización y presupuestación", "3C.4", "Presupuesto anual"),
    ("4C", "Recursos humanos", "4C.3", "Expedientes de personal"),
    ("4C", "Recursos humanos", "4C.3.1", "Nómina de personal"),
    ("4C", "Recursos humanos", "4C.12", "Capacitación del personal"),
    ("5C", "Recursos financieros", "5C.2", "Estados financieros"),
    ("5C", "Recursos financieros", "5C.7", "Pólizas de egresos"),
    ("6C", "Recursos materiales y obra pública", "6C.5", "Adquisiciones"),
    ("6C", "Recursos materiales y obra pública", "6C.12", "Licitaciones públicas"),
    ("6C", "Recursos materiales y obra pública", "6C.21", "Obra pública"),
    ("7C", "Servicios generales", "7C.3", "Mantenimiento de inmuebles"),
    ("8C", "Tecnologías de la información", "8C.6", "Desarrollo de sistemas"),
    ("9C", "Comunicación social", "9C.2", "Boletines de prensa"),
    ("10C", "Control y auditoría", "10C.4", "Auditorías internas"),
    ("11C", "Planeación y evaluación", "11C.2", "Programa operativo anual"),
    ("12C", "Transparencia", "12C.6", "Solicitudes de acceso a la información"),
    ("1S", "Organización electoral", "1S.2", "Casillas y funcionarios de mesa"),
    ("2S", "Capacitación electoral", "2S.1", "Materiales didácticos"),
]
UNIDADES = [
    ("DA", "Dirección de Administración"),
    ("DJ", "Dirección Jurídica"),
    ("UT", "Unidad de Transparencia"),
    ("OIC", "Órgano Interno de Control"),
    ("DOE", "Dirección de Organización Electoral"),
    ("DCE", "Dirección de Capacitación Electoral"),
    ("CS", "Coordinación de Comunicación Social"),
    ("UTI", "Unidad de Tecnologías de la Información"),
]
NOUNS = [
    "licitación",
    "contrato",
    "convenio",
    "adquisición",
    "nómina",
    "auditoría",
    "presupuesto",
    "póliza",
    "factura",
    "oficio",
    "acta",
    "dictamen",
    "informe",
    "solicitud",
    "recurso",
    "juicio",
    "demanda",
    "requisición",
    "proveedor",
    "inmueble",
    "vehículo",
    "mantenimiento",
    "capacitación",
    "curso",
    "personal",
    "plaza",
    "honorarios",
    "viáticos",
    "combustible",
    "papelería",
    "mobiliario",
    "equipo",
    "cómputo",
    "software",
    "licencia",
    "servidor",
    "red",
    "boletín",
    "prensa",
    "campaña",
    "difusión",
    "casilla",
    "funcionario",
    "boleta",
    "paquete",
    "electoral",
    "consejo",
    "sesión",
    "acuerdo",
    "lineamiento",
    "reglamento",
    "manual",
    "procedimiento",
    "programa",
    "indicador",
    "meta",
    "evaluación",
    "observación",
    "recomendación",
    "sanción",
    "queja",
    "denuncia",
    "transparencia",
    "versión",
    "obra",
    "pública",
    "estimación",
    "finiquito",
    "fianza",
    "garantía",
    "arrendamiento",
    "seguro",
    "siniestro",
    "inventario",
    "almacén",
    "baja",
    "donación",
    "comodato",
    "padrón",
    "registro",
    "expediente",
    "archivo",
    "transferencia",
    "préstamo",
    "digitalización",
    "respaldo",
    "incidencia",
    "ticket",
    "usuario",
]
ADJECTIVES = [
    "anual",
    "mensual",
    "trimestral",
    "público",
    "nacional",
    "estatal",
    "municipal",
    "ordinario",
    "extraordinario",
    "electoral",
    "administrativo",
    "laboral",
    "fiscal",
    "contable",
    "interno",
    "externo",
    "técnico",
    "jurídico",
    "definitivo",
    "preliminar",
    "urgente",
    "general",
    "especial",
    "federal",
    "local",
]
CONNECT = ["de", "del", "para", "con", "sobre", "relativo a", "en materia de", "y"]
PLACES = [
    "Tepic", "Bahía de Banderas", "Compostela", "Santiago Ixcuintla", "Acaponeta",
    "Tuxpan", "Xalisco", "Ixtlán del Río", "San Blas", "Rosamorada", "Ruiz", "Tecuala",
]  # fmt: skip
STAGES = [("tramite", 55), ("concentracion", 30), ("historico", 10), ("baja", 5)]
ACCESS = [("publica", 80), ("reservada", 12), ("confidencial", 8)]


def _zipf_cum_weights(n: int, s: float = 1.05) -> list[float]:
    # Cumulative weights: random.choices would otherwise re-sum them on every call.
    out, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1.0 / (rank**s)
        out.append(total)
    return out


def _cum(weights: list[int]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


class Corpus:
    """Deterministic generator: same seed, same documents."""

    def __init__(self, seed: int = 7):
        """Shuffle the vocabulary with the seed so frequency ranks are fixed."""
        self.seed = seed
        rnd = random.Random(seed)
        self.nouns = NOUNS[:]
        rnd.shuffle(self.nouns)
        self.noun_w = _zipf_cum_weights(len(self.nouns))
        self.adj_w = _zipf_cum_weights(len(ADJECTIVES))
        self.stage_w = _cum([w for _, w in STAGES])
        self.access_w = _cum([w for _, w in ACCESS])

    def _phrase(self, rnd: random.Random, words: int) -> str:
        out = []
        while len(out) < words:
            out.extend(rnd.choices(self.nouns, cum_weights=self.noun_w, k=1))
            if rnd.random() < 0.5:
                out.extend(rnd.choices(ADJECTIVES, cum_weights=self.adj_w, k=1))
            if rnd.random() < 0.6:
                out.append(rnd.choice(CONNECT))
        out = out[:words]
        while out and out[-1] in CONNECT:
            out.pop()
        return " ".join(out)

    def document(self, i: int) -> SearchDocument:
        """The i-th document on its own (ids start at 1)."""
        return self._make(random.Random(self.seed * 1_000_003 + i), i)

    def _make(self, rnd: random.Random, i: int) -> SearchDocument:
        sec_code, sec_name, serie_code, serie_name = SERIES[
            min(int(rnd.paretovariate(1.2)) - 1, len(SERIES) - 1)
            if rnd.random() < 0.5
            else rnd.randrange(len(SERIES))
        ]
        unidad = rnd.choice(UNIDADES)
        year = rnd.randint(2005, 2026)
        apertura = date(year, 1, 1) + timedelta(days=rnd.randrange(365))
        cierre = apertura + timedelta(days=rnd.randrange(30, 700)) if rnd.random() < 0.8 else None
        etapa = rnd.choices([s for s, _ in STAGES], cum_weights=self.stage_w)[0]
        acceso = rnd.choices([a for a, _ in ACCESS], cum_weights=self.access_w)[0]
        if etapa == "baja":
            acceso = "publica"  # the disposal guard never lets protected files go
        titulo = self._phrase(rnd, rnd.randint(4, 9)).capitalize()
        if rnd.random() < 0.3:
            titulo += f" en {rnd.choice(PLACES)}"
        descripcion = ". ".join(
            self._phrase(rnd, rnd.randint(8, 20)).capitalize() for _ in range(rnd.randint(1, 3))
        )
        consecutivo = i % 997 + 1
        doc = SearchDocument(
            id=i,
            clave=f"{FONDO}/{sec_code}/{serie_code}/{consecutivo:03d}/{year}",
            titulo=titulo,
            descripcion=descripcion,
            palabras_clave=rnd.sample(self.nouns[:40], k=rnd.randint(0, 3)),
            serie_codigo=serie_code,
            serie_nombre=serie_name,
            seccion_codigo=sec_code,
            seccion_nombre=sec_name,
            unidad_clave=unidad[0],
            unidad_nombre=unidad[1],
            fecha_apertura=apertura,
            fecha_cierre=cierre,
            etapa=etapa,
            acceso=acceso,
            holds=["auditoria"] if rnd.random() < 0.02 else [],
        )
        if acceso == "reservada":
            doc.reserva_inicio = apertura
            doc.reserva_fin = apertura + timedelta(days=5 * 365)
            doc.fundamento = "Artículo 113, fracción VIII de la LGTAIP"
        elif acceso == "confidencial":
            doc.fundamento = "Artículo 116 de la LGTAIP"
        if etapa == "baja":
            doc.acta_baja = f"AB-{rnd.randint(1, 300):04d}-{year % 100:02d}"
            doc.dictamen_baja = f"DV/{rnd.randint(1, 99):03d}/{year + 8}"
        return doc

    def documents(self, n: int, start: int = 1) -> Iterator[SearchDocument]:
        """Documents start..start+n-1, generated lazily (flat memory)."""
        for i in range(start, start + n):
            yield self.document(i)

    def vocabulary(self) -> list[str]:
        """Nouns from most to least frequent (for picking benchmark queries)."""
        return list(self.nouns)
