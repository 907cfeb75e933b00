# wiredesk developer commands. `make demo` runs the demo network; `make test` runs everything CI runs.
# See docs/development.md.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# make demo PORT=8000 DATA_DIR=./demo-data HOST=127.0.0.1
PORT ?=
DATA_DIR ?=
HOST ?=

# PostgreSQL used by `make test` / `make test-postgres` (pytest-django creates test_wiredesk itself).
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/wiredesk
# Extra pytest arguments, e.g. make test-sqlite PYTEST_ARGS='-k dateline -x'
PYTEST_ARGS ?=

# Settings for `check --deploy`: production mode with a throwaway, long, random-looking key.
DEPLOY_ENV := WIREDESK_PRODUCTION=1 WIREDESK_DEBUG=0 ALLOWED_HOSTS=example.com \
	SECRET_KEY=test-deploy-only-9Qv7xK2mR4tLw8zN3pB6yH1cF5jD0sGaUeTnXoViMkPlZrAqWbEd

# Each test run gets a fresh data dir (SQLite file, file cache, static files) under var/.
TEST_DATA := $(CURDIR)/var/test-data

.DEFAULT_GOAL := help
.PHONY: help venv demo test lint format check check-deploy test-sqlite test-postgres \
	test-browser ensure-chromium ensure-nginx ensure-postgres clean

help:
	@echo "make venv           create .venv and install wiredesk with its test extras"
	@echo "make demo           run the demo network (PORT=, DATA_DIR=, HOST= optional)"
	@echo "make test           the whole suite, as CI runs it (installs chromium if missing)"
	@echo "make lint           ruff check + ruff format --check"
	@echo "make format         ruff format + ruff check --fix"
	@echo "make test-sqlite    pytest on SQLite (browser tests included)"
	@echo "make test-postgres  pytest on PostgreSQL (browser tests included)"
	@echo "make test-browser   only the real-browser tests"
	@echo "make clean          remove .venv, caches and var/"

# The venv is rebuilt only when pyproject.toml changes (the stamp is older than it).
$(STAMP): pyproject.toml
	@echo "==> Creating $(VENV) and installing wiredesk[test]"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

venv: $(STAMP)

demo: venv
	$(BIN)/wiredesk demo $(strip $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT)) $(if $(DATA_DIR),--data-dir $(DATA_DIR)))

# The whole suite, in this order, stopping at the first failure.
test: venv
	@echo "==> [1/7] Chromium for the browser tests, nginx for the static export's tests"
	@scripts/ensure-chromium
	@scripts/ensure-nginx
	@echo "==> [2/7] PostgreSQL for the PostgreSQL run"
	@scripts/ensure-postgres
	@echo "==> [3/7] Lint: ruff check + ruff format --check"
	@$(MAKE) --no-print-directory lint
	@echo "==> [4/7] System checks: wiredesk check"
	@$(MAKE) --no-print-directory check
	@echo "==> [5/7] Deployment checks: wiredesk check --deploy (production settings)"
	@$(MAKE) --no-print-directory check-deploy
	@echo "==> [6/7] pytest on SQLite (with browser tests)"
	@$(MAKE) --no-print-directory test-sqlite
	@echo "==> [7/7] pytest on PostgreSQL ($(POSTGRES_URL))"
	@$(MAKE) --no-print-directory test-postgres
	@echo "==> All checks and tests passed"

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: venv
	@rm -rf $(TEST_DATA) && mkdir -p $(TEST_DATA)
	WIREDESK_DATA_DIR=$(TEST_DATA) $(BIN)/wiredesk check

check-deploy: venv
	@rm -rf $(TEST_DATA) && mkdir -p $(TEST_DATA)
	WIREDESK_DATA_DIR=$(TEST_DATA) $(DEPLOY_ENV) $(BIN)/wiredesk check --deploy --fail-level WARNING

# pytest exits 5 when it ran no test: that is a failure here, with a reason.
define run_pytest
	@rm -rf $(TEST_DATA) && mkdir -p $(TEST_DATA)
	@WIREDESK_DATA_DIR=$(TEST_DATA) $(1) $(BIN)/python -m pytest $(2) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make: pytest collected no tests ($(2))" >&2; fi; exit $$rc
endef

test-sqlite: venv
	$(call run_pytest,env -u DATABASE_URL,)

test-postgres: venv
	@scripts/ensure-postgres
	@scripts/ensure-chromium
	@scripts/ensure-nginx
	$(call run_pytest,DATABASE_URL=$(POSTGRES_URL),)

test-browser: venv
	@scripts/ensure-chromium
	$(call run_pytest,env -u DATABASE_URL,-m browser)

ensure-chromium:
	@scripts/ensure-chromium

ensure-nginx:
	@scripts/ensure-nginx

ensure-postgres:
	@scripts/ensure-postgres

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache build dist *.egg-info wiredesk.egg-info
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
