# Two commands do everything on a fresh clone: `make report` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The stamp is rebuilt whenever pyproject.toml changes, so dependencies follow it.
STAMP := $(VENV)/.installed

.PHONY: report test lint format bench clean

report: $(STAMP)
	$(BIN)/comments report

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check comments tests bench
	$(BIN)/ruff format --check comments tests bench
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix comments tests bench
	$(BIN)/ruff format comments tests bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
