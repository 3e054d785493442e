# The two commands: `make run` (set up, load the demo, serve) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup setup-dev worker beat bench lint messages production

# The production install is requirements.txt alone; tests, lint and benchmarks add requirements-dev.txt.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed
	$(PY) -m consultation.compile_translations

setup-dev: setup $(VENV)/.dev-installed

# Links in messages point at the address served here unless SITE_URL says otherwise.
run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

# Production shape on this machine: gunicorn, a Celery worker and beat (Procfile, run by honcho) on
# DATABASE_URL and REDIS_URL, with DEBUG=0 (so SECRET_KEY and ALLOWED_HOSTS are required too).
production: setup
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "make production: set DATABASE_URL and REDIS_URL (see README)"; exit 2; }
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=0 HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho start --procfile Procfile --port $(PORT)

worker: setup
	$(VENV)/bin/celery -A consultation worker --loglevel=info

beat: setup
	$(VENV)/bin/celery -A consultation beat --loglevel=info

bench: setup-dev
	$(PY) bench/run.py

# ruff, then the dependency rule of docs/ARCHITECTURE.md (import-linter contracts in .importlinter).
lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

# Refresh the Chinese catalog after adding strings (needs gettext's xgettext), then edit locale/zh_Hans.
messages: setup
	$(PY) manage.py makemessages --locale zh_Hans --ignore '.venv/*' --ignore 'bench/*' --no-obsolete
