"""Writing and verifying the audit chain."""

import datetime as dt
import decimal
import enum
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select, update

from archivo.audit.models import AuditEvent, AuditHead
from archivo.auth import policies
from archivo.db import get_session, utcnow

GENESIS = "0" * 64


def _default(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, decimal.Decimal | set | frozenset):
        return sorted(value) if isinstance(value, set | frozenset) else str(value)
    raise TypeError(f"not serialisable in an audit event: {type(value).__name__}")


def jsonable(data):
    """A plain-JSON copy of `data` (dates ISO, enums by value), as stored in events."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=_default))


def event_digest(event: AuditEvent) -> str:
    """sha256 over the canonical JSON of the event's content and the previous hash."""
    payload = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": str(event.subject_id),
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(uow, actor, action: str, subject_type: str, subject_id, *,
           before: dict | None = None, after: dict | None = None) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction.

    The head row is updated first: that write takes the lock (row lock on PostgreSQL,
    the database write lock on SQLite), so concurrent writers queue instead of forking
    the chain; `prev_hash` is unique as a second guard.
    """
    session = uow.session
    session.flush()
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq))
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if head is None:  # first event ever (the migration normally seeds the head)
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
        session.flush()
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", None) or "sistema",
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        before=jsonable(before),
        after=jsonable(after),
        prev_hash=head.hash,
    )
    event.hash = event_digest(event)
    session.add(event)
    head.seq, head.hash = event.seq, event.hash
    session.flush()
    return event


@dataclass
class ChainReport:
    """Result of walking the chain."""

    ok: bool
    events: int
    head_hash: str
    broken_at: int | None = None
    reason: str | None = None

    def to_dict(self) -> dict:
        return {"ok": self.ok, "events": self.events, "head_hash": self.head_hash,
                "broken_at_seq": self.broken_at, "reason": self.reason}


def iter_events(batch: int = 2000) -> Iterator[AuditEvent]:
    """All events in chain order, loaded in batches."""
    session = get_session()
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify_chain() -> ChainReport:
    """Walk the chain and report the first broken link (edited, removed or reordered)."""
    prev, count = GENESIS, 0
    for event in iter_events():
        count += 1
        if event.seq != count:
            return ChainReport(False, count - 1, prev, event.seq,
                               f"falta el evento {count} (se encontró {event.seq})")
        if event.prev_hash != prev:
            return ChainReport(False, count - 1, prev, event.seq,
                               "el evento no apunta al anterior")
        if event_digest(event) != event.hash:
            return ChainReport(False, count - 1, prev, event.seq,
                               "el contenido del evento fue alterado")
        prev = event.hash
    head = get_session().get(AuditHead, 1)
    if head is not None and (head.seq != count or head.hash != prev):
        return ChainReport(False, count, prev, head.seq,
                           "la cabeza de la cadena no coincide con el último evento")
    return ChainReport(True, count, prev)


def subject_history(actor, subject_type: str, subject_id) -> list[AuditEvent]:
    """The history of one subject for a reader; an expediente's needs leave to read it.

    Its events carry full before/after snapshots (title, description, fundamento), so a
    confidential expediente's history is as protected as the expediente itself.
    """
    from archivo.records.models import Expediente  # records depends on audit, not back
    from archivo.records.policies import require_expediente_read

    policies.require(actor, "read")
    if subject_type == "expediente" and str(subject_id).isdigit():
        exp = get_session().get(Expediente, int(subject_id))
        if exp is not None:
            require_expediente_read(actor, exp)
    return history(subject_type, subject_id)


def history(subject_type: str, subject_id) -> list[AuditEvent]:
    """Every event about one subject, oldest first."""
    return list(get_session().scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_type == subject_type,
               AuditEvent.subject_id == str(subject_id))
        .order_by(AuditEvent.seq)
    ))
