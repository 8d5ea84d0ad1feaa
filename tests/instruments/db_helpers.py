"""Helpers for tests that issue instruments from the database: sign in, issue, read back."""

import csv
import io
import json

from archivo.instruments import service
from tests.instruments.helpers import pages_text


def sign_in(client, user) -> None:
    """Put `user` in the test client's session (GET requests need no CSRF token)."""
    with client.session_transaction() as session:
        session["uid"] = user.id
        session["pwd"] = user.password_hash[-16:]
        session["csrf"] = "t" * 32


def issue(app, actor, kind: str, **params):
    """Issue an instrument inside a request context (it reads the public base URL)."""
    with app.test_request_context():
        return service.issue(actor, {"kind": kind, **params})


def pdf_text(issued) -> str:
    """All pages' text of an issued PDF, joined."""
    return "\n".join(pages_text(issued.content))


def csv_rows(content: bytes) -> list[dict]:
    """Rows of an issued CSV (checks the BOM)."""
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def json_doc(content: bytes) -> dict:
    return json.loads(content)
