# Two commands for a fresh machine (see README):
#   make run    the product with demo data on SQLite, at http://127.0.0.1:5000
#   make test   the whole test suite (SQLite; PostgreSQL too with TEST_DATABASE_URL)
# Run as root, each first installs the Debian packages it needs (scripts/system-packages.sh);
# run as anyone else, each says what to install and stops.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test setup system system-test db

# The app refuses to start on its development key unless told it is in development.
run db: export APP_ENV = development

run: system setup db
	$(BIN)/flask demo-data
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# One test process per core (pytest-xdist); PYTEST_WORKERS=0 runs them all in this one.
PYTEST_WORKERS ?= auto

test: system-test setup
	$(BIN)/pytest -n $(PYTEST_WORKERS)

setup: $(VENV)/.installed app/static/.built

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

app/static/.built: app/assets/package.json app/assets/package-lock.json $(wildcard app/assets/scss/*.scss app/assets/js/* app/assets/images/*)
	npm --prefix app/assets ci --no-audit --no-fund
	npm --prefix app/assets run build
	touch $@

# Python's venv, Node.js, Pango and fonts; for the tests also Debian's chromium (nothing
# downloads a browser of its own) and the PostgreSQL client (the backup test).
system:
	@scripts/system-packages.sh run

system-test:
	@scripts/system-packages.sh test

db: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
