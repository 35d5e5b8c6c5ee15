"""Asking for feedback: a request on the learner's assessment, open until a closing date; raters
picked from the course or invited by email, each in one of the pack's groups; reminders and
revoked links; answered counts per group (never who); closing early."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from development_plans.assessments import Assessment
from development_plans.db import dialect_of, upsert, utcnow
from development_plans.feedback.anonymity import RaterSheet, effective_threshold, group_answers
from development_plans.feedback.errors import InvalidRater, NotAllowed, WindowClosed
from development_plans.feedback.models import (
    FeedbackRequest,
    FeedbackSettings,
    Rater,
    ReleaseMode,
    RequestState,
)
from development_plans.feedback.tokens import new_token
from development_plans.framework import Framework
from development_plans.people import Enrolment, User

#: The shortest and longest windows a learner may choose.
SHORTEST_WINDOW = timedelta(days=1)
LONGEST_WINDOW = timedelta(days=90)
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")


def settings_for(session: Session, course_id: int) -> FeedbackSettings:
    """The course's 360 settings (defaults when none were chosen; not added to the session)."""
    found = session.get(FeedbackSettings, course_id)
    return found or FeedbackSettings(
        course_id=course_id, min_group_size=3, release_mode=ReleaseMode.AT_DEBRIEF.value
    )


def save_settings(
    session: Session, course_id: int, *, min_group_size: int, release_mode: str
) -> None:
    """Keep the course's 360 settings (an upsert). Requests already open keep the release mode
    they started with, so nobody's debrief is taken away half-way."""
    if not 2 <= min_group_size <= 20:
        raise InvalidRater("Choose a smallest group between 2 and 20.", field="min_group_size")
    if release_mode not in {mode.value for mode in ReleaseMode}:
        raise InvalidRater("Choose how reports are released.", field="release_mode")
    row = {
        "course_id": course_id,
        "min_group_size": min_group_size,
        "release_mode": release_mode,
        "updated_at": utcnow(),
    }
    update = {k: (lambda new, k=k: new[k]) for k in row if k != "course_id"}
    statement = upsert(
        dialect_of(session), FeedbackSettings, conflict=("course_id",), update=update
    )
    session.connection().execute(statement, row)
    session.expire_all()


def due_reminders(
    session: Session, before: timedelta, now: datetime | None = None
) -> list[tuple[Rater, str | None]]:
    """The automatic reminder: raters who have not answered a request closing within
    ``before``, reminded once (a fresh link for people invited by email)."""
    now = now or utcnow()
    raters = session.scalars(
        select(Rater)
        .join(FeedbackRequest, Rater.request_id == FeedbackRequest.id)
        .where(
            FeedbackRequest.state == RequestState.OPEN.value,
            FeedbackRequest.closes_at > now,
            FeedbackRequest.closes_at <= now + before,
            Rater.answered_at.is_(None),
            Rater.revoked_at.is_(None),
        )
    ).all()
    due = []
    for rater in raters:
        if rater.reminded_at is not None and rater.reminded_at >= rater.request.closes_at - before:
            continue  # already reminded in this last stretch
        token = None
        if rater.external:
            token, rater.token_hash = new_token()
        rater.reminded_at = now
        due.append((rater, token))
    session.flush()
    return due


def released_on_closing(
    session: Session, within: timedelta, now: datetime | None = None
) -> list[FeedbackRequest]:
    """Requests of courses that release on closing whose window closed in the last ``within``:
    their learners are told the report is ready (once, by the mail's dedupe key)."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(FeedbackRequest).where(
                FeedbackRequest.release_mode == ReleaseMode.ON_CLOSING.value,
                FeedbackRequest.closes_at <= now,
                FeedbackRequest.closes_at > now - within,
            )
        )
    )


def threshold_for(session: Session, course_id: int) -> int:
    """The smallest group the course's reports show (never below 2)."""
    return effective_threshold(settings_for(session, course_id).min_group_size)


