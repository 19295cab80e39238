# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench bundle bundle-test desktop-check schema basemap vendor clean help

help:
	@echo "make run    - create $(VENV), install tourmap and open the bundled tour"
	@echo "make test   - the same setup, then make lint and the whole test suite (headless)"
	@echo "make lint   - ruff, mypy and the import contracts"
	@echo "make bench  - benchmarks (by hand; writes bench/results.json)"
	@echo "make bundle - one-folder PyInstaller bundle in dist/tourmap (make bundle-test checks it)"
	@echo "make desktop-check / install-desktop - validate / install the Linux desktop files"
	@echo "make schema - regenerate resources/schema/tour.schema.json from the model"
	@echo "make basemap - bake resources/basemap/land-*.bin from the TopoJSON next to them"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: $(STAMP)
	@$(PY) -m compileall -q tourmap  # bytecode, as an installed package has it (quick when current)
	$(PY) -m tourmap $(FILE)

test: lint
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(PY) -m pytest $(PYTEST_ARGS)

# Lint and import order (ruff), types (mypy), the import contracts (import-linter).
# Settings in pyproject.toml.
lint: $(STAMP)
	$(VENV)/bin/ruff check tourmap tests bench packaging
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-logo

schema: $(STAMP)
	$(PY) -m tourmap.schema > resources/schema/tour.schema.json

# The basemap as the page draws it, baked from the TopoJSON below (committed files).
basemap: $(STAMP)
	$(PY) -m tourmap.page.basemap

# Refresh the vendored web libraries and basemap from the npm registry (committed files).
LEAFLET_VERSION ?= 1.9.4
WORLD_ATLAS_VERSION ?= 2.0.2
vendor:
	tmp=$$(mktemp -d) && cd $$tmp && \
	npm pack --silent leaflet@$(LEAFLET_VERSION) world-atlas@$(WORLD_ATLAS_VERSION) >/dev/null && \
	for f in *.tgz; do mkdir $${f%.tgz} && tar xzf $$f -C $${f%.tgz}; done && \
	cd $(CURDIR) && \
	cp $$tmp/leaflet-*/package/dist/leaflet.js $$tmp/leaflet-*/package/dist/leaflet.css $$tmp/leaflet-*/package/LICENSE resources/web/vendor/leaflet/ && \
	cp -r $$tmp/leaflet-*/package/dist/images resources/web/vendor/leaflet/ && \
	cp $$tmp/world-atlas-*/package/countries-50m.json $$tmp/world-atlas-*/package/countries-110m.json $$tmp/world-atlas-*/package/LICENSE resources/basemap/ && \
	rm -rf $$tmp && \
	$(MAKE) basemap

clean:
	rm -rf build dist .pytest_cache *.egg-info

-include packaging/packaging.mk
-include bench/bench.mk
