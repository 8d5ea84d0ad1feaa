"""The shape every data source returns, and helpers shared by them (streaming, signers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select

from archivo import clock
from archivo.auth.models import Usuario
from archivo.auth.roles import Rol
from archivo.catalog.models import Fondo, ReglaCadido
from archivo.db import get_session

# Rows are fetched from the cursor this many at a time: an inventory of 50,000
# expedientes never sits in memory (psycopg uses a server-side cursor for yield_per).
FETCH = 1000
ARCHIVE_LABELS = {"tramite": "Archivo de trámite", "concentracion": "Archivo de concentración",
                  "historico": "Archivo histórico"}


@dataclass
class Source:
    """Everything one instrument needs: header, a fresh row stream, closing figures.

    `rows()` starts a new stream each call (rendering reads it once; the verification
    digest is computed while it streams). `subject` names what the instrument covers
    (`fondo:1`, `baja:7`…) and with `data_version` goes into the verification digest.
    """

    kind: str
    subject: str
    titulo: str
    data_version: str
    fondo: Fondo
    header: dict
    rows: Callable[[], Iterator[Mapping]]
    closing: dict = field(default_factory=dict)
    count: Callable[[], int] | None = None
    public_url: str | None = None

    @property
    def fondo_info(self) -> dict:
        """What the page chrome prints about the fondo."""
        return {"nombre": self.fondo.nombre, "logo_path": self.fondo.logo_path}

    @property
    def filename(self) -> str:
        """Download name, e.g. `inventario_general-fondo-1-unidad-DA` (without extension).

        The subject's letters and digits, in runs joined by one hyphen: a wildcard part
        (`*`, "any unit") leaves no empty `--` behind (`guia_archivo-fondo-1`).
        """
        parts = "".join(ch if ch.isalnum() else " " for ch in self.subject).split()
        return "-".join([self.kind, *parts])


def stream(stmt: Select) -> Iterator[dict]:
    """Rows of a Core select as dicts, fetched in chunks from one cursor."""
    result = get_session().execute(stmt.execution_options(yield_per=FETCH))
    try:
        keys = tuple(result.keys())
        # plain tuples zipped with the column names: RowMapping per row costs more
        for row in result:
            yield dict(zip(keys, row, strict=True))
    finally:
        result.close()


def count_of(stmt: Select) -> Callable[[], int]:
    """A callable counting the rows `stmt` returns (for progress bars)."""
    return lambda: get_session().scalar(
        select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def signer(prefix: str, user: Usuario | None = None, *, nombre: str | None = None,
           cargo: str | None = None) -> dict:
    """`<prefix>_nombre` / `<prefix>_cargo` header keys for a signature block."""
    if user is not None:
        nombre, cargo = user.nombre, user.cargo or _role_cargo(user)
    return {f"{prefix}_nombre": nombre or "", f"{prefix}_cargo": cargo or ""}


def _role_cargo(user: Usuario) -> str:
    from archivo.auth.roles import ROL_LABELS

    return ROL_LABELS.get(user.rol, "")


def user(user_id: int | None) -> Usuario | None:
    """A user by id (None passes through)."""
    return get_session().get(Usuario, user_id) if user_id else None


def coordinador() -> Usuario | None:
    """The active coordinador de archivos (who revises and validates instruments)."""
    return get_session().scalars(
        select(Usuario).where(Usuario.rol == Rol.COORDINADOR, Usuario.activo.is_(True))
        .order_by(Usuario.id).limit(1)).first()


def valores_primarios(row: Mapping, prefix: str = "") -> set[str]:
    """The primary values of a rule row as a set of their codes (A, L, F/C marks)."""
    names = {"valor_administrativo": "administrativo", "valor_legal": "legal",
             "valor_fiscal_contable": "fiscal_contable"}
    return {v for k, v in names.items() if row.get(prefix + k)}


def valores_secundarios(row: Mapping, prefix: str = "") -> set[str]:
    """The secondary values of a rule row."""
    names = {"valor_evidencial": "evidencial", "valor_testimonial": "testimonial",
             "valor_informativo": "informativo"}
    return {v for k, v in names.items() if row.get(prefix + k)}


RULE_COLUMNS = (ReglaCadido.plazo_tramite, ReglaCadido.plazo_concentracion, ReglaCadido.destino,
                ReglaCadido.valor_administrativo, ReglaCadido.valor_legal,
                ReglaCadido.valor_fiscal_contable, ReglaCadido.valor_evidencial,
                ReglaCadido.valor_testimonial, ReglaCadido.valor_informativo)


def ubicacion(row: Mapping) -> str:
    """Ubicación topográfica as printed: edificio, estante, caja (or the digital location)."""
    parts = [row.get("ubicacion_edificio") or ""]
    parts += [f"{label} {row[key]}" for key, label in (
        ("ubicacion_estante", "est."), ("ubicacion_caja", "caja")) if row.get(key)]
    text = ", ".join(p for p in parts if p)
    return text or row.get("ubicacion_digital") or ""


def today() -> dt.date:
    """Today's date in the institution's zone (one place, so a source never mixes clocks)."""
    return clock.today()


def spanish(value) -> str:
    """The Spanish label of an enumeration value as printed on instruments."""
    from archivo.labels import LABELS

    key = getattr(value, "value", value)
    return str(LABELS.get(key, key or ""))


def version_stamp(*parts) -> str:
    """A data version string from the facts that change when the printed data changes."""
    return ":".join("" if p is None else (p.isoformat() if hasattr(p, "isoformat") else str(p))
                    for p in parts)
