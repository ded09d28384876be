# CSU — the two commands a newcomer needs are `make run` and `make test`.
PY       ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
PYTHON   := $(BIN)/python
STAMP    := $(VENV)/.installed
PG_URL   ?= postgres://postgres@127.0.0.1:5432/csu
REDIS_URL ?= redis://127.0.0.1:6379/0
PORT     ?= 8000

.PHONY: install run test test-fast lint bench check-services clean messages

$(STAMP): pyproject.toml
	@test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools<81" wheel
	@# xstatic-bootstrap ships only an sdist whose setup.py needs pkg_resources (setuptools<81).
	$(BIN)/pip install -q --no-build-isolation "xstatic-bootstrap>=5.3.3,<5.4"
	$(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)
	@test -f .env || cp .env.example .env

# The directory sign-in extra (python-ldap is built from source: gcc, libldap2-dev, libsasl2-dev; .ci/run installs them).
$(VENV)/.ldap: $(STAMP)
	$(BIN)/pip install -q -e '.[test,ldap]'
	@touch $@

run: install
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py seed_demo
	$(PYTHON) manage.py runserver 127.0.0.1:$(PORT)

check-services:
	@$(PYTHON) scripts/check_services.py "$(PG_URL)" "$(REDIS_URL)"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r .

# Three workers on two cores: the browser tests wait on Chromium and the live server, and the suite's waits (idle
# timers, worker start-ups) overlap (measured: docs/development.md).
test: install $(VENV)/.ldap check-services lint
	DATABASE_URL=$(PG_URL) CELERY_BROKER_URL= DEBUG=0 SECRET_KEY=test-only-secret \
	  $(PYTHON) manage.py makemigrations --check --dry-run
	DATABASE_URL=$(PG_URL) TEST_BROKER_URL=$(REDIS_URL) $(BIN)/pytest -n 3 --dist loadgroup -q $(PYTEST_ARGS)

# The inner loop: everything but the Playwright browser tests (`-m browser`), which `make test` (CI) also runs.
test-fast: install $(VENV)/.ldap check-services
	DATABASE_URL=$(PG_URL) TEST_BROKER_URL=$(REDIS_URL) $(BIN)/pytest -n 2 --dist loadgroup -q -m "not browser" $(PYTEST_ARGS)

bench: install check-services
	@# wrk drives the load (Debian package); without it scripts/bench.py falls back to Python threads.
	@command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null 2>&1 || echo "wrk not installed: Python load fallback"
	@if [ -f scripts/bench.py ]; then DATABASE_URL=$(PG_URL) BENCH_CACHE_URL=$(REDIS_URL) $(PYTHON) scripts/bench.py; else echo "no benchmarks yet"; fi

# Translations: extract new strings into locale/fr_CA/LC_MESSAGES/django.po, translate them there, then compile
# the .mo. Commit both files (tests/i18n fails on an untranslated string or a stale .mo).
messages: install
	DEBUG=1 $(PYTHON) manage.py makemessages -l fr_CA --no-obsolete --add-location file -i var -i tests -i node_modules -i static
	DEBUG=1 $(PYTHON) manage.py compilemessages -l fr_CA

clean:
	rm -rf $(VENV) var/static
