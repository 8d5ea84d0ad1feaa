"""Documented column mapping: Spanish header synonyms -> canonical keys, per kind of import.

Matching ignores case, accents (any Unicode normal form), punctuation and extra spaces,
so 'Código', 'CODIGO' and 'código.' are one synonym. A header that is not listed here
is still recognised when it starts with a synonym ('Descripción de la serie') or
contains a multi-word one ('Plazo de conservación en archivo de trámite').

Two-row headers: a group label in the upper row ('Valores documentales', merged over
its columns) gives meaning to short labels below it ('A | L | F/C'); the same short
label means different things in different groups ('C' is contable, conservación or
confidencial).
"""

CADIDO_COLUMNS: dict[str, tuple[str, ...]] = {
    "nivel": ("nivel", "nivel de descripción", "nivel archivístico", "tipo de nivel"),
    "codigo": (
        "código", "clave", "cve", "cve.", "código de clasificación", "clave de clasificación",
        "clave archivística", "código archivístico", "código de la serie", "clave de la serie",
    ),
    "etiqueta": (
        "sección / serie / subserie", "sección serie subserie", "serie / subserie",
        "fondo / sección / serie", "clasificación archivística", "serie documental",
    ),
    "seccion": ("sección", "seccion"),
    "serie": ("serie",),
    "subserie": ("subserie", "sub-serie"),
    "nombre": (
        "nombre", "denominación", "título", "nombre de la serie", "nombre de la sección",
        "nombre de la serie / subserie", "nombre de la serie o subserie",
    ),
    "descripcion": ("descripción", "descripción de la serie", "alcance y contenido"),
    "areas": ("área productora", "áreas productoras", "área(s) productora(s)", "unidad productora"),
    "valores": ("valores", "valores primarios", "valor documental", "valores documentales"),
    "valor_administrativo": ("valor administrativo", "administrativo", "a", "adm"),
    "valor_legal": ("valor legal", "legal", "l", "valor jurídico", "jurídico"),
    "valor_fiscal_contable": (
        "valor fiscal", "valor contable", "valor fiscal / contable", "fiscal / contable",
        "fiscal", "contable", "f/c", "f-c", "fc",
    ),
    "valor_evidencial": ("valor evidencial", "evidencial"),
    "valor_testimonial": ("valor testimonial", "testimonial"),
    "valor_informativo": ("valor informativo", "informativo"),
    "plazo_tramite": (
        "at", "trámite", "archivo de trámite", "plazo en trámite", "plazo de trámite",
        "plazo at", "vigencia en trámite", "años en trámite", "a.t.",
    ),
    "plazo_concentracion": (
        "ac", "concentración", "archivo de concentración", "plazo en concentración",
        "plazo de concentración", "plazo ac", "vigencia en concentración",
        "años en concentración", "a.c.",
    ),
    "plazo_total": ("total", "vigencia total", "plazo total", "total años", "vigencia"),
    "destino": (
        "destino", "destino final", "técnica de selección", "destino final / técnica de selección",
    ),
    "destino_baja": ("b", "bd", "baja", "baja documental", "eliminación"),
    "destino_conservacion": ("h", "conservación", "histórico", "conservación permanente"),
    "destino_muestreo": ("m", "muestreo"),
    "criterio_muestreo": ("criterio de muestreo", "criterio", "técnica de muestreo"),
    "acceso": (
        "acceso", "clasificación", "clasificación de la información", "condiciones de acceso",
        "tipo de acceso", "clasificación de acceso",
    ),
    "acceso_publica": ("p", "pública", "información pública"),
    "acceso_reservada": ("r", "reservada", "información reservada"),
    "acceso_confidencial": ("confidencial", "información confidencial"),
    "fundamento": ("fundamento legal", "fundamento", "base legal", "fundamento jurídico"),
    "observaciones": ("observaciones", "obs", "notas", "comentarios"),
}

