# Waypoint: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

PG_URL ?= postgres://postgres@127.0.0.1:5432/waypoint
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1

.PHONY: run reset-demo test lint bench faults install messages services browser wrk clean

install: $(STAMP) messages

# The Spanish catalogue, compiled whenever it changes (the .mo files are built, not kept).
MO := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
messages: $(MO)
locale/%.mo: locale/%.po $(STAMP)
	@command -v msgfmt >/dev/null || { echo "Installing Debian's gettext for compilemessages"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext) >/dev/null \
	  || { echo "Could not install gettext (apt-get install -y gettext)"; exit 1; }; }
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore .venv --ignore var >/dev/null

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*; touch $@

# One machine, embedded defaults: SQLite and a file-based Celery broker (unless REDIS_URL is set).
run: export DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Waypoint on http://127.0.0.1:8000  (Ctrl-C stops the web server, worker and beat)"
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' INT TERM; \
	$(BIN)/celery -A recovery_site worker -B --loglevel=INFO --concurrency=2 \
	    -s var/celerybeat-schedule & \
	$(BIN)/python manage.py runserver 127.0.0.1:8000 & \
	wait

# Back to the demo as the README describes it, keeping .venv: the embedded database, the
# queued tasks, beat's schedule and the demo's written mail start afresh (SQLite only).
reset-demo: export DEBUG ?= 1
reset-demo: install
	@test -z "$$DATABASE_URL" || { echo "reset-demo resets the embedded SQLite demo; unset DATABASE_URL"; exit 1; }
	rm -rf var/waypoint.sqlite3 var/waypoint.sqlite3-wal var/waypoint.sqlite3-shm var/celery var/mail var/celerybeat-schedule*
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

# PostgreSQL and Redis must answer; say how to start them when they don't.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432: start it with pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start"; exit 1; }
	@(exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c5 <&3 | grep -q PONG) 2>/dev/null || { echo "Redis is not answering on 127.0.0.1:6379: start it with redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no"; exit 1; }
	@createdb -h 127.0.0.1 -U postgres waypoint 2>/dev/null || true

# Real-browser tests need Debian's Chromium; install it when it is missing.
browser:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null \
	  || { echo "Could not install chromium (apt-get install -y chromium chromium-driver)"; exit 1; }; }

# The load test's HTTP client; install Debian's wrk when it is missing.
wrk:
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk for the load test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null \
	  || { echo "Could not install wrk (apt-get install -y wrk)"; exit 1; }; }

test: export DEBUG = 1
test: export DATABASE_URL ?= $(PG_URL)
test: export REDIS_URL ?= $(TEST_REDIS_URL)
test: install services browser
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/pytest
	@echo "The unit suite again on SQLite with the embedded broker (the make run default)"
	DATABASE_URL= REDIS_URL= $(BIN)/pytest -q -p no:cacheprovider --ignore=tests/integration --ignore=tests/e2e -m "not typecheck"

# DEBUG: mypy's Django plugin imports the settings, which want a SECRET_KEY otherwise.
lint: export DEBUG = 1
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: export DEBUG = 1
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/waypoint_bench
bench: install services wrk
	@createdb -h 127.0.0.1 -U postgres waypoint_bench 2>/dev/null || true
	$(BIN)/python bench/access_gate.py
	$(BIN)/python bench/client_page.py
	$(BIN)/python bench/reminder_dispatch.py
	$(BIN)/python bench/rule_evaluation.py
	$(BIN)/python bench/growth.py
	$(BIN)/python bench/load.py
	$(MAKE) --no-print-directory faults
	@echo "Tables written to bench/results.md"

# Fault scripts (bench/faults/): each breaks one server under 300 members checking in, on
# servers of their own (spare ports), and prints what was confirmed, stored, evaluated, sent.
# FAULTS="redis-stopped pg-crash" runs some; FAULT_ARGS="--beat-down 600" the full ten minutes.
faults: install
	$(BIN)/python bench/faults/run.py $(FAULTS) $(FAULT_ARGS)

clean:
	rm -rf $(VENV) var test-artifacts
