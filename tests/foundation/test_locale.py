"""Spanish is Mexican Spanish: numbers are written 1,228.5, as in Mexico."""

from flask_babel import format_decimal


def test_spanish_numbers_use_mexican_separators(app):
    with app.test_request_context("/"):
        assert format_decimal(1228.5) == "1,228.5"
    with app.test_request_context("/?lang=en"):
        assert format_decimal(1228.5) == "1,228.5"


def test_the_page_language_is_still_es_mx(client):
    assert '<html lang="es-MX">' in client.get("/").get_data(as_text=True)
