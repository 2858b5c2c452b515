# Nexus Commerce — developer commands. `make run` to use it, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
UV_VERSION := 0.13.9
# uv trusts the operating system's certificate store, as pip does (corporate proxies, mirrors).
export UV_NATIVE_TLS := 1
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core; each has its own database and Redis database.
PYTEST_WORKERS ?= auto
# Our interface translations: locale/<lang>/LC_MESSAGES/django.po, compiled to .mo (not committed).
LOCALE_MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
MAKEMESSAGES_IGNORE := --ignore=.venv --ignore=media --ignore=staticfiles --ignore=bench --ignore=docs

.DEFAULT_GOAL := help
.PHONY: lock help install run test worker beat lint format migrate demo check browser-deps clean \
	locale messages

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock file changes.
$(VENV)/.installed: requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed  ## Create .venv and install the locked dependencies

# gettext's msgfmt, as Django's compilemessages runs it; only when the .po is newer.
$(LOCALE_MO): %.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install GNU gettext (apt-get install gettext)" >&2; exit 1; }
	msgfmt --check-format -o $@ $<

locale: $(LOCALE_MO)  ## Compile the translations in locale/ (.po to .mo); test and run do it too

messages: install  ## Refresh locale/fr's .po from the code and templates, then translate it
	$(BIN)/python manage.py makemessages -l fr $(MAKEMESSAGES_IGNORE)

migrate: install $(LOCALE_MO)
	$(BIN)/python manage.py migrate --noinput

demo: migrate  ## Load the demo shop (idempotent)
	$(BIN)/python manage.py load_demo

run: migrate  ## Serve at http://127.0.0.1:$(PORT) with the demo shop (loaded once)
	$(BIN)/python manage.py load_demo --if-missing
	$(BIN)/python manage.py search_setup
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install $(LOCALE_MO)  ## Run a Celery worker against REDIS_URL / CELERY_BROKER_URL
	$(BIN)/celery -A nexus_site worker -l info

beat: install $(LOCALE_MO)  ## Run Celery beat (periodic tasks)
	$(BIN)/celery -A nexus_site beat -l info

test: install $(LOCALE_MO)  ## Run the whole suite (SQLite, or PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

check: install  ## Django checks, migrations up to date, lint, the layer contracts
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

lint: install  ## ruff check and format check, the layer contracts (import-linter)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install  ## Format and autofix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

browser-deps:  ## Install Debian's chromium and chromium-driver for the browser test (root)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

clean:  ## Remove the virtualenv, the SQLite database and generated files
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache

lock:  ## Re-pin dependencies after editing pyproject.toml
	$(BIN)/uv pip compile --quiet pyproject.toml -o requirements.lock --python-version 3.11
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev -o requirements-dev.lock --python-version 3.11
