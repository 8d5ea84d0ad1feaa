"""Pure rules: code normalisation, due dates, key formats (no app, no database)."""

import datetime as dt

import pytest

from archivo.catalog.rules import code_depth, is_valid_code, normalize_code, parent_code
from archivo.records.keys import parse_consecutivo
from archivo.records.rules import add_years, check_key_format, due_dates, format_key

FMT = "{fondo}/{seccion}/{serie}/{consecutivo:03d}/{anio}"


@pytest.mark.parametrize("raw, norm", [
    ("04C.03.01", "4C.3.1"), ("4C.3.1", "4C.3.1"), (" 4c.3 ", "4C.3"),
    ("13S", "13S"), ("013S.002", "13S.2"), ("4C\u00a0.3", "4C.3"), ("10C.12", "10C.12"),
])
def test_normalize_code(raw, norm):
    assert normalize_code(raw) == norm


def test_code_shape_and_parents():
    assert is_valid_code("4C.3.1") and not is_valid_code("4C..3") and not is_valid_code("")
    assert not is_valid_code("4C.3.1.2")
    assert code_depth("4C") == 1 and code_depth("04C.03") == 2 and code_depth("4C.3.1") == 3
    assert parent_code("04C.03.01") == "4C.3" and parent_code("4C.3") == "4C"
    assert parent_code("4C") is None


def test_due_dates_add_whole_years():
    primaria, final = due_dates(dt.date(2016, 6, 30), 2, 5)
    assert primaria == dt.date(2018, 6, 30) and final == dt.date(2023, 6, 30)


def test_leap_day_falls_back_to_28_february():
    assert add_years(dt.date(2016, 2, 29), 1) == dt.date(2017, 2, 28)
    assert due_dates(dt.date(2020, 2, 29), 0, 4) == (dt.date(2020, 2, 29), dt.date(2024, 2, 29))


def test_key_format_round_trip():
    key = format_key(FMT, fondo="IEEN", seccion="6C", serie="6C.12", consecutivo=1, anio=2008)
    assert key == "IEEN/6C/6C.12/001/2008"
    assert parse_consecutivo(FMT, key) == 1
    assert parse_consecutivo(FMT, "otra cosa") is None


@pytest.mark.parametrize("fmt, ok", [
    (FMT, True), ("{fondo}-{anio}-{consecutivo}", True), ("{fondo}/{anio}", False),
    ("{fondo}/{nope}/{consecutivo}", False), ("{fondo/{consecutivo}", False),
])
def test_check_key_format(fmt, ok):
    assert (check_key_format(fmt) is None) is ok


def test_parse_key_reads_numbers_of_sane_length_only():
    from archivo.records.rules import parse_key

    fmt = "{fondo}/{seccion}/{serie}/{consecutivo:03d}/{anio}"
    assert parse_key(fmt, "IEEN/7C/7C.10/1/2017")["consecutivo"] == 1
    assert parse_key(fmt, "A/B/C/1/" + "9" * 20) is None  # no year has 20 digits
