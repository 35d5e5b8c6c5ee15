"""The production command (``gunicorn -c gunicorn.conf.py``) keeps serving while browsers hold
connections open and send nothing: pre-connects and idle keep-alives must never hold up a real
request, nor get a worker killed."""

from __future__ import annotations

import socket

import requests
from support.gunicorn import Gunicorn

IDLE_CONNECTIONS = 32


def still_open(sock: socket.socket) -> bool:
    """The server has neither closed this silent connection nor answered on it."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def test_a_request_is_served_while_browsers_hold_idle_connections(database_url, tmp_path):
    env = {
        "DATABASE_URL": database_url,
        "DP_INSTANCE_DIR": str(tmp_path / "instance"),
        "SECRET_KEY": "serving-test",
    }
    with Gunicorn(env, workers=2) as tool:
        workers = tool.worker_pids()
        idle = [socket.create_connection(("127.0.0.1", tool.port)) for _ in range(IDLE_CONNECTIONS)]
        try:
            response = requests.get(f"{tool.url}/health", timeout=90)
            open_while_served = [still_open(sock) for sock in idle]
        finally:
            for sock in idle:
                sock.close()
        assert response.status_code == 200
        assert all(open_while_served), "the request waited until idle connections were dropped"
        assert tool.worker_pids() == workers
