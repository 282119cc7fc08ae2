# Film House — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HTMX := web/static/vendor/htmx.min.js
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help setup browsers run test check lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

$(HTMX): web/assets.py | $(INSTALLED)
	$(BIN)/python -m web.assets

setup: $(INSTALLED) $(HTMX) ## Create .venv, install, fetch the pinned htmx script

browsers: $(INSTALLED) ## Debian's Chromium (when missing) and axe-core, for the browser tests
	sh tests/browser/setup.sh $(BIN)/python

run: setup ## Set up, load demo data into an empty database, serve on http://127.0.0.1:8000
	$(BIN)/filmhouse demo --if-empty
	$(BIN)/filmhouse serve

test: setup browsers ## Set up and run every test (SQLite and PostgreSQL, and in Chromium)
	$(BIN)/pytest $(PYTEST_ARGS)

# The fast tier: SQLite only, no browser, no long tests (see the markers in pyproject.toml).
FAST := not postgres and not browser and not slow

check: setup ## ruff, mypy and the fast SQLite tests (a few minutes; `make test` runs all)
	$(BIN)/ruff check domain projections matching web migrations tests
	$(BIN)/mypy domain projections matching web migrations
	$(BIN)/pytest -q -m "$(FAST)" $(PYTEST_ARGS)

lint: setup ## ruff and mypy
	$(BIN)/ruff check domain projections matching web migrations tests
	$(BIN)/mypy domain projections matching web migrations

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var web/static/vendor tests/browser/vendor
