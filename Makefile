# The two commands of the quick start are `make run` and `make test`; both set everything up.
SHELL := /bin/bash
PY ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install migrate lint typecheck format messages lock bench clean-venv

$(STAMP):
	@test -n "$(PY)" || { echo "Python 3.11 or newer is required (python3.11, python3.12 …)."; exit 1; }
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Collected (hashed and compressed) static files; redone only when a source changes.
var/static/staticfiles.json: $(STAMP) $(shell find thidua/static -type f 2>/dev/null)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

# Serve the app with the demo data on $PORT (default 8000). Safe to run again.
run: migrate var/static/staticfiles.json
	HTTPS=false $(BIN)/python manage.py load_demo --url "http://localhost:$(PORT)/"
	HTTPS=false ALLOWED_HOSTS="$${ALLOWED_HOSTS:-*}" exec $(BIN)/gunicorn thidua.wsgi \
		--bind "0.0.0.0:$(PORT)" --workers 3 --threads 2 --access-logfile - --error-logfile -

# The whole test suite: engine, Django (SQLite, or DATABASE_URL), browser tests in Chromium.
test: install
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy thidua tests

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract the strings to translate (source language: Vietnamese) and compile the catalogs.
messages: install
	cd thidua && ../$(BIN)/python ../manage.py makemessages -l en --no-obsolete --no-location
	cd thidua && ../$(BIN)/python ../manage.py makemessages -d djangojs -l en --no-obsolete --no-location
	cd thidua && ../$(BIN)/python ../manage.py compilemessages -l en

# Regenerate requirements.lock after changing pyproject.toml.
lock: install
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-header -o requirements.lock pyproject.toml
	sed -i '/^--extra-index-url/d; /^--find-links/d' requirements.lock

bench: install
	$(BIN)/python -m bench

clean-venv:
	rm -rf $(VENV)
