# The two commands: `make run` and `make test`. Everything else is a step of those two,
# or a tool a developer asks for by name (lint, bench, package, deploy).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAGE ?= dev
PYTEST_ARGS ?=

.PHONY: run test lint unit functional e2e cfn-lint bench package deploy chromium clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# chalice packages with pip and asks for pip<26.3: the newest pip it takes, not the newest.
	$(BIN)/pip install --quiet --upgrade 'pip<26.3'
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m local --port $(PORT)

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

cfn-lint: $(BIN)/.installed
	$(BIN)/cfn-lint infra/*.yaml

test: $(BIN)/.installed node_modules/.installed chromium lint cfn-lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(BIN)/.installed
	$(BIN)/python -m bench

package: $(BIN)/.installed
	$(BIN)/python -m infra.package build/package

deploy: $(BIN)/.installed
	$(BIN)/python -m infra.deploy --stage $(STAGE)

clean:
	rm -rf $(VENV) node_modules build .mypy_cache .ruff_cache .pytest_cache
