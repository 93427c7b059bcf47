# Rootline: `make run` serves the product on :9000 with embedded defaults; `make test` runs every check.
VENV ?= .venv
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 9000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The web UI (frontend/): npm ci when the lock changes, vite build when a source changes.
UI := frontend
UI_DEPS := $(UI)/node_modules/.package-lock.json
UI_BUILD := $(UI)/dist/index.html
UI_SOURCES := $(shell find $(UI)/src $(UI)/public -type f 2>/dev/null) $(UI)/index.html \
	$(UI)/vite.config.ts $(UI)/tsconfig.json

.PHONY: install run migrate worker test lint typecheck tools clean ui ui-test

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

$(UI_DEPS): $(UI)/package-lock.json
	cd $(UI) && npm ci --no-audit --no-fund

$(UI_BUILD): $(UI_DEPS) $(UI_SOURCES)
	cd $(UI) && npm run build

ui: $(UI_BUILD)

install: $(STAMP) $(UI_BUILD)

migrate: install
	ROOTLINE_ENV=$${ROOTLINE_ENV:-development} $(BIN)/flask --app incident_app db upgrade

# One worker process: the failure simulation's world lives in the process that serves it.
run: migrate
	ROOTLINE_ENV=$${ROOTLINE_ENV:-development} HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=1 \
		GUNICORN_THREADS=8 $(BIN)/gunicorn -c python:incident_app.gunicorn_conf wsgi:app

worker: migrate
	ROOTLINE_ENV=$${ROOTLINE_ENV:-development} $(BIN)/flask --app incident_app worker

tools:
	scripts/install-prometheus.sh
	scripts/install-alertmanager.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

test: lint typecheck tools
	$(BIN)/pytest -n 2
	$(MAKE) --no-print-directory ui-test

# API types match the OpenAPI document; Vitest; Playwright in Debian's Chromium (starts its own API).
ui-test: install
	cd $(UI) && npm run api:check && npm test && npm run e2e

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(UI)/node_modules $(UI)/dist
