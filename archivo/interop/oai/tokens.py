"""Resumption tokens: the harvest's position, signed (tamper-evident) and with an expiry.

A token is `base64url(json state) . base64url(HMAC-SHA256)`. The state names the list
(verb, format, set, window) and the last id sent, so paging is a keyset walk that
neither skips nor repeats records when others are added meanwhile.
"""

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json

from archivo.interop.oai.protocol import OaiError

PURPOSE = b"archivo.oai.resumption-token.v1"


def _key(secret: str) -> bytes:
    # A key of its own, derived from the app secret, so a token can never pass for a
    # session cookie or anything else signed with the secret.
    return hmac.new(secret.encode(), PURPOSE, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(state: dict, *, secret: str, now: dt.datetime, ttl: int) -> tuple[str, dt.datetime]:
    """A token for `state` and its expiration date."""
    expires = now + dt.timedelta(seconds=ttl)
    body = json.dumps({**state, "exp": int(expires.timestamp())}, separators=(",", ":"),
                      sort_keys=True).encode()
    mac = hmac.new(_key(secret), body, hashlib.sha256).digest()
    return f"{_b64(body)}.{_b64(mac)}", expires.replace(microsecond=0)


def redeem(token: str, *, secret: str, now: dt.datetime) -> dict:
    """The state of a genuine, unexpired token, or badResumptionToken."""
    try:
        body_part, mac_part = token.split(".")
        body, mac = _unb64(body_part), _unb64(mac_part)
    except (ValueError, binascii.Error):
        raise OaiError("badResumptionToken", "El resumptionToken no es válido.") from None
    expected = hmac.new(_key(secret), body, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected):
        raise OaiError("badResumptionToken", "El resumptionToken no es válido.")
    state = json.loads(body)
    if state.pop("exp") < now.timestamp():
        raise OaiError("badResumptionToken",
                       "El resumptionToken venció; reinicie la cosecha desde el principio.")
    return state
