# Two commands a newcomer needs: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench content clean postgres

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/studybot run

test: $(STAMP) lint postgres
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) postgres
	$(BIN)/python -m bench

content: $(STAMP)
	$(BIN)/studybot content build ../shared/articles

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The store's contract tests and benchmarks also run on a real PostgreSQL server, which they start
# and stop themselves (db/pg_tools.py). Its programs come from Debian's package, installed here
# when missing: initdb in /usr/lib/postgresql/*/bin, on the PATH, or in $STUDYBOT_POSTGRES_BIN.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
postgres:
	@for folder in "$$STUDYBOT_POSTGRES_BIN" /usr/lib/postgresql/*/bin; do \
	     [ -x "$$folder/initdb" ] && exit 0; done; \
	 command -v initdb >/dev/null 2>&1 \
	 || { echo "installing PostgreSQL (Debian's postgresql package) for the store's tests"; \
	      $(SUDO) apt-get update -qq \
	      && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
