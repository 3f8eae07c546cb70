# Every target creates .venv itself: `make run` and `make test` work on a fresh machine
# with nothing but Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-sweep sample clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,app,distributed]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planner demo

# LibreOffice (Debian's headless Calc) opens the finance workbooks in a test. Installed with
# apt-get when missing and this user can (root, as on CI); otherwise that test says why.
system-deps:
	@if ! command -v soffice >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends libreoffice-calc-nogui) >/dev/null 2>&1 \
	      || echo "note: could not install libreoffice-calc-nogui"; \
	  else echo "note: soffice (libreoffice-calc-nogui) not found: the workbook test will skip"; fi; \
	fi

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check planner tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py --positions 100000 1000000

bench-sweep: $(STAMP)
	$(BIN)/python benchmarks/bench_sweep.py --runs 1000 --workers 2

sample: $(STAMP)
	$(BIN)/planner synth --positions 1500 --seed 20261123 --out data/sample_org.csv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
