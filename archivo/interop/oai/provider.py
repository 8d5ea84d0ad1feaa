"""The six OAI-PMH verbs over the public records, answering errors as the spec says."""

import datetime as dt
from dataclasses import dataclass

from archivo.catalog.cadido import regla_vigente
from archivo.interop import ead, tree
from archivo.interop.description import from_expediente
from archivo.interop.models import Nivel
from archivo.interop.oai import render, repository, tokens
from archivo.interop.oai.protocol import (
    GRANULARITY,
    OaiError,
    OaiRequest,
    datestamp,
    parse_request,
    parse_window,
)
from archivo.interop.xmlwriter import XmlWriter
from archivo.records.enums import Etapa


@dataclass(frozen=True, slots=True)
class Settings:
    """Repository identity and paging, from the app configuration."""

    base_url: str
    repository_id: str
    repository_name: str
    admin_email: str
    secret: str
    page_size: int = 100
    token_ttl: int = 3600


class Provider:
    """Answers one request; `respond` never raises for bad input, it returns <error>."""

    def __init__(self, settings: Settings, now: dt.datetime):
        self.s = settings
        self.now = now
        self._index: repository.SetIndex | None = None
        self._reglas: dict[int, object] = {}

    @property
    def index(self) -> repository.SetIndex:
        if self._index is None:
            self._index = repository.set_index()
        return self._index

    def respond(self, pairs: list[tuple[str, str]]) -> bytes:
        """The full response document for the request's arguments."""
        body = XmlWriter(declaration=False)
        req, failure = None, None
        try:
            req = parse_request(pairs)
            getattr(self, "_" + req.verb)(body, req)
        except OaiError as err:
            failure = err
        # Spec 3.2: after badVerb or badArgument the request element echoes no arguments.
        echo = None if req is None or (failure and failure.code in ("badVerb", "badArgument")) \
            else {"verb": req.verb, **req.args}
        w = XmlWriter()
        render.open_envelope(w, self.now, self.s.base_url, echo)
        if failure is not None:
            render.error(w, failure.code, failure.message)
        else:
            w.raw(body.drain().decode())
        w.end()
        return w.drain()

    # --- verbs --------------------------------------------------------------------

    def _Identify(self, w: XmlWriter, req: OaiRequest) -> None:  # noqa: N802
        earliest = repository.earliest() or self.now
        w.start("Identify")
        w.leaf("repositoryName", self.s.repository_name)
        w.leaf("baseURL", self.s.base_url)
        w.leaf("protocolVersion", "2.0")
        w.leaf("adminEmail", self.s.admin_email)
        w.leaf("earliestDatestamp", datestamp(earliest))
        w.leaf("deletedRecord", "persistent")
        w.leaf("granularity", GRANULARITY)
        w.end()

    def _ListMetadataFormats(self, w: XmlWriter, req: OaiRequest) -> None:  # noqa: N802
        if req.get("identifier") is not None:
            self._load(req.get("identifier"))
        w.start("ListMetadataFormats")
        for prefix, (schema, namespace) in render.FORMATS.items():
            w.start("metadataFormat")
            w.leaf("metadataPrefix", prefix)
            w.leaf("schema", schema)
            w.leaf("metadataNamespace", namespace)
            w.end()
        w.end()

    def _ListSets(self, w: XmlWriter, req: OaiRequest) -> None:  # noqa: N802
        if "resumptionToken" in req.args:  # the set list always fits in one response
            raise OaiError("badResumptionToken", "La lista de conjuntos no usa paginación.")
        if not self.index.sets:
            raise OaiError("noSetHierarchy", "El repositorio todavía no tiene conjuntos.")
        w.start("ListSets")
        for spec in sorted(self.index.sets):
            w.start("set")
            w.leaf("setSpec", spec)
            w.leaf("setName", self.index.sets[spec].name)
            w.end()
        w.end()

    def _GetRecord(self, w: XmlWriter, req: OaiRequest) -> None:  # noqa: N802
        prefix = self._format(req.get("metadataPrefix"))
        row = self._load(req.get("identifier"))
        stored = tree.descripciones(Nivel.EXPEDIENTE, [row.id])
        w.start("GetRecord")
        self._record(w, row, prefix, stored.get(row.id), with_metadata=True)
        w.end()

    def _ListIdentifiers(self, w: XmlWriter, req: OaiRequest) -> None:  # noqa: N802
        self._list(w, req, with_metadata=False)

    def _ListRecords(self, w: XmlWriter, req: OaiRequest) -> None:  # noqa: N802
        self._list(w, req, with_metadata=True)

    # --- helpers --------------------------------------------------------------------

    def _format(self, prefix: str) -> str:
        if prefix not in render.FORMATS:
            raise OaiError("cannotDisseminateFormat",
                           f"Formato no disponible: {prefix}; use oai_dc o ead.")
        return prefix

    def _load(self, identifier: str):
        expediente_id = repository.local_id(identifier, self.s.repository_id)
        row = repository.record(expediente_id) if expediente_id is not None else None
        if row is None:  # not public looks exactly like not existing: nothing leaks
            raise OaiError("idDoesNotExist", "El identificador no existe en este repositorio.")
        return row

    def _list_state(self, req: OaiRequest) -> dict:
        if "resumptionToken" in req.args:
            state = tokens.redeem(req.get("resumptionToken"), secret=self.s.secret,
                                  now=self.now)
            if state.get("verb") != req.verb:
                raise OaiError("badResumptionToken",
                               "El resumptionToken pertenece a otro verbo.")
            return state
        prefix = self._format(req.get("metadataPrefix"))
        parse_window(req.get("from"), req.get("until"))
        spec = req.get("set")
        if spec is not None and not self.index.sets:
            raise OaiError("noSetHierarchy", "El repositorio todavía no tiene conjuntos.")
        return {"verb": req.verb, "prefix": prefix, "set": spec, "from": req.get("from"),
                "until": req.get("until"), "after": 0, "cursor": 0, "size": None}

    def _list(self, w: XmlWriter, req: OaiRequest, *, with_metadata: bool) -> None:
        state = self._list_state(req)
        window = parse_window(state["from"], state["until"])
        oai_set = None
        if state["set"] is not None:
            oai_set = self.index.sets.get(state["set"])
            if oai_set is None:
                raise OaiError("noRecordsMatch", "No existe el conjunto indicado.")
        size = state["size"]
        if size is None:
            size = repository.count(oai_set, window.start, window.end)
        # One row more than a page tells whether a next page exists.
        rows = repository.page(oai_set, window.start, window.end, state["after"],
                               self.s.page_size + 1)
        more = len(rows) > self.s.page_size
        rows = rows[:self.s.page_size]
        if not rows:
            raise OaiError("noRecordsMatch", "Ningún registro coincide con la solicitud.")
        stored = (tree.descripciones(Nivel.EXPEDIENTE, [r.id for r in rows])
                  if with_metadata else {})
        w.start(req.verb)
        for row in rows:
            if with_metadata:
                w.start("record")
            self._record(w, row, state["prefix"], stored.get(row.id),
                         with_metadata=with_metadata)
            if with_metadata:
                w.end()
        if more:
            next_state = {**state, "after": rows[-1].id,
                          "cursor": state["cursor"] + len(rows), "size": size}
            token, expires = tokens.issue(next_state, secret=self.s.secret, now=self.now,
                                          ttl=self.s.token_ttl)
            render.resumption(w, token, expires, size, state["cursor"])
        elif state["cursor"]:  # the last page of a paged list carries an empty token
            render.resumption(w, None, None, size, state["cursor"])
        w.end()

    def _record(self, w: XmlWriter, row, prefix: str, stored, *, with_metadata: bool):
        deleted = row.etapa == Etapa.BAJA
        specs = self.index.of_serie.get(row.serie_id, [])
        render.header(w, repository.identifier(row.id, self.s.repository_id),
                      row.updated_at, specs, deleted)
        if deleted or not with_metadata:
            return
        fondo = self.index.fondos[row.fondo_id]
        regla = self._regla(row.serie_id)
        w.start("metadata")
        if prefix == "oai_dc":
            d = from_expediente(None, row, regla, stored)
            render.oai_dc(w, d, fondo.nombre, self.index.serie_names.get(row.serie_id),
                          row.palabras_clave)
        else:
            w.raw(ead.expediente_record(None, fondo, row, regla, stored,
                                        now=self.now).decode())
        w.end()

    def _regla(self, serie_id: int):
        if serie_id not in self._reglas:
            self._reglas[serie_id] = regla_vigente(serie_id)
        return self._reglas[serie_id]
