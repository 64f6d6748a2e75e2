# The two commands of the README: `make build` and `make test`. Everything they need is
# installed here, so a fresh Debian machine with Python 3.11 (and root) is enough.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCALE := brochure/locale

.PHONY: build check test lint typecheck unit schema catalogs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## build: check the content and build the site into public/
build: $(STAMP)
	$(BIN)/python build.py build $(ARGS)

## check: check the content only
check: $(STAMP)
	$(BIN)/python build.py check $(ARGS)

## test: lint, type-check and every test
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

## schema: regenerate the editors' JSON Schemas after changing vocabularies.yaml
schema: $(STAMP)
	$(BIN)/python build.py schema

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
	$(BIN)/python -m brochure.catalogs

## bench: the benchmarks (not part of `make test`)
bench: $(STAMP)
	$(BIN)/python benchmarks/check_bench.py

clean:
	rm -rf public .public.* .pytest_cache .mypy_cache .ruff_cache
