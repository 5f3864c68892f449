# Two commands for a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint check demo clean vendor

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=/path/to/python3.11 …'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev
	@if [ ! -d node_modules/axe-core ]; then \
	  if command -v npm >/dev/null 2>&1; then npm ci --silent; \
	  else echo "make: npm not found; the accessibility tests will be skipped (install Node.js and npm to run them)"; fi; \
	fi
	SECRET_KEY=test-only-not-secret $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .

# The body toolbar's vendored file, copied from the version pinned in package.json.
vendor:
	npm ci --silent
	cp node_modules/@github/markdown-toolbar-element/dist/index.js node_modules/@github/markdown-toolbar-element/LICENSE static/newsroom/vendor/markdown-toolbar-element/

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
