"""The column layout of AtoM's ISAD(G) information-object CSV import, and our mapping to it."""

# AtoM 2.x `example_information_objects_isad.csv` header, in its order.
COLUMNS = (
    "legacyId", "parentId", "qubitParentSlug", "identifier", "accessionNumber", "title",
    "levelOfDescription", "extentAndMedium", "repository", "archivalHistory", "acquisition",
    "scopeAndContent", "appraisal", "accruals", "arrangement", "accessConditions",
    "reproductionConditions", "language", "script", "languageNote",
    "physicalCharacteristics", "findingAids", "locationOfOriginals", "locationOfCopies",
    "relatedUnitsOfDescription", "publicationNote", "digitalObjectPath", "digitalObjectURI",
    "generalNote", "subjectAccessPoints", "placeAccessPoints", "nameAccessPoints",
    "genreAccessPoints", "descriptionIdentifier", "institutionIdentifier", "rules",
    "descriptionStatus", "levelOfDetail", "revisionHistory", "languageOfDescription",
    "scriptOfDescription", "sources", "archivistNote", "publicationStatus",
    "physicalObjectName", "physicalObjectLocation", "physicalObjectType",
    "alternativeIdentifiers", "alternativeIdentifierLabels", "eventDates", "eventTypes",
    "eventStartDates", "eventEndDates", "eventActors", "eventActorHistories", "culture",
)

# The archivist's ISAD(G) elements <-> AtoM columns (both ways: export and import).
STORED = {
    "historia_institucional": "eventActorHistories",
    "historia_archivistica": "archivalHistory",
    "forma_ingreso": "acquisition",
    "alcance_contenido": "scopeAndContent",
    "nuevos_ingresos": "accruals",
    "condiciones_reproduccion": "reproductionConditions",
    "lengua": "languageNote",
    "caracteristicas_fisicas": "physicalCharacteristics",
    "instrumentos_descripcion": "findingAids",
    "notas": "generalNote",
    "control_descripcion": "archivistNote",
}

# Derived elements: exported, never imported (the CADIDO and the CGCA are their source).
DERIVED = {"valoracion": "appraisal", "organizacion": "arrangement",
           "condiciones_acceso": "accessConditions"}

# Our levels <-> AtoM's default level-of-description terms.
LEVELS = {"fondo": "Fonds", "seccion": "Subfonds", "serie": "Series",
          "subserie": "Subseries", "expediente": "File"}
LEVEL_OF = {term.lower(): nivel for nivel, term in LEVELS.items()}
