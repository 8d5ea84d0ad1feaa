"""Public vs staff: what an anonymous requester may match and see (every backend)."""

from archivo.search.backend import SearchQuery, public_fields

from .conftest import DOCS


def public(backend, text="", **kw):
    return backend.search(SearchQuery(text=text, audience="public", per_page=50, **kw))


def staff(backend, text="", **kw):
    return backend.search(SearchQuery(text=text, audience="staff", per_page=50, **kw))


def by_id(result):
    return {h.id: h for h in result.hits}


def test_reservada_description_not_matched_publicly(any_loaded):
    assert [h.id for h in staff(any_loaded, "sobreprecio").hits] == [6]
    assert public(any_loaded, "sobreprecio").total == 0
    assert public(any_loaded, "limpieza").total == 0  # only in the unpublished title


def test_reservada_published_title_and_reserve_data_are_public(any_loaded):
    hit = by_id(public(any_loaded, "auditoría servicios"))[6]
    assert hit.fields["titulo"] == "Auditoría a contratos de servicios"
    assert hit.fields["fundamento"] == "Artículo 113 fracción VI LGTAIP"
    assert hit.fields["reserva_fin"].year == 2018
    assert hit.fields["unidad_nombre"] == "Órgano Interno de Control"
    for hidden in ("descripcion", "palabras_clave", "documentos_texto", "holds"):
        assert hidden not in hit.fields
    assert "sobreprecio" not in str(hit.highlights)


def test_confidencial_never_exposes_protected_fields(any_loaded):
    assert public(any_loaded, "Pérez").total == 0
    assert public(any_loaded, "médicos").total == 0
    assert public(any_loaded, "PELJ800101").total == 0
    hits = by_id(public(any_loaded))
    fields = hits[5].fields
    assert fields["acceso"] == "confidencial" and fields["clave"]
    for hidden in ("titulo", "descripcion", "palabras_clave", "documentos_texto"):
        assert hidden not in fields
    assert "Pérez" not in repr(fields) and hits[5].highlights == {}


def test_confidencial_exists_for_code_search(any_loaded):
    # The índice shows that the serie holds files; their content stays closed.
    assert 5 in by_id(public(any_loaded, "4C.3.1"))


def test_staff_sees_everything(any_loaded):
    hit = by_id(staff(any_loaded, "Pérez"))[5]
    assert hit.fields["titulo"] == "Expediente de Juan Pérez López"
    assert hit.fields["descripcion"] == "Datos personales y médicos"
    hit6 = by_id(staff(any_loaded, "sobreprecio"))[6]
    assert hit6.fields["en_congelamiento"] is True and hit6.fields["holds"] == ["auditoria"]
    assert "documentos_texto" not in hit6.fields


def test_public_never_returns_staff_only_fields(any_loaded):
    for hit in public(any_loaded).hits:
        doc = next(d for d in DOCS if d.id == hit.id)
        assert hit.fields == public_fields(doc)
        assert "holds" not in hit.fields and "documentos_texto" not in hit.fields


def test_tombstones_are_public_with_acta_and_dictamen(any_loaded):
    hit = by_id(public(any_loaded, "arrendamiento bodegas"))[7]
    assert hit.fields["etapa"] == "baja"
    assert hit.fields["acta_baja"] == "AB-0042-20"
    assert hit.fields["dictamen_baja"] == "DV/007/2020"
    assert hit.fields["fecha_baja"].isoformat() == "2020-06-30"
    # The acta number itself finds the tombstone.
    assert 7 in by_id(public(any_loaded, '"AB-0042-20"'))


def test_public_facets_count_all_classes(any_loaded):
    facets = public(any_loaded).facets
    assert {f.value: f.count for f in facets["acceso"]} == {
        "publica": 6,
        "reservada": 1,
        "confidencial": 1,
    }
