# careerkit — two commands: `make lab` and `make test`.
# Both create .venv on first use; nothing else needs to be installed by hand
# (the browser tests install Debian's Chromium when it is missing, see tools/ensure_chromium.sh).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888

.PHONY: lab test test-fast test-newest newest-env newest-run test-browser data bench handouts venv clean help
.PHONY: hub hub-deps test-setup chromium
HUB_NPM := hub/node_modules/.installed

help:
	@echo "make lab        set up .venv and open JupyterLab on notebooks/"
	@echo "make test       set up .venv and run every test (unit, data, notebooks, browser)"
	@echo "make test-fast  every test except the real-browser ones"
	@echo "make test-newest  the fast tests against the newest releases pyproject.toml allows (.venv-newest)"
	@echo "make data       rebuild the tables in data/ from data/raw/"
	@echo "make bench      run the benchmarks, write bench/results.json"
	@echo "make handouts   export every notebook, executed, to HTML in handouts/"
	@echo "make hub        a JupyterHub on 127.0.0.1:8000 for a LOCAL TRIAL (hub/README.md)"

venv: $(STAMP)

# The environments are installed with uv (from PyPI, into the venv by pip): the same packages as
# pip, `make venv` in 32 s rather than 65 s here (empty caches). Compiled to bytecode at install,
# as pip does: where PYTHONDONTWRITEBYTECODE is set (it is on the test machines), Python never
# writes the .pyc files itself, and every kernel and server would compile plotly and pandas again
# at start. pip stays the fallback, for a network only pip is set up for (pip.conf, a proxy's
# certificates), and it is what the README tells learners to use.
UV_FAILED := make: uv could not install the environment; installing it with pip instead

$(STAMP): pyproject.toml constraints.txt $(wildcard jupyter-config/*.json jupyter-config/*/*.json jupyter-config/voila/templates/careerkit/*)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade -c constraints.txt pip uv
	$(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt -e ".[test]" \
	  || { echo "$(UV_FAILED)" >&2; $(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"; }
	# an editable install leaves out data files: the file that switches careerkit.server on (careerkit/server.py)
	install -D -m 644 jupyter-config/jupyter_server_config.d/careerkit.json $(VENV)/etc/jupyter/jupyter_server_config.d/careerkit.json
	# and careerkit's Voila template (a page that fetches nothing from other hosts), chosen by voila.json
	# for `voila` and by careerkit-voila.json for Voila inside a Jupyter server
	install -D -m 644 jupyter-config/voila.json $(VENV)/etc/jupyter/voila.json
	install -D -m 644 jupyter-config/jupyter_server_config.d/careerkit-voila.json $(VENV)/etc/jupyter/jupyter_server_config.d/careerkit-voila.json
	install -D -m 644 -t $(VENV)/share/jupyter/voila/templates/careerkit jupyter-config/voila/templates/careerkit/*
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/python -m careerkit lab notebooks --no-browser --port=$(PORT)

# the hub test (tests/test_hub.py) and the hub bench need the proxy from npm (hub/package-lock.json)
bench: $(HUB_NPM)

# What the tests need, set up side by side (`make test` runs this with -j3): pip, npm and apt-get
# each spend most of their time waiting on their package registry.
test-setup: $(STAMP) $(HUB_NPM) chromium

chromium:
	bash tools/ensure_chromium.sh

# The tests run in TEST_WORKERS processes (pytest-xdist), each taking one test file at a time: a
# browser test waits on servers, kernels and pages, so one process alone kept 2 cores busy 57-67 % of
# the time (the keyboard and Voila tests of notebook 03); two keep them busy all the time (vmstat: 0 %
# idle during the main tests), so a third would only share the same cores. Each process starts its
# own servers and browser. The files are handed out in the order tests/conftest.py puts them in
# (those with the most browser or slow tests first), not re-sorted by their number of tests.
TEST_WORKERS ?= 2
PYTEST_PARALLEL = -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder
# The newest-dependencies environment is installed while the main tests run (most of the install is
# waiting on the package index); its tests run after them. The install log is shown only when the
# install fails.
test:
	$(MAKE) --no-print-directory -j3 test-setup
	$(MAKE) --no-print-directory newest-env > $(NEWEST).log 2>&1 & newest=$$!; \
	$(BIN)/python -m pytest $(PYTEST_PARALLEL); status=$$?; \
	wait $$newest || { cat $(NEWEST).log; echo "make test: installing $(NEWEST) failed"; exit 1; }; \
	exit $$status
	$(MAKE) --no-print-directory newest-run

# The fast tests once more in a second environment with the newest release of every dependency
# that pyproject.toml allows, without constraints.txt: what a `pip install` next to other packages,
# a hub image or conda gets. Upgraded on every run, so a new release is tried the day it appears.
# Left out there: the wheel test, which builds its own environment with constraints.txt (the same
# environment in both passes), and the two tests about the operating system rather than the
# dependencies: Unix users and folder permissions (test_class_permissions) and saves killed
# mid-write (test_plan_kill).
NEWEST := .venv-newest
test-newest: newest-env newest-run

newest-env:
	test -x $(NEWEST)/bin/python || $(PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/python -m pip install --quiet --upgrade pip uv
	$(NEWEST)/bin/python -m uv pip install --quiet --compile-bytecode --python $(NEWEST)/bin/python --upgrade -e ".[test]" \
	  || { echo "$(UV_FAILED)" >&2; $(NEWEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[test]"; }
	install -D -m 644 jupyter-config/jupyter_server_config.d/careerkit.json $(NEWEST)/etc/jupyter/jupyter_server_config.d/careerkit.json

newest-run:
	@$(NEWEST)/bin/python -c "import importlib.metadata as m; print('newest:', ', '.join(f'{n} {m.version(n)}' for n in ('plotly', 'anywidget', 'ipywidgets', 'jsonschema', 'pandas', 'jupyterlab', 'voila')))"
	$(NEWEST)/bin/python -m pytest -m "not browser" -p no:cacheprovider $(PYTEST_PARALLEL) \
	  --deselect tests/test_course_wheel.py::test_fresh_environment_from_the_wheel_runs_the_course \
	  --ignore tests/test_class_permissions.py --ignore tests/test_plan_kill.py

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_PARALLEL)

data: $(STAMP)
	$(BIN)/python tools/build_data.py

bench: $(STAMP)
	$(BIN)/python -m bench

handouts: $(STAMP)
	$(BIN)/python tools/make_handouts.py

hub-deps: $(HUB_NPM)

$(HUB_NPM): hub/package.json hub/package-lock.json
	cd hub && npm ci --no-audit --no-fund
	touch $(HUB_NPM)

hub: $(STAMP) $(HUB_NPM)
	CAREERKIT_HUB_MODE=trial $(BIN)/jupyterhub -f hub/jupyterhub_config.py

clean:
	rm -rf $(VENV) $(NEWEST) handouts .pytest_cache
