# zwxmt: two commands, `make demo` and `make test`, on a fresh machine with python3 (3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-spark lint typecheck pytest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,xlsx,fast,pandas,polars,dask]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/zwxmt demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/python -m pytest

test: lint typecheck pytest

# The Spark recipe on Spark's local mode: pyspark (~500 MB, ~1 min) only here, Java 17+ needed.
$(VENV)/.spark: $(STAMP)
	@java -version >/dev/null 2>&1 || { echo "test-spark needs Java 17+ (java not found)"; exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[spark]'
	touch $(VENV)/.spark

test-spark: $(VENV)/.spark
	$(BIN)/python -m pytest -m spark -p no:cacheprovider

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache .hypothesis
