"""Claiming outbox rows in the database: only due rows, only a learner's newest, never one that is
already claimed, and never the same row to two claimers at once (SKIP LOCKED on PostgreSQL, an
atomic conditional UPDATE on SQLite)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from development_plans.completion import CompletionState, record_completion
from development_plans.courses import Course, Placement
from development_plans.db import utcnow
from development_plans.people import Enrolment, User
from lti_tool.extensions import db
from lti_tool.grades import claims, queue
from lti_tool.grades.models import GradeDelivery
from lti_tool.lti.vocabulary import SCORE_SCOPE


@pytest.fixture
def engine(app):
    with app.app_context():
        return db.engine


@pytest.fixture
def placement_id(engine) -> int:
    with Session(engine) as session:
        course = Course(
            issuer="https://lms.example", client_id="c", deployment_id="1", context_id="x"
        )
        session.add(course)
        session.flush()
        placement = Placement(
            course_id=course.id,
            resource_link_id="link-1",
            lineitem_url="https://lms.example/lineitems/1",
            ags_scopes=[SCORE_SCOPE],
        )
        session.add(placement)
        session.commit()
        return placement.id


def _learners(engine, placement_id: int, count: int) -> list[int]:
    with Session(engine) as session:
        course_id = session.get(Placement, placement_id).course_id
        users = [User(issuer="https://lms.example", subject=f"s{n}") for n in range(count)]
        session.add_all(users)
        session.flush()
        session.add_all(
            Enrolment(user_id=u.id, course_id=course_id, tool_role="learner") for u in users
        )
        session.commit()
        return [u.id for u in users]


def _queue(engine, user_id: int, placement_id: int, state=CompletionState.PLAN_SUBMITTED) -> None:
    with Session(engine) as session:
        record_completion(session, user_id=user_id, placement_id=placement_id, state=state)
        session.commit()


def _claim(engine, sender: str, limit: int = 10, ttl: float = 60) -> list[int]:
    with Session(engine) as session:
        return claims.claim_due(session, sender, limit=limit, ttl=ttl)


def test_only_due_rows_are_claimed(engine, placement_id):
    early, late = _learners(engine, placement_id, 2)
    _queue(engine, early, placement_id)
    _queue(engine, late, placement_id)
    with Session(engine) as session, session.begin():
        session.execute(
            update(GradeDelivery)
            .where(GradeDelivery.user_id == late)
            .values(next_attempt_at=utcnow() + timedelta(minutes=5))
        )

    claimed = _claim(engine, "a")

    with Session(engine) as session:
        assert [session.get(GradeDelivery, i).user_id for i in claimed] == [early]


def test_a_claimed_row_is_not_claimed_again_until_its_claim_expires(engine, placement_id):
    (learner,) = _learners(engine, placement_id, 1)
    _queue(engine, learner, placement_id)
    first = _claim(engine, "a", ttl=60)
    assert _claim(engine, "b") == []

    with Session(engine) as session, session.begin():
        session.execute(update(GradeDelivery).values(claim_expires=utcnow() - timedelta(seconds=1)))

    assert _claim(engine, "b") == first


def test_only_a_learners_newest_score_is_claimed(engine, placement_id):
    (learner,) = _learners(engine, placement_id, 1)
    _queue(engine, learner, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    older = _claim(engine, "dies", ttl=60)
    _queue(engine, learner, placement_id, CompletionState.PLAN_SUBMITTED)
    with Session(engine) as session, session.begin():
        session.execute(update(GradeDelivery).values(claim_expires=utcnow() - timedelta(seconds=1)))

    claimed = _claim(engine, "b")

    with Session(engine) as session:
        rows = {row.id: row for row in session.scalars(select(GradeDelivery))}
    assert claimed != older and rows[claimed[0]].state == "plan_submitted"
    assert rows[older[0]].status == "superseded"


def test_a_stalled_older_claim_holds_back_the_newer_score(engine, placement_id):
    (learner,) = _learners(engine, placement_id, 1)
    _queue(engine, learner, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    assert len(_claim(engine, "a", ttl=60)) == 1
    _queue(engine, learner, placement_id, CompletionState.PLAN_SUBMITTED)

    assert _claim(engine, "b") == []


def test_concurrent_claimers_never_share_a_row(engine, placement_id):
    learners = _learners(engine, placement_id, 120)
    for learner in learners:
        _queue(engine, learner, placement_id)
    claims: dict[str, list[int]] = {}
    start = threading.Barrier(6)

    def claimer(name: str) -> None:
        start.wait()
        mine = claims.setdefault(name, [])
        while batch := _claim(engine, name, limit=7):
            mine.extend(batch)

    threads = [threading.Thread(target=claimer, args=(f"sender-{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    counts = Counter(row_id for batch in claims.values() for row_id in batch)
    assert len(counts) == 120 and set(counts.values()) == {1}
    assert sum(1 for batch in claims.values() if batch) > 1, "the claimers really overlapped"
    with Session(engine) as session:
        owners = dict(session.execute(select(GradeDelivery.id, GradeDelivery.claimed_by)).all())
    assert all(owners[row_id] == name for name, ids in claims.items() for row_id in ids)


def test_a_newer_score_makes_the_claimant_give_up_the_older_one(engine, placement_id):
    (learner,) = _learners(engine, placement_id, 1)
    _queue(engine, learner, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    (row_id,) = _claim(engine, "a")
    _queue(engine, learner, placement_id, CompletionState.PLAN_SUBMITTED)

    with Session(engine) as session, session.begin():
        held = claims.hold(session, "a", [row_id], ttl=60)
        assert (held.grades, held.overtaken, held.lost) == ([], 1, 0)
    with Session(engine) as session:
        assert session.get(GradeDelivery, row_id).status == "superseded"


def test_retry_refuses_an_older_score(engine, placement_id):
    (learner,) = _learners(engine, placement_id, 1)
    _queue(engine, learner, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    _queue(engine, learner, placement_id, CompletionState.PLAN_SUBMITTED)
    with Session(engine) as session, session.begin():
        session.execute(update(GradeDelivery).values(status="failed"))
    with Session(engine) as session:
        older, newer = session.scalars(select(GradeDelivery.id).order_by(GradeDelivery.id))
        with pytest.raises(queue.RetryRefused, match="not the learner's newest"):
            queue.retry(session, older)
        assert queue.retry(session, newer).status == "pending"
