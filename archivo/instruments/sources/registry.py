"""Which source builds each instrument, and which instruments are public."""

from __future__ import annotations

from archivo.instruments.sources import catalog, lifecycle, records

# kind -> builder(fondo, query, actor) returning a Source
BUILDERS = {
    "cgca": lambda f, q, a: catalog.cgca(f, q),
    "cadido": lambda f, q, a: catalog.cadido(f, q),
    "ficha_valoracion": lambda f, q, a: catalog.ficha_valoracion(f, q),
    "guia_archivo": lambda f, q, a: catalog.guia_archivo(f, q),
    "inventario_general": lambda f, q, a: records.inventario_general(f, q),
    "inventario_transferencia_primaria": lambda f, q, a: lifecycle.transfer_inventory(f, q),
    "inventario_transferencia_secundaria": lambda f, q, a: lifecycle.transfer_inventory(f, q),
    "inventario_baja": lambda f, q, a: lifecycle.inventario_baja(f, q),
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
