# reportgen: `make demo` drafts and checks the bundled samples; `make test` runs the tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SAMPLES := haizhu_2023 yueyang_2023 nanchang_2022 huaihua_2024_project guangzhou_center_2021
OUT := out

.PHONY: demo test lint install install-test system-deps pages clean

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

# LibreOffice and a Chinese font turn drafts into PDF and text for the reading tests (tests/check/test_read_formats.py);
# Chromium runs the web page's browser tests (tests/web/test_browser.py).
# Installed with apt-get when missing and we are root (as in CI); otherwise those tests say what to install.
SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-zenhei
system-deps:
	@# Calc opens the batch summary workbook in its test (its library, libsclo, lies beside soffice).
	@if command -v soffice >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" \
	  && [ -e "$$(dirname "$$(readlink -f "$$(command -v soffice)")")/libsclo.so" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "安装 LibreOffice 和中文字体（用于 PDF 读取和汇总表测试）…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	else echo "提示：未安装 LibreOffice（Writer 和 Calc）或中文字体，PDF 读取和汇总表测试将跳过（sudo apt-get install $(SYSTEM_PACKAGES)）"; fi
	@# Chromium drives the web page's browser tests (tests/web); they fail, not skip, without it.
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "安装 Chromium（用于网页的浏览器测试）…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "提示：未安装 Chromium，网页的浏览器测试将失败：请运行 sudo apt-get install chromium（确实不需要时设置 REPORTGEN_NO_BROWSER=1 跳过）"; fi

# Every sample drafted, laid out by LibreOffice as PDF and rendered page by page into out/pages/<sample>/page-NN.png,
# with the layout faults found (a blank page, a page holding only a signature line); exits 1 when there is one.
pages: install system-deps
	$(BIN)/python tests/pages.py $(OUT)/pages

# ruff (lint and format) and mypy with the pydantic plugin, configured in pyproject.toml; `make test` runs them first.
lint: install-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

test: lint system-deps
	$(BIN)/python -m pytest

# Drafting, checking and batch times next to anchors measured in the same run, each target PASS/FAIL (issue 11);
# not part of `make test`.
.PHONY: bench
bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis build dist
