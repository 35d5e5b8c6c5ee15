"""Where one worker's CPU goes in a full LTI launch, measured in one process so the figure repeats
on a busy machine: the tool served by a single-threaded WSGI server in a thread of its own, the
demo LMS (which signs real id_tokens) in another, launches one after another. Prints the CPU time
of the tool's thread per launch and per request (``time.thread_time``: the application only, not
an HTTP server's parsing), and with ``--profile`` a cProfile table of that thread by component
(pylti1p3, SQLAlchemy, Jinja, Flask, ...) and its top functions. Figures only.

    .venv/bin/python bench/launch_profile.py [--launches 200] [--profile]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_launch]
        [--store database|redis://127.0.0.1:6379/14]
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from launch import PERSONAS, Target, one_launch, platform_config  # noqa: E402
from support.databases import fresh_database, migrated  # noqa: E402
from support.lti import register  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from demo_lms.testing import running_platform  # noqa: E402

COMPONENTS = (
    ("pylti1p3", "pylti1p3"),
    ("/jwt/", "PyJWT"),
    ("jwcrypto", "jwcrypto"),
    ("cryptography", "cryptography (RSA)"),
    ("sqlalchemy", "SQLAlchemy"),
    ("flask_sqlalchemy", "SQLAlchemy"),
    ("psycopg", "psycopg"),
    ("sqlite3", "sqlite3"),
    ("/redis/", "redis client"),
    ("jinja2", "Jinja"),
    ("markupsafe", "Jinja"),
    ("nhsuk_frontend_jinja", "Jinja"),
    (".html", "Jinja"),
    (".jinja", "Jinja"),
    ("flask_wtf", "Flask-WTF/WTForms"),
    ("wtforms", "Flask-WTF/WTForms"),
    ("/flask/", "Flask"),
    ("werkzeug", "Werkzeug"),
    ("/requests/", "requests/urllib3 (JWKS fetch)"),
    ("urllib3", "requests/urllib3 (JWKS fetch)"),
    ("/json/", "json"),
    ("lti_tool/", "this tool (lti_tool)"),
    ("development_plans/", "domain (development_plans)"),
    ("bench/", "harness"),
)


def component(filename: str) -> str:
    for needle, name in COMPONENTS:
        if needle in filename:
            return name
    return "Python stdlib/other"


class Measured:
    """The WSGI app with the tool thread's CPU time per request, and optionally a profile."""

    def __init__(self, app, profile: bool, only: str | None = None) -> None:
        self.app = app
        self.only = only
        self.profiler = cProfile.Profile(time.thread_time) if profile else None
        self.cpu: dict[str, float] = defaultdict(float)
        self.counting = False

    def __call__(self, environ, start_response):
        started = time.thread_time()
        profiling = self.profiler and self.counting and self.only in (None, environ["PATH_INFO"])
        if profiling:
            self.profiler.enable()
        try:
            result = self.app(environ, start_response)
            body = list(result)
            if hasattr(result, "close"):
                result.close()
        finally:
            if profiling:
                self.profiler.disable()
            if self.counting:
                self.cpu[environ["PATH_INFO"]] += time.thread_time() - started
        return body


class Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


def by_component(profiler: cProfile.Profile) -> dict[str, float]:
    """Own time per component; a builtin's time goes to the components that called it."""
    stats = pstats.Stats(profiler).stats
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, own, _, callers) in stats.items():
        if filename != "~":
            totals[component(filename)] += own
            continue
        edge_total = sum(edge[2] for edge in callers.values()) or 1.0
        for (caller_file, _, _), edge in callers.items():
            totals[component(caller_file)] += own * edge[2] / edge_total
    return totals


def report(measured: Measured, launches: int, top: int) -> None:
    total = sum(measured.cpu.values())
    print(f"tool thread CPU: {total / launches * 1000:.2f} ms per launch")
    for path, seconds in sorted(measured.cpu.items(), key=lambda kv: -kv[1]):
        print(f"  {path:32} {seconds / launches * 1000:6.2f} ms")
    if not measured.profiler:
        return
    totals = by_component(measured.profiler)
    profiled = sum(totals.values())
    print(f"\nprofile (cProfile, thread CPU; {profiled / launches * 1000:.2f} ms/launch profiled)")
    for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {name:34} {seconds / profiled * 100:5.1f} %  {seconds / launches * 1000:6.2f} ms")
    print()
    stats = pstats.Stats(measured.profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def print_sql_of_one_launch(app, platform, target: Target) -> None:
    """Every statement one launch sends, by request, to see what each request costs the database."""
    from flask import has_request_context, request
    from sqlalchemy import event

    from lti_tool.extensions import db

    def show(conn, cursor, statement, parameters, context, executemany):
        path = request.path if has_request_context() else "(no request)"
        print(f"{path:14} {' '.join(statement.split())[:160]}")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", show)
    one_launch(platform, target, PERSONAS[0].id)
    event.remove(engine, "before_cursor_execute", show)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default SQLite)")
    parser.add_argument("--store", default="database")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", help="profile only requests to this path, e.g. /lti/launch")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one launch")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    from lti_tool import create_app
    from lti_tool.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = fresh_database(args.database_url, workdir)
        setup = migrated(url, workdir)
        app = create_app(
            Config(
                INSTANCE_DIR=workdir / "instance",
                SQLALCHEMY_DATABASE_URI=url,
                SECRET_KEY="bench",  # noqa: S106
                SHARED_STORE_URL=args.store,
                MIGRATIONS_ENABLED=False,
            )
        )
        measured = Measured(app, args.profile, args.only)
        server = make_server("127.0.0.1", 0, measured, request_handler=Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://localhost:{server.server_port}"
        target = Target(base, f"{base}/lti/login", f"{base}/lti/launch")
        with running_platform(platform_config(target)) as platform:
            register(setup, platform)
            for i in range(20):
                one_launch(platform, target, PERSONAS[i % len(PERSONAS)].id)
            if args.sql:
                print_sql_of_one_launch(app, platform, target)
            measured.counting = True
            for i in range(args.launches):
                one_launch(platform, target, PERSONAS[i % len(PERSONAS)].id)
            measured.counting = False
        server.shutdown()
        report(measured, args.launches, args.top)


if __name__ == "__main__":
    main()
