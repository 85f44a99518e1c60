# zwxmt: two commands, `make demo` and `make test`, on a fresh machine with python3 (3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-spark lint typecheck pytest docs system-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,xlsx,fast,pandas,polars,charts,docs,notebook,dask]'
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
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

# what the tests need beyond Python packages: headless Chromium (the 通报 is rendered in it)
# and a CJK font for the charts (Noto CJK, SIL OFL 1.1); Debian/Ubuntu, as root; .ci/run
# calls it. Without them the browser and chart tests fail under CI and skip elsewhere.
system-deps:
	tools/install_system_deps.sh

test: lint typecheck pytest docs

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
	rm -rf $(VENV) build dist site .mypy_cache .pytest_cache .ruff_cache .hypothesis
