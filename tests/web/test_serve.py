"""``reportgen serve``: this computer only unless a host is given, the upload limit, a port already taken."""

from __future__ import annotations

import socket

import pytest
import uvicorn

from reportgen.cli import main
from reportgen.limits import MAX_UPLOAD_BYTES, MB


@pytest.fixture
def started(monkeypatch):
    """What ``serve`` hands to uvicorn and the browser, without serving."""
    calls: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.update(app=app, **options))
    monkeypatch.setattr("webbrowser.open", lambda url: calls.update(opened=url))
    return calls


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def upload_limit(app) -> str:
    from starlette.testclient import TestClient

    from conftest import LOCAL

    with TestClient(app, base_url=LOCAL) as client:
        return client.get("/").text


def test_serve_listens_on_this_computer_only_by_default(started, capsys):
    port = free_port()
    assert main(["serve", "--port", str(port), "--no-browser"]) == 0
    assert started["host"] == "127.0.0.1" and started["port"] == port
    assert "opened" not in started
    err = capsys.readouterr().err
    assert f"reportgen 页面已启动：http://127.0.0.1:{port}/" in err and "注意" not in err
    assert f"每个文件不超过 {MAX_UPLOAD_BYTES // MB}.0 MB" in upload_limit(started["app"])


def test_serve_on_another_host_warns_in_chinese(started, capsys):
    assert main(["serve", "--host", "0.0.0.0", "--port", str(free_port()), "--no-browser"]) == 0
    assert started["host"] == "0.0.0.0"
    assert "局域网中的其他电脑也能访问" in capsys.readouterr().err
    assert "本页面正在局域网中开放" in upload_limit(started["app"])


def test_serve_takes_an_upload_limit(started):
    assert main(["serve", "--port", str(free_port()), "--no-browser", "--max-upload-mb", "5"]) == 0
    assert "每个文件不超过 5.0 MB" in upload_limit(started["app"])


def test_a_port_in_use_is_said_in_chinese(started, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--no-browser"]) == 2
    assert f"无法在 127.0.0.1:{port} 上启动页面" in capsys.readouterr().err
    assert "app" not in started
