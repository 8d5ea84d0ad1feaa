"""The open-data dictionary: every public download, its columns, their meaning and type.

Column names are never typed here twice: they come from the constants the writers use
(`CGCA_COLUMNS`/`CADIDO_COLUMNS` below, shared with `public_views`; the public search's
`COLUMNS`; each instrument layout; AtoM's header), so the documentation cannot drift
from the files. Meanings are looked up by column name; tests check none is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archivo.catalog.enums import Acceso, Destino, ValorPrimario, ValorSecundario
from archivo.i18n import _
from archivo.instruments.layout import load_layout
from archivo.instruments.values import column_label
from archivo.interop import atom_columns
from archivo.labels import label
from archivo.records.enums import Etapa
from archivo.search import public as public_search

# The headers of /consulta/cgca.csv and /consulta/cadido.csv (and the keys of their JSON).
CGCA_COLUMNS = ("nivel", "codigo", "nombre", "descripcion", "unidades_productoras")
CADIDO_COLUMNS = ("serie_codigo", "serie_nombre", "valores_primarios", "valores_secundarios",
                  "plazo_tramite", "plazo_concentracion", "plazo_total", "destino",
                  "criterio_muestreo", "acceso", "fundamento_legal", "observaciones")
# Keys of each item of /api/v1/public/instruments (instruments.publication + api).
PUBLISHED_KEYS = ("instrumento", "titulo_instrumento", "asunto", "params", "fecha", "descargas")
# Top-level keys of the JSON downloads; the rows are under the last key.
SEARCH_JSON_KEYS = ("total", "incluidos", "generado", "expedientes")
CGCA_JSON_KEYS = ("fondo", "clave", "generado", "cgca")
CADIDO_JSON_KEYS = ("fondo", "clave", "version", "fecha_aprobacion", "acta_gi", "generado",
                    "reglas")
PUBLISHED_JSON_KEYS = ("items",)
INSTRUMENT_JSON_KEYS = ("instrumento", "titulo", "encabezado", "columnas", "cierre",
                        "registros")
# Separator of list values inside one CSV cell (JSON uses an array).
LIST_SEPARATOR = "|"
# Order in which the published instruments are documented: registry.PUBLIC_KINDS, which
# is a set (a test checks both name the same kinds).
INSTRUMENT_ORDER = ("cgca", "cadido", "guia_archivo", "indice_reservados", "dictamen_baja",
                    "acta_baja")

# Data types: name shown, and how values are written.
TYPES = {
    "texto": (_("Texto"), _("Texto libre en UTF-8.")),
    "entero": (_("Número entero"), _("Sin separador de miles, p. ej. 1250.")),
    "decimal": (_("Número decimal"), _("Punto como separador decimal, p. ej. 2.7.")),
    "fecha": (_("Fecha"), _("ISO 8601: AAAA-MM-DD, p. ej. 2024-03-31.")),
    "codigo": (_("Valor de una lista"), _("Uno de los valores indicados, escrito así.")),
    "lista": (_("Lista de valores"),
              _("En CSV, valores separados por «|» en la misma celda; en JSON, un arreglo.")),
    "marca": (_("Marca"), _("«X» si aplica; vacío si no.")),
    "url": (_("Dirección web"), _("URL completa (https://…).")),
    "objeto": (_("Objeto JSON"), _("Pares nombre-valor.")),
}


@dataclass(frozen=True)
class Campo:
    """One column of a download: its name as written, meaning, type and allowed values."""

    nombre: str
    significado: str
    tipo: str = "texto"
    valores: tuple[str, ...] = ()


@dataclass(frozen=True)
class Descarga:
    """One public download: where, in which formats, what it holds and its columns."""

    clave: str
    titulo: str
    contenido: str
    formatos: tuple[str, ...]
    # (format, endpoint, url arguments) for each link shown
    enlaces: tuple[tuple[str, str, dict], ...]
    campos: tuple[Campo, ...] = ()
    # top-level keys of the JSON file; the rows are under the last one
    json_claves: tuple[str, ...] = ()
    codificacion: str = ""
    notas: tuple[str, ...] = field(default_factory=tuple)


def _values(enum) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


def _fields(columns, meanings: dict) -> tuple[Campo, ...]:
    """The columns as written by the code, each with its documented meaning and type.

    A column without a documented meaning still appears (the file has it), marked so;
    a test makes sure that never ships.
    """
    out = []
    for name in columns:
        significado, tipo, *rest = meanings.get(name, (_("(sin documentar)"), "texto"))
        out.append(Campo(name, significado, tipo, rest[0] if rest else ()))
    return tuple(out)


SEARCH_FIELDS = {
    "clave": (_("Clave única del expediente."), "texto"),
    "titulo": (_("Título publicado del expediente; vacío en los confidenciales."), "texto"),
    "descripcion": (_("De qué trata el expediente; solo en los públicos."), "texto"),
    "serie_codigo": (_("Código de la serie documental en el cuadro de clasificación."), "texto"),
    "serie_nombre": (_("Nombre de la serie documental."), "texto"),
    "seccion_nombre": (_("Nombre de la sección (función) a la que pertenece la serie."), "texto"),
    "unidad_clave": (_("Clave del área que produjo el expediente."), "texto"),
    "unidad_nombre": (_("Nombre del área que produjo el expediente."), "texto"),
    "fecha_apertura": (_("Fecha en que se abrió el expediente."), "fecha"),
    "fecha_cierre": (_("Fecha en que se cerró; vacía si sigue abierto."), "fecha"),
    "anio": (_("Año de apertura."), "entero"),
    "etapa": (_("Dónde está en su ciclo de vida: trámite, concentración, histórico o baja."),
              "codigo", _values(Etapa)),
    "acceso": (_("Clasificación de acceso según la ley de transparencia."), "codigo",
               _values(Acceso)),
    "reserva_inicio": (_("Inicio de la reserva; solo en los reservados."), "fecha"),
    "reserva_fin": (_("Fin previsto de la reserva; solo en los reservados."), "fecha"),
    "fundamento": (_("Fundamento legal de la reserva o de la confidencialidad."), "texto"),
    "fecha_baja": (_("Fecha de la baja documental (destrucción legal), si ocurrió."), "fecha"),
    "acta_baja": (_("Folio del acta de baja documental."), "texto"),
    "dictamen_baja": (_("Número del dictamen que autorizó la baja."), "texto"),
    "url": (_("Página pública del expediente en este sitio."), "url"),
}

CGCA_FIELDS = {
    "nivel": (_("Nivel en el cuadro: sección, serie o subserie."), "codigo",
              ("seccion", "serie", "subserie")),
    "codigo": (_("Código de clasificación, p. ej. 4C.3."), "texto"),
    "nombre": (_("Nombre de la sección, serie o subserie."), "texto"),
    "descripcion": (_("Descripción de su contenido."), "texto"),
    "unidades_productoras": (_("Áreas que producen los documentos de la serie."), "texto"),
}

CADIDO_FIELDS = {
    "serie_codigo": (_("Código de la serie o subserie."), "texto"),
    "serie_nombre": (_("Nombre de la serie o subserie."), "texto"),
    "valores_primarios": (_("Para qué sirven los documentos mientras se usan."), "lista",
                          _values(ValorPrimario)),
    "valores_secundarios": (_("Por qué importan para la historia, si es el caso."), "lista",
                            _values(ValorSecundario)),
    "plazo_tramite": (_("Años en el archivo de trámite (la oficina que los produjo)."), "entero"),
    "plazo_concentracion": (_("Años en el archivo de concentración."), "entero"),
    "plazo_total": (_("Años de conservación en total (trámite + concentración)."), "entero"),
    "destino": (_("Qué pasa al final del plazo: baja, conservación histórica o muestreo."),
                "codigo", _values(Destino)),
    "criterio_muestreo": (_("Cómo se elige la muestra que se conserva; solo si el destino es "
                            "muestreo."), "texto"),
    "acceso": (_("Clasificación de acceso de la serie."), "codigo", _values(Acceso)),
    "fundamento_legal": (_("Norma que fija los plazos."), "texto"),
    "observaciones": (_("Notas del catálogo."), "texto"),
}

# Instrument columns by the layout's key (the CSV header is the printed label).
INSTRUMENT_FIELDS = {
    "nivel": (_("Sección, serie o subserie."), "texto"),
    "codigo": (_("Código de clasificación."), "texto"),
    "nombre": (_("Nombre de la sección, serie o subserie."), "texto"),
    "descripcion": (_("Descripción de la sección o serie."), "texto"),
    "areas_productoras": (_("Áreas que producen los documentos."), "texto"),
    "plazo_tramite": (_("Años en el archivo de trámite."), "entero"),
    "plazo_concentracion": (_("Años en el archivo de concentración."), "entero"),
    "vigencia": (_("Años de conservación en total."), "entero"),
    "fundamento": (_("Fundamento legal."), "texto"),
    "observaciones": (_("Notas."), "texto"),
    "fecha_inicial": (_("Fecha de apertura del expediente más antiguo."), "fecha"),
    "fecha_final": (_("Fecha de cierre del expediente más reciente."), "fecha"),
    "expedientes": (_("Número de expedientes."), "entero"),
    "cajas": (_("Número de cajas."), "entero"),
    "metros_lineales": (_("Metros lineales que ocupan los documentos."), "decimal"),
    "peso_kg": (_("Peso en kilogramos de los documentos dados de baja."), "decimal"),
    "ubicacion": (_("Archivo donde se consultan."), "texto"),
    "area": (_("Área responsable del expediente reservado."), "texto"),
    "documento": (_("Clave y nombre del expediente o documento."), "texto"),
    "tipo_reserva": (_("Si se reserva todo el expediente o solo una parte."), "codigo",
                     ("Completa", "Parcial")),
    "partes_reservadas": (_("Qué partes se reservan, si la reserva es parcial."), "texto"),
    "fecha_inicio": (_("Fecha en que empezó la reserva."), "fecha"),
    "fecha_fin": (_("Fecha en que termina la reserva (con prórroga, si la hay)."), "fecha"),
    "plazo": (_("Plazo de la reserva, p. ej. «5 años»."), "texto"),
    "justificacion": (_("Por qué se reserva (prueba de daño)."), "texto"),
    "prorroga": (_("Años de prórroga de la reserva, o «No»."), "texto"),
}
# Columns that print "X" when the row has the value named by the column's `mark`.
MARK_MEANINGS = {
    "valores_primarios": _("Valor documental «%(valor)s»: X si la serie lo tiene."),
    "destino": _("Destino final «%(valor)s»: X si es el de la serie."),
    "acceso": _("Acceso «%(valor)s»: X si es el de la serie."),
}

INSTRUMENT_CONTENTS = {
    "cgca": _("La lista de secciones y series en que se ordenan todos los documentos."),
    "cadido": _("Cuántos años se guarda cada serie y qué pasa al final (versión aprobada)."),
    "guia_archivo": _("Qué series hay en cada archivo, cuántos expedientes y dónde consultarlos."),
    "indice_reservados": _("Expedientes reservados en un semestre, por qué motivo legal y "
                           "hasta cuándo."),
    "dictamen_baja": _("Las series y volúmenes cuya baja (destrucción legal) se autorizó."),
    "acta_baja": _("Las series y volúmenes que se destruyeron, según el acta de baja."),
}
PER_BAJA = frozenset({"dictamen_baja", "acta_baja"})
INSTRUMENT_PARAMS = {
    "cadido": _("Opcional: version=N (por omisión, la vigente)."),
    "guia_archivo": _("Opcional: etapa=tramite|concentracion|historico y unidad=CLAVE."),
    "indice_reservados": _("Opcional: semestre=AAAA-1 o AAAA-2 (por omisión, el actual)."),
    "dictamen_baja": _("Obligatorio: baja=N (vea los enlaces en Instrumentos publicados)."),
    "acta_baja": _("Obligatorio: baja=N (vea los enlaces en Instrumentos publicados)."),
}

ATOM_FIELDS = {
    "legacyId": (_("Identificador del nivel en este sistema, p. ej. serie-12."), "texto"),
    "parentId": (_("legacyId del nivel superior; vacío en el primero."), "texto"),
    "identifier": (_("Código de referencia."), "texto"),
    "title": (_("Título."), "texto"),
    "levelOfDescription": (_("Nivel de descripción (términos de AtoM)."), "codigo",
                           tuple(atom_columns.LEVELS.values())),
    "extentAndMedium": (_("Volumen y soporte."), "texto"),
    "repository": (_("Institución que custodia los documentos."), "texto"),
    "language": (_("Lengua de los documentos (ISO 639-1)."), "texto"),
    "script": (_("Escritura de los documentos (ISO 15924)."), "texto"),
    "languageOfDescription": (_("Lengua de la descripción."), "texto"),
    "scriptOfDescription": (_("Escritura de la descripción."), "texto"),
    "culture": (_("Idioma del registro en AtoM."), "texto"),
    "physicalObjectLocation": (_("Ubicación física."), "texto"),
    "eventDates": (_("Fechas extremas, como texto."), "texto"),
    "eventTypes": (_("Tipo de evento de las fechas («Creation»)."), "texto"),
    "eventStartDates": (_("Fecha inicial."), "fecha"),
    "eventEndDates": (_("Fecha final."), "fecha"),
    "eventActors": (_("Productor (área que generó los documentos)."), "texto"),
}
ATOM_ELEMENTS = {
    "historia_institucional": _("Historia institucional (ISAD(G) 3.2.2)."),
    "historia_archivistica": _("Historia archivística (ISAD(G) 3.2.3)."),
    "forma_ingreso": _("Forma de ingreso (ISAD(G) 3.2.4)."),
    "alcance_contenido": _("Alcance y contenido (ISAD(G) 3.3.1)."),
    "valoracion": _("Valoración, selección y eliminación, tomada del catálogo de disposición "
                    "(ISAD(G) 3.3.2)."),
    "nuevos_ingresos": _("Nuevos ingresos (ISAD(G) 3.3.3)."),
    "organizacion": _("Organización, tomada del cuadro de clasificación (ISAD(G) 3.3.4)."),
    "condiciones_acceso": _("Condiciones de acceso (ISAD(G) 3.4.1)."),
    "condiciones_reproduccion": _("Condiciones de reproducción (ISAD(G) 3.4.2)."),
    "lengua": _("Notas sobre la lengua (ISAD(G) 3.4.3)."),
    "caracteristicas_fisicas": _("Características físicas (ISAD(G) 3.4.4)."),
    "instrumentos_descripcion": _("Instrumentos de descripción (ISAD(G) 3.4.5)."),
    "notas": _("Notas (ISAD(G) 3.6.1)."),
    "control_descripcion": _("Nota del archivero (ISAD(G) 3.7.1)."),
}
ATOM_UNUSED = _("Columna de la plantilla de AtoM que este sistema deja vacía.")

PUBLISHED_FIELDS = {
    "instrumento": (_("Clave del instrumento."), "codigo", tuple(INSTRUMENT_ORDER)),
    "titulo_instrumento": (_("Nombre del instrumento."), "texto"),
    "asunto": (_("Qué cubre: fondo, versión, archivo, semestre o baja."), "texto"),
    "params": (_("Parámetros de la descarga."), "objeto"),
    "fecha": (_("Fecha de aprobación, dictamen o acta, si la tiene; si no, null."), "fecha"),
    "descargas": (_("Dirección de descarga en este sitio por formato (pdf, csv, json)."),
                  "objeto"),
}


def instrument_fields(kind: str) -> tuple[Campo, ...]:
    """The CSV columns of a published instrument, from its layout, with their meaning."""
    out = []
    for column in load_layout(kind).columns:
        name = column_label(column)
        if column.mark is not None and column.key in MARK_MEANINGS:
            out.append(Campo(name, MARK_MEANINGS[column.key] % {"valor": label(column.mark)},
                             "marca"))
            continue
        significado, tipo, *rest = INSTRUMENT_FIELDS.get(
            column.key, (_("(sin documentar)"), "texto"))
        out.append(Campo(name, significado, tipo, rest[0] if rest else ()))
    return tuple(out)


def atom_fields() -> tuple[Campo, ...]:
    """AtoM's ISAD(G) columns, in the exported order; the ones never filled say so."""
    meanings = dict(ATOM_FIELDS)
    for element, column in (atom_columns.STORED | atom_columns.DERIVED).items():
        meanings[column] = (ATOM_ELEMENTS.get(element, element), "texto")
    return tuple(Campo(c, *meanings.get(c, (ATOM_UNUSED, "texto")))
                 for c in atom_columns.COLUMNS)


