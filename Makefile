# Every target creates .venv itself: `make run` and `make test` work on a fresh machine
# with nothing but Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,app]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planner demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check planner tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py --positions 100000 1000000

sample: $(STAMP)
	$(BIN)/planner synth --positions 1500 --seed 20261123 --out data/sample_org.csv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
