"""JSON API of the fondo, unidades, archives, CGCA and CADIDO (catalogue reads are public)."""

from flask_smorest import Blueprint

from archivo.api import body
from archivo.auth import policies
from archivo.auth.current import current_actor, require_login
from archivo.catalog import cadido, service
from archivo.catalog.enums import EstadoVersion
from archivo.catalog.schemas import (
    ArchivoInputSchema,
    ArchivoOutputSchema,
    FondoInputSchema,
    FondoOutputSchema,
    ReglaInputSchema,
    ReglaOutputSchema,
    SeccionInputSchema,
    SeccionOutputSchema,
    SeccionUpdateSchema,
    SerieInputSchema,
    SerieOutputSchema,
    SerieUpdateSchema,
    UnidadInputSchema,
    UnidadOutputSchema,
    VersionApproveSchema,
    VersionInputSchema,
    VersionOutputSchema,
)
from archivo.web import json_body

blp = Blueprint("catalog_api", __name__, url_prefix="/api/v1",
                description="Fondo, unidades, cuadro de clasificación (CGCA) y catálogo de "
                            "disposición documental (CADIDO)")


@blp.get("/fondos")
@blp.response(200, FondoOutputSchema(many=True))
def fondos():
    """Fondos (sujetos obligados) managed here."""
    return service.list_fondos()


@blp.post("/fondos")
@blp.doc(**body(FondoInputSchema))
@blp.response(201, FondoOutputSchema)
def create_fondo():
    """Register a fondo."""
    return service.create_fondo(require_login(), json_body())


@blp.get("/fondos/<int:fondo_id>")
@blp.response(200, FondoOutputSchema)
def fondo(fondo_id: int):
    """One fondo."""
    return service.get_fondo(fondo_id)


@blp.patch("/fondos/<int:fondo_id>")
@blp.doc(**body(FondoInputSchema))
@blp.response(200, FondoOutputSchema)
def update_fondo(fondo_id: int):
    """Edit a fondo."""
    return service.update_fondo(require_login(), fondo_id, json_body())


@blp.get("/fondos/<int:fondo_id>/unidades")
@blp.response(200, UnidadOutputSchema(many=True))
def unidades(fondo_id: int):
    """Producing units."""
    service.get_fondo(fondo_id)
    return service.list_unidades(fondo_id)


@blp.post("/fondos/<int:fondo_id>/unidades")
@blp.doc(**body(UnidadInputSchema))
@blp.response(201, UnidadOutputSchema)
def create_unidad(fondo_id: int):
    """Add a producing unit."""
    return service.create_unidad(require_login(), fondo_id, json_body())


@blp.patch("/unidades/<int:unidad_id>")
@blp.doc(**body(UnidadInputSchema))
@blp.response(200, UnidadOutputSchema)
def update_unidad(unidad_id: int):
    """Rename or deactivate a unit."""
    return service.update_unidad(require_login(), unidad_id, json_body())


@blp.get("/fondos/<int:fondo_id>/archivos")
@blp.response(200, ArchivoOutputSchema(many=True))
def archivos(fondo_id: int):
    """Archives of the system (trámite, concentración, histórico)."""
    service.get_fondo(fondo_id)
    return service.list_archivos(fondo_id)


@blp.post("/fondos/<int:fondo_id>/archivos")
@blp.doc(**body(ArchivoInputSchema))
@blp.response(201, ArchivoOutputSchema)
def create_archivo(fondo_id: int):
    """Register an archive."""
    return service.create_archivo(require_login(), fondo_id, json_body())


@blp.get("/fondos/<int:fondo_id>/secciones")
@blp.response(200, SeccionOutputSchema(many=True))
def secciones(fondo_id: int):
    """Secciones of the CGCA in code order."""
    service.get_fondo(fondo_id)
    return service.list_secciones(fondo_id)


@blp.post("/fondos/<int:fondo_id>/secciones")
@blp.doc(**body(SeccionInputSchema))
@blp.response(201, SeccionOutputSchema)
def create_seccion(fondo_id: int):
    """Add a sección."""
    return service.create_seccion(require_login(), fondo_id, json_body())


@blp.patch("/secciones/<int:seccion_id>")
@blp.doc(**body(SeccionUpdateSchema))
@blp.response(200, SeccionOutputSchema)
def update_seccion(seccion_id: int):
    """Edit a sección."""
    return service.update_seccion(require_login(), seccion_id, json_body())


@blp.get("/fondos/<int:fondo_id>/series")
@blp.response(200, SerieOutputSchema(many=True))
def series(fondo_id: int):
    """Series and subseries in code order."""
    service.get_fondo(fondo_id)
    return service.list_series(fondo_id)


