"""The append-only audit chain: each event hashes the previous one's hash."""

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from archivo.db import Base, intpk, utcnow


class AuditEvent(Base):
    """One state change, linked to the previous event by hash (tamper-evident).

    There is no update or delete path for this table anywhere in the code.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)

    id: Mapped[intpk]
    seq: Mapped[int] = mapped_column(unique=True, comment="Position in the chain, 1..n")
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id"))
    actor_name: Mapped[str] = mapped_column(String(120), comment="Snapshot of who acted")
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(60))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """Single row holding the chain's head; updating it serialises writers."""

    __tablename__ = "audit_head"

    id: Mapped[intpk]
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64))
