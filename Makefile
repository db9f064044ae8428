# Every target first creates or refreshes .venv from pyproject.toml, so a fresh machine needs only `make`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench venv clean chromium

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/cctv-audit demo

test: $(STAMP) lint chromium
	$(BIN)/python -m pytest -q

# The browser tests (tests/browser) render the HTML report in Debian's headless Chromium. Install it only when it
# is missing and only as root (CI and the project's machines run as root); otherwise say how, and let those tests
# fail with the same advice rather than skip.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing chromium for the browser tests"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; \
	else echo "chromium is missing: run 'sudo apt-get install chromium' (the browser tests need it)" >&2; fi

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