@blp.post("/fondos/<int:fondo_id>/series")
@blp.doc(**body(SerieInputSchema))
@blp.response(201, SerieOutputSchema)
def create_serie(fondo_id: int):
    """Add a serie (`4C.3`) or subserie (`4C.3.1`); the parent comes from the code."""
    return service.create_serie(require_login(), fondo_id, json_body())


@blp.get("/series/<int:serie_id>")
@blp.response(200, SerieOutputSchema)
def serie(serie_id: int):
    """One serie or subserie."""
    return service.get_serie(serie_id)


@blp.patch("/series/<int:serie_id>")
@blp.doc(**body(SerieUpdateSchema))
@blp.response(200, SerieOutputSchema)
def update_serie(serie_id: int):
    """Edit a serie."""
    return service.update_serie(require_login(), serie_id, json_body())


@blp.get("/fondos/<int:fondo_id>/cadido/versiones")
@blp.response(200, VersionOutputSchema(many=True))
def versions(fondo_id: int):
    """CADIDO versions, newest first (drafts only to signed-in staff)."""
    service.get_fondo(fondo_id)
    versions = cadido.list_versions(fondo_id)
    if not policies.has(current_actor(), "read"):
        versions = [v for v in versions if v.estado != EstadoVersion.BORRADOR]
    return versions


@blp.post("/fondos/<int:fondo_id>/cadido/versiones")
@blp.doc(**body(VersionInputSchema))
@blp.response(201, VersionOutputSchema)
def create_version(fondo_id: int):
    """Open a draft version (a copy of the rules in force)."""
    return cadido.create_version(require_login(), fondo_id, json_body())


@blp.get("/cadido/versiones/<int:version_id>")
def version(version_id: int):
    """A version with its rules (a draft only to signed-in staff, like its page)."""
    v = cadido.get_version(version_id)
    if v.estado == EstadoVersion.BORRADOR:
        policies.require(current_actor(), "read")
    return {**VersionOutputSchema().dump(v),
            "reglas": ReglaOutputSchema(many=True).dump(cadido.reglas(v.id))}


@blp.put("/cadido/versiones/<int:version_id>/reglas")
@blp.doc(**body(ReglaInputSchema))
@blp.response(200, ReglaOutputSchema)
def set_regla(version_id: int):
    """Create or replace a serie's rule in a draft."""
    return cadido.set_regla(require_login(), version_id, json_body())


@blp.delete("/cadido/versiones/<int:version_id>/reglas/<int:serie_id>")
@blp.response(204)
def remove_regla(version_id: int, serie_id: int):
    """Remove a serie's rule from a draft."""
    cadido.remove_regla(require_login(), version_id, serie_id)


@blp.get("/cadido/versiones/<int:version_id>/impacto")
def impact(version_id: int):
    """What approving the draft would change (per serie; open vs closed expedientes)."""
    require_login()
    return cadido.version_impact(version_id)


@blp.post("/cadido/versiones/<int:version_id>/aprobar")
@blp.doc(**body(VersionApproveSchema))
@blp.response(200, VersionOutputSchema)
def approve(version_id: int):
    """Record the Grupo Interdisciplinario's approval; the draft comes into force."""
    return cadido.approve_version(require_login(), version_id, json_body())


@blp.get("/fondos/<int:fondo_id>/cgca")
def cgca(fondo_id: int):
    """The CGCA as a tree: secciones > series > subseries, with the rule in force."""
    service.get_fondo(fondo_id)
    return {"fondo_id": fondo_id, "secciones": cgca_tree(fondo_id, current_actor())}


def cgca_tree(fondo_id: int, _actor=None) -> list[dict]:
    """Nested dicts of the CGCA (used by the API and the web UI)."""
    vigente = cadido.vigente_version(fondo_id)
    rules = {r.serie_id: r for r in cadido.reglas(vigente.id)} if vigente else {}
    series = service.list_series(fondo_id)
    children: dict[int | None, list] = {}
    for s in series:
        children.setdefault(s.parent_id, []).append(s)

    serie_out, regla_out = SerieOutputSchema(), ReglaOutputSchema()

    def node(s):
        regla = rules.get(s.id)
        return {**serie_out.dump(s),
                "regla": regla_out.dump(regla) if regla else None,
                "subseries": [node(c) for c in children.get(s.id, [])]}

    out = []
    seccion_out = SeccionOutputSchema()
    for sec in service.list_secciones(fondo_id):
        top = [s for s in children.get(None, []) if s.seccion_id == sec.id]
        out.append({**seccion_out.dump(sec), "series": [node(s) for s in top]})
    return out
