# reportgen: `make demo` drafts and checks the bundled sample; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := sample_inputs/haizhu_2023.yaml
OUT := out

.PHONY: demo test install install-test clean

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

demo: install
	@mkdir -p $(OUT)
	$(BIN)/reportgen validate $(SAMPLE)
	$(BIN)/reportgen draft $(SAMPLE) -o $(OUT)/2023年度海珠区国家档案馆部门整体支出绩效自评报告.docx
	$(BIN)/reportgen draft $(SAMPLE) -o $(OUT)/2023年度海珠区国家档案馆部门整体支出绩效自评报告.md

test: install-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT) .pytest_cache build dist
