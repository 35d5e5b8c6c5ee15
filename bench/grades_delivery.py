"""Benchmark: deliver queued completion grades to the local demo LMS over real HTTP.

Queues one score for each of N learners (default 1,000), each in its own transaction through the
domain's ``record_completion`` as the assessment and plan features do, then lets grade senders
deliver them. Runs on SQLite, on PostgreSQL just filled (no ANALYZE, autovacuum off for the run)
and on PostgreSQL analysed, in throwaway databases, and prints for each: seconds, grades per
second, token requests, duplicates and order violations (both must be 0). ``--live-updates``
queues that many newer scores for random learners while delivery runs, so ordering is really
tested. Figures only: it never fails on timing.

    .venv/bin/python bench/grades_delivery.py [--scores 1000] [--senders 1] [--live-updates 0]
        [--runs sqlite,pg-fresh,pg-analysed] [--server-errors 0] [--batch-size N]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_grades]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import inspect, text
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.databases import fresh_database  # noqa: E402

from demo_lms.claims import AGS_SCOPES  # noqa: E402
from demo_lms.config import DemoLmsConfig  # noqa: E402
from demo_lms.testing import running_platform  # noqa: E402
from development_plans.completion import CompletionState, record_completion  # noqa: E402
from development_plans.courses import Course, Placement  # noqa: E402
from development_plans.people import Enrolment, User  # noqa: E402
from lti_tool import create_app  # noqa: E402
from lti_tool.config import Config  # noqa: E402
from lti_tool.extensions import db  # noqa: E402
from lti_tool.grades.sender import GradeSender, SendReport  # noqa: E402
from lti_tool.lti.models import LtiDeployment, LtiRegistration  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_grades"
RUNS = ("sqlite", "pg-fresh", "pg-analysed")


@dataclass
class Figures:
    """One run's results."""

    name: str
    queued_seconds: float
    seconds: float
    delivered: int
    token_requests: int
    duplicates: int
    order_violations: int
    report: SendReport

    def row(self) -> str:
        rate = self.delivered / self.seconds if self.seconds else 0.0
        return (
            f"| {self.name:<22} | {self.delivered:>9} | {self.seconds:>7.2f} | {rate:>8.0f} | "
            f"{self.token_requests:>6} | {self.duplicates:>10} | {self.order_violations:>16} |"
        )


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


def queue_all(app, placement_id: int, user_ids: list[int], state: CompletionState) -> None:
    """Record a completion per learner, one transaction each."""
    with app.app_context():
        for user_id in user_ids:
            record_completion(db.session, user_id=user_id, placement_id=placement_id, state=state)
            db.session.commit()


def switch_autovacuum(app, enabled: bool) -> None:
    """Keep PostgreSQL from analysing the tables behind the benchmark's back (a "fresh" run)."""
    with app.app_context(), db.engine.begin() as conn:
        for table in inspect(conn).get_table_names():
            conn.execute(text(f'ALTER TABLE "{table}" SET (autovacuum_enabled = {enabled})'))


