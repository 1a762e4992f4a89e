# khaldun: the two set-up commands of CONTRACT.md.
#   make demo   creates .venv, installs khaldun and its model, codes sample/ into khaldun.db, prints a summary
#   make test   creates .venv if needed, installs with the test extras, runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
# torch is installed on its own first: the CPU build where one is available (this machine's disk or
# a CPU index you configure), so that the [model] extra never pulls a second, larger build.
TORCH  ?= torch==2.13.0
DB     ?= khaldun.db

.PHONY: demo test install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --disable-pip-version-check "$(TORCH)"
	$(PIP) install --quiet --disable-pip-version-check -e ".[spacy-model,model,web]"
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -e ".[spacy-model,model,web,batch,test,parquet]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/khaldun code sample/ --db $(DB)
	$(BIN)/khaldun stats --db $(DB)

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/python -m ruff check khaldun tests scripts

bench: install
	$(BIN)/khaldun bench ../shared/corpus/news.jsonl

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
