"""The OAI-PMH 2.0 request grammar: verbs, their arguments, datestamps and error codes.

Pure: it knows nothing about the database. A request that breaks the grammar raises
`OaiError` with the code the specification prescribes (section 3.6).
"""

import datetime as dt
import re
from dataclasses import dataclass

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"

# verb -> (required, optional, exclusive) arguments (spec section 4).
VERBS = {
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class OaiError(Exception):
    """A protocol error: rendered as <error code="…"> with HTTP 200, as the spec requires."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class OaiRequest:
    """A grammatically valid request; `args` holds exactly the arguments received."""

    verb: str
    args: dict[str, str]

    def get(self, name: str) -> str | None:
        return self.args.get(name)


@dataclass(frozen=True, slots=True)
class Window:
    """A selective-harvesting window on datestamps: from inclusive, until inclusive."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None  # exclusive upper bound (until + its granularity)


def parse_request(pairs: list[tuple[str, str]]) -> OaiRequest:
    """Check verb, repeated, missing, unknown and exclusive arguments."""
    names = [k for k, _ in pairs]
    verbs = [v for k, v in pairs if k == "verb"]
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "Falta el verbo, está repetido o no es un verbo OAI-PMH "
                                  "(Identify, ListMetadataFormats, ListSets, GetRecord, "
                                  "ListIdentifiers, ListRecords).")
    verb = verbs[0]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise OaiError("badArgument", f"Argumento repetido: {', '.join(repeated)}.")
    args = {k: v for k, v in pairs if k != "verb"}
    required, optional, exclusive = VERBS[verb]
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise OaiError("badArgument", f"{exclusive} no admite otros argumentos.")
        return OaiRequest(verb, args)
    unknown = sorted(set(args) - required - optional)
    if unknown:
        raise OaiError("badArgument", f"Argumento no válido para {verb}: {', '.join(unknown)}.")
    missing = sorted(required - set(args))
    if missing:
        raise OaiError("badArgument", f"Falta el argumento: {', '.join(missing)}.")
    return OaiRequest(verb, args)


def _parse_datestamp(name: str, value: str) -> tuple[dt.datetime, dt.timedelta]:
    """A datestamp and its granularity step, or badArgument."""
    try:
        if _DAY.match(value):
            return (dt.datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=dt.UTC),
                    dt.timedelta(days=1))
        if _SECOND.match(value):
            return (dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC),
                    dt.timedelta(seconds=1))
    except ValueError:
        pass
    raise OaiError("badArgument", f"{name} no es una fecha válida; use AAAA-MM-DD o "
                                  f"AAAA-MM-DDThh:mm:ssZ (UTC).")


def parse_window(start: str | None, end: str | None) -> Window:
    """The from/until window: same granularity on both, from not after until."""
    lo = _parse_datestamp("from", start) if start else None
    hi = _parse_datestamp("until", end) if end else None
    if lo and hi:
        if len(start) != len(end):
            raise OaiError("badArgument", "from y until deben tener la misma granularidad.")
        if lo[0] > hi[0]:
            raise OaiError("badArgument", "from no puede ser posterior a until.")
    return Window(lo[0] if lo else None, hi[0] + hi[1] if hi else None)


def datestamp(value: dt.datetime) -> str:
    """A UTC datestamp in the repository's granularity (seconds)."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
