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
    port = free_port()
    log = tmp_path / "access.log"
    server = Gunicorn(port, database_url, tmp_path / "instance", log)
    try:

        class Tool:
            url = server.url

        with registered_platform(app, Tool) as platform:
            for i in range(LAUNCHES):
                persona = ("asha", "ben", "carys")[i % 3]
                response = Launcher(platform, Tool).launch(persona)
                assert response.status_code == 200, response.text[:500]
                assert persona.capitalize() in response.text
    finally:
        server.stop()
    lines = [line.split() for line in log.read_text().splitlines()]
    logins = [pid for pid, method, path, _ in lines if path == "/lti/login"]
    launches = [pid for pid, method, path, status in lines if path == "/lti/launch"]
    assert len(logins) == len(launches) == LAUNCHES
    assert len(set(logins + launches)) == 2, "both workers should have served requests"
    crossed = sum(a != b for a, b in zip(logins, launches, strict=True))
    assert crossed > 0, "no launch was completed by a different worker than its login"
    assert all(re.fullmatch(r"<\d+>", pid) for pid in logins)
