# Every target first creates or refreshes .venv from pyproject.toml, so a fresh machine needs only `make`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cctv-audit demo

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	# The migrations must describe the models exactly: upgrade a scratch database, then `alembic check`.
	rm -f .alembic-check.db*
	CCTV_AUDIT_DB=sqlite:///$(CURDIR)/.alembic-check.db $(BIN)/alembic upgrade head
	CCTV_AUDIT_DB=sqlite:///$(CURDIR)/.alembic-check.db $(BIN)/alembic check
	rm -f .alembic-check.db*

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache demo-output
