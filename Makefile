# Trellis — the two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PEOPLE ?= 300
ONLY ?=

.PHONY: run serve worker test lint format bench setup setup-dev demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs are stamped by the requirement files, so a change to them reinstalls.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

demo: setup
	mkdir -p var/static
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo --people $(PEOPLE) --if-empty

run: demo
	$(BIN)/python manage.py demo_logins --url http://$(HOST):$(PORT)/
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production: PostgreSQL from TRELLIS_DATABASE_URL, static files collected for whitenoise,
# migrations applied, then gunicorn (TRELLIS_BIND, TRELLIS_WEB_WORKERS, TRELLIS_WEB_THREADS;
# see docs/deploy.md). The worker runs beside it: `make worker`.
PROD := TRELLIS_PRODUCTION=true
serve: setup
	@case "$$TRELLIS_DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make serve needs TRELLIS_DATABASE_URL=postgres://... (see docs/deploy.md)"; exit 2;; esac
	mkdir -p var/static
	$(PROD) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/python manage.py createcachetable
	$(PROD) exec $(BIN)/gunicorn --config config/gunicorn.conf.py

# The worker: periodic jobs and queued tasks, beside `make serve` (same environment).
worker: setup
	$(PROD) exec $(BIN)/python manage.py worker

test: setup-dev
	mkdir -p var/static
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m tools.check_shape

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup-dev
	$(BIN)/python -m benchmarks.run $(ONLY)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
