# Two commands for a fresh machine (see README):
#   make lab    set everything up in .venv and open the course in JupyterLab
#   make test   set everything up in .venv and run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Cache compiled bytecode even where the shell disables it: imports (and tests) run much faster.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: lab test setup exercises clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The course needs Python 3.11 or newer; run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

# HEADLESS=1 (for a server): no browser; open the printed URL through an SSH tunnel.
lab: setup
	$(BIN)/jupyter lab notebooks/00-start-here.ipynb $(if $(HEADLESS),--no-browser --ip=127.0.0.1,) $(if $(filter 0,$(shell id -u)),--allow-root,)

test: setup
	$(BIN)/ruff check course tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

exercises: setup
	$(BIN)/python -m course.assign

clean:
	rm -rf $(VENV) build

# The static reading site (lessons with their saved outputs) into build/site/html.
.PHONY: site
site: setup
	$(BIN)/python docs/site/build.py --out build/site
