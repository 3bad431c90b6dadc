# The two commands: `make run` and `make test`. Everything else is a step of those two,
# or a tool a developer asks for by name (lint, bench, package, deploy, operator, destroy, rehearse).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAGE ?= dev
PYTEST_ARGS ?=

.PHONY: run test lint unit functional e2e cfn-lint bench package deploy operator destroy rehearse chromium clean

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

lint: $(BIN)/.installed node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	npx --no-install eslint web local/design
	npx --no-install prettier --check web local/design

cfn-lint: $(BIN)/.installed
	$(BIN)/cfn-lint infra/*.yaml

# Three workers on two cores, each taking the next test file as it frees up (a file's tests stay
# together, in order: some share a module's stack; each browser file has a local stack of its
# own). The slowest tests wait on a browser, a server or a subprocess more than they compute:
# with two workers a quarter of the cores stood idle (docs/performance.md). Files go out in
# collection order, the few longest first (tests/conftest.py), and the slowest tests are listed
# at the end of the run.
PYTEST_WORKERS ?= 3
test: $(BIN)/.installed node_modules/.installed chromium lint cfn-lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=30 $(PYTEST_ARGS)

bench: $(BIN)/.installed
	$(BIN)/python -m bench

package: $(BIN)/.installed
	$(BIN)/python -m infra.package build/package

deploy: $(BIN)/.installed
	$(BIN)/python -m infra.deploy --stage $(STAGE)

# The first operator of a stage (or one enabled again): make operator STAGE=dev EMAIL=... NAME=...
operator: $(BIN)/.installed
	@test -n "$(EMAIL)" && test -n "$(NAME)" || { echo "usage: make operator STAGE=dev EMAIL=you@example.com NAME='Your Name'"; exit 2; }
	$(BIN)/python -m infra.operator --stage $(STAGE) --email "$(EMAIL)" --name "$(NAME)"

# Keeps the table, documents and users unless KEEP_DATA=0.
KEEP_DATA ?= 1
destroy: $(BIN)/.installed
	$(BIN)/python -m infra.destroy --stage $(STAGE) --keep-data $(KEEP_DATA)

# The deploy, redeploy, second stage and destroy against a moto server made to refuse what AWS
# refuses (tests/rehearsal); `make test` runs it too.
rehearse: $(BIN)/.installed
	$(BIN)/pytest -s tests/rehearsal

clean:
	rm -rf $(VENV) node_modules build .mypy_cache .ruff_cache .pytest_cache