# Upper-row labels of two-row headers, and what the short labels below them mean.
CADIDO_GROUPS: dict[str, tuple[str, ...]] = {
    "valores": (
        "valores documentales", "valor documental", "valores primarios", "valores",
        "valoración documental", "valores documentales primarios", "valoración primaria",
    ),
    "valores_secundarios": ("valores secundarios", "valores documentales secundarios"),
    "plazos": (
        "plazos de conservación", "plazo de conservación", "plazos", "vigencia documental",
        "vigencia", "plazos de conservación en años",
    ),
    "destino": (
        "destino final", "destino", "técnica de selección", "destino final / técnica de selección",
    ),
    "acceso": (
        "acceso", "clasificación", "clasificación de la información", "condiciones de acceso",
        "tipo de acceso",
    ),
}
CADIDO_GROUP_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "valores": {
        "valor_administrativo": ("a", "administrativo", "adm"),
        "valor_legal": ("l", "legal", "jurídico"),
        "valor_fiscal_contable": ("f/c", "f-c", "fc", "f", "c", "fiscal", "contable"),
        "valor_evidencial": ("e", "evidencial"),
        "valor_testimonial": ("t", "testimonial"),
        "valor_informativo": ("i", "informativo"),
    },
    "valores_secundarios": {
        "valor_evidencial": ("e", "evidencial"),
        "valor_testimonial": ("t", "testimonial"),
        "valor_informativo": ("i", "informativo"),
    },
    "plazos": {
        "plazo_tramite": ("at", "trámite", "archivo de trámite", "a.t."),
        "plazo_concentracion": ("ac", "concentración", "archivo de concentración", "a.c."),
        "plazo_total": ("total", "vigencia", "suma"),
    },
    "destino": {
        "destino_baja": ("b", "bd", "e", "baja", "baja documental", "eliminación"),
        "destino_conservacion": (
            "c", "h", "ch", "conservación", "histórico", "conservación histórica",
        ),
        "destino_muestreo": ("m", "muestreo", "selección"),
        "criterio_muestreo": ("criterio", "criterio de muestreo"),
    },
    "acceso": {
        "acceso_publica": ("p", "pública"),
        "acceso_reservada": ("r", "reservada"),
        "acceso_confidencial": ("c", "confidencial"),
    },
}

EXPEDIENTE_COLUMNS: dict[str, tuple[str, ...]] = {
    "clave": (
        "clave", "clave del expediente", "cve", "código", "código del expediente",
        "número de expediente", "no. de expediente", "núm. de expediente", "expediente",
    ),
    "serie": (
        "serie", "subserie", "serie / subserie", "serie o subserie", "código de serie",
        "clave de serie", "serie documental", "código de clasificación", "clave de clasificación",
        "clasificación archivística",
    ),
    "titulo": (
        "título", "asunto", "nombre", "nombre del expediente", "título del expediente",
        "denominación", "nombre y descripción del expediente",
    ),
    "descripcion": ("descripción", "descripción del expediente", "contenido"),
    "unidad": (
        "unidad", "unidad administrativa", "unidad productora", "unidad generadora", "área",
        "área productora", "área generadora", "clave de unidad",
    ),
    "fecha_apertura": (
        "fecha de apertura", "apertura", "fecha inicial", "fecha de inicio", "inicio",
        "fecha apertura",
    ),
    "fecha_cierre": (
        "fecha de cierre", "cierre", "fecha final", "fecha de término", "fecha de conclusión",
        "fecha cierre", "fin",
    ),
    "fechas_extremas": ("fechas extremas", "periodo", "fechas"),
    "fojas": ("fojas", "no. de fojas", "número de fojas", "núm. de fojas", "folios", "hojas"),
    "legajos": ("legajos", "no. de legajos", "número de legajos", "tomos"),
    "caja": ("caja", "no. de caja", "número de caja", "núm. de caja"),
    "ubicacion": ("ubicación", "ubicación física", "ubicación topográfica", "localización"),
    "acceso": (
        "acceso", "clasificación", "clasificación de la información", "tipo de acceso",
        "condiciones de acceso",
    ),
    "etapa": ("etapa", "tipo de archivo", "archivo", "etapa del ciclo vital", "ciclo vital"),
    "soporte": ("soporte", "soporte documental", "tipo de soporte", "formato"),
    "palabras_clave": ("palabras clave", "descriptores", "temas", "etiquetas"),
    "observaciones": ("observaciones", "obs", "notas", "comentarios"),
    # Recognised so they raise no "unknown column" note; the import derives them itself.
    "ignorada": (
        "no.", "no", "núm.", "consecutivo", "no. consecutivo", "número consecutivo", "#",
        "vigencia", "valores", "plazos", "destino", "destino final",
    ),
}
EXPEDIENTE_GROUPS: dict[str, tuple[str, ...]] = {
    "fechas": ("fechas extremas", "fechas", "periodo"),
    "acceso": ("clasificación", "acceso", "clasificación de la información"),
    "ignorada": ("valores", "valores documentales", "vigencia", "plazos", "plazos de conservación"),
}
EXPEDIENTE_GROUP_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "fechas": {
        "fecha_apertura": ("apertura", "inicio", "inicial", "desde", "de"),
        "fecha_cierre": ("cierre", "fin", "final", "término", "hasta", "a"),
    },
    "acceso": {
        "acceso_publica": ("p", "pública"),
        "acceso_reservada": ("r", "reservada"),
        "acceso_confidencial": ("c", "confidencial"),
    },
    "ignorada": {
        "ignorada": ("a", "l", "f", "c", "f/c", "e", "t", "i", "at", "ac", "total"),
    },
}

HEADER_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "cadido": CADIDO_COLUMNS,
    "expedientes": EXPEDIENTE_COLUMNS,
}
