# One command runs it (`make run`), one command tests it (`make test`), on a fresh machine.
# Every target bootstraps .venv from pyproject.toml; the stamp makes a second run instant.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench snapshot clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip check
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/awsx demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python -m bench.crawl
	$(BIN)/python -m bench.pacing
	$(BIN)/python -m bench.scale
	$(BIN)/python -m bench.org

snapshot: $(STAMP)
	$(BIN)/awsx demo --no-tui -o snapshots/demo.awsx

clean:
	rm -rf $(VENV) build *.egg-info
