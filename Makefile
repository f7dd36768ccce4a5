# The two commands: `make run` and `make test`. Everything else is a piece of them.
SHELL := /bin/bash
PY := .venv/bin/python
export PYTHONDONTWRITEBYTECODE := 1
# The server's own default is production; the local commands say development.
DEVELOPMENT := MOPPER_ENVIRONMENT=development

.PHONY: run test test-sqlite test-postgres test-browser lint venv frontend demo migrate schema bench bench-delivery bench-inbound clean translations

run: venv frontend ## API + web app + worker + replies by email + mail catcher, on embedded SQLite
	$(DEVELOPMENT) $(PY) -m server.run

test: venv lint ## the whole suite on SQLite (with the browser tests) and on PostgreSQL
	scripts/system-deps.sh
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: venv frontend
	$(PY) scripts/check_bundle_size.py
	MOPPER_TEST_DATABASE=sqlite timeout 1200 $(PY) -m pytest

test-postgres: venv
	MOPPER_TEST_DATABASE=postgres timeout 1200 $(PY) -m pytest --ignore=tests/browser

test-browser: venv frontend
	$(PY) scripts/check_bundle_size.py
	MOPPER_TEST_DATABASE=sqlite timeout 900 $(PY) -m pytest tests/browser

lint: venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy .

venv:
	scripts/bootstrap.sh

frontend:
	@if [ -f frontend/package.json ]; then scripts/build-frontend.sh; fi

demo: venv ## (re)create the demo organisation in the embedded database
	$(DEVELOPMENT) $(PY) -m devtools.demo --reset

create-admin: venv ## the first admin (or make someone admin): make create-admin EMAIL=… NAME=…
	$(PY) -m server.admin create-admin "$(EMAIL)" "$(NAME)"

migrate: venv
	$(DEVELOPMENT) $(PY) -m server.migrate

schema: venv ## write graphql_schema/schema.graphql and anonymous.graphql from the code
	$(PY) -m graphql_schema.sdl

translations: venv ## collect the email templates' messages into workers/locale (then translate the .po)
	.venv/bin/pybabel extract -F workers/locale/babel.cfg -o workers/locale/messages.pot \
		--project=Mopper --sort-by-file --no-wrap .
	.venv/bin/pybabel update -i workers/locale/messages.pot -d workers/locale --no-wrap

bench: venv
	$(PY) -m bench

bench-delivery: venv ## emails/s and commit-to-arrival latency of the outbox (docs/performance.md)
	timeout 1800 $(PY) -m bench.delivery

bench-inbound: venv ## replies by email into the timeline per second (docs/performance.md)
	timeout 1800 $(PY) -m bench.inbound

clean:
	rm -rf var test-artifacts .pytest_cache .mypy_cache .ruff_cache
