# archivo: two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export ARCHIVO_INSTANCE_PATH ?= $(CURDIR)/instance
PG_PORT ?= 54329
PG_DIR ?= $(CURDIR)/.pg

.PHONY: install run migrate demo test test-sqlite test-pg e2e chromium lint bench clean translations \
        translations-update

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(MAKE) --no-print-directory translations
	touch $@

translations:
	@if [ -d archivo/translations ]; then $(BIN)/pybabel compile -d archivo/translations >/dev/null; fi

# Re-extract after adding strings: UI strings (_ / N_ / ngettext) and the Spanish messages
# of domain errors and validators, which the error handlers translate at response time.
BABEL_KEYWORDS := -k N_ -k _ -k ngettext:1,2 -k DomainError -k InvalidTransition -k NotFound \
                  -k Forbidden -k Conflict -k Unauthorized -k ArchivoError -k ValidationError \
                  -k SearchQueryError
translations-update: install
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location \
	  -o archivo/translations/messages.pot . >/dev/null
	$(BIN)/pybabel update --no-fuzzy-matching -i archivo/translations/messages.pot \
	  -d archivo/translations

# A secret key generated once per instance folder, so sessions survive restarts.
$(ARCHIVO_INSTANCE_PATH)/secret_key:
	mkdir -p $(ARCHIVO_INSTANCE_PATH)
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(48))' > $@
	chmod 600 $@

migrate: install
	$(BIN)/flask --app archivo db upgrade

demo: migrate
	@if $(BIN)/flask --app archivo db is-empty; then \
	  echo "Base vacía: cargando el fondo de demostración…"; \
	  $(BIN)/flask --app archivo demo load; \
	fi

run: demo $(ARCHIVO_INSTANCE_PATH)/secret_key
	ARCHIVO_SECRET_KEY=$$(cat $(ARCHIVO_INSTANCE_PATH)/secret_key) \
	  $(BIN)/gunicorn --workers 2 --bind 127.0.0.1:5000 --access-logfile - wsgi:app

# The whole suite: SQLite, then the browser journeys (Chromium from Debian).
test: install chromium
	$(BIN)/pytest

test-sqlite: install
	$(BIN)/pytest -m 'not e2e'

# Same suite on PostgreSQL (needs ARCHIVO_TEST_DATABASE_URL; .ci/run starts a server).
test-pg: install
	@test -n "$$ARCHIVO_TEST_DATABASE_URL" || (echo "ARCHIVO_TEST_DATABASE_URL is not set" && exit 2)
	$(BIN)/pytest -m 'not e2e'

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: browser tests will be skipped"; fi; }

lint: install
	$(BIN)/ruff check archivo tests bench

# Every performance target of the issues, at the sizes they name (long: ~1 h). The
# PostgreSQL search benchmark (1M documents) runs only when ARCHIVO_BENCH_PG_URL is set.
BENCHES := api_bench ui_bench lifecycle_bench lifecycle_ui_bench import_bench \
           instruments_render instruments_db search_whoosh sync_bench ead_bench
bench: install
	@for f in $(BENCHES); do echo "== bench/$$f.py"; $(BIN)/python bench/$$f.py || exit 1; done
	@if [ -n "$$ARCHIVO_BENCH_PG_URL" ]; then $(BIN)/python bench/search_postgres.py; \
	 else echo "== bench/search_postgres.py skipped (set ARCHIVO_BENCH_PG_URL)"; fi

clean:
	rm -rf $(VENV) instance .pg test-artifacts

# Browser journeys only (also part of `make test`).
e2e: install chromium
	$(BIN)/pytest -m e2e tests/e2e
