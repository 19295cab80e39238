# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench bundle bundle-test desktop-check schema vendor clean help

help:
	@echo "make run    - create $(VENV), install tourmap and open the bundled tour"
	@echo "make test   - the same setup, then the whole test suite (headless)"
	@echo "make bench  - benchmarks (by hand; writes bench/results.json)"
	@echo "make bundle - one-folder PyInstaller bundle in dist/tourmap (make bundle-test checks it)"
	@echo "make desktop-check / install-desktop - validate / install the Linux desktop files"
	@echo "make schema - regenerate resources/schema/tour.schema.json from the model"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: $(STAMP)
	$(PY) -m tourmap $(FILE)

test: $(STAMP)
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/lint-imports

schema: $(STAMP)
	$(PY) -m tourmap.schema > resources/schema/tour.schema.json

clean:
	rm -rf build dist .pytest_cache *.egg-info

-include packaging/packaging.mk
-include bench/bench.mk
