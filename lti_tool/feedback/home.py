"""The home page's 360 feedback section: the learner's own request, the invitations waiting for
the viewer's answers, and for managers the reports waiting for a debrief."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from development_plans import feedback as fb
from development_plans.assessments import current_assessment
from development_plans.db import utcnow
from lti_tool.auth import Viewer
from lti_tool.extensions import db
from lti_tool.home.sections import HomeSection


def _invitations(who: Viewer) -> list[fb.Rater]:
    """The viewer's invitations in this course still open and not yet sent."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(fb.Rater)
            .join(fb.FeedbackRequest, fb.Rater.request_id == fb.FeedbackRequest.id)
            .where(
                fb.Rater.user_id == who.user.id,
                fb.Rater.revoked_at.is_(None),
                fb.Rater.answered_at.is_(None),
                fb.FeedbackRequest.course_id == who.course.id,
                fb.FeedbackRequest.state == fb.RequestState.OPEN.value,
                fb.FeedbackRequest.closes_at > now,
            )
            .options(selectinload(fb.Rater.request).selectinload(fb.FeedbackRequest.learner))
            .order_by(fb.FeedbackRequest.closes_at)
        )
    )


def _to_debrief(who: Viewer) -> list[fb.FeedbackRequest]:
    """Closed requests, not yet released, whose debrief the viewer holds."""
    now = utcnow()
    waiting = db.session.scalars(
        select(fb.FeedbackRequest)
        .where(
            fb.FeedbackRequest.course_id == who.course.id,
            fb.FeedbackRequest.released_at.is_(None),
            fb.FeedbackRequest.release_mode == fb.ReleaseMode.AT_DEBRIEF.value,
            or_(
                fb.FeedbackRequest.state == fb.RequestState.CLOSED.value,
                fb.FeedbackRequest.closes_at <= now,
            ),
        )
        .options(selectinload(fb.FeedbackRequest.learner))
        .order_by(fb.FeedbackRequest.closes_at)
    )
    return [r for r in waiting if fb.releases(db.session, r, who.enrolment)]


def feedback_section(who: Viewer) -> HomeSection:
    """Everything 360 about the viewer, in a few queries."""
    data: dict = {"invitations": _invitations(who), "manager": who.manages}
    if who.manages:
        data["to_debrief"] = _to_debrief(who)
    else:
        assessment = current_assessment(db.session, who.user.id, who.course.id)
        own = assessment and fb.request_for_assessment(db.session, assessment.id)
        data.update(assessment=assessment, own=own, state=fb.state_of(own) if own else None)
    return HomeSection("feedback/_home_section.html", order=30, data=data)
