# Rootline: `make run` serves the product on :9000 with embedded defaults; `make test` runs every check.
VENV ?= .venv
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 9000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run migrate worker test lint typecheck tools clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

migrate: install
	ROOTLINE_ENV=$${ROOTLINE_ENV:-development} $(BIN)/flask --app incident_app db upgrade

run: migrate
	ROOTLINE_ENV=$${ROOTLINE_ENV:-development} $(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --threads 4 wsgi:app

worker: migrate
	ROOTLINE_ENV=$${ROOTLINE_ENV:-development} $(BIN)/flask --app incident_app worker

tools:
	scripts/install-prometheus.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

test: lint typecheck tools
	$(BIN)/pytest -n 2

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