def state_of(request: FeedbackRequest, now: datetime | None = None) -> RequestState:
    """Where the request is now: an open request past its closing date is closed, and on a
    course that releases on closing, a closed one is released."""
    now = now or utcnow()
    state = RequestState(request.state)
    if state is RequestState.OPEN and now >= request.closes_at:
        state = RequestState.CLOSED
    if state is RequestState.CLOSED and request.release_mode == ReleaseMode.ON_CLOSING:
        state = RequestState.RELEASED
    return state


def require_open(request: FeedbackRequest, now: datetime | None = None) -> None:
    if state_of(request, now) is not RequestState.OPEN:
        raise WindowClosed()


def request_for_assessment(session: Session, assessment_id: int) -> FeedbackRequest | None:
    return session.scalar(
        select(FeedbackRequest).where(FeedbackRequest.assessment_id == assessment_id)
    )


def start_request(
    session: Session,
    *,
    learner: User,
    assessment: Assessment,
    framework: Framework,
    closes_at: datetime,
    now: datetime | None = None,
) -> FeedbackRequest:
    """Open a request for feedback on the learner's own assessment (started or submitted)."""
    now = now or utcnow()
    if assessment.user_id != learner.id:
        raise NotAllowed("You can ask for feedback only on your own assessment.")
    if not framework.rater_groups:
        raise NotAllowed("This framework does not define who can give 360 feedback.")
    if not now + SHORTEST_WINDOW <= closes_at <= now + LONGEST_WINDOW:
        raise InvalidRater(
            "Choose a closing date between tomorrow and 90 days from now.", field="closes"
        )
    if request_for_assessment(session, assessment.id) is not None:
        raise NotAllowed("You have already asked for feedback on this assessment.")
    settings = settings_for(session, assessment.course_id)
    request = FeedbackRequest(
        learner_id=learner.id,
        course_id=assessment.course_id,
        assessment_id=assessment.id,
        framework_id=framework.id,
        framework_version=framework.version,
        closes_at=closes_at,
        state=RequestState.OPEN.value,
        release_mode=settings.release_mode,
        created_at=now,
    )
    request.learner = learner
    session.add(request)
    session.flush()
    return request


def _check_group(framework: Framework, group_id: str) -> None:
    if group_id not in {group.id for group in framework.rater_groups}:
        raise InvalidRater("Choose which group this person is in.", field="group")


def _insert_rater(session: Session, row: dict, conflict: str) -> Rater:
    """Insert the rater unless this person was already asked (conflict-safe)."""
    statement = upsert(dialect_of(session), Rater, conflict=("request_id", conflict))
    rater_id = session.connection().execute(statement.returning(Rater.id), row).scalar()
    if rater_id is None:
        raise InvalidRater("This person has already been asked.", field=conflict)
    return session.get(Rater, rater_id)


def add_member_rater(
    session: Session,
    request: FeedbackRequest,
    framework: Framework,
    *,
    user_id: int,
    group_id: str,
    now: datetime | None = None,
) -> Rater:
    """Ask a member of the request's course for feedback."""
    now = now or utcnow()
    require_open(request, now)
    _check_group(framework, group_id)
    if user_id == request.learner_id:
        raise InvalidRater("Your own view is your self-assessment.", field="user")
    member = session.scalar(
        select(Enrolment.id).where(
            Enrolment.user_id == user_id,
            Enrolment.course_id == request.course_id,
            Enrolment.active.is_(True),
        )
    )
    if member is None:
        raise InvalidRater("Choose someone listed in this course.", field="user")
    row = {
        "request_id": request.id,
        "group_id": group_id,
        "user_id": user_id,
        "invited_at": now,
        "updated_at": now,
    }
    return _insert_rater(session, row, "user_id")


