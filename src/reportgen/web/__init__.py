"""The local web page of ``reportgen serve``: draft from a workbook and check reports in a browser."""

from __future__ import annotations

import sys

from reportgen.errors import OutputError
from reportgen.limits import MAX_UPLOAD_BYTES

DEFAULT_PORT = 8765


def serve(
    host: str | None = None,
    port: int = DEFAULT_PORT,
    *,
    open_browser: bool = True,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
) -> None:
    """Serve the page on ``host`` (this computer only unless a host is given) until Ctrl-C."""
    import threading
    import webbrowser

    import uvicorn

    from reportgen.web.app import LOCAL_HOST, create_app

    bind = host or LOCAL_HOST
    exposed = bind not in (LOCAL_HOST, "localhost")
    _check_free(bind, port)
    url = f"http://{LOCAL_HOST if exposed else bind}:{port}/"
    if exposed:
        print(
            f"注意：页面在 {bind}:{port} 上开放，局域网中的其他电脑也能访问并上传文件；只在需要时使用 --host。",
            file=sys.stderr,
        )
    print(f"reportgen 页面已启动：{url}（按 Ctrl-C 停止）", file=sys.stderr)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    app = create_app(max_upload_bytes=max_upload_bytes, exposed=exposed)
    uvicorn.run(app, host=bind, port=port, log_level="warning")


def _check_free(host: str, port: int) -> None:
    """A port already taken is said in Chinese before uvicorn would fail with its own English message."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise OutputError(
                f"无法在 {host}:{port} 上启动页面（{exc.strerror}）；端口可能已被占用，请用 --port 指定其他端口"
            ) from None
