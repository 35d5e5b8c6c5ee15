"""Benchmark: deliver queued completion grades to the local demo LMS over real HTTP.

Queues one score for each of N learners (default 1,000) in its own transaction, as the assessment
and plan features do, then lets one or more grade senders deliver them to the demo LMS. Prints
the queueing and delivery rates and how many access tokens were requested. Figures only: it
never fails on timing.

    .venv/bin/python bench/grades_delivery.py [--scores 1000] [--senders 1] [--server-errors 0]
        [--sqlite-wal | --database-url postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from demo_lms.claims import AGS_SCOPES  # noqa: E402
from demo_lms.config import DemoLmsConfig  # noqa: E402
from demo_lms.testing import running_platform  # noqa: E402
from development_plans.grading import CompletionState, queue_completion  # noqa: E402
from development_plans.models import Course, Enrolment, Placement, User  # noqa: E402
from lti_tool import create_app  # noqa: E402
from lti_tool.config import Config  # noqa: E402
from lti_tool.extensions import db  # noqa: E402
from lti_tool.grades.sender import GradeSender, SendReport  # noqa: E402
from lti_tool.models import LtiDeployment, LtiRegistration  # noqa: E402


def fresh_database(url: str | None, workdir: Path) -> str:
    """The given PostgreSQL database dropped and created again, or a new SQLite file."""
    if not url:
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    admin_url, _, name = url.rpartition("/")
    engine = create_engine(f"{admin_url}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url


@contextmanager
def served(app):
    """The tool over HTTP (the platform fetches its JWKS to check client assertions)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://localhost:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def seed(app, platform, learners: int) -> tuple[int, list[int]]:
    """A registered platform, a course with one placement, and enrolled learners."""
    with app.app_context():
        registration = LtiRegistration(
            issuer=platform.issuer,
            client_id=platform.client_id,
            auth_login_url=platform.auth_url,
            auth_token_url=platform.token_url,
            key_set_url=platform.jwks_url,
        )
        registration.deployments = [LtiDeployment(deployment_id=platform.deployment_id)]
        course = Course(
            issuer=platform.issuer,
            client_id=platform.client_id,
            deployment_id=platform.deployment_id,
            context_id=platform.config.course.id,
        )
        db.session.add_all([registration, course])
        db.session.flush()
        placement = Placement(
            course_id=course.id,
            resource_link_id=platform.config.resource_link.id,
            title=platform.config.resource_link.title,
            lineitems_url=platform.lineitems_url,
            lineitem_url=f"{platform.lineitems_url}/1",
            ags_scopes=list(AGS_SCOPES),
        )
        users = [User(issuer=platform.issuer, subject=f"bench-{n}") for n in range(learners)]
        db.session.add_all([placement, *users])
        db.session.flush()
        db.session.add_all(
            Enrolment(user_id=user.id, course_id=course.id, tool_role="learner") for user in users
        )
        db.session.commit()
        ids = placement.id, [user.id for user in users]
    platform.control(members=[{"user_id": f"bench-{n}"} for n in range(learners)])
    return ids


def queue_all(app, placement_id: int, user_ids: list[int]) -> float:
    """Queue a plan submission per learner, one transaction each; returns seconds taken."""
    started = time.perf_counter()
    with app.app_context():
        for user_id in user_ids:
            queue_completion(
                db.session,
                user_id=user_id,
                placement_id=placement_id,
                state=CompletionState.PLAN_SUBMITTED,
            )
            db.session.commit()
    return time.perf_counter() - started


def deliver(app, senders: int, batch_size: int) -> tuple[float, SendReport, int]:
    """Run the senders until nothing is pending; returns seconds, totals and tool-side token
    requests."""
    with app.app_context():
        engine = db.engine
    store = app.extensions["lti_adapter"].store
    settings = app.extensions["grade_settings"]
    workers = [GradeSender(engine, store, settings) for _ in range(senders)]
    reports: list[SendReport] = []
    started = time.perf_counter()
    threads = [
        threading.Thread(target=lambda w=w: reports.append(w.run_until_settled(timeout=600)))
        for w in workers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    total = SendReport()
    for report in reports:
        total.add(report)
    return elapsed, total, sum(worker.token_requests for worker in workers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, default=1000, help="learners, one score each")
    parser.add_argument("--senders", type=int, default=1, help="senders running at once")
    parser.add_argument("--batch-size", type=int, default=20, help="rows claimed at a time")
    parser.add_argument(
        "--server-errors", type=int, default=0, help="HTTP 503s the LMS answers first"
    )
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a new SQLite file)")
    parser.add_argument(
        "--sqlite-wal", action="store_true", help="put the SQLite file in write-ahead-log mode"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = fresh_database(args.database_url, workdir)
        app = create_app(
            Config(
                INSTANCE_DIR=workdir,
                SQLALCHEMY_DATABASE_URI=url,
                SECRET_KEY="bench-only-secret",  # noqa: S106
                GRADES_BACKGROUND_SENDER=False,
                GRADES_BATCH_SIZE=args.batch_size,
                GRADES_RETRY_BASE_SECONDS=0.05,
                GRADES_RETRY_CAP_SECONDS=0.5,
            )
        )
        with app.app_context():
            upgrade()
            if args.sqlite_wal and url.startswith("sqlite"):
                with db.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        with served(app) as tool_url:
            lms = DemoLmsConfig(
                issuer="http://placeholder",
                tool_login_url=f"{tool_url}/lti/login",
                tool_launch_url=f"{tool_url}/lti/launch",
                tool_jwks_url=f"{tool_url}/lti/jwks",
            )
            with running_platform(lms) as platform:
                placement_id, user_ids = seed(app, platform, args.scores)
                queued = queue_all(app, placement_id, user_ids)
                if args.server_errors:
                    platform.control(
                        fail={"endpoint": "scores", "statuses": [503] * args.server_errors}
                    )
                elapsed, report, tool_tokens = deliver(app, args.senders, args.batch_size)
                state = platform.state_snapshot()
        with app.app_context():
            db.engine.dispose()

    posts = Counter(post["status"] for post in state["scores"])
    accepted = sum(n for status, n in posts.items() if 200 <= status < 300)
    per_user = Counter(p["user_id"] for p in state["scores"] if 200 <= p["status"] < 300)
    database = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    if args.sqlite_wal and database == "SQLite":
        database += " in WAL mode"
    print(
        f"Grade delivery benchmark ({database}, {args.senders} sender(s), batch {args.batch_size})"
    )
    print(f"  queued      {args.scores} scores in {queued:.2f} s ({args.scores / queued:.0f}/s)")
    print(f"  delivered   {accepted} scores in {elapsed:.2f} s ({accepted / elapsed:.0f}/s)")
    print(f"  gradebook   {len(state['results'])} learners hold a score")
    duplicates = sum(per_user.values()) - len(per_user)
    print(f"  score POSTs {dict(sorted(posts.items()))}; duplicates {duplicates}")
    print(f"  sender      {report.summary()}")
    print(
        f"  tokens      {state['token_requests']} token request(s) at the LMS "
        f"({tool_tokens} by the senders)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