def add_external_rater(
    session: Session,
    request: FeedbackRequest,
    framework: Framework,
    *,
    email: str,
    name: str,
    group_id: str,
    now: datetime | None = None,
) -> tuple[Rater, str]:
    """Invite someone by email; returns the rater and the token for their link (sent to them
    and never stored)."""
    now = now or utcnow()
    require_open(request, now)
    _check_group(framework, group_id)
    email = email.strip().lower()
    name = " ".join(name.split())
    if not _EMAIL.match(email) or len(email) > 254:
        raise InvalidRater("Enter an email address like name@example.nhs.uk.", field="email")
    if not name or len(name) > 200:
        raise InvalidRater("Enter the person's name (up to 200 characters).", field="name")
    if email == (request.learner.email or "").lower():
        raise InvalidRater("Your own view is your self-assessment.", field="email")
    token, hashed = new_token()
    row = {
        "request_id": request.id,
        "group_id": group_id,
        "email": email,
        "name": name,
        "token_hash": hashed,
        "invited_at": now,
        "updated_at": now,
    }
    return _insert_rater(session, row, "email"), token


def remind(
    session: Session, request: FeedbackRequest, now: datetime | None = None
) -> list[tuple[Rater, str | None]]:
    """Everyone who has not answered yet, to remind: for people invited by email a fresh link
    (the token is never stored, so the old one is replaced; answers saved so far are kept)."""
    now = now or utcnow()
    require_open(request, now)
    reminded = []
    for rater in request.raters:
        if rater.answered_at is not None or rater.revoked_at is not None:
            continue
        token = None
        if rater.external:
            token, rater.token_hash = new_token()
        rater.reminded_at = now
        reminded.append((rater, token))
    session.flush()
    return reminded


def revoke(
    session: Session, request: FeedbackRequest, rater: Rater, now: datetime | None = None
) -> None:
    """Withdraw a rater's invitation: their link opens nothing and their answers do not count."""
    now = now or utcnow()
    require_open(request, now)
    if rater.request_id != request.id:
        raise NotAllowed("This person was not asked on this request.")
    rater.revoked_at = now  # the hash stays, so the link can say it was withdrawn
    rater.updated_at = now
    session.flush()


@dataclass(frozen=True)
class GroupCount:
    """How many of a group were asked and how many answered; never who."""

    group_id: str
    name: str
    asked: int
    answered: int


def group_counts(
    session: Session, request: FeedbackRequest, framework: Framework
) -> list[GroupCount]:
    """Asked and answered per group, in pack order, counting only raters not revoked."""
    rows = session.execute(
        select(Rater.group_id, func.count(Rater.id), func.count(Rater.answered_at))
        .where(Rater.request_id == request.id, Rater.revoked_at.is_(None))
        .group_by(Rater.group_id)
    ).all()
    counts = {group_id: (asked, answered) for group_id, asked, answered in rows}
    return [
        GroupCount(group.id, group.name, *counts.get(group.id, (0, 0)))
        for group in framework.rater_groups
    ]


def may_close_early(counts: list[GroupCount], framework: Framework, threshold: int) -> bool:
    """True when every group that has answers would be shown (alone or folded) and at least
    one is: closing then loses nothing to the anonymity rule."""
    placeholders = [RaterSheet(c.group_id) for c in counts for _ in range(c.answered)]
    grouping = group_answers(framework.rater_groups, placeholders, threshold)
    return bool(grouping.shown) and not grouping.left_out


def close_early(
    session: Session,
    request: FeedbackRequest,
    framework: Framework,
    now: datetime | None = None,
) -> None:
    """Close the request before its date, once every group shown has enough answers."""
    now = now or utcnow()
    require_open(request, now)
    counts = group_counts(session, request, framework)
    if not may_close_early(counts, framework, threshold_for(session, request.course_id)):
        raise NotAllowed(
            "You can close early once every group that has answered has enough answers to be shown."
        )
    request.state = RequestState.CLOSED.value
    request.closed_at = now
    session.flush()
