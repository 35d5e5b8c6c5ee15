"""After the window: who may read the report (the learner only once it is released; the learner's
manager or the named facilitator from the closing, to prepare the debrief), releasing it with
debrief notes, and the report itself, built from the shown groups' answers only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.assessments import Assessment, load_answers
from development_plans.db import utcnow
from development_plans.feedback.anonymity import RaterSheet, group_answers
from development_plans.feedback.errors import FeedbackError, NotAllowed
from development_plans.feedback.models import (
    DebriefNote,
    FeedbackRequest,
    Rater,
    RaterAnswer,
    RaterDimension,
    RequestState,
)
from development_plans.feedback.report import FeedbackReport, build_report
from development_plans.feedback.requesting import state_of, threshold_for
from development_plans.framework import Framework
from development_plans.people import Enrolment
from development_plans.team import team_member, team_of

NOTE_LIMIT = 4000


def releases(session: Session, request: FeedbackRequest, enrolment: Enrolment) -> bool:
    """True for the people who hold the debrief: the named facilitator, or (when none is named)
    a manager of the request's course whose team has the learner (a mentor only their mentees)."""
    if enrolment.course_id != request.course_id or not enrolment.active:
        return False
    if request.facilitator_id is not None:
        return enrolment.user_id == request.facilitator_id and enrolment.role.manages
    if not enrolment.role.manages:
        return False
    return team_member(session, team_of(enrolment), request.learner_id) is not None


def may_read_report(
    session: Session, request: FeedbackRequest, enrolment: Enrolment, now: datetime | None = None
) -> bool:
    """The learner once released; the person releasing from the closing on."""
    state = state_of(request, now)
    if state is RequestState.OPEN:
        return False
    if enrolment.user_id == request.learner_id and enrolment.course_id == request.course_id:
        return state is RequestState.RELEASED
    return releases(session, request, enrolment)


def release(
    session: Session,
    request: FeedbackRequest,
    enrolment: Enrolment,
    notes: list[tuple[str | None, str]],
    now: datetime | None = None,
) -> None:
    """Release the report to the learner at the debrief, with the debrief's notes (each an
    optional dimension id and its text)."""
    now = now or utcnow()
    if not releases(session, request, enrolment):
        raise NotAllowed("Only the learner's manager or the named facilitator can release this.")
    if state_of(request, now) is not RequestState.CLOSED:
        raise NotAllowed("The report can be released once the request has closed.")
    add_notes(session, request, enrolment, notes, now)
    request.state = RequestState.RELEASED.value
    request.closed_at = request.closed_at or request.closes_at
    request.released_at = now
    request.released_by_id = enrolment.user_id
    session.flush()


def add_notes(
    session: Session,
    request: FeedbackRequest,
    enrolment: Enrolment,
    notes: list[tuple[str | None, str]],
    now: datetime | None = None,
) -> None:
    """Keep the debrief's notes; empty ones are skipped."""
    if not releases(session, request, enrolment):
        raise NotAllowed("Only the learner's manager or the named facilitator can add notes.")
    for dimension_id, text in notes:
        text = text.strip()
        if not text:
            continue
        if len(text) > NOTE_LIMIT:
            raise FeedbackError(f"Keep each note to {NOTE_LIMIT} characters.")
        request.notes.append(
            DebriefNote(
                dimension_id=dimension_id or None,
                text=text,
                written_by_id=enrolment.user_id,
                created_at=now or utcnow(),
            )
        )
    session.flush()


def debrief_notes(session: Session, request_id: int | None) -> list[DebriefNote]:
    """The debrief notes of a request (none for a plan not drafted from one)."""
    if request_id is None:
        return []
    return list(
        session.scalars(
            select(DebriefNote).where(DebriefNote.request_id == request_id).order_by(DebriefNote.id)
        )
    )


def answered_sheets(session: Session, request: FeedbackRequest) -> list[RaterSheet]:
    """Every sent, not withdrawn, answer of the request as nameless sheets, in three queries."""
    raters = dict(
        session.execute(
            select(Rater.id, Rater.group_id).where(
                Rater.request_id == request.id,
                Rater.answered_at.is_not(None),
                Rater.revoked_at.is_(None),
            )
        ).all()
    )
    ratings: dict[int, dict[str, int | None]] = {rater_id: {} for rater_id in raters}
    importances: dict[int, dict[str, int]] = {rater_id: {} for rater_id in raters}
    comments: dict[int, dict[str, str]] = {rater_id: {} for rater_id in raters}
    if raters:
        for rater_id, behaviour_id, rating in session.execute(
            select(RaterAnswer.rater_id, RaterAnswer.behaviour_id, RaterAnswer.rating).where(
                RaterAnswer.rater_id.in_(list(raters))
            )
        ):
            ratings[rater_id][behaviour_id] = rating
        for rater_id, dimension_id, importance, comment in session.execute(
            select(
                RaterDimension.rater_id,
                RaterDimension.dimension_id,
                RaterDimension.importance,
                RaterDimension.comment,
            ).where(RaterDimension.rater_id.in_(list(raters)))
        ):
            if importance is not None:
                importances[rater_id][dimension_id] = importance
            if comment:
                comments[rater_id][dimension_id] = comment
    return [
        RaterSheet(group_id, ratings[rater_id], importances[rater_id], comments[rater_id])
        for rater_id, group_id in raters.items()
    ]


def report_for(session: Session, request: FeedbackRequest, framework: Framework) -> FeedbackReport:
    """The request's report: the learner's own answers against the shown groups'."""
    assessment = session.get(Assessment, request.assessment_id)
    if assessment is None:
        raise FeedbackError("The assessment this feedback was asked on no longer exists.")
    own = load_answers(session, assessment)
    grouping = group_answers(
        framework.rater_groups,
        answered_sheets(session, request),
        threshold_for(session, request.course_id),
    )
    return build_report(framework, grouping, own.ratings, own.importances)
