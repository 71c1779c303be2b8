"""The web page under test: a Starlette TestClient for plain HTTP, and a real server driven by Chromium.

The browser tests use Debian's ``chromium`` through Playwright's ``executable_path`` (no browser download).
Where it is missing they fail with what to install; ``REPORTGEN_NO_BROWSER=1`` skips them explicitly.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from paths import SAMPLES
from reportgen.web.app import create_app
from workbook_fill import Filler, column_of, last_row

#: The page answers only this computer's own names.
LOCAL = "http://127.0.0.1"
#: The upload limit of the apps under test: small, so that an oversize file is quick to make.
TEST_LIMIT = 1024 * 1024
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",  # the browser's own words (a file input's button) in Chinese, as a clerk sees them
]


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(max_upload_bytes=TEST_LIMIT), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture
def bad_workbook(tmp_path: Path) -> tuple[Path, str]:
    """The 岳阳 sample workbook with one amount typed in words, and where that cell is, as a clerk reads it."""
    book = Filler(shutil.copy(SAMPLES / "yueyang_2023.xlsx", tmp_path / "填报表.xlsx"))
    sheet = book.book["项目"]
    row = last_row(sheet)
    letter = sheet.cell(row, column_of(sheet, "全年执行数")).column_letter
    book.cell("项目", row, "全年执行数", "八百万")
    return book.save(), f"「项目」表第{row}行 {letter}列「全年执行数」"


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A uvicorn server of the page on a free port of this computer, in a background thread."""
    import uvicorn

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(max_upload_bytes=TEST_LIMIT), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("网页服务没有启动")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)
    listener.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if os.environ.get("REPORTGEN_NO_BROWSER") == "1":
        pytest.skip("REPORTGEN_NO_BROWSER=1：按要求跳过浏览器测试")
    executable = os.environ.get("REPORTGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail(
            f"找不到 Chromium（{executable}），浏览器测试无法运行：请以 root 运行 make system-deps，"
            "或 sudo apt-get install chromium；确实不需要时设置 REPORTGEN_NO_BROWSER=1 跳过",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
    context.set_default_timeout(15_000)
    opened = context.new_page()
    opened.goto(server_url + "/")
    yield opened
    context.close()


def screenshot(page, name: str) -> None:
    """Save the page as ``<REPORTGEN_SCREENSHOTS>/<name>`` when that variable names a folder (for the README), in
    256 colours so that the committed picture stays small."""
    folder = os.environ.get("REPORTGEN_SCREENSHOTS")
    if folder:
        from PIL import Image

        target = Path(folder) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        with Image.open(target) as shot:
            small = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(target, optimize=True)
