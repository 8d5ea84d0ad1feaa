"""Seeded synthetic corpus of Spanish expedientes for the search benchmarks.

Titles and descriptions are composed from the lists in `search_corpus_words` the way
inventories of a Mexican electoral institute read ("Contrato de servicio de
limpieza del ejercicio 2014", "Expediente de personal de María López Ruiz").
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from archivo.search.analysis import fold
from archivo.search.backend import SearchDocument
from archivo.search.stopwords import STOPWORDS
from bench.search_corpus_words import (
    ACCESS,
    APELLIDOS,
    CALIFICATIVOS,
    CONECTORES,
    FONDO,
    FRASES,
    MESES,
    NOMBRES,
    OBJETOS,
    PLACES,
    SERIES,
    STAGES,
    TIPOS,
    UNIDADES,
)

# Gentle Zipf exponent: the first of 150 subjects is drawn ~4 % of the time.
ZIPF_S = 0.5
# Series whose files are about one person (titles carry names: rare words).
PERSON_SERIES = {"2C.3", "4C.3", "4C.3.1"}


def _cum(weights) -> list[float]:
    # Cumulative weights: random.choices would otherwise re-sum them on every call.
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _zipf(n: int) -> list[float]:
    return _cum(1.0 / rank**ZIPF_S for rank in range(1, n + 1))


class Corpus:
    """Deterministic generator: same seed, same documents."""

    def __init__(self, seed: int = 7):
        """Shuffle the lists with the seed so frequency ranks are fixed."""
        self.seed = seed
        rnd = random.Random(seed)
        self.tipos, self.objetos, self.series = TIPOS[:], OBJETOS[:], SERIES[:]
        for items in (self.tipos, self.objetos, self.series):
            rnd.shuffle(items)
        self.tipo_w = _zipf(len(self.tipos))
        self.objeto_w = _zipf(len(self.objetos))
        self.serie_w = _zipf(len(self.series))
        self.stage_w = _cum(w for _, w in STAGES)
        self.access_w = _cum(w for _, w in ACCESS)

    def _objeto(self, rnd: random.Random) -> str:
        return rnd.choices(self.objetos, cum_weights=self.objeto_w)[0]

    def _titulo(self, rnd, serie_code, year, unidad) -> str:
        if serie_code in PERSON_SERIES and rnd.random() < 0.7:
            person = f"{rnd.choice(NOMBRES)} {rnd.choice(APELLIDOS)} {rnd.choice(APELLIDOS)}"
            kind = "Juicio laboral promovido por" if serie_code == "2C.3" else "Expediente de"
            return f"{kind} {person}"
        tipo = rnd.choices(self.tipos, cum_weights=self.tipo_w)[0]
        title = f"{tipo} {rnd.choice(CONECTORES)} {self._objeto(rnd)}"
        roll = rnd.random()
        if roll < 0.35:
            title += f" {rnd.choice(CALIFICATIVOS)} {year}"
        elif roll < 0.55:
            title += f" en {rnd.choice(PLACES)}"
        elif roll < 0.7:
            title += f" de {unidad}"
        return title

    def _descripcion(self, rnd, year, unidad) -> str:
        sentences = []
        for _ in range(rnd.randint(1, 3)):
            template = rnd.choice(FRASES)
            sentences.append(
                template.format(
                    tipo=rnd.choices(self.tipos, cum_weights=self.tipo_w)[0].lower(),
                    obj=self._objeto(rnd),
                    obj2=self._objeto(rnd),
                    area=unidad,
                    lugar=rnd.choice(PLACES),
                    mes=rnd.choice(MESES),
                    anio=year,
                )
            )
        return (". ".join(sentences) + ".").replace(" de el ", " del ")

    def document(self, i: int) -> SearchDocument:
        """The i-th document on its own (ids start at 1)."""
        rnd = random.Random(self.seed * 1_000_003 + i)
        sec_code, sec_name, serie_code, serie_name = rnd.choices(
            self.series, cum_weights=self.serie_w
        )[0]
        unidad_clave, unidad_nombre = rnd.choice(UNIDADES)
        # "la Dirección", "el Órgano": the article the templates need.
        area = ("el " if unidad_nombre.startswith("Órgano") else "la ") + unidad_nombre
        year = rnd.randint(2005, 2026)
        apertura = date(year, 1, 1) + timedelta(days=rnd.randrange(365))
        cierre = apertura + timedelta(days=rnd.randrange(30, 700)) if rnd.random() < 0.8 else None
        etapa = rnd.choices([s for s, _ in STAGES], cum_weights=self.stage_w)[0]
        acceso = rnd.choices([a for a, _ in ACCESS], cum_weights=self.access_w)[0]
        if etapa == "baja":
            acceso = "publica"  # the disposal guard never lets protected files go
        doc = SearchDocument(
            id=i,
            clave=f"{FONDO}/{sec_code}/{serie_code}/{i % 997 + 1:03d}/{year}",
            titulo=self._titulo(rnd, serie_code, year, area),
            descripcion=self._descripcion(rnd, year, area),
            palabras_clave=[self._objeto(rnd) for _ in range(rnd.randint(0, 2))],
            serie_codigo=serie_code,
            serie_nombre=serie_name,
            seccion_codigo=sec_code,
            seccion_nombre=sec_name,
            unidad_clave=unidad_clave,
            unidad_nombre=unidad_nombre,
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
        """Content words of kinds and subjects, most frequent first (query picking)."""
        words: dict[str, None] = {}
        for phrase in self.objetos[: len(self.tipos)] + self.tipos + self.objetos:
            for word in phrase.lower().split():
                if len(word) > 3 and fold(word) not in STOPWORDS:
                    words.setdefault(word)
        return list(words)
