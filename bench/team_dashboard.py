"""Print the team dashboard's and CSV export's response times and SQL statement counts for 100,
1,000 and 10,000 members: on SQLite, on PostgreSQL right after filling (no statistics yet), and on
PostgreSQL after ANALYZE. Figures only: it never fails on timing.

    .venv/bin/python bench/team_dashboard.py [--sizes 100 1000 10000] [--runs 5]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_team \\
        .venv/bin/python bench/team_dashboard.py

SQLite uses a fresh file in a temporary folder. PostgreSQL runs only when DATABASE_URL names it:
that database is DROPPED and created again (use a throwaway one), migrated, and autovacuum is
turned off for every table before the teams are added, so the "fresh" figures are measured with
no statistics at all (the bench prints how many pg_stats rows exist: 0); then ANALYZE runs and
the same requests are measured again.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, text  # noqa: E402
from support.databases import fresh_database  # noqa: E402
from support.plan_data import hlm  # noqa: E402
from support.team_data import add_bulk_members  # noqa: E402

from development_plans.courses import Course  # noqa: E402
from development_plans.people import Enrolment, User  # noqa: E402
from lti_tool import create_app  # noqa: E402
from lti_tool.config import Config  # noqa: E402
from lti_tool.extensions import db  # noqa: E402

PAGES = {"dashboard": "/team/", "CSV": "/team/export.csv?left=1"}


def manager_client(app, size: int):
    """A test client logged in as the manager of a new course with ``size`` members."""
    with app.app_context():
        course = Course(
            issuer="https://lms.example", client_id="c", deployment_id="1", context_id=f"b{size}"
        )
        manager = User(issuer="https://lms.example", subject=f"manager-{size}", name="Manager")
        db.session.add_all([course, manager])
        db.session.flush()
        enrolment = Enrolment(
            user_id=manager.id, course_id=course.id, tool_role="manager", launched=True
        )
        db.session.add(enrolment)
        db.session.commit()
        add_bulk_members(db.session, course, hlm(), size)
        ids = {"user_id": manager.id, "course_id": course.id, "enrolment_id": enrolment.id}
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(ids)
    return client


def measure(app, client, path: str, runs: int) -> tuple[float, float, int]:
    """(median ms, slowest ms, statements) of ``runs`` requests for ``path`` after a warm-up."""
    with app.app_context():
        engine = db.engine
    statements = []
    count = lambda *args: statements.append(1)  # noqa: E731
    client.get(path)
    timings = []
    for _ in range(runs):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get(path)
        response.get_data()
        timings.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), max(timings), len(statements)


def report(label: str, app, clients: dict, runs: int) -> None:
    """One line per team size: median, slowest and statements of the dashboard and the CSV."""
    for size, client in clients.items():
        cells = []
        for path in PAGES.values():
            median, slowest, statements = measure(app, client, path, runs)
            cells.append(f"{median:>9.1f} {slowest:>9.1f} {statements:>5}")
        print(f"{label:<22} {size:>7}  " + "   ".join(cells), flush=True)


def header() -> None:
    columns = "   ".join(f"{name + ' ms':>9} {'slowest':>9} {'stmts':>5}" for name in PAGES)
    print(f"{'':<22} {'':>7}  " + "   ".join(f"{'(median)':>9} {'':>9} {'':>5}" for _ in PAGES))
    print(f"{'database':<22} {'members':>7}  {columns}")


def new_app(url: str, instance: Path):
    instance.mkdir(parents=True, exist_ok=True)
    app = create_app(Config(INSTANCE_DIR=instance, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
    return app


def set_autovacuum(app, enabled: bool) -> None:
    with app.app_context(), db.engine.begin() as conn:
        for table in db.metadata.sorted_tables:
            option = "RESET (autovacuum_enabled)" if enabled else "SET (autovacuum_enabled = false)"
            conn.execute(text(f'ALTER TABLE "{table.name}" {option}'))


def statistics_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(text("SELECT count(*) FROM pg_stats WHERE schemaname = 'public'"))


def sqlite(sizes: list[int], runs: int, tmp: Path) -> None:
    app = new_app(f"sqlite:///{tmp}/bench.sqlite3", tmp)
    report("SQLite", app, {size: manager_client(app, size) for size in sizes}, runs)


def postgresql(url: str, sizes: list[int], runs: int, tmp: Path) -> None:
    fresh_database(url, Path(tempfile.gettempdir()))
    app = new_app(url, tmp)
    set_autovacuum(app, enabled=False)
    clients = {size: manager_client(app, size) for size in sizes}
    print(f"(pg_stats rows before the fresh run: {statistics_rows(app)})")
    report("PostgreSQL fresh", app, clients, runs)
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    report("PostgreSQL analysed", app, clients, runs)
    set_autovacuum(app, enabled=True)


def main() -> None:
    """Fill each database team by team and print the figures for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    print(f"{args.runs} requests per figure after a warm-up")
    header()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite(args.sizes, args.runs, Path(tmp) / "sqlite")
        if url.startswith("postgresql"):
            postgresql(url, args.sizes, args.runs, Path(tmp) / "postgresql")


if __name__ == "__main__":
    main()
