"""Launch state lives in the database, so a login handled by one gunicorn worker is completed by
another: proven by running the tool under gunicorn with two workers."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from support.lti import Launcher, registered_platform

LAUNCHES = 24


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, port: int, database_url: str, instance: Path, log: Path) -> None:
        self.url = f"http://localhost:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DP_INSTANCE_DIR": str(instance),
            "SECRET_KEY": "multiprocess-test",
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--access-logfile",
                str(log),
                "--access-logformat",
                "%(p)s %(m)s %(U)s %(s)s",
                "lti_tool.wsgi:app",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.url}/lti/jwks", timeout=10)
                return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def test_two_workers_share_launch_state(app, database_url, tmp_path):
    """Every login is handled by one gunicorn server and every launch by another (each with two
    workers), so no launch can be completed from process memory. Which worker of one server
    takes a connection is up to the kernel, so the routing is made explicit instead."""
    servers = [
        Gunicorn(free_port(), database_url, tmp_path / "instance", tmp_path / f"{name}.log")
        for name in ("login", "launch")
    ]
    login_server, launch_server = servers
    try:

        class Tool:
            url = login_server.url

        with registered_platform(app, Tool) as platform:
            for i in range(LAUNCHES):
                persona = ("asha", "ben", "carys")[i % 3]
                launcher = Launcher(platform, Tool)
                launcher.login(persona)
                _, fields = launcher.authenticate()
                response = launcher.session.post(f"{launch_server.url}/lti/launch", data=fields)
                assert response.status_code == 200, response.text[:500]
                assert response.url.startswith(launch_server.url)
                assert persona.capitalize() in response.text
    finally:
        for server in servers:
            server.stop()

    def served(log_name: str, path: str) -> list[str]:
        lines = [line.split() for line in (tmp_path / log_name).read_text().splitlines()]
        return [pid for pid, _method, url, _status in lines if url == path]

    logins, launches = served("login.log", "/lti/login"), served("launch.log", "/lti/launch")
    assert len(logins) == len(launches) == LAUNCHES
    assert served("launch.log", "/lti/login") == [] and served("login.log", "/lti/launch") == []
    assert not set(logins) & set(launches), "logins and launches ran in different processes"
    assert all(re.fullmatch(r"<\d+>", pid) for pid in logins + launches)
