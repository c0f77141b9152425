# The two commands: `make run` (demo + dashboard) and `make test`. Both set up what is missing.
PY := .venv/bin/python

.PHONY: setup setup-test run demo test test-fast lint bench migration lock clean

setup:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

run: setup
	$(PY) -m parkwatch demo

demo: setup
	$(PY) -m parkwatch demo --no-dashboard

test: setup-test
	$(PY) -m pytest -n 2 --dist loadgroup

lint: setup-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	.venv/bin/lint-imports
	$(PY) scripts/check_function_length.py

test-fast: setup-test
	$(PY) -m pytest -n 2 -m "not tesseract and not rapidocr and not postgres and not browser and not slow"

bench: setup-test
	$(PY) -m benchmarks

migration: setup
	$(PY) -c "from alembic import command; from parkwatch.store.db.migrate import alembic_config; command.revision(alembic_config(), message='$(m)', autogenerate=True)"

lock: setup-test
	$(PY) -m pip freeze --exclude-editable | grep -v '^parkwatch' > constraints.txt

clean:
	rm -rf .venv data/parkwatch.db data/parkwatch.db-* test-artifacts
