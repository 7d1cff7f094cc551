# The front door. Every verb builds the local environment first if it is missing.
#   make reports   render the default reports from the bundled data
#   make test      run the test suite (everything: what CI runs)
#   make test-unit the unit tests only: no kernel, browser or subprocess (seconds, not minutes)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.dtilib-installed

.PHONY: help env test test-unit data reports charts lab bench dist clean

help:
	@echo "make reports   build data/processed and render reports/<year>/ from the bundled data"
	@echo "make test      run the tests (doctests included; everything, as CI does)"
	@echo "make test-unit only the unit tests (pytest -m 'not e2e and not slow'): no process started"
	@echo "make data      rebuild data/processed/ from data/raw/"
	@echo "make lab       open JupyterLab on notebooks/ with the dtilib kernel"
	@echo "make bench     run the benchmarks in benchmarks/"
	@echo "make dist      build the sdist and wheel into dist/"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,lab]'
	$(BIN)/python -m ipykernel install --sys-prefix --name dtilib --display-name "Python (dtilib)" >/dev/null
	@touch $@

env: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-unit: $(STAMP)
	$(BIN)/python -m pytest -q -m "not e2e and not slow"

data: $(STAMP)
	$(BIN)/dti build

reports: data
	$(BIN)/dti report

lab: $(STAMP)
	$(BIN)/dti lab

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

dist: $(STAMP)
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) build dist data/processed/*.parquet data/processed/*.csv reports/*/
