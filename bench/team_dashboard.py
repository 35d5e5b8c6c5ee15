"""Print the team dashboard's response time and SQL statement count for 100, 1,000 and 10,000
members. Figures only: it never fails on timing.

    .venv/bin/python bench/team_dashboard.py [--sizes 100 1000 10000] [--runs 5]

Uses a fresh SQLite database in a temporary folder unless DATABASE_URL names another database
(which it migrates and fills: use a throwaway one).
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
from sqlalchemy import event  # noqa: E402
from support.plan_data import hlm  # noqa: E402
from support.team_data import add_bulk_members  # noqa: E402

from development_plans.models import Course, Enrolment, User  # noqa: E402
from lti_tool import create_app  # noqa: E402
from lti_tool.config import Config  # noqa: E402
from lti_tool.extensions import db  # noqa: E402


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


def measure(app, client, runs: int) -> tuple[float, float, int]:
    """(median ms, slowest ms, statements) of ``runs`` dashboard requests after a warm-up."""
    with app.app_context():
        engine = db.engine
    statements = []
    count = lambda *args: statements.append(1)  # noqa: E731
    client.get("/team/")
    timings = []
    for _ in range(runs):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        response = client.get("/team/")
        timings.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), max(timings), len(statements)


def main() -> None:
    """Fill a database team by team and print the dashboard's figures for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        app = create_app(Config(INSTANCE_DIR=Path(tmp), SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade()
        print(f"database: {url.split('@')[-1]}")
        print(f"{'members':>8}  {'median ms':>10}  {'slowest ms':>10}  {'SQL statements':>14}")
        for size in args.sizes:
            client = manager_client(app, size)
            median, slowest, statements = measure(app, client, args.runs)
            print(f"{size:>8}  {median:>10.1f}  {slowest:>10.1f}  {statements:>14}")


if __name__ == "__main__":
    main()
