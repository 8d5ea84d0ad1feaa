"""Record of every instrument the system issued, so a download can be verified by index lookup."""

import datetime as dt

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from archivo.db import Base, intpk, utcnow


class InstrumentoEmitido(Base):
    """One issued instrument file: its sha256, verification code, kind and subject.

    The same fact is written to the audit chain; this table exists so that the public
    verification of a code or of a downloaded file's hash is one index lookup.
    """

    __tablename__ = "instrumentos_emitidos"
    __table_args__ = (Index("ix_instrumentos_emitidos_kind_subject", "kind", "subject"),)

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(60), comment="Instrument (layout kind)")
    subject: Mapped[str] = mapped_column(String(120), comment="What it covers: fondo:1, baja:7…")
    titulo: Mapped[str] = mapped_column(String(255), comment="Human description of the subject")
    formato: Mapped[str] = mapped_column(String(10), comment="pdf, csv or json")
    sha256: Mapped[str] = mapped_column(String(64), index=True,
                                        comment="sha256 of the issued file's bytes")
    digest: Mapped[str] = mapped_column(String(64),
                                        comment="sha256 of the canonical data (kind, subject, "
                                                "data version, rows)")
    codigo: Mapped[str] = mapped_column(String(20), index=True,
                                        comment="Verification code printed on every page")
    data_version: Mapped[str] = mapped_column(String(60))
    registros: Mapped[int] = mapped_column(comment="Rows the instrument lists")
    publico: Mapped[bool] = mapped_column(default=False,
                                          comment="A published instrument (open to the public)")
    emitido_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    emitido_by_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    emitido_por: Mapped[str] = mapped_column(String(160), comment="Snapshot of who issued it")
