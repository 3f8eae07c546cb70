# Every target creates .venv itself: `make run` and `make test` work on a fresh machine
# with nothing but Python 3.11. They install the tested versions of every dependency from
# constraints.txt (the lock); `make lock` refreshes it, `make test-latest` tries the newest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := .[dev,app,distributed,postgres]

.PHONY: run app demo test test-latest lock lint bench bench-startup bench-app bench-sweep sample \
	clean system-deps

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e "$(EXTRAS)"
	touch $(STAMP)

# The main job: the app on the bundled sample org. Open the URL it prints.
PORT ?= 8501
run app: $(STAMP)
	$(BIN)/python -m streamlit run streamlit_app.py --server.port $(PORT) \
	  --server.headless true --browser.gatherUsageStats false --runner.magicEnabled false

# The sample org's summary on the command line.
demo: $(STAMP)
	$(BIN)/planner demo

# Debian packages the tests use: LibreOffice's headless Calc opens the finance workbooks,
# Chromium drives the app in a real browser (Playwright, tests/e2e), and PostgreSQL's server
# runs the store's tests on a throwaway cluster (tests/postgres.py). Installed with
# apt-get when missing and this user can (root, as on CI); otherwise those tests say why.
system-deps:
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-calc-nogui"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium chromium-driver"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
	  || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $$missing) >/dev/null 2>&1 \
	      || echo "note: could not install$$missing"; \
	  else echo "note:$$missing not found: the tests that need them will skip"; fi; \
	fi

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -n 2

# The newest versions pyproject.toml allows, in a venv of their own, without the lock:
# how a new release of a dependency is tried before it comes in.
test-latest: system-deps
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --upgrade -e "$(EXTRAS)"
	.venv-latest/bin/python -m pip freeze --exclude-editable
	.venv-latest/bin/python -m pytest -q -n 2

# Refresh the lock from a clean resolve of pyproject.toml. Run `make test` and the
# benchmarks on it before committing the new constraints.txt.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e "$(EXTRAS)"
	{ sed -n '/^#/p' constraints.txt; .venv-lock/bin/python -m pip freeze --all \
	  --exclude-editable | grep -v -E '^(setuptools|wheel)=='; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .venv-lock

lint: $(STAMP)
	$(BIN)/ruff check planner tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py --positions 100000 1000000

bench-startup: $(STAMP)
	$(BIN)/python benchmarks/bench_startup.py --positions 100000 --repeat 5

bench-app: $(STAMP) system-deps
	$(BIN)/python benchmarks/bench_app.py --repeat 5

bench-sweep: $(STAMP)
	$(BIN)/python benchmarks/bench_sweep.py --runs 1000 --workers 2

sample: $(STAMP)
	$(BIN)/planner synth --positions 1500 --seed 20261123 --out data/sample_org.csv

clean:
	rm -rf $(VENV) .venv-latest .venv-lock .pytest_cache .hypothesis
