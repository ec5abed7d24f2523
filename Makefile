# careerkit — two commands: `make lab` and `make test`.
# Both create .venv on first use; nothing else needs to be installed by hand
# (the browser tests install Debian's Chromium when it is missing, see tools/ensure_chromium.sh).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888

.PHONY: lab test test-fast test-browser data bench handouts venv clean help
.PHONY: hub hub-deps
HUB_NPM := hub/node_modules/.installed

help:
	@echo "make lab        set up .venv and open JupyterLab on notebooks/"
	@echo "make test       set up .venv and run every test (unit, data, notebooks, browser)"
	@echo "make test-fast  every test except the real-browser ones"
	@echo "make data       rebuild the tables in data/ from data/raw/"
	@echo "make bench      run the benchmarks, write bench/results.json"
	@echo "make handouts   export every notebook, executed, to HTML in handouts/"
	@echo "make hub        a JupyterHub on 127.0.0.1:8000 for a LOCAL TRIAL (hub/README.md)"

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	# an editable install leaves out data files: the file that switches careerkit.server on (careerkit/server.py)
	install -D -m 644 jupyter-config/jupyter_server_config.d/careerkit.json $(VENV)/etc/jupyter/jupyter_server_config.d/careerkit.json
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/python -m careerkit lab notebooks --no-browser --port=$(PORT)

# the hub test (tests/test_hub.py) and the hub bench need the proxy from npm (hub/package-lock.json)
test bench: $(HUB_NPM)

test: $(STAMP)
	bash tools/ensure_chromium.sh
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

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
	rm -rf $(VENV) handouts .pytest_cache
