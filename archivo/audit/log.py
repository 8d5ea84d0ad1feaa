"""The auditor's event log: the chain's events filtered, newest first, in keyset pages.

Who reads it: the roles that verify the chain (`audit.verify`). Events about an expediente
carry snapshots of its content (title, description, fundamento), so the content of those
whose access class the reader may not read (`hidden_accesos`, the rule of
`service.subject_history`) is withheld: the event stays listed (who, what, when) with its
`before`/`after` blanked and `contenido_oculto` set.

Speed on a large table without new indexes: pages are keyset (cursor: `seq`; rows walked
by primary key, see `_fetch`), never OFFSET, and no total is counted. Action, subject and
dates filter through their indexes (`ix_audit_events_action`, `ix_audit_events_subject`,
`ix_audit_events_occurred_at`); the actor has no index, so an actor filter without an
indexed one examines at most `SCAN_WINDOW` events per page and hands the cursor on when
the window is spent.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import false, func, select

from archivo.audit.models import AuditEvent
from archivo.audit.schemas import EventQuerySchema
from archivo.auth import policies
from archivo.db import get_session

SCAN_WINDOW = 10_000
EXPORT_MAX = 10_000
EXPORT_BATCH = 500


@dataclasses.dataclass(frozen=True)
class LoggedEvent:
    """An event as a reader sees it in the log (a copy: never written back)."""

    seq: int
    occurred_at: dt.datetime
    actor_id: int | None
    actor_name: str
    action: str
    subject_type: str
    subject_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str
    contenido_oculto: bool = False
    subject_label: str | None = None  # the expediente's key, where the subject is one


@dataclasses.dataclass
class EventPage:
    """One page of the log and the cursor of the next (older) one."""

    items: list[LoggedEvent]
    per_page: int
    next_before: int | None
    scanned_from: int | None = None  # lowest seq examined when the scan was windowed


@dataclasses.dataclass
class Export:
    """The events of a download, streamed; `truncated` is known once it is consumed."""

    query: dict
    limit: int
    events: Iterator[LoggedEvent] = dataclasses.field(default=iter(()))
    written: int = 0
    truncated: bool = False


def parse_query(actor, params: dict) -> dict:
    """Authorise the reader and load the filters (422 on bad ones)."""
    policies.require(actor, "audit.verify")
    return EventQuerySchema().load(params)


def _local_midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz).astimezone(dt.UTC)


def _conditions(q: dict, tz: dt.tzinfo) -> list:
    conds = []
    if q["action"]:
        conds.append(AuditEvent.action == q["action"])
    if q["actor_id"] is not None:
        conds.append(AuditEvent.actor_id == q["actor_id"])
    if q["subject_type"]:
        conds.append(AuditEvent.subject_type == q["subject_type"])
        if q["subject_id"]:
            conds.append(AuditEvent.subject_id == q["subject_id"])
    # Dates are the reader's local days (the app shows times in its timezone).
    if q["since"]:
        conds.append(AuditEvent.occurred_at >= _local_midnight(q["since"], tz))
    if q["until"]:
        conds.append(AuditEvent.occurred_at
                     < _local_midnight(q["until"] + dt.timedelta(days=1), tz))
    return conds


def _windowed(q: dict) -> bool:
    """True when no indexed filter narrows the scan (the actor alone has no index)."""
    return q["actor_id"] is not None and not (q["action"] or q["subject_id"])


def _id_at(session, seq: int) -> int | None:
    """The row id of the first event at or after `seq` (one probe of the seq index)."""
    return session.scalar(select(AuditEvent.id).where(AuditEvent.seq >= seq)
                          .order_by(AuditEvent.seq).limit(1))


def _fetch(conds: list, before: int | None, limit: int, windowed: bool):
    """Up to `limit` events older than `before`, the next cursor and the window's floor.

    Cursors are chain positions (`seq`), but rows are walked by primary key: ids grow
    with seq (both are assigned while the writer holds the chain's head lock), and a
    secondary index ends with the row id (SQLite) or the planner walks the primary key
    backwards (PostgreSQL), so `WHERE action = ? ORDER BY id DESC LIMIT n` reads n index
    entries where `ORDER BY seq` would sort every event of that action first.
    """
    session = get_session()
    stmt = select(AuditEvent).where(*conds)
    if before is not None:
        cut = _id_at(session, before)
        if cut is not None:  # else `before` lies past the newest event: no bound
            stmt = stmt.where(AuditEvent.id < cut)
    floor = None
    if windowed:
        top = before if before is not None else (
            (session.scalar(select(func.max(AuditEvent.seq))) or 0) + 1)
        floor = max(top - SCAN_WINDOW, 1)
        low = _id_at(session, floor)
        stmt = stmt.where(AuditEvent.id >= low if low is not None else false())
    rows = list(session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit + 1)))
    if len(rows) > limit:
        rows = rows[:limit]
        nxt = rows[-1].seq
    elif floor is not None and floor > 1:
        nxt = floor  # the window is spent, not the log: older events may still match
    else:
        nxt = None
    return rows, nxt, floor


def _visible(actor, rows: list[AuditEvent]) -> list[LoggedEvent]:
    """The rows as the reader may see them, expediente keys attached."""
    from archivo.interop.visibility import hidden_accesos  # records depends on audit
    from archivo.records.models import Expediente

    ids = {int(e.subject_id) for e in rows
           if e.subject_type == "expediente" and e.subject_id.isdigit()}
    known = {}
    if ids:
        known = {i: (clave, acceso) for i, clave, acceso in get_session().execute(
            select(Expediente.id, Expediente.clave, Expediente.acceso)
            .where(Expediente.id.in_(sorted(ids))))}
    hidden = hidden_accesos(actor)
    out = []
    for e in rows:
        exp = known.get(int(e.subject_id)) if (
            e.subject_type == "expediente" and e.subject_id.isdigit()) else None
        masked = exp is not None and exp[1] in hidden
        out.append(LoggedEvent(
            seq=e.seq, occurred_at=e.occurred_at, actor_id=e.actor_id,
            actor_name=e.actor_name, action=e.action, subject_type=e.subject_type,
            subject_id=e.subject_id, before=None if masked else e.before,
            after=None if masked else e.after, prev_hash=e.prev_hash, hash=e.hash,
            contenido_oculto=masked, subject_label=exp[0] if exp else None))
    return out


def list_events(actor, params: dict, *, tz: dt.tzinfo = dt.UTC) -> tuple[EventPage, dict]:
    """One page of the filtered log, newest first, and the loaded filters."""
    q = parse_query(actor, params)
    windowed = _windowed(q)
    rows, nxt, floor = _fetch(_conditions(q, tz), q["before"], q["per_page"], windowed)
    return EventPage(_visible(actor, rows), q["per_page"], nxt, floor), q


def export_events(actor, params: dict, *, tz: dt.tzinfo = dt.UTC,
                  limit: int | None = None) -> Export:
    """The filtered log for a download: at most `limit` events, newest first, in batches.

    Authorisation and filters are checked now; the rows are read as the download is
    written, so memory stays flat.
    """
    q = parse_query(actor, {k: v for k, v in params.items() if k not in ("before", "per_page")})
    export = Export(query=q, limit=limit or EXPORT_MAX)
    export.events = _stream(actor, q, tz, export)
    return export


def _stream(actor, q: dict, tz: dt.tzinfo, export: Export) -> Iterator[LoggedEvent]:
    conds, windowed, before = _conditions(q, tz), _windowed(q), None
    while True:
        rows, before, _floor = _fetch(conds, before, EXPORT_BATCH, windowed)
        events = _visible(actor, rows)
        session = get_session()
        for row in rows:  # copied: keep the identity map small on long downloads
            session.expunge(row)
        for event in events:
            if export.written == export.limit:
                export.truncated = True
                return
            export.written += 1
            yield event
        if before is None:
            return


def actor_choices(actor) -> list[tuple[int, str]]:
    """The people the log can be filtered by: (id, «username · nombre»)."""
    from archivo.auth.models import Usuario  # auth depends on audit, not back

    policies.require(actor, "audit.verify")
    return [(i, f"{username} · {nombre}") for i, username, nombre in get_session().execute(
        select(Usuario.id, Usuario.username, Usuario.nombre).order_by(Usuario.username))]
