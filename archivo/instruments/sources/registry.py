"""Which source builds each instrument, and which instruments are public."""

from __future__ import annotations

from archivo.instruments.sources import catalog, lifecycle, records

# kind -> builder(fondo, query, actor) returning a Source; sources listing expedientes
# take the actor to mask what it may not read (interop.visibility)
BUILDERS = {
    "cgca": lambda f, q, a: catalog.cgca(f, q),
    "cadido": lambda f, q, a: catalog.cadido(f, q, a),
    "ficha_valoracion": lambda f, q, a: catalog.ficha_valoracion(f, q),
    "guia_archivo": lambda f, q, a: catalog.guia_archivo(f, q),
    "inventario_general": records.inventario_general,
    "inventario_transferencia_primaria": lifecycle.transfer_inventory,
    "inventario_transferencia_secundaria": lifecycle.transfer_inventory,
    "inventario_baja": lifecycle.inventario_baja,
    "dictamen_baja": lambda f, q, a: lifecycle.dictamen_baja(f, q),
    "acta_baja": lambda f, q, a: lifecycle.acta_baja(f, q),
    "caratula": lambda f, q, a: records.caratula(f, q),
    "calendario_caducidades": records.calendario_caducidades,
    "indice_reservados": lambda f, q, a: records.indice_reservados(f, q),
}

# Published for everyone (transparency): the catalogue instruments, the index of
# reserved files and the disposal evidence. Everything else is for staff only.
PUBLIC_KINDS = frozenset({"cgca", "cadido", "guia_archivo", "indice_reservados",
                          "dictamen_baja", "acta_baja"})
