# The two commands: `make run` (set up, load the demo, serve) and `make test` (set up, run every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup setup-dev worker beat bench lint messages serve-production

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

worker: setup
	$(VENV)/bin/celery -A consultation worker --loglevel=info

beat: setup
	$(VENV)/bin/celery -A consultation beat --loglevel=info

bench: setup-dev
	$(PY) bench/run.py

lint: setup-dev
	$(VENV)/bin/ruff check .

# Refresh the Chinese catalog after adding strings (needs gettext's xgettext), then edit locale/zh_Hans.
messages: setup
	$(PY) manage.py makemessages --locale zh_Hans --ignore '.venv/*' --ignore 'bench/*' --no-obsolete
