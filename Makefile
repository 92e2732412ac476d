# The single entry point. `make demo` and `make test` are the two README commands.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo test lint typecheck migrations-check imports-check messages messages-check check clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed
	@scripts/system-deps

## Start the site on SQLite with demo data (prints the URL and the demo logins), and beside it
## the task worker that renders letters, sends mail and reads uploaded reports.
demo: setup
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo --url http://$(HOST):$(PORT)/
	@echo ""
	@echo "  gongkai 已启动： http://$(HOST):$(PORT)/        （门户网站）"
	@echo "                  http://$(HOST):$(PORT)/office/  （工作平台，演示账号见上）"
	@echo ""
	$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (SQLite unless DATABASE_URL says otherwise).
test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy gongkai

migrations-check:
	$(BIN)/python manage.py makemigrations --check --dry-run

## Layers point one way (core → agencies → applications/catalog/reports → portal/api), no cycles.
imports-check:
	$(BIN)/python scripts/check_imports.py

## The zh_Hans catalogue: `make messages` after changing user-facing strings; CI checks it.
messages:
	$(BIN)/python scripts/messages.py update

messages-check:
	$(BIN)/python scripts/messages.py check

check: lint typecheck migrations-check imports-check messages-check test

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
