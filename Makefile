# datacheck — the two commands: `make demo` and `make test` (each sets everything up first).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
AS_OF ?= 2026-06-30
SCALE ?= 0.2
SEED ?= 7
PREV_AS_OF ?= 2026-05-31
PREV_SEED ?= 6
OUT ?= site

.PHONY: setup browser postgres spark demo test lint typecheck unit doctest fuzz bench docs clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

## demo: generate the sample databases, run every suite, write the national scorecard
## (two monthly snapshots, so the pages show a trend: May with twice the defects, then June)
demo: setup
	$(BIN)/python -m samples.generate --scale $(SCALE) --seed $(PREV_SEED) --as-of $(PREV_AS_OF) \
		--defect-rate 0.001 --out samples/out
	$(BIN)/datacheck scorecard suites/national.yaml --out $(OUT) --as-of $(PREV_AS_OF) \
		--fail-on never --quiet --history $(OUT)/history
	$(BIN)/python -m samples.generate --scale $(SCALE) --seed $(SEED) --as-of $(AS_OF) --out samples/out
	$(BIN)/datacheck scorecard suites/national.yaml --out $(OUT) --as-of $(AS_OF) --fail-on never \
		--history $(OUT)/history --failures

## test: lint, type-check, then the whole test suite (doctests included)
test: setup lint typecheck unit doctest

lint: setup
	$(BIN)/ruff check datacheck samples tests benchmarks scripts docs/mkdocs_hooks.py
	$(BIN)/ruff format --check datacheck samples tests benchmarks scripts docs/mkdocs_hooks.py

typecheck: setup
	$(BIN)/mypy

## browser: Debian's chromium for the HTML-report browser tests (idempotent)
browser:
	bash scripts/setup_browser.sh

## postgres: PostgreSQL server binaries for tests/sources (idempotent; apt-get only if missing)
postgres:
	bash scripts/setup_postgres.sh

## spark: Java 17 (Debian's package) and PySpark for the Spark engine tests (idempotent)
spark: setup
	bash scripts/setup_spark.sh

unit: setup browser postgres spark
	$(BIN)/pytest -n 2 -q

doctest: setup
	$(BIN)/pytest -q -p no:randomly --doctest-modules datacheck samples -o testpaths=

## fuzz: the fuzz and crash-safety tests with many more examples (a long run; prints counts)
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz DATACHECK_CRASH_TRIALS=10 $(BIN)/pytest -n 2 -p no:randomly -q \
		tests/test_fuzz.py tests/test_crash_safety.py
	$(BIN)/pytest --cache-show 'datacheck/fuzz/*'

## bench: slow benchmarks against peers and the scan floor (prints a table)
bench: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.vn_checks
	$(BIN)/python -m benchmarks.national --scale 1 --repeat 2
	$(BIN)/python -m benchmarks.distributed --repeat 3

## docs: the documentation site (MkDocs + Material, strict: broken links fail) into site-docs/
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict --site-dir site-docs

clean:
	rm -rf $(VENV) samples/out $(OUT) site-docs .mypy_cache .ruff_cache .pytest_cache .hypothesis
