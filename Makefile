# Two commands do everything on a fresh clone: `make report` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LINTED := comments tests $(wildcard bench tools)
# The stamp is rebuilt whenever pyproject.toml changes, so dependencies follow it.
STAMP := $(VENV)/.installed
# The HTML report's tests open it in this browser (driven by playwright); when it is missing,
# `make test` installs Debian's chromium package. Point it at another Chromium to use that one.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: report test lint format bench clean

report: $(STAMP)
	$(BIN)/comments report

# the suite spreads over every core (pytest-xdist): most of its time is runs in subprocesses and servers
test: $(STAMP) lint $(CHROMIUM)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "the HTML report's tests need Chromium at $(CHROMIUM): install it, or run make test CHROMIUM=/path/to/chromium"; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
