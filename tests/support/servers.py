"""Serve a WSGI app on a free local port in a background thread, for real-HTTP tests."""

from __future__ import annotations

import threading

from werkzeug.serving import make_server


class LiveServer:
    def __init__(self, app, public_host: str = "127.0.0.1", bind_host: str = "127.0.0.1"):
        self.app = app
        self.public_host = public_host
        self.bind_host = bind_host
        self.server = None
        self.thread = None

    def __enter__(self) -> LiveServer:
        self.server = make_server(self.bind_host, 0, self.app, threaded=True)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self

    @property
    def port(self) -> int:
        return self.server.server_port

    @property
    def url(self) -> str:
        return f"http://{self.public_host}:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
