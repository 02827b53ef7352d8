# shanhai 山海 — every target is a thin wrapper; the work lives in manage.py commands and scripts/.
#
#   make demo    install, migrate, load the seeds' world, serve on http://127.0.0.1:8000
#   make test    install the test extra, run the suite on SQLite, PostgreSQL and Chromium (scripts/run-tests)
#   make serve   migrate, collect static files, run gunicorn with the production settings (HOST, PORT, WORKERS)
#   make bench   time loading the division codes and computing a pair's figures (benchmarks/)
#   make lint    ruff check
#   make fmt     ruff format, and fix import order

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
DEMO_URL := http://127.0.0.1:8000

.DEFAULT_GOAL := help
.PHONY: help install install-test demo serve test bench lint fmt

help:
	@sed -n 's/^#   make /make /p' Makefile

# Stamp files: a re-run installs nothing unless pyproject.toml or package-lock.json changed.
$(VENV)/.stamp-install: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "shanhai needs Python 3.11 or newer ($(PYTHON) is older); try: make PYTHON=python3.11 ..."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.stamp-install-test: $(VENV)/.stamp-install
	$(PIP) install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# npm ci writes node_modules/.package-lock.json itself; touch it so make sees it is newer than the lockfile.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.stamp-install node_modules/.package-lock.json

install-test: install $(VENV)/.stamp-install-test

demo: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_load
	@echo
	@echo "山海 shanhai demo: $(DEMO_URL)   (password for every account: demo)"
	@echo "  admin 全国 · jiangsu 江苏/贵州 · kunshan 昆山 · zhangjiagang 张家港 · bijiang 碧江 · yanhe 沿河 · workteam 工作队 · auditor 只读 · suzhou 苏州 · tongren 铜仁"
	@echo "  Ctrl-C stops the server."
	@echo
	$(PY) manage.py runserver 127.0.0.1:8000

# Production: config.settings.production against DATABASE_URL (without it, SQLite in var/), static
# files collected for WhiteNoise. The README's "Running in production" lists the variables; only
# SHANHAI_SECRET_KEY has no default, so it is checked here before anything runs.
HOST    ?= 127.0.0.1
PORT    ?= 8000
WORKERS ?= 3
THREADS ?= 4

serve: install
	@test -n "$$SHANHAI_SECRET_KEY" || { \
		echo "make serve: SHANHAI_SECRET_KEY is not set; the production settings refuse to start without it."; \
		echo '  export SHANHAI_SECRET_KEY="$$(python3 -c "import secrets; print(secrets.token_urlsafe(60))")"'; \
		echo "  (and see README, Running in production, for DATABASE_URL and the other variables)"; \
		exit 1; }
	@echo "make serve: database $${DATABASE_URL:-sqlite (var/shanhai.sqlite3, DATABASE_URL not set)}"
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.production exec $(VENV)/bin/gunicorn config.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --threads $(THREADS)

test: install-test
	bash scripts/run-tests

bench: install
	$(PY) benchmarks/regions_load.py
	$(PY) benchmarks/assessment_figures.py

lint: install-test
	$(VENV)/bin/ruff check .

fmt: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --select I --fix .
