"""Imports every feature's models so that metadata (and Alembic) sees all tables."""

from archivo.audit.models import AuditEvent, AuditHead  # noqa: F401
from archivo.auth.models import ApiToken, Usuario  # noqa: F401
from archivo.catalog.models import (  # noqa: F401
    ArchivoSede,
    CadidoVersion,
    Fondo,
    ReglaCadido,
    Seccion,
    Serie,
    UnidadAdministrativa,
)
from archivo.db import Base  # noqa: F401
from archivo.disposals.models import Baja, BajaItem, VotoGI  # noqa: F401
from archivo.holds.models import Congelamiento  # noqa: F401
from archivo.instruments.models import InstrumentoEmitido  # noqa: F401
from archivo.interop.models import DescripcionIsad  # noqa: F401
from archivo.loans.models import Prestamo  # noqa: F401
from archivo.records.models import Documento, Expediente, ExpedienteCounter  # noqa: F401
from archivo.search.models import SearchOutbox  # noqa: F401
from archivo.transfers.models import Transferencia, TransferenciaItem  # noqa: F401
