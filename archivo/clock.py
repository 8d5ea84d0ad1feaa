"""The institution's clock: instants stored in UTC, printed in the institution's zone.

Every date or time an instrument prints ("Fecha de elaboración", the acta's hour, a
transfer's date) or a screen derives from a stored instant goes through here, so a PDF
never says 18:01 where the UI says 12:01, nor dates a document tomorrow after 18:00 in
Mexico City.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

log = logging.getLogger(__name__)

# The same default archivo.i18n gives Flask-Babel (BABEL_DEFAULT_TIMEZONE), used when no
# app is at hand (pure tests, scripts).
DEFAULT_ZONE = "America/Mexico_City"


@lru_cache(maxsize=8)
def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("zona horaria desconocida %r (BABEL_DEFAULT_TIMEZONE); se usa UTC", name)
        return dt.UTC


def zone() -> dt.tzinfo:
    """The institution's time zone: the app's `BABEL_DEFAULT_TIMEZONE`."""
    name = DEFAULT_ZONE
    if has_app_context():
        name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") or DEFAULT_ZONE
    return _zone(str(name))


def local(instant: dt.datetime | None = None) -> dt.datetime:
    """`instant` (default: now) in the institution's zone; a naive value is taken as UTC."""
    if instant is None:
        instant = dt.datetime.now(dt.UTC)
    elif instant.tzinfo is None:  # stored instants are UTC; SQLite may drop the zone
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(zone())


def now() -> dt.datetime:
    """This instant in the institution's zone (timezone-aware)."""
    return local()


def today() -> dt.date:
    """Today's date where the institution is (not where the server's clock is)."""
    return local().date()


def local_date(instant: dt.datetime | dt.date | None) -> dt.date | None:
    """The institution's calendar date of a stored instant (a date passes through)."""
    if instant is None or not isinstance(instant, dt.datetime):
        return instant
    return local(instant).date()
