"""Helpers for the grade tests: launch learners, queue completions, read what the LMS received."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from sqlalchemy import select
from support.lti import Launcher

from development_plans.completion import CompletionState, record_completion
from development_plans.courses import Placement
from development_plans.people import Enrolment, User
from lti_tool.extensions import db
from lti_tool.grades.models import GradeDelivery
from lti_tool.grades.sender import GradeSender

FAST_RETRIES = {
    "GRADES_RETRY_BASE_SECONDS": 0.05,
    "GRADES_RETRY_CAP_SECONDS": 0.2,
    "GRADES_HTTP_TIMEOUT": 2.0,
    "GRADES_CLAIM_SECONDS": 30.0,
}


def make_sender(app, **overrides) -> GradeSender:
    """A grade sender on the app's database and token store, with settings overridden."""
    settings = dataclasses.replace(app.extensions["grade_settings"], **overrides)
    with app.app_context():
        engine = db.engine
    return GradeSender(engine, app.extensions["lti_adapter"].store, settings)


def launch_learner(app, platform, tool, persona: str = "asha") -> tuple[int, int]:
    """Launch as a persona over HTTP; returns the (user id, placement id) the launch recorded."""
    response = Launcher(platform, tool).launch(persona)
    assert response.status_code == 200, response.text[:500]
    subject = platform.config.persona(persona).sub
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.subject == subject))
        placement_id = db.session.scalar(select(Placement.id))
    return user_id, placement_id


def add_learners(
    app, platform, placement_id: int, count: int, prefix: str = "learner"
) -> list[int]:
    """Learners enrolled in the placement's course and on the platform's roster, without a launch
    each; returns their user ids."""
    subjects = [f"{prefix}-{n}" for n in range(count)]
    with app.app_context():
        course = db.session.get(Placement, placement_id).course
        ids = []
        for subject in subjects:
            user = User(issuer=course.issuer, subject=subject, name=subject.title())
            db.session.add(user)
            db.session.flush()
            db.session.add(
                Enrolment(user_id=user.id, course_id=course.id, tool_role="learner", launched=True)
            )
            ids.append(user.id)
        db.session.commit()
    platform.control(members=[{"user_id": subject} for subject in subjects])
    return ids


def queue(app, user_id: int, placement_id: int, state: CompletionState, **kwargs) -> None:
    """Queue a completion the way the assessment and plan features do: inside a committed
    change."""
    with app.app_context():
        record_completion(
            db.session, user_id=user_id, placement_id=placement_id, state=state, **kwargs
        )
        db.session.commit()


def deliveries(app, **filters) -> list[GradeDelivery]:
    """Outbox rows (detached), oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(GradeDelivery).filter_by(**filters).order_by(GradeDelivery.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def score_posts(platform, user_id: str | None = None) -> list[dict]:
    """Every score POST the platform received (any status), in arrival order."""
    posts = platform.state_snapshot()["scores"]
    return [post for post in posts if user_id is None or post["user_id"] == user_id]


def accepted(posts: list[dict]) -> list[dict]:
    """The POSTs the platform accepted."""
    return [post for post in posts if 200 <= post["status"] < 300]


def result_for(platform, user_id: str) -> dict | None:
    """The score the platform's gradebook holds for a user (on any line item)."""
    results = [r for r in platform.state_snapshot()["results"] if r["user_id"] == user_id]
    assert len(results) <= 1, results
    return results[0]["score"] if results else None


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll until ``condition`` holds; fail the test if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)
