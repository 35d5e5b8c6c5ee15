"""Print how long the 360 report takes for a learner with 30 raters (line manager, 12 peers,
10 direct reports, 7 others, every behaviour answered) and how many SQL statements it runs: the
report built in the domain, the report page, and the PDF. SQLite always; PostgreSQL too when
DATABASE_URL names a throwaway database (it is DROPPED and created again). Figures only.

    .venv/bin/python bench/feedback_report.py [--runs 10]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/dp_bench_feedback \\
        .venv/bin/python bench/feedback_report.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event  # noqa: E402
from support.databases import fresh_database  # noqa: E402
from support.plan_data import hlm  # noqa: E402

from development_plans import feedback as fb  # noqa: E402
from development_plans.assessments import save_dimension_answers, start_or_resume  # noqa: E402
from development_plans.courses import Course  # noqa: E402
from development_plans.db import utcnow  # noqa: E402
from development_plans.people import Enrolment, User  # noqa: E402
from lti_tool import create_app  # noqa: E402
from lti_tool.config import Config  # noqa: E402
from lti_tool.extensions import db  # noqa: E402

GROUPS = ["line-manager"] + ["peers"] * 12 + ["direct-reports"] * 10 + ["others"] * 7


def _person(course: Course, name: str, role: str = "learner") -> Enrolment:
    user = User(issuer="https://lms.example", subject=name, name=name.title())
    db.session.add(user)
    db.session.flush()
    enrolment = Enrolment(user_id=user.id, course_id=course.id, tool_role=role, launched=True)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def fill(app) -> dict[str, int]:
    """A course, a learner who assessed themselves, 30 raters who answered everything, and a
    released request. Returns the session ids of the learner and the request id."""
    framework = hlm()
    with app.app_context():
        course = Course(
            issuer="https://lms.example", client_id="c", deployment_id="1", context_id="bench"
        )
        db.session.add(course)
        db.session.flush()
        learner = _person(course, "learner")
        manager = _person(course, "manager", "manager")
        assessment = start_or_resume(
            db.session,
            user_id=learner.user_id,
            course_id=course.id,
            placement_id=None,
            framework=framework,
        )
        for n, dimension in enumerate(framework.dimensions):
            ratings = {b.id: (n + i) % 4 for i, b in enumerate(dimension.all_behaviours())}
            save_dimension_answers(db.session, assessment, framework, dimension.id, ratings, 3)
        request = fb.start_request(
            db.session,
            learner=db.session.get(User, learner.user_id),
            assessment=assessment,
            framework=framework,
            closes_at=utcnow() + timedelta(days=7),
        )
        for n, group in enumerate(GROUPS):
            rater, _ = fb.add_external_rater(
                db.session,
                request,
                framework,
                email=f"rater{n}@example.org",
                name=f"Rater {n}",
                group_id=group,
            )
            for d, dimension in enumerate(framework.dimensions):
                ratings = {
                    b.id: (None if (n + i) % 9 == 0 else (n + d + i) % 4)
                    for i, b in enumerate(dimension.all_behaviours())
                }
                fb.save_answers(
                    db.session,
                    rater,
                    framework,
                    dimension.id,
                    ratings=ratings,
                    importance=1 + (n + d) % 4,
                    comment=f"Comment {n} on {d}",
                )
            fb.send_answers(db.session, rater, framework)
        request.state = fb.RequestState.CLOSED.value
        fb.release(db.session, request, manager, [(None, "Talked it through.")])
        db.session.commit()
        return {
            "user_id": learner.user_id,
            "course_id": course.id,
            "enrolment_id": learner.id,
            "request_id": request.id,
        }


def counted(app, work, runs: int) -> tuple[float, float, int]:
    """(median ms, slowest ms, statements of the last run) of ``runs`` calls after a warm-up."""
    with app.app_context():
        engine = db.engine
    statements: list[int] = []
    count = lambda *args: statements.append(1)  # noqa: E731
    work()
    timings = []
    for _ in range(runs):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
        event.remove(engine, "before_cursor_execute", count)
    return statistics.median(timings), max(timings), len(statements)


def run(label: str, url: str, instance: Path, runs: int) -> None:
    instance.mkdir(parents=True, exist_ok=True)
    app = create_app(Config(INSTANCE_DIR=instance, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
    ids = fill(app)
    request_id = ids.pop("request_id")
    framework = hlm()

    def domain() -> None:
        with app.app_context():
            found = db.session.get(fb.FeedbackRequest, request_id)
            fb.report_for(db.session, found, framework)
            db.session.remove()

    client = app.test_client()
    with client.session_transaction() as session:
        session.update(ids)

    def page(path: str):
        def get() -> None:
            response = client.get(path)
            assert response.status_code == 200, response.status_code
            response.get_data()

        return get

    for name, work, times in (
        ("report (domain)", domain, runs),
        ("report page", page(f"/feedback/{request_id}/report"), runs),
        ("report PDF", page(f"/feedback/{request_id}/report.pdf"), max(1, runs // 5)),
    ):
        median, slowest, statements = counted(app, work, times)
        print(f"{label:<12} {name:<16} {median:>9.1f} {slowest:>9.1f} {statements:>6}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(f"30 raters, {len(hlm().all_behaviours())} behaviours each; {args.runs} runs per figure")
    print(f"{'database':<12} {'what':<16} {'median ms':>9} {'slowest':>9} {'stmts':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", Path(tmp) / "sqlite", args.runs)
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgresql"):
            fresh_database(url, Path(tmp))
            run("PostgreSQL", url, Path(tmp) / "postgresql", args.runs)


if __name__ == "__main__":
    main()
