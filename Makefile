# Spona — developer commands. `make demo` and `make test` work on a fresh machine with
# Python 3.11+ and make: they create .venv and install the pinned versions first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test` runs the suite in this many pytest-xdist worker processes (auto: one per core),
# whole test files to a worker (module fixtures are built once); TEST_WORKERS=0 runs it in
# this process.
TEST_WORKERS ?= auto

.PHONY: help venv demo serve test lint format bench eval migrate reference messages clean

help:
	@echo "make demo   - install, migrate SQLite, load reference data, seed the demo, serve :$(PORT)"
	@echo "make test   - install and run the whole test suite"
	@echo "make lint   - ruff (lint + format check), mypy and the import-linter floor plan"
	@echo "make eval   - matching quality per dev-set slice vs Jaccard/TF-IDF/BM25 (dev candidates; held-out: benchmarks/eval.py --held-out, final report only)"
	@echo "make bench  - matching speed and memory benchmark"
	@echo "make format - apply ruff's fixes and formatting"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Spona needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

# Compile locale/*/LC_MESSAGES/django.po to .mo with Babel (no GNU gettext needed).
messages: venv
	$(MANAGE) compile_translations

migrate: messages
	$(MANAGE) migrate --noinput

reference: migrate
	$(MANAGE) load_reference_data

demo: reference
	$(MANAGE) seed_demo
	@echo ""
	@echo "Spona is starting at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

serve: messages
	$(MANAGE) runserver $(HOST):$(PORT)

test: messages
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

eval: venv
	$(BIN)/python benchmarks/eval.py

bench: venv
	$(BIN)/python benchmarks/bench.py && $(BIN)/python benchmarks/esco_bench.py && $(BIN)/python benchmarks/dashboard_bench.py

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var build *.egg-info