CSV_BOM = _("UTF-8 con BOM (marca inicial para que las hojas de cálculo lean bien los "
            "acentos); separador coma; fin de línea CRLF.")
CSV_PLAIN = _("UTF-8 sin BOM (como lo espera el importador de AtoM); separador coma; "
              "fin de línea CRLF.")
JSON_UTF8 = _("UTF-8.")
XML_UTF8 = _("XML en UTF-8.")
INSTRUMENT_NOTES = (
    _("Las columnas son las del PDF; las agrupadas llevan el grupo delante, p. ej. "
      "«Fechas extremas: Inicial»."),
    _("Cada descarga recibe un código de verificación (encabezado X-Codigo-Verificacion) "
      "que se comprueba en Verificar un documento."),
)


def _links(endpoint: str, arg: str, formats, **args) -> tuple[tuple[str, str, dict], ...]:
    """(label, endpoint, url arguments) of one download in each format."""
    return tuple((fmt.upper(), endpoint, {**args, arg: fmt}) for fmt in formats)


def _catalogue_downloads() -> list[Descarga]:
    """The public search results, the CGCA and the CADIDO (public_views, search.public)."""
    return [
        Descarga(
            "busqueda", _("Resultados de la consulta pública de expedientes"),
            _("Los expedientes que encuentra una búsqueda, con sus datos públicos (hasta "
              "%(n)s por descarga).") % {"n": public_search.MAX_DOWNLOAD},
            ("CSV", "JSON"), _links("search_api.public_search", "format", ("csv", "json")),
            _fields(public_search.COLUMNS, SEARCH_FIELDS), SEARCH_JSON_KEYS, CSV_BOM,
            (_("Acepta los mismos filtros que la página de búsqueda (q, serie, unidad, año, "
               "desde, hasta…)."),
             _("Lo que la ley no permite publicar de un expediente reservado o confidencial "
               "va vacío (null en JSON)."))),
        Descarga(
            "cgca", _("Cuadro general de clasificación archivística"),
            _("Las secciones, series y subseries en que se ordenan los documentos, en orden "
              "de lectura."),
            ("CSV", "JSON"), _links("public_catalog.cgca_download", "fmt", ("csv", "json")),
            _fields(CGCA_COLUMNS, CGCA_FIELDS), CGCA_JSON_KEYS, CSV_BOM),
        Descarga(
            "cadido", _("Catálogo de disposición documental vigente"),
            _("Cuántos años se guarda cada serie, sus valores, su acceso y su destino final."),
            ("CSV", "JSON"), _links("public_catalog.cadido_download", "fmt", ("csv", "json")),
            _fields(CADIDO_COLUMNS, CADIDO_FIELDS), CADIDO_JSON_KEYS, CSV_BOM,
            (_("En CSV, las listas de valores van separadas por «|» (p. ej. "
               "administrativo|legal)."),)),
    ]


