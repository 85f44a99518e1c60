# zwxmt: two commands, `make demo` and `make test`, on a fresh machine with python3 (3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,parquet,xlsx,fast,charts,docs,notebook]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/zwxmt demo -o out/example

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/python -m pytest

# the docs site, strict: a broken link, a missing page or a docstring error fails the build
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet --site-dir site

test: lint typecheck pytest docs

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build dist site .mypy_cache .pytest_cache .ruff_cache .hypothesis
