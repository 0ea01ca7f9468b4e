# `make run` and `make test` work from nothing: they create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test lint eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("privacybot needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/privacybot run

demo: $(STAMP)
	$(BIN)/privacybot demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest -q

# Quality of understanding, measured on the team's labelled data (tests/data); prints the reports.
eval: $(STAMP)
	$(BIN)/python -m tests.eval.classifier
	$(BIN)/python -m tests.eval.policy

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
