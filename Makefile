# The two commands of the README: `make build` and `make test`. Everything they need is
# installed here, so a fresh Debian machine with Python 3.11 (and root) is enough.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCALE := brochure/locale

# Debian packages the tests (and PDF builds) use: a real Chromium (its headless shell) for the
# browser checks, Java for the Nu HTML Checker, WeasyPrint's libraries, and poppler/zbar to
# read PDFs and QR codes.
DEBIAN_PACKAGES := chromium-headless-shell default-jre-headless libpango-1.0-0 libpangoft2-1.0-0 \
  libharfbuzz-subset0 fonts-dejavu-core poppler-utils zbar-tools shellcheck

.PHONY: build check test test-fast lint typecheck unit schema catalogs bench clean system-deps \
  node-deps lock validator golden

# Every Python package, pip itself included, comes from requirements.lock: exact versions with
# their hashes, and nothing else (--no-deps). The project is then installed on top without its
# dependencies and with the locked setuptools (--no-build-isolation), so nothing is fetched
# unpinned. `make lock` regenerates the lock after a change to pyproject.toml.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The lock is resolved against PyPI alone, whatever pip configuration this machine has, so it
# names no local index. Pins already in the lock are kept; `make lock LOCK_ARGS=--upgrade`
# moves every package to its newest release (Dependabot proposes upgrades as pull requests).
LOCK_ENV := env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS -u PIP_CONSTRAINT \
  PIP_CONFIG_FILE=/dev/null

## lock: regenerate requirements.lock and package-lock.json (after editing pyproject.toml or
## package.json)
lock: $(STAMP)
	$(LOCK_ENV) $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra test \
	  --extra pdf --strip-extras $(LOCK_ARGS) -o requirements.lock pyproject.toml
	npm install --package-lock-only --ignore-scripts --no-audit --no-fund

## build: check the content and build the site into public/
build: $(STAMP)
	$(BIN)/python build.py build $(ARGS)

## check: check the content only
check: $(STAMP)
	$(BIN)/python build.py check $(ARGS)

## test: lint, type-check and every test
# The type check runs beside pytest, not before it: pytest's workers wait on Chromium and on
# subprocesses often enough to leave a core's worth of idle time for mypy.
test: lint
	@$(MAKE) --no-print-directory -j2 typecheck unit

## test-fast: while working on code, every test but those that drive Chromium, make PDFs or
## build whole sites again and again (make test runs them all)
test-fast: $(STAMP) node-deps
	$(BIN)/pytest $(PYTEST_ARGS) -m "not browser and not pdf and not slow"

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

# One worker per core (at most four): a test file runs whole in one worker, the files in the
# order tests/conftest.py gives them (slow ones first). PYTEST_ARGS="-n 0" runs everything in
# this process, e.g. with a debugger.
PYTEST_ARGS ?= -n auto --maxprocesses=4 --dist loadfile --no-loadscope-reorder
# The tests start Python processes of their own (the command line, builds in processes of their
# own): they load the program's compiled modules, not compile them again each time.
unexport PYTHONDONTWRITEBYTECODE
unit: $(STAMP) system-deps node-deps
	$(BIN)/pytest $(PYTEST_ARGS)

## system-deps: install the Debian packages above when any is missing (needs root)
system-deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

## node-deps: JavaScript tools for the browser checks (see package.json)
node-deps:
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then \
	  npm ci --no-audit --no-fund --ignore-scripts && touch node_modules; \
	fi

## golden: rebuild the golden site's expected files after an intended change (review the diff)
golden: $(STAMP)
	$(BIN)/python tests/golden.py --regenerate

## schema: regenerate the editors' JSON Schemas after changing vocabularies.yaml
schema: $(STAMP)
	$(BIN)/python build.py schema

## validator: regenerate static/group-checker.js (the form page's checker: tools/checker/ bundled
## by esbuild with yaml and libphonenumber-js); run after changing tools/checker/
validator: node-deps
	node tools/validator.mjs

## catalogs: extract translatable strings and update the fi/sv/en catalogs
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k plural:2,3 --sort-by-file --no-wrap \
	  --project brochure --copyright-holder "brochure contributors" \
	  -o $(LOCALE)/messages.pot .
	for lang in fi sv en; do \
	  $(BIN)/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -l $$lang -D messages \
	    -i $(LOCALE)/messages.pot -d $(LOCALE) || \
	  $(BIN)/pybabel init --no-wrap -l $$lang -D messages \
	    -i $(LOCALE)/messages.pot -d $(LOCALE); \
	done
	$(BIN)/python -m brochure.core.catalogs

## bench: the benchmarks (not part of `make test`)
bench: $(STAMP)
	$(BIN)/python benchmarks/check_bench.py
	$(BIN)/python benchmarks/build_bench.py
	$(BIN)/python benchmarks/peers.py --sizes 1000

clean:
	rm -rf public .public.* .pytest_cache .mypy_cache .ruff_cache
