"""Production refuses the settings whose defaults are only safe on a developer's machine."""

import pytest

from archivo.config import check_production

GOOD = {"ENV": "production", "SECRET_KEY": "x" * 40,
        "PUBLIC_BASE_URL": "https://archivo.ieen.gob.mx"}


def test_production_needs_a_secret_and_the_public_address():
    check_production(GOOD)
    with pytest.raises(RuntimeError, match="ARCHIVO_SECRET_KEY"):
        check_production({**GOOD, "SECRET_KEY": "short"})
    with pytest.raises(RuntimeError, match="ARCHIVO_PUBLIC_BASE_URL"):
        check_production({**GOOD, "PUBLIC_BASE_URL": None})
    check_production({**GOOD, "ENV": "development", "PUBLIC_BASE_URL": None})