def _instrument_downloads() -> list[Descarga]:
    """The published instruments (registry.PUBLIC_KINDS), columns from their layouts."""
    out = []
    for kind in INSTRUMENT_ORDER:
        layout = load_layout(kind)
        notes = ((INSTRUMENT_PARAMS[kind],) if kind in INSTRUMENT_PARAMS else ()) \
            + INSTRUMENT_NOTES
        # One per baja: no address without its number; the published list has them all.
        links = (((_("lista de instrumentos publicados"), "public_instruments.published", {}),)
                  if kind in PER_BAJA else
                  _links("instruments.download", "format", ("pdf", "csv", "json"), kind=kind))
        out.append(Descarga(
            f"instrumento-{kind}",
            _("%(titulo)s (instrumento publicado)") % {"titulo": layout.title},
            INSTRUMENT_CONTENTS[kind], ("PDF", "CSV", "JSON"), links,
            instrument_fields(kind), INSTRUMENT_JSON_KEYS, CSV_BOM, notes))
    return out


def _interop_downloads(fondo_id: int) -> list[Descarga]:
    """The published list, the finding aids (AtoM CSV, EAD) and OAI-PMH."""
    scope = {"nivel": "fondo", "id": fondo_id}
    return [
        Descarga(
            "instrumentos-publicados", _("Lista de instrumentos publicados"),
            _("Qué instrumentos están publicados y la dirección para descargar cada uno."),
            ("JSON",), (("JSON", "instruments_api.published", {}),),
            _fields(PUBLISHED_KEYS, PUBLISHED_FIELDS), PUBLISHED_JSON_KEYS, JSON_UTF8),
        Descarga(
            "atom-csv", _("Descripción archivística para AtoM"),
            _("El fondo descrito con la norma ISAD(G), un renglón por nivel y por expediente "
              "público, listo para importarse en AtoM."),
            ("CSV",), (("CSV", "interop.download", {"formato": "atom-csv", **scope}),),
            atom_fields(), (), CSV_PLAIN,
            (_("nivel=fondo|seccion|serie e id=N eligen qué parte del fondo se describe."),)),
        Descarga(
            "ead", _("Instrumento de descripción EAD"),
            _("El mismo inventario descriptivo en XML, con la estructura del estándar "
              "Encoded Archival Description."),
            ("EAD3", "EAD 2002"),
            (("EAD3", "interop.download", {"formato": "ead3", **scope}),
             ("EAD 2002", "interop.download", {"formato": "ead2002", **scope})),
            (), (), XML_UTF8,
            (_("Sus elementos los define el estándar EAD (Society of American Archivists)."),
             _("nivel=fondo|seccion|serie e id=N eligen qué parte del fondo se describe."))),
        Descarga(
            "oai", _("OAI-PMH 2.0 (cosecha de metadatos)"),
            _("Para que otros repositorios cosechen las descripciones de los expedientes "
              "públicos."),
            ("XML",),
            (("Identify", "oai.endpoint", {"verb": "Identify"}),
             ("ListRecords", "oai.endpoint", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})),
            (), (), XML_UTF8, (_("Formatos de metadatos: oai_dc (Dublin Core) y ead."),)),
    ]


def downloads(fondo_id: int) -> list[Descarga]:
    """Every public download of the fondo, in the order the page lists them."""
    return _catalogue_downloads() + _instrument_downloads() + _interop_downloads(fondo_id)
