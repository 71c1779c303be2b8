# reportgen: `make demo` drafts and checks the bundled samples; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SAMPLES := haizhu_2023 yueyang_2023 nanchang_2022 huaihua_2024_project guangzhou_center_2021
OUT := out

.PHONY: demo test lint install install-test clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 或更高版本（找不到 $(PYTHON)；可用 make PYTHON=python3 ...）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Write an empty fill-in workbook, then draft every bundled sample from its workbook (sample_inputs/*.xlsx,
# the way a clerk starts) as .docx and .md, and check each draft. The outputs are ours to replace, hence
# --force. `check` exits 1 when it finds error-level problems, which is its normal answer; only 2 (unusable
# file) fails the demo.
demo: install
	@mkdir -p $(OUT)
	@$(BIN)/reportgen template --profile hunan -o $(OUT)/填报表.xlsx --force || exit $$?
	@for name in $(SAMPLES); do \
	  $(BIN)/reportgen draft sample_inputs/$$name.xlsx -o $(OUT)/$$name.docx --force || exit $$?; \
	  $(BIN)/reportgen draft sample_inputs/$$name.xlsx -o $(OUT)/$$name.md --force >/dev/null || exit $$?; \
	  echo "== reportgen check $(OUT)/$$name.docx"; \
	  $(BIN)/reportgen check $(OUT)/$$name.docx; status=$$?; [ $$status -le 1 ] || exit $$status; \
	done

# ruff (lint and format) and mypy with the pydantic plugin, configured in pyproject.toml; `make test` runs them first.
lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT) .pytest_cache build dist
