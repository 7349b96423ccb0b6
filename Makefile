# The README's two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= learninglab.settings.dev

.PHONY: demo test install lint bench bench-smoke bench-reminders bench-brochure translations check-translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

## Set up the demo (database, demo data) and serve it with a worker and beat.
demo: install
	mkdir -p var
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py demo_data
	$(BIN)/honcho start -f Procfile.dev

## Run every test (PostgreSQL, Redis and Chromium are used where present).
# Always with the test settings: the DJANGO_SETTINGS_MODULE exported above is dev's.
test: install
	DJANGO_SETTINGS_MODULE=learninglab.settings.test $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Extract new strings into the Dutch catalogue (needs GNU gettext), then compile it
## (no gettext needed). Tests and the benchmark hold no interface strings.
translations: install
	$(BIN)/python manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=var --ignore=bench --ignore=tests --ignore=node_modules
	$(BIN)/python manage.py compile_translations

## Fail when a compiled catalogue is missing or behind its .po.
check-translations: install
	$(BIN)/python manage.py compile_translations --check

bench: install
	$(BIN)/python bench/run.py

bench-smoke: install
	$(BIN)/python bench/run.py --smoke

## Reminders a second on one Celery worker, and its memory, at 1,000 and 10,000.
bench-reminders: install
	$(BIN)/python bench/reminders.py --counts 1000,10000

## Time and peak memory to make the PDF brochure of a programme of 50 teams.
bench-brochure: install
	$(BIN)/python bench/brochure.py --teams 50
