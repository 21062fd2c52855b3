# Two commands for a fresh machine (see README):
#   make run    the product with demo data on SQLite, at http://127.0.0.1:5000
#   make test   the whole test suite (SQLite; PostgreSQL too with TEST_DATABASE_URL)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
export FLASK_APP := wsgi

.PHONY: run test setup browser db

# The app refuses to start on its development key unless told it is in development.
run db: export APP_ENV = development

run: setup db
	$(BIN)/flask demo-data
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: setup browser
	$(BIN)/pytest

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

# Browser tests drive Debian's chromium; nothing downloads a browser of its own.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "Chromium is needed for the browser tests: sudo apt-get install chromium" >&2; exit 1; \
	  fi; \
	fi

db: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
