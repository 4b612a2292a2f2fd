# Two commands for a new user: `make run` and `make test`. Everything else installs from here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run lint test test-sqlite test-postgres install install-spark migrate demo serve messages benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# Optional: Apache Spark engine for journey analytics (needs Java 17).
install-spark: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,spark]"

migrate: install
	$(BIN)/touchpoints migrate --noinput

demo: migrate
	$(BIN)/touchpoints library load
	$(BIN)/touchpoints demo

run: demo
	@echo ""
	@echo "  Touchpoints is starting on http://127.0.0.1:8000"
	@echo "  Log in as  demo / touchpoints-demo"
	@echo ""
	TASKS_BACKEND=django_tasks_db.DatabaseBackend $(BIN)/touchpoints serve 127.0.0.1:8000

# Lint, format and type checks: `make test` runs them first, so a lint or type error fails it.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy touchpoints

# The whole suite: lint first, then the tests on SQLite, then on PostgreSQL (DATABASE_URL, or the
# local server on 127.0.0.1:5432).
test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/python scripts/test_postgres.py $(PYTEST_ARGS)

test-sqlite: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install
	$(BIN)/python scripts/test_postgres.py $(PYTEST_ARGS)

# Recompile the translation catalogues after editing the .po files (needs gettext's msgfmt).
messages: install
	cd touchpoints && ../$(BIN)/django-admin makemessages -l ru -l es --no-obsolete --add-location file --ignore "static/*"
	cd touchpoints && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var
