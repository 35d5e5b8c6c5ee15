"""Run the tool (or another WSGI app) under gunicorn on a free port, and read what its processes
cost from /proc: the tests use it for multiprocess behaviour, the benchmarks for CPU and memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``app`` (a ``module:variable``) under gunicorn with the repository's gunicorn.conf.py,
    ``workers`` processes, and the given environment on top of this one's."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        app: str = "lti_tool.wsgi:app",
        workers: int = 2,
        log: Path | None = None,
        ready_path: str = "/health",
        extra_args: tuple[str, ...] = (),
    ) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        root = Path(__file__).resolve().parents[2]
        args = [
            str(Path(sys.executable).parent / "gunicorn"),
            f"--config={root / 'gunicorn.conf.py'}",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{self.port}",
            *extra_args,
        ]
        if log is not None:
            args += ["--access-logfile", str(log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s"]
        self.process = subprocess.Popen(
            [*args, app],
            env={**os.environ, **env},
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_ready(ready_path, workers)

    def _wait_until_ready(self, path: str, workers: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                requests.get(f"{self.url}{path}", timeout=10)
                if len(self.worker_pids()) >= workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and its workers so far."""
        return sum(process_cpu_seconds(pid) for pid in [self.process.pid, *self.worker_pids()])

    def worker_rss_mb(self) -> list[float]:
        return [process_rss_mb(pid) for pid in self.worker_pids()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def process_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