def deliver(
    app, senders: int, updates: list[int], placement_id: int
) -> tuple[float, SendReport, int]:
    """Run the senders until nothing is pending, queueing ``updates`` meanwhile; returns the
    seconds taken, the senders' totals and their token requests."""
    with app.app_context():
        engine = db.engine
    store = app.extensions["lti_adapter"].store
    settings = app.extensions["grade_settings"]
    workers = [GradeSender(engine, store, settings) for _ in range(senders)]
    reports: list[SendReport] = []
    queued_all = threading.Event()

    def send(worker: GradeSender) -> None:
        total = SendReport()
        while not queued_all.is_set():
            total.add(worker.run_until_settled(timeout=600))
        total.add(worker.run_until_settled(timeout=600))
        reports.append(total)

    threads = [threading.Thread(target=send, args=(worker,)) for worker in workers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    queue_all(app, placement_id, updates, CompletionState.PLAN_APPROVED)
    queued_all.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    total = SendReport()
    for report in reports:
        total.add(report)
    return elapsed, total, sum(worker.token_requests for worker in workers)


def check_gradebook(state: dict, expected_given: dict[str, float]) -> tuple[int, int, int]:
    """Accepted POSTs, duplicates (a score accepted twice) and order violations (an accepted
    score older than one accepted before it for the same line item and learner, or a gradebook
    that does not end on the learner's newest score)."""
    accepted = [post for post in state["scores"] if 200 <= post["status"] < 300]
    seen = Counter((p["line_item_id"], p["user_id"], p["body"]["timestamp"]) for p in accepted)
    duplicates = sum(n - 1 for n in seen.values())
    by_learner: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for post in sorted(accepted, key=lambda p: p["seq"]):
        stamp = datetime.fromisoformat(post["body"]["timestamp"])
        by_learner[(post["line_item_id"], post["user_id"])].append(stamp)
    violations = sum(
        1
        for stamps in by_learner.values()
        for earlier, later in itertools.pairwise(stamps)
        if later <= earlier
    )
    final = {r["user_id"]: r["score"]["scoreGiven"] for r in state["results"]}
    violations += sum(1 for user, given in expected_given.items() if final.get(user) != given)
    return len(accepted), duplicates, violations


def run(name: str, url: str, args, workdir: Path) -> Figures:
    """One benchmark run against a new database at ``url``."""
    app = create_app(
        Config(
            INSTANCE_DIR=workdir,
            SQLALCHEMY_DATABASE_URI=url,
            SECRET_KEY="bench-only-secret",  # noqa: S106
            GRADES_BACKGROUND_SENDER=False,
            GRADES_RETRY_BASE_SECONDS=0.05,
            GRADES_RETRY_CAP_SECONDS=0.5,
            **({"GRADES_BATCH_SIZE": args.batch_size} if args.batch_size else {}),
        )
    )
    with app.app_context():
        upgrade()
    if name == "pg-fresh":
        switch_autovacuum(app, False)
    with served(app) as tool_url:
        lms = DemoLmsConfig(
            issuer="http://placeholder",
            tool_login_url=f"{tool_url}/lti/login",
            tool_launch_url=f"{tool_url}/lti/launch",
            tool_jwks_url=f"{tool_url}/lti/jwks",
        )
        with running_platform(lms) as platform:
            placement_id, user_ids = seed(app, platform, args.scores)
            started = time.perf_counter()
            queue_all(app, placement_id, user_ids, CompletionState.PLAN_SUBMITTED)
            queued = time.perf_counter() - started
            if name == "pg-analysed":
                with app.app_context(), db.engine.connect() as conn:
                    conn.execute(text("ANALYZE"))
                    conn.commit()
            if args.server_errors:
                platform.control(
                    fail={"endpoint": "scores", "statuses": [503] * args.server_errors}
                )
            updated = random.Random(7).sample(user_ids, min(args.live_updates, len(user_ids)))
            elapsed, report, tokens = deliver(app, args.senders, updated, placement_id)
            state = platform.state_snapshot()
    if name == "pg-fresh":
        switch_autovacuum(app, True)
    with app.app_context():
        db.engine.dispose()
    subjects = {user_id: f"bench-{n}" for n, user_id in enumerate(user_ids)}
    expected = {subject: 80.0 for subject in subjects.values()}
    expected.update({subjects[user_id]: 100.0 for user_id in updated})
    delivered, duplicates, violations = check_gradebook(state, expected)
    return Figures(
        name=name,
        queued_seconds=queued,
        seconds=elapsed,
        delivered=delivered,
        token_requests=tokens,
        duplicates=duplicates,
        order_violations=violations,
        report=report,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=int, default=1000, help="learners, one score each")
    parser.add_argument("--senders", type=int, default=1, help="senders running at once")
    parser.add_argument("--batch-size", type=int, help="rows claimed at a time (default: config)")
    parser.add_argument(
        "--live-updates", type=int, default=0, help="newer scores queued during delivery"
    )
    parser.add_argument(
        "--server-errors", type=int, default=0, help="HTTP 503s the LMS answers first"
    )
    parser.add_argument("--runs", default=",".join(RUNS), help=f"any of {', '.join(RUNS)}")
    parser.add_argument("--database-url", default=DEFAULT_PG, help="a throwaway PostgreSQL URL")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    results = []
    for name in args.runs.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            if name == "sqlite":
                url = f"sqlite:///{workdir / 'bench.sqlite3'}"
            else:
                url = fresh_database(args.database_url, Path(tempfile.gettempdir()))
            results.append(run(name, url, args, workdir))

    print(
        f"\nGrade delivery: {args.scores} queued scores, {args.senders} sender(s), "
        f"{args.live_updates} newer scores queued during delivery, "
        f"{args.server_errors} HTTP 503s first"
    )
    print(
        "| run                    | delivered | seconds | grades/s | tokens | duplicates "
        "| order violations |"
    )
    print("|" + "|".join("-" * w for w in (24, 11, 9, 10, 8, 12, 18)) + "|")
    for figures in results:
        print(figures.row())
    for figures in results:
        print(
            f"  {figures.name}: queued in {figures.queued_seconds:.2f} s; "
            f"{figures.report.summary()}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
