"""Whoosh schema for expedientes and the SearchDocument <-> index-fields mapping."""

from datetime import date, datetime
from typing import Any

from whoosh import columns, fields

from archivo.catalog.enums import Acceso
from archivo.search.analysis import (
    PART_SEP,
    SpanishAnalyzer,
    code_terms,
    fold,
    fold_words,
    normalize_key,
)
from archivo.search.backend import DATE_FIELDS, SearchDocument, public_text
from archivo.search.whoosh_fields import ExactID, ExactKeywords, SpanishText

# Attached text is indexed whole but only its start is stored for snippets: storing
# whole PDFs would make every hit fetch megabytes.
STORED_ADJUNTOS_CHARS = 20_000
# Separates a facet value from its display label inside one column value.
LABEL_SEP = "\x1f"


def _text():
    return SpanishText(analyzer=SpanishAnalyzer(with_bigrams=True), phrase=False)


def build_schema() -> fields.Schema:
    """Public and staff-only text kept in separate fields, so a public query can never
    match a protected word; exact-token fields for codes and keys; facet columns.

    Whoosh is pure Python and pays per posting, so text is packed into as few fields
    as possible (a term in title and body is one posting), titles are weighted by
    repetition instead of a field boost, and phrases use bigram terms instead of
    positions (see analysis.bigrams).
    """
    return fields.Schema(
        id=ExactID(unique=True),
        # Everything anyone may match (public title twice + public body + bigrams).
        pub=_text(),
        # Staff-only text: protected title/description, fundamento, attachments.
        priv=_text(),
        # Unstemmed public title words for "did you mean" (public only: a suggestion
        # must never reveal a word of a protected description).
        spell=ExactKeywords(scorable=False),
        codigos=ExactKeywords(),
        clave=ExactID(),
        unidad=ExactID(),
        anio=ExactID(),
        etapa=ExactID(),
        acceso=ExactID(),
        payload=fields.STORED(),
        c_id=fields.COLUMN(columns.NumericColumn("q", default=0)),
        c_serie=fields.COLUMN(columns.RefBytesColumn()),
        c_seccion=fields.COLUMN(columns.RefBytesColumn()),
        c_unidad=fields.COLUMN(columns.RefBytesColumn()),
        c_etapa=fields.COLUMN(columns.RefBytesColumn()),
        c_acceso=fields.COLUMN(columns.RefBytesColumn()),
        c_anio=fields.COLUMN(columns.NumericColumn("i", default=0)),
        c_apertura=fields.COLUMN(columns.NumericColumn("i", default=0)),
        c_cierre=fields.COLUMN(columns.NumericColumn("i", default=0)),
    )


def _with_bigrams(texts: list[str]) -> str:
    """One field value from several texts; the analyzer adds bigrams within each."""
    return PART_SEP.join(t for t in texts if t)


def _labelled(value: str, label: str) -> bytes:
    return f"{value}{LABEL_SEP}{label}".encode()


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else 0


def to_fields(doc: SearchDocument) -> dict[str, Any]:
    """Index fields of one document (the argument of `writer.update_document`)."""
    pub_titulo, pub_texto = public_text(doc)
    pub = _with_bigrams([pub_titulo, pub_titulo, pub_texto])
    # Staff-only text: exactly what the public view lacks (the rest is in `pub`).
    private = [doc.documentos_texto]
    if doc.titulo != pub_titulo:
        private.append(doc.titulo)
    if doc.acceso != Acceso.PUBLICA:
        private += [doc.descripcion, " ".join(doc.palabras_clave)]
    serie = code_terms(doc.serie_codigo)
    seccion = code_terms(doc.seccion_codigo)
    unidad = fold(doc.unidad_clave.strip())
    return {
        "id": str(doc.id),
        "pub": pub,
        "priv": _with_bigrams(private),
        "spell": " ".join(dict.fromkeys(fold_words(pub_titulo))),
        "codigos": " ".join(dict.fromkeys(serie + seccion)),
        "clave": normalize_key(doc.clave),
        "unidad": unidad,
        "anio": str(doc.anio or ""),
        "etapa": doc.etapa,
        "acceso": doc.acceso,
        "payload": to_payload(doc),
        "c_id": doc.id,
        "c_serie": _labelled(serie[0] if serie else "", doc.serie_nombre),
        "c_seccion": _labelled(seccion[0] if seccion else "", doc.seccion_nombre),
        "c_unidad": _labelled(unidad, doc.unidad_nombre),
        "c_etapa": doc.etapa.encode(),
        "c_acceso": doc.acceso.encode(),
        "c_anio": doc.anio or 0,
        "c_apertura": _ordinal(doc.fecha_apertura),
        "c_cierre": _ordinal(doc.fecha_cierre),
    }


def to_payload(doc: SearchDocument) -> dict[str, Any]:
    """Stored copy of the document (dates as ISO strings: stable across versions)."""
    out = {name: getattr(doc, name) for name in doc.__slots__}
    for name in DATE_FIELDS:
        out[name] = out[name].isoformat() if out[name] else None
    out["updated_at"] = doc.updated_at.isoformat() if doc.updated_at else None
    out["documentos_texto"] = doc.documentos_texto[:STORED_ADJUNTOS_CHARS]
    return out


def from_payload(payload: dict[str, Any]) -> SearchDocument:
    """Rebuild the SearchDocument stored by `to_payload`."""
    data = dict(payload)
    for name in DATE_FIELDS:
        data[name] = date.fromisoformat(data[name]) if data.get(name) else None
    if data.get("updated_at"):
        data["updated_at"] = datetime.fromisoformat(data["updated_at"])
    known = set(SearchDocument.__slots__)
    return SearchDocument(**{k: v for k, v in data.items() if k in known})
